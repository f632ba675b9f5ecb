package module

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestMode_CleanModule(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/go.mod").
		File("/work/go.mod", "module example.com/m\n\ngo 1.26\n")
	r := checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Clean(t, r, "/work/go.mod")
}

func TestMode_OffWithGoModIsError(t *testing.T) {
	fake := testMachine(t, "GOMOD=").
		Export("GO111MODULE=off").
		File("/work/go.mod", "module example.com/m\n\ngo 1.26\n").
		Dir("/work/sub")
	r := checktest.Run(t, Mode, fake, facts.Options{Dir: "/work/sub"})
	fd := checktest.Only(t, r, check.Error,
		"GO111MODULE=off (environment variable)", "/work/go.mod",
		"modules are disabled by GO111MODULE=off", "toolchain", "unset GO111MODULE")
	// The go command could not be asked which imports fail: nothing is
	// quoted as if it had been.
	if strings.Contains(fd.Detail, "cannot find package") {
		t.Errorf("quotes an error the go command did not print: %s", fd.Detail)
	}
}

func TestMode_OffFromEnvFileSaysSo(t *testing.T) {
	fake := testMachine(t, "GOMOD=", "GO111MODULE=off").
		File("/home/u/.config/go/env", "GO111MODULE=off\n").
		File("/work/go.mod", "module example.com/m\n")
	r := checktest.Run(t, Mode, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go env -w file /home/u/.config/go/env")
	if len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != "go env -u GO111MODULE" {
		t.Errorf("fix = %+v", fd.Fix)
	}
}

func TestMode_OffWithoutGoModIsWarning(t *testing.T) {
	fake := testMachine(t, "GOMOD=").
		Export("GO111MODULE=off")
	r := checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Only(t, r, check.Warning, "legacy GOPATH mode", "go: modules disabled by GO111MODULE=off")
}

func TestMode_AutoInModuleIsInfo(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/go.mod").
		Export("GO111MODULE=auto").
		File("/work/go.mod", "module example.com/m\n")
	r := checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "GO111MODULE=auto (environment variable) is obsolete", "GOPATH mode")
}

func TestMode_AutoOutsideModuleIsInfo(t *testing.T) {
	fake := testMachine(t, "GOMOD=").
		Export("GO111MODULE=auto")
	r := checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "not inside a Go module", "GOPATH mode", "go mod init")
}

func TestMode_NoModuleIsInfo(t *testing.T) {
	fake := testMachine(t) // GOMOD=/dev/null
	r := checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Only(t, r, check.Info,
		"not inside a Go module",
		"go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
		"go mod init")
}

func TestMode_NoModuleInGitRepoQuotesGitMessage(t *testing.T) {
	fake := testMachine(t).
		File("/work/.git/config", "[core]\n").
		Dir("/work/cmd/x")
	r := checktest.Run(t, Mode, fake, facts.Options{Dir: "/work/cmd/x"})
	fd := checktest.Only(t, r, check.Info,
		"go: cannot find main module, but found .git/config in /work",
		"cd ../.. && go mod init")
	if fd.Fix.Commands[0] != "cd ../.. && go mod init example.com/yourmodule" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestMode_NoModuleOnWindowsUsesNUL(t *testing.T) {
	fake := factstest.NewMachine(t).Windows().
		Path(`C:\Go\bin`)
	fake.Go("C:/Go", "go1.26.8") // GOMOD=NUL
	r := checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "not inside a Go module")
}

func TestMode_WorkspaceRootIsNotAProblem(t *testing.T) {
	fake := testMachine(t, "GOWORK=/work/go.work").
		File("/work/go.work", "go 1.26\n\nuse ./a\n")
	r := checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Clean(t, r)
}

func TestMode_GoModInGOPATHIsError(t *testing.T) {
	fake := testMachine(t, "GOMOD=/work/go.mod").
		File("/work/go.mod", "module example.com/m\n").
		File("/home/u/go/go.mod", "module oops\n")
	r := checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Only(t, r, check.Error,
		"go: warning: ignoring go.mod in $GOPATH /home/u/go",
		"go mod tidy", "mv /home/u/go/go.mod /home/u/go/go.mod.bak")
}

func TestMode_GoModInTempRoot(t *testing.T) {
	// GOMOD is the null device: the go command ignored /tmp/go.mod.
	fake := testMachine(t).
		File("/tmp/go.mod", "module scratch\n").
		Dir("/tmp/proj")
	r := checktest.Run(t, Mode, fake, facts.Options{Dir: "/tmp/proj"})
	checktest.Only(t, r, check.Warning, "go: warning: ignoring go.mod in system temp root /tmp", "go.mod file not found")

	r = checktest.Run(t, Mode, fake, facts.Options{Dir: "/tmp"})
	checktest.Only(t, r, check.Error, "/tmp/go.mod")
}

func TestMode_TempRootFollowsTMPDIR(t *testing.T) {
	fake := testMachine(t).
		Export("TMPDIR=/var/tmp/me")
	fake.File("/tmp/go.mod", "module scratch\n") // not the temp root any more
	fake.Dir("/tmp/proj")
	r := checktest.Run(t, Mode, fake, facts.Options{Dir: "/tmp/proj"})
	checktest.Clean(t, r) // GOMOD says no module, but /tmp is not the temp root
}

func TestMode_ModuleRootedAtHomeIsWarning(t *testing.T) {
	fake := testMachine(t, "GOMOD=/home/u/go.mod").
		File("/home/u/go.mod", "module home\n").
		Dir("/home/u/proj")
	r := checktest.Run(t, Mode, fake, facts.Options{Dir: "/home/u/proj"})
	checktest.Only(t, r, check.Warning, "rooted at your home directory", "mv /home/u/go.mod")
}

func TestMode_GoEnvFailureSkips(t *testing.T) {
	fake := testMachine(t).
		Command("/usr/local/go/bin/go", factstest.Failure(1, "go: unknown environment setting GO111MODULE=nope\n"))
	r := checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Skipped(t, r)
	// Unless GO111MODULE itself is what the go command refuses.
	fake.Export("GO111MODULE=bogus").
		Command("/usr/local/go/bin/go", factstest.Failure(1, "go: unknown environment setting GO111MODULE=bogus\n"))
	r = checktest.Run(t, Mode, fake, facts.Options{})
	checktest.Only(t, r, check.Error, "GO111MODULE=bogus (environment variable)", "go: unknown environment setting GO111MODULE=bogus", "unset GO111MODULE")
}

func TestMode_RealGo(t *testing.T) {
	dir := testRealGo(t)
	mod := filepath.Join(dir, "m")
	testWrite(t, filepath.Join(mod, "go.mod"), "module example.com/m\n\ngo 1.26\n")

	r := checktest.Run(t, Mode, facts.System{}, testRealOptions(mod))
	checktest.Clean(t, r)

	// Modules off, standard library only: builds work (issue 12, item 10).
	t.Setenv("GO111MODULE", "off")
	testWrite(t, filepath.Join(mod, "main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }\n")
	r = checktest.Run(t, Mode, facts.System{}, testRealOptions(mod))
	checktest.Only(t, r, check.Warning, "GO111MODULE=off (environment variable)", filepath.Join(mod, "go.mod"), "works here only because")
	// An import of the module's own package: the go command's own error.
	testWrite(t, filepath.Join(mod, "main.go"), "package main\n\nimport \"example.com/m/sub\"\n\nfunc main() { println(sub.X) }\n")
	testWrite(t, filepath.Join(mod, "sub", "sub.go"), "package sub\n\nconst X = 1\n")
	r = checktest.Run(t, Mode, facts.System{}, testRealOptions(mod))
	fd := checktest.Only(t, r, check.Error, "`go build ./...` fails")
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("go build ./... in GOPATH mode worked")
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !strings.Contains(fd.Detail, strings.TrimSpace(line)) {
			t.Errorf("finding does not quote %q:\n%s", line, fd.Detail)
		}
	}
	t.Setenv("GO111MODULE", "")
	os.RemoveAll(filepath.Join(mod, "sub"))
	os.Remove(filepath.Join(mod, "main.go"))

	// go.mod in the temp root: the real go reports GOMOD=/dev/null.
	tmp := filepath.Join(dir, "tmp")
	testWrite(t, filepath.Join(tmp, "go.mod"), "module scratch\n")
	testWrite(t, filepath.Join(tmp, "proj", "x.txt"), "")
	r = checktest.Run(t, Mode, facts.System{}, testRealOptions(filepath.Join(tmp, "proj")))
	checktest.Only(t, r, check.Warning, "ignoring go.mod in system temp root "+tmp)

	// go.mod directly in GOPATH.
	gopath := filepath.Join(dir, "gopath")
	t.Setenv("GOPATH", gopath)
	testWrite(t, filepath.Join(gopath, "go.mod"), "module oops\n")
	r = checktest.Run(t, Mode, facts.System{}, testRealOptions(mod))
	checktest.Only(t, r, check.Error, "ignoring go.mod in $GOPATH "+gopath)
}

package checks

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// moduleModeTestFake is a Linux machine with go1.26.8 on PATH, HOME=/home/u
// and the project directory /work; goenv overrides what go env prints.
func moduleModeTestFake(t *testing.T, goenv ...string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin", "/usr/bin").
		Go("/usr/local/go", "go1.26.8", goenv...)
}

func TestModuleMode_CleanModule(t *testing.T) {
	fake := moduleModeTestFake(t, "GOMOD=/work/go.mod").
		File("/work/go.mod", "module example.com/m\n\ngo 1.26\n")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Clean(t, r, "/work/go.mod")
}

func TestModuleMode_OffWithGoModIsError(t *testing.T) {
	fake := moduleModeTestFake(t, "GOMOD=").
		Export("GO111MODULE=off").
		File("/work/go.mod", "module example.com/m\n\ngo 1.26\n").
		Dir("/work/sub")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/work/sub"})
	fd := checktest.Only(t, r, check.Error,
		"GO111MODULE=off (environment variable)", "/work/go.mod",
		"go: modules disabled by GO111MODULE=off; see 'go help modules'",
		"cannot find package", "(from $GOPATH)", "toolchain", "unset GO111MODULE")
	_ = fd
}

func TestModuleMode_OffFromEnvFileSaysSo(t *testing.T) {
	fake := moduleModeTestFake(t, "GOMOD=", "GO111MODULE=off").
		File("/home/u/.config/go/env", "GO111MODULE=off\n").
		File("/work/go.mod", "module example.com/m\n")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go env -w file /home/u/.config/go/env")
	if len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != "go env -u GO111MODULE" {
		t.Errorf("fix = %+v", fd.Fix)
	}
}

func TestModuleMode_OffWithoutGoModIsWarning(t *testing.T) {
	fake := moduleModeTestFake(t, "GOMOD=").
		Export("GO111MODULE=off")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Warning, "legacy GOPATH mode", "go: modules disabled by GO111MODULE=off")
}

func TestModuleMode_AutoInModuleIsInfo(t *testing.T) {
	fake := moduleModeTestFake(t, "GOMOD=/work/go.mod").
		Export("GO111MODULE=auto").
		File("/work/go.mod", "module example.com/m\n")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "GO111MODULE=auto (environment variable) is obsolete", "GOPATH mode")
}

func TestModuleMode_AutoOutsideModuleIsInfo(t *testing.T) {
	fake := moduleModeTestFake(t, "GOMOD=").
		Export("GO111MODULE=auto")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "not inside a Go module", "GOPATH mode", "go mod init")
}

func TestModuleMode_NoModuleIsInfo(t *testing.T) {
	fake := moduleModeTestFake(t) // GOMOD=/dev/null
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Info,
		"not inside a Go module",
		"go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
		"go mod init")
}

func TestModuleMode_NoModuleInGitRepoQuotesGitMessage(t *testing.T) {
	fake := moduleModeTestFake(t).
		File("/work/.git/config", "[core]\n").
		Dir("/work/cmd/x")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/work/cmd/x"})
	fd := checktest.Only(t, r, check.Info,
		"go: cannot find main module, but found .git/config in /work",
		"cd ../.. && go mod init")
	if fd.Fix.Commands[0] != "cd ../.. && go mod init example.com/yourmodule" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestModuleMode_NoModuleOnWindowsUsesNUL(t *testing.T) {
	fake := factstest.NewMachine(t).Windows().
		Path(`C:\Go\bin`)
	fake.Go("C:/Go", "go1.26.8") // GOMOD=NUL
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "not inside a Go module")
}

func TestModuleMode_WorkspaceRootIsNotAProblem(t *testing.T) {
	fake := moduleModeTestFake(t, "GOWORK=/work/go.work").
		File("/work/go.work", "go 1.26\n\nuse ./a\n")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Clean(t, r)
}

func TestModuleMode_GoModInGOPATHIsError(t *testing.T) {
	fake := moduleModeTestFake(t, "GOMOD=/work/go.mod").
		File("/work/go.mod", "module example.com/m\n").
		File("/home/u/go/go.mod", "module oops\n")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Error,
		"go: warning: ignoring go.mod in $GOPATH /home/u/go",
		"go mod tidy", "mv /home/u/go/go.mod /home/u/go/go.mod.bak")
}

func TestModuleMode_GoModInTempRoot(t *testing.T) {
	// GOMOD is the null device: the go command ignored /tmp/go.mod.
	fake := moduleModeTestFake(t).
		File("/tmp/go.mod", "module scratch\n").
		Dir("/tmp/proj")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/tmp/proj"})
	checktest.Only(t, r, check.Warning, "go: warning: ignoring go.mod in system temp root /tmp", "go.mod file not found")

	r = checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/tmp"})
	checktest.Only(t, r, check.Error, "/tmp/go.mod")
}

func TestModuleMode_TempRootFollowsTMPDIR(t *testing.T) {
	fake := moduleModeTestFake(t).
		Export("TMPDIR=/var/tmp/me")
	fake.File("/tmp/go.mod", "module scratch\n") // not the temp root any more
	fake.Dir("/tmp/proj")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/tmp/proj"})
	checktest.Clean(t, r) // GOMOD says no module, but /tmp is not the temp root
}

func TestModuleMode_ModuleRootedAtHomeIsWarning(t *testing.T) {
	fake := moduleModeTestFake(t, "GOMOD=/home/u/go.mod").
		File("/home/u/go.mod", "module home\n").
		Dir("/home/u/proj")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/home/u/proj"})
	checktest.Only(t, r, check.Warning, "rooted at your home directory", "mv /home/u/go.mod")
}

func TestModuleMode_GoEnvFailureSkips(t *testing.T) {
	fake := moduleModeTestFake(t).
		Command("/usr/local/go/bin/go", factstest.Failure(1, "go: unknown environment setting GO111MODULE=bogus\n"))
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Skipped(t, r)
}

// moduleModeTestReal prepares the real go (/usr/local/go/bin/go) with a
// hermetic configuration; it returns a fresh temporary directory.
func moduleModeTestReal(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/local/go/bin/go"); err != nil {
		t.Skip("no real go at /usr/local/go/bin/go")
	}
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("GOENV", "off")
	t.Setenv("GOFLAGS", "")
	t.Setenv("GO111MODULE", "")
	t.Setenv("GOWORK", "")
	t.Setenv("GOPATH", "")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("TMPDIR", filepath.Join(dir, "tmp"))
	t.Setenv("PATH", "/usr/local/go/bin"+string(os.PathListSeparator)+os.Getenv("PATH"))
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func moduleModeTestWrite(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestModuleMode_RealGo(t *testing.T) {
	dir := moduleModeTestReal(t)
	mod := filepath.Join(dir, "m")
	moduleModeTestWrite(t, filepath.Join(mod, "go.mod"), "module example.com/m\n\ngo 1.26\n")

	r := checktest.Run(t, ModuleMode, facts.System{}, facts.Options{Dir: mod})
	checktest.Clean(t, r)

	t.Setenv("GO111MODULE", "off")
	r = checktest.Run(t, ModuleMode, facts.System{}, facts.Options{Dir: mod})
	checktest.Only(t, r, check.Error, "GO111MODULE=off (environment variable)", filepath.Join(mod, "go.mod"))
	t.Setenv("GO111MODULE", "")

	// go.mod in the temp root: the real go reports GOMOD=/dev/null.
	tmp := filepath.Join(dir, "tmp")
	moduleModeTestWrite(t, filepath.Join(tmp, "go.mod"), "module scratch\n")
	moduleModeTestWrite(t, filepath.Join(tmp, "proj", "x.txt"), "")
	r = checktest.Run(t, ModuleMode, facts.System{}, facts.Options{Dir: filepath.Join(tmp, "proj")})
	checktest.Only(t, r, check.Warning, "ignoring go.mod in system temp root "+tmp)

	// go.mod directly in GOPATH.
	gopath := filepath.Join(dir, "gopath")
	t.Setenv("GOPATH", gopath)
	moduleModeTestWrite(t, filepath.Join(gopath, "go.mod"), "module oops\n")
	r = checktest.Run(t, ModuleMode, facts.System{}, facts.Options{Dir: mod})
	checktest.Only(t, r, check.Error, "ignoring go.mod in $GOPATH "+gopath)
}

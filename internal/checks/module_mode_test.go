package checks

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// moduleModeTestFake is a Linux machine with go1.26.8 on PATH, HOME=/home/u
// and the project directory /work; vars override `go env` answers.
func moduleModeTestFake(vars map[string]string) *factstest.OS {
	fake := factstest.New()
	fake.Setenv("HOME", "/home/u")
	fake.Setenv("PATH", "/usr/local/go/bin:/usr/bin")
	fake.AddDir("/home/u")
	fake.AddGo("/usr/local/go", "go1.26.8", vars)
	return fake
}

func moduleModeTestClean(t *testing.T, r checktest.Result) {
	t.Helper()
	if r.Err != nil || r.SkipReason != "" || len(r.Findings) != 0 {
		t.Fatalf("want no finding, got err=%v skip=%q findings=%+v", r.Err, r.SkipReason, r.Findings)
	}
	if r.Summary == "" {
		t.Errorf("no Observe summary")
	}
}

func TestModuleMode_CleanModule(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/work/go.mod"})
	fake.AddFile("/work/go.mod", "module example.com/m\n\ngo 1.26\n", 0)
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	moduleModeTestClean(t, r)
	if !strings.Contains(r.Summary, "/work/go.mod") {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestModuleMode_OffWithGoModIsError(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": ""})
	fake.Setenv("GO111MODULE", "off")
	fake.AddFile("/work/go.mod", "module example.com/m\n\ngo 1.26\n", 0)
	fake.AddDir("/work/sub")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/work/sub"})
	fd := checktest.Only(t, r, check.Error,
		"GO111MODULE=off (environment variable)", "/work/go.mod",
		"go: modules disabled by GO111MODULE=off; see 'go help modules'",
		"cannot find package", "(from $GOPATH)", "toolchain", "unset GO111MODULE")
	_ = fd
}

func TestModuleMode_OffFromEnvFileSaysSo(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "", "GO111MODULE": "off"})
	fake.AddFile("/home/u/.config/go/env", "GO111MODULE=off\n", 0)
	fake.AddFile("/work/go.mod", "module example.com/m\n", 0)
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "go env -w file /home/u/.config/go/env")
	if len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != "go env -u GO111MODULE" {
		t.Errorf("fix = %+v", fd.Fix)
	}
}

func TestModuleMode_OffWithoutGoModIsWarning(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": ""})
	fake.Setenv("GO111MODULE", "off")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Warning, "legacy GOPATH mode", "go: modules disabled by GO111MODULE=off")
}

func TestModuleMode_AutoInModuleIsInfo(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/work/go.mod"})
	fake.Setenv("GO111MODULE", "auto")
	fake.AddFile("/work/go.mod", "module example.com/m\n", 0)
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "GO111MODULE=auto (environment variable) is obsolete", "GOPATH mode")
}

func TestModuleMode_AutoOutsideModuleIsInfo(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": ""})
	fake.Setenv("GO111MODULE", "auto")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "not inside a Go module", "GOPATH mode", "go mod init")
}

func TestModuleMode_NoModuleIsInfo(t *testing.T) {
	fake := moduleModeTestFake(nil) // GOMOD=/dev/null
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Info,
		"not inside a Go module",
		"go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
		"go mod init")
}

func TestModuleMode_NoModuleInGitRepoQuotesGitMessage(t *testing.T) {
	fake := moduleModeTestFake(nil)
	fake.AddFile("/work/.git/config", "[core]\n", 0)
	fake.AddDir("/work/cmd/x")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/work/cmd/x"})
	fd := checktest.Only(t, r, check.Info,
		"go: cannot find main module, but found .git/config in /work",
		"cd ../.. && go mod init")
	if fd.Fix.Commands[0] != "cd ../.. && go mod init example.com/yourmodule" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestModuleMode_NoModuleOnWindowsUsesNUL(t *testing.T) {
	fake := factstest.New()
	fake.OSName = "windows"
	fake.Wd = "C:/work"
	fake.AddDir("C:/work")
	fake.AddDir("C:/Users/u")
	fake.Setenv("USERPROFILE", "C:/Users/u")
	fake.Setenv("PATH", `C:\Go\bin`)
	fake.AddGo("C:/Go", "go1.26.8", nil) // GOMOD=NUL
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Info, "not inside a Go module")
}

func TestModuleMode_WorkspaceRootIsNotAProblem(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOWORK": "/work/go.work"})
	fake.AddFile("/work/go.work", "go 1.26\n\nuse ./a\n", 0)
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	moduleModeTestClean(t, r)
}

func TestModuleMode_GoModInGOPATHIsError(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/work/go.mod"})
	fake.AddFile("/work/go.mod", "module example.com/m\n", 0)
	fake.AddFile("/home/u/go/go.mod", "module oops\n", 0)
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	checktest.Only(t, r, check.Error,
		"go: warning: ignoring go.mod in $GOPATH /home/u/go",
		"go mod tidy", "mv /home/u/go/go.mod /home/u/go/go.mod.bak")
}

func TestModuleMode_GoModInTempRoot(t *testing.T) {
	// GOMOD is the null device: the go command ignored /tmp/go.mod.
	fake := moduleModeTestFake(nil)
	fake.AddFile("/tmp/go.mod", "module scratch\n", 0)
	fake.AddDir("/tmp/proj")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/tmp/proj"})
	checktest.Only(t, r, check.Warning, "go: warning: ignoring go.mod in system temp root /tmp", "go.mod file not found")

	r = checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/tmp"})
	checktest.Only(t, r, check.Error, "/tmp/go.mod")
}

func TestModuleMode_TempRootFollowsTMPDIR(t *testing.T) {
	fake := moduleModeTestFake(nil)
	fake.Setenv("TMPDIR", "/var/tmp/me")
	fake.AddFile("/tmp/go.mod", "module scratch\n", 0) // not the temp root any more
	fake.AddDir("/tmp/proj")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/tmp/proj"})
	if len(r.Findings) != 0 {
		t.Fatalf("want no finding (GOMOD says no module but /tmp is not the temp root): %+v", r.Findings)
	}
}

func TestModuleMode_ModuleRootedAtHomeIsWarning(t *testing.T) {
	fake := moduleModeTestFake(map[string]string{"GOMOD": "/home/u/go.mod"})
	fake.AddFile("/home/u/go.mod", "module home\n", 0)
	fake.AddDir("/home/u/proj")
	r := checktest.Run(t, ModuleMode, fake, facts.Options{Dir: "/home/u/proj"})
	checktest.Only(t, r, check.Warning, "rooted at your home directory", "mv /home/u/go.mod")
}

func TestModuleMode_GoEnvFailureSkips(t *testing.T) {
	fake := moduleModeTestFake(nil)
	fake.AddCommand("/usr/local/go/bin/go", func(ctx context.Context, c facts.Command) facts.Result {
		return factstest.Failure(1, "go: unknown environment setting GO111MODULE=bogus\n")
	})
	r := checktest.Run(t, ModuleMode, fake, facts.Options{})
	if r.SkipReason == "" {
		t.Fatalf("want skip, got %+v", r)
	}
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
	moduleModeTestClean(t, r)

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

package tools

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
	"github.com/godx-dev/godx/internal/facts/toolbintest"
	"github.com/godx-dev/godx/internal/toolversion"
)

// goplsTNew is a fake machine: go (goVersion) first on PATH, GOBIN
// /home/u/go/bin also on PATH, and a module whose go.mod says goMod.
func goplsTNew(t *testing.T, goVersion, goMod string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin", "/home/u/go/bin", "/usr/bin").
		Go("/usr/local/go", goVersion, "GOMOD=/work/go.mod").
		File("/work/go.mod", goMod)
}

// goplsTAdd puts a gopls (release, built with goVersion) at path.
func goplsTAdd(t *testing.T, o *factstest.Machine, path, release, goVersion string, opts ...toolbintest.Option) {
	t.Helper()
	o.Executable(path, string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", release, goVersion, opts...)))
}

func goplsTRun(t *testing.T, o facts.OS) checktest.Result {
	t.Helper()
	return checktest.Run(t, Gopls, o, facts.Options{Offline: true})
}

func TestGopls_CleanEnvironment(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	goplsTAdd(t, o, "/home/u/go/bin/gopls", "v0.22.0", "go1.26.8")
	r := goplsTRun(t, o)
	checktest.Clean(t, r, "gopls v0.22.0 built with go1.26.8; project Go 1.26")
}

func TestGopls_NewerBuildGoIsFine(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	goplsTAdd(t, o, "/home/u/go/bin/gopls", "v0.23.1", "go1.27.4")
	checktest.Clean(t, goplsTRun(t, o)) // gopls built with a newer Go
}

func TestGopls_NotInstalledIsSkipped(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	checktest.Skipped(t, goplsTRun(t, o), "gopls is not installed")
}

func TestGopls_BuiltWithOlderGoIsError(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	goplsTAdd(t, o, "/home/u/go/bin/gopls", "v0.20.0", "go1.24.2")
	r := goplsTRun(t, o)
	// Also predates the go command, but one finding carries one fix.
	fd := checktest.Only(t, r, check.Error,
		"gopls v0.20.0 at /home/u/go/bin/gopls was built with go1.24.2, older than the Go 1.26 this project targets (go.mod go line)",
		"42 is not a type", "project Go (go.mod go line in /work/go.mod): 1.26", "built for: linux/amd64",
		"GOTOOLCHAIN=go1.27.0+auto go install golang.org/x/tools/gopls@latest")
	if len(fd.Fix.Commands) != 1 {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

func TestGopls_ToolchainLineCounts(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n\ntoolchain go1.27.1\n")
	goplsTAdd(t, o, "/home/u/go/bin/gopls", "v0.22.0", "go1.26.8")
	r := goplsTRun(t, o)
	checktest.Only(t, r, check.Error, "built with go1.26.8, older than the Go 1.27.1 this project targets (go.mod toolchain line)",
		"GOTOOLCHAIN=go1.27.1+auto go install golang.org/x/tools/gopls@latest")
}

func TestGopls_DevelBuildStillChecked(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.25.0\n")
	goplsTAdd(t, o, "/home/u/go/bin/gopls", "(devel)", "go1.21.0", toolbintest.NoSettings())
	r := goplsTRun(t, o)
	fd := checktest.Only(t, r, check.Error, "gopls (devel)", "built with go1.21.0, older than the Go 1.25.0")
	for _, e := range fd.Evidence {
		if e.Key == "built for" {
			t.Errorf("a binary without build settings has no GOOS/GOARCH: %v", e)
		}
	}
}

func TestGopls_OlderThanGoCommandIsWarning(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	goplsTAdd(t, o, "/home/u/go/bin/gopls", "v0.20.0", "go1.26.8")
	r := goplsTRun(t, o)
	checktest.Only(t, r, check.Warning, "gopls v0.20.0 at /home/u/go/bin/gopls predates the go command on PATH (1.26.8): it supports go commands up to Go 1.25",
		"go.dev/s/gopls-support-policy", "GOTOOLCHAIN=go1.27.0+auto go install golang.org/x/tools/gopls@latest")

	// v0.21 was released for Go 1.25 and is taken to support 1.26: no alarm.
	o = goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	goplsTAdd(t, o, "/home/u/go/bin/gopls", "v0.21.1", "go1.26.8")
	checktest.Clean(t, goplsTRun(t, o)) // v0.21.1 with go1.26
}

func TestGopls_TooNewForOldGoCommand(t *testing.T) {
	o := goplsTNew(t, "go1.24.3", "module example.com/m\n\ngo 1.22\n")
	goplsTAdd(t, o, "/home/u/go/bin/gopls", "v0.24.0", "go1.27.4")
	r := goplsTRun(t, o)
	checktest.Only(t, r, check.Warning, "does not support the go command on PATH (1.24.3): it supports only Go 1.26 and 1.27",
		"install v0.21.0, the newest gopls release that supports it",
		"GOTOOLCHAIN=go1.25.0+auto go install golang.org/x/tools/gopls@v0.21.0")
}

func TestGopls_EveryCopyIsChecked(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	goplsTAdd(t, o, "/home/u/go/bin/gopls", "v0.22.0", "go1.26.8")
	goplsTAdd(t, o, "/usr/bin/gopls", "v0.21.0", "go1.25.1")
	r := goplsTRun(t, o)
	// Shadowed by the first copy on PATH: a note, since nothing here runs it.
	fd := checktest.Only(t, r, check.Info, "/usr/bin/gopls", "built with go1.25.1", "the shell runs /home/u/go/bin/gopls instead")
	if !strings.Contains(checktest.Text(fd), "found: PATH\n") {
		t.Errorf("second copy on PATH is not the one a shell runs:\n%s", checktest.Text(fd))
	}
}

func TestGopls_VSCodeMissingPathIsWarning(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n").
		Dir("/work/.git")
	o.File("/work/.vscode/settings.json", `{
	// gopls from the repository
	"go.alternateTools": {"gopls": "${workspaceFolder}/bin/gopls",},
}`)
	r := goplsTRun(t, o)
	checktest.Only(t, r, check.Warning, "VS Code is set to run gopls from /work/bin/gopls, which does not exist",
		"go.alternateTools (/work/.vscode/settings.json:3)")
}

func TestGopls_NotAGoExecutable(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n").
		Executable("/home/u/go/bin/gopls", "#!/bin/sh\nexec /opt/gopls \"$@\"\n")
	r := goplsTRun(t, o)
	checktest.Only(t, r, check.Info, "Cannot tell which gopls release /home/u/go/bin/gopls is", "not a Go executable")

	// A wrapper that answers `gopls version -json` is judged on its answer.
	o.AddCommand("/home/u/go/bin/gopls", func(ctx context.Context, c facts.Command) facts.Result {
		if strings.Join(c.Args, " ") != "version -json" {
			return factstest.Failure(2, "usage")
		}
		return factstest.Output(`{"GoVersion":"go1.24.2","Path":"golang.org/x/tools/gopls","Main":{"Path":"golang.org/x/tools/gopls","Version":"v0.20.0"},"Deps":[],"Settings":[],"Version":"v0.20.0"}`)
	})
	r = goplsTRun(t, o)
	checktest.Only(t, r, check.Error, "gopls v0.20.0", "built with go1.24.2", "version -json")
}

func TestGopls_Windows(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Path(`C:\Go\bin`).
		Go("C:/Go", "go1.26.8", `GOMOD=C:\work\go.mod`, `GOPATH=C:\Users\u\go`).
		File("C:/work/go.mod", "module example.com/m\n\ngo 1.26\n").
		Executable(`C:\Users\u\go\bin\gopls.exe`, string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.24.2", toolbintest.Target("windows", "amd64"))))
	r := goplsTRun(t, o)
	fd := checktest.Only(t, r, check.Error, `gopls.exe was built with go1.24.2`, "built for: windows/amd64", "found: GOPATH/bin")
	if want := "$env:GOTOOLCHAIN = 'go1.27.0+auto'; go install golang.org/x/tools/gopls@latest; Remove-Item Env:GOTOOLCHAIN"; fd.Fix.Commands[0] != want {
		t.Errorf("fix = %q, want %q", fd.Fix.Commands, want)
	}
}

// The real machine: the real go command, a gopls built at test time in a
// GOBIN on PATH, big files read through facts.System.
func TestGopls_RealMachine(t *testing.T) {
	goBin := "/usr/local/go/bin"
	if _, err := os.Stat(filepath.Join(goBin, "go")); err != nil {
		t.Skip("no /usr/local/go")
	}
	tmp := t.TempDir()
	gobin := filepath.Join(tmp, "bin")
	toolbintest.Build(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.21.0", toolbintest.Into(gobin))
	mod := filepath.Join(tmp, "m")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOENV", "off") // not the user's go env -w file
	t.Setenv("GOBIN", gobin)
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "")
	t.Setenv("PATH", goBin+string(os.PathListSeparator)+gobin)
	r := checktest.Run(t, Gopls, facts.System{}, facts.Options{Dir: mod, Offline: true})
	checktest.Only(t, r, check.Error, filepath.Join(gobin, "gopls"), "built with go1.21.0, older than the Go 1.22 this project targets", "found: PATH (first on PATH: the one a shell runs); also GOBIN")
}

// TestGopls_RealInstall installs the real gopls@latest (with
// GODX_TEST_REAL_TOOLS=1 only: it needs the network, and when gopls@latest
// requires a newer Go than the local one, the go command downloads that
// toolchain for the build): no warning or error for a fresh module.
func TestGopls_RealInstall(t *testing.T) {
	testRealInstall(t, Gopls, toolversion.GoplsPackage)
}

// Another Go program called gopls is not judged as gopls: its build Go
// and version say nothing about gopls.
func TestGopls_OtherProgramNamedGopls(t *testing.T) {
	o := goplsTNew(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n").
		Executable("/home/u/go/bin/gopls", string(toolbintest.Bytes(t, "example.com/wrap", "v0.1.0", "go1.21.0", toolbintest.Name("gopls"))))
	checktest.Only(t, goplsTRun(t, o), check.Info, "is not gopls (its main module is example.com/wrap v0.1.0)")
}

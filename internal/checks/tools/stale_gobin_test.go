package tools

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
)

func staleTNew(t *testing.T, goVersion string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin", "/home/u/go/bin").
		Go("/usr/local/go", goVersion)
}

func staleTRun(t *testing.T, o facts.OS) checktest.Result {
	t.Helper()
	return checktest.Run(t, StaleGobin, o, facts.Options{Offline: true})
}

func TestStaleGobin_CleanEnvironment(t *testing.T) {
	o := staleTNew(t, "go1.26.8").
		Executable("/home/u/go/bin/gopls", string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.22.0", "go1.26.8"))).
		Executable("/home/u/go/bin/dlv", string(toolbintest.Bytes(t, "github.com/go-delve/delve", "", "go1.26.1", toolbintest.Package("cmd/dlv")))).
		Executable("/home/u/go/bin/deploy.sh", "#!/bin/sh\n").
		File("/home/u/go/bin/README", "notes").
		Dir("/home/u/go/bin/linux_arm64")
	r := staleTRun(t, o)
	checktest.Clean(t, r)
	if r.Summary != "2 Go programs in /home/u/go/bin, all built with a supported Go (oldest go1.26.1)" {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestStaleGobin_NothingInstalled(t *testing.T) {
	o := staleTNew(t, "go1.26.8")
	r := staleTRun(t, o)
	checktest.Clean(t, r, "no Go programs installed in /home/u/go/bin")
}

func TestStaleGobin_OldBuildsAreListed(t *testing.T) {
	o := staleTNew(t, "go1.26.8").
		Executable("/home/u/go/bin/gopls", string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.21.0"))).
		Executable("/home/u/go/bin/dlv", string(toolbintest.Bytes(t, "github.com/go-delve/delve", "", "go1.25.3", toolbintest.Package("cmd/dlv"), toolbintest.NoSettings()))).
		Executable("/home/u/go/bin/staticcheck", string(toolbintest.Bytes(t, "honnef.co/go/tools", "", "go1.26.0", toolbintest.Package("cmd/staticcheck"))))
	r := staleTRun(t, o)
	fd := checktest.Only(t, r, check.Info,
		"2 programs in /home/u/go/bin were built with a Go release that no longer gets fixes (Go supports go1.27 and go1.26): dlv (go1.25.3), gopls (go1.21.0).",
		"gopls: golang.org/x/tools/gopls@v0.20.0, built with go1.21.0", "dlv: github.com/go-delve/delve/cmd/dlv (module github.com/go-delve/delve@(devel)), built with go1.25.3",
		"built-in table")
	want := []string{"go install github.com/go-delve/delve/cmd/dlv@latest", "go install golang.org/x/tools/gopls@latest"}
	if strings.Join(fd.Fix.Commands, "\n") != strings.Join(want, "\n") {
		t.Errorf("fix = %q, want %q", fd.Fix.Commands, want)
	}
	if strings.Contains(checktest.Text(fd), "staticcheck (") {
		t.Errorf("staticcheck built with a supported Go is listed:\n%s", checktest.Text(fd))
	}
}

func TestStaleGobin_OldLocalGoNeedsToolchain(t *testing.T) {
	o := staleTNew(t, "go1.24.3").
		Executable("/home/u/go/bin/gopls", string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.24.2")))
	r := staleTRun(t, o)
	fd := checktest.Only(t, r, check.Info, "1 program in /home/u/go/bin was built", "The local go (go1.24.3) is itself out of support")
	if want := "GOTOOLCHAIN=go1.27.4+auto go install golang.org/x/tools/gopls@latest"; len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != want {
		t.Errorf("fix = %q, want %q", fd.Fix.Commands, want)
	}
}

// With GOTOOLCHAIN=local (some distributions' go.env), `go install
// golang.org/x/tools/gopls@latest` fails as soon as gopls needs a newer
// Go (`requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)`):
// the printed lines let the go command fetch it.
func TestStaleGobin_GOTOOLCHAINLocal(t *testing.T) {
	o := staleTNew(t, "go1.26.8").Export("GOTOOLCHAIN=local").
		Executable("/home/u/go/bin/gopls", string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.21.0")))
	fd := checktest.Only(t, staleTRun(t, o), check.Info, "gopls (go1.21.0)", "GOTOOLCHAIN (local) does not let the go command fetch a newer toolchain")
	if want := "GOTOOLCHAIN=go1.26.8+auto go install golang.org/x/tools/gopls@latest"; len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != want {
		t.Errorf("fix = %q, want %q", fd.Fix.Commands, want)
	}
}

func TestStaleGobin_GOBINAndWindows(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Path(`C:\Go\bin`).
		Go("C:/Go", "go1.26.8", `GOBIN=D:\tools`).
		Executable(`D:\tools\gopls.exe`, string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.21.0", toolbintest.Target("windows", "amd64")))).
		Executable(`D:\tools\gopls.exe~`, "backup").
		Executable(`C:\Users\u\go\bin\old.exe`, string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.21.0", toolbintest.Target("windows", "amd64"))))
	r := staleTRun(t, o)
	fd := checktest.Only(t, r, check.Info, `1 program in D:\tools was built`, "gopls (go1.21.0)", "install directory (GOBIN)")
	if len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != "go install golang.org/x/tools/gopls@latest" {
		t.Errorf("fix = %q", fd.Fix.Commands)
	}
}

// The real machine: the Go distribution's own commands are not listed
// even when GOBIN points into GOROOT.
func TestStaleGobin_RealMachine(t *testing.T) {
	gofmt, err := os.ReadFile("/usr/local/go/bin/gofmt")
	if err != nil {
		t.Skip("no /usr/local/go")
	}
	tmp := t.TempDir()
	gobin := filepath.Join(tmp, "bin")
	toolbintest.Build(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.21.0", toolbintest.Into(gobin))
	if err := os.WriteFile(filepath.Join(gobin, "gofmt"), gofmt, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(gobin, "tool.sh"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOENV", "off") // not the user's go env -w file
	t.Setenv("GOBIN", gobin)
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("PATH", "/usr/local/go/bin")
	r := checktest.Run(t, StaleGobin, facts.System{}, facts.Options{Dir: tmp, Offline: true})
	fd := checktest.Only(t, r, check.Info, "1 program in "+gobin+" was built", "gopls (go1.21.0)", "not Go executables (ignored): 1")
	if strings.Contains(checktest.Text(fd), "gofmt") {
		t.Errorf("gofmt listed:\n%s", checktest.Text(fd))
	}
}

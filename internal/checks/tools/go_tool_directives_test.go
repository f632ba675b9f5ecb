package tools

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
)

const directivesTMod = `module example.com/m

go 1.24

tool (
	golang.org/x/tools/cmd/stringer
	github.com/golangci/golangci-lint/v2/cmd/golangci-lint
)

require (
	golang.org/x/tools v0.30.0
	github.com/golangci/golangci-lint/v2 v2.5.0
)
`

func directivesTNew(t *testing.T, goMod string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin", "/home/u/go/bin", "/usr/bin").
		Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod").
		File("/work/go.mod", goMod)
}

func directivesTStringer(t *testing.T, o *factstest.Machine, path, module, version string) {
	t.Helper()
	o.Executable(path, string(toolbintest.Bytes(t, module, version, "", toolbintest.Package("cmd/stringer"))))
}

func directivesTRun(t *testing.T, o facts.OS) checktest.Result {
	t.Helper()
	return checktest.Run(t, GoToolDirectives, o, facts.Options{Offline: true})
}

func TestGoToolDirectives_CleanEnvironment(t *testing.T) {
	o := directivesTNew(t, directivesTMod)
	directivesTStringer(t, o, "/home/u/go/bin/stringer", "golang.org/x/tools", "v0.30.0")
	// An older copy later on PATH is shadowed: nobody runs it.
	directivesTStringer(t, o, "/usr/bin/stringer", "golang.org/x/tools", "v0.20.0")
	r := directivesTRun(t, o)
	checktest.Clean(t, r)
	if r.Summary != "2 tool directives (stringer, golangci-lint); golangci-lint: only via go tool" {
		t.Errorf("summary = %q", r.Summary)
	}
}

func TestGoToolDirectives_OlderOnPathIsWarning(t *testing.T) {
	o := directivesTNew(t, directivesTMod).
		Executable("/home/u/go/bin/golangci-lint", string(toolbintest.Bytes(t, "github.com/golangci/golangci-lint/v2", "v2.1.0", "", toolbintest.Package("cmd/golangci-lint"))))
	r := directivesTRun(t, o)
	fd := checktest.Only(t, r, check.Warning,
		"golangci-lint v2.1.0 at /home/u/go/bin/golangci-lint is older than the v2.5.0 that go.mod's tool directive pins",
		"tool directive (/work/go.mod:7): github.com/golangci/golangci-lint/v2/cmd/golangci-lint",
		"pinned version (go.mod require): github.com/golangci/golangci-lint/v2@v2.5.0",
		"go tool golangci-lint")
	if want := "go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.5.0"; fd.Fix.Commands[0] != want {
		t.Errorf("fix = %q, want %q", fd.Fix.Commands, want)
	}
}

func TestGoToolDirectives_NewerIsInfo(t *testing.T) {
	o := directivesTNew(t, directivesTMod)
	directivesTStringer(t, o, "/home/u/go/bin/stringer", "golang.org/x/tools", "v0.31.0")
	r := directivesTRun(t, o)
	checktest.Only(t, r, check.Info, "stringer v0.31.0 at /home/u/go/bin/stringer is newer than the v0.30.0", "go install golang.org/x/tools/cmd/stringer@v0.30.0")
}

func TestGoToolDirectives_DevelAndOtherPrograms(t *testing.T) {
	o := directivesTNew(t, directivesTMod)
	directivesTStringer(t, o, "/home/u/go/bin/stringer", "golang.org/x/tools", "")
	r := directivesTRun(t, o)
	checktest.Only(t, r, check.Info, "is a local build ((devel))", "golang.org/x/tools@v0.30.0")

	o = directivesTNew(t, directivesTMod)
	directivesTStringer(t, o, "/home/u/go/bin/stringer", "example.com/fork", "v1.0.0")
	r = directivesTRun(t, o)
	checktest.Only(t, r, check.Info, "is a different program (example.com/fork/cmd/stringer) from the tool go.mod pins (golang.org/x/tools/cmd/stringer)")
}

func TestGoToolDirectives_VSCodeCopy(t *testing.T) {
	o := directivesTNew(t, directivesTMod).
		Dir("/work/.git").
		File("/work/.vscode/settings.json", `{"go.alternateTools": {"golangci-lint": "/opt/lint/golangci-lint"}}`).
		Executable("/opt/lint/golangci-lint", string(toolbintest.Bytes(t, "github.com/golangci/golangci-lint/v2", "v2.1.0", "", toolbintest.Package("cmd/golangci-lint"))))
	r := directivesTRun(t, o)
	checktest.Only(t, r, check.Warning, "/opt/lint/golangci-lint is older", "VS Code run golangci-lint v2.1.0", "VS Code go.alternateTools (/work/.vscode/settings.json:1)")
}

func TestGoToolDirectives_Skips(t *testing.T) {
	for name, goMod := range map[string]string{
		"go.mod has no tool directives": "module example.com/m\n\ngo 1.24\n",
		"go.mod does not parse":         "module example.com/m\n\ngo 1.24\n\ntool a b\n",
	} {
		t.Run(name, func(t *testing.T) {
			checktest.Skipped(t, directivesTRun(t, directivesTNew(t, goMod)), name)
		})
	}
	o := directivesTNew(t, "")
	o.Go("/usr/local/go", "go1.26.8") // GOMOD=/dev/null
	if r := directivesTRun(t, o); r.SkipReason != "not in a module" {
		t.Errorf("outside a module: %+v", r)
	}
	// A tool from the main module itself, or replaced by a directory, is not compared.
	o = directivesTNew(t, "module example.com/m\n\ngo 1.24\n\ntool example.com/m/cmd/gen\ntool golang.org/x/tools/cmd/stringer\n\nrequire golang.org/x/tools v0.30.0\n\nreplace golang.org/x/tools => ../tools\n")
	directivesTStringer(t, o, "/home/u/go/bin/stringer", "golang.org/x/tools", "v0.1.0")
	r := directivesTRun(t, o)
	checktest.Clean(t, r, "gen: provided by this module; stringer: module replaced by a local directory")
}

// The real machine: the real go command reads go.mod, the tool binary is
// built at test time.
func TestGoToolDirectives_RealMachine(t *testing.T) {
	if _, err := os.Stat("/usr/local/go/bin/go"); err != nil {
		t.Skip("no /usr/local/go")
	}
	tmp := t.TempDir()
	gobin := filepath.Join(tmp, "bin")
	toolbintest.Build(t, "golang.org/x/tools", "v0.29.0", "", toolbintest.Package("cmd/stringer"), toolbintest.Into(gobin))
	if err := os.WriteFile(filepath.Join(tmp, "go.mod"), []byte("module example.com/m\n\ngo 1.24\n\ntool golang.org/x/tools/cmd/stringer\n\nrequire golang.org/x/tools v0.30.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOENV", "off")
	t.Setenv("GOBIN", gobin)
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("PATH", "/usr/local/go/bin"+string(os.PathListSeparator)+gobin)
	r := checktest.Run(t, GoToolDirectives, facts.System{}, facts.Options{Dir: tmp, Offline: true})
	checktest.Only(t, r, check.Warning, "stringer v0.29.0 at "+filepath.Join(gobin, "stringer")+" is older than the v0.30.0")
}

package tools

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
)

func golangciV1(t *testing.T, ver, goVersion string) string {
	t.Helper()
	return string(toolbintest.Bytes(t, "github.com/golangci/golangci-lint", ver, goVersion, toolbintest.Package("cmd/golangci-lint")))
}

func golangciV2(t *testing.T, ver, goVersion string) string {
	t.Helper()
	return string(toolbintest.Bytes(t, "github.com/golangci/golangci-lint/v2", ver, goVersion, toolbintest.Package("cmd/golangci-lint")))
}

const golangciV2Config = "# golangci-lint v2\nversion: \"2\"\n\nlinters:\n  default: standard\n"

func TestGolangciLint_NotInstalled(t *testing.T) {
	r := testRun(t, GolangciLint, testMachine(t, "go1.26.8", testGoMod))
	checktest.Clean(t, r, "golangci-lint is not installed")
}

func TestGolangciLint_CleanGivesNoFinding(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.yml", golangciV2Config)
	checktest.Clean(t, testRun(t, GolangciLint, o), "golangci-lint v2.13.1 built with go1.26.8 (first on PATH, in GOPATH/bin); target Go 1.26")

	// No configuration file at all is fine for v2, and a newer build Go is
	// fine whatever the target.
	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.21\n")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", ""))
	checktest.Clean(t, testRun(t, GolangciLint, o), "target Go 1.21")

	// A v1 binary with a v1 configuration (no version key) is fine.
	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV1(t, "v1.64.8", ""))
	o.File("/work/.golangci.yml", "linters:\n  enable:\n    - gofmt\n")
	checktest.Clean(t, testRun(t, GolangciLint, o), "golangci-lint v1.64.8")
}

func TestGolangciLint_BuiltWithOlderGo(t *testing.T) {
	o := testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26.0\n")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", "go1.25.0"))
	o.File("/work/.golangci.yml", golangciV2Config)
	fd := checktest.Only(t, testRun(t, GolangciLint, o), check.Error,
		"Error: can't load config: the Go language version (go1.25) used to build golangci-lint is lower than the targeted Go version (1.26.0)",
		"was built with go1.25.0, older than the Go the project targets (1.26.0, from the go line of /work/go.mod)")
	if got, want := fd.Fix.Commands, "go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}
}

func TestGolangciLint_TargetOrder(t *testing.T) {
	// The toolchain line wins over the go line.
	o := testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.27.0\n")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", ""))
	fd := checktest.Only(t, testRun(t, GolangciLint, o), check.Error,
		"the Go language version (go1.26) used to build golangci-lint is lower than the targeted Go version (1.27.0)",
		"the toolchain line of /work/go.mod")
	if got := fd.Fix.Commands; len(got) != 1 || !strings.HasPrefix(got[0], "GOTOOLCHAIN=go1.27.0+auto go install") {
		t.Errorf("fix = %q", got)
	}

	// run.go wins over go.mod, both ways.
	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.22.0\n")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.yml", "version: \"2\"\nrun:\n  timeout: 5m\n  go: '1.27' # the next release\nlinters:\n  go: '1.10'\n")
	checktest.Only(t, testRun(t, GolangciLint, o), check.Error,
		"lower than the targeted Go version (1.27)", "run.go in /work/.golangci.yml", "run.go: 1.27")

	// run.go lowers golangci-lint's own check, so it does not refuse; the
	// clean case is a binary built with the Go that loads the packages.
	o = testMachine(t, "go1.27.3", "module example.com/m\n\ngo 1.27.0\n")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", "go1.27.0"))
	o.File("/work/.golangci.yml", "version: \"2\"\nrun:\n  go: \"1.22\"\n")
	checktest.Clean(t, testRun(t, GolangciLint, o), "target Go 1.22")
}

// run.go does not make an old build safe: golangci-lint v2.15.0 built
// with go1.26.8, with `run.go: "1.26"` on a go 1.27 module and go1.27.3
// on PATH, runs and fails at type checking (observed).
func TestGolangciLint_RunGoDoesNotMakeOldBuildSafe(t *testing.T) {
	o := testMachine(t, "go1.27.3", "module example.com/m\n\ngo 1.27\n")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.15.0", "go1.26.8"))
	o.File("/work/.golangci.yml", "version: \"2\"\nrun:\n  go: \"1.26\"\n")
	fd := checktest.Only(t, testRun(t, GolangciLint, o), check.Error,
		"was built with go1.26.8, older than go1.27.3 (the go command that loads this project's packages): it runs, but type checking fails",
		"run.go (1.26) lowers golangci-lint's own check of the target, so it does not refuse to run, but it does not change the Go that loads the packages",
		"…/src/internal/poll/splice_linux.go:237:21: unknown field rfd in struct literal of type splicePipe (typecheck)")
	if got, want := fd.Fix.Commands, "go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}
	// An old go line changes nothing: the go on PATH loads the standard
	// library (observed on a go 1.22 module).
	o = testMachine(t, "go1.27.3", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.15.0", "go1.26.8"))
	checktest.Only(t, testRun(t, GolangciLint, o), check.Error, "it runs, but type checking fails",
		"Its own check compares only with the target (1.22, from the go line of /work/go.mod), which is old enough")
}

// Releases before v1.60.3 have no check of their own: they run.
func TestGolangciLint_OldReleaseRunsAnyway(t *testing.T) {
	o := testMachine(t, "go1.21.9", "module example.com/m\n\ngo 1.21\n").Export("GOTOOLCHAIN=local")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV1(t, "v1.59.1", "go1.21.0"))
	o.File("/work/.golangci.yml", "run:\n  go: \"1.22\"\n")
	fd := checktest.Only(t, testRun(t, GolangciLint, o), check.Error,
		"older than the Go the project targets (1.22, from run.go in /work/.golangci.yml): it runs, but type checking fails",
		"Releases before v1.60.3 do not check this")
	if strings.Contains(fd.Summary, "refuses") {
		t.Errorf("summary says it refuses: %s", fd.Summary)
	}
}

func TestGolangciLint_V2ConfigWithV1Binary(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/golangci-lint", golangciV1(t, "v1.64.8", ""))
	o.File("/work/.golangci.yml", golangciV2Config)
	fd := checktest.Only(t, testRun(t, GolangciLint, o), check.Error,
		"is golangci-lint v1.64.8, but /work/.golangci.yml is a version 2 configuration",
		"Error: you are using a configuration file for golangci-lint v2 with golangci-lint v1: please use golangci-lint v2",
		`configuration version: "2"`)
	if got, want := fd.Fix.Commands, "go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}

	// Before v1.64.8 it runs, silently ignoring the v2 sections.
	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV1(t, "v1.59.1", ""))
	o.File("/work/.golangci.toml", "version = \"2\"\n[linters]\ndefault = \"standard\"\n")
	checktest.Only(t, testRun(t, GolangciLint, o), check.Error, "Releases before v1.64.8 do not notice", "/work/.golangci.toml")
}

func TestGolangciLint_V1ConfigWithV2Binary(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.yml", "linters-settings:\n  govet:\n    enable-all: true\n")
	fd := checktest.Only(t, testRun(t, GolangciLint, o), check.Error,
		"is golangci-lint v2.13.1, but /work/.golangci.yml has no `version` key",
		`Error: can't load config: unsupported version of the configuration: "" See https://golangci-lint.run/docs/product/migration-guide for migration instructions`)
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "golangci-lint migrate" {
		t.Errorf("fix = %q", got)
	}

	// The configuration of a parent directory, and version "1".
	o = testMachine(t, "go1.26.8", "")
	o.Wd = "/work/sub"
	o.Dir("/work/sub")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.json", `{"version": 1, "run": {"go": "1.22"}}`)
	fd = checktest.Only(t, testRun(t, GolangciLint, o), check.Error, "says `version: \"1\"`", `unsupported version of the configuration: "1"`)
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "cd /work && golangci-lint migrate" {
		t.Errorf("fix = %q", got)
	}

	// Paths in the command are quoted for the shell: a project directory
	// with a space, and a golangci-lint that is not the one on PATH.
	o = testMachine(t, "go1.26.8", "")
	o.Wd = "/work/my app/sub"
	o.Dir("/work/my app/sub")
	o.Path("/usr/local/go/bin")
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", ""))
	o.File("/work/my app/.golangci.yml", "run:\n  go: '1.22'\n")
	fd = checktest.Only(t, testRun(t, GolangciLint, o), check.Error, "has no `version` key")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "cd '/work/my app' && /home/u/go/bin/golangci-lint migrate" {
		t.Errorf("fix = %q", got)
	}
}

func TestGolangciLint_ShimAsked(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Command("/home/u/go/bin/golangci-lint", factstest.Output("golangci-lint has version 1.64.8 built with go1.24.1 from 8b37f14 on 2025-03-17T20:41:53Z\n"))
	o.File("/work/.golangci.yml", golangciV2Config)
	r := testRun(t, GolangciLint, o)
	if len(r.Findings) != 2 {
		t.Fatalf("want 2 findings:\n%s", testText(r))
	}
	text := testText(r)
	for _, want := range []string{"you are using a configuration file for golangci-lint v2 with golangci-lint v1", "the Go language version (go1.24) used to build golangci-lint is lower than the targeted Go version (1.26)"} {
		if !strings.Contains(text, want) {
			t.Errorf("findings do not mention %q:\n%s", want, text)
		}
	}
}

func TestGolangciLint_ToolDirective(t *testing.T) {
	gomod := "module example.com/m\n\ngo 1.26\n\ntool github.com/golangci/golangci-lint/v2/cmd/golangci-lint\n\nrequire github.com/golangci/golangci-lint/v2 v2.13.1\n"
	o := testMachine(t, "go1.26.8", gomod)
	o.File("/work/.golangci.yaml", "run:\n  go: '1.26'\n")
	fd := checktest.Only(t, testRun(t, GolangciLint, o), check.Error, "The golangci-lint tool directive in /work/go.mod:5", "has no `version` key")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "go tool golangci-lint migrate" {
		t.Errorf("fix = %q", got)
	}
}

func TestGolangciLint_MalformedConfigIsNoCrash(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/golangci-lint", golangciV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.json", `{"version": "2",`)
	r := testRun(t, GolangciLint, o)
	checktest.Clean(t, r)
	found := false
	for _, e := range r.Evidence {
		found = found || (e.Key == "configuration" && strings.HasPrefix(e.Value, "unreadable"))
	}
	if !found {
		t.Errorf("evidence does not say the configuration is unreadable: %+v", r.Evidence)
	}
}

// TestGolangciLint_RealMachine: a v1 golangci-lint with a v2
// configuration, against the real go command.
func TestGolangciLint_RealMachine(t *testing.T) {
	_, bin, proj := testRealMachine(t, map[string]string{".golangci.yml": golangciV2Config})
	toolbintest.Build(t, "github.com/golangci/golangci-lint", "v1.64.8", "", toolbintest.Package("cmd/golangci-lint"), toolbintest.Into(bin))
	r := checktest.Run(t, GolangciLint, facts.System{}, facts.Options{Dir: proj})
	checktest.Only(t, r, check.Error, "you are using a configuration file for golangci-lint v2 with golangci-lint v1", filepath.Join(proj, ".golangci.yml"))
}

func TestGolangciLint_RealInstall(t *testing.T) {
	testRealInstall(t, GolangciLint, "github.com/golangci/golangci-lint/v2/cmd/golangci-lint")
}

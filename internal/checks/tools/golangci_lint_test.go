package checks

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

func toolsGolangciLintV1(t *testing.T, ver, goVersion string) string {
	t.Helper()
	return string(toolbintest.Bytes(t, "github.com/golangci/golangci-lint", ver, goVersion, toolbintest.Package("cmd/golangci-lint")))
}

func toolsGolangciLintV2(t *testing.T, ver, goVersion string) string {
	t.Helper()
	return string(toolbintest.Bytes(t, "github.com/golangci/golangci-lint/v2", ver, goVersion, toolbintest.Package("cmd/golangci-lint")))
}

const toolsGolangciLintV2Config = "# golangci-lint v2\nversion: \"2\"\n\nlinters:\n  default: standard\n"

func TestToolsGolangciLint_NotInstalled(t *testing.T) {
	r := toolverTestRun(t, ToolsGolangciLint, toolverTestFake(t, "go1.26.8", toolsDlvGoMod))
	checktest.Clean(t, r, "golangci-lint is not installed")
}

func TestToolsGolangciLint_CleanGivesNoFinding(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.yml", toolsGolangciLintV2Config)
	checktest.Clean(t, toolverTestRun(t, ToolsGolangciLint, o), "golangci-lint v2.13.1 built with go1.26.8 (first on PATH, in GOPATH/bin); target Go 1.26")

	// No configuration file at all is fine for v2, and a newer build Go is
	// fine whatever the target.
	o = toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.21\n")
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV2(t, "v2.13.1", ""))
	checktest.Clean(t, toolverTestRun(t, ToolsGolangciLint, o), "target Go 1.21")

	// A v1 binary with a v1 configuration (no version key) is fine.
	o = toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV1(t, "v1.64.8", ""))
	o.File("/work/.golangci.yml", "linters:\n  enable:\n    - gofmt\n")
	checktest.Clean(t, toolverTestRun(t, ToolsGolangciLint, o), "golangci-lint v1.64.8")
}

func TestToolsGolangciLint_BuiltWithOlderGo(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.26.0\n")
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV2(t, "v2.13.1", "go1.25.0"))
	o.File("/work/.golangci.yml", toolsGolangciLintV2Config)
	fd := checktest.Only(t, toolverTestRun(t, ToolsGolangciLint, o), check.Error,
		"Error: can't load config: the Go language version (go1.25) used to build golangci-lint is lower than the targeted Go version (1.26.0)",
		"was built with go1.25.0, older than the Go the project targets (1.26.0, from the go line of /work/go.mod)")
	if got, want := fd.Fix.Commands, "GOTOOLCHAIN=go1.26.8+auto go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}
}

func TestToolsGolangciLint_TargetOrder(t *testing.T) {
	// The toolchain line wins over the go line.
	o := toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.27.0\n")
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV2(t, "v2.13.1", ""))
	fd := checktest.Only(t, toolverTestRun(t, ToolsGolangciLint, o), check.Error,
		"the Go language version (go1.26) used to build golangci-lint is lower than the targeted Go version (1.27.0)",
		"the toolchain line of /work/go.mod")
	if got := fd.Fix.Commands; len(got) != 1 || !strings.HasPrefix(got[0], "GOTOOLCHAIN=go1.27.0+auto go install") {
		t.Errorf("fix = %q", got)
	}

	// run.go wins over go.mod, both ways.
	o = toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.22.0\n")
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.yml", "version: \"2\"\nrun:\n  timeout: 5m\n  go: '1.27' # the next release\nlinters:\n  go: '1.10'\n")
	checktest.Only(t, toolverTestRun(t, ToolsGolangciLint, o), check.Error,
		"lower than the targeted Go version (1.27)", "run.go in /work/.golangci.yml", "run.go: 1.27")

	o = toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.27.0\n")
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.yml", "version: \"2\"\nrun:\n  go: \"1.22\"\n")
	checktest.Clean(t, toolverTestRun(t, ToolsGolangciLint, o), "target Go 1.22")
}

func TestToolsGolangciLint_V2ConfigWithV1Binary(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV1(t, "v1.64.8", ""))
	o.File("/work/.golangci.yml", toolsGolangciLintV2Config)
	fd := checktest.Only(t, toolverTestRun(t, ToolsGolangciLint, o), check.Error,
		"is golangci-lint v1.64.8, but /work/.golangci.yml is a version 2 configuration",
		"Error: you are using a configuration file for golangci-lint v2 with golangci-lint v1: please use golangci-lint v2",
		`configuration version: "2"`)
	if got, want := fd.Fix.Commands, "GOTOOLCHAIN=go1.26.8+auto go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}

	// Before v1.64.8 it runs, silently ignoring the v2 sections.
	o = toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV1(t, "v1.59.1", ""))
	o.File("/work/.golangci.toml", "version = \"2\"\n[linters]\ndefault = \"standard\"\n")
	checktest.Only(t, toolverTestRun(t, ToolsGolangciLint, o), check.Error, "Releases before v1.64.8 do not notice", "/work/.golangci.toml")
}

func TestToolsGolangciLint_V1ConfigWithV2Binary(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.yml", "linters-settings:\n  govet:\n    enable-all: true\n")
	fd := checktest.Only(t, toolverTestRun(t, ToolsGolangciLint, o), check.Error,
		"is golangci-lint v2.13.1, but /work/.golangci.yml has no `version` key",
		`Error: can't load config: unsupported version of the configuration: "" See https://golangci-lint.run/docs/product/migration-guide for migration instructions`)
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "golangci-lint migrate" {
		t.Errorf("fix = %q", got)
	}

	// The configuration of a parent directory, and version "1".
	o = toolverTestFake(t, "go1.26.8", "")
	o.Wd = "/work/sub"
	o.Dir("/work/sub")
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.json", `{"version": 1, "run": {"go": "1.22"}}`)
	fd = checktest.Only(t, toolverTestRun(t, ToolsGolangciLint, o), check.Error, "says `version: \"1\"`", `unsupported version of the configuration: "1"`)
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "cd /work && golangci-lint migrate" {
		t.Errorf("fix = %q", got)
	}
}

func TestToolsGolangciLint_ShimAsked(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Command("/home/u/go/bin/golangci-lint", factstest.Output("golangci-lint has version 1.64.8 built with go1.24.1 from 8b37f14 on 2025-03-17T20:41:53Z\n"))
	o.File("/work/.golangci.yml", toolsGolangciLintV2Config)
	r := toolverTestRun(t, ToolsGolangciLint, o)
	if len(r.Findings) != 2 {
		t.Fatalf("want 2 findings:\n%s", toolverTestText(r))
	}
	text := toolverTestText(r)
	for _, want := range []string{"you are using a configuration file for golangci-lint v2 with golangci-lint v1", "the Go language version (go1.24) used to build golangci-lint is lower than the targeted Go version (1.26)"} {
		if !strings.Contains(text, want) {
			t.Errorf("findings do not mention %q:\n%s", want, text)
		}
	}
}

func TestToolsGolangciLint_ToolDirective(t *testing.T) {
	gomod := "module example.com/m\n\ngo 1.26\n\ntool github.com/golangci/golangci-lint/v2/cmd/golangci-lint\n\nrequire github.com/golangci/golangci-lint/v2 v2.13.1\n"
	o := toolverTestFake(t, "go1.26.8", gomod)
	o.File("/work/.golangci.yaml", "run:\n  go: '1.26'\n")
	fd := checktest.Only(t, toolverTestRun(t, ToolsGolangciLint, o), check.Error, "The golangci-lint tool directive in /work/go.mod:5", "has no `version` key")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "go tool golangci-lint migrate" {
		t.Errorf("fix = %q", got)
	}
}

func TestToolsGolangciLint_ConfigParsers(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		ver, runGo string
		has        bool
	}{
		{"yml", "version: \"2\"\nrun:\n  go: \"1.23\"\n", "2", "1.23", true},
		{"yml", "version: 2 # v2\nrun:\n    tests: false\n    go: 1.20\n", "2", "1.2", true},
		{"yml", "---\n'version': '2'\nrun: {timeout: 5m, go: '1.24'}\n", "2", "1.24", true},
		{"yml", "linters:\n  version: 3\nrun:\n  nested:\n    go: '1.9'\n  go: '1.22'\n", "", "1.22", false},
		{"yml", "issues:\r\n  max: 1\r\nrun:\r\n\r\n  # comment\r\n  go: \"1.21\"\r\n", "", "1.21", false},
		{"toml", "version = '2'\n\n[run]\ntimeout = \"5m\"\ngo = \"1.24\" # pin\n[linters]\ngo = \"x\"\n", "2", "1.24", true},
		{"toml", "run.go = \"1.22\"\n", "", "1.22", false},
		{"toml", "run = { go = \"1.23\" }\n", "", "1.23", false},
		{"json", `{"version": "2", "run": {"go": "1.25"}}`, "2", "1.25", true},
	} {
		var ver, runGo string
		var has bool
		switch tc.name {
		case "yml":
			ver, has, runGo = golangciLintParseYAML([]byte(tc.data))
		case "toml":
			ver, has, runGo = golangciLintParseTOML([]byte(tc.data))
		case "json":
			var err error
			ver, has, runGo, err = golangciLintParseJSON([]byte(tc.data))
			if err != nil {
				t.Fatal(err)
			}
		}
		if ver != tc.ver || has != tc.has || runGo != tc.runGo {
			t.Errorf("%s %q: got version %q (%v) run.go %q, want %q (%v) %q", tc.name, tc.data, ver, has, runGo, tc.ver, tc.has, tc.runGo)
		}
	}
	if got := golangciLintTrimGoVersion("1.27.0"); got != "1.27" {
		t.Errorf("trim = %q", got)
	}
	if got := golangciLintParseGoVersion("go1.24rc1"); got != "1.24" {
		t.Errorf("parse = %q", got)
	}
}

func TestToolsGolangciLint_MalformedConfigIsNoCrash(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/golangci-lint", toolsGolangciLintV2(t, "v2.13.1", ""))
	o.File("/work/.golangci.json", `{"version": "2",`)
	r := toolverTestRun(t, ToolsGolangciLint, o)
	checktest.Clean(t, r)
	found := false
	for _, e := range r.Evidence {
		found = found || (e.Key == "configuration" && strings.HasPrefix(e.Value, "unreadable"))
	}
	if !found {
		t.Errorf("evidence does not say the configuration is unreadable: %+v", r.Evidence)
	}
}

// TestToolsGolangciLint_RealMachine: a v1 golangci-lint with a v2
// configuration, against the real go command.
func TestToolsGolangciLint_RealMachine(t *testing.T) {
	_, bin, proj := toolverTestRealMachine(t, map[string]string{".golangci.yml": toolsGolangciLintV2Config})
	toolbintest.Build(t, "github.com/golangci/golangci-lint", "v1.64.8", "", toolbintest.Package("cmd/golangci-lint"), toolbintest.Into(bin))
	r := checktest.Run(t, ToolsGolangciLint, facts.System{}, facts.Options{Dir: proj})
	checktest.Only(t, r, check.Error, "you are using a configuration file for golangci-lint v2 with golangci-lint v1", filepath.Join(proj, ".golangci.yml"))
}

func TestToolsGolangciLint_RealInstall(t *testing.T) {
	toolverTestRealInstall(t, ToolsGolangciLint, "github.com/golangci/golangci-lint/v2/cmd/golangci-lint")
}

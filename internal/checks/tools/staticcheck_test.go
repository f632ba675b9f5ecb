package checks

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
)

func toolsStaticcheckBin(t *testing.T, ver, goVersion string) string {
	t.Helper()
	return string(toolbintest.Bytes(t, "honnef.co/go/tools", ver, goVersion, toolbintest.Package("cmd/staticcheck")))
}

func TestToolsStaticcheck_NotInstalled(t *testing.T) {
	r := toolverTestRun(t, ToolsStaticcheck, toolverTestFake(t, "go1.26.8", toolsDlvGoMod))
	checktest.Clean(t, r, "staticcheck is not installed")
}

func TestToolsStaticcheck_CleanGivesNoFinding(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/staticcheck", toolsStaticcheckBin(t, "v0.7.0", ""))
	checktest.Clean(t, toolverTestRun(t, ToolsStaticcheck, o), "staticcheck 2026.1 (v0.7.0) built with go1.26.8 (first on PATH, in GOPATH/bin); code targets go 1.26")

	// Outside a module there is no go line to compare with.
	o = toolverTestFake(t, "go1.26.8", "")
	o.Executable("/home/u/go/bin/staticcheck", toolsStaticcheckBin(t, "v0.7.0", "go1.21.0"))
	checktest.Clean(t, toolverTestRun(t, ToolsStaticcheck, o), "staticcheck 2026.1")

	// A toolchain line is not the code's language version.
	o = toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.27.0\n")
	o.Executable("/home/u/go/bin/staticcheck", toolsStaticcheckBin(t, "v0.7.0", ""))
	checktest.Clean(t, toolverTestRun(t, ToolsStaticcheck, o), "code targets go 1.22.0")
}

func TestToolsStaticcheck_LanguageVersionTooNew(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.26.0\n")
	o.Executable("/home/u/go/bin/staticcheck", toolsStaticcheckBin(t, "v0.7.0", "go1.25.0"))
	fd := checktest.Only(t, toolverTestRun(t, ToolsStaticcheck, o), check.Error,
		"was built with go1.25.0, older than the go line of /work/go.mod (go 1.26.0): staticcheck 2026.1 (v0.7.0) cannot analyse this code",
		"package requires newer Go version go1.26 (application built with go1.25) (compile)")
	if got, want := fd.Fix.Commands, "GOTOOLCHAIN=go1.26.8+auto go install honnef.co/go/tools/cmd/staticcheck@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}
}

func TestToolsStaticcheck_PatchLevelReleases(t *testing.T) {
	// 2025.1.1 compares patch versions.
	o := toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.24.1\n")
	o.Executable("/home/u/go/bin/staticcheck", toolsStaticcheckBin(t, "v0.6.1", "go1.24.0"))
	checktest.Only(t, toolverTestRun(t, ToolsStaticcheck, o), check.Error,
		"-: module requires at least go1.24.1, but Staticcheck was built with go1.24.0 (compile)",
		"staticcheck 2025.1.1 (v0.6.1)")

	// 2026.1 does not.
	o = toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.24.1\n")
	o.Executable("/home/u/go/bin/staticcheck", toolsStaticcheckBin(t, "v0.7.0", "go1.24.0"))
	checktest.Clean(t, toolverTestRun(t, ToolsStaticcheck, o))
}

func TestToolsStaticcheck_OldAndDevelReleases(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/staticcheck", toolsStaticcheckBin(t, "v0.4.7", "go1.21.0"))
	checktest.Only(t, toolverTestRun(t, ToolsStaticcheck, o), check.Error, "Releases before 2024.1 do not check", "staticcheck 2023.1.7 (v0.4.7)")

	o = toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	o.Executable("/home/u/go/bin/staticcheck", toolsStaticcheckBin(t, "", "go1.25.0"))
	checktest.Only(t, toolverTestRun(t, ToolsStaticcheck, o), check.Error, "package requires newer Go version go1.26 (application built with go1.25)", "(devel)")
}

func TestToolsStaticcheck_Workspace(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		File("/work/go.work", "go 1.27.0\n\nuse (\n\t./a\n\t./b\n)\n").
		File("/work/a/go.mod", "module example.com/a\n\ngo 1.22\n").
		File("/work/b/go.mod", "module example.com/b\n\ngo 1.27.0\n").
		Go("/usr/local/go", "go1.26.8", "GOMOD=/dev/null", "GOWORK=/work/go.work", "GOPATH=/home/u/go").
		Path("/home/u/go/bin", "/usr/local/go/bin").
		Executable("/home/u/go/bin/staticcheck", toolsStaticcheckBin(t, "v0.7.0", ""))
	checktest.Only(t, toolverTestRun(t, ToolsStaticcheck, o), check.Error,
		"older than the go line of /work/b/go.mod (go 1.27.0)",
		"go line of /work/a/go.mod: 1.22",
		"package requires newer Go version go1.27 (application built with go1.26)")
}

func TestToolsStaticcheck_ShimAsked(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	o.AddCommand("/home/u/go/bin/staticcheck", func(ctx context.Context, c facts.Command) facts.Result {
		if len(c.Args) != 1 || c.Args[0] != "-debug.version" {
			return factstest.Failure(2, "unexpected arguments")
		}
		return factstest.Output("Go binary: /home/u/.asdf/installs/staticcheck/bin/staticcheck\nCompiled with Go version: go1.25.3\nPackage: honnef.co/go/tools/cmd/staticcheck\nMain module: honnef.co/go/tools@v0.7.0 (sum: h1:abc)\n")
	})
	checktest.Only(t, toolverTestRun(t, ToolsStaticcheck, o), check.Error, "staticcheck 2026.1 (v0.7.0)", "built with go1.25.3")
}

func TestToolsStaticcheck_Releases(t *testing.T) {
	for v, want := range map[string]string{
		"v0.7.0": "2026.1 (v0.7.0)", "v0.6.1": "2025.1.1 (v0.6.1)", "v0.2.2": "2021.1.2 (v0.2.2)",
		"v0.0.1-2020.1.6": "2020.1.6 (v0.0.1-2020.1.6)", "(devel)": "(devel)", "": "unknown",
		"v0.8.2": "2026.2.2 (v0.8.2)", "v0.9.0": "v0.9.0",
		"v0.8.0-0.dev.20260101": "v0.8.0-0.dev.20260101",
	} {
		if got := staticcheckRelease(v); got != want {
			t.Errorf("staticcheckRelease(%q) = %q, want %q", v, got, want)
		}
	}
}

// TestToolsStaticcheck_RealMachine: a staticcheck built with go1.21.0
// (rewritten) against a go 1.22 module and the real go command.
func TestToolsStaticcheck_RealMachine(t *testing.T) {
	_, bin, proj := toolverTestRealMachine(t, nil)
	toolbintest.Build(t, "honnef.co/go/tools", "v0.7.0", "go1.21.0", toolbintest.Package("cmd/staticcheck"), toolbintest.Into(bin))
	r := checktest.Run(t, ToolsStaticcheck, facts.System{}, facts.Options{Dir: proj})
	checktest.Only(t, r, check.Error, "package requires newer Go version go1.22 (application built with go1.21)", filepath.Join(bin, "staticcheck"))
}

func TestToolsStaticcheck_RealInstall(t *testing.T) {
	toolverTestRealInstall(t, ToolsStaticcheck, "honnef.co/go/tools/cmd/staticcheck")
}

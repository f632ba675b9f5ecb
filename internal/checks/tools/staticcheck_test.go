package tools

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

func staticcheckBin(t *testing.T, ver, goVersion string) string {
	t.Helper()
	return string(toolbintest.Bytes(t, "honnef.co/go/tools", ver, goVersion, toolbintest.Package("cmd/staticcheck")))
}

func TestStaticcheck_NotInstalled(t *testing.T) {
	r := testRun(t, Staticcheck, testMachine(t, "go1.26.8", testGoMod))
	checktest.Clean(t, r, "staticcheck is not installed")
}

func TestStaticcheck_CleanGivesNoFinding(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.7.0", ""))
	checktest.Clean(t, testRun(t, Staticcheck, o), "staticcheck 2026.1 (v0.7.0) built with go1.26.8 (first on PATH, in GOPATH/bin); code targets go 1.26")

	// Outside a module there is no go line to compare with.
	o = testMachine(t, "go1.26.8", "")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.7.0", "go1.21.0"))
	checktest.Clean(t, testRun(t, Staticcheck, o), "staticcheck 2026.1")

	// A toolchain line is not the code's language version.
	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.27.0\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.7.0", ""))
	checktest.Clean(t, testRun(t, Staticcheck, o), "code targets go 1.22.0")
}

func TestStaticcheck_LanguageVersionTooNew(t *testing.T) {
	o := testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26.0\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.7.0", "go1.25.0"))
	fd := checktest.Only(t, testRun(t, Staticcheck, o), check.Error,
		"was built with go1.25.0, older than the go line of /work/go.mod (go 1.26.0): staticcheck 2026.1 (v0.7.0) cannot analyse this code",
		"package requires newer Go version go1.26 (application built with go1.25) (compile)")
	if got, want := fd.Fix.Commands, "go install honnef.co/go/tools/cmd/staticcheck@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}
}

func TestStaticcheck_PatchLevelReleases(t *testing.T) {
	// 2025.1.1 compares patch versions.
	o := testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.24.1\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.6.1", "go1.24.0"))
	checktest.Only(t, testRun(t, Staticcheck, o), check.Error,
		"-: module requires at least go1.24.1, but Staticcheck was built with go1.24.0 (compile)",
		"staticcheck 2025.1.1 (v0.6.1)")

	// 2026.1 does not.
	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.24.1\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.7.0", "go1.24.0"))
	checktest.Clean(t, testRun(t, Staticcheck, o))
}

func TestStaticcheck_OldAndDevelReleases(t *testing.T) {
	o := testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.4.7", "go1.21.0"))
	checktest.Only(t, testRun(t, Staticcheck, o), check.Error, "Releases before 2024.1 do not check", "staticcheck 2023.1.7 (v0.4.7)")

	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "", "go1.25.0"))
	checktest.Only(t, testRun(t, Staticcheck, o), check.Error, "package requires newer Go version go1.26 (application built with go1.25)", "(devel)")
}

func TestStaticcheck_Workspace(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		File("/work/go.work", "go 1.27.0\n\nuse (\n\t./a\n\t./b\n)\n").
		File("/work/a/go.mod", "module example.com/a\n\ngo 1.22\n").
		File("/work/b/go.mod", "module example.com/b\n\ngo 1.27.0\n").
		Go("/usr/local/go", "go1.26.8", "GOMOD=/dev/null", "GOWORK=/work/go.work", "GOPATH=/home/u/go").
		Path("/home/u/go/bin", "/usr/local/go/bin").
		Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.7.0", ""))
	checktest.Only(t, testRun(t, Staticcheck, o), check.Error,
		"older than the go line of /work/b/go.mod (go 1.27.0)",
		"go line of /work/a/go.mod: 1.22",
		"package requires newer Go version go1.27 (application built with go1.26)")
}

func TestStaticcheck_ShimAsked(t *testing.T) {
	o := testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	o.AddCommand("/home/u/go/bin/staticcheck", func(ctx context.Context, c facts.Command) facts.Result {
		if len(c.Args) != 1 || c.Args[0] != "-debug.version" {
			return factstest.Failure(2, "unexpected arguments")
		}
		return factstest.Output("Go binary: /home/u/.asdf/installs/staticcheck/bin/staticcheck\nCompiled with Go version: go1.25.3\nPackage: honnef.co/go/tools/cmd/staticcheck\nMain module: honnef.co/go/tools@v0.7.0 (sum: h1:abc)\n")
	})
	checktest.Only(t, testRun(t, Staticcheck, o), check.Error, "staticcheck 2026.1 (v0.7.0)", "built with go1.25.3")
}

// TestStaticcheck_RealMachine: a staticcheck built with go1.21.0
// (rewritten) against a go 1.22 module and the real go command.
func TestStaticcheck_RealMachine(t *testing.T) {
	_, bin, proj := testRealMachine(t, nil)
	toolbintest.Build(t, "honnef.co/go/tools", "v0.7.0", "go1.21.0", toolbintest.Package("cmd/staticcheck"), toolbintest.Into(bin))
	r := checktest.Run(t, Staticcheck, facts.System{}, facts.Options{Dir: proj})
	checktest.Only(t, r, check.Error, "package requires newer Go version go1.22 (application built with go1.21)", filepath.Join(bin, "staticcheck"))
}

func TestStaticcheck_RealInstall(t *testing.T) {
	testRealInstall(t, Staticcheck, "honnef.co/go/tools/cmd/staticcheck")
}

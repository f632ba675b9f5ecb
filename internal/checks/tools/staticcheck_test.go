package tools

import (
	"context"
	"path/filepath"
	"strings"
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

	// Outside a module there is no go line to compare with, only the go
	// command.
	o = testMachine(t, "go1.26.8", "")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.7.0", "go1.26.0"))
	checktest.Clean(t, testRun(t, Staticcheck, o), "staticcheck 2026.1")

	// A toolchain line is not the code's language version.
	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.27.0\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.8.2", "go1.27.0"))
	checktest.Clean(t, testRun(t, Staticcheck, o), "code targets go 1.22.0")
}

// The go on PATH is newer than the Go that built staticcheck: it fails on
// the standard library's files whatever the go line says (staticcheck
// 2026.2.2 built with go1.26.8, go1.27.3 on PATH, a go 1.22 module).
func TestStaticcheck_GoOnPathNewerThanBuild(t *testing.T) {
	o := testMachine(t, "go1.27.3", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.8.2", "go1.26.8"))
	fd := checktest.Only(t, testRun(t, Staticcheck, o), check.Error,
		"was built with go1.26.8, older than go1.27.3 (the go command that loads this project's packages): staticcheck 2026.2.2 (v0.8.2) fails while loading the standard library",
		"even though the code's go line (1.22) is old enough",
		"-: <GOROOT of go1.27.3>/src/internal/poll/splice_linux.go:237:21: unknown field rfd in struct literal of type splicePipe (compile)",
		"go command version: go1.27.3")
	if got, want := fd.Fix.Commands, "go install honnef.co/go/tools/cmd/staticcheck@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}

	// The same through a toolchain switch: go1.26.8 on PATH, but the
	// toolchain line makes the go command run go1.27.3 here; the fix
	// builds with it.
	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n\ntoolchain go1.27.3\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.8.2", "go1.26.8"))
	fd = checktest.Only(t, testRun(t, Staticcheck, o), check.Error,
		"older than go1.27.3 (the toolchain GOTOOLCHAIN switches to in this project)", "Go that builds the project: go1.27.3")
	if got, want := fd.Fix.Commands, "GOTOOLCHAIN=go1.27.3+auto go install honnef.co/go/tools/cmd/staticcheck@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}

	// A build by the same Go language version is fine.
	o = testMachine(t, "go1.27.3", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.8.2", "go1.27.0"))
	checktest.Clean(t, testRun(t, Staticcheck, o), "staticcheck 2026.2.2 (v0.8.2) built with go1.27.0")
}

// Releases whose x/tools cannot decode the loading Go's export data fail
// however they were built: 2025.1.1 and 2026.1 with go1.27 (observed),
// 2024.1.x with Go 1.24 and later (x/tools source).
func TestStaticcheck_ExportDataTooNew(t *testing.T) {
	for _, tc := range []struct{ ver, built, local, want string }{
		{"v0.6.1", "go1.27.3", "go1.27.3", `(cannot decode "<package>", export data version 5 is greater than maximum supported version 2); please report an issue (compile)`},
		{"v0.7.0", "go1.27.3", "go1.27.3", "staticcheck 2026.1 (v0.7.0), which cannot read the export data of go1.27.3"},
		{"v0.5.1", "go1.23.4", "go1.26.8", `-: internal error in importing "<package>" (unsupported version: 2); please report an issue (compile)`},
	} {
		o := testMachine(t, tc.local, "module example.com/m\n\ngo 1.22\n")
		o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, tc.ver, tc.built))
		fd := checktest.Only(t, testRun(t, Staticcheck, o), check.Error, tc.want, "Rebuilding the same release with a newer Go does not help")
		if got := fd.Fix.Commands; len(got) != 1 || !strings.HasSuffix(got[0], "go install honnef.co/go/tools/cmd/staticcheck@latest") {
			t.Errorf("%s: fix = %q", tc.ver, got)
		}
	}
	// 2025.1.1 reads go1.26's export data.
	o := testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.6.1", "go1.26.8"))
	checktest.Clean(t, testRun(t, Staticcheck, o))
}

// With the go command unable to switch (GOTOOLCHAIN=local) the loading Go
// is the local one; a go line newer than staticcheck's Go is then what it
// reports (module/toolchain reports that the go command fails too).
func TestStaticcheck_LanguageVersionTooNew(t *testing.T) {
	o := testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.27.0\n").Export("GOTOOLCHAIN=local")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.8.2", "go1.26.0"))
	fd := checktest.Only(t, testRun(t, Staticcheck, o), check.Error,
		"was built with go1.26.0, older than the go line of /work/go.mod (go 1.27.0): staticcheck 2026.2.2 (v0.8.2) cannot analyse this code",
		"package requires newer Go version go1.27 (application built with go1.26) (compile)")
	if got, want := fd.Fix.Commands, "GOTOOLCHAIN=go1.27.0+auto go install honnef.co/go/tools/cmd/staticcheck@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}
}

func TestStaticcheck_PatchLevelReleases(t *testing.T) {
	// 2025.1.1 compares patch versions.
	o := testMachine(t, "go1.24.9", "module example.com/m\n\ngo 1.24.1\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.6.1", "go1.24.0"))
	checktest.Only(t, testRun(t, Staticcheck, o), check.Error,
		"-: module requires at least go1.24.1, but Staticcheck was built with go1.24.0 (compile)",
		"staticcheck 2025.1.1 (v0.6.1)")

	// 2026.1 does not.
	o = testMachine(t, "go1.24.9", "module example.com/m\n\ngo 1.24.1\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.7.0", "go1.24.0"))
	checktest.Clean(t, testRun(t, Staticcheck, o))
}

func TestStaticcheck_OldAndDevelReleases(t *testing.T) {
	o := testMachine(t, "go1.21.13", "module example.com/m\n\ngo 1.22\n").Export("GOTOOLCHAIN=local")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.4.7", "go1.21.0"))
	checktest.Only(t, testRun(t, Staticcheck, o), check.Error, "Releases before 2024.1 do not check", "staticcheck 2023.1.7 (v0.4.7)")

	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
	o.Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "", "go1.25.0"))
	checktest.Only(t, testRun(t, Staticcheck, o), check.Error, "was built with go1.25.0, older than go1.26.8", "(devel)")
}

func TestStaticcheck_Workspace(t *testing.T) {
	o := factstest.NewMachine(t).Linux().
		File("/work/go.work", "go 1.27.0\n\nuse (\n\t./a\n\t./b\n)\n").
		File("/work/a/go.mod", "module example.com/a\n\ngo 1.22\n").
		File("/work/b/go.mod", "module example.com/b\n\ngo 1.27.0\n").
		Go("/usr/local/go", "go1.26.8", "GOMOD=/dev/null", "GOWORK=/work/go.work", "GOPATH=/home/u/go").
		Path("/home/u/go/bin", "/usr/local/go/bin").
		Export("GOTOOLCHAIN=local").
		Executable("/home/u/go/bin/staticcheck", staticcheckBin(t, "v0.8.2", ""))
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
// (rewritten) against a go 1.22 module and the real go command, newer
// than go1.21.
func TestStaticcheck_RealMachine(t *testing.T) {
	_, bin, proj := testRealMachine(t, nil)
	toolbintest.Build(t, "honnef.co/go/tools", "v0.8.2", "go1.21.0", toolbintest.Package("cmd/staticcheck"), toolbintest.Into(bin))
	r := checktest.Run(t, Staticcheck, facts.System{}, facts.Options{Dir: proj})
	checktest.Only(t, r, check.Error, "was built with go1.21.0, older than go1.", "fails while loading the standard library", filepath.Join(bin, "staticcheck"))
}

func TestStaticcheck_RealInstall(t *testing.T) {
	testRealInstall(t, Staticcheck, "honnef.co/go/tools/cmd/staticcheck")
}

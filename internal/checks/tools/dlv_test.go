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

func dlvBin(t *testing.T, ver, goVersion string, opts ...toolbintest.Option) string {
	t.Helper()
	return string(toolbintest.Bytes(t, "github.com/go-delve/delve", ver, goVersion, append([]toolbintest.Option{toolbintest.Package("cmd/dlv")}, opts...)...))
}

func TestDlv_NotInstalled(t *testing.T) {
	r := testRun(t, Dlv, testMachine(t, "go1.26.8", testGoMod))
	checktest.Clean(t, r, "dlv is not installed")
}

func TestDlv_CleanGivesNoFinding(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", ""))
	r := testRun(t, Dlv, o)
	checktest.Clean(t, r, "dlv v1.26.3 (first on PATH, in GOPATH/bin) supports go1.26.8")

	// Outside a module, a newer build Go is fine too.
	o = testMachine(t, "go1.25.3", "")
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", ""))
	checktest.Clean(t, testRun(t, Dlv, o), "supports go1.25.3")
}

func TestDlv_TooOldForGo(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.23.0", ""))
	fd := checktest.Only(t, testRun(t, Dlv, o), check.Error,
		"Delve v1.23.0, which supports Go 1.21 to 1.23, but your programs are built with go1.26.8",
		"Version of Delve is too old for Go version go1.26.8 (maximum supported version 1.23, suppress this error with --check-go-version=false)",
		"/home/u/go/bin/dlv",
		"github.com/go-delve/delve v1.23.0")
	// GOTOOLCHAIN=auto and a new enough local go: nothing to add.
	if got, want := fd.Fix.Commands, "go install github.com/go-delve/delve/cmd/dlv@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}
	// GOTOOLCHAIN=local: the go command could not fetch the Go a newer
	// Delve's go line asks for, so the line lets it.
	o.Export("GOTOOLCHAIN=local")
	fd = checktest.Only(t, testRun(t, Dlv, o), check.Error, "Version of Delve is too old for Go version go1.26.8")
	if got, want := fd.Fix.Commands, "GOTOOLCHAIN=go1.26.8+auto go install github.com/go-delve/delve/cmd/dlv@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}
}

func TestDlv_ToolchainSwitchDecidesTheGo(t *testing.T) {
	gomod := "module example.com/m\n\ngo 1.27.0\n"
	// GOTOOLCHAIN=auto ($GOROOT/go.env): the go command switches to
	// go1.27.0, which Delve v1.26.3 does not support.
	o := testMachine(t, "go1.26.8", gomod)
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", ""))
	fd := checktest.Only(t, testRun(t, Dlv, o), check.Error,
		"Version of Delve is too old for Go version go1.27.0 (maximum supported version 1.26",
		"GOTOOLCHAIN=auto (from /usr/local/go/go.env) lets it switch to the go1.27.0 that the go line of /work/go.mod asks for",
		"GOTOOLCHAIN=go1.27.0+auto go install github.com/go-delve/delve/cmd/dlv@latest")
	_ = fd

	// GOTOOLCHAIN=local: the local go1.26.8 would build (if it could; the
	// go line stops it, which module/toolchain reports): nothing for dlv.
	o = testMachine(t, "go1.26.8", gomod)
	o.Export("GOTOOLCHAIN=local")
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", ""))
	checktest.Clean(t, testRun(t, Dlv, o), "supports go1.26.8")

	// A toolchain line counts too, and a pinned GOTOOLCHAIN wins.
	o = testMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.24\n\ntoolchain go1.27.2\n")
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", ""))
	checktest.Only(t, testRun(t, Dlv, o), check.Error, "go1.27.2", "go.mod toolchain line")
	o.Export("GOTOOLCHAIN=go1.25.1")
	checktest.Clean(t, testRun(t, Dlv, o), "supports go1.25.1")
}

func TestDlv_GoTooOldForDelve(t *testing.T) {
	o := testMachine(t, "go1.22.5", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.27.0", ""))
	fd := checktest.Only(t, testRun(t, Dlv, o), check.Error,
		"Go version go1.22.5 is too old for this version of Delve (minimum supported version 1.25, suppress this error with --check-go-version=false)",
		"Delve v1.25.2, the newest release that supports Go 1.22")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "go install github.com/go-delve/delve/cmd/dlv@v1.25.2" {
		t.Errorf("fix = %q", got)
	}
}

func TestDlv_OldReleaseOldMessageNoSettings(t *testing.T) {
	// Delve v1.7.0 built with go1.16: no GOOS/GOARCH recorded, and the
	// pre-v1.7.3 wording of the error.
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.7.0", "go1.16.1", toolbintest.NoSettings()))
	checktest.Only(t, testRun(t, Dlv, o), check.Error,
		"Version of Delve is too old for this version of Go (maximum supported version 1.17, suppress this error with --check-go-version=false)",
		"built with: go1.16.1",
		"not recorded (binaries built before Go 1.18 record no GOOS/GOARCH)")
}

func TestDlv_DWARF5NeedsNewerBuildGo(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", "go1.24.1"))
	fd := checktest.Only(t, testRun(t, Dlv, o), check.Error,
		"To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later",
		"was built with go1.24.1")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "go install github.com/go-delve/delve/cmd/dlv@v1.26.3" {
		t.Errorf("fix = %q", got)
	}
	// The build Go 1.24 writes DWARF 4: no problem.
	o = testMachine(t, "go1.24.9", "module example.com/m\n\ngo 1.24\n")
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", "go1.24.1"))
	checktest.Clean(t, testRun(t, Dlv, o))
}

func TestDlv_WrongArchitecture(t *testing.T) {
	// An amd64 dlv on an arm64 Linux machine.
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Arch("arm64")
	bin := dlvBin(t, "v1.26.3", "", toolbintest.Target("linux", "amd64"))
	o.Executable("/home/u/go/bin/dlv", bin)
	checktest.Only(t, testRun(t, Dlv, o), check.Warning,
		"is built for linux/amd64, but this machine is linux/arm64",
		"go install github.com/go-delve/delve/cmd/dlv@v1.26.3")

	// On an Apple silicon Mac it is Rosetta, which Delve refuses.
	o = testMachine(t, "go1.26.8", testGoMod)
	o.OSName = "darwin"
	o.Arch("arm64")
	o.Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod", "GOPATH=/home/u/go", "GOHOSTARCH=amd64")
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", "", toolbintest.Target("darwin", "amd64")))
	checktest.Only(t, testRun(t, Dlv, o), check.Error,
		"can not run under Rosetta, check that the installed build of Go is right for your CPU architecture",
		"Your go command is itself built for amd64 (go env GOHOSTARCH)")
}

func TestDlv_DevelBuild(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "", ""))
	checktest.Only(t, testRun(t, Dlv, o), check.Info,
		`development build of Delve (version "(devel)")`, "go install github.com/go-delve/delve/cmd/dlv@latest")

	// Another Go program called dlv: the fix installs Delve, not it.
	o.Executable("/home/u/go/bin/dlv", string(toolbintest.Bytes(t, "example.com/wrap/dlv", "", "")))
	fd := checktest.Only(t, testRun(t, Dlv, o), check.Info,
		"is not Delve (its main module is example.com/wrap/dlv (devel))", "go install github.com/go-delve/delve/cmd/dlv@latest")
	if strings.Contains(checktest.Text(fd), "go install example.com") {
		t.Errorf("fix installs the wrapper:\n%s", checktest.Text(fd))
	}

	// A release of another program called dlv is not compared with
	// Delve's table (v0.23.0 would read as a Delve older than any known).
	o.Executable("/home/u/go/bin/dlv", string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.23.0", "")))
	checktest.Only(t, testRun(t, Dlv, o), check.Info, "is not Delve (its main module is golang.org/x/tools/gopls v0.23.0)")
}

func TestDlv_ShimAndNotGo(t *testing.T) {
	// A version-manager shim: godx asks it.
	o := testMachine(t, "go1.26.8", testGoMod)
	var gotEnv []string
	o.AddCommand("/home/u/go/bin/dlv", func(ctx context.Context, c facts.Command) facts.Result {
		gotEnv = c.Env
		return factstest.Output("Delve Debugger\nVersion: 1.23.0\nBuild: $Id: abc $\n")
	})
	checktest.Only(t, testRun(t, Dlv, o), check.Error, "Delve v1.23.0", "Version of Delve is too old for Go version go1.26.8")
	if !strings.Contains(strings.Join(gotEnv, "\n"), "GOTOOLCHAIN=local") {
		t.Errorf("dlv version ran without GOTOOLCHAIN=local: %q", gotEnv)
	}

	// A shim that cannot say: info, not a false alarm.
	o = testMachine(t, "go1.26.8", testGoMod)
	o.Command("/home/u/go/bin/dlv", factstest.Failure(126, "No version is set for command dlv\n"))
	checktest.Only(t, testRun(t, Dlv, o), check.Info, "is not a Go executable", "No version is set for command dlv")

	// A valid executable without Go build information.
	o = testMachine(t, "go1.26.8", testGoMod)
	o.Executable("/home/u/go/bin/dlv", string(toolbintest.Bytes(t, "github.com/go-delve/delve", "", "", toolbintest.Package("cmd/dlv"), toolbintest.NotGo())))
	checktest.Only(t, testRun(t, Dlv, o), check.Info, "not a Go executable")

	// An unreadable file.
	o = testMachine(t, "go1.26.8", testGoMod)
	o.AddFile("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", ""), 0o311)
	checktest.Only(t, testRun(t, Dlv, o), check.Info, "godx cannot read", "permission denied")
}

func TestDlv_ToolDirective(t *testing.T) {
	gomod := "module example.com/m\n\ngo 1.26\n\ntool github.com/go-delve/delve/cmd/dlv\n\nrequire github.com/go-delve/delve v1.23.0\n"
	o := testMachine(t, "go1.26.8", gomod)
	fd := checktest.Only(t, testRun(t, Dlv, o), check.Error,
		"The dlv tool directive in /work/go.mod:5 (github.com/go-delve/delve v1.23.0)",
		"Version of Delve is too old for Go version go1.26.8")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "go get -tool github.com/go-delve/delve/cmd/dlv@latest" {
		t.Errorf("fix = %q", got)
	}
}

func TestDlv_ShadowedCopyIsOnlyEvidence(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Path("/home/u/go/bin", "/usr/local/go/bin", "/opt/old/bin")
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.26.3", ""))
	o.Executable("/opt/old/bin/dlv", dlvBin(t, "v1.23.0", ""))
	r := testRun(t, Dlv, o)
	checktest.Clean(t, r)
	found := false
	for _, e := range r.Evidence {
		if e.Key == "/opt/old/bin/dlv" && strings.Contains(e.Value, "later on PATH, not run") {
			found = true
		}
	}
	if !found {
		t.Errorf("evidence does not list the shadowed dlv: %+v", r.Evidence)
	}
}

func TestDlv_Windows(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		File("C:/work/go.mod", testGoMod).
		Go("C:/Go", "go1.26.8", `GOMOD=C:\work\go.mod`, `GOPATH=C:\Users\u\go`).
		Path(`C:\Users\u\go\bin`, `C:\Go\bin`).
		Export("GOTOOLCHAIN=local").
		Executable("C:/Users/u/go/bin/dlv.exe", dlvBin(t, "v1.23.0", "", toolbintest.Target("windows", "amd64")))
	fd := checktest.Only(t, testRun(t, Dlv, o), check.Error, "Version of Delve is too old for Go version go1.26.8")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "$env:GOTOOLCHAIN = 'go1.26.8+auto'; go install github.com/go-delve/delve/cmd/dlv@latest; Remove-Item Env:GOTOOLCHAIN" {
		t.Errorf("fix = %q", got)
	}
}

func TestDlv_NewerPatchThanTableIsAWarning(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Command("/home/u/go/bin/dlv", factstest.Output("Delve Debugger\nVersion: 1.23.7\n"))
	checktest.Only(t, testRun(t, Dlv, o), check.Warning, "assumed to support what v1.23.1 does")
}

// TestDlv_RealMachine runs the check against this machine with a real
// dlv stand-in in a temporary GOPATH/bin and the real go command.
func TestDlv_RealMachine(t *testing.T) {
	_, bin, proj := testRealMachine(t, nil)
	toolbintest.Build(t, "github.com/go-delve/delve", "v1.23.0", "", toolbintest.Package("cmd/dlv"), toolbintest.Into(bin))
	r := checktest.Run(t, Dlv, facts.System{}, facts.Options{Dir: proj})
	local := toolbintest.LocalGoVersion(t)
	checktest.Only(t, r, check.Error, "Version of Delve is too old for Go version "+local, filepath.Join(bin, "dlv"))
}

func TestDlv_VSCodePointsAtMissingFile(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.File("/work/.vscode/settings.json", "{\n  // debugger\n  \"go.alternateTools\": {\"dlv\": \"/opt/delve/dlv\",},\n}\n")
	checktest.Only(t, testRun(t, Dlv, o), check.Warning,
		"VS Code's go.alternateTools (/work/.vscode/settings.json:3) points dlv at /opt/delve/dlv, which does not exist.")
}

func TestDlv_RealInstall(t *testing.T) {
	testRealInstall(t, Dlv, "github.com/go-delve/delve/cmd/dlv")
}

func TestDlv_TwoFindingsKeepTheirOwnEvidence(t *testing.T) {
	o := testMachine(t, "go1.26.8", testGoMod)
	o.Arch("arm64")
	o.Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod", "GOPATH=/home/u/go", "GOHOSTARCH=amd64")
	o.Executable("/home/u/go/bin/dlv", dlvBin(t, "v1.23.0", "", toolbintest.Target("linux", "amd64")))
	r := testRun(t, Dlv, o)
	if len(r.Findings) != 2 || r.Worst() != check.Error {
		t.Fatalf("want a warning and an error:\n%s", testText(r))
	}
	arch, rng := checktest.Text(r.Findings[0]), checktest.Text(r.Findings[1])
	if !strings.Contains(arch, "go env GOHOSTARCH: amd64") || strings.Contains(arch, "Delve v1.23.0 supports") {
		t.Errorf("architecture finding evidence:\n%s", arch)
	}
	if !strings.Contains(rng, "Delve v1.23.0 supports: Go 1.21 to 1.23") || strings.Contains(rng, "GOHOSTARCH") {
		t.Errorf("range finding evidence:\n%s", rng)
	}
}

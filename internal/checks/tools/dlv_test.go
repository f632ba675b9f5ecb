package checks

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
	"github.com/godx-dev/godx/internal/modversion"
)

// toolverTestFake is a Linux machine with goVersion in /usr/local/go,
// GOPATH /home/u/go (its bin first on PATH), GOTOOLCHAIN=auto from
// $GOROOT/go.env, and a module in /work whose go.mod is gomod ("" for no
// module).
func toolverTestFake(t *testing.T, goVersion, gomod string) *factstest.Machine {
	t.Helper()
	o := factstest.NewMachine(t).Linux().Path("/home/u/go/bin", "/usr/local/go/bin", "/usr/bin")
	if gomod == "" {
		return o.Go("/usr/local/go", goVersion, "GOMOD=/dev/null", "GOPATH=/home/u/go")
	}
	return o.Go("/usr/local/go", goVersion, "GOMOD=/work/go.mod", "GOPATH=/home/u/go").File("/work/go.mod", gomod)
}

// toolverTestHome is a HOME for tests that run the real go command. It is
// not a t.TempDir: the go command may leave a telemetry child process
// writing under it after it exits, which would make TempDir's cleanup fail.
func toolverTestHome(t *testing.T) string {
	t.Helper()
	home, err := os.MkdirTemp("", "godx-tools-home-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(home) })
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	return home
}

func toolverTestRun(t *testing.T, c *check.Check, o facts.OS) checktest.Result {
	t.Helper()
	r := checktest.Run(t, c, o, facts.Options{})
	if r.Err != nil {
		t.Fatalf("Run: %v", r.Err)
	}
	return r
}

func toolverTestText(r checktest.Result) string {
	var b strings.Builder
	for _, fd := range r.Findings {
		b.WriteString("[" + fd.Severity.String() + "] " + checktest.Text(fd) + "\n---\n")
	}
	return b.String()
}

func toolsDlvBin(t *testing.T, ver, goVersion string, opts ...toolbintest.Option) string {
	t.Helper()
	return string(toolbintest.Bytes(t, "github.com/go-delve/delve", ver, goVersion, append([]toolbintest.Option{toolbintest.Package("cmd/dlv")}, opts...)...))
}

const toolsDlvGoMod = "module example.com/m\n\ngo 1.26\n"

func TestToolsDlv_NotInstalled(t *testing.T) {
	r := toolverTestRun(t, ToolsDlv, toolverTestFake(t, "go1.26.8", toolsDlvGoMod))
	checktest.Clean(t, r, "dlv is not installed")
}

func TestToolsDlv_CleanGivesNoFinding(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", ""))
	r := toolverTestRun(t, ToolsDlv, o)
	checktest.Clean(t, r, "dlv v1.26.3 (first on PATH, in GOPATH/bin) supports go1.26.8")

	// Outside a module, a newer build Go is fine too.
	o = toolverTestFake(t, "go1.25.3", "")
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", ""))
	checktest.Clean(t, toolverTestRun(t, ToolsDlv, o), "supports go1.25.3")
}

func TestToolsDlv_TooOldForGo(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.23.0", ""))
	fd := checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error,
		"Delve v1.23.0, which supports Go 1.21 to 1.23, but your programs are built with go1.26.8",
		"Version of Delve is too old for Go version go1.26.8 (maximum supported version 1.23, suppress this error with --check-go-version=false)",
		"/home/u/go/bin/dlv",
		"github.com/go-delve/delve v1.23.0")
	if got, want := fd.Fix.Commands, "GOTOOLCHAIN=go1.26.8+auto go install github.com/go-delve/delve/cmd/dlv@latest"; len(got) != 1 || got[0] != want {
		t.Errorf("fix = %q, want %q", got, want)
	}
}

func TestToolsDlv_ToolchainSwitchDecidesTheGo(t *testing.T) {
	gomod := "module example.com/m\n\ngo 1.27.0\n"
	// GOTOOLCHAIN=auto ($GOROOT/go.env): the go command switches to
	// go1.27.0, which Delve v1.26.3 does not support.
	o := toolverTestFake(t, "go1.26.8", gomod)
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", ""))
	fd := checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error,
		"Version of Delve is too old for Go version go1.27.0 (maximum supported version 1.26",
		"GOTOOLCHAIN=auto (from /usr/local/go/go.env) lets it switch to the go1.27.0 that the go line of /work/go.mod asks for",
		"GOTOOLCHAIN=go1.27.0+auto go install github.com/go-delve/delve/cmd/dlv@latest")
	_ = fd

	// GOTOOLCHAIN=local: the local go1.26.8 would build (if it could; the
	// go line stops it, which module/toolchain reports): nothing for dlv.
	o = toolverTestFake(t, "go1.26.8", gomod)
	o.Export("GOTOOLCHAIN=local")
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", ""))
	checktest.Clean(t, toolverTestRun(t, ToolsDlv, o), "supports go1.26.8")

	// A toolchain line counts too, and a pinned GOTOOLCHAIN wins.
	o = toolverTestFake(t, "go1.26.8", "module example.com/m\n\ngo 1.24\n\ntoolchain go1.27.2\n")
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", ""))
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error, "go1.27.2", "go.mod toolchain line")
	o.Export("GOTOOLCHAIN=go1.25.1")
	checktest.Clean(t, toolverTestRun(t, ToolsDlv, o), "supports go1.25.1")
}

func TestToolsDlv_GoTooOldForDelve(t *testing.T) {
	o := toolverTestFake(t, "go1.22.5", "module example.com/m\n\ngo 1.22\n")
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.27.0", ""))
	fd := checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error,
		"Go version go1.22.5 is too old for this version of Delve (minimum supported version 1.25, suppress this error with --check-go-version=false)",
		"Delve v1.25.2, the newest release that supports Go 1.22")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "go install github.com/go-delve/delve/cmd/dlv@v1.25.2" {
		t.Errorf("fix = %q", got)
	}
}

func TestToolsDlv_OldReleaseOldMessageNoSettings(t *testing.T) {
	// Delve v1.7.0 built with go1.16: no GOOS/GOARCH recorded, and the
	// pre-v1.7.3 wording of the error.
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.7.0", "go1.16.1", toolbintest.NoSettings()))
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error,
		"Version of Delve is too old for this version of Go (maximum supported version 1.17, suppress this error with --check-go-version=false)",
		"built with: go1.16.1",
		"not recorded (binaries built before Go 1.18 record no GOOS/GOARCH)")
}

func TestToolsDlv_DWARF5NeedsNewerBuildGo(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", "go1.24.1"))
	fd := checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error,
		"To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later",
		"was built with go1.24.1")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "GOTOOLCHAIN=go1.26.8+auto go install github.com/go-delve/delve/cmd/dlv@v1.26.3" {
		t.Errorf("fix = %q", got)
	}
	// The build Go 1.24 writes DWARF 4: no problem.
	o = toolverTestFake(t, "go1.24.9", "module example.com/m\n\ngo 1.24\n")
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", "go1.24.1"))
	checktest.Clean(t, toolverTestRun(t, ToolsDlv, o))
}

func TestToolsDlv_WrongArchitecture(t *testing.T) {
	// An amd64 dlv on an arm64 Linux machine.
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Arch("arm64")
	bin := toolsDlvBin(t, "v1.26.3", "", toolbintest.Target("linux", "amd64"))
	o.Executable("/home/u/go/bin/dlv", bin)
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Warning,
		"is built for linux/amd64, but this machine is linux/arm64",
		"go install github.com/go-delve/delve/cmd/dlv@v1.26.3")

	// On an Apple silicon Mac it is Rosetta, which Delve refuses.
	o = toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.OSName = "darwin"
	o.Arch("arm64")
	o.Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod", "GOPATH=/home/u/go", "GOHOSTARCH=amd64")
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", "", toolbintest.Target("darwin", "amd64")))
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error,
		"can not run under Rosetta, check that the installed build of Go is right for your CPU architecture",
		"Your go command is itself built for amd64 (go env GOHOSTARCH)")
}

func TestToolsDlv_DevelBuild(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "", ""))
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Info,
		`development build of Delve (version "(devel)")`, "go install github.com/go-delve/delve/cmd/dlv@latest")

	// Another Go program called dlv: the fix installs Delve, not it.
	o.Executable("/home/u/go/bin/dlv", string(toolbintest.Bytes(t, "example.com/wrap/dlv", "", "")))
	fd := checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Info,
		"is not Delve (its main module is example.com/wrap/dlv (devel))", "go install github.com/go-delve/delve/cmd/dlv@latest")
	if strings.Contains(checktest.Text(fd), "go install example.com") {
		t.Errorf("fix installs the wrapper:\n%s", checktest.Text(fd))
	}

	// A release of another program called dlv is not compared with
	// Delve's table (v0.23.0 would read as a Delve older than any known).
	o.Executable("/home/u/go/bin/dlv", string(toolbintest.Bytes(t, "golang.org/x/tools/gopls", "v0.23.0", "")))
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Info, "is not Delve (its main module is golang.org/x/tools/gopls v0.23.0)")
}

func TestToolsDlv_ShimAndNotGo(t *testing.T) {
	// A version-manager shim: godx asks it.
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	var gotEnv []string
	o.AddCommand("/home/u/go/bin/dlv", func(ctx context.Context, c facts.Command) facts.Result {
		gotEnv = c.Env
		return factstest.Output("Delve Debugger\nVersion: 1.23.0\nBuild: $Id: abc $\n")
	})
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error, "Delve v1.23.0", "Version of Delve is too old for Go version go1.26.8")
	if !strings.Contains(strings.Join(gotEnv, "\n"), "GOTOOLCHAIN=local") {
		t.Errorf("dlv version ran without GOTOOLCHAIN=local: %q", gotEnv)
	}

	// A shim that cannot say: info, not a false alarm.
	o = toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Command("/home/u/go/bin/dlv", factstest.Failure(126, "No version is set for command dlv\n"))
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Info, "is not a Go executable", "No version is set for command dlv")

	// A valid executable without Go build information.
	o = toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Executable("/home/u/go/bin/dlv", string(toolbintest.Bytes(t, "github.com/go-delve/delve", "", "", toolbintest.Package("cmd/dlv"), toolbintest.NotGo())))
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Info, "not a Go executable")

	// An unreadable file.
	o = toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.AddFile("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", ""), 0o311)
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Info, "godx cannot read", "permission denied")
}

func TestToolsDlv_ToolDirective(t *testing.T) {
	gomod := "module example.com/m\n\ngo 1.26\n\ntool github.com/go-delve/delve/cmd/dlv\n\nrequire github.com/go-delve/delve v1.23.0\n"
	o := toolverTestFake(t, "go1.26.8", gomod)
	fd := checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error,
		"The dlv tool directive in /work/go.mod:5 (github.com/go-delve/delve v1.23.0)",
		"Version of Delve is too old for Go version go1.26.8")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "go get -tool github.com/go-delve/delve/cmd/dlv@latest" {
		t.Errorf("fix = %q", got)
	}
}

func TestToolsDlv_ShadowedCopyIsOnlyEvidence(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Path("/home/u/go/bin", "/usr/local/go/bin", "/opt/old/bin")
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.26.3", ""))
	o.Executable("/opt/old/bin/dlv", toolsDlvBin(t, "v1.23.0", ""))
	r := toolverTestRun(t, ToolsDlv, o)
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

func TestToolsDlv_Windows(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		File("C:/work/go.mod", toolsDlvGoMod).
		Go("C:/Go", "go1.26.8", `GOMOD=C:\work\go.mod`, `GOPATH=C:\Users\u\go`).
		Path(`C:\Users\u\go\bin`, `C:\Go\bin`).
		Executable("C:/Users/u/go/bin/dlv.exe", toolsDlvBin(t, "v1.23.0", "", toolbintest.Target("windows", "amd64")))
	fd := checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Error, "Version of Delve is too old for Go version go1.26.8")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != `cmd /c "set GOTOOLCHAIN=go1.26.8+auto&& go install github.com/go-delve/delve/cmd/dlv@latest"` {
		t.Errorf("fix = %q", got)
	}
}

func TestToolsDlv_Table(t *testing.T) {
	for _, tc := range []struct {
		v             string
		min, max      int
		exact, known  bool
		bestFor       int
		bestForResult string
	}{
		{"v1.26.3", 24, 26, true, true, 22, "v1.25.2"},
		{"v1.26.4", 24, 26, false, true, 26, "v1.27.2"},
		{"v1.25.0", 21, 24, true, true, 27, "v1.27.2"},
		{"v1.8.2", 16, 18, true, true, 17, "v1.9.1"},
		{"v1.28.0", 0, 0, false, false, 30, ""},
		{"v1.3.0", 0, 0, false, false, 11, "v1.4.0"},
	} {
		r, exact, known := toolsDlvLookup(tc.v)
		if known != tc.known || exact != tc.exact || (known && (r.min != tc.min || r.max != tc.max)) {
			t.Errorf("%s: got %+v exact=%v known=%v", tc.v, r, exact, known)
		}
		if got := toolsDlvBest(tc.bestFor); got != tc.bestForResult {
			t.Errorf("best for 1.%d = %q, want %q", tc.bestFor, got, tc.bestForResult)
		}
	}
	// Rows are ordered and do not overlap.
	for i := 1; i < len(toolsDlvTable); i++ {
		if modversion.Compare(toolsDlvTable[i].from, toolsDlvTable[i-1].to) <= 0 {
			t.Errorf("row %d overlaps the previous one", i)
		}
	}
}

func TestToolsDlv_NewerPatchThanTableIsAWarning(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Command("/home/u/go/bin/dlv", factstest.Output("Delve Debugger\nVersion: 1.23.7\n"))
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Warning, "assumed to support what v1.23.1 does")
}

// TestToolsDlv_RealMachine runs the check against this machine with a real
// dlv stand-in in a temporary GOPATH/bin and the real go command.
func TestToolsDlv_RealMachine(t *testing.T) {
	_, bin, proj := toolverTestRealMachine(t, nil)
	toolbintest.Build(t, "github.com/go-delve/delve", "v1.23.0", "", toolbintest.Package("cmd/dlv"), toolbintest.Into(bin))
	r := checktest.Run(t, ToolsDlv, facts.System{}, facts.Options{Dir: proj})
	local := toolbintest.LocalGoVersion(t)
	checktest.Only(t, r, check.Error, "Version of Delve is too old for Go version "+local, filepath.Join(bin, "dlv"))
}

func TestToolsDlv_VSCodePointsAtMissingFile(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.File("/work/.vscode/settings.json", "{\n  // debugger\n  \"go.alternateTools\": {\"dlv\": \"/opt/delve/dlv\",},\n}\n")
	checktest.Only(t, toolverTestRun(t, ToolsDlv, o), check.Warning,
		"VS Code's go.alternateTools (/work/.vscode/settings.json:3) points dlv at /opt/delve/dlv, which does not exist.")
}

// toolverTestRealInstall installs the real pkg@latest from the module proxy
// into a temporary GOBIN (built with at least the local go) and runs c in a
// fresh go 1.22 module. It needs the network, so it only runs with
// GODX_TEST_REAL_TOOLS=1; it expects no warning or error.
// toolverTestRealMachine prepares a run against this machine: the real go
// command on PATH after bin (a fresh GOPATH/bin), a fresh HOME, and a project
// directory holding files (go.mod defaults to a go 1.22 module). It skips
// when /usr/local/go is missing.
func toolverTestRealMachine(t *testing.T, files map[string]string) (gopath, bin, proj string) {
	t.Helper()
	goBin := "/usr/local/go/bin"
	if _, err := os.Stat(filepath.Join(goBin, "go")); err != nil {
		t.Skip("needs the go command in /usr/local/go/bin")
	}
	gopath, proj = t.TempDir(), t.TempDir()
	bin = filepath.Join(gopath, "bin")
	if _, ok := files["go.mod"]; !ok {
		files = maps.Clone(files)
		if files == nil {
			files = map[string]string{}
		}
		files["go.mod"] = "module example.com/m\n\ngo 1.22\n"
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(proj, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", toolverTestHome(t))
	t.Setenv("GOPATH", gopath)
	t.Setenv("GOBIN", "")
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("PATH", bin+string(os.PathListSeparator)+goBin)
	return gopath, bin, proj
}

func toolverTestRealInstall(t *testing.T, c *check.Check, pkg string) {
	t.Helper()
	if os.Getenv("GODX_TEST_REAL_TOOLS") != "1" {
		t.Skip("set GODX_TEST_REAL_TOOLS=1 to install the real tool from the module proxy")
	}
	local := toolbintest.LocalGoVersion(t)
	gopath, bin, proj := toolverTestRealMachine(t, nil)
	cmd := exec.Command(filepath.Join("/usr/local/go/bin", "go"), "install", pkg+"@latest")
	// The module cache lives in the temporary GOPATH, written read-write so
	// that TempDir can remove it.
	cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOTOOLCHAIN="+local+"+auto", "GOFLAGS=-modcacherw", "GOPATH="+gopath, "GOMODCACHE=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install %s@latest: %v\n%s", pkg, err, out)
	}
	r := checktest.Run(t, c, facts.System{}, facts.Options{Dir: proj})
	if r.Err != nil || r.SkipReason != "" {
		t.Fatalf("err=%v skip=%q", r.Err, r.SkipReason)
	}
	for _, fd := range r.Findings {
		if fd.Severity > check.Info {
			t.Errorf("real %s: %s", pkg, checktest.Text(fd))
		}
	}
	t.Logf("%s", r.Summary)
}

func TestToolsDlv_RealInstall(t *testing.T) {
	toolverTestRealInstall(t, ToolsDlv, "github.com/go-delve/delve/cmd/dlv")
}

func TestToolsDlv_TwoFindingsKeepTheirOwnEvidence(t *testing.T) {
	o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
	o.Arch("arm64")
	o.Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod", "GOPATH=/home/u/go", "GOHOSTARCH=amd64")
	o.Executable("/home/u/go/bin/dlv", toolsDlvBin(t, "v1.23.0", "", toolbintest.Target("linux", "amd64")))
	r := toolverTestRun(t, ToolsDlv, o)
	if len(r.Findings) != 2 || r.Worst() != check.Error {
		t.Fatalf("want a warning and an error:\n%s", toolverTestText(r))
	}
	arch, rng := checktest.Text(r.Findings[0]), checktest.Text(r.Findings[1])
	if !strings.Contains(arch, "go env GOHOSTARCH: amd64") || strings.Contains(arch, "Delve v1.23.0 supports") {
		t.Errorf("architecture finding evidence:\n%s", arch)
	}
	if !strings.Contains(rng, "Delve v1.23.0 supports: Go 1.21 to 1.23") || strings.Contains(rng, "GOHOSTARCH") {
		t.Errorf("range finding evidence:\n%s", rng)
	}
}

// A cloned repository's .vscode/settings.json must not make godx run a
// program: a wrapper named only there is reported, never asked. The same
// wrapper named in the user's own settings is asked.
func TestToolsDlv_ProjectNamedWrapperIsNeverRun(t *testing.T) {
	for _, c := range []*check.Check{ToolsGopls, ToolsDlv, ToolsGolangciLint, ToolsStaticcheck} {
		t.Run(c.ID, func(t *testing.T) {
			for _, scope := range []string{"/work/.vscode/settings.json", "/home/u/.config/Code/User/settings.json"} {
				o := toolverTestFake(t, "go1.26.8", toolsDlvGoMod)
				o.Dir("/work/.git")
				name := strings.TrimPrefix(c.ID, "tools/")
				o.File(scope, `{
	// names a script
	"go.alternateTools": {"`+name+`": "/work/tools/wrapper.sh",},
}`)
				o.Executable("/work/tools/wrapper.sh", "#!/bin/sh\necho pwned\n")
				ran := false
				o.AddCommand("/work/tools/wrapper.sh", func(ctx context.Context, cmd facts.Command) facts.Result {
					ran = true
					return factstest.Failure(1, "no")
				})
				r := toolverTestRun(t, c, o)
				byProject := strings.HasPrefix(scope, "/work/")
				if ran == byProject {
					t.Errorf("%s in %s: ran=%v", name, scope, ran)
				}
				if len(r.Findings) != 1 || r.Findings[0].Severity != check.Info {
					t.Fatalf("%s in %s: want one info:\n%s", name, scope, toolverTestText(r))
				}
				if txt := checktest.Text(r.Findings[0]); byProject && !strings.Contains(txt, "godx does not run it") {
					t.Errorf("%s: finding does not say why the file was not run:\n%s", name, txt)
				}
			}
		})
	}
}

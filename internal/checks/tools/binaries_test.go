package tools

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
	"github.com/godx-dev/godx/internal/gotoolchain"
)

// testMachine is a Linux machine with goVersion in /usr/local/go,
// GOPATH /home/u/go (its bin first on PATH), GOTOOLCHAIN=auto from
// $GOROOT/go.env, and a module in /work whose go.mod is gomod ("" for no
// module).
func testMachine(t *testing.T, goVersion, gomod string) *factstest.Machine {
	t.Helper()
	o := factstest.NewMachine(t).Linux().Path("/home/u/go/bin", "/usr/local/go/bin", "/usr/bin")
	if gomod == "" {
		return o.Go("/usr/local/go", goVersion, "GOMOD=/dev/null", "GOPATH=/home/u/go")
	}
	return o.Go("/usr/local/go", goVersion, "GOMOD=/work/go.mod", "GOPATH=/home/u/go").File("/work/go.mod", gomod)
}

// testHome is a HOME for tests that run the real go command. It is
// not a t.TempDir: the go command may leave a telemetry child process
// writing under it after it exits, which would make TempDir's cleanup fail.
func testHome(t *testing.T) string {
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

// testRun runs c on o, online, and fails the test if the check failed.
func testRun(t *testing.T, c *check.Check, o facts.OS) checktest.Result {
	t.Helper()
	r := checktest.Run(t, c, o, facts.Options{})
	if r.Err != nil {
		t.Fatalf("Run: %v", r.Err)
	}
	return r
}

// testText is every finding of r, with its severity, for a failure
// message.
func testText(r checktest.Result) string {
	var b strings.Builder
	for _, fd := range r.Findings {
		b.WriteString("[" + fd.Severity.String() + "] " + checktest.Text(fd) + "\n---\n")
	}
	return b.String()
}

// testGoMod is a go.mod of a module for Go 1.26.
const testGoMod = "module example.com/m\n\ngo 1.26\n"

// testRealMachine prepares a run against this machine: the real go
// command on PATH after bin (a fresh GOPATH/bin), a fresh HOME, and a project
// directory holding files (go.mod defaults to a go 1.22 module). It skips
// when /usr/local/go is missing.
func testRealMachine(t *testing.T, files map[string]string) (gopath, bin, proj string) {
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
	t.Setenv("HOME", testHome(t))
	t.Setenv("GOPATH", gopath)
	t.Setenv("GOBIN", "")
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("PATH", bin+string(os.PathListSeparator)+goBin)
	return gopath, bin, proj
}

// testRealInstall installs the real pkg@latest from the module proxy
// into a temporary GOBIN (built with at least the local go) and runs c in a
// fresh go 1.22 module. It needs the network, so it only runs with
// GODX_TEST_REAL_TOOLS=1; it expects no warning or error.
func testRealInstall(t *testing.T, c *check.Check, pkg string) {
	t.Helper()
	if os.Getenv("GODX_TEST_REAL_TOOLS") != "1" {
		t.Skip("set GODX_TEST_REAL_TOOLS=1 to install the real tool from the module proxy")
	}
	local := toolbintest.LocalGoVersion(t)
	gopath, bin, proj := testRealMachine(t, nil)
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

// A cloned repository's .vscode/settings.json must not make godx run a
// program: a wrapper named only there is reported, never asked. The same
// wrapper named in the user's own settings is asked.
func TestProjectNamedWrapperIsNeverRun(t *testing.T) {
	for _, c := range []*check.Check{Gopls, Dlv, GolangciLint, Staticcheck} {
		t.Run(c.ID, func(t *testing.T) {
			for _, scope := range []string{"/work/.vscode/settings.json", "/home/u/.config/Code/User/settings.json"} {
				o := testMachine(t, "go1.26.8", testGoMod)
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
				r := testRun(t, c, o)
				byProject := strings.HasPrefix(scope, "/work/")
				if ran == byProject {
					t.Errorf("%s in %s: ran=%v", name, scope, ran)
				}
				if len(r.Findings) != 1 || r.Findings[0].Severity != check.Info {
					t.Fatalf("%s in %s: want one info:\n%s", name, scope, testText(r))
				}
				if txt := checktest.Text(r.Findings[0]); byProject && !strings.Contains(txt, "godx does not run it") {
					t.Errorf("%s: finding does not say why the file was not run:\n%s", name, txt)
				}
			}
		})
	}
}

// The checks that ask which Go builds the project (projectGo, readBuild
// for a tool directive) must declare the toolchain selection they read:
// check.ResultOf refuses an undeclared fact, and projectGo would then
// silently fall back to the local go.
func TestProjectGoIsDeclared(t *testing.T) {
	for _, c := range []*check.Check{Dlv, GolangciLint, Staticcheck, TinyGo} {
		if !slices.Contains(c.Requires, facts.Requirement(gotoolchain.ProjectToolchain)) {
			t.Errorf("%s does not list gotoolchain.ProjectToolchain in Requires", c.ID)
		}
	}
}

// A tool directive is built by `go tool` with the toolchain the go
// command selects for the project: for staticcheck that is the Go that
// must be new enough for the go line, and the Go whose export data the
// release must read (2026.1 cannot read go1.27's; 2026.2.2 can).
func TestStaticcheck_ToolDirectiveBuiltBySelectedGo(t *testing.T) {
	gomod := "module example.com/m\n\ngo 1.27.0\n\ntool honnef.co/go/tools/cmd/staticcheck\n\nrequire honnef.co/go/tools v0.8.2\n"
	r := testRun(t, Staticcheck, testMachine(t, "go1.26.8", gomod))
	checktest.Clean(t, r, "staticcheck 2026.2.2 (v0.8.2) built with go1.27.0 (pinned by a go.mod tool directive)")

	gomod = "module example.com/m\n\ngo 1.27.0\n\ntool honnef.co/go/tools/cmd/staticcheck\n\nrequire honnef.co/go/tools v0.7.0\n"
	fd := checktest.Only(t, testRun(t, Staticcheck, testMachine(t, "go1.26.8", gomod)), check.Error, "cannot read the export data of go1.27.0")
	if got := fd.Fix.Commands; len(got) != 1 || got[0] != "go get -tool honnef.co/go/tools/cmd/staticcheck@latest" {
		t.Errorf("fix = %q", got)
	}
}

package probe

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/wintest/wine"
)

// envOS is the real machine with an environment of the test's making.
type envOS struct {
	facts.System
	env []string
}

func (o envOS) Environ() []string { return o.env }

// machine is the real machine whose environment is this process's with
// the given overrides, godx's cache folder in a temporary directory (so
// the test sees the scratch module go) and the real build cache (so the
// builds are warm after the first run). It returns the project
// directory and the folder scratch modules are made in.
type machine struct {
	os      envOS
	dir     string
	scratch string
	t       *testing.T
}

func realMachine(t *testing.T, overrides ...string) *machine {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go command on PATH")
	}
	cache := t.TempDir()
	// godx's cache folder is XDG_CACHE_HOME on Linux, LocalAppData on
	// Windows; GOCACHE is set explicitly so that moving them keeps the
	// real build cache.
	env := append(os.Environ(), "XDG_CACHE_HOME="+cache, "LocalAppData="+cache, "GOCACHE="+buildCache(t, goCmd), "GOFLAGS=", "GOCACHEPROG=")
	env = append(env, overrides...)
	return &machine{os: envOS{env: dedupEnv(env)}, dir: t.TempDir(), scratch: filepath.Join(cache, "godx", "probe"), t: t}
}

// buildCache is the real build cache (go env GOCACHE).
func buildCache(t *testing.T, goCmd string) string {
	t.Helper()
	out, err := exec.Command(goCmd, "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// needBuild skips a test whose go commands must build: the official
// go.exe cannot under Wine 8 (its os.RemoveAll fails there;
// internal/wintest/wine), and trying costs minutes.
func needBuild(t *testing.T) {
	t.Helper()
	if wine.Detected() {
		t.Skip("the official go.exe cannot build under Wine 8 (its os.RemoveAll fails there; internal/wintest/wine)")
	}
}

// dedupEnv keeps the last value of each variable, as os/exec does, so
// that facts (first wins, like getenv) sees the overrides.
func dedupEnv(env []string) []string {
	last := map[string]int{}
	for i, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		last[k] = i
	}
	var out []string
	for i, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if last[k] == i {
			out = append(out, kv)
		}
	}
	return out
}

// run runs c and asserts that its scratch module is gone afterwards and
// that nothing was written into the project.
func (m *machine) run(c *check.Check) checktest.Result {
	m.t.Helper()
	r := checktest.Run(m.t, c, m.os, facts.Options{Dir: m.dir})
	if entries, err := os.ReadDir(m.scratch); err == nil && len(entries) > 0 {
		m.t.Errorf("scratch modules left behind in %s: %v", m.scratch, entries)
	}
	if entries, _ := os.ReadDir(m.dir); len(entries) > 0 {
		m.t.Errorf("the probe wrote into the project: %v", entries)
	}
	return r
}

func measured(t *testing.T, r checktest.Result, names ...string) {
	t.Helper()
	for _, n := range names {
		found := false
		for _, m := range r.Measurements {
			if m.Name == n && m.Seconds > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("no measurement %q in %+v", n, r.Measurements)
		}
	}
}

func TestBuildTestCrossReal(t *testing.T) {
	needBuild(t)
	m := realMachine(t)
	r := m.run(Build)
	checktest.Clean(t, r, "built and ran a hello-world")
	measured(t, r, "build", "run")

	r = m.run(Test)
	checktest.Clean(t, r, "ran a one-test package with go test")
	measured(t, r, "test")

	r = m.run(Cross)
	checktest.Clean(t, r, "cross-compiled a hello-world for 5 targets")
	var names []string
	for _, tgt := range CrossTargets {
		names = append(names, "cross "+tgt)
	}
	measured(t, r, names...)
}

// A GOFLAGS the go command's own `go env` ignores breaks every build; the
// probes quote the tool's first words, not its usage message.
func TestBuildBadGoflagsReal(t *testing.T) {
	m := realMachine(t, "GOFLAGS=-ldflags=-bogusflag")
	r := m.run(Build)
	fd := checktest.Only(t, r, check.Error, "go build -o", "flag provided but not defined: -bogusflag", "usage: link")
	if checktest.Evidence(fd.Evidence, "environment added") != "GOPROXY=off GOWORK=off GOTOOLCHAIN=local" {
		t.Errorf("evidence: %v", fd.Evidence)
	}
	measured(t, r, "build")
	r = m.run(Test)
	checktest.Only(t, r, check.Error, "go test", "flag provided but not defined: -bogusflag")
}

func needGCC(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("needs gcc on PATH")
	}
}

func TestCgoRaceWithGCCReal(t *testing.T) {
	needGCC(t)
	m := realMachine(t, "CC=gcc", "CGO_ENABLED=1")
	r := m.run(Cgo)
	checktest.Clean(t, r, "built and ran a cgo hello-world with CC=gcc")
	measured(t, r, "cgo build", "cgo run")
	r = m.run(Race)
	checktest.Clean(t, r, "built and ran a -race hello-world")
	measured(t, r, "race build", "race run")
}

func TestCgoRaceMissingCompilerReal(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-cc")
	m := realMachine(t, "CC="+missing)
	// The go command quotes the path as Go does (C:\\ on Windows).
	want := "cgo: C compiler " + strconv.Quote(missing) + " not found"
	r := m.run(Cgo)
	checktest.Only(t, r, check.Error, want, "cgo needs a C compiler")
	if wine.Detected() {
		// -race compiles the standard library again before runtime/cgo
		// fails (minutes under Wine); the quoting is the same.
		t.Skip("the -race build is left out under Wine")
	}
	r = m.run(Race)
	checktest.Only(t, r, check.Warning, "it needs a C compiler, and CC="+missing+" is not found", want)
}

func TestRaceCgoOffReal(t *testing.T) {
	m := realMachine(t, "CGO_ENABLED=0")
	r := m.run(Cgo)
	checktest.Skipped(t, r, `CGO_ENABLED is "0"`)
	r = m.run(Race)
	checktest.Only(t, r, check.Warning, "it needs cgo, and CGO_ENABLED=0 (environment variable)", "go: -race requires cgo; enable cgo by setting CGO_ENABLED=1")
}

// On an OS that cannot remove a scratch directory (a fake), no probe runs.
func TestProbesNeedRealSystem(t *testing.T) {
	fm := factstest.NewMachine(t).Linux().Go("/usr/local/go", "go1.26.8").Path("/usr/local/go/bin")
	for _, c := range []*check.Check{Build, Test, Race, Cross} {
		r := checktest.Run(t, c, fm, facts.Options{})
		checktest.Skipped(t, r, "cannot remove a scratch directory")
	}
}

package net_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/checks"
	"github.com/godx-dev/godx/internal/checks/net"
	"github.com/godx-dev/godx/internal/engine"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/goproxy"
	"github.com/godx-dev/godx/internal/report"
)

// deadNetworkEnv prepares the real machine for a whole-doctor run whose
// only network traffic goes to goproxyValue and gosumdb (loopback
// addresses).
func deadNetworkEnv(t testing.TB, goproxyValue, gosumdb string) string {
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	mod := filepath.Join(dir, "m")
	for _, d := range []string{home, mod} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m\n\ngo 1.26\n\nrequire golang.org/x/mod v0.20.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("USERPROFILE", home)
	t.Setenv("APPDATA", filepath.Join(home, "AppData", "Roaming"))
	t.Setenv("LOCALAPPDATA", filepath.Join(home, "AppData", "Local"))
	t.Setenv("GOPROXY", goproxyValue)
	t.Setenv("GOSUMDB", gosumdb)
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "-buildvcs=false")
	for _, k := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE"} {
		t.Setenv(k, "")
	}
	path := "/usr/local/go/bin:/usr/bin:/bin"
	if runtime.GOOS == "windows" { // the go command's own folder
		gobin, err := exec.LookPath("go")
		if err != nil {
			t.Skip("no go command on PATH")
		}
		path = filepath.Dir(gobin)
	}
	t.Setenv("PATH", path)
	return mod
}

// deadNetworkDoctor runs the whole doctor in dir on the real machine and
// returns the report and the run's facts. With generous > 0 every time
// limit of the run is raised to it — the run's budget, each command's
// (facts.Options.CommandTimeout), each check's and the network checks'
// shared budget — so far that no load on the test machine reaches them:
// `go env` alone can take seconds on a busy machine, and a check stopped
// at its timeout would say nothing about what it found. A silent server
// still costs each request facts.NetRequestTimeout, which stays. With 0
// the run has godx's own limits.
func deadNetworkDoctor(t testing.TB, dir string, generous time.Duration) (*report.Report, *facts.Facts) {
	budget, all, opts := engine.DefaultBudget, checks.All(), facts.Options{Dir: dir}
	if generous > 0 {
		saved := goproxy.Budget
		goproxy.Budget = generous
		t.Cleanup(func() { goproxy.Budget = saved })
		budget, opts.CommandTimeout = generous, generous
		all = nil
		for _, c := range checks.All() {
			c2 := *c
			c2.Timeout = generous
			all = append(all, &c2)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	f, err := facts.New(ctx, facts.System{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := engine.Run(ctx, all, f, engine.Options{Budget: budget})
	if err != nil {
		t.Fatal(err)
	}
	return rep, f
}

func resultOf(t testing.TB, rep *report.Report, id string) report.CheckResult {
	t.Helper()
	for _, r := range rep.Checks {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no result for %s", id)
	return report.CheckResult{}
}

// The quality bar: on a dead network every network check reports the
// failure itself (rather than being abandoned at its timeout), naming it.
// These run the whole doctor on the real machine (System), with GOPROXY
// and the checksum database at a closed loopback port or at a loopback
// listener that never answers.
//
// No assertion here depends on timing: the time limits are generous, and
// the bound that makes the doctor fast on a dead network — no request
// starts after the shared deadline and each ends by it — is proven on a
// logical clock in internal/goproxy (TestWalkEntries_HangingEntriesShareOneDeadline,
// TestFindRoute_HangingProxies, TestLookup_HangingProxySharesTheDeadline).
// BenchmarkGoproxy_DeadNetwork measures the real time with godx's own limits.
func TestGoproxy_WholeDoctorDeadNetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the real go command")
	}
	if _, err := os.Stat("/usr/local/go/bin/go"); err != nil {
		t.Skip("needs the real go at /usr/local/go")
	}
	silent, silent2 := factstest.SilentListener(t), factstest.SilentListener(t)
	cases := []struct {
		name, addr string
		goproxy    string // GOPROXY when not just http://addr
		status     report.Status
		want       string
		asked      int // GOPROXY entries the walk asked
	}{
		{"closed port", factstest.ClosedPort(t), "", report.Error, "connection refused", 1},
		{"silent listener", silent, "", report.Warning, "no answer within", 1},
		// Two hanging entries that fall through on errors: the walk asks
		// each once, then reaches direct.
		{"two silent listeners", silent, "http://" + silent + "|http://" + silent2 + "|direct", report.Warning, "no answer within", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			goproxyValue := c.goproxy
			if goproxyValue == "" {
				goproxyValue = "http://" + c.addr
			}
			dir := deadNetworkEnv(t, goproxyValue, net.SumdbKeyForTest(t)+" http://"+c.addr)
			rep, f := deadNetworkDoctor(t, dir, 2*time.Minute)
			for _, id := range []string{"net/goproxy", "net/gosumdb"} {
				r := resultOf(t, rep, id)
				if r.Status == report.Timeout {
					t.Errorf("%s timed out instead of reporting the failure", id)
				}
				if len(r.Findings) == 0 || !strings.Contains(checktest.Text(r.Findings[0]), c.want) {
					t.Errorf("%s: status %s findings %+v, want %q", id, r.Status, r.Findings, c.want)
				}
			}
			if r := resultOf(t, rep, "net/goproxy"); r.Status != c.status {
				t.Errorf("net/goproxy status %s, want %s", r.Status, c.status)
			}
			if r := resultOf(t, rep, "net/private-modules"); r.Status != report.OK && r.Status != report.Skipped {
				t.Errorf("net/private-modules: %s %+v", r.Status, r.Findings)
			}
			// The run's own walk: each entry asked once (answers are shared
			// and never retried), every failure classified.
			w, err := goproxy.Walked.Get(f)
			if err != nil {
				t.Fatal(err)
			}
			if len(w.Failures()) != c.asked || len(w.Steps) < c.asked {
				t.Errorf("walk %+v, want %d entries asked and failed", w, c.asked)
			}
			for _, s := range w.Failures() {
				if s.Probe.Failure == facts.NetOther {
					t.Errorf("unclassified failure at %s: %v", s.Entry, s.Probe.Err)
				}
			}
		})
	}
}

// BenchmarkGoproxy_DeadNetwork measures the whole doctor, with godx's own
// time limits, with GOPROXY at a loopback listener that accepts and never
// answers (the slowest dead network): it must stay under 3 s.
func BenchmarkGoproxy_DeadNetwork(b *testing.B) {
	if _, err := os.Stat("/usr/local/go/bin/go"); err != nil {
		b.Skip("needs the real go at /usr/local/go")
	}
	addr := factstest.SilentListener(b)
	dir := deadNetworkEnv(b, "http://"+addr, net.SumdbKeyForTest(b)+" http://"+addr)
	var worst time.Duration
	for b.Loop() {
		start := time.Now()
		deadNetworkDoctor(b, dir, 0)
		worst = max(worst, time.Since(start))
	}
	b.ReportMetric(worst.Seconds(), "worst-s")
}

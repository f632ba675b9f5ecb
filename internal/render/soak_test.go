package render

import (
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/soak"
)

func soakSample() *soak.Report {
	r := &soak.Report{Schema: soak.Schema, Started: time.Unix(0, 0), Finished: time.Unix(83, 0),
		Config:      soak.Config{Dir: "/src/app", Packages: []string{"./..."}, FailOn: soak.FailOnFlaky, ReproBuilds: 2},
		Environment: soak.Environment{GOOS: "linux", GOARCH: "amd64", NumCPU: 2}}
	for k := 0; k < 2; k++ {
		r.Repro = append(r.Repro, soak.Build{OK: true, Cache: "fresh", Binaries: []soak.Binary{{Name: "app", SHA256: "ab"}}})
	}
	for i := 1; i <= 8; i++ {
		outcome := soak.Pass
		if i == 3 {
			outcome = soak.Fail
		}
		r.Iterations = append(r.Iterations, soak.Iteration{N: i,
			Build: &soak.Build{OK: true, Cache: "shared", Binaries: []soak.Binary{{Name: "app", SHA256: "ab"}}, Usage: soak.Usage{WallSeconds: 1.5}},
			Test: &soak.TestRun{Usage: soak.Usage{WallSeconds: 4, PeakRSS: int64(80+10*i) << 20},
				Packages: []soak.PackageResult{{Package: "example.com/app", Outcome: outcome}},
				Tests: []soak.TestResult{{Package: "example.com/app", Test: "TestNet", Outcome: outcome,
					Output: "=== RUN   TestNet\n    net_test.go:14: dial tcp 127.0.0.1:8080: connection refused\n--- FAIL: TestNet (0.01s)\n"}}}})
	}
	soak.Analyze(r)
	return r
}

func TestSoakTextSummary(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	if err := SoakText(ios, soakSample()); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"Soak of ./... in /src/app: 8 runs in 1m23s (linux/amd64, 2 CPUs)",
		"✗ 1 flaky test",
		"example.com/app TestNet: passed 7 of 8 runs (88%), failed in runs 3",
		"net_test.go:14: dial tcp 127.0.0.1:8080: connection refused",
		"replay: go test -count=1 -run '^TestNet$' example.com/app",
		"✓ Reproducibility: reproducible — 10 builds (2 with separate fresh caches) gave identical binaries (1 binary)",
		"! Trends: 1 metric rising steadily",
		"go test peak memory (largest process, often go itself): +10.0 MiB per run",
		"Run 1 is a warm-up (cold caches): shown in the report's charts, left out of these figures.",
		"✗ 1 flaky test (--fail-on flaky)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b[") {
		t.Error("colour codes without a terminal")
	}
	if strings.Contains(got, "=== RUN") {
		t.Error("go test's framing lines are shown")
	}
	// The metrics table: titles left, numbers right-aligned.
	if !strings.Contains(got, "\n  Build wall time ") || !strings.Contains(got, "median") {
		t.Errorf("no metrics table:\n%s", got)
	}
}

func TestSoakTextInterruptedAndClean(t *testing.T) {
	r := soakSample()
	for i := range r.Iterations {
		r.Iterations[i].Test.Tests[0].Outcome = soak.Pass
		r.Iterations[i].Test.Packages[0].Outcome = soak.Pass
		r.Iterations[i].Test.PeakRSS = 80 << 20
	}
	r.Iterations = r.Iterations[:3]
	r.Interrupted = true
	soak.Analyze(r)
	ios, _, out, _ := iostreams.Test()
	if err := SoakText(ios, r); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"Interrupted: the summary covers the completed runs only.", "✓ No flaky tests",
		"Trends: not judged (fewer than 7 runs", "✓ Nothing to report under --fail-on flaky"} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
}

func TestSoakProgressPlainLines(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	errOut := &lockedBuffer{}
	ios.ErrOut = errOut
	p := StartSoakProgress(ios)
	r := soakSample()
	p.Phase(0, 8, "repro build 1/2 (fresh build cache: a cold build, often minutes; --repro 0 skips)")
	for i := range r.Iterations[:3] {
		p.Phase(i+1, 8, "build")
		p.Phase(i+1, 8, "test")
		p.Done(&r.Iterations[i])
	}
	p.Stop()
	got := errOut.String()
	if strings.Contains(got, "\r") || strings.Contains(got, "\x1b") {
		t.Errorf("redraws or escapes in a log: %q", got)
	}
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 4 || !strings.HasSuffix(lines[0], "repro build 1/2 (fresh build cache: a cold build, often minutes; --repro 0 skips)") ||
		!strings.HasSuffix(lines[3], "run 3: build 1.50s, test 4.00s (0 passed, 1 failed)") {
		t.Errorf("progress lines:\n%s", got)
	}
}

func TestSoakProgressLiveLineOnATerminal(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	errOut := &lockedBuffer{}
	ios.ErrOut = errOut
	ios.SetStderrTTY(true)
	p := StartSoakProgress(ios)
	r := soakSample()
	p.Phase(3, 8, "test")
	p.Done(&r.Iterations[2])
	p.Phase(4, 8, "build")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(errOut.String(), "run 4/8 · build") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	p.Stop()
	got := errOut.String()
	if !strings.Contains(got, "\r\x1b[Ksoak · run 4/8 · build · ") || !strings.Contains(got, "1 failure") {
		t.Errorf("live line: %q", got)
	}
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("live line not erased at the end: %q", got)
	}
	if strings.Contains(got, "\n") {
		t.Errorf("a terminal gets no log lines: %q", got)
	}
}

func TestSoakCompareText(t *testing.T) {
	a, b := soakSample(), soakSample()
	b.Environment.NumCPU = 8
	a.Environment.LoadStart, b.Environment.LoadEnd = "0.52 0.71 0.80", "3.10 2.00 1.50"
	c := soak.Compare(a, b)
	c.A, c.B = "wsl.json", "native.json"
	ios, _, out, _ := iostreams.Test()
	if err := SoakCompareText(ios, c); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"A: wsl.json", "ENVIRONMENT", "CPUs ", "  2 ", "MEDIAN", "Test wall time", "1.00× (within noise)", "IQR A", "4.00s–4.00s", "LOAD AVERAGE", "0.52 0.71 0.80", "3.10 2.00 1.50", "app ", "same", "flaky only"} {
		if want == "flaky only" {
			if strings.Contains(got, want) {
				t.Errorf("no flaky difference expected:\n%s", got)
			}
			continue
		}
		if !strings.Contains(got, want) {
			t.Errorf("compare lacks %q:\n%s", want, got)
		}
	}
}

// Test output and names come from the machine: the summary and the
// comparison quote them escaped, so a test cannot retitle the terminal.
func TestSoakTextEscapesControlCharacters(t *testing.T) {
	r := soakSample()
	r.Config.Dir = "/src/\x1b]0;dir\x07"
	for i := range r.Iterations {
		for j := range r.Iterations[i].Test.Tests {
			r.Iterations[i].Test.Tests[j].Output = "    net_test.go:14: \x1b]0;pwned\x07 \x1b[2J\rgone\n"
		}
	}
	soak.Analyze(r)
	ios, _, out, _ := iostreams.Test()
	if err := SoakText(ios, r); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{`in /src/\x1b]0;dir\x07:`, `net_test.go:14: \x1b]0;pwned\x07 \x1b[2J\x0dgone`} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "\x1b\x07\r") {
		t.Errorf("summary holds a raw control character:\n%q", got)
	}

	c := soak.Compare(r, soakSample())
	c.A, c.B = "a\x1b[2J.json", "b.json"
	ios, _, out, _ = iostreams.Test()
	if err := SoakCompareText(ios, c); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, `A: a\x1b[2J.json`) || strings.ContainsAny(got, "\x1b\x07\r") {
		t.Errorf("comparison not escaped:\n%q", got)
	}
}

// A test failing in every run is not flaky, but the soak is not green;
// with no completed run there is no flakiness verdict at all.
func TestSoakTextAlwaysFailingAndNoRuns(t *testing.T) {
	r := soakSample()
	for i := range r.Iterations {
		r.Iterations[i].Test.Tests = append(r.Iterations[i].Test.Tests, soak.TestResult{Package: "example.com/app", Test: "TestBroken", Outcome: soak.Fail, Output: "    broken_test.go:3: never works\n"})
		r.Iterations[i].Test.Tests[0].Outcome = soak.Pass
	}
	soak.Analyze(r)
	ios, _, out, _ := iostreams.Test()
	if err := SoakText(ios, r); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"✓ No flaky tests",
		"✗ 1 test failed in every run",
		"reason: broken_test.go:3: never works",
		"! Not green: 1 test failed in every run; not counted under --fail-on flaky (--fail-on any fails the soak on these)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Nothing to report") {
		t.Errorf("green with a test failing in every run:\n%s", got)
	}

	r.Iterations = nil
	r.Interrupted = true
	soak.Analyze(r)
	ios, _, out, _ = iostreams.Test()
	if err := SoakText(ios, r); err != nil {
		t.Fatal(err)
	}
	got = out.String()
	if strings.Contains(got, "No flaky tests") || !strings.Contains(got, "No run completed: no verdict on flaky tests") || !strings.Contains(got, "No verdict: no run completed") {
		t.Errorf("zero runs:\n%s", got)
	}
}

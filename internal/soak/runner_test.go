package soak

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// counterSource is a helper every sample test uses: it bumps the number
// in the file $SOAK_COUNTER_DIR/<name> and returns the new value, so a
// test can behave differently in each run, deterministically.
const counterSource = `package %s

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func bump(t *testing.T, name string) int {
	p := filepath.Join(os.Getenv("SOAK_COUNTER_DIR"), name)
	b, _ := os.ReadFile(p)
	n, _ := strconv.Atoi(string(b))
	n++
	if err := os.WriteFile(p, []byte(strconv.Itoa(n)), 0o644); err != nil {
		t.Fatal(err)
	}
	return n
}
`

func sample(pkg string) string { return strings.Replace(counterSource, "%s", pkg, 1) }

// A module with a flaky test (fails in even runs), a test whose memory
// grows 24 MiB a run, and a main package embedding a file that its own
// test rewrites (so each run builds a different binary).
func TestRunFlakyGrowingChangingBuild(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"go.mod":          "module example.com/soaked\n\ngo 1.22\n",
		"lib.go":          "package soaked\n",
		"counter_test.go": sample("soaked"),
		"lib_test.go": `package soaked

import "testing"

var sink []byte

func TestStable(t *testing.T) {}

func TestFlaky(t *testing.T) {
	if n := bump(t, "flaky"); n%2 == 0 {
		t.Fatalf("run %d: even runs fail", n)
	}
}

func TestGrowing(t *testing.T) {
	n := bump(t, "grow")
	sink = make([]byte, n*24<<20)
	for i := 0; i < len(sink); i += 4096 {
		sink[i] = 1
	}
}
`,
		"cmd/app/main.go": `package main

import _ "embed"

//go:embed stamp.txt
var stamp string

func main() { println(stamp) }
`,
		"cmd/app/stamp.txt":       "0",
		"cmd/app/counter_test.go": sample("main"),
		"cmd/app/stamp_test.go": `package main

import (
	"os"
	"strconv"
	"testing"
)

func TestStamp(t *testing.T) {
	os.WriteFile("stamp.txt", []byte(strconv.Itoa(bump(t, "stamp"))), 0o644)
}
`,
	})
	counters := t.TempDir()
	obs := &recorder{}
	r, err := Run(context.Background(), Options{
		Dir: dir, Runs: 7, FailOn: FailOnFlaky, Timeout: time.Minute, Observer: obs,
		Env:         goEnv(t, "SOAK_COUNTER_DIR="+counters, "GODX_SOAK_TEST_WRAPPER=1"),
		ExecWrapper: testWrapper(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Iterations) != 7 || r.Interrupted || len(r.Repro) != 0 {
		t.Fatalf("%d iterations, interrupted %v, %d repro builds", len(r.Iterations), r.Interrupted, len(r.Repro))
	}
	if r.Config.BuildMode != "main" || !slices.Equal(r.Config.MainPkgs, []string{"example.com/soaked/cmd/app"}) {
		t.Errorf("build mode %q, mains %v", r.Config.BuildMode, r.Config.MainPkgs)
	}
	a := r.Analysis
	if len(a.Flaky) != 1 || a.Flaky[0].Test != "TestFlaky" || a.Flaky[0].Passed != 4 || joinInts(a.Flaky[0].FailedIn) != "2, 4, 6" {
		t.Fatalf("flaky = %+v", a.Flaky)
	}
	if !strings.Contains(a.Flaky[0].FirstFailure, "run 2: even runs fail") {
		t.Errorf("first failure = %q", a.Flaky[0].FirstFailure)
	}
	if a.Problem != "1 flaky test" || len(a.Failing) != 0 || len(a.PackageProblems) != 0 {
		t.Errorf("problem %q, failing %v, package problems %v", a.Problem, a.Failing, a.PackageProblems)
	}
	// Binaries changed because a test rewrote an embedded file.
	rp := a.Reproducibility
	if rp.Verdict != NotChecked || !strings.Contains(rp.Summary, "cmd/app/stamp.txt") {
		t.Errorf("reproducibility = %+v", rp)
	}
	if len(r.BinaryDiffs) != 1 || !slices.Equal(r.BinaryDiffs[0].Inputs, []string{"cmd/app/stamp.txt"}) || r.BinaryDiffs[0].A != "run 1" {
		t.Errorf("binary diffs = %+v", r.BinaryDiffs)
	}
	// Each test binary was measured alone, and the growth is seen.
	var growing *Metric
	for i, m := range a.Metrics {
		if m.Name == "package_peak_rss:example.com/soaked" {
			growing = &a.Metrics[i]
		}
	}
	if growing == nil || growing.Trend.Verdict != TrendIncreasing {
		t.Fatalf("no rising memory for the growing package: %+v", a.Metrics)
	}
	if mib := growing.Trend.Slope / (1 << 20); mib < 18 || mib > 30 {
		t.Errorf("memory slope %.1f MiB/run, want about 24", mib)
	}
	for _, it := range r.Iterations {
		for _, p := range it.Test.Packages {
			if p.Binary == nil || p.Binary.PeakRSS == 0 || p.Binary.WallSeconds <= 0 {
				t.Errorf("run %d %s: no test binary usage: %+v", it.N, p.Package, p.Binary)
			}
		}
		if it.Build.PeakRSS == 0 || it.Build.CPUSeconds <= 0 || it.Test.PeakRSS == 0 {
			t.Errorf("run %d: usage not measured: build %+v test %+v", it.N, it.Build.Usage, it.Test.Usage)
		}
	}
	if obs.done != 7 || !slices.Contains(obs.phases, "7/7 test") {
		t.Errorf("observer: %d done, phases %v", obs.done, obs.phases)
	}
}

type recorder struct {
	phases []string
	done   int
	onTest func(i int)
}

func (r *recorder) Phase(i, total int, phase string) {
	r.phases = append(r.phases, fmt.Sprintf("%d/%d %s", i, total, phase))
	if phase == "test" && r.onTest != nil {
		r.onTest(i)
	}
}
func (r *recorder) Done(*Iteration) { r.done++ }

// A library-only module is built with go test -c; a hanging test is
// stopped by -timeout and reported as a timeout; Ctrl-C (a canceled
// context) stops the soak in the middle of a run and keeps the runs
// completed before it.
func TestRunTimeoutAndInterrupt(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"go.mod":          "module example.com/hang\n\ngo 1.22\n",
		"hang.go":         "package hang\n",
		"counter_test.go": sample("hang"),
		"hang_test.go": `package hang

import (
	"os"
	"testing"
	"time"
)

func TestHangsAfterFirstRun(t *testing.T) {
	if bump(t, "hang") > 1 || os.Getenv("HANG_ALWAYS") != "" {
		time.Sleep(time.Hour)
	}
}
`,
	})
	counters := t.TempDir()
	r, err := Run(context.Background(), Options{
		Dir: dir, Runs: 1, Timeout: 2 * time.Second, FailOn: FailOnAny,
		Env: goEnv(t, "SOAK_COUNTER_DIR="+counters, "HANG_ALWAYS=1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Config.BuildMode != "test" || len(r.Iterations[0].Build.Binaries) != 1 || r.Iterations[0].Build.Binaries[0].Name != "hang.test" {
		t.Errorf("library build: mode %q, build %+v", r.Config.BuildMode, r.Iterations[0].Build)
	}
	pp := r.Analysis.PackageProblems
	if len(pp) != 1 || pp[0].Outcome != Timeout {
		t.Fatalf("package problems = %+v", pp)
	}
	if f := r.Analysis.Failing; len(f) != 1 || f[0].Timeouts != 1 {
		t.Errorf("failing = %+v", f)
	}
	if !strings.Contains(r.Analysis.Problem, "example.com/hang timed out in every run") {
		t.Errorf("problem = %q", r.Analysis.Problem)
	}

	// Interrupt: run 1 passes quickly, run 2 hangs; cancel during it.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	obs := &recorder{onTest: func(i int) {
		if i == 2 {
			time.AfterFunc(1500*time.Millisecond, cancel)
		}
	}}
	counters = t.TempDir()
	start := time.Now()
	r, err = Run(ctx, Options{
		Dir: dir, Runs: 5, TestOnly: true, Timeout: time.Hour, FailOn: FailOnFlaky, Observer: obs,
		Env: goEnv(t, "SOAK_COUNTER_DIR="+counters),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Interrupted || len(r.Iterations) != 1 || r.Iterations[0].Test.Tests[0].Outcome != Pass {
		t.Errorf("interrupted %v, iterations %+v", r.Interrupted, r.Iterations)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("stopping took %v", took)
	}
	if r.Analysis.Problem != "" {
		t.Errorf("the interrupted run was judged: %q", r.Analysis.Problem)
	}
}

// Two builds with separate fresh build caches give identical binaries:
// only then is a build called reproducible.
func TestRunReproducibleWithFreshCaches(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("two cold builds of the runtime")
	}
	dir := writeModule(t, map[string]string{
		"go.mod":  "module example.com/tiny\n\ngo 1.22\n",
		"main.go": "package main\n\nfunc main() {}\n",
	})
	obs := &recorder{}
	r, err := Run(context.Background(), Options{Dir: dir, Runs: 1, BuildOnly: true, ReproBuilds: 2, FailOn: FailOnAny, Env: goEnv(t), Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	// The progress display says what the cold builds cost and how to
	// skip them; the second is estimated from the first.
	if len(obs.phases) < 2 || !strings.Contains(obs.phases[0], "repro build 1/2 (fresh build cache: a cold build, often minutes; --repro 0 skips)") ||
		!strings.Contains(obs.phases[1], "repro build 2/2 (fresh build cache: about ") {
		t.Errorf("phases %q", obs.phases)
	}
	rp := r.Analysis.Reproducibility
	if rp.Verdict != Reproducible || rp.FreshBuilds != 2 || rp.Builds != 3 || len(rp.Binaries) != 1 || rp.Binaries[0].Name != "tiny" {
		t.Errorf("reproducibility = %+v", rp)
	}
	for _, b := range r.Repro {
		if b.Cache != "fresh" || !b.OK {
			t.Errorf("repro build %+v", b)
		}
	}
	if r.Analysis.Problem != "" {
		t.Errorf("problem = %q", r.Analysis.Problem)
	}
	if len(r.Config.Commands) != 1 || !strings.HasPrefix(r.Config.Commands[0], "go build -trimpath -o OUTDIR/ example.com/tiny") {
		t.Errorf("commands = %q", r.Config.Commands)
	}
}

func TestRunNoPackages(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"go.mod": "module example.com/empty\n\ngo 1.22\n"})
	_, err := Run(context.Background(), Options{Dir: dir, Runs: 1, Env: goEnv(t)})
	if err == nil || !strings.Contains(err.Error(), "matched no packages") && !strings.Contains(err.Error(), "no packages") {
		t.Errorf("err = %v", err)
	}
}

package soak

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

const pkgM = "example.com/m"

// synthReport builds a report of n runs: TestOK always passes, TestFlaky
// fails in even runs (seed "42" in run 2), TestBroken always fails,
// memory grows 8 MiB a run, and every build gives the same binary.
func synthReport(n int, failOn string) *Report {
	r := &Report{Schema: Schema, Config: Config{Packages: []string{"./..."}, FailOn: failOn, ReproBuilds: 2},
		Started: time.Unix(0, 0), Finished: time.Unix(60, 0)}
	bin := []Binary{{Name: "app", SHA256: "aaaa", Size: 10}}
	for k := 0; k < 2; k++ {
		r.Repro = append(r.Repro, Build{OK: true, Cache: "fresh", Binaries: bin, Inputs: "in"})
	}
	for i := 1; i <= n; i++ {
		flaky := Pass
		out := ""
		if i%2 == 0 {
			flaky, out = Fail, "flaky_test.go:9: counter is even\n"
		}
		it := Iteration{N: i,
			Build: &Build{OK: true, Cache: "shared", Binaries: bin, Usage: Usage{WallSeconds: 1 + 0.01*float64(i%3), PeakRSS: 60 << 20}},
			Test: &TestRun{Usage: Usage{WallSeconds: 2, PeakRSS: 80 << 20},
				Packages: []PackageResult{{Package: pkgM, Outcome: Fail, Seed: map[bool]string{true: "42"}[i == 2],
					Binary: &Usage{PeakRSS: int64(10+8*i) << 20}}},
				Tests: []TestResult{
					{Package: pkgM, Test: "TestOK", Outcome: Pass},
					{Package: pkgM, Test: "TestFlaky", Outcome: flaky, Output: out},
					{Package: pkgM, Test: "TestBroken/sub case", Outcome: Fail, Output: "broken\n"},
				}}}
		r.Iterations = append(r.Iterations, it)
	}
	Analyze(r)
	return r
}

func TestAnalyzeFlakyAndFailing(t *testing.T) {
	r := synthReport(4, FailOnFlaky)
	a := r.Analysis
	if len(a.Flaky) != 1 {
		t.Fatalf("flaky = %+v", a.Flaky)
	}
	f := a.Flaky[0]
	if f.Test != "TestFlaky" || f.Passed != 2 || f.Failed != 2 || f.PassRate != 0.5 || joinInts(f.FailedIn) != "2, 4" {
		t.Errorf("flaky = %+v", f)
	}
	if f.Seed != "42" || !strings.Contains(f.FirstFailure, "counter is even") {
		t.Errorf("first failure/seed = %q %q", f.FirstFailure, f.Seed)
	}
	if want := "go test -count=1 -shuffle=42 -run '^TestFlaky$' example.com/m"; f.Replay != want {
		t.Errorf("replay = %q, want %q", f.Replay, want)
	}
	if len(a.Failing) != 1 || a.Failing[0].Replay != `go test -count=1 -run '^TestBroken$/^sub case$' example.com/m` {
		t.Errorf("failing = %+v", a.Failing)
	}
	if len(a.PackageProblems) != 0 {
		t.Errorf("package problems = %+v (the package failed because of its tests)", a.PackageProblems)
	}
	if a.Problem != "1 flaky test" {
		t.Errorf("problem under flaky = %q", a.Problem)
	}
	if p := synthReport(4, FailOnAny).Analysis.Problem; !strings.Contains(p, "1 flaky test") || !strings.Contains(p, "1 test failed in every run") {
		t.Errorf("problem under any = %q", p)
	}
	if p := synthReport(4, FailOnNone).Analysis.Problem; p != "" {
		t.Errorf("problem under none = %q", p)
	}
}

func TestAnalyzePackageProblems(t *testing.T) {
	r := synthReport(3, FailOnFlaky)
	r.Iterations[1].Test.Packages = append(r.Iterations[1].Test.Packages,
		PackageResult{Package: "example.com/m/bad", Outcome: BuildFailed, Output: "bad.go:3: syntax error"})
	r.Iterations[2].Test.Packages = append(r.Iterations[2].Test.Packages,
		PackageResult{Package: "example.com/m/bad", Outcome: Pass})
	Analyze(r)
	pp := r.Analysis.PackageProblems
	if len(pp) != 1 || pp[0].Outcome != BuildFailed || joinInts(pp[0].FailedIn) != "2" || pp[0].Runs != 2 {
		t.Fatalf("package problems = %+v", pp)
	}
	if !strings.Contains(r.Analysis.Problem, "example.com/m/bad did not build in 1 of 2 runs") {
		t.Errorf("problem = %q", r.Analysis.Problem)
	}
}

func TestAnalyzeTrendsAndMetrics(t *testing.T) {
	r := synthReport(10, FailOnFlaky)
	byName := map[string]Metric{}
	for _, m := range r.Analysis.Metrics {
		byName[m.Name] = m
	}
	// Ten values, the first a warm-up left out of the summary.
	if m := byName["test_binary_peak_rss"]; m.Trend.Verdict != TrendIncreasing || len(m.Values) != 10 || m.Warmup != 1 || m.Summary.N != 9 || m.Summary.Min != m.Values[1] {
		t.Errorf("growing test binary memory: %+v", m)
	}
	if m := byName["package_peak_rss:"+pkgM]; m.Trend.Verdict != TrendIncreasing {
		t.Errorf("the growing package is not named: %+v", r.Analysis.Metrics)
	}
	if m := byName["build_wall"]; m.Trend.Verdict != TrendNone || m.Summary.Median < 1 || m.Summary.Max > 1.03 {
		t.Errorf("flat build time: %+v", m)
	}
	if _, ok := byName["package_elapsed:"+pkgM]; ok {
		t.Error("per-package series are kept only when they rise")
	}
	// Six runs: the warm-up leaves five values, too few to judge.
	for _, m := range synthReport(6, FailOnFlaky).Analysis.Metrics {
		if m.Trend.Verdict != TrendInsufficient {
			t.Errorf("6 runs: %s trend %s", m.Name, m.Trend.Verdict)
		}
	}
}

func TestAnalyzeReproducibility(t *testing.T) {
	r := synthReport(3, FailOnAny)
	rp := r.Analysis.Reproducibility
	if rp.Verdict != Reproducible || rp.FreshBuilds != 2 || rp.Builds != 5 {
		t.Errorf("identical hashes: %+v", rp)
	}

	// Fresh-cache builds that differ: not reproducible, with causes.
	r.Repro[1].Binaries = []Binary{{Name: "app", SHA256: "bbbb"}}
	r.BinaryDiffs = []BinaryDiff{{Name: "app", A: "fresh 1", B: "fresh 2",
		Settings: []SettingDiff{{Key: "-ldflags", A: "-X main.date=1", B: "-X main.date=2"}}}}
	Analyze(r)
	rp = r.Analysis.Reproducibility
	if rp.Verdict != NotReproducible || len(rp.Causes) != 1 || !strings.Contains(rp.Causes[0], "-ldflags differ") {
		t.Errorf("differing fresh builds: %+v", rp)
	}
	if !strings.Contains(r.Analysis.Problem, "not reproducible") {
		t.Errorf("--fail-on any problem = %q", r.Analysis.Problem)
	}
	if len(rp.Binaries) != 1 || len(rp.Binaries[0].Versions) != 2 || strings.Join(rp.Binaries[0].Versions[1].Builds, ",") != "fresh 2" {
		t.Errorf("versions = %+v", rp.Binaries)
	}

	// No fresh builds: identical shared-cache builds prove little.
	r = synthReport(3, FailOnAny)
	r.Repro = nil
	Analyze(r)
	if rp := r.Analysis.Reproducibility; rp.Verdict != NotChecked {
		t.Errorf("shared cache only: %+v", rp)
	}

	// Later builds differ because a test wrote into the tree: the fresh
	// builds still decide.
	r = synthReport(3, FailOnAny)
	r.Iterations[2].Build.Binaries = []Binary{{Name: "app", SHA256: "cccc"}}
	r.Iterations[2].Build.InputsChanged = []string{"cmd/app/stamp.txt"}
	Analyze(r)
	if rp := r.Analysis.Reproducibility; rp.Verdict != Reproducible || !strings.Contains(rp.Summary, "stamp.txt") {
		t.Errorf("inputs changed: %+v", rp)
	}
	// Same, but without an input change: a shared-cache build differs.
	r.Iterations[2].Build.InputsChanged = nil
	Analyze(r)
	if rp := r.Analysis.Reproducibility; rp.Verdict != NotReproducible {
		t.Errorf("unchanged inputs, different binary: %+v", rp)
	}
}

func TestDiffCauses(t *testing.T) {
	for _, tc := range []struct {
		d    BinaryDiff
		want string
	}{
		{BinaryDiff{Settings: []SettingDiff{{Key: "vcs.modified", A: "false", B: "true"}}}, "vcs.modified changed from false to true"},
		{BinaryDiff{Inputs: []string{"gen.go"}}, "project files changed between the builds (gen.go)"},
		{BinaryDiff{AbsPaths: []string{"/home/u/src/app"}}, "absolute paths of this machine are embedded (/home/u/src/app)"},
		{BinaryDiff{Cgo: []string{"runtime/cgo"}}, "C code is linked in through cgo (runtime/cgo)"},
		{BinaryDiff{GoVersion: []string{"go1.25.0", "go1.26.8"}}, "different Go toolchains"},
		{BinaryDiff{Sections: []string{".text"}}, "the sections that differ are .text"},
	} {
		got := strings.Join(DiffCauses(tc.d), "\n")
		if !strings.Contains(got, tc.want) {
			t.Errorf("%+v: causes %q, want %q", tc.d, got, tc.want)
		}
	}
}

func TestCompare(t *testing.T) {
	a, b := synthReport(4, FailOnFlaky), synthReport(4, FailOnFlaky)
	a.Environment = Environment{GOOS: "linux", GOARCH: "amd64", NumCPU: 2, GOMAXPROCS: 2, WSL: true,
		Go: json.RawMessage(`{"go":"/usr/local/go/bin/go","go_version":"go1.26.8","settings":[{"name":"GOFLAGS","value":"-mod=mod"},{"name":"GOPATH","value":"/home/u/go"}]}`)}
	b.Environment = Environment{GOOS: "linux", GOARCH: "amd64", NumCPU: 8, GOMAXPROCS: 8,
		Go: json.RawMessage(`{"go":"/usr/local/go/bin/go","go_version":"go1.26.8","settings":[{"name":"GOFLAGS","value":""},{"name":"GOPATH","value":"/home/u/go"}]}`)}
	for i := range b.Iterations {
		b.Iterations[i].Test.WallSeconds = 1
		b.Iterations[i].Test.Tests[1].Outcome = Pass
	}
	b.Iterations[0].Build.Binaries = []Binary{{Name: "app", SHA256: "zzzz"}}
	for i := range b.Repro {
		b.Repro[i].Binaries = []Binary{{Name: "app", SHA256: "zzzz"}}
	}
	Analyze(b)
	c := Compare(a, b)
	env := map[string]Difference{}
	for _, d := range c.Environment {
		env[d.Name] = d
	}
	if env["CPUs"].B != "8" || env["WSL"].A != "true" || env["GOFLAGS"].A != "-mod=mod" {
		t.Errorf("environment = %+v", c.Environment)
	}
	if _, ok := env["GOPATH"]; ok {
		t.Error("an equal setting is listed as a difference")
	}
	var wall *TimingRatio
	for i := range c.Timings {
		if c.Timings[i].Metric == "test_wall" {
			wall = &c.Timings[i]
		}
	}
	if wall == nil || wall.Ratio != 0.5 {
		t.Errorf("test wall ratio = %+v", wall)
	}
	if len(c.Binaries) != 1 || c.Binaries[0].Same || c.Binaries[0].SHA256A != "aaaa" || c.Binaries[0].SHA256B != "zzzz" {
		t.Errorf("binaries = %+v", c.Binaries)
	}
	if strings.Join(c.FlakyOnlyA, ",") != pkgM+".TestFlaky" || len(c.FlakyOnlyB) != 0 {
		t.Errorf("flaky only in A = %v, B = %v", c.FlakyOnlyA, c.FlakyOnlyB)
	}
}

func TestHTMLSelfContained(t *testing.T) {
	r := synthReport(10, FailOnFlaky)
	r.Environment.Go = json.RawMessage(`{"go":"/usr/local/go/bin/go","go_version":"go1.26.8","settings":[{"name":"GOFLAGS","value":"-mod=mod","source":"environment"}]}`)
	r.Iterations[1].Test.Tests[1].Output = "<script>alert(1)</script> see https://example.com/issue\n"
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{"<svg", "TestFlaky", "counter is even", "50%", "reproducible", "Test binary peak memory", "increasing", "GOFLAGS", "-mod=mod", "class=\"trend\""} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	assertNoExternalReferences(t, html)
	if strings.Contains(html, "<script>alert") {
		t.Error("test output is not escaped")
	}
}

// assertNoExternalReferences fails when the page could load anything:
// scripts, style sheets, images, fonts, frames, or any src/href/url()
// pointing outside the page.
func assertNoExternalReferences(t *testing.T, html string) {
	t.Helper()
	for _, re := range []string{`<script`, `<link`, `<img`, `<iframe`, `<object`, `<embed`, `@import`, `url\(`, `\ssrc=`, `\shref="(?:[^#"]|$)`, `<base`} {
		if loc := regexp.MustCompile(re).FindStringIndex(html); loc != nil {
			t.Errorf("HTML has an external reference %q: …%s…", re, html[max(0, loc[0]-40):min(len(html), loc[1]+40)])
		}
	}
}

func TestAnalyzeGoTestFailedOutsidePackages(t *testing.T) {
	r := synthReport(2, FailOnAny)
	for i := range r.Iterations {
		r.Iterations[i].Test = &TestRun{ExitCode: 1, Stderr: "go: invalid flag in GOFLAGS: -nosuch\n"}
	}
	Analyze(r)
	Analyze(r) // analysing twice changes nothing
	pp := r.Analysis.PackageProblems
	if len(r.Iterations[0].Test.Packages) != 0 {
		t.Error("the analysis changed the recorded data")
	}
	if len(pp) != 1 || pp[0].Package != goTestItself || !strings.Contains(pp[0].Output, "invalid flag") || pp[0].Runs != 2 {
		t.Fatalf("package problems = %+v", pp)
	}
	if !strings.Contains(r.Analysis.Problem, "(go test) failed outside any test in every run") {
		t.Errorf("problem = %q", r.Analysis.Problem)
	}
}

// The go command failing outside any package in one run of three is
// reported as such, not as failing in every run.
func TestAnalyzeGoTestFailedOutsidePackagesOnce(t *testing.T) {
	r := synthReport(3, FailOnFlaky)
	for i := range r.Iterations {
		r.Iterations[i].Test = &TestRun{}
	}
	r.Iterations[1].Test = &TestRun{ExitCode: 1, Stderr: "go: writing stat cache: no space left on device\n"}
	Analyze(r)
	pp := r.Analysis.PackageProblems
	if len(pp) != 1 || pp[0].Package != goTestItself || pp[0].Runs != 3 || len(pp[0].FailedIn) != 1 || pp[0].FailedIn[0] != 2 {
		t.Fatalf("package problems = %+v", pp)
	}
	if r.Analysis.Problem != "(go test) failed outside any test in 1 of 3 runs" {
		t.Errorf("problem = %q", r.Analysis.Problem)
	}
}

// Compare says when a ratio is within the runs' noise, shows the
// spread, the load, tests failing in every run on one side only, and
// warns when the two soaks measured other code or other work.
func TestCompareNoiseModesAndFailingOnlyOnOneSide(t *testing.T) {
	a, b := synthReport(8, FailOnFlaky), synthReport(8, FailOnFlaky)
	a.Config.Module, b.Config.Module = "example.com/a", "example.com/b"
	b.Config.TestOnly, b.Config.Race = true, true
	a.Environment.LoadStart, b.Environment.LoadStart = "0.10 0.20 0.30", "3.50 3.10 2.90"
	for i := range b.Iterations {
		b.Iterations[i].Test.WallSeconds = 4 + 0.1*float64(i%2) // clearly slower
		// Build time: the same spread as A, so the ratio is noise.
		b.Iterations[i].Build.WallSeconds = a.Iterations[(i+1)%len(a.Iterations)].Build.WallSeconds
		b.Iterations[i].Test.Tests[2].Outcome = Pass // TestBroken/sub case passes in B
	}
	Analyze(b)
	c := Compare(a, b)
	byMetric := map[string]TimingRatio{}
	for _, tr := range c.Timings {
		byMetric[tr.Metric] = tr
	}
	if w := byMetric["test_wall"]; w.WithinNoise || w.P > 0.05 || w.IQRB[0] < 4 || w.IQRA != [2]float64{2, 2} {
		t.Errorf("test wall = %+v", w)
	}
	if bw := byMetric["build_wall"]; !bw.WithinNoise {
		t.Errorf("build wall = %+v", bw)
	}
	if !slices.Equal(c.FailingOnlyA, []string{pkgM + ".TestBroken/sub case"}) || len(c.FailingOnlyB) != 0 {
		t.Errorf("failing only in A %v, B %v", c.FailingOnlyA, c.FailingOnlyB)
	}
	w := strings.Join(c.Warnings, "\n")
	if !strings.Contains(w, "different modules (A: example.com/a, B: example.com/b)") ||
		!strings.Contains(w, "different modes (A: builds and tests, B: --test-only with -race)") {
		t.Errorf("warnings %q", c.Warnings)
	}
	if c.Load[0][0] != "0.10 0.20 0.30" || c.Load[1][0] != "3.50 3.10 2.90" {
		t.Errorf("load average not compared: %+v", c.Load)
	}
	// The same module twice, same mode: no warning.
	if c := Compare(a, a); len(c.Warnings) != 0 {
		t.Errorf("warnings comparing a report with itself: %q", c.Warnings)
	}
}

package soak

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/english"
)

// --fail-on values.
const (
	FailOnFlaky = "flaky" // exit 1 when something failed in some runs but not all
	FailOnAny   = "any"   // exit 1 on any failure, and on non-reproducible builds
	FailOnNone  = "none"  // only report
)

// WarmupRuns is how many first runs trend detection leaves out: the first
// run starts with cold caches (build cache, page cache), which makes it
// an outlier of every time series. Summaries keep it.
const WarmupRuns = 1

// Analyze fills r.Analysis from the recorded data. It reads nothing else,
// so a saved soak.json can be analysed (and rendered) again.
func Analyze(r *Report) {
	a := &r.Analysis
	a.Flaky, a.Failing = findFlaky(r)
	attachFindings(r, a.Flaky)
	attachFindings(r, a.Failing)
	a.PackageProblems = findPackageProblems(r.Iterations)
	a.LostTests = findLostTests(r)
	a.TestRuns = 0
	for _, it := range r.Iterations {
		if it.Test != nil {
			a.TestRuns++
		}
	}
	a.BuildFailures = 0
	for _, it := range r.Iterations {
		if it.Build != nil && !it.Build.OK {
			a.BuildFailures++
		}
	}
	a.Reproducibility = analyzeRepro(r)
	a.Metrics = metrics(r)
	a.Problem = problem(r)
}

func problem(r *Report) string {
	a := &r.Analysis
	var flakyParts, anyParts []string
	if n := len(a.Flaky); n > 0 {
		flakyParts = append(flakyParts, fmt.Sprintf("%d flaky %s", n, english.Plural(n, "test", "tests")))
	}
	builds := 0
	for _, it := range r.Iterations {
		if it.Build != nil {
			builds++
		}
	}
	if a.BuildFailures > 0 && a.BuildFailures < builds {
		flakyParts = append(flakyParts, fmt.Sprintf("the build failed in %d of %d runs", a.BuildFailures, builds))
	} else if a.BuildFailures > 0 {
		anyParts = append(anyParts, "the build failed in every run")
	}
	for _, p := range a.PackageProblems {
		what := p.Package + " " + describeOutcome(p.Outcome)
		if len(p.FailedIn) < p.Runs {
			flakyParts = append(flakyParts, fmt.Sprintf("%s in %d of %d runs", what, len(p.FailedIn), p.Runs))
		} else {
			anyParts = append(anyParts, what+" in every run")
		}
	}
	if n := len(a.Failing); n > 0 {
		anyParts = append(anyParts, fmt.Sprintf("%d %s failed in every run", n, english.Plural(n, "test", "tests")))
	}
	if a.Reproducibility.Verdict == NotReproducible {
		anyParts = append(anyParts, "the builds are not reproducible")
	}
	for _, l := range a.LostTests {
		anyParts = append(anyParts, fmt.Sprintf("%s: tests never ran in %d of %d runs (the test binary stopped early)", l.Package, len(l.Runs), a.TestRuns))
	}
	a.Unflagged = ""
	switch r.Config.FailOn {
	case FailOnNone:
		return ""
	case FailOnAny:
		return strings.Join(append(flakyParts, anyParts...), "; ")
	}
	// Under --fail-on flaky these do not fail the soak, but the summary
	// must not call a soak with them green.
	a.Unflagged = strings.Join(anyParts, "; ")
	return strings.Join(flakyParts, "; ")
}

func describeOutcome(o string) string {
	switch o {
	case BuildFailed:
		return "did not build"
	case Timeout:
		return "timed out"
	}
	return "failed outside any test"
}

func metrics(r *Report) []Metric {
	type series struct {
		name, title, unit string
		get               func(it Iteration) (float64, bool)
	}
	build := func(f func(b *Build) float64) func(Iteration) (float64, bool) {
		return func(it Iteration) (float64, bool) {
			if it.Build == nil || !it.Build.OK {
				return 0, false
			}
			v := f(it.Build)
			return v, v > 0
		}
	}
	test := func(f func(t *TestRun) float64) func(Iteration) (float64, bool) {
		return func(it Iteration) (float64, bool) {
			if it.Test == nil {
				return 0, false
			}
			v := f(it.Test)
			return v, v > 0
		}
	}
	all := []series{
		{"build_wall", "Build wall time", "s", build(func(b *Build) float64 { return b.WallSeconds })},
		{"build_cpu", "Build CPU time", "s", build(func(b *Build) float64 { return b.CPUSeconds })},
		{"build_peak_rss", "Build peak memory (largest process)", "bytes", build(func(b *Build) float64 { return float64(b.PeakRSS) })},
		{"test_wall", "Test wall time", "s", test(func(t *TestRun) float64 { return t.WallSeconds })},
		{"test_cpu", "Test CPU time", "s", test(func(t *TestRun) float64 { return t.CPUSeconds })},
		// The whole go test tree's largest process is usually the go
		// command itself (~100 MiB), not a test binary: said in the title,
		// and the binaries get their own series.
		{"test_peak_rss", "go test peak memory (largest process, often go itself)", "bytes", test(func(t *TestRun) float64 { return float64(t.PeakRSS) })},
		{"test_binary_peak_rss", "Test binary peak memory (largest binary)", "bytes", test(func(t *TestRun) float64 {
			var m int64
			for _, p := range t.Packages {
				if p.Binary != nil {
					m = max(m, p.Binary.PeakRSS)
				}
			}
			return float64(m)
		})},
	}
	var out []Metric
	add := func(s series, keepOnlyIfRising bool) {
		m := Metric{Name: s.name, Title: s.title, Unit: s.unit}
		for _, it := range r.Iterations {
			if v, ok := s.get(it); ok {
				m.Values = append(m.Values, v)
				m.Iterations = append(m.Iterations, it.N)
			}
		}
		if len(m.Values) == 0 {
			return
		}
		// The warm-up run (cold caches) is shown but left out of the
		// statistics: one cold build of minutes would make every p95 and
		// max about it.
		trendValues := m.Values
		if m.Iterations[0] <= WarmupRuns && len(m.Values) > WarmupRuns {
			trendValues = m.Values[WarmupRuns:]
			m.Warmup = WarmupRuns
		}
		m.Summary = Summarize(trendValues)
		m.Trend = DetectTrend(trendValues)
		if keepOnlyIfRising && m.Trend.Verdict != TrendIncreasing {
			return
		}
		out = append(out, m)
	}
	for _, s := range all {
		add(s, false)
	}
	// Per-package series are kept only when they rise: they name the
	// package to look at when a total creeps up.
	var pkgs []string
	seen := map[string]bool{}
	for _, it := range r.Iterations {
		if it.Test == nil {
			continue
		}
		for _, p := range it.Test.Packages {
			if !seen[p.Package] {
				seen[p.Package] = true
				pkgs = append(pkgs, p.Package)
			}
		}
	}
	for _, pkg := range pkgs {
		find := func(t *TestRun) *PackageResult {
			for i := range t.Packages {
				if t.Packages[i].Package == pkg {
					return &t.Packages[i]
				}
			}
			return nil
		}
		add(series{"package_peak_rss:" + pkg, "Peak memory of " + pkg + " tests", "bytes", test(func(t *TestRun) float64 {
			if p := find(t); p != nil && p.Binary != nil {
				return float64(p.Binary.PeakRSS)
			}
			return 0
		})}, true)
		add(series{"package_elapsed:" + pkg, "Test time of " + pkg, "s", test(func(t *TestRun) float64 {
			if p := find(t); p != nil && (p.Outcome == Pass || p.Outcome == Fail) {
				return p.Elapsed
			}
			return 0
		})}, true)
	}
	return out
}

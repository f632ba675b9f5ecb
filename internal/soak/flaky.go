package soak

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/shellquote"
)

type testKey struct{ pkg, test string }

// findFlaky returns the tests with both passes and failures across the
// iterations (flaky), and those that failed whenever they ran (failing).
// A timeout counts as a failure; a skip counts as neither. A parent
// test that failed in a run in which one of its subtests failed is not
// counted for that run: the subtest (the leaf) is what failed, and it
// names its parent. Sorted by pass rate, then name.
func findFlaky(r *Report) (flaky, failing []FlakyTest) {
	cfg := r.Config
	byKey := map[testKey]*FlakyTest{}
	var keys []testKey
	for _, it := range r.Iterations {
		if it.Test == nil {
			continue
		}
		seeds := map[string]string{}
		for _, p := range it.Test.Packages {
			seeds[p.Package] = p.Seed
		}
		failedHere := map[testKey]bool{}
		for _, t := range it.Test.Tests {
			if t.Outcome == Fail || t.Outcome == Timeout {
				failedHere[testKey{t.Package, t.Test}] = true
			}
		}
		for _, t := range it.Test.Tests {
			k := testKey{t.Package, t.Test}
			if (t.Outcome == Fail || t.Outcome == Timeout) && hasFailedSubtest(failedHere, k) {
				continue
			}
			ft := byKey[k]
			if ft == nil {
				ft = &FlakyTest{Package: t.Package, Test: t.Test}
				if i := strings.LastIndex(t.Test, "/"); i > 0 {
					ft.Parent = t.Test[:i]
				}
				byKey[k] = ft
				keys = append(keys, k)
			}
			switch t.Outcome {
			case Pass:
				ft.Runs++
				ft.Passed++
			case Fail, Timeout:
				ft.Runs++
				ft.Failed++
				if t.Outcome == Timeout {
					ft.Timeouts++
				}
				if !slices.Contains(ft.FailedIn, it.N) {
					ft.FailedIn = append(ft.FailedIn, it.N)
				}
				if ft.FirstFailure == "" {
					ft.FirstFailure = t.Output
					ft.Reason = failureReason(t.Output)
					ft.Seed = seeds[t.Package]
					ft.RanBefore = t.Before
				}
			}
		}
	}
	for _, k := range keys {
		ft := byKey[k]
		if ft.Runs == 0 || ft.Failed == 0 {
			continue
		}
		ft.PassRate = float64(ft.Passed) / float64(ft.Runs)
		ft.Replay = ReplayFor(cfg, r.Environment.GOOS, ft.Package, ft.Test, ft.Seed, ft.RanBefore)
		if ft.Passed > 0 {
			flaky = append(flaky, *ft)
		} else {
			failing = append(failing, *ft)
		}
	}
	order := func(a, b FlakyTest) int {
		return cmp.Or(cmp.Compare(a.PassRate, b.PassRate), cmp.Compare(a.Package, b.Package), cmp.Compare(a.Test, b.Test))
	}
	slices.SortFunc(flaky, order)
	slices.SortFunc(failing, order)
	return flaky, failing
}

// hasFailedSubtest reports whether a subtest of k failed in the run.
func hasFailedSubtest(failed map[testKey]bool, k testKey) bool {
	for f := range failed {
		if f.pkg == k.pkg && strings.HasPrefix(f.test, k.test+"/") {
			return true
		}
	}
	return false
}

// failureReason is the first line of a failure's output that says
// something: the t.Error text, a panic, a timeout; not go test's framing.
func failureReason(out string) string {
	for _, l := range strings.Split(out, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") {
			continue
		}
		if len(t) > 200 {
			t = t[:200] + "…"
		}
		return t
	}
	return ""
}

// maxReplayTests is how many tests a replay names in its -run pattern;
// beyond that it runs the whole package (with the same seed, the tests
// before the failure still run in the same order).
const maxReplayTests = 30

// Replay is a go test command that runs a test again the way it failed:
// with the tests that ran before it in that order (the same -shuffle
// seed, and a -run that selects exactly those tests: go shuffles the
// whole list, then filters, so the order is kept), the same -timeout,
// -race and go test flags.
type Replay struct {
	Package, Test, Seed string
	Before              []string
	Race                bool
	Timeout             time.Duration
	Flags               []string // go test flags given to the soak, -run left out
	Run                 string   // the soak's own -run, used when Before is too long
	// Exact names every test in -run however many there are: bisection
	// steps must run exactly their subset.
	Exact bool
}

// ReplayFor is the replay of a failure as a command line for goos.
func ReplayFor(cfg Config, goos, pkg, test, seed string, before []string) string {
	rp := NewReplay(cfg, pkg, test, seed, before)
	return shellquote.Join(shellquote.ForGOOS(goos), rp.Argv("go")...)
}

// NewReplay is the replay of a failure in a soak configured as cfg.
func NewReplay(cfg Config, pkg, test, seed string, before []string) Replay {
	rp := Replay{Package: pkg, Test: test, Seed: seed, Before: before, Race: cfg.Race,
		Timeout: time.Duration(cfg.TimeoutSecs * float64(time.Second))}
	for i := 0; i < len(cfg.TestFlags); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(cfg.TestFlags[i], "-"), "=")
		name = strings.TrimPrefix(name, "test.")
		takesNext := !hasValue && !boolTestFlags[name]
		if name == "run" {
			if takesNext && i+1 < len(cfg.TestFlags) {
				i++
				value = cfg.TestFlags[i]
			}
			rp.Run = value
			continue
		}
		rp.Flags = append(rp.Flags, cfg.TestFlags[i])
		if takesNext && i+1 < len(cfg.TestFlags) {
			i++
			rp.Flags = append(rp.Flags, cfg.TestFlags[i])
		}
	}
	return rp
}

// Argv is the command (goCmd test ...) without -json.
func (rp Replay) Argv(goCmd string) []string {
	argv := []string{goCmd, "test", "-count=1"}
	if rp.Race {
		argv = append(argv, "-race")
	}
	if rp.Seed != "" {
		argv = append(argv, "-shuffle="+rp.Seed)
	}
	if rp.Timeout > 0 && rp.Timeout != defaultGoTestTimeout {
		argv = append(argv, "-timeout="+rp.Timeout.String())
	}
	argv = append(argv, rp.Flags...)
	if run := rp.RunPattern(); run != "" {
		argv = append(argv, "-run", run)
	}
	return append(argv, rp.Package)
}

// defaultGoTestTimeout is go test's own -timeout default.
const defaultGoTestTimeout = 10 * time.Minute

// RunPattern is the -run value: the test alone when nothing ran before
// it, else its top-level test and those before it.
func (rp Replay) RunPattern() string {
	if len(rp.Before) == 0 {
		var parts []string
		for _, p := range strings.Split(rp.Test, "/") {
			parts = append(parts, "^"+regexp.QuoteMeta(p)+"$")
		}
		return strings.Join(parts, "/")
	}
	if len(rp.Before) >= maxReplayTests && !rp.Exact {
		return rp.Run
	}
	top, _, _ := strings.Cut(rp.Test, "/")
	names := append(slices.Clone(rp.Before), top)
	for i, n := range names {
		names[i] = regexp.QuoteMeta(n)
	}
	return "^(" + strings.Join(names, "|") + ")$"
}

// findPackageProblems lists packages whose test binary failed to build,
// timed out, or failed with no failing test (a panic in init or
// TestMain, a crash between tests).
func findPackageProblems(its []Iteration) []PackageProblem {
	byPkg := map[string]*PackageProblem{}
	runs := map[string]int{}
	var names []string
	testRuns := 0
	for _, it := range its {
		if it.Test == nil {
			continue
		}
		testRuns++
		failedTests := map[string]bool{}
		for _, t := range it.Test.Tests {
			if t.Outcome == Fail || t.Outcome == Timeout {
				failedTests[t.Package] = true
			}
		}
		pkgs := it.Test.Packages
		if it.Test.ExitCode != 0 && !anyFailure(it.Test) {
			// go test failed before or outside any package: a bad flag, a
			// broken GOFLAGS, a crash of the go command itself.
			pkgs = append(slices.Clone(pkgs), PackageResult{Package: goTestItself, Outcome: Fail, Output: it.Test.Stderr})
		}
		for _, p := range pkgs {
			runs[p.Package]++
			problem := p.Outcome == BuildFailed || p.Outcome == Timeout || (p.Outcome == Fail && !failedTests[p.Package])
			if !problem {
				continue
			}
			pp := byPkg[p.Package]
			if pp == nil {
				pp = &PackageProblem{Package: p.Package, Outcome: p.Outcome, Output: p.Output}
				byPkg[p.Package] = pp
				names = append(names, p.Package)
			}
			pp.FailedIn = append(pp.FailedIn, it.N)
		}
	}
	slices.Sort(names)
	var out []PackageProblem
	for _, n := range names {
		pp := byPkg[n]
		pp.Runs = runs[n]
		if n == goTestItself {
			// The go command itself ran in every test run, not only in
			// those in which it failed.
			pp.Runs = testRuns
		}
		out = append(out, *pp)
	}
	return out
}

// goTestItself names the go test command in PackageProblems when it
// failed with no package or test failing.
const goTestItself = "(go test)"

func anyFailure(t *TestRun) bool {
	for _, p := range t.Packages {
		if p.Outcome == Fail || p.Outcome == BuildFailed || p.Outcome == Timeout {
			return true
		}
	}
	for _, r := range t.Tests {
		if r.Outcome == Fail || r.Outcome == Timeout {
			return true
		}
	}
	return false
}

package soak

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

type testKey struct{ pkg, test string }

// findFlaky returns the tests with both passes and failures across the
// iterations (flaky), and those that failed whenever they ran (failing).
// A timeout counts as a failure; a skip counts as neither. Sorted by
// pass rate, then name.
func findFlaky(its []Iteration, cfg Config) (flaky, failing []FlakyTest) {
	type acc struct {
		ft FlakyTest
	}
	byKey := map[testKey]*acc{}
	var keys []testKey
	for _, it := range its {
		if it.Test == nil {
			continue
		}
		seeds := map[string]string{}
		for _, p := range it.Test.Packages {
			seeds[p.Package] = p.Seed
		}
		for _, t := range it.Test.Tests {
			k := testKey{t.Package, t.Test}
			a := byKey[k]
			if a == nil {
				a = &acc{ft: FlakyTest{Package: t.Package, Test: t.Test}}
				byKey[k] = a
				keys = append(keys, k)
			}
			switch t.Outcome {
			case Pass:
				a.ft.Runs++
				a.ft.Passed++
			case Fail, Timeout:
				a.ft.Runs++
				a.ft.Failed++
				if t.Outcome == Timeout {
					a.ft.Timeouts++
				}
				if !slices.Contains(a.ft.FailedIn, it.N) {
					a.ft.FailedIn = append(a.ft.FailedIn, it.N)
				}
				if a.ft.FirstFailure == "" {
					a.ft.FirstFailure = t.Output
					a.ft.Seed = seeds[t.Package]
				}
			}
		}
	}
	for _, k := range keys {
		a := byKey[k]
		if a.ft.Runs == 0 || a.ft.Failed == 0 {
			continue
		}
		a.ft.PassRate = float64(a.ft.Passed) / float64(a.ft.Runs)
		a.ft.Replay = ReplayCommand(a.ft.Package, a.ft.Test, a.ft.Seed, cfg.Race)
		if a.ft.Passed > 0 {
			flaky = append(flaky, a.ft)
		} else {
			failing = append(failing, a.ft)
		}
	}
	order := func(a, b FlakyTest) int {
		return cmp.Or(cmp.Compare(a.PassRate, b.PassRate), cmp.Compare(a.Package, b.Package), cmp.Compare(a.Test, b.Test))
	}
	slices.SortFunc(flaky, order)
	slices.SortFunc(failing, order)
	return flaky, failing
}

// ReplayCommand is the go test command that runs one test again, with the
// shuffle seed of a failing run when there was one.
func ReplayCommand(pkg, test, seed string, race bool) string {
	var parts []string
	for _, p := range strings.Split(test, "/") {
		parts = append(parts, "^"+regexp.QuoteMeta(p)+"$")
	}
	cmd := "go test -count=1"
	if race {
		cmd += " -race"
	}
	if seed != "" {
		cmd += " -shuffle=" + seed
	}
	return cmd + " -run '" + strings.Join(parts, "/") + "' " + pkg
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

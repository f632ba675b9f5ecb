package difftest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	flagN    = flag.Int("difftest.n", 0, "generated scenarios to run, from -difftest.seed on (default: the covering sample of the full run's 600; 600 with GODX_DIFFTEST_FULL=1)")
	flagSeed = flag.Uint64("difftest.seed", 1, "seed of the first generated scenario (the others follow)")
	flagKeep = flag.Bool("difftest.keep", false, "keep each scenario's directory and print where it is")
	flagShow = flag.Bool("difftest.show", false, "log every scenario's dimensions, go outputs and godx's errors")
)

// FullEnv runs the full harness (600 scenarios) from `go test`; .ci/run
// sets it.
const FullEnv = "GODX_DIFFTEST_FULL"

var (
	fixtureOnce sync.Once
	fixtureVal  *Fixture
	fixtureErr  error
	fixtureRoot string
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if fixtureRoot != "" && !*flagKeep {
		Cleanup(fixtureRoot)
	}
	os.Exit(code)
}

func sharedFixture(t *testing.T) *Fixture {
	t.Helper()
	fixtureOnce.Do(func() {
		if fixtureRoot, fixtureErr = os.MkdirTemp("", "godx-difftest-"); fixtureErr != nil {
			return
		}
		fixtureVal, fixtureErr = NewFixture(context.Background(), fixtureRoot)
	})
	if fixtureErr != nil {
		t.Skipf("no fixture: %v", fixtureErr)
	}
	return fixtureVal
}

// FullSize is how many generated scenarios the full harness compares.
const FullSize = 600

// sampleSeeds are the seeds of the generated scenarios this run compares,
// and whether they are the default (covering) sample.
func sampleSeeds(v Versions) ([]uint64, bool) {
	n := 0
	switch {
	case *flagN > 0:
		n = *flagN
	case os.Getenv(FullEnv) == "1":
		n = FullSize
	default:
		return coveringSeeds(*flagSeed, FullSize, v), true
	}
	seeds := make([]uint64, n)
	for i := range seeds {
		seeds[i] = *flagSeed + uint64(i)
	}
	return seeds, false
}

// coveringSeeds is the default sample: among the n scenarios of the full
// run from seed first, a few that together give every dimension every
// value it takes in the full run (rare trouble values included), and
// cgo code of each kind every C compiler setting it meets there
// (cgo/compiler's cause needs both), chosen greedily (the seed adding the
// most values not yet covered; the lowest of equals) and returned in
// ascending order. Under 50 scenarios cover what 600 do, value by value,
// where the first 64 seeds missed a quarter of the values.
func coveringSeeds(first uint64, n int, v Versions) []uint64 {
	dims := make([][]string, n)
	left := map[string]bool{}
	for i := range dims {
		dims[i] = coverage(Generate(first+uint64(i), v).Dims)
		for _, d := range dims[i] {
			left[d] = true
		}
	}
	var seeds []uint64
	for len(left) > 0 {
		best, bestN := 0, 0
		for i, ds := range dims {
			k := 0
			for _, d := range ds {
				if left[d] {
					k++
				}
			}
			if k > bestN {
				best, bestN = i, k
			}
		}
		for _, d := range dims[best] {
			delete(left, d)
		}
		seeds = append(seeds, first+uint64(best))
	}
	slices.Sort(seeds)
	return seeds
}

// coverage is what a scenario with these dimensions adds to the default
// sample: its values, and its kind of cgo code with each of its C compiler
// settings.
func coverage(dims []string) []string {
	out := slices.Clone(dims)
	for _, code := range dims {
		if !strings.HasPrefix(code, "src=") || !strings.Contains(code, "cgo") {
			continue
		}
		for _, d := range dims {
			if strings.HasPrefix(d, "CC=") || strings.HasPrefix(d, "no-C-compiler=") {
				out = append(out, code+" with "+d)
			}
		}
	}
	return out
}

// runScenario runs one scenario and returns its verdict.
func runScenario(t *testing.T, fx *Fixture, s Scenario) *Verdict {
	t.Helper()
	dir := filepath.Join(fx.Root, "s", s.Name)
	out, err := fx.Run(context.Background(), s, dir)
	if err != nil {
		t.Fatal(err)
	}
	if *flagKeep {
		t.Logf("kept in %s", dir)
	} else {
		t.Cleanup(func() { Cleanup(dir) })
	}
	v := Compare(out, fx.Vers.Local)
	if d := v.Disagreements(); len(d) > 0 || *flagShow {
		t.Log(describe(out, v, d))
	}
	return v
}

func describe(o *Outcome, v *Verdict, disagreements []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", o.Scenario.Name, strings.Join(o.Scenario.Dims, " "))
	for _, d := range disagreements {
		fmt.Fprintf(&b, "  DISAGREE %s\n", d)
	}
	names := make([]string, 0, len(o.Scenario.Files))
	for n := range o.Scenario.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  file %s: %q\n", n, o.Scenario.Files[n])
	}
	for _, k := range sortedKeys(o.Scenario.Env) {
		fmt.Fprintf(&b, "  env %s=%q\n", k, o.Scenario.Env[k])
	}
	for _, r := range o.Go {
		fmt.Fprintf(&b, "  go %s: exit %d\n", strings.Join(r.Args, " "), r.Exit)
		if r.Args[0] != "env" || r.Failed() {
			for _, l := range strings.Split(strings.TrimSpace(r.Stdout+"\n"+r.Stderr), "\n") {
				if l != "" {
					fmt.Fprintf(&b, "    | %s\n", l)
				}
			}
		}
	}
	if v.SaidToolchain != "" {
		fmt.Fprintf(&b, "  godx: toolchain that runs: %s\n", v.SaidToolchain)
	}
	for _, c := range o.Report.Checks {
		if c.Deselected {
			continue
		}
		fmt.Fprintf(&b, "  godx %s: %s %s\n", c.ID, c.Status, o.Normalize(c.Reason))
		for _, fd := range c.Findings {
			fmt.Fprintf(&b, "    %s: %s\n", fd.Severity, o.Normalize(fd.Summary))
			if fd.Severity.String() == "error" {
				for _, l := range strings.Split(o.Normalize(fd.Detail), "\n") {
					fmt.Fprintf(&b, "      %s\n", l)
				}
			}
		}
	}
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestDifferential compares godx with the go command on generated
// scenarios and on the regression cases, and fails when a check agrees
// less than MinAgreement, when godx reports an error in a scenario whose
// build succeeded, or when a regression case disagrees at all.
func TestDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command a few hundred times")
	}
	fx := sharedFixture(t)
	seeds, covering := sampleSeeds(fx.Vers)
	var mu sync.Mutex
	tally, generated := &Tally{}, &Tally{}
	// run runs one scenario as a parallel subtest; a regression case must
	// agree in everything.
	run := func(t *testing.T, s Scenario, strict bool) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			v := runScenario(t, fx, s)
			mu.Lock()
			tally.Add(v)
			if !strict {
				generated.Add(v)
			}
			mu.Unlock()
			if d := v.Disagreements(); strict && len(d) > 0 {
				t.Errorf("disagreements:\n%s", strings.Join(d, "\n"))
			}
		})
	}
	t.Run("regression", func(t *testing.T) {
		for _, s := range Regressions(fx.Vers) {
			run(t, s, true)
		}
	})
	t.Run("generated", func(t *testing.T) {
		for _, seed := range seeds {
			run(t, Generate(seed, fx.Vers), false)
		}
	})
	sample := fmt.Sprintf("%d scenarios from seed %d", len(seeds), *flagSeed)
	if covering {
		sample = fmt.Sprintf("%d scenarios covering every value of the %d from seed %d", len(seeds), FullSize, *flagSeed)
	}
	t.Logf("agreement with the go command (%s, plus the regression cases):\n%s", sample, tally.Table())
	if covering {
		// The small default sample must still attack every check (a go
		// command failed for its cause and godx was compared) and the
		// silence rule (scenarios where every go command succeeded).
		for _, id := range Checked {
			if r := generated.Rows[id]; r == nil || r.Observed == 0 {
				t.Errorf("no generated scenario of the default sample made a go command fail for %s's cause", id)
			}
		}
		if generated.AllOK == 0 {
			t.Error("no generated scenario of the default sample had every go command succeed")
		}
	}
	for _, id := range Checked {
		if r := tally.Rows[id]; r != nil && Percent(r.Agree, r.Compared) < MinAgreement {
			t.Errorf("%s agrees with the go command in %.1f %% of %d scenarios, below %.1f %%", id, Percent(r.Agree, r.Compared), r.Compared, MinAgreement)
		}
	}
	if tally.ToolchainAgree != tally.ToolchainCompared {
		t.Errorf("godx named the toolchain that runs in %d of %d scenarios", tally.ToolchainAgree, tally.ToolchainCompared)
	}
	if tally.ErrorsOnAllOK > 0 {
		t.Errorf("%d godx error findings in scenarios where every go command succeeded", tally.ErrorsOnAllOK)
	}
	if len(tally.Unexplained) > 0 {
		t.Errorf("%d go command failures that no check owns", len(tally.Unexplained))
	}
}

// MinAgreement is the quality bar per check, in percent.
const MinAgreement = 99.5

package difftest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	flagN    = flag.Int("difftest.n", 0, "generated scenarios to run (default 64; 600 with GODX_DIFFTEST_FULL=1)")
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

// sampleSize is how many generated scenarios this run compares.
func sampleSize() int {
	switch {
	case *flagN > 0:
		return *flagN
	case os.Getenv(FullEnv) == "1":
		return 600
	}
	return 64
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
	n := sampleSize()
	var mu sync.Mutex
	tally := &Tally{}
	// run runs one scenario as a parallel subtest; a regression case must
	// agree in everything.
	run := func(t *testing.T, s Scenario, strict bool) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			v := runScenario(t, fx, s)
			mu.Lock()
			tally.Add(v)
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
		for i := range n {
			run(t, Generate(*flagSeed+uint64(i), fx.Vers), false)
		}
	})
	t.Logf("agreement with the go command (%s scenarios from seed %d, plus the regression cases):\n%s", strconv.Itoa(n), *flagSeed, tally.Table())
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

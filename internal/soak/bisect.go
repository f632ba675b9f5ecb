package soak

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Bisection verdicts.
const (
	PolluterFound     = "found"           // the smallest set of earlier tests that makes it fail
	PolluterNarrowed  = "narrowed"        // the budget ran out: a smaller failing set, not minimal
	FailsAlone        = "fails-alone"     // it failed with nothing before it: not order-dependent
	Inconsistent      = "inconsistent"    // confirming runs disagreed: it is flaky whatever the order
	NotReproduced     = "not-reproduced"  // the failing order passed when replayed
	BisectSkipped     = "budget-exceeded" // no time was left for it
	BisectInterrupted = "interrupted"     // the soak was stopped during the search
)

// Bisection is the search for the tests that make a later test fail
// (delta debugging over the tests that ran before it in its failing
// order; every step is a real go test run of a subset, same seed).
type Bisection struct {
	Package string `json:"package"`
	Test    string `json:"test"`
	Verdict string `json:"verdict"`
	// Polluters are the earlier tests that, run before it, make it fail.
	Polluters []string `json:"polluters,omitempty"`
	// Replay runs the polluters and the test, in the failing order.
	Replay  string  `json:"replay,omitempty"`
	Runs    int     `json:"go_test_runs"`
	Seconds float64 `json:"seconds"`
}

// Rerun is one failed test run again on its own (with the other failed
// tests of its package) --rerun-failures times.
type Rerun struct {
	Package string `json:"package"`
	Test    string `json:"test"`
	Runs    int    `json:"runs"`
	Failed  int    `json:"failed"`
	Command string `json:"command"`
}

// attachFindings copies the bisections and reruns onto the tests.
func attachFindings(r *Report, tests []FlakyTest) {
	for i := range tests {
		t := &tests[i]
		for k := range r.Bisections {
			if b := &r.Bisections[k]; b.Package == t.Package && b.Test == t.Test {
				t.Polluter = b
			}
		}
		for k := range r.Reruns {
			if rr := &r.Reruns[k]; rr.Package == t.Package && rr.Test == t.Test {
				t.Rerun = rr
			}
		}
	}
}

// maxBisections bounds how many failing tests are bisected.
const maxBisections = 5

// bisect looks for the polluter of each failure that had tests before it,
// within the budget.
func (s *soaker) bisect(ctx context.Context, tests []FlakyTest) {
	deadline := time.Now().Add(s.o.BisectBudget)
	n := 0
	for _, t := range tests {
		if len(t.RanBefore) == 0 || ctx.Err() != nil || n == maxBisections {
			continue
		}
		n++
		s.phase(0, "finding what makes "+t.Test+" fail")
		b := Bisection{Package: t.Package, Test: t.Test}
		if time.Now().After(deadline) {
			b.Verdict = BisectSkipped
			s.r.Bisections = append(s.r.Bisections, b)
			continue
		}
		start := time.Now()
		fails := func(before []string) (bool, bool) {
			b.Runs++
			return s.replayFails(ctx, deadline, t, before)
		}
		b.Verdict, b.Polluters = bisectTests(t.RanBefore, fails)
		b.Seconds = time.Since(start).Seconds()
		if ctx.Err() != nil {
			b.Verdict, b.Polluters = BisectInterrupted, nil
		}
		if b.Verdict == PolluterFound || b.Verdict == PolluterNarrowed {
			b.Replay = ReplayFor(s.r.Config, s.r.Environment.GOOS, t.Package, t.Test, t.Seed, b.Polluters)
		}
		s.r.Bisections = append(s.r.Bisections, b)
	}
}

// bisectTests is delta debugging (ddmin) over before, the tests that ran
// before the failing one in its order. fails runs the test after a
// subset and reports whether it failed; ok false means the budget ran out.
func bisectTests(before []string, fails func([]string) (failed, ok bool)) (string, []string) {
	if failed, ok := fails(nil); !ok {
		return BisectSkipped, nil
	} else if failed {
		return FailsAlone, nil
	}
	if failed, ok := fails(before); !ok {
		return BisectSkipped, nil
	} else if !failed {
		return NotReproduced, nil
	}
	c := slices.Clone(before)
	n := 2
	outOfBudget := false
	try := func(sub []string) bool {
		failed, ok := fails(sub)
		outOfBudget = outOfBudget || !ok
		return ok && failed
	}
	for len(c) >= 2 && !outOfBudget {
		chunks := split(c, n)
		reduced := false
		for _, ch := range chunks {
			if try(ch) {
				c, n, reduced = ch, 2, true
				break
			}
		}
		if !reduced && n > 2 && !outOfBudget {
			for i := range chunks {
				comp := complement(chunks, i)
				if try(comp) {
					c, n, reduced = comp, max(n-1, 2), true
					break
				}
			}
		}
		if !reduced {
			if n >= len(c) {
				break
			}
			n = min(2*n, len(c))
		}
	}
	if outOfBudget {
		// c is the smallest set seen failing, not proven minimal.
		return PolluterNarrowed, c
	}
	// A test that fails now and then on its own can look order-dependent
	// by chance: confirm twice each way before naming anyone.
	for _, sub := range [][]string{c, c, nil, nil} {
		failed, ok := fails(sub)
		if !ok {
			return PolluterNarrowed, c
		}
		if failed != (sub != nil) {
			return Inconsistent, nil
		}
	}
	return PolluterFound, c
}

func split(c []string, n int) [][]string {
	var out [][]string
	start := 0
	for i := 0; i < n; i++ {
		end := start + (len(c)-start)/(n-i)
		if end > start {
			out = append(out, c[start:end])
		}
		start = end
	}
	return out
}

func complement(chunks [][]string, skip int) []string {
	var out []string
	for i, ch := range chunks {
		if i != skip {
			out = append(out, ch...)
		}
	}
	return out
}

// replayFails runs t after the tests before (same seed and flags) and
// reports whether t failed; ok is false when the deadline passed first.
func (s *soaker) replayFails(ctx context.Context, deadline time.Time, t FlakyTest, before []string) (failed, ok bool) {
	if time.Now().After(deadline) {
		return false, false
	}
	rp := NewReplay(s.r.Config, t.Package, t.Test, t.Seed, before)
	rp.Exact = true
	argv := rp.Argv(s.o.GoCommand)
	argv = slices.Insert(argv, 2, "-json")
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	_, tests, err := s.goTestJSON(ctx, argv[1:])
	if err != nil && ctx.Err() != nil {
		return false, false
	}
	for _, r := range tests {
		if r.Test == t.Test && (r.Outcome == Fail || r.Outcome == Timeout) {
			return true, true
		}
	}
	return false, true
}

// goTestJSON runs one go test -json command (bounded) and parses it.
func (s *soaker) goTestJSON(ctx context.Context, args []string) ([]PackageResult, []TestResult, error) {
	res := facts.System{}.Run(ctx, facts.Command{Path: s.o.GoCommand, Args: args, Dir: s.o.Dir, Env: s.o.Env})
	stream := NewTestStream()
	stream.Consume(bytes.NewReader(res.Stdout))
	pkgs, tests := stream.Results()
	if res.TimedOut || (res.Err != nil && res.ExitCode < 0) {
		return pkgs, tests, res.Err
	}
	return pkgs, tests, nil
}

// rerunFailures runs the failed tests of each package again, n times, on
// their own, and counts their failures.
func (s *soaker) rerunFailures(ctx context.Context, tests []FlakyTest, n int) {
	var pkgs []string
	byPkg := map[string][]string{}
	for _, t := range tests {
		if byPkg[t.Package] == nil {
			pkgs = append(pkgs, t.Package)
		}
		byPkg[t.Package] = append(byPkg[t.Package], t.Test)
	}
	for _, pkg := range pkgs {
		names := byPkg[pkg]
		var tops []string
		for _, name := range names {
			top, _, _ := strings.Cut(name, "/")
			if !slices.Contains(tops, top) {
				tops = append(tops, top)
			}
		}
		rp := NewReplay(s.r.Config, pkg, tops[len(tops)-1], "", tops[:len(tops)-1])
		if len(names) == 1 {
			rp.Test = names[0]
		}
		argv := rp.Argv(s.o.GoCommand)
		if s.o.Shuffle {
			argv = slices.Insert(argv, 3, "-shuffle=on")
		}
		counts := map[string]*Rerun{}
		for _, name := range names {
			counts[name] = &Rerun{Package: pkg, Test: name, Command: shellquote.Join(shellquote.ForGOOS(s.r.Environment.GOOS), append([]string{"go"}, argv[1:]...)...)}
		}
		for i := 1; i <= n && ctx.Err() == nil; i++ {
			s.phase(0, fmt.Sprintf("rerunning failures of %s %d/%d", pkg, i, n))
			_, results, _ := s.goTestJSON(ctx, slices.Insert(slices.Clone(argv[1:]), 1, "-json"))
			if ctx.Err() != nil {
				break
			}
			for _, r := range results {
				if c := counts[r.Test]; c != nil && r.Package == pkg {
					switch r.Outcome {
					case Pass:
						c.Runs++
					case Fail, Timeout:
						c.Runs++
						c.Failed++
					}
				}
			}
		}
		for _, name := range names {
			s.r.Reruns = append(s.r.Reruns, *counts[name])
		}
	}
}

// PolluterText says what a bisection found, in one line.
func PolluterText(test string, b *Bisection) string {
	switch b.Verdict {
	case PolluterFound:
		return fmt.Sprintf("%s fails after %s (found in %d go test runs); replay: %s", test, strings.Join(b.Polluters, ", "), b.Runs, b.Replay)
	case PolluterNarrowed:
		return fmt.Sprintf("%s fails after these %d tests (--bisect-budget ran out before a smaller set): %s; replay: %s", test, len(b.Polluters), strings.Join(b.Polluters, ", "), b.Replay)
	case FailsAlone:
		return test + " also failed when run on its own: not caused by the tests before it"
	case Inconsistent:
		return "the order of the tests before it does not decide whether " + test + " fails (confirming runs disagreed): it is flaky on its own"
	case NotReproduced:
		return "the failing order passed when replayed: the failure needs more than the order of the tests"
	}
	if b.Verdict == BisectInterrupted {
		return "the search for the test that makes it fail was interrupted"
	}
	return "not bisected: --bisect-budget ran out"
}

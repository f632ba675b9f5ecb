package soak

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

// findLostTests names, per package and run, the top-level tests that
// never ran because the test binary stopped early (its package failed
// or timed out, and tests it has did not report). The expected set is
// what go test -list named plus every test seen in any run.
func findLostTests(r *Report) []LostTests {
	expected := map[string]map[string]bool{}
	add := func(pkg, test string) {
		if expected[pkg] == nil {
			expected[pkg] = map[string]bool{}
		}
		expected[pkg][test] = true
	}
	for pkg, names := range r.Listed {
		for _, n := range names {
			add(pkg, n)
		}
	}
	for _, it := range r.Iterations {
		if it.Test == nil {
			continue
		}
		for _, t := range it.Test.Tests {
			if !strings.Contains(t.Test, "/") {
				add(t.Package, t.Test)
			}
		}
	}
	var out []LostTests
	byPkg := map[string]int{}
	for _, it := range r.Iterations {
		if it.Test == nil {
			continue
		}
		for _, p := range it.Test.Packages {
			if p.Outcome != Fail && p.Outcome != Timeout {
				continue // a package that ended normally ran what it selected
			}
			ran := map[string]bool{}
			for _, t := range it.Test.Tests {
				if t.Package == p.Package && !strings.Contains(t.Test, "/") {
					ran[t.Test] = true
				}
			}
			var notRun []string
			for n := range expected[p.Package] {
				if !ran[n] {
					notRun = append(notRun, n)
				}
			}
			if len(notRun) == 0 {
				continue
			}
			slices.Sort(notRun)
			i, ok := byPkg[p.Package]
			if !ok {
				i = len(out)
				byPkg[p.Package] = i
				out = append(out, LostTests{Package: p.Package, Expected: len(expected[p.Package])})
			}
			out[i].Runs = append(out[i].Runs, LostRun{N: it.N, Ran: len(ran), NotRun: notRun})
		}
	}
	slices.SortFunc(out, func(a, b LostTests) int { return strings.Compare(a.Package, b.Package) })
	return out
}

// listTests asks go test -list for the top-level tests of pkg (matching
// the soak's -run, if any). TestMain still runs, so a binary that dies
// there lists nothing: then the union over runs is all there is.
func (s *soaker) listTests(ctx context.Context, pkg string) []string {
	pattern := "."
	if s.o.TestFlags.Run != "" {
		pattern, _, _ = strings.Cut(s.o.TestFlags.Run, "/")
	}
	args := []string{"test", "-count=1", "-list=" + pattern}
	rp := NewReplay(s.r.Config, pkg, "", "", nil)
	args = append(args, rp.Flags...)
	args = append(args, pkg)
	// Listing builds the test binary (usually cached) and runs TestMain.
	ctx, cancel := context.WithTimeout(ctx, max(s.o.Timeout, 5*time.Minute))
	defer cancel()
	res := facts.System{}.Run(ctx, facts.Command{Path: s.o.GoCommand, Args: args, Dir: s.o.Dir, Env: s.o.Env})
	if res.Err != nil {
		return nil
	}
	var names []string
	eachLine(bytes.NewReader(res.Stdout), MaxLine, func(line []byte) {
		l := strings.TrimSpace(string(line))
		if strings.HasPrefix(l, "Test") && !strings.ContainsAny(l, " \t") {
			names = append(names, l)
		}
	})
	return names
}

// listCrashed asks go test -list, once per package, for the packages of
// a run whose test binary stopped early.
func (s *soaker) listCrashed(ctx context.Context, t *TestRun) {
	for _, p := range t.Packages {
		if p.Outcome != Fail && p.Outcome != Timeout {
			continue
		}
		if _, done := s.r.Listed[p.Package]; done {
			continue
		}
		if s.r.Listed == nil {
			s.r.Listed = map[string][]string{}
		}
		s.r.Listed[p.Package] = s.listTests(ctx, p.Package)
	}
}

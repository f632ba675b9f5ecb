package checktest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// recorder is a testing.TB that records failures instead of failing the
// test; Fatalf stops the assertion like the real one does.
type recorder struct {
	testing.TB
	errors []string
	fatal  string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	panic(r)
}

// record runs assert against a recorder and returns it.
func record(t *testing.T, assert func(testing.TB)) *recorder {
	rec := &recorder{TB: t}
	func() {
		defer func() {
			if p := recover(); p != nil && p != rec {
				panic(p)
			}
		}()
		assert(rec)
	}()
	return rec
}

func (r *recorder) failed() bool { return r.fatal != "" || len(r.errors) > 0 }

var warning = check.Finding{
	Severity: check.Warning, Summary: "GOFLAGS is odd", Detail: "first line\nsecond line",
	Fix: &check.Fix{Description: "unset it", Commands: []string{"unset GOFLAGS"}},
}

func TestClean(t *testing.T) {
	ok := checktest.Result{Summary: "GOFLAGS unset (default)"}
	if rec := record(t, func(tb testing.TB) { checktest.Clean(tb, ok, "unset", "default") }); rec.failed() {
		t.Errorf("a clean run failed: %q %q", rec.fatal, rec.errors)
	}
	for name, tc := range map[string]struct {
		r    checktest.Result
		want []string
		msg  string
	}{
		"finding":       {checktest.Result{Summary: "s", Findings: []check.Finding{warning}}, nil, "[warning] GOFLAGS is odd\n    first line\n    second line"},
		"error":         {checktest.Result{Err: errors.New("boom")}, nil, "error: boom"},
		"skip":          {checktest.Result{SkipReason: "no go"}, nil, "skipped: no go"},
		"no summary":    {checktest.Result{}, nil, "without a summary"},
		"summary lacks": {ok, []string{"GOFLAGS set"}, `does not mention "GOFLAGS set"`},
	} {
		rec := record(t, func(tb testing.TB) { checktest.Clean(tb, tc.r, tc.want...) })
		if got := rec.fatal + strings.Join(rec.errors, "\n"); !strings.Contains(got, tc.msg) {
			t.Errorf("%s: failure %q does not say %q", name, got, tc.msg)
		}
	}
}

func TestSkipped(t *testing.T) {
	r := checktest.Result{SkipReason: "cgo is off (CGO_ENABLED=0)"}
	if rec := record(t, func(tb testing.TB) { checktest.Skipped(tb, r, "cgo is off") }); rec.failed() {
		t.Errorf("a skip failed: %q %q", rec.fatal, rec.errors)
	}
	if rec := record(t, func(tb testing.TB) { checktest.Skipped(tb, r, "go/installed") }); len(rec.errors) != 1 {
		t.Errorf("a skip for another reason passed: %q", rec.errors)
	}
	if rec := record(t, func(tb testing.TB) { checktest.Skipped(tb, checktest.Result{Summary: "ran"}) }); rec.fatal == "" {
		t.Error("a run that did not skip passed")
	}
}

func TestOnlyAndOnlyWithFix(t *testing.T) {
	one := checktest.Result{Findings: []check.Finding{warning}}
	rec := record(t, func(tb testing.TB) {
		fd := checktest.OnlyWithFix(tb, one, check.Warning, "GOFLAGS is odd", "second line", "unset GOFLAGS")
		if fd.Summary != warning.Summary {
			t.Errorf("returned %+v", fd)
		}
	})
	if rec.failed() {
		t.Errorf("the one finding failed: %q %q", rec.fatal, rec.errors)
	}
	noFix := warning
	noFix.Fix = nil
	if rec := record(t, func(tb testing.TB) {
		checktest.OnlyWithFix(tb, checktest.Result{Findings: []check.Finding{noFix}}, check.Warning)
	}); len(rec.errors) != 1 {
		t.Errorf("a finding without a fix passed: %q", rec.errors)
	}
	if rec := record(t, func(tb testing.TB) { checktest.Only(tb, one, check.Error) }); len(rec.errors) != 1 {
		t.Errorf("the wrong severity passed: %q", rec.errors)
	}
	if rec := record(t, func(tb testing.TB) { checktest.Only(tb, checktest.Result{Summary: "s"}, check.Warning) }); rec.fatal == "" {
		t.Error("no finding passed")
	}
}

func TestEvidence(t *testing.T) {
	ev := check.Evidence{check.F("GOROOT", "/usr/local/go"), check.F("GOPATH", "/home/u/go")}
	if got := checktest.Evidence(ev, "GOPATH"); got != "/home/u/go" {
		t.Errorf("GOPATH = %q", got)
	}
	if got := checktest.Evidence(ev, "GOBIN"); got != "" {
		t.Errorf("GOBIN = %q", got)
	}
}

// Run and RunFacts on a factstest machine: the summary, evidence and
// findings a check reports reach the Result.
func TestRunOnMachine(t *testing.T) {
	c := &check.Check{ID: "test/home", Run: func(p *check.Pass) error {
		home := p.Facts.Getenv("HOME")
		if home == "" {
			return check.Skip("HOME is not set")
		}
		p.Observe("home is "+home, check.F("HOME", home))
		return nil
	}}
	r := checktest.Run(t, c, factstest.NewMachine(t).Linux(), facts.Options{})
	checktest.Clean(t, r, "home is /home/u")
	if checktest.Evidence(r.Evidence, "HOME") != "/home/u" {
		t.Errorf("evidence %+v", r.Evidence)
	}
	checktest.Skipped(t, checktest.Run(t, c, factstest.NewMachine(t), facts.Options{}), "HOME is not set")
}

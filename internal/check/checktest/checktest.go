// Package checktest runs a single check against a facts.OS (usually a
// factstest fake) and returns what it reported.
package checktest

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// Result is what one check run produced.
type Result struct {
	Findings   []check.Finding
	Summary    string
	Evidence   check.Evidence
	SkipReason string // set when the check returned check.Skip
	Err        error  // any other error from Run
}

// Worst is the highest severity reported, or -1 with no findings.
func (r Result) Worst() check.Severity {
	w := check.Severity(-1)
	for _, f := range r.Findings {
		if f.Severity > w {
			w = f.Severity
		}
	}
	return w
}

// Run runs c once against sys with opts.
func Run(t testing.TB, c *check.Check, sys facts.OS, opts facts.Options) Result {
	t.Helper()
	f, err := facts.New(context.Background(), sys, opts)
	if err != nil {
		t.Fatalf("facts.New: %v", err)
	}
	return RunFacts(t, c, f)
}

// RunFacts runs c once with prepared facts.
func RunFacts(t testing.TB, c *check.Check, f *facts.Facts) Result {
	t.Helper()
	var mu sync.Mutex
	var r Result
	pass := check.NewPass(context.Background(), c, f, func(fd check.Finding) {
		mu.Lock()
		defer mu.Unlock()
		r.Findings = append(r.Findings, fd)
	})
	err := c.Run(pass)
	r.Summary, r.Evidence = pass.Observed()
	if reason, ok := check.IsSkip(err); ok {
		r.SkipReason = reason
	} else {
		r.Err = err
	}
	return r
}

// Text is everything a user reads in a finding (summary, detail, evidence,
// fix), for substring assertions.
func Text(fd check.Finding) string {
	var b strings.Builder
	b.WriteString(fd.Summary + "\n" + fd.Detail + "\n")
	for _, e := range fd.Evidence {
		b.WriteString(e.Key + ": " + e.Value + "\n")
	}
	if fd.Fix != nil {
		b.WriteString(fd.Fix.Description + "\n" + strings.Join(fd.Fix.Commands, "\n"))
	}
	return b.String()
}

// Only asserts that r holds exactly one finding, of severity sev, whose
// Text mentions every want; it returns that finding.
func Only(t testing.TB, r Result, sev check.Severity, want ...string) check.Finding {
	t.Helper()
	if r.Err != nil || r.SkipReason != "" {
		t.Fatalf("err=%v skip=%q", r.Err, r.SkipReason)
	}
	if len(r.Findings) != 1 {
		t.Fatalf("got %d findings, want 1: %+v", len(r.Findings), r.Findings)
	}
	fd := r.Findings[0]
	if fd.Severity != sev {
		t.Errorf("severity = %v, want %v: %s", fd.Severity, sev, fd.Summary)
	}
	text := Text(fd)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("finding does not mention %q:\n%s", w, text)
		}
	}
	return fd
}

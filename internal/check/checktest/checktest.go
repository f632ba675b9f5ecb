// Package checktest runs a single check against a facts.OS (usually a
// factstest fake) and returns what it reported.
package checktest

import (
	"context"
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

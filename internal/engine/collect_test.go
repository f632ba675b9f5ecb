package engine

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/report"
)

// The caller ending the run (Ctrl-C: its context cancelled, no deadline)
// ends it at once: a check that ignores its context is reported as timed
// out and abandoned, one that returns its context's error likewise.
func TestRunEndsWhenTheCallerCancels(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{}, 2)
	stuck := mk("a/stuck", func(p *check.Pass) error {
		started <- struct{}{}
		<-release
		return nil
	})
	polite := mk("a/polite", func(p *check.Pass) error {
		started <- struct{}{}
		<-p.Context.Done()
		return p.Context.Err()
	})
	stuck.Timeout, polite.Timeout = time.Hour, time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		r   *report.Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := Run(ctx, []*check.Check{stuck, polite}, newFacts(t), Options{Budget: time.Hour})
		done <- result{r, err}
	}()
	<-started
	<-started
	cancel()
	select {
	case res := <-done:
		if res.err != nil {
			t.Fatal(res.err)
		}
		for _, id := range []string{"a/stuck", "a/polite"} {
			if got := byID(res.r, id).Status; got != report.Timeout {
				t.Errorf("%s: status %s, want timeout", id, got)
			}
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("Run did not end when its caller cancelled")
	}
}

// Every check gets exactly one result, in catalogue order, and OnDone is
// called once for each, whatever order they end in.
func TestRunManyChecksOneResultEach(t *testing.T) {
	var checks []*check.Check
	for i := range 200 {
		id := fmt.Sprintf("a/c%03d", i)
		switch i % 4 {
		case 0:
			checks = append(checks, mk(id, func(p *check.Pass) error { return nil }))
		case 1:
			checks = append(checks, mk(id, func(p *check.Pass) error {
				p.Report(check.Finding{Severity: check.Warning, Summary: id})
				return nil
			}))
		case 2:
			checks = append(checks, mk(id, func(p *check.Pass) error { return check.Skip("not here") }))
		case 3:
			checks = append(checks, mk(id, func(p *check.Pass) error { return fmt.Errorf("%s failed", id) }))
		}
	}
	var mu sync.Mutex
	done := map[string]int{}
	r, err := Run(context.Background(), checks, newFacts(t), Options{OnDone: func(c *check.Check, _ report.CheckResult) {
		mu.Lock()
		done[c.ID]++
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]report.Status{0: report.OK, 1: report.Warning, 2: report.Skipped, 3: report.Warning}
	for i, c := range r.Checks {
		if c.ID != checks[i].ID {
			t.Fatalf("result %d is %s, want %s", i, c.ID, checks[i].ID)
		}
		if c.Status != want[i%4] {
			t.Errorf("%s: status %s, want %s", c.ID, c.Status, want[i%4])
		}
		if done[c.ID] != 1 {
			t.Errorf("%s: OnDone called %d times", c.ID, done[c.ID])
		}
	}
}

package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/render"
	"github.com/godx-dev/godx/internal/report"
)

var doc = check.Doc{What: "w", Why: "y", How: "h", Fix: "f"}

func mk(id string, run func(*check.Pass) error) *check.Check {
	return &check.Check{ID: id, Title: id + " title", Doc: doc, Run: run}
}

func newFacts(t *testing.T) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), factstest.New(), facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func byID(r *report.Report, id string) report.CheckResult {
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	return report.CheckResult{}
}

func TestRunStatusesAndOrder(t *testing.T) {
	checks := []*check.Check{
		mk("b/slow-ok", func(p *check.Pass) error {
			time.Sleep(30 * time.Millisecond)
			p.Observe("fine", check.F("k", "v"))
			return nil
		}),
		mk("a/err", func(p *check.Pass) error {
			p.Report(check.Finding{Severity: check.Info, Summary: "note"})
			p.Report(check.Finding{Severity: check.Error, Summary: "broken"})
			return nil
		}),
		mk("a/warn", func(p *check.Pass) error {
			p.Report(check.Finding{Severity: check.Warning, Summary: "careful"})
			return nil
		}),
		mk("c/skip", func(p *check.Pass) error { return check.Skip("does not apply") }),
		mk("c/fails", func(p *check.Pass) error { return context.DeadlineExceeded }),
	}
	r, err := Run(context.Background(), checks, newFacts(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Catalogue order, not completion order.
	var ids []string
	for _, c := range r.Checks {
		ids = append(ids, c.ID)
	}
	if got, want := strings.Join(ids, " "), "b/slow-ok a/err a/warn c/skip c/fails"; got != want {
		t.Errorf("order = %q, want %q", got, want)
	}
	want := map[string]report.Status{
		"b/slow-ok": report.OK, "a/err": report.Error, "a/warn": report.Warning,
		"c/skip": report.Skipped, "c/fails": report.Warning,
	}
	for id, st := range want {
		if got := byID(r, id).Status; got != st {
			t.Errorf("%s status = %s, want %s", id, got, st)
		}
	}
	if got := byID(r, "c/skip").Reason; got != "does not apply" {
		t.Errorf("skip reason = %q", got)
	}
	if got := byID(r, "b/slow-ok"); got.Summary != "fine" || len(got.Evidence) != 1 {
		t.Errorf("observation lost: %+v", got)
	}
	if r.Summary != (report.Summary{Errors: 1, Warnings: 2, Infos: 1, Checks: 4, Skipped: 1}) {
		t.Errorf("summary = %+v", r.Summary)
	}
	if r.ExitCode(false) != report.ExitProblems {
		t.Errorf("exit code with an error should be 1")
	}
}

func TestExitCodes(t *testing.T) {
	r := &report.Report{Summary: report.Summary{Warnings: 1}}
	if r.ExitCode(false) != 0 || r.ExitCode(true) != 1 {
		t.Errorf("warnings: exit %d (lenient), %d (strict)", r.ExitCode(false), r.ExitCode(true))
	}
	r = &report.Report{Summary: report.Summary{Infos: 3}}
	if r.ExitCode(true) != 0 {
		t.Errorf("infos must never fail the run")
	}
}

func TestRunTimeoutDoesNotHangTheDoctor(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	hung := mk("a/hang", func(p *check.Pass) error {
		<-release // ignores its context, like a check stuck in a syscall
		p.Report(check.Finding{Severity: check.Error, Summary: "too late"})
		return nil
	})
	hung.Timeout = 50 * time.Millisecond
	quick := mk("a/quick", func(p *check.Pass) error { return nil })
	start := time.Now()
	r, err := Run(context.Background(), []*check.Check{hung, quick}, newFacts(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Run waited %v for a hung check", d)
	}
	h := byID(r, "a/hang")
	if h.Status != report.Timeout || len(h.Findings) != 1 || h.Findings[0].Severity != check.Warning {
		t.Errorf("hung check = %+v, want status timeout with one warning", h)
	}
	if byID(r, "a/quick").Status != report.OK {
		t.Errorf("other checks must still run")
	}
	if r.Summary.Warnings != 1 {
		t.Errorf("a timeout counts as a warning: %+v", r.Summary)
	}
}

func TestRunGlobalBudget(t *testing.T) {
	slow := mk("a/slow", func(p *check.Pass) error {
		<-p.Context.Done()
		return p.Context.Err()
	})
	slow.Timeout = time.Hour
	r, err := Run(context.Background(), []*check.Check{slow}, newFacts(t), Options{Budget: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if got := byID(r, "a/slow").Status; got != report.Timeout {
		t.Errorf("status = %s, want timeout", got)
	}
}

func TestRunPanicIsContained(t *testing.T) {
	checks := []*check.Check{
		mk("a/panics", func(p *check.Pass) error { panic("boom") }),
		mk("a/fine", func(p *check.Pass) error { return nil }),
	}
	r, err := Run(context.Background(), checks, newFacts(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := byID(r, "a/panics")
	if c.Status != report.Crashed || !strings.Contains(c.Findings[0].Detail, "boom") {
		t.Errorf("panicking check = %+v", c)
	}
	if byID(r, "a/fine").Status != report.OK {
		t.Errorf("a panic must not stop other checks")
	}
	if r.ExitCode(false) != 0 || r.ExitCode(true) != 1 {
		t.Errorf("a crash is a warning")
	}
}

func TestSelect(t *testing.T) {
	var ran atomic.Int32
	run := func(p *check.Pass) error { ran.Add(1); return nil }
	all := []*check.Check{mk("go/a", run), mk("go/b", run), mk("module/c", run), mk("cgo/d", run)}
	for _, tc := range []struct {
		only, skip []string
		want       string // IDs that run
	}{
		{nil, nil, "go/a go/b module/c cgo/d"},
		{[]string{"go/"}, nil, "go/a go/b"},
		{[]string{"go"}, nil, "go/a go/b"},
		{[]string{"module/c", "cgo/d"}, nil, "module/c cgo/d"},
		{nil, []string{"go/"}, "module/c cgo/d"},
		{[]string{"go/"}, []string{"go/b"}, "go/a"},
	} {
		r, err := Run(context.Background(), all, newFacts(t), Options{Only: tc.only, Skip: tc.skip})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range r.Checks {
			if c.Status != report.Skipped {
				got = append(got, c.ID)
			} else if !c.Deselected {
				t.Errorf("%s skipped by selection must be marked Deselected", c.ID)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("only=%v skip=%v: ran %v, want %s", tc.only, tc.skip, got, tc.want)
		}
		if len(r.Checks) != len(all) {
			t.Errorf("every check must appear in the report")
		}
	}
	if _, err := Select(all, []string{"go/typo"}, nil); err == nil {
		t.Errorf("an unknown ID must be an error")
	}
}

func TestOfflineSkipsNetworkChecks(t *testing.T) {
	needs := mk("net/needs", func(p *check.Pass) error { t.Error("ran offline"); return nil })
	needs.Network = check.RequiresNetwork
	optional := mk("net/optional", func(p *check.Pass) error {
		if _, err := p.Facts.Fetch(p.Context, "https://example.invalid/"); err != facts.ErrOffline {
			t.Errorf("Fetch offline = %v, want ErrOffline", err)
		}
		return nil
	})
	optional.Network = check.OptionalNetwork
	f, err := facts.New(context.Background(), factstest.New(), facts.Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), []*check.Check{needs, optional}, f, Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := byID(r, "net/needs"); c.Status != report.Skipped || !strings.Contains(c.Reason, "offline") {
		t.Errorf("network check offline = %+v", c)
	}
	if byID(r, "net/optional").Status != report.OK {
		t.Errorf("optional-network check must run offline")
	}
}

// The text and JSON reports are two views of one model: every finding,
// fix command and skip reason in the JSON appears in the text.
func TestTextAndJSONAgree(t *testing.T) {
	checks := []*check.Check{
		mk("a/err", func(p *check.Pass) error {
			p.Report(check.Finding{Severity: check.Error, Summary: "GOROOT is wrong", Detail: "compile: version mismatch",
				Evidence: check.Evidence{check.F("GOROOT", "/opt/go1.22")},
				Fix:      &check.Fix{Description: "unset it", Commands: []string{"go env -u GOROOT"}}})
			return nil
		}),
		mk("a/ok", func(p *check.Pass) error { p.Observe("Go 1.26.8"); return nil }),
		mk("b/skip", func(p *check.Pass) error { return check.Skip("no module") }),
	}
	r, err := Run(context.Background(), checks, newFacts(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ios, _, out, _ := iostreams.Test()
	if err := render.DoctorText(ios, r, render.DoctorOptions{Verbose: true}); err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := render.JSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back report.Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, c := range back.Checks {
		for _, s := range []string{c.Title, c.Summary, c.Reason} {
			if !strings.Contains(text, s) {
				t.Errorf("text lacks %q", s)
			}
		}
		for _, f := range c.Findings {
			for _, s := range append([]string{f.Summary, f.Detail, f.Fix.Description}, f.Fix.Commands...) {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			for _, e := range f.Evidence {
				if !strings.Contains(text, e.Value) {
					t.Errorf("text lacks evidence %q", e.Value)
				}
			}
		}
	}
	if !strings.Contains(text, "1 problem (1 error)") {
		t.Errorf("summary line missing:\n%s", text)
	}
	if back.Schema != report.Schema || back.Summary.Errors != 1 {
		t.Errorf("JSON round trip: %+v", back.Summary)
	}
}

func TestDeepChecksRunOnlyWhenAsked(t *testing.T) {
	var ran atomic.Int32
	deep := mk("go/deep", func(p *check.Pass) error { ran.Add(1); return nil })
	deep.Deep = true
	r, err := Run(context.Background(), []*check.Check{deep}, newFacts(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := byID(r, "go/deep"); c.Status != report.Skipped || !strings.Contains(c.Reason, "--deep") || ran.Load() != 0 {
		t.Errorf("deep check without --deep: %+v", c)
	}
	for _, o := range []Options{{Deep: true}, {Only: []string{"go/deep"}}} {
		if _, err := Run(context.Background(), []*check.Check{deep}, newFacts(t), o); err != nil {
			t.Fatal(err)
		}
	}
	if ran.Load() != 2 {
		t.Errorf("deep check ran %d times with --deep / --only, want 2", ran.Load())
	}
	// An area prefix selects the area's ordinary checks, not its expensive ones.
	r, err = Run(context.Background(), []*check.Check{deep}, newFacts(t), Options{Only: []string{"go/"}})
	if err != nil {
		t.Fatal(err)
	}
	if c := byID(r, "go/deep"); c.Status != report.Skipped || !strings.Contains(c.Reason, "--deep") || ran.Load() != 2 {
		t.Errorf("deep check with --only go/: %+v", c)
	}
}

func TestRunRejectsNilRequirement(t *testing.T) {
	var unset *facts.Fact[int] // declared but never set
	ran := false
	c := mk("a/reads", func(*check.Pass) error { ran = true; return nil })
	c.Requires = []facts.Requirement{unset}
	_, err := Run(context.Background(), []*check.Check{c}, newFacts(t), Options{})
	if err == nil || !strings.Contains(err.Error(), "a/reads") || !strings.Contains(err.Error(), "Requires[0] is a nil") {
		t.Errorf("Run = %v, want an error naming the check and its nil requirement", err)
	}
	c.Requires = []facts.Requirement{nil}
	if _, err := Run(context.Background(), []*check.Check{c}, newFacts(t), Options{}); err == nil {
		t.Error("Run accepted a nil interface in Requires")
	}
	if ran {
		t.Error("a check was run although the set was rejected")
	}
}

func TestCheckLimitFollowsTheBudget(t *testing.T) {
	own := mk("a/own", nil)
	own.Timeout = 20 * time.Second
	plain := mk("a/plain", nil) // check.DefaultTimeout, 5 s
	for _, tc := range []struct {
		c            *check.Check
		budget, base time.Duration
		want         time.Duration
	}{
		{plain, DefaultBudget, 0, 5 * time.Second},
		{plain, 30 * time.Second, 0, 15 * time.Second}, // --timeout 30s: three times as long
		{plain, 3 * time.Minute, 0, 90 * time.Second},
		{plain, 2 * time.Second, 0, 2 * time.Second}, // never beyond the budget
		{own, DefaultBudget, 0, 10 * time.Second},    // capped by the budget
		{own, time.Minute, 0, time.Minute},
		{own, 2 * time.Minute, 2 * time.Minute, 20 * time.Second}, // --deep: sized for its own default
		{own, 4 * time.Minute, 2 * time.Minute, 40 * time.Second},
	} {
		if got := CheckLimit(tc.c, tc.budget, tc.base); got != tc.want {
			t.Errorf("CheckLimit(%s, budget %v, base %v) = %v, want %v", tc.c.ID, tc.budget, tc.base, got, tc.want)
		}
	}
}

// A longer --timeout gives a check longer than its own limit: the
// deadline the check sees is stretched, and the advice printed for a
// timed-out check says what the suggested command gives it.
func TestLongerBudgetStretchesCheckDeadlines(t *testing.T) {
	var left atomic.Int64
	probe := mk("a/probe", func(p *check.Pass) error {
		d, _ := p.Context.Deadline()
		left.Store(int64(time.Until(d)))
		return nil
	})
	if _, err := Run(context.Background(), []*check.Check{probe}, newFacts(t), Options{Budget: 30 * time.Second}); err != nil {
		t.Fatal(err)
	}
	// 15 s minus the moments since; the unstretched limit would be 5 s.
	if got := time.Duration(left.Load()); got <= 10*time.Second || got > 15*time.Second {
		t.Errorf("deadline %v away, want about 15s", got)
	}

	release := make(chan struct{})
	defer close(release)
	hung := mk("a/hang", func(p *check.Pass) error { <-release; return nil })
	hung.Timeout = 50 * time.Millisecond
	r, err := Run(context.Background(), []*check.Check{hung}, newFacts(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fix := byID(r, "a/hang").Findings[0].Fix
	if !strings.Contains(fix.Commands[0], "--timeout 30s") || !strings.Contains(fix.Description, "gives it 150ms") {
		t.Errorf("advice %+v: --timeout 30s stretches the 50ms limit to 150ms", fix)
	}
}

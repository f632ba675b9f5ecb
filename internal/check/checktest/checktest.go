// Package checktest runs a single check against a facts.OS (usually a
// factstest fake) and returns what it reported.
package checktest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// Result is what one check run produced.
type Result struct {
	Findings   []check.Finding
	Summary    string
	Evidence   check.Evidence
	SkipReason string // set when the check returned check.Skip
	// Measurements are the durations the check recorded (Pass.Measure).
	Measurements []check.Measurement
	Err          error // any other error from Run
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

// TestCommandTimeout bounds each command a check runs in tests: generous,
// so that only a hanging command reaches it.
const TestCommandTimeout = 2 * time.Minute

// Run runs c once against sys with opts.
//
// Tests must pass on a busy machine, where a real `go env` can take
// seconds: unless opts sets a command timeout, commands get TestCommandTimeout
// instead of the product's few seconds. A test of the bound sets its own.
func Run(t testing.TB, c *check.Check, sys facts.OS, opts facts.Options) Result {
	t.Helper()
	if opts.CommandTimeout == 0 {
		opts.CommandTimeout = TestCommandTimeout
	}
	// Checks run in the doctor's pipeline, which looks past a setting
	// that blocks only `go env`.
	opts.RetryBlockedGoEnv = true
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
	r.Measurements = pass.Measured()
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

// String shows the run as a reader of a failed test needs it: the error
// or skip reason, the summary, and every finding with its severity.
func (r Result) String() string {
	var b strings.Builder
	if r.Err != nil {
		fmt.Fprintf(&b, "error: %v\n", r.Err)
	}
	if r.SkipReason != "" {
		fmt.Fprintf(&b, "skipped: %s\n", r.SkipReason)
	}
	fmt.Fprintf(&b, "summary: %q\n", r.Summary)
	fmt.Fprintf(&b, "%d finding(s)", len(r.Findings))
	for _, fd := range r.Findings {
		text := strings.TrimRight(Text(fd), "\n")
		fmt.Fprintf(&b, "\n[%v] %s", fd.Severity, strings.ReplaceAll(text, "\n", "\n    "))
	}
	return b.String()
}

// Clean asserts that the check ran to the end and found nothing wrong: no
// finding, no error, no skip, and a summary of what it saw (every check
// says what it looked at) that mentions every want.
func Clean(t testing.TB, r Result, want ...string) {
	t.Helper()
	if r.Err != nil || r.SkipReason != "" || len(r.Findings) != 0 {
		t.Fatalf("want a clean run, got:\n%v", r)
	}
	if r.Summary == "" {
		t.Errorf("clean run without a summary of what the check saw")
	}
	for _, w := range want {
		if !strings.Contains(r.Summary, w) {
			t.Errorf("summary %q does not mention %q", r.Summary, w)
		}
	}
}

// Skipped asserts that the check skipped itself, reporting nothing, with
// a reason that mentions every want.
func Skipped(t testing.TB, r Result, want ...string) {
	t.Helper()
	if r.SkipReason == "" || len(r.Findings) != 0 {
		t.Fatalf("want a skip, got:\n%v", r)
	}
	for _, w := range want {
		if !strings.Contains(r.SkipReason, w) {
			t.Errorf("skip reason %q does not mention %q", r.SkipReason, w)
		}
	}
}

// Evidence returns the value recorded under key, or "".
func Evidence(ev check.Evidence, key string) string {
	for _, f := range ev {
		if f.Key == key {
			return f.Value
		}
	}
	return ""
}

// OnlyWithFix is Only for a finding that must also say how to fix it.
func OnlyWithFix(t testing.TB, r Result, sev check.Severity, want ...string) check.Finding {
	t.Helper()
	fd := Only(t, r, sev, want...)
	if fd.Fix == nil || fd.Fix.Description == "" {
		t.Errorf("finding has no fix: %s", fd.Summary)
	}
	return fd
}

// Only asserts that r holds exactly one finding, of severity sev, whose
// Text mentions every want; it returns that finding.
func Only(t testing.TB, r Result, sev check.Severity, want ...string) check.Finding {
	t.Helper()
	if r.Err != nil || r.SkipReason != "" {
		t.Fatalf("want one finding, got:\n%v", r)
	}
	if len(r.Findings) != 1 {
		t.Fatalf("want one finding, got:\n%v", r)
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

// AutoEdit asserts that fd's automatic fix is an edit of path that turns
// old into want, and changes nothing when applied again.
func AutoEdit(t testing.TB, fd check.Finding, path, old, want string) {
	t.Helper()
	if fd.Fix == nil || fd.Fix.Auto == nil || fd.Fix.Auto.Kind != "edit" || fd.Fix.Auto.Path != path || fd.Fix.Auto.Rewrite == nil {
		var a any
		if fd.Fix != nil {
			a = fd.Fix.Auto
		}
		t.Fatalf("want an automatic edit of %s, got %+v", path, a)
	}
	got, err := fd.Fix.Auto.Rewrite([]byte(old))
	if err != nil || string(got) != want {
		t.Errorf("the edit of %s turns %q into %q (%v), want %q", path, old, got, err, want)
		return
	}
	if again, err := fd.Fix.Auto.Rewrite(got); err != nil || string(again) != string(got) {
		t.Errorf("the edit of %s is not idempotent: %q, then %q (%v)", path, got, again, err)
	}
}

// FreshUser points the user's folders at a new temporary home for the
// rest of the test, the way each OS names them: HOME, and
// XDG_CONFIG_HOME/XDG_CACHE_HOME cleared (Unix); USERPROFILE, APPDATA and
// LOCALAPPDATA (Windows). Tests that run the real go command or read
// real settings files use it, so that nothing of the machine's user (a
// go env -w file, VS Code settings) leaks in or is written to. It returns
// the home and the user config directory (os.UserConfigDir: where
// VS Code's Code\User and the go env -w file live).
func FreshUser(t testing.TB) (home, config string) {
	t.Helper()
	home = t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("USERPROFILE", home)
	t.Setenv("APPDATA", filepath.Join(home, "AppData", "Roaming"))
	t.Setenv("LOCALAPPDATA", filepath.Join(home, "AppData", "Local"))
	config, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	return home, config
}

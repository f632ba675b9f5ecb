package wintest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/report"
)

// Budget is the --timeout Doctor gives godx unless args set one: the
// suite asserts what godx finds, not how fast, and the machine may be
// busy (longer budgets stretch every check's and command's limit).
const Budget = "3m"

// Doctor runs `godx doctor --json ARGS` as u in dir and returns the
// report; an exit status other than 0 or 1 fails the test.
func (u *User) Doctor(t testing.TB, dir string, changes []string, args ...string) *report.Report {
	t.Helper()
	if !slices.Contains(args, "--timeout") {
		args = append(args, "--timeout", Budget)
	}
	res := u.Godx(t, dir, changes, append([]string{"doctor", "--json"}, args...)...)
	if res.ExitCode != 0 && res.ExitCode != 1 {
		t.Fatalf("godx doctor: %s", res)
	}
	var r report.Report
	if err := json.Unmarshal([]byte(res.Stdout), &r); err != nil {
		t.Fatalf("godx doctor --json: %v\n%s", err, res)
	}
	return &r
}

// Check returns the result of one check in r.
func Check(t testing.TB, r *report.Report, id string) report.CheckResult {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s in the report", id)
	return report.CheckResult{}
}

// Text is everything a check result says (summary, reason, evidence,
// findings with their evidence and fixes), one item a line, for
// substring assertions.
func Text(c report.CheckResult) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s); b.WriteByte('\n') }
	line(string(c.Status) + ": " + c.Summary)
	line(c.Reason)
	for _, f := range c.Evidence {
		line(f.Key + ": " + f.Value)
	}
	for _, fd := range c.Findings {
		line(fd.Severity.String() + ": " + fd.Summary)
		line(fd.Detail)
		for _, f := range fd.Evidence {
			line(f.Key + ": " + f.Value)
		}
		if fd.Fix != nil {
			line("fix: " + fd.Fix.Description)
			for _, c := range fd.Fix.Commands {
				line("$ " + c)
			}
		}
	}
	return b.String()
}

// Expect asserts that check id in r has status want and that its text
// (Text) contains every one of subs.
func Expect(t testing.TB, r *report.Report, id string, want report.Status, subs ...string) report.CheckResult {
	t.Helper()
	c := Check(t, r, id)
	text := Text(c)
	if c.Status != want {
		t.Errorf("%s: status %s, want %s\n%s", id, c.Status, want, text)
	}
	for _, s := range subs {
		if !strings.Contains(text, s) {
			t.Errorf("%s: no %q in\n%s", id, s, text)
		}
	}
	return c
}

package root

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/report"
)

// run executes `godx args...` against a fake machine whose checks record
// that they ran; it returns them sorted, and the time limit the one
// external command got.
func run(t *testing.T, args ...string) (ran string, commandLimit time.Duration) {
	t.Helper()
	var mu sync.Mutex
	var ids []string
	sys := factstest.New()
	sys.AddCommand("/bin/probe", func(ctx context.Context, _ facts.Command) facts.Result {
		if d, ok := ctx.Deadline(); ok {
			mu.Lock()
			commandLimit = time.Until(d)
			mu.Unlock()
		}
		return facts.Result{}
	})
	doc := check.Doc{What: "w", Why: "y", How: "h", Fix: "f"}
	mk := func(id string, edit func(*check.Check)) *check.Check {
		c := &check.Check{ID: id, Title: id, Doc: doc, Timeout: time.Hour, Run: func(p *check.Pass) error {
			mu.Lock()
			ids = append(ids, id)
			mu.Unlock()
			return nil
		}}
		if edit != nil {
			edit(c)
		}
		return c
	}
	checks := []*check.Check{
		mk("a/one", nil),
		mk("a/two", nil),
		mk("b/one", nil),
		mk("b/deep", func(c *check.Check) { c.Deep = true }),
		mk("c/net", func(c *check.Check) { c.Network = check.RequiresNetwork }),
		mk("c/command", func(c *check.Check) {
			record := c.Run
			c.Run = func(p *check.Pass) error {
				p.Facts.Run(p.Context, facts.Command{Path: "/bin/probe"})
				return record(p)
			}
		}),
	}
	ios, _, out, errOut := iostreams.Test()
	f := &command.Factory{IO: ios, OS: sys, Checks: func() []*check.Check { return checks }}
	if code := Execute(context.Background(), f, args); code != report.ExitOK {
		t.Fatalf("godx %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	slices.Sort(ids)
	return strings.Join(ids, " "), commandLimit
}

// TestFixSelectsLikeDoctor runs `godx doctor` and `godx fix` with the same
// selection flags: they must run the same checks, and give external
// commands the same time.
func TestFixSelectsLikeDoctor(t *testing.T) {
	for _, tc := range []struct {
		flags []string
		ran   string
	}{
		{nil, "a/one a/two b/one c/command c/net"},
		{[]string{"--offline"}, "a/one a/two b/one c/command"},
		{[]string{"--only", "a/one,b/one"}, "a/one b/one"},
		{[]string{"--only", "a/one", "--only", "b/one"}, "a/one b/one"},
		{[]string{"--only", "a/one, b/one"}, "a/one b/one"},
		{[]string{"--only", "a"}, "a/one a/two"},
		{[]string{"--only", "b/"}, "b/one"},
		{[]string{"--only", "b/deep"}, "b/deep"},
		{[]string{"--skip", "a", "--skip", "c/net"}, "b/one c/command"},
		{[]string{"--deep"}, "a/one a/two b/deep b/one c/command c/net"},
		{[]string{"--deep", "--only", "c/command"}, "c/command"},
		{[]string{"--deep", "--only", "c/command", "--timeout", "20s"}, "c/command"},
	} {
		doctorRan, doctorLimit := run(t, append([]string{"doctor"}, tc.flags...)...)
		fixRan, fixLimit := run(t, append([]string{"fix"}, tc.flags...)...)
		if doctorRan != tc.ran || fixRan != tc.ran {
			t.Errorf("%q: doctor ran %q, fix ran %q; want %q", tc.flags, doctorRan, fixRan, tc.ran)
		}
		// The limits are measured when the command starts, so they differ
		// by the time in between; what matters is which limit applied.
		if bucket(doctorLimit) != bucket(fixLimit) {
			t.Errorf("%q: commands got %v under doctor but %v under fix", tc.flags, doctorLimit, fixLimit)
		}
	}
	if _, limit := run(t, "fix", "--deep", "--only", "c/command"); bucket(limit) != 30*time.Second {
		t.Errorf("fix --deep gave a command %v, want --deep's 30s", limit)
	}
}

// bucket rounds a measured remaining time up to the limit it came from.
func bucket(d time.Duration) time.Duration {
	for _, limit := range []time.Duration{4 * time.Second, 10 * time.Second, 30 * time.Second} {
		if d <= limit {
			return limit
		}
	}
	return d
}

func TestUnknownPatternIsAUsageErrorForBoth(t *testing.T) {
	for _, cmd := range []string{"doctor", "fix"} {
		for _, flags := range [][]string{{"--only", "a/one b/one"}, {"--skip", "nosuch"}, {"--timeout", "0s"}} {
			ios, _, _, errOut := iostreams.Test()
			f := &command.Factory{IO: ios, OS: factstest.New(), Checks: func() []*check.Check { return nil }}
			if code := Execute(context.Background(), f, append([]string{cmd}, flags...)); code != report.ExitFailure || !strings.Contains(errOut.String(), "Run 'godx --help' for usage.") {
				t.Errorf("godx %s %q: exit %d, stderr %q; want a usage error", cmd, flags, code, errOut)
			}
		}
	}
}

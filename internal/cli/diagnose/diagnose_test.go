package diagnose_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/diagnose"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/iostreams"
)

var doc = check.Doc{What: "w", Why: "y", How: "h", Fix: "f"}

// machine is a fake machine whose checks record that they ran and, for
// the one that runs a command, the time that command was given.
type machine struct {
	mu           sync.Mutex
	ran          []string
	commandLimit time.Duration
}

func (m *machine) factory() *command.Factory {
	sys := factstest.New()
	sys.AddCommand("/bin/probe", func(ctx context.Context, _ facts.Command) facts.Result {
		if d, ok := ctx.Deadline(); ok {
			m.mu.Lock()
			m.commandLimit = time.Until(d)
			m.mu.Unlock()
		}
		return facts.Result{}
	})
	mk := func(id string, edit func(*check.Check)) *check.Check {
		c := &check.Check{ID: id, Title: id, Doc: doc, Run: func(p *check.Pass) error {
			m.mu.Lock()
			m.ran = append(m.ran, id)
			m.mu.Unlock()
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
			c.Timeout = time.Hour // so that only the command limit bounds the command
			run := c.Run
			c.Run = func(p *check.Pass) error {
				p.Facts.Run(p.Context, facts.Command{Path: "/bin/probe"})
				return run(p)
			}
		}),
	}
	ios, _, _, _ := iostreams.Test()
	return &command.Factory{IO: ios, OS: sys, Checks: func() []*check.Check { return checks }}
}

// parse reads args as a command using AddFlags would.
func parse(t *testing.T, f *command.Factory, args ...string) diagnose.Options {
	t.Helper()
	var o diagnose.Options
	cmd := &cobra.Command{Use: "test"}
	diagnose.AddFlags(cmd, &o, f.Checks)
	if err := cmd.ParseFlags(args); err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return o
}

func TestBudgetAndCommandTimeout(t *testing.T) {
	f := (&machine{}).factory()
	for _, tc := range []struct {
		args            []string
		budget, command time.Duration
	}{
		{nil, 10 * time.Second, 4 * time.Second},
		{[]string{"--deep"}, 2 * time.Minute, 30 * time.Second},
		{[]string{"--deep", "--timeout", "10s"}, 10 * time.Second, 5 * time.Second},
		{[]string{"--timeout", "6s"}, 6 * time.Second, 3 * time.Second},
		{[]string{"--timeout", "1m"}, time.Minute, 24 * time.Second},     // stretched with the budget
		{[]string{"--timeout", "3m"}, 3 * time.Minute, 72 * time.Second}, // 4 s × 18
		{[]string{"--deep", "--timeout", "4m"}, 4 * time.Minute, time.Minute},
	} {
		o := parse(t, f, tc.args...)
		if got := o.Budget(); got != tc.budget {
			t.Errorf("%q: Budget = %v, want %v", tc.args, got, tc.budget)
		}
		if got := o.CommandTimeout(); got != tc.command {
			t.Errorf("%q: CommandTimeout = %v, want %v", tc.args, got, tc.command)
		}
	}
}

// Network requests follow the budget like commands and checks do.
func TestFetchTimeoutFollowsTheBudget(t *testing.T) {
	f := (&machine{}).factory()
	for _, tc := range []struct {
		args []string
		want time.Duration
	}{
		{nil, facts.NetRequestTimeout},
		{[]string{"--timeout", "30s"}, 6 * time.Second},
		{[]string{"--timeout", "3s"}, 1500 * time.Millisecond}, // half the budget
		{[]string{"--deep"}, facts.NetRequestTimeout},
	} {
		o := parse(t, f, tc.args...)
		if got := o.FetchTimeout(); got != tc.want {
			t.Errorf("%q: FetchTimeout = %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestPatternsSplitCommaListsOnly(t *testing.T) {
	f := (&machine{}).factory()
	for _, tc := range []struct {
		args []string
		only []string
	}{
		{[]string{"--only", "a/one,b/one"}, []string{"a/one", "b/one"}},
		{[]string{"--only", "a/one", "--only", "b/one"}, []string{"a/one", "b/one"}},
		{[]string{"--only", " a/one , ,b/one"}, []string{"a/one", "b/one"}},
		{[]string{"--only", "a/one b/one"}, []string{"a/one b/one"}}, // not a list: refused as unknown
		{[]string{"--only", ""}, nil},
	} {
		o := parse(t, f, tc.args...)
		if only, _ := o.Patterns(); !slices.Equal(only, tc.only) {
			t.Errorf("%q: only = %q, want %q", tc.args, only, tc.only)
		}
	}
}

func TestValidateUsageErrors(t *testing.T) {
	f := (&machine{}).factory()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--timeout", "0s"}, "--timeout must be positive, got 0s"},
		{[]string{"--timeout", "-1s"}, "--timeout must be positive, got -1s"},
		{[]string{"--only", "a/one b/one"}, `unknown check or area "a/one b/one"`},
		{[]string{"--skip", "nosuch"}, `unknown check or area "nosuch"`},
		{[]string{"--skip", "a/", "--only", "a/one"}, "--only a/one with --skip a/ leaves no check to run"},
		{[]string{"--skip", "a,b", "--skip", "c"}, "--skip a,b,c leaves no check to run"},
	} {
		o := parse(t, f, tc.args...)
		err := o.Validate(f.Checks())
		if !command.IsUsage(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: Validate = %v, want a usage error saying %q", tc.args, err, tc.want)
		}
	}
	o := diagnose.Options{Dir: "/does-not-exist"}
	if _, err := diagnose.Run(context.Background(), f, o); !command.IsUsage(err) || !strings.Contains(err.Error(), "project directory") {
		t.Errorf("Run with a missing directory = %v, want a usage error", err)
	}
}

func TestRunSelects(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ran  string
	}{
		{nil, "a/one a/two b/one c/command c/net"},
		{[]string{"--offline"}, "a/one a/two b/one c/command"},
		{[]string{"--only", "a/one,b/one"}, "a/one b/one"},
		{[]string{"--only", "a/one", "--only", "b/one"}, "a/one b/one"},
		{[]string{"--only", "a"}, "a/one a/two"},
		{[]string{"--only", "b/"}, "b/one"}, // an area does not pull in an expensive check
		{[]string{"--only", "b/deep"}, "b/deep"},
		{[]string{"--skip", "a,c/net"}, "b/one c/command"},
		{[]string{"--deep", "--only", "b"}, "b/deep b/one"},
	} {
		m := &machine{}
		f := m.factory()
		res, err := diagnose.Run(context.Background(), f, parse(t, f, tc.args...))
		if err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		slices.Sort(m.ran)
		if got := strings.Join(m.ran, " "); got != tc.ran {
			t.Errorf("%q: ran %q, want %q", tc.args, got, tc.ran)
		}
		if len(res.Report.Checks) != 6 || res.Facts == nil {
			t.Errorf("%q: the report lists %d checks (want all 6), facts %v", tc.args, len(res.Report.Checks), res.Facts)
		}
	}
}

func TestRunGivesCommandsTheirLimit(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		min, max time.Duration
	}{
		{[]string{"--only", "c/command"}, time.Second, 4 * time.Second},
		{[]string{"--only", "c/command", "--deep"}, 20 * time.Second, 30 * time.Second},
	} {
		m := &machine{}
		f := m.factory()
		if _, err := diagnose.Run(context.Background(), f, parse(t, f, tc.args...)); err != nil {
			t.Fatal(err)
		}
		if m.commandLimit < tc.min || m.commandLimit > tc.max {
			t.Errorf("%q: the command had %v, want %v to %v", tc.args, m.commandLimit, tc.min, tc.max)
		}
	}
}

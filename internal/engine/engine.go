// Package engine runs doctor checks: all at once, each under its own
// timeout and the run's global budget, with panics contained, and collects
// their results in catalogue order.
package engine

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/report"
)

// Options select and bound a run.
type Options struct {
	// Only and Skip hold check IDs or area prefixes ("go/" or "go").
	Only, Skip []string
	Offline    bool
	// Deep also runs the checks marked Deep (expensive ones).
	Deep bool
	// Budget is the global time limit (default 10s).
	Budget time.Duration
	// BaseBudget is the budget the checks' own limits are sized for:
	// DefaultBudget (zero), or the longer default of a --deep run. A
	// Budget above it stretches every check's limit (Stretch).
	BaseBudget time.Duration
	// OnStart and OnDone observe progress (for a live status line):
	// OnStart from the check's goroutine, OnDone from Run's.
	OnStart func(c *check.Check)
	OnDone  func(c *check.Check, r report.CheckResult)
	// GodxVersion goes into the report.
	GodxVersion string
	// CheckTimeout, when positive, replaces every check's own time limit.
	// Tests that run real commands on a loaded machine raise it, so that
	// they fail only on a command that hangs, never on a slow one.
	CheckTimeout time.Duration
}

// DefaultBudget is the global time limit of a doctor run.
const DefaultBudget = 10 * time.Second

// Stretch is the one rule that keeps a run's limits consistent with its
// budget: a limit sized for a run of base (a check's own limit, the
// per-command limit) grows in proportion when the budget is longer —
// `--timeout 30s` gives a 5 s check 15 s — so that a longer --timeout
// really gives a slow check (or a slow machine) more time. It never
// exceeds the budget, and a shorter budget does not shrink it (the budget
// itself then ends the run first).
func Stretch(limit, budget, base time.Duration) time.Duration {
	if base <= 0 {
		base = DefaultBudget
	}
	if budget > base {
		limit = time.Duration(float64(limit) * float64(budget) / float64(base))
	}
	return min(limit, budget)
}

// CheckLimit is how long c may run in a run of budget whose checks are
// sized for base: its own Timeout (check.DefaultTimeout when it declares
// none), stretched.
func CheckLimit(c *check.Check, budget, base time.Duration) time.Duration {
	limit := c.Timeout
	if limit <= 0 {
		limit = check.DefaultTimeout
	}
	return Stretch(limit, budget, base)
}

// Select reports which checks the patterns choose, or an error naming a
// pattern that matches nothing (a typo should not silently run nothing).
func Select(all []*check.Check, only, skip []string) (map[string]string, error) {
	for _, p := range append(append([]string(nil), only...), skip...) {
		if !matchesAny(all, p) {
			return nil, fmt.Errorf("unknown check or area %q (see `godx checks`)", p)
		}
	}
	excluded := map[string]string{} // ID -> reason
	for _, c := range all {
		if len(only) > 0 && !matchesSome(c, only) {
			excluded[c.ID] = "not selected by --only"
		} else if matchesSome(c, skip) {
			excluded[c.ID] = "excluded by --skip"
		}
	}
	return excluded, nil
}

func matchesAny(all []*check.Check, pattern string) bool {
	for _, c := range all {
		if matches(c, pattern) {
			return true
		}
	}
	return false
}

func matchesSome(c *check.Check, patterns []string) bool {
	for _, p := range patterns {
		if matches(c, p) {
			return true
		}
	}
	return false
}

// named reports whether patterns name c by its ID (an area prefix such as
// "go/" does not pull in expensive checks).
func named(c *check.Check, patterns []string) bool {
	for _, p := range patterns {
		if strings.TrimSpace(p) == c.ID {
			return true
		}
	}
	return false
}

func matches(c *check.Check, pattern string) bool {
	pattern = strings.TrimSpace(pattern)
	switch {
	case pattern == c.ID:
		return true
	case strings.HasSuffix(pattern, "/"):
		return strings.HasPrefix(c.ID, pattern)
	default:
		return pattern == c.Area()
	}
}

// Run runs the checks against f and returns the report. It returns when
// every check has finished or the budget (or ctx) has ended; checks still
// running then are reported as timed out and abandoned.
func Run(ctx context.Context, checks []*check.Check, f *facts.Facts, opts Options) (*report.Report, error) {
	for _, c := range checks {
		// A nil requirement would fail only when read, as a confusing
		// panic in whichever check got there first.
		if err := check.ValidateRequires(c); err != nil {
			return nil, err
		}
	}
	excluded, err := Select(checks, opts.Only, opts.Skip)
	if err != nil {
		return nil, err
	}
	budget := opts.Budget
	if budget <= 0 {
		budget = DefaultBudget
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()

	results := make([]report.CheckResult, len(checks))
	var started []*running
	done := make(chan outcome, len(checks))
	for i, c := range checks {
		results[i] = newResult(c)
		if reason, ok := excluded[c.ID]; ok {
			results[i].Status, results[i].Reason, results[i].Deselected = report.Skipped, reason, true
			continue
		}
		if c.Deep && !opts.Deep && !named(c, opts.Only) {
			results[i].Status, results[i].Reason = report.Skipped, "expensive: runs with --deep"
			continue
		}
		if opts.Offline && c.Network == check.RequiresNetwork {
			results[i].Status, results[i].Reason = report.Skipped, "needs the network (--offline)"
			continue
		}
		timeout := CheckLimit(c, budget, opts.BaseBudget)
		if opts.CheckTimeout > 0 {
			timeout = opts.CheckTimeout
		}
		started = append(started, startCheck(ctx, i, c, f, budget, timeout, opts.OnStart, done))
	}
	collect(ctx, started, done, func(r *running, res report.CheckResult) {
		results[r.index] = res
		if opts.OnDone != nil {
			opts.OnDone(r.c, res)
		}
	})
	for i, c := range checks {
		results[i].Doc = c.Doc
	}

	r := &report.Report{
		Schema:      report.Schema,
		GodxVersion: opts.GodxVersion,
		Checks:      results,
		Context:     runContext(f, opts.Offline),
		Commands:    commandsRun(f),
	}
	r.Finished = time.Now()
	r.Duration = r.Finished.Sub(start)
	r.DurationMS = r.Duration.Milliseconds()
	r.Tally()
	return r, nil
}

// running is a started check. Each check runs in one goroutine of its
// own, and Run's goroutine waits for them all (collect): so a check stuck
// past its deadline (say, waiting on a command that ignores signals)
// cannot hold up the report. When its time is up its result is written
// as a timeout and the goroutine is abandoned; anything it reports later
// is dropped.
type running struct {
	index   int
	c       *check.Check
	ctx     context.Context
	cancel  context.CancelFunc
	pass    *check.Pass
	began   time.Time
	budget  time.Duration
	timeout time.Duration

	mu       sync.Mutex
	res      report.CheckResult // findings so far
	finished bool
}

// newResult is c's result before it has run: no findings yet.
func newResult(c *check.Check) report.CheckResult {
	return report.CheckResult{ID: c.ID, Area: c.Area(), Title: c.Title, Findings: []check.Finding{}}
}

// outcome is what a check's goroutine sends when c.Run returns.
type outcome struct {
	r   *running
	err error
}

func startCheck(ctx context.Context, i int, c *check.Check, f *facts.Facts, budget, timeout time.Duration, onStart func(*check.Check), done chan<- outcome) *running {
	r := &running{index: i, c: c, budget: budget, timeout: timeout}
	r.ctx, r.cancel = context.WithTimeout(ctx, timeout)
	r.res = newResult(c)
	r.pass = check.NewPass(r.ctx, c, f, func(fd check.Finding) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if !r.finished {
			r.res.Findings = append(r.res.Findings, fd)
		}
	})
	r.began = time.Now()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{r, &panicError{value: p, stack: debug.Stack()}}
			}
		}()
		if onStart != nil {
			onStart(c)
		}
		done <- outcome{r, c.Run(r.pass)}
	}()
	return r
}

// collect waits until every started check has returned or run out of
// time (its own limit, the run's budget, or ctx ending), calling finish
// once for each, in the order they end.
func collect(ctx context.Context, started []*running, done <-chan outcome, finish func(*running, report.CheckResult)) {
	pending := map[*running]bool{}
	for _, r := range started {
		pending[r] = true
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for len(pending) > 0 {
		// Wake at the earliest deadline still pending.
		var next time.Time
		for r := range pending {
			if d, ok := r.ctx.Deadline(); ok && (next.IsZero() || d.Before(next)) {
				next = d
			}
		}
		if !next.IsZero() {
			timer.Reset(max(time.Until(next), 0))
		}
		returned := func(o outcome) {
			if pending[o.r] {
				delete(pending, o.r)
				// A check that gave up because its time was up (it
				// returns its context's error, or one made of it) timed
				// out.
				_, skipped := check.IsSkip(o.err)
				timedOut := o.err != nil && !skipped && o.r.ctx.Err() != nil
				finish(o.r, o.r.result(o.err, timedOut))
			}
		}
		select {
		case o := <-done:
			returned(o)
		case <-timer.C:
		case <-ctx.Done():
		}
		// A check that returned before its time was up is not a
		// timeout, however late this goroutine looks.
	drain:
		for {
			select {
			case o := <-done:
				returned(o)
			default:
				break drain
			}
		}
		for r := range pending {
			if d, ok := r.ctx.Deadline(); r.ctx.Err() != nil || (ok && !time.Now().Before(d)) {
				delete(pending, r)
				finish(r, r.result(nil, true))
			}
		}
	}
}

// result is the check's result once it returned runErr, or timed out.
func (r *running) result(runErr error, timedOut bool) report.CheckResult {
	r.cancel()
	c, timeout, budget := r.c, r.timeout, r.budget
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finished = true
	res := r.res
	res.Duration = time.Since(r.began)
	res.DurationMS = res.Duration.Milliseconds()
	res.Summary, res.Evidence = r.pass.Observed()
	res.Measurements = r.pass.Measured()

	var pe *panicError
	switch {
	case timedOut:
		limit := timeout
		if deadline, ok := r.ctx.Deadline(); ok && time.Until(deadline) < 0 && res.Duration < timeout {
			limit = res.Duration.Round(time.Millisecond) // the global budget ran out first
		}
		res.Status = report.Timeout
		res.Findings = append(res.Findings, check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The check did not finish within %v and was abandoned.", limit),
			Detail:   "Something it waits for (usually an external command such as `go env`) hangs. Other checks still ran.",
			Fix: &check.Fix{
				// The command has no --deep, so its limits are sized
				// for DefaultBudget.
				Description: fmt.Sprintf("Run this check alone with three times the budget, which gives it %v, to see what is slow or hangs.",
					CheckLimit(c, 3*budget, DefaultBudget)),
				Commands: []string{fmt.Sprintf("godx doctor --only %s --timeout %v -v", c.ID, 3*budget)},
			},
		})
		return res
	case asPanic(runErr, &pe):
		res.Status = report.Crashed
		res.Findings = append(res.Findings, check.Finding{
			Severity: check.Warning,
			Summary:  "The check crashed (a bug in godx); its result is unknown.",
			Detail:   fmt.Sprintf("panic: %v\n\n%s", pe.value, firstLines(string(pe.stack), 12)),
			Fix:      &check.Fix{Description: "Please report this panic to the godx maintainers, with the output of `godx version`."},
		})
		return res
	}
	if reason, ok := check.IsSkip(runErr); ok {
		res.Status, res.Reason = report.Skipped, reason
		res.Findings = []check.Finding{}
		return res
	}
	if runErr != nil {
		res.Findings = append(res.Findings, check.Finding{
			Severity: check.Warning,
			Summary:  "godx could not complete this check: " + runErr.Error(),
		})
	}
	res.Status = report.OK
	for _, fd := range res.Findings {
		if s := report.StatusOf(fd.Severity); rank(s) > rank(res.Status) {
			res.Status = s
		}
	}
	return res
}

func rank(s report.Status) int {
	switch s {
	case report.Info:
		return 1
	case report.Warning:
		return 2
	case report.Error:
		return 3
	}
	return 0
}

type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprint("panic: ", e.value) }

func asPanic(err error, target **panicError) bool {
	pe, ok := err.(*panicError)
	if ok {
		*target = pe
	}
	return ok
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// runContext describes the run without waiting on anything still running.
func commandsRun(f *facts.Facts) []report.Command {
	var out []report.Command
	for _, c := range f.CommandsRun() {
		out = append(out, report.Command{
			Argv: c.Argv, Dir: c.Dir, Duration: c.Duration, DurationMS: c.Duration.Milliseconds(),
			ExitCode: c.ExitCode, TimedOut: c.TimedOut, Error: c.Err,
		})
	}
	return out
}

func runContext(f *facts.Facts, offline bool) report.Context {
	rc := report.Context{Dir: f.Dir, GOOS: f.GOOS(), GOARCH: f.GOARCH(), Offline: offline}
	if ge, ok := f.GoEnvReady(); ok && ge != nil {
		rc.Go = ge.Go.Path
		rc.GoVersion = ge.Get("GOVERSION")
		if m := ge.Get("GOMOD"); m != "" && m != f.DevNull() {
			rc.GoMod = m
		}
	} else if g, err := f.GoCommand(); err == nil {
		rc.Go = g.Path
	}
	return rc
}

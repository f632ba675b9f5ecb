// Package diagnose is the one doctor pipeline: choosing the checks,
// bounding the run (global budget, per-command limit), building the facts
// and running the engine. `godx doctor` prints its report, `godx fix`
// applies the fixes it carries; both select and bound checks here, with
// the same flags (AddFlags), so the two cannot drift apart.
package diagnose

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/buildversion"
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/contexts"
	"github.com/godx-dev/godx/internal/engine"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/render"
	"github.com/godx-dev/godx/internal/report"
)

// Options select and bound one diagnosis.
type Options struct {
	// Dir is the project directory ("" = the current directory).
	Dir string
	// Only and Skip hold check IDs or areas ("go/" or "go"), as given on
	// the command line: each element may be a comma-separated list.
	Only, Skip []string
	// Offline skips the checks that need the network and keeps the others
	// off it.
	Offline bool
	// Deep also runs the expensive checks, with longer limits.
	Deep bool
	// Timeout is the global budget for all checks. Zero chooses the
	// default: engine.DefaultBudget, or DeepBudget with Deep. A given
	// --timeout must be positive.
	Timeout time.Duration
	// Progress shows which check is being waited for on a terminal.
	Progress bool
	// CheckTimeout and CommandLimit, when positive, replace each check's
	// own time limit and the per-command bound. No flag sets them: tests
	// that run real go commands on a loaded machine raise them, so that
	// only a hanging command can make them fail.
	CheckTimeout, CommandLimit time.Duration
	// Context, when set, diagnoses as that context would see it (its
	// environment and working directory): "login", "gopls@4121",
	// "pid:N", "vscode", "launch:NAME" (see internal/contexts).
	Context string

	timeoutGiven bool // --timeout was on the command line
}

// DeepBudget is the default global budget with --deep: re-hashing a Go
// installation reads a few hundred megabytes.
const DeepBudget = 2 * time.Minute

// Budget is the global time limit of the run.
func (o *Options) Budget() time.Duration {
	switch {
	case o.Timeout > 0:
		return o.Timeout
	case o.Deep:
		return DeepBudget
	}
	return engine.DefaultBudget
}

// baseBudget is the default budget of this kind of run, the one the
// checks' own limits and the command limit are sized for.
func (o *Options) baseBudget() time.Duration {
	if o.Deep {
		return DeepBudget
	}
	return engine.DefaultBudget
}

// CommandTimeout bounds each external command: long enough for a slow
// machine, short enough that a hanging command is reported by the check
// that ran it (as the error it is) before the global budget runs out.
// 4 s (30 s with --deep), stretched like the checks' limits when
// --timeout is longer than the default (engine.Stretch), and at most
// half the budget.
func (o *Options) CommandTimeout() time.Duration {
	if o.CommandLimit > 0 {
		return o.CommandLimit
	}
	base := 4 * time.Second
	if o.Deep {
		base = 30 * time.Second
	}
	return min(engine.Stretch(base, o.Budget(), o.baseBudget()), o.Budget()/2)
}

// FetchTimeout bounds each network request: facts.NetRequestTimeout,
// stretched like the other limits, at most half the budget.
func (o *Options) FetchTimeout() time.Duration {
	return min(engine.Stretch(facts.NetRequestTimeout, o.Budget(), o.baseBudget()), o.Budget()/2)
}

// Patterns are Only and Skip split into single IDs and areas.
func (o *Options) Patterns() (only, skip []string) {
	return splitIDs(o.Only), splitIDs(o.Skip)
}

// Validate reports a usage mistake in o, or a defect in checks (a godx
// bug), without running anything.
func (o *Options) Validate(checks []*check.Check) error {
	if o.Timeout < 0 || o.timeoutGiven && o.Timeout == 0 {
		return command.Usagef("--timeout must be positive, got %v", o.Timeout)
	}
	if err := check.Validate(checks); err != nil {
		return err
	}
	only, skip := o.Patterns()
	excluded, err := engine.Select(checks, only, skip)
	if err != nil {
		return &command.UsageError{Err: err}
	}
	if len(checks) > 0 && len(excluded) == len(checks) {
		// Running nothing and exiting 0 would read as "all clear".
		sel := "--skip " + strings.Join(skip, ",")
		if len(only) > 0 {
			sel = "--only " + strings.Join(only, ",") + " with " + sel
		}
		return command.Usagef("%s leaves no check to run (see `godx checks`)", sel)
	}
	return nil
}

// Result is a finished diagnosis.
type Result struct {
	Report *report.Report
	// Facts are what the checks saw; their budget has ended, so only
	// answers that need no command or request (GOOS, the environment)
	// are still useful.
	Facts *facts.Facts
	// Context is the context the run diagnosed as (nil: godx's own).
	Context *contexts.Context
}

// TimeoutEnv names the environment variable that sets --timeout's
// default (a --timeout on the command line wins): for a machine that is
// always slow (an emulator, Wine, a loaded CI runner), and for godx's
// own end-to-end tests, which set it so that a busy machine slows them
// down but never fails them. Like --timeout, a longer budget stretches
// each check's limit and the command limit in proportion.
const TimeoutEnv = "GODX_TIMEOUT"

// timeoutFromEnv applies TimeoutEnv when --timeout was not given.
func (o *Options) timeoutFromEnv(environ []string) error {
	if o.timeoutGiven {
		return nil
	}
	for _, kv := range environ {
		v, ok := strings.CutPrefix(kv, TimeoutEnv+"=")
		if !ok || v == "" {
			continue
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return command.Usagef("%s=%s: want a positive duration such as 30s or 2m", TimeoutEnv, v)
		}
		o.Timeout = d
	}
	return nil
}

// Run validates o and runs the selected checks of f against f.OS.
// Mistakes in o are *command.UsageError.
func Run(ctx context.Context, f *command.Factory, o Options) (*Result, error) {
	if err := o.timeoutFromEnv(f.OS.Environ()); err != nil {
		return nil, err
	}
	checks := f.Checks()
	if err := o.Validate(checks); err != nil {
		return nil, err
	}
	budget := o.Budget()
	budgetCtx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	fopts := facts.Options{Dir: o.Dir, Offline: o.Offline, CommandTimeout: o.CommandTimeout(), FetchTimeout: o.FetchTimeout(), RetryBlockedGoEnv: true}
	var as *contexts.Context
	if o.Context != "" {
		var err error
		if as, err = findContext(budgetCtx, f, o); err != nil {
			return nil, err
		}
		// The environment is a parameter of the run: every fact and
		// every command the checks start see the context's.
		fopts.Environ = as.Env
		if o.Dir == "" && as.Dir != "" {
			fopts.Dir = as.Dir
		}
	}
	fx, err := facts.New(budgetCtx, f.OS, fopts)
	if err != nil {
		return nil, command.Usagef("%v", err)
	}
	only, skip := o.Patterns()
	eo := engine.Options{
		Only: only, Skip: skip, Offline: o.Offline, Deep: o.Deep, Budget: budget, BaseBudget: o.baseBudget(),
		GodxVersion: buildversion.Get().Version, CheckTimeout: o.CheckTimeout,
	}
	if o.Progress {
		progress := render.StartProgress(f.IO)
		defer progress.Stop()
		eo.OnStart, eo.OnDone = progress.OnStart, progress.OnDone
	}
	rep, err := engine.Run(budgetCtx, checks, fx, eo)
	if err != nil {
		return nil, err
	}
	return &Result{Report: rep, Facts: fx, Context: as}, nil
}

// findContext finds the context o names, with godx's own environment.
func findContext(ctx context.Context, f *command.Factory, o Options) (*contexts.Context, error) {
	own, err := facts.New(ctx, f.OS, facts.Options{Dir: o.Dir, Offline: true, CommandTimeout: o.CommandTimeout()})
	if err != nil {
		return nil, command.Usagef("%v", err)
	}
	c, err := contexts.NewGatherer(own, false).Get(ctx, o.Context)
	if err != nil {
		return nil, command.Usagef("--context: %v", err)
	}
	if c.Err != nil {
		return nil, fmt.Errorf("cannot diagnose as %s: %w", c.Name, c.Err)
	}
	return &c, nil
}

// splitIDs accepts both repeated flags and comma lists, and drops blanks.
func splitIDs(in []string) []string {
	var out []string
	for _, s := range in {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

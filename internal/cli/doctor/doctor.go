// Package doctor implements `godx doctor` (also what a bare `godx` runs).
package doctor

import (
	"context"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/godx-dev/godx/internal/buildversion"
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/engine"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/render"
	"github.com/godx-dev/godx/internal/report"
)

// Options are the doctor's flags.
type Options struct {
	Dir     string
	JSON    bool
	Verbose bool
	Strict  bool
	Only    []string
	Skip    []string
	Offline bool
	Deep    bool
	Timeout time.Duration

	timeoutSet bool // --timeout given explicitly
}

// DeepBudget is the default global budget with --deep: re-hashing a Go
// installation reads a few hundred megabytes.
const DeepBudget = 2 * time.Minute

// AddFlags registers the doctor's flags on fs (used by `doctor` and by the
// root command, so `godx --json` works like `godx doctor --json`).
func AddFlags(fs *pflag.FlagSet, o *Options) {
	fs.StringVar(&o.Dir, "dir", "", "project `directory` to diagnose (default: the current directory)")
	fs.BoolVar(&o.JSON, "json", false, "print the report as JSON (schema "+report.Schema+")")
	fs.BoolVarP(&o.Verbose, "verbose", "v", false, "also print passing checks' evidence, skipped checks and durations")
	fs.BoolVar(&o.Strict, "strict", false, "exit 1 on warnings too, not only on errors")
	fs.StringSliceVar(&o.Only, "only", nil, "run only these check `IDs` or areas (go/, module/)")
	fs.StringSliceVar(&o.Skip, "skip", nil, "skip these check `IDs` or areas")
	fs.BoolVar(&o.Offline, "offline", false, "never use the network")
	fs.BoolVar(&o.Deep, "deep", false, "also run expensive checks (such as re-hashing the Go installation)")
	fs.DurationVar(&o.Timeout, "timeout", engine.DefaultBudget, "global time budget for all checks (default 2m with --deep)")
}

// NewCmd builds `godx doctor`.
func NewCmd(f *command.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Diagnose the Go environment (the default command)",
		Long: `Run every check concurrently and report each problem with its evidence and one
exact fix. Exit status: 0 no errors (warnings allowed), 1 errors found (or
warnings with --strict), 2 usage error or godx failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.timeoutSet = cmd.Flags().Changed("timeout")
			return Run(cmd.Context(), f, o)
		},
	}
	AddFlags(cmd.Flags(), o)
	registerCompletions(cmd, f)
	return cmd
}

// RegisterOn makes cmd (the root) run the doctor with the doctor's flags.
func RegisterOn(cmd *cobra.Command, f *command.Factory) {
	o := &Options{}
	AddFlags(cmd.Flags(), o)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		o.timeoutSet = cmd.Flags().Changed("timeout")
		return Run(cmd.Context(), f, o)
	}
	registerCompletions(cmd, f)
}

func registerCompletions(cmd *cobra.Command, f *command.Factory) {
	complete := func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		var out []string
		seen := map[string]bool{}
		for _, c := range f.Checks() {
			if !seen[c.Area()+"/"] {
				seen[c.Area()+"/"] = true
				out = append(out, c.Area()+"/\tevery "+c.Area()+" check")
			}
			out = append(out, c.ID+"\t"+c.Title)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
	_ = cmd.RegisterFlagCompletionFunc("only", complete)
	_ = cmd.RegisterFlagCompletionFunc("skip", complete)
	_ = cmd.MarkFlagDirname("dir")
}

// Run runs the doctor and prints its report.
func Run(ctx context.Context, f *command.Factory, o *Options) error {
	if o.Timeout <= 0 {
		return command.Usagef("--timeout must be positive, got %v", o.Timeout)
	}
	if o.Deep && !o.timeoutSet {
		o.Timeout = DeepBudget
	}
	checks := f.Checks()
	if err := check.Validate(checks); err != nil {
		return err
	}
	if _, err := engine.Select(checks, splitIDs(o.Only), splitIDs(o.Skip)); err != nil {
		return &command.UsageError{Err: err}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	budgetCtx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	fx, err := facts.New(budgetCtx, f.OS, facts.Options{Dir: o.Dir, Offline: o.Offline, CommandTimeout: commandTimeout(o.Timeout, o.Deep)})
	if err != nil {
		return command.Usagef("%v", err)
	}
	var progress *render.Progress
	eo := engine.Options{
		Only: splitIDs(o.Only), Skip: splitIDs(o.Skip), Offline: o.Offline, Deep: o.Deep, Budget: o.Timeout,
		GodxVersion: buildversion.Get().Version,
	}
	if !o.JSON {
		progress = render.StartProgress(f.IO)
		eo.OnStart, eo.OnDone = progress.OnStart, progress.OnDone
	}
	rep, err := engine.Run(budgetCtx, checks, fx, eo)
	if progress != nil {
		progress.Stop()
	}
	if err != nil {
		return err
	}
	if o.JSON {
		err = render.JSON(f.IO.Out, rep)
	} else {
		err = render.DoctorText(f.IO, rep, render.DoctorOptions{Verbose: o.Verbose, ShowSkipped: len(eo.Only) > 0})
	}
	if err != nil {
		return err
	}
	if code := rep.ExitCode(o.Strict); code != report.ExitOK {
		return &command.ExitError{Code: code}
	}
	return nil
}

// commandTimeout bounds each external command: long enough for a slow
// machine, short enough that a hanging command is reported by the check
// that ran it (as the error it is) before the global budget runs out.
func commandTimeout(budget time.Duration, deep bool) time.Duration {
	if deep {
		return min(30*time.Second, budget/2)
	}
	return min(4*time.Second, budget/2)
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

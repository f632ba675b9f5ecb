// Package doctor implements `godx doctor` (also what a bare `godx` runs).
package doctor

import (
	"context"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/diagnose"
	"github.com/godx-dev/godx/internal/render"
	"github.com/godx-dev/godx/internal/report"
)

// Options are the doctor's flags: the diagnosis it runs and how it
// prints the report.
type Options struct {
	Diagnose diagnose.Options
	JSON     bool
	Verbose  bool
	Strict   bool
}

// AddFlags registers the doctor's flags on cmd (used by `doctor` and by
// the root command, so `godx --json` works like `godx doctor --json`).
func AddFlags(cmd *cobra.Command, f *command.Factory, o *Options) {
	diagnose.AddFlags(cmd, &o.Diagnose, f.Checks)
	fs := cmd.Flags()
	fs.BoolVar(&o.JSON, "json", false, "print the report as JSON (schema "+report.Schema+")")
	fs.BoolVarP(&o.Verbose, "verbose", "v", false, "also print passing checks' evidence, skipped checks and durations")
	fs.BoolVar(&o.Strict, "strict", false, "exit 1 on warnings too, not only on errors")
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
		RunE: func(cmd *cobra.Command, args []string) error { return Run(cmd.Context(), f, o) },
	}
	AddFlags(cmd, f, o)
	return cmd
}

// RegisterOn makes cmd (the root) run the doctor with the doctor's flags.
func RegisterOn(cmd *cobra.Command, f *command.Factory) {
	o := &Options{}
	AddFlags(cmd, f, o)
	cmd.RunE = func(cmd *cobra.Command, args []string) error { return Run(cmd.Context(), f, o) }
}

// Run runs the doctor and prints its report.
func Run(ctx context.Context, f *command.Factory, o *Options) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	d := o.Diagnose
	d.Progress = !o.JSON
	res, err := diagnose.Run(ctx, f, d)
	if err != nil {
		return err
	}
	rep := res.Report
	if o.JSON {
		err = render.JSON(f.IO.Out, rep)
	} else {
		only, _ := d.Patterns()
		err = render.DoctorText(f.IO, rep, render.DoctorOptions{Verbose: o.Verbose, ShowSkipped: len(only) > 0})
	}
	if err != nil {
		return err
	}
	if code := rep.ExitCode(o.Strict); code != report.ExitOK {
		return &command.ExitError{Code: code}
	}
	return nil
}

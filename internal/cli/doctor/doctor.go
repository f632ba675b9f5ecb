// Package doctor implements `godx doctor` (also what a bare `godx` runs).
package doctor

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"

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
	Format   string
	Output   string
	Verbose  bool
	Strict   bool
}

// AddFlags registers the doctor's flags on cmd (used by `doctor` and by
// the root command, so `godx --json` works like `godx doctor --json`).
func AddFlags(cmd *cobra.Command, f *command.Factory, o *Options) {
	diagnose.AddFlags(cmd, &o.Diagnose, f.Checks)
	fs := cmd.Flags()
	names := make([]string, len(render.Formats))
	for i, fm := range render.Formats {
		names[i] = string(fm)
	}
	fs.StringVar(&o.Format, "format", string(render.FormatText), "report `format`: "+strings.Join(names, ", "))
	fs.StringVarP(&o.Output, "output", "o", "", "write the --format report to `FILE` (atomically) and print the text report")
	fs.BoolVar(&o.JSON, "json", false, "print the report as JSON (schema "+report.Schema+"); same as --format json")
	fs.BoolVarP(&o.Verbose, "verbose", "v", false, "also print passing checks' evidence, skipped checks and durations")
	fs.BoolVar(&o.Strict, "strict", false, "exit 1 on warnings too, not only on errors")
	fs.StringVar(&o.Diagnose.Context, "context", "", "diagnose as context `NAME` sees it: login, gopls@PID, pid:N, vscode, launch:NAME (see godx contexts)")
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return names, cobra.ShellCompDirectiveNoFileComp
	})
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

// format is the chosen format: --format, with --json as its alias.
func (o *Options) format() (render.Format, error) {
	fm, err := render.ParseFormat(o.Format)
	if err != nil {
		return "", command.Usagef("--format: %v", err)
	}
	if o.JSON {
		if fm != render.FormatText && fm != render.FormatJSON {
			return "", command.Usagef("--json is --format json; it cannot be combined with --format %s", fm)
		}
		fm = render.FormatJSON
	}
	return fm, nil
}

// Run runs the doctor and prints its report: in the chosen format on
// stdout, or, with --output, in that format to the file and as text on
// stdout.
func Run(ctx context.Context, f *command.Factory, o *Options) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	format, err := o.format()
	if err != nil {
		return err
	}
	stdoutFormat := format
	if o.Output != "" {
		stdoutFormat = render.FormatText
	}
	d := o.Diagnose
	d.Progress = stdoutFormat == render.FormatText
	res, err := diagnose.Run(ctx, f, d)
	if err != nil {
		return err
	}
	rep := res.Report
	if c := res.Context; c != nil {
		// On stderr, so that --json and the other formats stay documents.
		fmt.Fprintf(f.IO.ErrOut, "godx: diagnosed as %s (%s), in %s\n", c.Name, c.Program, res.Facts.Dir)
	}
	only, _ := d.Patterns()
	opts := render.ReportOptions{
		DoctorOptions: render.DoctorOptions{Verbose: o.Verbose, ShowSkipped: len(only) > 0},
		Strict:        o.Strict,
		// Actions annotate files relative to the checkout, which may be
		// above the module godx diagnosed.
		Root: res.Facts.Getenv("GITHUB_WORKSPACE"),
	}
	if err := render.WriteReport(f.IO.Out, f.IO, stdoutFormat, rep, opts); err != nil {
		return err
	}
	if o.Output != "" {
		var buf bytes.Buffer
		if err := render.WriteReport(&buf, f.IO, format, rep, opts); err != nil {
			return err
		}
		if err := command.WriteOutput(o.Output, buf.Bytes()); err != nil {
			return fmt.Errorf("writing the %s report: %w", format, err)
		}
	}
	if summary := res.Facts.Getenv("GITHUB_STEP_SUMMARY"); format == render.FormatGitHub && summary != "" {
		if err := appendStepSummary(summary, rep); err != nil {
			return fmt.Errorf("writing the job summary: %w", err)
		}
	}
	if code := rep.ExitCode(o.Strict); code != report.ExitOK {
		return &command.ExitError{Code: code}
	}
	return nil
}

// appendStepSummary adds the Markdown report to the job summary file
// GitHub Actions names in GITHUB_STEP_SUMMARY (appended: other steps'
// summaries stay).
func appendStepSummary(path string, rep *report.Report) error {
	var buf bytes.Buffer
	if err := render.Markdown(&buf, rep); err != nil {
		return err
	}
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := fh.Write(buf.Bytes()); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

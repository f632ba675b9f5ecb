// Package fixcmd implements `godx fix`: run the doctor, show the automatic
// fixes its findings carry as a plan (diffs and commands), and apply them
// after confirmation, with backups that `godx fix --undo` restores.
package fixcmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/diagnose"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/fixer"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
)

// Options are the flags of `godx fix`: the diagnosis it runs (the
// doctor's) and what to do with the fixes.
type Options struct {
	Diagnose diagnose.Options
	Yes      bool
	DryRun   bool
	Undo     bool

	// beforeApply is a test hook between planning and applying.
	beforeApply func()
}

// commandTimeout bounds one command fix (go env -w, go work use, a go
// install that may first fetch a toolchain and then builds gopls).
const commandTimeout = 10 * time.Minute

// NewCmd builds `godx fix`.
func NewCmd(f *command.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "fix",
		Short: "Apply the safe fixes the doctor proposes",
		Long: `Run the doctor, collect the findings that carry an automatic fix, print the
plan (a unified diff for each file edit, the exact command for each command
fix), and apply it after you confirm on a terminal.

Every file is backed up, and the change recorded in a journal, before it
is written (under godx's state folder: $XDG_STATE_HOME/godx/backups,
default ~/.local/state/godx/backups; macOS ~/Library/Application
Support/godx/backups; Windows %LocalAppData%\godx\backups); it is
replaced atomically with its permissions, owner and line endings kept
(written in place when it has several hard links; through the link when
it is a symlink). A file that changed since the plan, even in the instant
of the write, is left with your content. "godx fix --undo" restores the
files of the last run that changed any, also after a crash.

Without a terminal, godx fix prints the plan and changes nothing unless
--yes is given. Exit status: 0 done (or nothing to do, or plan only),
1 a fix was refused or failed, 2 usage error or godx failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return Run(cmd.Context(), f, o) },
	}
	diagnose.AddFlags(cmd, &o.Diagnose, f.Checks)
	fs := cmd.Flags()
	fs.BoolVarP(&o.Yes, "yes", "y", false, "apply without asking")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print the plan and change nothing")
	fs.BoolVar(&o.Undo, "undo", false, "restore the files the last fix run changed")
	return cmd
}

// Run is `godx fix`.
func Run(ctx context.Context, f *command.Factory, o *Options) error {
	if o.Undo {
		d := o.Diagnose
		if o.DryRun || d.Dir != "" || len(d.Only) > 0 || len(d.Skip) > 0 || d.Deep {
			return command.Usagef("--undo takes no other flags")
		}
		return runUndo(ctx, f)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()

	d := o.Diagnose
	d.Progress = true
	diagnosis, err := diagnose.Run(ctx, f, d)
	if err != nil {
		return err
	}
	rep, fx := diagnosis.Report, diagnosis.Facts
	plan := fixer.NewPlan(fixer.Proposals(rep))
	// The plan quotes the machine (paths, findings, command output):
	// everything printed is escaped.
	out := printable.Writer(f.IO.Out)
	manual := manualCount(rep)
	if plan.Empty() {
		fmt.Fprintln(out, "Nothing to fix automatically.")
		writeProblems(out, plan)
		if manual > 0 {
			fmt.Fprintf(out, "%d %s to fix by hand: run godx doctor to see them.\n", manual, english.Plural(manual, "finding", "findings"))
		}
		return nil
	}
	WritePlan(f.IO, plan, "godx fix")
	if manual > 0 {
		fmt.Fprintf(out, "\n%d other %s to fix by hand: run godx doctor to see them.\n", manual, english.Plural(manual, "finding", "findings"))
	}
	if !Approved(f.IO, out, o.DryRun, o.Yes, "\nApply these fixes? [y/N] ", "godx fix --yes") {
		return nil
	}

	state, err := fixer.StateDir(fx.GOOS(), fx.Getenv)
	if err != nil {
		return fmt.Errorf("cannot place the backups: %w", err)
	}
	res, err := fixer.Apply(ctx, plan, fixer.Options{
		StateDir:    state,
		Command:     "godx fix",
		RunCommand:  CommandRunner(f.OS),
		BeforeApply: o.beforeApply,
	})
	if err != nil {
		return err
	}
	WriteResult(out, res, "godx fix")
	if !res.OK() {
		return &command.ExitError{Code: report.ExitProblems}
	}
	return nil
}

// CommandRunner runs a plan's commands, each bounded by commandTimeout.
func CommandRunner(sys facts.OS) func(ctx context.Context, c *fixer.Command) ([]byte, error) {
	return func(ctx context.Context, c *fixer.Command) ([]byte, error) {
		ctx, cancel := context.WithTimeout(ctx, commandTimeout)
		defer cancel()
		res := sys.Run(ctx, facts.Command{Path: c.Argv[0], Args: c.Argv[1:], Dir: c.Dir, Env: append(sys.Environ(), c.Env...)})
		out := append(res.Stdout, res.Stderr...)
		if res.Err != nil {
			return out, res.Err
		}
		return out, nil
	}
}

// WritePlan prints a plan as `who` (godx fix, godx setup) will carry it
// out: each file's diff, each command exactly as it runs.
func WritePlan(ios *iostreams.IOStreams, p *fixer.Plan, who string) {
	out := printable.Writer(ios.Out)
	fmt.Fprintf(out, "%s will %s:\n", who, countChanges(p))
	n := 0
	for _, e := range p.Edits {
		n++
		fmt.Fprintln(out)
		writeReasons(out, n, e.Reasons)
		switch {
		case e.Remove:
			fmt.Fprintf(out, "   remove %s\n", e.Path)
		case !e.Exists:
			fmt.Fprintf(out, "   create %s\n", e.Path)
		default:
			fmt.Fprintf(out, "   edit %s\n", e.Path)
		}
		writeLinks(out, e)
		fixer.WriteDiff(ios.Out, e.Diff(), "   ", ios.ColorEnabled())
	}
	for _, c := range p.Commands {
		n++
		fmt.Fprintln(out)
		writeReasons(out, n, c.Reasons)
		if c.Dir != "" {
			fmt.Fprintf(out, "   run in %s:\n", c.Dir)
		} else {
			fmt.Fprintln(out, "   run:")
		}
		fmt.Fprintf(out, "     %s\n", c.String())
	}
	writeProblems(out, p)
}

// writeLinks says how a linked file is written: through a symlink (also
// a dangling one, whose target is created), or in place for a file with
// several hard links.
func writeLinks(out io.Writer, e *fixer.Edit) {
	switch {
	case e.Link != "" && !e.Exists:
		fmt.Fprintf(out, "   (a link to %s, which does not exist: godx creates it and keeps the link)\n", e.Target)
	case e.Link != "":
		fmt.Fprintf(out, "   (a link to %s, which is the file written)\n", e.Target)
	}
	if e.Links > 1 && !e.Remove {
		fmt.Fprintf(out, "   (the file has %d hard links: it is written in place, so every name sees the change)\n", e.Links)
	}
}

// writeRecovered prints what was cleaned up after an interrupted run.
func writeRecovered(out io.Writer, notes []string) {
	for _, n := range notes {
		fmt.Fprintf(out, "note: %s\n", n)
	}
}

func writeReasons(out io.Writer, n int, reasons []fixer.Proposal) {
	for i, r := range reasons {
		lead := "   "
		if i == 0 {
			lead = fmt.Sprintf("%-3s", fmt.Sprintf("%d.", n))
		}
		fmt.Fprintf(out, "%s%s: %s\n", lead, r.CheckID, r.Finding.Summary)
		if d := r.Finding.Fix.Description; d != "" {
			fmt.Fprintf(out, "   fix: %s\n", d)
		}
	}
}

func writeProblems(out io.Writer, p *fixer.Plan) {
	for _, pr := range p.Problems {
		fmt.Fprintf(out, "\nCannot plan the fix for %s (%s): %v\n", pr.Proposal.CheckID, pr.Proposal.Finding.Summary, pr.Err)
	}
}

// WriteResult prints what applying a plan of `who` did.
func WriteResult(out io.Writer, r *fixer.Result, who string) {
	fmt.Fprintln(out)
	writeRecovered(out, r.Recovered)
	for _, e := range r.Applied {
		verb := "fixed"
		switch {
		case e.Remove:
			verb = "removed"
		case !e.Exists:
			verb = "created"
		}
		fmt.Fprintf(out, "%s %s\n", verb, e.Path)
	}
	for _, e := range r.Refused {
		fmt.Fprintf(out, "refused: %v\n", e.Err)
	}
	for _, e := range r.Failed {
		fmt.Fprintf(out, "failed: %s\n", e.Message())
	}
	for _, c := range r.Commands {
		if c.Err != nil {
			fmt.Fprintf(out, "failed: %s: %v\n", c.Command.String(), c.Err)
		} else {
			fmt.Fprintf(out, "ran %s\n", c.Command.String())
		}
		if s := strings.TrimSpace(string(c.Output)); s != "" {
			fmt.Fprintf(out, "  %s\n", strings.ReplaceAll(s, "\n", "\n  "))
		}
	}
	if len(r.Applied) > 0 && r.BackupDir != "" {
		fmt.Fprintf(out, "Backups: %s (undo with `godx fix --undo`)\n", r.BackupDir)
	}
	if len(r.Applied) > 0 || len(r.Commands) > 0 {
		fmt.Fprintln(out, "Run godx doctor to see the result (a PATH change shows in new terminals).")
	}
	if !r.OK() {
		fmt.Fprintf(out, "Some fixes were not applied; run %s again to see what is left.\n", who)
	}
}

func runUndo(ctx context.Context, f *command.Factory) error {
	fx, err := facts.New(ctx, f.OS, facts.Options{})
	if err != nil {
		return err
	}
	state, err := fixer.StateDir(fx.GOOS(), fx.Getenv)
	if err != nil {
		return fmt.Errorf("cannot find the backups: %w", err)
	}
	res, err := fixer.Undo(state, f.OS.Now())
	out := printable.Writer(f.IO.Out)
	if res != nil {
		writeRecovered(out, res.Recovered)
	}
	if errors.Is(err, fixer.ErrNothingToUndo) {
		fmt.Fprintln(out, "Nothing to undo: godx has not changed any file yet.")
		writeCommands(out, "Later runs changed no file; they ran these commands, which --undo does not reverse:", res.Later)
		return nil
	}
	if err != nil {
		fmt.Fprintf(f.IO.ErrOut, "godx: %s\n", printable.Text(err.Error()))
		return &command.ExitError{Code: report.ExitProblems}
	}
	how := ""
	if res.Interrupted {
		how = " (it was interrupted)"
	}
	fmt.Fprintf(out, "Undid %s of %s%s:\n", res.Command, res.Created.Local().Format(time.DateTime), how)
	unchanged := 0
	for _, r := range res.Files {
		if r.Action == "unchanged" {
			unchanged++
			continue
		}
		fmt.Fprintf(out, "  %s %s\n", r.Action, r.Path)
	}
	if unchanged > 0 {
		fmt.Fprintf(out, "  (%d other %s already held %s original content: left as %s)\n", unchanged,
			english.Plural(unchanged, "file", "files"), english.Plural(unchanged, "its", "their"), english.Plural(unchanged, "it was", "they were"))
	}
	writeCommands(out, "It also ran these commands, which --undo does not reverse:", res.Commands)
	writeCommands(out, "Later runs changed no file; they ran these commands, which --undo does not reverse:", res.Later)
	return nil
}

func writeCommands(out io.Writer, title string, commands []string) {
	if len(commands) == 0 {
		return
	}
	fmt.Fprintln(out, title)
	for _, c := range commands {
		fmt.Fprintf(out, "  %s\n", c)
	}
}

// confirm asks a yes/no question on the terminal; only y or yes is yes.
// Approved decides whether a plan just shown is applied: never on a dry
// run, always with --yes, else only when the user answers yes to prompt
// at a terminal. When not, it says why on out (and, off a terminal, that
// rerun applies the plan).
func Approved(ios *iostreams.IOStreams, out io.Writer, dryRun, yes bool, prompt, rerun string) bool {
	switch {
	case dryRun:
		fmt.Fprintln(out, "\nDry run: nothing was changed.")
		return false
	case yes:
		return true
	case ios.IsStdinTTY() && ios.IsStdoutTTY():
		if !confirm(ios, prompt) {
			fmt.Fprintln(out, "Nothing was changed.")
			return false
		}
		return true
	default:
		fmt.Fprintf(out, "\nNot a terminal, so nothing was changed: run `%s` to apply this plan.\n", rerun)
		return false
	}
}

func confirm(ios *iostreams.IOStreams, prompt string) bool {
	fmt.Fprint(ios.Out, prompt)
	line, _ := bufio.NewReader(ios.In).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

func countChanges(p *fixer.Plan) string {
	var parts []string
	if n := len(p.Edits); n > 0 {
		parts = append(parts, fmt.Sprintf("change %d %s", n, english.Plural(n, "file", "files")))
	}
	if n := len(p.Commands); n > 0 {
		parts = append(parts, fmt.Sprintf("run %d %s", n, english.Plural(n, "command", "commands")))
	}
	return strings.Join(parts, " and ")
}

// manualCount is the number of problem findings (warnings and errors)
// without an automatic fix.
func manualCount(rep *report.Report) int {
	n := 0
	for _, c := range rep.Checks {
		for _, fd := range c.Findings {
			if fd.Severity >= check.Warning && (fd.Fix == nil || fd.Fix.Auto == nil) {
				n++
			}
		}
	}
	return n
}

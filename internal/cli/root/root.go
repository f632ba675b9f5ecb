// Package root assembles godx's command tree and maps outcomes to exit
// codes. cmd/godx/main.go only calls Main.
package root

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/checks"
	"github.com/godx-dev/godx/internal/cli/bugreportcmd"
	"github.com/godx-dev/godx/internal/cli/catalog"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/contextscmd"
	"github.com/godx-dev/godx/internal/cli/doctor"
	"github.com/godx-dev/godx/internal/cli/envcmd"
	"github.com/godx-dev/godx/internal/cli/fixcmd"
	"github.com/godx-dev/godx/internal/cli/setupcmd"
	"github.com/godx-dev/godx/internal/cli/shellinit"
	"github.com/godx-dev/godx/internal/cli/soakcmd"
	"github.com/godx-dev/godx/internal/cli/toolchaincmd"
	"github.com/godx-dev/godx/internal/cli/versioncmd"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/prestart"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
)

// NewCmd builds the root command; a bare `godx` runs the doctor.
func NewCmd(f *command.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "godx",
		Short: "Diagnose, repair and validate a Go developer environment",
		Long: `godx finds what is wrong with a Go setup and says exactly how to fix it.
Run it with no arguments (or as "godx doctor") in a project folder.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	doctor.RegisterOn(cmd, f)
	cmd.AddCommand(
		doctor.NewCmd(f),
		envcmd.NewCmd(f),
		catalog.NewCmdChecks(f),
		catalog.NewCmdExplain(f),
		versioncmd.NewCmd(f),
		fixcmd.NewCmd(f),
		setupcmd.NewCmd(f),
		shellinit.NewCmd(f),
		toolchaincmd.NewCmd(f),
		soakcmd.NewCmd(f),
		bugreportcmd.NewCmd(f),
		contextscmd.NewCmdContexts(f),
		contextscmd.NewCmdDiff(f),
	)
	// cobra's completion command prints its help and succeeds for an
	// unknown shell; that is a usage error (exit 2).
	cmd.InitDefaultCompletionCmd()
	for _, c := range cmd.Commands() {
		if c.Name() == "completion" {
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) > 0 {
					return command.Usagef("unknown shell %q for \"godx completion\" (bash, zsh, fish or powershell)", args[0])
				}
				return c.Help()
			}
		}
	}
	cmd.SetOut(f.IO.Out)
	cmd.SetErr(f.IO.ErrOut)
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &command.UsageError{Err: err}
	})
	return cmd
}

// Main runs godx with the process's arguments and returns the exit code.
func Main() int {
	// A `go env -json` started early and not taken must not outlive godx.
	defer prestart.Discard()
	f := &command.Factory{IO: iostreams.System(), OS: facts.System{}, Checks: checks.All}
	return Execute(context.Background(), f, nil)
}

// Execute runs the command tree (args nil = os.Args) and maps the outcome
// to an exit code: report.ExitOK, ExitProblems, or ExitFailure.
func Execute(ctx context.Context, f *command.Factory, args []string) int {
	// Count what reaches stdout, so that a --json command that fails
	// before printing anything can still give a script a JSON document.
	out := &countingWriter{w: f.IO.Out}
	saved := f.IO.Out
	f.IO.Out = out
	defer func() { f.IO.Out = saved }()
	cmd := NewCmd(f)
	if args != nil {
		cmd.SetArgs(args)
	}
	c, err := cmd.ExecuteContextC(ctx)
	var exit *command.ExitError
	kind := "failure"
	switch {
	case err == nil:
		return report.ExitOK
	case errors.As(err, &exit):
		return exit.Code
	case command.IsUsage(err) || isCobraUsage(err):
		kind = "usage"
		fmt.Fprintf(f.IO.ErrOut, "godx: %s\nRun 'godx --help' for usage.\n", printable.Text(err.Error()))
	default:
		// Errors carry paths and command output: escape them.
		fmt.Fprintf(f.IO.ErrOut, "godx: %s\n", printable.Text(err.Error()))
	}
	if out.n == 0 && wantsJSON(c, args) {
		writeJSONError(saved, err.Error(), kind, report.ExitFailure)
	}
	return report.ExitFailure
}

// isCobraUsage recognises cobra's own argument errors ("unknown command",
// "accepts 1 arg(s)"), which it returns as plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "unknown flag", "unknown shorthand"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// Package setupcmd implements `godx setup`: bring this machine and this
// project to a working state in one idempotent run, shown as a plan first
// (like `godx fix`): the toolchain go.mod asks for, the go install
// directory on PATH, the editor tools the project's Go needs, the modules
// of tool directives, then every other automatic fix the doctor
// proposes; then a doctor run that must come out clean, or says what is
// left and why.
package setupcmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/diagnose"
	"github.com/godx-dev/godx/internal/cli/fixcmd"
	"github.com/godx-dev/godx/internal/engine"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/fixer"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
)

// Options are the flags of `godx setup`.
type Options struct {
	Diagnose diagnose.Options
	Yes      bool
	DryRun   bool
}

// NewCmd builds `godx setup`.
func NewCmd(f *command.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Bring this machine and project to a working Go setup",
		Long: `Plan, then (after you confirm, or with --yes) do what this machine lacks for
the project here:

  1. the Go toolchain go.mod asks for, when the local go is older and it is
     not installed (godx toolchain install go.mod);
  2. the go install directory (GOBIN, else GOPATH/bin) on PATH, in godx's
     marked block of your shell's startup file (as godx shell-init --install);
  3. gopls and Delve (dlv) in the releases that fit the local go, when they
     are not installed, and golangci-lint / staticcheck when the repository
     configures them (.golangci.yml, staticcheck.conf);
  4. go mod download when the modules of go.mod tool directives are not in
     the module cache, so that go tool works offline;
  5. every other automatic fix the doctor proposes (as godx fix).

Then the doctor runs again: setup reports success only when it finds no
problem, and otherwise lists each one left with why godx could not fix it.
Files are changed as godx fix changes them (backed up, journaled, undone by
godx fix --undo); commands run exactly as the plan shows them. Running setup
again changes nothing. Without a go command it says how to install the
first Go and stops.

Exit status: 0 set up, 1 problems left (or no go command), 2 usage error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return Run(cmd.Context(), f, o) },
	}
	diagnose.AddFlags(cmd, &o.Diagnose, f.Checks)
	fs := cmd.Flags()
	fs.BoolVarP(&o.Yes, "yes", "y", false, "apply without asking")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print the plan and change nothing")
	return cmd
}

// Run is `godx setup`.
func Run(ctx context.Context, f *command.Factory, o *Options) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	out := printable.Writer(f.IO.Out)

	d := o.Diagnose
	d.Progress = true
	diagnosis, err := diagnose.Run(ctx, f, d)
	if err != nil {
		return err
	}
	fx := diagnosis.Facts
	if _, err := fx.GoCommand(); err != nil {
		writeFirstGo(out, fx.GOOS(), err)
		return &command.ExitError{Code: report.ExitProblems}
	}
	own, manual := steps(fx, self(fx))
	only, skip := d.Patterns()
	if excluded, err := engine.Select(f.Checks(), only, skip); err == nil {
		own, manual = selected(own, excluded), selected(manual, excluded)
	}
	plan := fixer.NewPlan(append(own, fixer.Proposals(diagnosis.Report)...))
	for _, s := range manual {
		fmt.Fprintf(out, "To do by hand: %s %s\n", s.Finding.Summary, s.Finding.Fix.Description)
		for _, c := range s.Finding.Fix.Commands {
			fmt.Fprintf(out, "  $ %s\n", c)
		}
	}
	if plan.Empty() {
		fmt.Fprintln(out, "Nothing to set up: this machine already has what the project needs.")
		for _, pr := range plan.Problems {
			fmt.Fprintf(out, "Cannot plan the fix for %s (%s): %v\n", pr.Proposal.CheckID, pr.Proposal.Finding.Summary, pr.Err)
		}
		return verdict(out, diagnosis.Report)
	}
	fixcmd.WritePlan(f.IO, plan, "godx setup")
	if !fixcmd.Approved(f.IO, out, o.DryRun, o.Yes, "\nSet up this machine? [y/N] ", "godx setup --yes") {
		return nil
	}
	state, err := fixer.StateDir(fx.GOOS(), fx.Getenv)
	if err != nil {
		return fmt.Errorf("cannot place the backups: %w", err)
	}
	res, err := fixer.Apply(ctx, plan, fixer.Options{StateDir: state, Command: "godx setup", RunCommand: fixcmd.CommandRunner(f.OS)})
	if err != nil {
		return err
	}
	fixcmd.WriteResult(out, res, "godx setup")

	// The verdict is the doctor's, on the machine as it is now.
	d.Progress = false
	after, err := diagnose.Run(ctx, f, d)
	if err != nil {
		return err
	}
	if err := verdict(out, after.Report); err != nil || !res.OK() {
		return &command.ExitError{Code: report.ExitProblems}
	}
	return nil
}

// verdict prints the doctor's problems that are left, each with its fix
// and why godx did not apply it; nil when there are none.
func verdict(out io.Writer, rep *report.Report) error {
	n := 0
	for _, c := range rep.Checks {
		for _, fd := range c.Findings {
			if fd.Severity < check.Warning {
				continue
			}
			if n == 0 {
				fmt.Fprintln(out, "\nThe doctor still finds:")
			}
			n++
			fmt.Fprintf(out, "  %s: %s\n", c.ID, fd.Summary)
			why := "godx has no automatic fix for it"
			if fd.Fix != nil && fd.Fix.Auto != nil {
				why = "its automatic fix did not clear it (see the output above)"
			}
			if fd.Fix != nil && fd.Fix.Description != "" {
				fmt.Fprintf(out, "    fix by hand (%s): %s\n", why, fd.Fix.Description)
				for _, c := range fd.Fix.Commands {
					fmt.Fprintf(out, "      $ %s\n", c)
				}
			} else {
				fmt.Fprintf(out, "    (%s)\n", why)
			}
		}
	}
	if n == 0 {
		fmt.Fprintln(out, "\nThe doctor finds no problems: this machine is set up for the project.")
		return nil
	}
	fmt.Fprintf(out, "%d %s left: run godx doctor for the details.\n", n, english.Plural(n, "problem", "problems"))
	return &command.ExitError{Code: report.ExitProblems}
}

// writeFirstGo says how to get the first Go: godx installs toolchains
// with the go command, so it cannot bootstrap one.
func writeFirstGo(out io.Writer, goos string, why error) {
	fmt.Fprintf(out, "No go command: %v\n", why)
	fmt.Fprintln(out, "godx sets up Go with the go command itself, so install the first Go yourself:")
	switch goos {
	case "windows":
		fmt.Fprintln(out, "  winget install GoLang.Go")
		fmt.Fprintln(out, "  (or the .msi installer from https://go.dev/dl/), then open a new terminal and run godx setup again.")
	case "darwin":
		fmt.Fprintln(out, "  the .pkg installer from https://go.dev/dl/ (it installs /usr/local/go and puts /usr/local/go/bin on PATH),")
		fmt.Fprintln(out, "  then open a new terminal and run godx setup again.")
	default:
		fmt.Fprintln(out, "  the archive from https://go.dev/dl/ for this machine, unpacked into /usr/local:")
		fmt.Fprintln(out, "    sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf go1.X.Y.linux-ARCH.tar.gz")
		fmt.Fprintln(out, "  then put /usr/local/go/bin on PATH (export PATH=$PATH:/usr/local/go/bin in your shell's startup file),")
		fmt.Fprintln(out, "  open a new terminal and run godx setup again.")
	}
}

// self is how the plan runs godx: by name when the godx on PATH is this
// program, else by its path.
func self(fx *facts.Facts) string {
	exe, err := os.Executable()
	if err != nil {
		return "godx"
	}
	if p, err := fx.LookPath("godx"); err == nil {
		a, err1 := filepath.EvalSymlinks(p)
		b, err2 := filepath.EvalSymlinks(exe)
		if err1 == nil && err2 == nil && a == b {
			return "godx"
		}
	}
	return exe
}

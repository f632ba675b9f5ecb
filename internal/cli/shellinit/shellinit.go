// Package shellinit implements `godx shell-init`: print (or install in the
// shell's startup file, as one marked block) the lines that put the go
// install directory — and, only when no go command is on PATH otherwise,
// the Go installation's bin directory — on PATH. It never sets GOROOT.
package shellinit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/fixer"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/shellprofile"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Options are the flags of `godx shell-init`.
type Options struct {
	Shell     string
	Install   bool
	Uninstall bool
	Scope     string
	DryRun    bool
}

// NewCmd builds `godx shell-init`.
func NewCmd(f *command.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:   "shell-init",
		Short: "Print or install the shell lines that put Go's install directory on PATH",
		Long: `Print the lines that put the directory "go install" writes to (GOBIN, else
the first GOPATH entry's bin) on PATH for your shell, for use as

  bash, zsh:  eval "$(godx shell-init)"
  fish:       godx shell-init | source
  pwsh:       godx shell-init | Out-String | Invoke-Expression

Each line adds its directory only when it is not on PATH yet. The Go
installation's bin directory is added only when no go command is on PATH
otherwise; GOROOT is never set (the go command finds its installation).

--install writes the lines into your shell's startup file as one marked
block (# >>> godx >>> ... # <<< godx <<<), replacing an earlier godx block
and keeping the file's line endings; the file is backed up and journaled
first (undo with "godx fix --undo", also after a crash) and written as
"godx fix" writes files (a symlinked startup file is written through the
link, and a dangling link gets its target created). Running it again
changes nothing. --uninstall removes the block and nothing else.

Startup files: bash ~/.bashrc (macOS: ~/.bash_profile), zsh ~/.zshrc
($ZDOTDIR), fish ~/.config/fish/conf.d/godx.fish, pwsh and Windows
PowerShell: $PROFILE. On Windows, --install --scope user also adds the
directories to the user Path in the registry (HKCU\Environment), which
every program started afterwards sees.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return Run(cmd.Context(), f, o) },
	}
	fs := cmd.Flags()
	fs.StringVar(&o.Shell, "shell", "", "bash, zsh, fish, pwsh or powershell (default: detected from $SHELL; PowerShell on Windows)")
	fs.BoolVar(&o.Install, "install", false, "write the lines into the shell's startup file (one marked block)")
	fs.BoolVar(&o.Uninstall, "uninstall", false, "remove godx's block from the shell's startup file")
	fs.StringVar(&o.Scope, "scope", "", "with --install/--uninstall on Windows: \"user\" also changes the user Path in the registry")
	fs.BoolVar(&o.DryRun, "dry-run", false, "with --install/--uninstall: show the change and write nothing")
	_ = cmd.RegisterFlagCompletionFunc("shell", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"bash", "zsh", "fish", "pwsh", "powershell"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// Run is `godx shell-init`.
func Run(ctx context.Context, f *command.Factory, o *Options) error {
	if o.Install && o.Uninstall {
		return command.Usagef("--install and --uninstall cannot be used together")
	}
	if o.Scope != "" && o.Scope != "user" {
		return command.Usagef("--scope must be \"user\", got %q", o.Scope)
	}
	if (o.Scope != "" || o.DryRun) && !o.Install && !o.Uninstall {
		return command.Usagef("--scope and --dry-run go with --install or --uninstall")
	}
	// The go command is all it waits for (see envcmd's limit for why
	// not the doctor's 4 s).
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	fx, err := facts.New(ctx, f.OS, facts.Options{CommandTimeout: 15 * time.Second})
	if err != nil {
		return err
	}
	if o.Scope == "user" && fx.GOOS() != "windows" {
		return command.Usagef("--scope user changes the Windows registry; on %s, --install writes your shell's startup file", fx.GOOS())
	}
	var sh shellprofile.Shell
	if o.Shell != "" {
		sh, err = shellprofile.Parse(o.Shell)
		if err != nil {
			return &command.UsageError{Err: err}
		}
	} else if sh, err = shellprofile.Detect(fx.GOOS(), fx.Getenv); err != nil {
		return &command.UsageError{Err: err}
	}
	if sh == shellprofile.PowerShell && fx.GOOS() != "windows" {
		return command.Usagef("Windows PowerShell exists only on Windows; use --shell pwsh")
	}
	home := shellprofile.Home(fx.GOOS(), fx.Getenv)

	if !o.Install && !o.Uninstall {
		dirs, notes, none := wantedDirs(fx, sh, nil)
		for _, n := range notes {
			fmt.Fprintln(f.IO.ErrOut, printable.Text(n)) // stdout is for eval
		}
		if len(dirs) == 0 {
			// Printing nothing would leave `eval "$(godx shell-init)"` a
			// silent no-op: say why, and fail.
			return noDirs(f, none)
		}
		_, err := io.WriteString(f.IO.Out, shellprofile.Lines(sh, fx.GOOS(), home, dirs))
		return err
	}

	profile, err := profilePath(ctx, fx, sh)
	if err != nil {
		fmt.Fprintln(f.IO.ErrOut, printable.Text(fmt.Sprintf("godx: cannot tell which startup file to write: %v. Set it, or add the lines `godx shell-init --shell %s` prints to your shell's startup file yourself.", err, sh)))
		return &command.ExitError{Code: report.ExitProblems}
	}
	// Everything below is text for the user (paths, the diff of the
	// profile, notes): escaped. The eval output above is not: it is the
	// shell's input, quoted by shellquote.
	out := printable.Writer(f.IO.Out)
	plan := &fixer.Plan{}
	var notes, dirs []string
	why := fixer.Proposal{CheckID: "shell-init", Finding: fixerFinding()}
	var edit *fixer.Edit
	if o.Install {
		old, _ := fx.ReadFile(profile)
		var none string
		if dirs, notes, none = wantedDirs(fx, sh, old); len(dirs) == 0 {
			for _, n := range notes {
				fmt.Fprintln(out, n)
			}
			return noDirs(f, none)
		}
		block := shellprofile.Block(sh, fx.GOOS(), home, dirs)
		edit, err = plan.AddEdit(profile, func(old []byte) ([]byte, error) { return shellprofile.Install(old, sh, block) }, why)
		if shellprofile.ReadsCR(sh) && shellprofile.HasCRLF(old) {
			notes = append(notes, fmt.Sprintf("%s has CRLF (Windows) line endings, and %s reads each carriage return as part of its line (syntax errors, a stray \\r at the end of values). "+
				"godx writes its block with LF line endings and leaves your lines as they are; `dos2unix %s` converts them.", profile, sh, shellquote.POSIX(profile)))
		}
	} else {
		edit, err = plan.AddEdit(profile, shellprofile.Uninstall, why)
		// godx.fish is godx's own file: remove it rather than leave it empty.
		if err == nil && sh == shellprofile.Fish && edit.Exists && len(bytes.TrimSpace(edit.New)) == 0 {
			edit.Remove = true
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", profile, err)
	}
	for _, n := range notes {
		fmt.Fprintln(out, n)
	}
	changes := edit.Remove && edit.Exists || !bytes.Equal(edit.Old, edit.New)
	if !changes {
		if o.Install {
			fmt.Fprintf(out, "%s is up to date: its godx block already has these lines.\n", profile)
		} else {
			fmt.Fprintf(out, "%s has no godx block: nothing to remove.\n", profile)
		}
	} else {
		switch {
		case edit.Link != "" && !edit.Exists:
			fmt.Fprintf(out, "%s is a link to %s, which does not exist: godx creates it and keeps the link.\n", edit.Path, edit.Target)
		case edit.Link != "":
			fmt.Fprintf(out, "%s is a link to %s, which is the file written.\n", edit.Path, edit.Target)
		}
		fixer.WriteDiff(f.IO.Out, edit.Diff(), "", f.IO.ColorEnabled())
		if o.DryRun {
			fmt.Fprintln(out, "Dry run: nothing was written.")
		} else if err := apply(ctx, fx, plan, o, out); err != nil {
			return err
		}
	}
	if o.Scope == "user" {
		if err := userScope(fx, o, dirs, out); err != nil {
			return err
		}
	}
	if changes && !o.DryRun && o.Install {
		fmt.Fprintf(out, "Open a new terminal (or run: %s) to use it.\n", shellprofile.SourceLine(sh, profile))
	}
	return nil
}

// noDirs fails the command: there is nothing to put on PATH (why, a
// sentence, says so).
func noDirs(f *command.Factory, why string) error {
	fmt.Fprintln(f.IO.ErrOut, printable.Text("godx: no directory to put on PATH: "+why))
	return &command.ExitError{Code: report.ExitProblems}
}

func fixerFinding() check.Finding {
	return check.Finding{Summary: "shell startup lines for PATH", Fix: &check.Fix{}}
}

func apply(ctx context.Context, fx *facts.Facts, plan *fixer.Plan, o *Options, out io.Writer) error {
	state, err := fixer.StateDir(fx.GOOS(), fx.Getenv)
	if err != nil {
		return fmt.Errorf("cannot place the backup: %w", err)
	}
	cmd := "godx shell-init --install"
	if o.Uninstall {
		cmd = "godx shell-init --uninstall"
	}
	res, err := fixer.Apply(ctx, plan, fixer.Options{StateDir: state, Command: cmd})
	if err != nil {
		return err
	}
	for _, n := range res.Recovered {
		fmt.Fprintf(out, "note: %s\n", n)
	}
	for _, e := range res.Refused {
		fmt.Fprintf(out, "refused: %v\n", e.Err)
	}
	for _, e := range res.Failed {
		fmt.Fprintf(out, "failed: %s\n", e.Message())
	}
	if !res.OK() {
		return &command.ExitError{Code: report.ExitProblems}
	}
	for _, e := range res.Applied {
		switch {
		case e.Remove:
			fmt.Fprintf(out, "Removed %s.\n", e.Path)
		case o.Uninstall:
			fmt.Fprintf(out, "Removed the godx block from %s.\n", e.Path)
		default:
			fmt.Fprintf(out, "Wrote the godx block to %s.\n", e.Path)
		}
	}
	if res.BackupDir != "" {
		fmt.Fprintf(out, "Backup: %s (undo with `godx fix --undo`)\n", res.BackupDir)
	}
	return nil
}

// wantedDirs are the directories the block puts on PATH: the go install
// directory, and the Go installation's bin directory only when the go
// command is not on PATH other than through godx's own block (existing is
// the startup file's current content). notes explain a choice to the user;
// none says why there is no directory at all.
func wantedDirs(fx *facts.Facts, sh shellprofile.Shell, existing []byte) (dirs, notes []string, none string) {
	goos, home := fx.GOOS(), shellprofile.Home(fx.GOOS(), fx.Getenv)
	add := func(d string) {
		for _, x := range dirs {
			if fx.SamePath(x, d) {
				return
			}
		}
		dirs = append(dirs, d)
	}
	d, why := installDir(fx, home)
	if d != "" {
		add(d)
	}
	if g, err := fx.GoCommand(); err == nil {
		dir := fx.ParentDir(g.Path)
		if shellprofile.Adds(existing, sh, goos, home, dir) {
			add(dir) // the go command is on PATH thanks to the block: keep it
		}
		if len(dirs) == 0 {
			return nil, notes, why
		}
		return dirs, notes, ""
	}
	if d := findGoInstall(fx); d != "" {
		add(d)
		notes = append(notes, fmt.Sprintf("No go command is on PATH; adding %s, where Go is installed (GOROOT is not set: the go command finds its installation).", d))
	} else {
		notes = append(notes, "No go command is on PATH and no Go installation was found; install Go from https://go.dev/dl/ and run this again.")
	}
	if len(dirs) == 0 {
		return nil, notes, why
	}
	return dirs, notes, ""
}

// installDir is where `go install` writes: GOBIN, else the first GOPATH
// entry + bin, else the default $HOME/go/bin. The go command says best;
// without one, the environment (the go env -w file cannot be read
// reliably without it). When there is none, why says so, as a sentence.
func installDir(fx *facts.Facts, home string) (dir, why string) {
	gobin, gopath := "", ""
	if ge, err := fx.GoEnv(); err == nil {
		gobin, gopath = ge.Get("GOBIN"), ge.Get("GOPATH")
	} else {
		gobin, gopath = fx.Getenv("GOBIN"), fx.Getenv("GOPATH")
		if gopath == "" && home != "" {
			gopath = fx.JoinPath(home, "go")
		}
	}
	if gobin != "" && fx.IsAbs(gobin) {
		return gobin, ""
	}
	for _, e := range fx.SplitList(gopath) {
		if e != "" && fx.IsAbs(e) {
			return fx.JoinPath(e, "bin"), ""
		}
	}
	if gobin == "" && gopath == "" && home == "" {
		v := "$HOME"
		if fx.GOOS() == "windows" {
			v = "%USERPROFILE%"
		}
		return "", fmt.Sprintf("GOBIN and GOPATH are not set and %s is not set, so the go command has no install location either "+
			"(`go install` fails with `go: no install location for directory ... outside GOPATH`). Set %s, or set GOBIN to an absolute directory.", v, strings.Trim(v, "$%"))
	}
	return "", fmt.Sprintf("neither GOBIN (%q) nor GOPATH (%q) names an absolute directory, so the go command has no install location; set GOBIN to an absolute directory (`godx doctor --only go/` says more).", gobin, gopath)
}

// findGoInstall looks where Go's installers put it, for when no go
// command is on PATH: $GOROOT/bin (as set), /usr/local/go/bin, and on
// Windows %ProgramFiles%\Go\bin.
func findGoInstall(fx *facts.Facts) string {
	var cands []string
	if r := fx.Getenv("GOROOT"); r != "" && fx.IsAbs(r) {
		cands = append(cands, fx.JoinPath(r, "bin"))
	}
	if fx.GOOS() == "windows" {
		if pf := fx.Getenv("ProgramFiles"); pf != "" {
			cands = append(cands, fx.JoinPath(pf, "Go", "bin"))
		}
		cands = append(cands, `C:\Go\bin`)
	} else {
		cands = append(cands, "/usr/local/go/bin")
	}
	for _, d := range cands {
		if fx.IsExecutable(fx.JoinPath(d, fx.ExeName("go"))) || fx.GOOS() == "windows" && fx.Exists(fx.JoinPath(d, "go.exe")) {
			return d
		}
	}
	return ""
}

// profilePath is the startup file for sh. On Windows PowerShell is asked
// for its $PROFILE, which follows a Documents folder moved to OneDrive.
func profilePath(ctx context.Context, fx *facts.Facts, sh shellprofile.Shell) (string, error) {
	if fx.GOOS() == "windows" && (sh == shellprofile.Pwsh || sh == shellprofile.PowerShell) {
		if exe, err := fx.LookPath(string(sh)); err == nil {
			res := fx.Run(ctx, facts.Command{Path: exe, Args: []string{"-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "$PROFILE.CurrentUserCurrentHost"}})
			if p := strings.TrimSpace(string(res.Stdout)); res.Err == nil && fx.IsAbs(p) && !strings.ContainsAny(p, "\r\n") {
				return p, nil
			}
		}
	}
	p, err := shellprofile.ProfilePath(sh, fx.GOOS(), fx.Getenv)
	if err != nil {
		return "", err
	}
	if !fx.IsAbs(p) {
		return "", fmt.Errorf("the startup file %s is not an absolute path (is $HOME relative?)", p)
	}
	return filepath.FromSlash(p), nil
}

var errNoRegistry = errors.New("the user Path in the registry exists only on Windows")

package ctxcheck

import (
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/contexts"
	"github.com/godx-dev/godx/internal/english"
)

// loginTimeout bounds the login shell inside the check's own limit.
const loginTimeout = 8 * time.Second

// loginLimit is loginTimeout; tests of a hanging profile shorten it.
var loginLimit = loginTimeout

// Login compares what a new terminal would get with this shell.
var Login = &check.Check{
	ID:    "context/login",
	Title: "New terminal vs this shell",
	Doc: check.Doc{
		What: "Starts your shell ($SHELL: bash, zsh or fish; PowerShell on Windows) as a login, interactive shell with no terminal, in an empty scratch directory, " +
			"and compares the go it would run and its Go settings with this shell's.",
		Why: "A terminal opened before a profile edit (a new Go on PATH, a GOROOT from a version manager) keeps the old environment: commands in it run another Go than every new terminal, and than the editor started from one.",
		How: "The shell prints its environment after reading its profile (.bash_profile/.bashrc, .zprofile/.zshrc, config.fish); it is killed after 8 s, and a profile that hangs is reported. " +
			"A difference is info: the terminal is stale, nothing is broken. It runs only with --deep, because a profile can take seconds (version managers). `godx diff login` shows the same without --deep.",
		Fix: "Open a new terminal, or run `exec $SHELL -l` in this one.",
	},
	Deep:    true,
	Timeout: loginTimeout + 4*time.Second,
	Run:     runLogin,
}

func runLogin(pass *check.Pass) error {
	f := pass.Facts
	if _, err := contexts.LoginShell(f); err != nil {
		return check.Skip("%v", err)
	}
	login := contexts.Login(pass.Context, f, loginLimit)
	if login.Err != nil {
		if strings.Contains(login.Err.Error(), "not one godx knows") {
			return check.Skip("%v", login.Err)
		}
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("godx could not see what a new terminal gets: %v.", login.Err),
			Detail:   "A profile that waits (for input, a network drive, a slow version manager) also delays every new terminal.",
			Evidence: check.Evidence{check.F("shell", login.Program)},
		})
		return nil
	}
	r := &contexts.Resolver{OS: f.OS, Dir: f.Dir, CommandTimeout: f.CommandTimeout()}
	g := contexts.NewGatherer(f, true)
	shellCtx := g.Shell()
	res := r.Resolve(pass.Context, []contexts.Context{shellCtx, login})
	ds := contexts.Diff(res[0], res[1], f.GOOS())
	if len(ds) == 0 {
		pass.Observe("A new terminal resolves the same go and Go settings as this shell.", check.F("go", res[0].Go+" ("+res[0].GoVersion+")"))
		return nil
	}
	var names, detail []string
	var ev check.Evidence
	for _, d := range ds {
		names = append(names, d.Setting)
		c, _, _ := strings.Cut(d.Consequence, " — ")
		detail = append(detail, c+".")
		ev = append(ev, check.F(d.Setting+" (this shell)", d.A), check.F(d.Setting+" (new terminal)", d.B))
	}
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("This terminal is stale: a new terminal differs in %s.", english.List(names)),
		Detail:   strings.Join(detail, " "),
		Evidence: ev,
		Fix:      &check.Fix{Description: "Open a new terminal, or run `exec $SHELL -l` in this one, so that it picks up your profile."},
	})
	return nil
}

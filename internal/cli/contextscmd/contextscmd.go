// Package contextscmd implements `godx contexts` and `godx diff`: the
// environments Go runs under here (shell, a new login terminal, each
// running editor and its gopls/dlv, VS Code's settings, launch.json
// configurations, the Windows side of WSL), which go each one runs, and
// how their Go settings differ.
package contextscmd

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/contexts"
	"github.com/godx-dev/godx/internal/facts"
)

// options are the flags both commands share.
type options struct {
	dir       string
	noLogin   bool
	showNames bool
	json      bool
}

func (o *options) addFlags(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&o.dir, "dir", "", "project `directory` (default: the current directory)")
	fs.BoolVar(&o.noLogin, "no-login", false, "do not start a login shell to see what a new terminal gets")
	fs.BoolVar(&o.showNames, "show-names", false, "also list the names (never the values) of the variables godx hides")
	fs.BoolVar(&o.json, "json", false, "print as JSON")
	_ = cmd.MarkFlagDirname("dir")
}

// commandTimeout bounds each go command a context runs (`go env -json`):
// what the command waits for, like godx env's.
const commandTimeout = 30 * time.Second

// session is one command's facts, gatherer and resolver.
type session struct {
	fx       *facts.Facts
	gather   *contexts.Gatherer
	resolver *contexts.Resolver
}

func newSession(ctx context.Context, f *command.Factory, o *options) (*session, error) {
	fx, err := facts.New(ctx, f.OS, facts.Options{Dir: o.dir, CommandTimeout: commandTimeout, Offline: true})
	if err != nil {
		return nil, command.Usagef("%v", err)
	}
	return &session{
		fx:       fx,
		gather:   contexts.NewGatherer(fx, o.noLogin),
		resolver: &contexts.Resolver{OS: f.OS, Dir: fx.Dir, CommandTimeout: commandTimeout},
	}, nil
}

// Entry is one context in JSON: what it resolves, and the variables
// that may be shown.
type Entry struct {
	*contexts.Resolved
	Env         []contexts.Var `json:"env,omitempty"`
	Hidden      int            `json:"hidden_variables"`
	HiddenNames []string       `json:"hidden_names,omitempty"`
}

func entry(r *contexts.Resolved, showNames bool) Entry {
	e := Entry{Resolved: r}
	e.Env, e.Hidden, e.HiddenNames = contexts.Visible(r.Env, showNames)
	return e
}

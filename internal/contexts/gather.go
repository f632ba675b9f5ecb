package contexts

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/procenv"
)

// KindProcess is any other process named by pid ("pid:N").
const KindProcess Kind = "process"

// Gatherer finds the contexts of one machine through its facts layer.
type Gatherer struct {
	F *facts.Facts
	// NoLogin skips the login context (--no-login).
	NoLogin bool
	// LoginTimeout bounds the login shell (default LoginTimeout).
	LoginTimeout time.Duration
	// Self is godx's own pid, never listed as a process context.
	Self int
}

// NewGatherer is a Gatherer of f for the running godx.
func NewGatherer(f *facts.Facts, noLogin bool) *Gatherer {
	return &Gatherer{F: f, NoLogin: noLogin, LoginTimeout: LoginTimeout, Self: os.Getpid()}
}

// Shell is godx's own environment and project directory.
func (g *Gatherer) Shell() Context {
	return Context{Name: "shell", Kind: KindShell, Program: "your shell (godx's own environment)", Env: g.F.Environ(), Dir: g.F.Dir}
}

// All lists every context: shell, login (unless NoLogin), the running
// editors and their tools, and the editor-settings contexts. A part that
// cannot be looked at (no process reader here) is an error in the second
// result, with the contexts that could be found.
func (g *Gatherer) All(ctx context.Context) ([]Context, []error) {
	out := []Context{g.Shell()}
	var errs []error
	if !g.NoLogin {
		out = append(out, Login(ctx, g.F, g.loginTimeout()))
	}
	procs, err := g.processes()
	if err != nil {
		errs = append(errs, err)
	}
	out = append(out, procs...)
	for _, extra := range extraContexts {
		cs, err := extra(ctx, g, procs)
		if err != nil {
			errs = append(errs, err)
		}
		out = append(out, cs...)
	}
	return out, errs
}

// extraContexts are the contexts built on top of the others (vscode,
// launch:NAME, windows), each in its own file.
var extraContexts []func(ctx context.Context, g *Gatherer, procs []Context) ([]Context, error)

func (g *Gatherer) loginTimeout() time.Duration {
	if g.LoginTimeout > 0 {
		return g.LoginTimeout
	}
	return LoginTimeout
}

func (g *Gatherer) processes() ([]Context, error) {
	r := g.F.Processes()
	if r == nil {
		return nil, fmt.Errorf("godx cannot list processes on %s", g.F.GOOS())
	}
	cs, err := Discover(r, g.Self)
	if err != nil {
		return nil, fmt.Errorf("listing processes: %w", err)
	}
	return cs, nil
}

// Get finds one context by name: "shell", "login", a discovered name
// ("gopls@4121"), "vscode", "launch:NAME", "windows", or "pid:N" for any
// process of the user. It builds only what the name needs.
func (g *Gatherer) Get(ctx context.Context, name string) (Context, error) {
	switch {
	case name == "shell":
		return g.Shell(), nil
	case name == "login":
		return Login(ctx, g.F, g.loginTimeout()), nil
	case strings.HasPrefix(name, "pid:"):
		pid, err := strconv.Atoi(strings.TrimPrefix(name, "pid:"))
		if err != nil || pid <= 0 {
			return Context{}, fmt.Errorf("context %q: want pid:N with N a process id", name)
		}
		return g.byPID(pid)
	}
	g2 := *g
	g2.NoLogin = true
	all, errs := g2.All(ctx)
	var names []string
	for _, c := range all {
		if c.Name == name {
			return c, nil
		}
		names = append(names, c.Name)
	}
	msg := fmt.Sprintf("no context %q; found: %s (and pid:N for any process of yours)", name, strings.Join(append(names, "login"), ", "))
	for _, e := range errs {
		msg += "; " + e.Error()
	}
	return Context{}, fmt.Errorf("%s", msg)
}

// byPID is the context of one process: as discovered when it is an editor
// or tool, otherwise read as it is.
func (g *Gatherer) byPID(pid int) (Context, error) {
	r := g.F.Processes()
	if r == nil {
		return Context{}, fmt.Errorf("godx cannot read other processes on %s", g.F.GOOS())
	}
	procs, err := r.Processes()
	if err != nil {
		return Context{}, err
	}
	for _, p := range procs {
		if p.PID != pid || p.OtherUser {
			continue
		}
		if cs := discover(r, procs, func(p int) bool { return p == pid }); len(cs) == 1 {
			return cs[0], nil
		}
		c := Context{Name: fmt.Sprintf("%s@%d", ProcessName(p), pid), Kind: KindProcess, Program: procenv.Base(p.Name), PID: pid}
		c.Env, c.Err = r.Environ(pid)
		if c.Err == nil {
			c.Dir, _ = r.Cwd(pid)
		}
		return c, nil
	}
	return Context{}, fmt.Errorf("no process %d of yours is running", pid)
}

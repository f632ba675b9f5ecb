// Package probe runs the Go toolchain for real, in a scratch module outside
// the project, and keeps what happened: each step's command, exit, the
// tool's own error text and how long it took. The --deep checks of the
// probe/ area decide and word findings from these steps; this package
// knows nothing of checks.
//
// A probe never touches the network: the scratch module has no
// dependencies, and every go command runs with GOPROXY=off, GOWORK=off
// (a go.work named in the environment must not pull the scratch module
// into someone's workspace) and GOTOOLCHAIN=local (a GOTOOLCHAIN=go1.N
// in the environment would download that toolchain: the probe measures
// the go command the shell runs).
package probe

import (
	"context"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

// MaxOutput is the most a probe keeps of each output of one command: a
// failing build of a hello-world prints a few lines; a flood is cut (and
// the command stopped) by the bounded runner.
const MaxOutput = 256 << 10

// FailureLines is how many lines of a failing command's output a Step
// quotes.
const FailureLines = 20

// Runner runs one bounded command (*facts.Facts is one: its Run applies
// the command time limit and the run's budget, and logs the command).
type Runner interface {
	Run(ctx context.Context, c facts.Command) facts.Result
}

// Isolation is what every probe adds to the environment (see the package
// documentation for why).
var Isolation = []string{"GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local"}

// Step is one command a probe ran.
type Step struct {
	Name   string // what it proves: "build", "run", "test", "cross windows/amd64"
	Argv   []string
	Env    []string // what the probe added to the environment
	Result facts.Result
}

// OK reports whether the command ran and exited 0.
func (s Step) OK() bool { return s.Result.Err == nil }

// Duration is how long the command took.
func (s Step) Duration() time.Duration { return s.Result.Duration }

// Failure is what the failing command printed on stderr (else stdout),
// cut to FailureLines lines, or the runner's error when it printed
// nothing (a program that could not start, a time limit).
func (s Step) Failure() string {
	if s.OK() {
		return ""
	}
	out := strings.TrimSpace(string(s.Result.Stderr))
	if out == "" {
		out = strings.TrimSpace(string(s.Result.Stdout))
	}
	switch {
	case out == "" && s.Result.Err != nil:
		return s.Result.Err.Error()
	case s.Result.TimedOut || s.Result.Truncated:
		return Tail(out) + "\n" + s.Result.Err.Error()
	}
	return Tail(out)
}

// Tail is a tool's output cut to FailureLines lines: its first and last
// lines, where the go command puts what failed (a tool's usage message
// in between says nothing more).
func Tail(out string) string {
	lines := strings.Split(out, "\n")
	if len(lines) <= FailureLines {
		return out
	}
	head := FailureLines / 2
	return strings.Join(lines[:head], "\n") + "\n…\n" + strings.Join(lines[len(lines)-(FailureLines-head):], "\n")
}

// Go runs the go command in a scratch module.
type Go struct {
	Runner Runner
	Path   string   // the go command
	Dir    string   // the scratch module
	Env    []string // the project's environment (Isolation is added)
}

// Run runs `go args...` in the scratch module with extra added to the
// environment (after Isolation, so a probe can override it).
func (g Go) Run(ctx context.Context, name string, extra []string, args ...string) Step {
	return g.Exec(ctx, name, g.Path, extra, args...)
}

// Exec runs another program (a binary the probe built) the same way.
func (g Go) Exec(ctx context.Context, name, path string, extra []string, args ...string) Step {
	added := append(append([]string(nil), Isolation...), extra...)
	env := append(append([]string(nil), g.Env...), added...)
	res := g.Runner.Run(ctx, facts.Command{Path: path, Args: args, Dir: g.Dir, Env: env, MaxOutput: MaxOutput})
	return Step{Name: name, Argv: append([]string{path}, args...), Env: added, Result: res}
}

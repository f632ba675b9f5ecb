package facts

import (
	"sync"
	"time"
)

// CommandRun is one command the facts layer ran during a doctor run, so
// that `godx doctor -v` can show why a run was slow.
type CommandRun struct {
	Argv []string
	Dir  string
	// Duration is how long the command ran (for a command started before
	// it was asked for, from its start).
	Duration time.Duration
	ExitCode int
	TimedOut bool
	// Err is why it failed ("" when it exited 0).
	Err string
}

type commandLog struct {
	mu   sync.Mutex
	runs []CommandRun
}

func (l *commandLog) add(c Command, res Result, d time.Duration) {
	r := CommandRun{Argv: append([]string{c.Path}, c.Args...), Dir: c.Dir, Duration: d, ExitCode: res.ExitCode, TimedOut: res.TimedOut}
	if res.Err != nil {
		r.Err = res.Err.Error()
	}
	l.mu.Lock()
	l.runs = append(l.runs, r)
	l.mu.Unlock()
}

// CommandsRun lists the commands Run started, in the order they finished.
func (f *Facts) CommandsRun() []CommandRun {
	f.commands.mu.Lock()
	defer f.commands.mu.Unlock()
	return append([]CommandRun(nil), f.commands.runs...)
}

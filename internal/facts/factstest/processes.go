package factstest

import (
	"errors"
	"slices"

	"github.com/godx-dev/godx/internal/procenv"
)

// Processes is a fixed process table (set it as OS.Procs): List is what
// Processes returns (sorted by pid), Env and Dir what a process's
// environment and working directory read as; a pid missing from Env or
// Dir is unreadable, as another user's process is.
type Processes struct {
	List []procenv.Process
	Env  map[int][]string
	Dir  map[int]string
}

func (p *Processes) Processes() ([]procenv.Process, error) {
	out := slices.Clone(p.List)
	slices.SortFunc(out, func(a, b procenv.Process) int { return a.PID - b.PID })
	return out, nil
}

func (p *Processes) Environ(pid int) ([]string, error) {
	if e, ok := p.Env[pid]; ok {
		return e, nil
	}
	return nil, &procenv.UnreadableError{PID: pid, What: "environment", Reason: errors.New("permission denied (another user's process, or a protected one)")}
}

func (p *Processes) Cwd(pid int) (string, error) {
	if d, ok := p.Dir[pid]; ok {
		return d, nil
	}
	return "", &procenv.UnreadableError{PID: pid, What: "working directory", Reason: errors.New("permission denied (another user's process, or a protected one)")}
}

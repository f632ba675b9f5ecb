package facts

import (
	"slices"
	"sync"
	"time"

	"github.com/godx-dev/godx/internal/procenv"
)

// ProcessOS is implemented by an OS that can look at the user's other
// processes (System; test fakes). It is not part of OS, so that fakes
// that have no processes need not say so.
type ProcessOS interface {
	Processes() procenv.Reader
}

// Processes is the real operating system's process reader.
func (System) Processes() procenv.Reader { return procenv.System() }

// Processes is the process reader of the inspected host, or nil when its
// OS cannot look at other processes. Its process list is read once per
// run (context/running and debug/exposed both look at it) and shared.
func (f *Facts) Processes() procenv.Reader { return f.processes() }

func (f *Facts) loadProcesses() procenv.Reader {
	p, ok := f.OS.(ProcessOS)
	if !ok {
		return nil
	}
	r := p.Processes()
	if r == nil {
		return nil
	}
	return listedOnce{Reader: r, list: sync.OnceValues(r.Processes)}
}

// listedOnce is a process reader whose list is read once.
type listedOnce struct {
	procenv.Reader
	list func() ([]procenv.Process, error)
}

func (l listedOnce) Processes() ([]procenv.Process, error) {
	ps, err := l.list()
	return slices.Clone(ps), err
}

// CommandTimeout is the bound each command of the run gets.
func (f *Facts) CommandTimeout() time.Duration { return f.commandTimeout }

package facts

import (
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
// OS cannot look at other processes.
func (f *Facts) Processes() procenv.Reader {
	if p, ok := f.OS.(ProcessOS); ok {
		return p.Processes()
	}
	return nil
}

// CommandTimeout is the bound each command of the run gets.
func (f *Facts) CommandTimeout() time.Duration { return f.commandTimeout }

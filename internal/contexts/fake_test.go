package contexts

import (
	"errors"
	"sort"

	"github.com/godx-dev/godx/internal/procenv"
)

// fakeProcs is a procenv.Reader over a fixed process table.
type fakeProcs struct {
	procs []procenv.Process
	env   map[int][]string
	cwd   map[int]string
}

func (f *fakeProcs) Processes() ([]procenv.Process, error) {
	out := append([]procenv.Process(nil), f.procs...)
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out, nil
}

func (f *fakeProcs) Environ(pid int) ([]string, error) {
	if e, ok := f.env[pid]; ok {
		return e, nil
	}
	return nil, &procenv.UnreadableError{PID: pid, What: "environment", Reason: errors.New("permission denied (another user's process, or a protected one)")}
}

func (f *fakeProcs) Cwd(pid int) (string, error) {
	if d, ok := f.cwd[pid]; ok {
		return d, nil
	}
	return "", &procenv.UnreadableError{PID: pid, What: "working directory", Reason: errors.New("no")}
}

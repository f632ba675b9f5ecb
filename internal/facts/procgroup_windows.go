//go:build windows

package facts

import (
	"os/exec"
	"sync"

	"golang.org/x/sys/windows"

	"github.com/godx-dev/godx/internal/winjob"
)

// procGroup (Windows): the command is put in a job object right after it
// starts, and killing terminates the job: the command and every process it
// started since. A process it starts in the instant before it joins the
// job escapes (Go cannot start a process suspended); so does one started
// with CREATE_BREAKAWAY_FROM_JOB.
type procGroup struct {
	mu  sync.Mutex
	cmd *exec.Cmd
	job windows.Handle
}

func newProcGroup(cmd *exec.Cmd) *procGroup { return &procGroup{cmd: cmd} }

func (g *procGroup) started(cmd *exec.Cmd) {
	job, err := winjob.Assign(cmd.Process.Pid)
	if err != nil {
		return
	}
	g.mu.Lock()
	g.job = job
	g.mu.Unlock()
}

func (g *procGroup) kill() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.job != 0 {
		return windows.TerminateJobObject(g.job, 1)
	}
	if g.cmd.Process != nil {
		return g.cmd.Process.Kill()
	}
	return nil
}

func (g *procGroup) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.job != 0 {
		windows.CloseHandle(g.job)
		g.job = 0
	}
}

//go:build windows

package facts

import (
	"os"
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
	p   *os.Process
	job windows.Handle
}

func setGroup(*exec.Cmd) {}

// groupOf puts the started process in a new job object.
func groupOf(p *os.Process) *procGroup {
	g := &procGroup{p: p}
	if job, err := winjob.Assign(p.Pid); err == nil {
		g.job = job
	}
	return g
}

func (g *procGroup) kill() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.job != 0 {
		return windows.TerminateJobObject(g.job, 1)
	}
	return g.p.Kill()
}

func (g *procGroup) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.job != 0 {
		windows.CloseHandle(g.job)
		g.job = 0
	}
}

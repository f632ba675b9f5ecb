//go:build unix

package facts

import (
	"os"
	"os/exec"
	"syscall"
)

// procGroup (Unix): the command leads a new process group, so one kill of
// the group reaches everything it started that did not leave the group
// itself (a daemon that calls setsid escapes).
type procGroup struct{ pid int }

// setGroup makes cmd lead a process group of its own.
func setGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

func groupOf(p *os.Process) *procGroup { return &procGroup{pid: p.Pid} }

// kill sends SIGKILL to the whole group. It is called while the leader is
// alive (cancellation) or the instant after it was reaped (leftovers): the
// kernel hands out process ids in sequence, so the group id is not reused
// in between.
func (g *procGroup) kill() error {
	if err := syscall.Kill(-g.pid, syscall.SIGKILL); err != nil && err != syscall.ESRCH {
		return err
	}
	return nil
}

func (g *procGroup) close() {}

//go:build unix

package facts

import (
	"os/exec"
	"syscall"
)

// procGroup (Unix): the command leads a new process group, so one kill of
// the group reaches everything it started that did not leave the group
// itself (a daemon that calls setsid escapes).
type procGroup struct{ cmd *exec.Cmd }

func newProcGroup(cmd *exec.Cmd) *procGroup {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	return &procGroup{cmd: cmd}
}

func (g *procGroup) started(*exec.Cmd) {}

// kill sends SIGKILL to the whole group. It is called while the leader is
// alive (cancellation) or the instant after it was reaped (leftovers): the
// kernel hands out process ids in sequence, so the group id is not reused
// in between. (exec sets cmd.Process before it watches the context, so
// the cancel path sees it.)
func (g *procGroup) kill() error {
	if g.cmd.Process == nil {
		return nil
	}
	if err := syscall.Kill(-g.cmd.Process.Pid, syscall.SIGKILL); err != nil && err != syscall.ESRCH {
		return err
	}
	return nil
}

func (g *procGroup) close() {}

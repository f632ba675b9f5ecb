//go:build !unix && !windows

package facts

import "os/exec"

// procGroup (other systems, such as plan9 and wasm): only the command
// itself is killed; what it started may outlive it.
type procGroup struct{ cmd *exec.Cmd }

func newProcGroup(cmd *exec.Cmd) *procGroup { return &procGroup{cmd: cmd} }
func (g *procGroup) started(*exec.Cmd)      {}
func (g *procGroup) close()                 {}

func (g *procGroup) kill() error {
	if g.cmd.Process == nil {
		return nil
	}
	return g.cmd.Process.Kill()
}

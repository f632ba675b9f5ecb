//go:build !unix && !windows

package facts

import (
	"os"
	"os/exec"
)

// procGroup (other systems, such as plan9 and wasm): only the command
// itself is killed; what it started may outlive it.
type procGroup struct{ p *os.Process }

func setGroup(*exec.Cmd)               {}
func groupOf(p *os.Process) *procGroup { return &procGroup{p: p} }
func (g *procGroup) close()            {}
func (g *procGroup) kill() error       { return g.p.Kill() }

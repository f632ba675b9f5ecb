//go:build !unix && !windows

package soak

import "os/exec"

// procTracker (other systems, such as plan9 and wasm): memory is not
// measured and stopping kills only the direct child.
type procTracker struct{ cmd *exec.Cmd }

func newProcTracker(cmd *exec.Cmd, leader bool) *procTracker { return &procTracker{cmd: cmd} }
func (t *procTracker) started(*exec.Cmd)                     {}
func (t *procTracker) interrupt() error                      { return t.cmd.Process.Kill() }
func (t *procTracker) close()                                {}
func (t *procTracker) peakRSS(cmd *exec.Cmd) int64           { return 0 }

//go:build unix

package soak

import (
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// procTracker (Unix): the child leads its own process group, so Ctrl-C
// at the terminal reaches godx only and godx decides how its children
// stop: an interrupt to the whole group, then a kill after stopGrace.
// Peak memory is the child's rusage ru_maxrss: the largest resident set
// of the child or any descendant it waited for.
type procTracker struct {
	mu      sync.Mutex
	pid     int
	killer  *time.Timer
	stopped bool
}

func newProcTracker(cmd *exec.Cmd) *procTracker {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	return &procTracker{}
}

func (t *procTracker) started(cmd *exec.Cmd) {
	t.mu.Lock()
	t.pid = cmd.Process.Pid
	t.mu.Unlock()
}

func (t *procTracker) interrupt() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pid <= 0 || t.stopped {
		return nil
	}
	t.stopped = true
	pgid := t.pid
	_ = syscall.Kill(-pgid, syscall.SIGINT)
	t.killer = time.AfterFunc(stopGrace, func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
	return nil
}

// close kills what is left of the group (a test binary orphaned by a
// killed go command) once the child has been waited for.
func (t *procTracker) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.killer != nil {
		t.killer.Stop()
	}
	if t.stopped && t.pid > 0 {
		_ = syscall.Kill(-t.pid, syscall.SIGKILL)
	}
}

func (t *procTracker) peakRSS(cmd *exec.Cmd) int64 {
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0
	}
	return maxrssBytes(int64(ru.Maxrss), runtime.GOOS)
}

// maxrssBytes converts ru_maxrss to bytes: Linux and the BSDs report
// KiB, macOS (and iOS) bytes.
func maxrssBytes(v int64, goos string) int64 {
	if goos == "darwin" || goos == "ios" {
		return v
	}
	return v * 1024
}

// forwardSignals are relayed by the -exec wrapper to the test binary
// (SIGQUIT is what go test sends a binary that overran its -timeout).
var forwardSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGQUIT}

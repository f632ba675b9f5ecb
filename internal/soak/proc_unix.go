//go:build unix

package soak

import (
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// procTracker (Unix). A go command (leader) leads its own process group, so
// Ctrl-C at the terminal reaches godx only and godx decides how its
// children stop: an interrupt to the whole group, then a kill after
// stopGrace, and a kill of the group once the command has exited (what
// it left behind). A test binary under the exec wrapper (not leader)
// stays in that group; the wrapper catches the stop signals so that it
// outlives the binary and can record its usage, and relays SIGQUIT, the
// one signal go test sends it alone. Peak memory is the child's rusage
// ru_maxrss: the largest resident set of the child or any descendant it
// waited for.
type procTracker struct {
	mu      sync.Mutex
	leader  bool
	pid     int
	killer  *time.Timer
	stopped bool
	signals chan os.Signal
	relayed sync.WaitGroup
}

// stopSignals are caught by the exec wrapper: SIGINT and SIGTERM come to
// the whole group (the binary has them too), SIGQUIT from go test to the
// wrapper alone.
var stopSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT}

func newProcTracker(cmd *exec.Cmd, leader bool) *procTracker {
	t := &procTracker{leader: leader}
	if leader {
		if cmd.SysProcAttr == nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{}
		}
		cmd.SysProcAttr.Setpgid = true
		return t
	}
	// Caught before the binary starts: a stop signal arriving meanwhile
	// must not end the wrapper and leave the binary unmeasured.
	t.signals = make(chan os.Signal, 4)
	signal.Notify(t.signals, stopSignals...)
	return t
}

func (t *procTracker) started(cmd *exec.Cmd) {
	t.mu.Lock()
	t.pid = cmd.Process.Pid
	t.mu.Unlock()
	if t.signals == nil {
		return
	}
	t.relayed.Add(1)
	go func() {
		defer t.relayed.Done()
		for sig := range t.signals {
			if sig == syscall.SIGQUIT {
				_ = cmd.Process.Signal(sig)
			}
		}
	}()
}

func (t *procTracker) interrupt() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pid <= 0 || t.stopped || !t.leader {
		return nil
	}
	t.stopped = true
	pgid := t.pid
	_ = syscall.Kill(-pgid, syscall.SIGINT)
	t.killer = time.AfterFunc(stopGrace, func() { _ = syscall.Kill(-pgid, syscall.SIGKILL) })
	return nil
}

// close runs once the child has been waited for. A leader's group is
// killed: a test binary orphaned by a killed go command or wrapper, a
// process a test left running. The kernel hands out process ids in
// sequence, so the group id is not reused in the instant since the
// leader was reaped.
func (t *procTracker) close() {
	if t.signals != nil {
		signal.Stop(t.signals)
		close(t.signals)
		t.relayed.Wait()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.killer != nil {
		t.killer.Stop()
	}
	if t.leader && t.pid > 0 {
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

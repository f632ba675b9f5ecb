//go:build windows

package soak

import (
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/godx-dev/godx/internal/winjob"
)

// procTracker (Windows): the child is put in a Job Object right after it
// starts, so that stopping kills the whole tree and the job's accounting
// gives the peak memory of its largest process (PeakProcessMemoryUsed:
// committed memory, the closest Windows figure to ru_maxrss). Jobs nest:
// a test binary's job (made by the exec wrapper, for its memory) sits
// inside its go command's, so terminating a go command's job (leader) on
// an interrupt, and once the command has exited, ends every test binary
// and whatever they left running. A process the child starts in the
// instant before it joins the job escapes. Windows sends Ctrl-C to every
// console process, so children also see it; the wrapper then ends its
// binary's job at once, as soak does with the go command's.
type procTracker struct {
	mu      sync.Mutex
	leader  bool
	job     windows.Handle
	signals chan os.Signal
	relayed sync.WaitGroup
}

func newProcTracker(cmd *exec.Cmd, leader bool) *procTracker {
	t := &procTracker{leader: leader}
	if !leader {
		t.signals = make(chan os.Signal, 1)
		signal.Notify(t.signals, os.Interrupt)
	}
	return t
}

func (t *procTracker) started(cmd *exec.Cmd) {
	job, err := winjob.Assign(cmd.Process.Pid)
	if err == nil {
		t.mu.Lock()
		t.job = job
		t.mu.Unlock()
	}
	if t.signals == nil {
		return
	}
	t.relayed.Add(1)
	go func() {
		defer t.relayed.Done()
		for range t.signals {
			_ = t.terminate()
		}
	}()
}

func (t *procTracker) interrupt() error { return t.terminate() }

func (t *procTracker) terminate() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.job != 0 {
		return windows.TerminateJobObject(t.job, 1)
	}
	return nil
}

func (t *procTracker) close() {
	if t.signals != nil {
		signal.Stop(t.signals)
		close(t.signals)
		t.relayed.Wait()
	}
	if t.leader {
		_ = t.terminate()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.job != 0 {
		windows.CloseHandle(t.job)
		t.job = 0
	}
}

func (t *procTracker) peakRSS(cmd *exec.Cmd) int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.job == 0 {
		return 0
	}
	var info windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION
	err := windows.QueryInformationJobObject(t.job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)), nil)
	if err != nil {
		return 0
	}
	return int64(info.PeakProcessMemoryUsed)
}

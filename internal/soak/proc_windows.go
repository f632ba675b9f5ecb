//go:build windows

package soak

import (
	"os"
	"os/exec"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/godx-dev/godx/internal/winjob"
)

// procTracker (Windows): the child is put in a Job Object right after it
// starts, so that stopping kills the whole tree and the job's accounting
// gives the peak memory of its largest process (PeakProcessMemoryUsed:
// committed memory, the closest Windows figure to ru_maxrss). A process
// the child starts in the instant before it joins the job escapes both.
// Windows sends Ctrl-C to every console process, so children also see it.
type procTracker struct {
	mu  sync.Mutex
	job windows.Handle
}

func newProcTracker(cmd *exec.Cmd) *procTracker { return &procTracker{} }

func (t *procTracker) started(cmd *exec.Cmd) {
	job, err := winjob.Assign(cmd.Process.Pid)
	if err != nil {
		return
	}
	t.mu.Lock()
	t.job = job
	t.mu.Unlock()
}

func (t *procTracker) interrupt() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.job != 0 {
		return windows.TerminateJobObject(t.job, 1)
	}
	return nil
}

func (t *procTracker) close() {
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

// forwardSignals are relayed by the -exec wrapper to the test binary.
var forwardSignals = []os.Signal{os.Interrupt}

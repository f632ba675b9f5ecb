//go:build unix

package proctest

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Alive reports whether kill(pid, 0) finds a live process (a negative pid
// is a process group). A zombie waiting to be reaped is not alive.
func Alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	if pid > 0 {
		if stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); err == nil {
			if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && strings.HasPrefix(string(stat[i:]), ") Z") {
				return false
			}
		}
	}
	return true
}

func kill(pid int) { _ = syscall.Kill(pid, syscall.SIGKILL) }

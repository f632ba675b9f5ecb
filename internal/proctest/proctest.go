// Package proctest helps tests that start real processes prove that what
// godx stopped is gone. Waits are generous (minutes) and polled, so a busy
// machine slows a test down but never fails it; a survivor is killed and
// fails the test.
package proctest

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// WaitGone waits up to a minute for pid (a negative pid: that process
// group) to be gone, and reports whether it went. A process killed the
// instant before may not be reaped yet by its new parent: the minute
// covers that.
func WaitGone(pid int) bool {
	deadline := time.Now().Add(time.Minute)
	for Alive(pid) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// AssertGone fails t unless pid goes (see WaitGone); a survivor is killed.
func AssertGone(t testing.TB, what string, pid int) {
	t.Helper()
	if !WaitGone(pid) {
		kill(pid)
		t.Fatalf("%s (%d) is still running", what, pid)
	}
}

// PIDs waits up to two minutes until file holds at least n complete
// lines of process ids (a script writes `echo $$ >> FILE`), and returns
// them all.
func PIDs(t testing.TB, file string, n int) []int {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
		data, _ := os.ReadFile(file)
		complete := string(data)
		if i := strings.LastIndexByte(complete, '\n'); i >= 0 {
			complete = complete[:i]
		} else {
			complete = ""
		}
		if f := strings.Fields(complete); len(f) >= n {
			out := make([]int, len(f))
			for i, s := range f {
				p, err := strconv.Atoi(s)
				if err != nil {
					t.Fatalf("%s: %v", file, err)
				}
				out[i] = p
			}
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %q: fewer than %d process ids", file, data, n)
		}
	}
}

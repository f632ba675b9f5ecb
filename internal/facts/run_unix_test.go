//go:build unix

package facts

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// script writes an executable sh script in a fresh folder and returns its
// path and the folder.
func script(t *testing.T, body string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "go")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path, dir
}

// readPID waits for a script to write a process id into file.
func readPID(t *testing.T, file string) int {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		data, err := os.ReadFile(file)
		if err == nil && strings.HasSuffix(string(data), "\n") {
			pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s was never written", file)
	return 0
}

// alive reports whether kill(target, 0) finds a live process (target < 0
// is a process group). Zombies waiting for init to reap them are dead.
func alive(target int) bool {
	if err := syscall.Kill(target, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	if target > 0 {
		if stat, err := os.ReadFile("/proc/" + strconv.Itoa(target) + "/stat"); err == nil {
			if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && strings.HasPrefix(string(stat[i:]), ") Z") {
				return false
			}
		}
	}
	return true
}

// assertGone fails unless target is gone; it allows init plenty of time
// to reap killed orphans, so it does not depend on the machine's speed.
func assertGone(t *testing.T, what string, target int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for alive(target) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(target, syscall.SIGKILL)
			t.Fatalf("%s (%d) is still running after Run returned", what, target)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A go command that starts `sleep 1000` in the background and hangs:
// when the time limit ends, the command and its child are both killed.
func TestRunTimeoutKillsProcessGroup(t *testing.T) {
	goCmd, dir := script(t, `sleep 1000 &
echo $! > "$1/child.tmp" && mv "$1/child.tmp" "$1/child"
echo $$ > "$1/self.tmp" && mv "$1/self.tmp" "$1/self"
sleep 1000
`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pids := make(chan [2]int, 1)
	go func() {
		child := readPID(t, filepath.Join(dir, "child"))
		self := readPID(t, filepath.Join(dir, "self"))
		pids <- [2]int{self, child}
		cancel() // the command's time limit ends once it hangs
	}()
	res := System{}.Run(ctx, Command{Path: goCmd, Args: []string{dir}})
	p := <-pids
	if !res.TimedOut || res.Err == nil {
		t.Fatalf("Run = %+v, want TimedOut with an error", res)
	}
	assertGone(t, "the process group", -p[0])
	assertGone(t, "the hung go command", p[0])
	assertGone(t, "its background sleep", p[1])
}

// A go command that floods stdout (or stderr) without end: Run stops it
// once OutputLimit (or the command's own MaxOutput) is reached, keeps
// exactly the limit and says so.
func TestRunCapsEndlessOutput(t *testing.T) {
	if _, err := exec.LookPath("yes"); err != nil {
		t.Skip("no yes command")
	}
	for _, tc := range []struct {
		name, body string
		max        int
	}{
		{"stdout", "exec yes\n", 0},
		{"stderr", "exec yes >&2\n", 0},
		{"zero bytes from two processes", "cat /dev/zero &\nexec cat /dev/zero\n", 0},
		{"own limit", "exec yes\n", 6 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			goCmd, _ := script(t, tc.body)
			// The deadline only guards the test; Run must end by the cap.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			res := System{}.Run(ctx, Command{Path: goCmd, MaxOutput: tc.max})
			if res.TimedOut {
				t.Fatalf("Run ran until its time limit instead of stopping at the output cap")
			}
			limit := OutputLimit
			if tc.max > 0 {
				limit = tc.max
			}
			want := fmt.Sprintf("printed more than %d MiB", limit>>20)
			if !res.Truncated || res.Err == nil || !strings.Contains(res.Err.Error(), want) {
				t.Fatalf("Truncated = %v, Err = %v; want truncation reported (%s)", res.Truncated, res.Err, want)
			}
			if len(res.Stdout) > limit || len(res.Stderr) > limit {
				t.Fatalf("kept %d bytes of stdout and %d of stderr, over the %d-byte cap", len(res.Stdout), len(res.Stderr), limit)
			}
			if got := max(len(res.Stdout), len(res.Stderr)); got != limit {
				t.Errorf("kept %d bytes of the flooded output, want the first %d", got, limit)
			}
		})
	}
}

// A go command that works but leaves `sleep 1000 &` holding its stdout is
// judged by its exit status: success, with its output; the sleep is gone.
func TestRunBackgroundChildHoldingStdout(t *testing.T) {
	for _, tc := range []struct {
		name string
		exit int
	}{{"exit 0", 0}, {"exit 3", 3}} {
		t.Run(tc.name, func(t *testing.T) {
			goCmd, dir := script(t, `echo "go version go1.23.4 linux/amd64"
echo warning >&2
sleep 1000 &
echo $! > "$1/child.tmp" && mv "$1/child.tmp" "$1/child"
exit `+strconv.Itoa(tc.exit)+"\n")
			res := System{}.Run(context.Background(), Command{Path: goCmd, Args: []string{dir}})
			if got := string(res.Stdout); got != "go version go1.23.4 linux/amd64\n" {
				t.Errorf("Stdout = %q", got)
			}
			if got := string(res.Stderr); got != "warning\n" {
				t.Errorf("Stderr = %q", got)
			}
			if res.ExitCode != tc.exit || res.TimedOut || res.Truncated {
				t.Errorf("ExitCode = %d, TimedOut = %v, Truncated = %v", res.ExitCode, res.TimedOut, res.Truncated)
			}
			var ee *exec.ExitError
			if tc.exit == 0 && res.Err != nil {
				t.Errorf("a command that exited 0 failed: %v", res.Err)
			}
			if tc.exit != 0 && !errors.As(res.Err, &ee) {
				t.Errorf("Err = %v, want the exit status", res.Err)
			}
			assertGone(t, "the background sleep", readPID(t, filepath.Join(dir, "child")))
		})
	}
}

// Output a command wrote before it exited is all kept, however late the
// readers run: 48 commands at once each leave 60,000 bytes in their pipe
// (under the pipe's capacity, so they exit without waiting for a reader)
// while one of them leaves `sleep 1000 &` holding its stdout. exec's
// WaitDelay, which Run used before, closed the pipes on a timer that
// starts at exit and lost the tail of `go env -json` on a busy machine.
func TestRunKeepsOutputWrittenBeforeExit(t *testing.T) {
	const size = 60000
	body := "head -c " + strconv.Itoa(size) + " /dev/zero | tr '\\0' x\n"
	plain, _ := script(t, body)
	holding, dir := script(t, body+`sleep 1000 &
echo $! > "$1/child.tmp" && mv "$1/child.tmp" "$1/child"
`)
	var wg sync.WaitGroup
	results := make([]Result, 48)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := Command{Path: plain}
			if i == 0 {
				c = Command{Path: holding, Args: []string{dir}}
			}
			results[i] = System{}.Run(context.Background(), c)
		}()
	}
	wg.Wait()
	for i, res := range results {
		if res.Err != nil || len(res.Stdout) != size || strings.Trim(string(res.Stdout), "x") != "" {
			t.Errorf("run %d: Err = %v, kept %d of %d bytes", i, res.Err, len(res.Stdout), size)
		}
	}
	assertGone(t, "the background sleep", readPID(t, filepath.Join(dir, "child")))
}

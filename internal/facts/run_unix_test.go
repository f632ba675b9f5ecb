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
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/proctest"
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
		child := proctest.PIDs(t, filepath.Join(dir, "child"), 1)[0]
		self := proctest.PIDs(t, filepath.Join(dir, "self"), 1)[0]
		pids <- [2]int{self, child}
		cancel() // the command's time limit ends once it hangs
	}()
	res := System{}.Run(ctx, Command{Path: goCmd, Args: []string{dir}})
	p := <-pids
	if !res.TimedOut || res.Err == nil {
		t.Fatalf("Run = %+v, want TimedOut with an error", res)
	}
	proctest.AssertGone(t, "the process group", -p[0])
	proctest.AssertGone(t, "the hung go command", p[0])
	proctest.AssertGone(t, "its background sleep", p[1])
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
			proctest.AssertGone(t, "the background sleep", proctest.PIDs(t, filepath.Join(dir, "child"), 1)[0])
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
	proctest.AssertGone(t, "the background sleep", proctest.PIDs(t, filepath.Join(dir, "child"), 1)[0])
}

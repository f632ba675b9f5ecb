//go:build unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/proctest"
)

// holdModule is a module whose test binary ignores SIGINT and SIGTERM and
// starts a grandchild (`sleep`, which inherits the ignored signals) before
// any test runs: in init, so even a 1s -timeout cannot beat it. It writes
// its own pid, its parent's (the exec wrapper) and the grandchild's into
// $HOLD_PIDS, then creates $HOLD_READY. With HOLD_EXIT set the test passes
// at once and leaves the grandchild behind; otherwise it hangs.
var holdModule = map[string]string{
	"go.mod":  "module example.com/hold\n\ngo 1.22\n",
	"hold.go": "package hold\n",
	"hold_test.go": `package hold

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

func init() {
	signal.Ignore(syscall.SIGINT, syscall.SIGTERM)
	sleep := exec.Command("sleep", "1000")
	if err := sleep.Start(); err != nil {
		panic(err)
	}
	pids := fmt.Sprintf("%d\n%d\n%d\n", os.Getpid(), os.Getppid(), sleep.Process.Pid)
	if err := os.WriteFile(os.Getenv("HOLD_PIDS"), []byte(pids), 0o644); err != nil {
		panic(err)
	}
	if err := os.WriteFile(os.Getenv("HOLD_READY"), nil, 0o644); err != nil {
		panic(err)
	}
}

func TestHold(t *testing.T) {
	if os.Getenv("HOLD_EXIT") != "" {
		return
	}
	time.Sleep(time.Hour)
}
`,
}

// TestSoakLeavesNoChildren runs the real godx soak in its own session on a
// test binary that ignores interrupts and starts a grandchild, and asserts
// that once godx has exited no process it started is left: not the test
// binary, not its exec wrapper, not the grandchild, and (on Linux) no
// process at all in godx's session. Signals are sent only once the test
// binary has said it is ready; the deadlines below only stop a broken run.
func TestSoakLeavesNoChildren(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	for _, tc := range []struct {
		name   string
		signal syscall.Signal // sent once the test binary is ready; 0: none
		args   []string
		env    string
		exit   int
	}{
		{name: "SIGINT", signal: syscall.SIGINT, exit: 130},
		{name: "SIGTERM", signal: syscall.SIGTERM, exit: 130},
		// go test -timeout: the test binary panics and exits, its
		// grandchild stays in the group until soak clears it.
		{name: "timeout", args: []string{"--timeout", "1s"}, exit: 0},
		// A test that passes but leaves a process running.
		{name: "leftover", env: "HOLD_EXIT=1", exit: 0},
		// Without the exec wrapper the test binary is go test's own child.
		{name: "SIGINT-no-wrapper", signal: syscall.SIGINT, args: []string{"--per-package=false"}, exit: 130},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for name, content := range holdModule {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			state := t.TempDir()
			pidFile, ready := filepath.Join(state, "pids"), filepath.Join(state, "ready")
			args := append([]string{"soak", "--dir", dir, "--runs", "1", "--test-only", "--fail-on", "none"}, tc.args...)
			cmd := exec.Command("godx", args...)
			cmd.Env = append(os.Environ(), "HOLD_PIDS="+pidFile, "HOLD_READY="+ready,
				"GOFLAGS=-buildvcs=false", "GOTOOLCHAIN=local")
			if tc.env != "" {
				cmd.Env = append(cmd.Env, tc.env)
			}
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			session := cmd.Process.Pid
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			t.Cleanup(func() { killSession(session) })

			// Failure safety only: a soak builds a test binary, which on a
			// loaded machine can take minutes.
			deadline := time.After(5 * checktest.TestCommandTimeout)
			var err error
			if tc.signal != 0 {
				if !waitForFile(ready, exited, deadline) {
					t.Fatalf("the test binary never got ready\n%s", out.String())
				}
				if err := cmd.Process.Signal(tc.signal); err != nil {
					t.Fatal(err)
				}
			}
			select {
			case err = <-exited:
			case <-deadline:
				t.Fatalf("godx soak did not exit\n%s", out.String())
			}
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.exit {
				t.Errorf("exit status %d, want %d\n%s", code, tc.exit, out.String())
			}
			data, err := os.ReadFile(pidFile)
			if err != nil {
				t.Fatalf("the test binary recorded no pids: %v\n%s", err, out.String())
			}
			for i, f := range strings.Fields(string(data)) {
				pid, _ := strconv.Atoi(f)
				what := [...]string{"test binary", "its parent", "grandchild sleep"}[i]
				if !proctest.WaitGone(pid) {
					t.Errorf("%s (pid %d) is still running after godx exited\n%s", what, pid, out.String())
				}
			}
			if left := sessionMembers(session); len(left) > 0 {
				t.Errorf("processes left in godx's session: %v\n%s", left, out.String())
			}
		})
	}
}

// waitForFile waits until path exists; false when the command exited or
// the deadline passed first.
func waitForFile(path string, exited chan error, deadline <-chan time.Time) bool {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if _, err := os.Stat(path); err == nil {
			return true
		}
		select {
		case err := <-exited:
			exited <- err // for the caller
			return false
		case <-deadline:
			return false
		case <-tick.C:
		}
	}
}

// sessionMembers lists the live processes of session sid, waiting up to a
// minute for killed ones to be reaped.
func sessionMembers(sid int) []int {
	deadline := time.Now().Add(time.Minute)
	for {
		left := scanSession(sid)
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// scanSession lists the live (not zombie) processes of session sid, read
// from /proc on Linux; elsewhere it finds none.
func scanSession(sid int) []int {
	if runtime.GOOS != "linux" {
		return nil
	}
	var left []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(stat)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		// After "comm)": state ppid pgrp session ...
		f := strings.Fields(s[i+1:])
		if len(f) < 4 || f[0] == "Z" {
			continue
		}
		if id, _ := strconv.Atoi(f[3]); id == sid {
			left = append(left, pid)
		}
	}
	return left
}

// killSession kills whatever a failed test left in the session.
func killSession(sid int) {
	for _, pid := range scanSession(sid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	_ = syscall.Kill(-sid, syscall.SIGKILL)
}

//go:build unix

package soakcmd

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C while soak lists the packages (a go list that hangs): godx exits
// 130 at once, says so, and the go command it started is gone.
func TestSoakInterruptWhileListing(t *testing.T) {
	bin := t.TempDir()
	state := t.TempDir()
	ready, pidFile := filepath.Join(state, "ready"), filepath.Join(state, "pid")
	script := "#!/bin/sh\nif [ \"$1\" = list ]; then echo $$ > " + pidFile + "; : > " + ready + "; exec sleep 1000; fi\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			if _, err := os.Stat(ready); err == nil {
				cancel()
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	code, _, errOut := execute(ctx, t, "--dir", t.TempDir(), "--runs", "1")
	if code != ExitInterrupted || !strings.Contains(errOut, "interrupted before the first run") {
		t.Errorf("exit %d, stderr %q; want %d and the reason", code, errOut, ExitInterrupted)
	}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	// The hung go list was killed (SIGKILL to its group) before soak
	// returned; it may still await reaping for an instant.
	deadline := time.Now().Add(time.Minute)
	for syscall.Kill(pid, 0) == nil && !zombie(pid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("go list (pid %d) is still running", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// zombie reports whether pid has exited and waits to be reaped (Linux;
// elsewhere it cannot tell and says no).
func zombie(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(stat), ')')
	return i >= 0 && strings.HasPrefix(string(stat[i:]), ") Z")
}

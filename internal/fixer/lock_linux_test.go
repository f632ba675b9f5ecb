package fixer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Two godx processes at once: an undo started while a fix is in the
// middle of its writes waits for the fix (the state folder's lock), so
// its clean-up never takes the running fix's temporary files for a
// crash's leftovers.
func TestApply_SecondProcessWaitsForTheLock(t *testing.T) {
	if os.Getenv(crashHelperEnv) == "block" {
		s := scene{os.Getenv(crashHelperDir)}
		stepHook = func(name string) {
			if name == "exchange" {
				stepHook = nil
				fmt.Println("waiting")
				bufio.NewReader(os.Stdin).ReadString('\n')
			}
		}
		res, err := Apply(context.Background(), s.plan(), Options{StateDir: s.state(), Command: "godx fix"})
		fmt.Printf("ok=%v err=%v\n", res.OK(), err)
		os.Exit(0)
	}
	s := newScene(t)
	cmd := crashRun(t, "TestApply_SecondProcessWaitsForTheLock", "block", s.dir)
	stdin, err := cmd.StdinPipe()
	must(t, err)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	out := bufio.NewReader(stdout)
	if line, err := out.ReadString('\n'); line != "waiting\n" {
		t.Fatalf("child: %q %v", line, err)
	}
	undone := make(chan error)
	go func() {
		_, err := Undo(s.state(), time.Now())
		undone <- err
	}()
	// Wait until the undo is blocked on the lock (the kernel lists it).
	var st syscall.Stat_t
	must(t, syscall.Stat(filepath.Join(s.state(), lockName), &st))
	for !lockWaiter(t, st.Ino) {
		select {
		case err := <-undone:
			t.Fatalf("undo did not wait for the running fix: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	io.WriteString(stdin, "\n")
	rest, _ := io.ReadAll(out)
	if err := cmd.Wait(); err != nil || !strings.Contains(string(rest), "ok=true err=<nil>") {
		t.Fatalf("the fix: %v\n%s", err, rest)
	}
	if err := <-undone; err != nil {
		t.Fatalf("undo: %v", err)
	}
	s.assertOriginal(t)
	noTemps(t, s.dir)
}

// lockWaiter reports whether a process waits for a lock on inode ino
// (a "->" line of /proc/locks).
func lockWaiter(t *testing.T, ino uint64) bool {
	data, err := os.ReadFile("/proc/locks")
	if err != nil {
		t.Skip("no /proc/locks:", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 7 || f[1] != "->" {
			continue
		}
		if i := strings.LastIndexByte(f[6], ':'); i >= 0 && f[6][i+1:] == fmt.Sprint(ino) {
			return true
		}
	}
	return false
}

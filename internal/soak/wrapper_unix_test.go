//go:build unix

package soak

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The exec wrapper survives the interrupts sent to its whole group (the
// test binary has them too), relays the SIGQUIT go test sends it alone on
// a -timeout, keeps the binary in its own process group, and exits as the
// binary did, having recorded its usage. The signals are sent one after
// the other to the wrapper: had SIGINT or SIGTERM ended it, its exit
// status would be that signal's, not the binary's 7.
func TestWrapperSignals(t *testing.T) {
	state := t.TempDir()
	ready, group := filepath.Join(state, "ready"), filepath.Join(state, "group")
	usage := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	body := `trap 'exit 7' QUIT
trap '' INT TERM
ps -o pgid= -p $$ > "$1"
: > "$2"
while :; do sleep 1; done`
	cmd := exec.Command(exe, "/bin/sh", "-c", body, "sh", group, ready)
	cmd.Env = append(os.Environ(), "GODX_SOAK_TEST_WRAPPER=1", UsageDirEnv+"="+usage)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the wrapper exited before the binary was ready: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT} {
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
	}
	var ee *exec.ExitError
	if err := <-exited; !errors.As(err, &ee) || ee.ExitCode() != 7 {
		t.Fatalf("wrapper ended with %v, want exit status 7 (the binary's, after the relayed SIGQUIT)", err)
	}
	if data, err := os.ReadFile(group); err != nil || strings.TrimSpace(string(data)) != strconv.Itoa(cmd.Process.Pid) {
		t.Errorf("the binary's process group is %q, want the wrapper's %d (err %v)", data, cmd.Process.Pid, err)
	}
	recs := readWrapperRecords(usage)
	if len(recs) != 1 {
		t.Errorf("usage records: %v", recs)
	}
}

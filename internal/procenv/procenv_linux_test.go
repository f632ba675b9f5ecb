package procenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestSystemListsOtherUsers starts a process as another user (the tests
// must run as root for that): it is listed, marked OtherUser, with the
// command line of a dlv but no executable path (not readable).
func TestSystemListsOtherUsers(t *testing.T) {
	if runtime.GOOS != "linux" || os.Getuid() != 0 {
		t.Skip("needs Linux and root, to start a process as another user")
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command:", err)
	}
	bin, err := os.ReadFile(sleep)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dlv := filepath.Join(dir, "dlv")
	if err := os.WriteFile(dlv, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(dlv, "600")
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	if err := cmd.Start(); err != nil {
		t.Skip("cannot start a process as uid 65534:", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
		if b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", cmd.Process.Pid)); string(b) == dlv+"\x00600\x00" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the child never became dlv 600")
		}
	}
	ps, err := System().Processes()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ps, func(p Process) bool { return p.PID == cmd.Process.Pid })
	if i < 0 {
		t.Fatalf("child %d not listed", cmd.Process.Pid)
	}
	if p := ps[i]; !p.OtherUser || p.Name != "dlv" || p.Exe != "" || !reflect.DeepEqual(p.Args, []string{dlv, "600"}) {
		t.Errorf("listed as %+v", p)
	}
}

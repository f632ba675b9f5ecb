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

// The process list of this machine, as a doctor run reads it once.
func BenchmarkProcesses(b *testing.B) {
	r := System()
	for b.Loop() {
		if _, err := r.Processes(); err != nil {
			b.Fatal(err)
		}
	}
}

// A /proc tree: kernel threads (kthreadd, pid 2, and its children) are
// listed by name without an executable; the user's processes with theirs.
func TestProcessesFromTree(t *testing.T) {
	root := t.TempDir()
	for pid, proc := range map[string]struct{ stat, exe string }{
		"2":   {"2 (kthreadd) S 0 0 0 0 -1 2129984 0 0", "/nonexistent/kthreadd"},
		"40":  {"40 (kworker/0:1-events) I 2 0 0 0 -1 69238880 0", "/nonexistent/kworker"},
		"100": {"100 (bash) S 1 100 100 34816 100 4194560 1", "/usr/bin/bash"},
		"101": {"101 (a) b) R 100 101 100 34816 101 4194304 2", "/usr/bin/odd"},
	} {
		dir := filepath.Join(root, pid)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "stat"), []byte(proc.stat+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(proc.exe, filepath.Join(dir, "exe")); err != nil {
			t.Fatal(err)
		}
	}
	ps, err := procfs{root: root, uid: os.Getuid()}.Processes()
	if err != nil {
		t.Fatal(err)
	}
	want := []Process{
		{PID: 100, PPID: 1, Name: "bash", Exe: "/usr/bin/bash"},
		{PID: 101, PPID: 100, Name: "odd", Exe: "/usr/bin/odd"},
		{PID: 2, PPID: 0, Name: "kthreadd"},
		{PID: 40, PPID: 2, Name: "kworker/0:1-events"},
	}
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("listed\n%+v\nwant\n%+v", ps, want)
	}
}

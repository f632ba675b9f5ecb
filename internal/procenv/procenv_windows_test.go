//go:build windows && (amd64 || arm64)

package procenv

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for a long-running process (a
// gopls) when GODX_PROCENV_CHILD is set: it waits for its stdin to close.
func TestMain(m *testing.M) {
	if os.Getenv("GODX_PROCENV_CHILD") == "1" {
		os.Stdin.Read(make([]byte, 1))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestWindowsReadsChild reads a real child's environment and working
// directory through its PEB (run on Windows, or under Wine).
func TestWindowsReadsChild(t *testing.T) {
	// Not t.TempDir: under Wine the directory a process just left can
	// refuse removal for a moment, which is not what this test is about.
	dir, err := os.MkdirTemp("", "procenv-child-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GODX_PROCENV_CHILD=1", `GOFLAGS=-mod=mod`, `Path=C:\old\go\bin;C:\Windows\system32`)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	r := System()
	pid := cmd.Process.Pid
	var env []string
	// The child's PEB is complete once it runs; a freshly created process
	// may not have its parameters yet, so ask until it has (no sleep-based
	// timing: the loop ends at the first complete answer).
	deadline := time.Now().Add(time.Minute)
	for {
		env, err = r.Environ(pid)
		if err == nil && slices.Contains(env, "GODX_PROCENV_CHILD=1") || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond) // not to spin while the child starts
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"GOFLAGS=-mod=mod", `Path=C:\old\go\bin;C:\Windows\system32`} {
		if !slices.Contains(env, want) {
			t.Errorf("no %q in %q", want, env)
		}
	}
	cwd, err := r.Cwd(pid)
	if err != nil || !strings.EqualFold(strings.TrimRight(cwd, `\`), strings.TrimRight(dir, `\`)) {
		t.Errorf("cwd %q, %v; want %q", cwd, err, dir)
	}
	// The command line comes from the PEB too (Classify reads it for
	// VS Code's extension host).
	if args := commandLine(pid); len(args) != 1 || !strings.EqualFold(Base(args[0]), Base(exe)) {
		t.Errorf("command line %q, want [%s]", args, exe)
	}
	ps, err := r.Processes()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ps, func(p Process) bool { return p.PID == pid })
	if i < 0 {
		t.Fatalf("child %d not listed", pid)
	}
	if ps[i].PPID != os.Getpid() {
		t.Errorf("listed as %+v", ps[i])
	}
}

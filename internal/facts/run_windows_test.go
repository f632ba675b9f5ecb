//go:build windows

package facts

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Run's promises on Windows (its own pipes, a job object for the group),
// proven with real Windows processes: the test binary runs itself as the
// command (TestRunHelper), so no compiler is needed (under Wine the
// official go.exe cannot build). The Unix tests are run_unix_test.go's.

const runHelperEnv = "GODX_FACTS_RUN_HELPER"

// isProcessInJob is kernel32's IsProcessInJob (golang.org/x/sys/windows
// has no wrapper).
var isProcessInJob = windows.NewLazySystemDLL("kernel32.dll").NewProc("IsProcessInJob")

// helper is the Command that runs this test binary as TestRunHelper in
// mode; dir is where it writes its child's process id.
func helper(mode, dir string) Command {
	return Command{
		Path: os.Args[0],
		Args: []string{"-test.run=^TestRunHelper$"},
		Env:  append(os.Environ(), runHelperEnv+"="+mode, "GODX_FACTS_RUN_DIR="+dir),
	}
}

// TestRunHelper is the command of the tests below; it does nothing unless
// runHelperEnv names what to do.
func TestRunHelper(t *testing.T) {
	mode := os.Getenv(runHelperEnv)
	if mode == "" {
		return
	}
	dir := os.Getenv("GODX_FACTS_RUN_DIR")
	switch mode {
	case "sleep":
		time.Sleep(time.Hour)
	case "flood":
		line := []byte(strings.Repeat("y", 1023) + "\n")
		for {
			if _, err := os.Stdout.Write(line); err != nil {
				os.Exit(1)
			}
		}
	case "output", "hang":
		// A child that holds stdout and would sleep for an hour, started
		// only once this process is in Run's job (a process started in
		// the instant before escapes it: procgroup_windows.go).
		for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
			var in int32 // a BOOL
			ok, _, _ := isProcessInJob.Call(uintptr(windows.CurrentProcess()), 0, uintptr(unsafe.Pointer(&in)))
			if ok == 0 || in != 0 || time.Now().After(deadline) {
				break
			}
		}
		child := exec.Command(os.Args[0], "-test.run=^TestRunHelper$")
		child.Env = append(os.Environ(), runHelperEnv+"=sleep")
		child.Stdout = os.Stdout
		if err := child.Start(); err != nil {
			os.Exit(9)
		}
		if err := os.WriteFile(filepath.Join(dir, "child.tmp"), []byte(strconv.Itoa(child.Process.Pid)+"\n"), 0o644); err != nil {
			os.Exit(9)
		}
		if err := os.Rename(filepath.Join(dir, "child.tmp"), filepath.Join(dir, "child")); err != nil {
			os.Exit(9)
		}
		if mode == "hang" {
			time.Sleep(time.Hour)
		}
		os.Stdout.WriteString(strings.Repeat("x", 60000))
		os.Stderr.WriteString("warning\n")
		os.Exit(3)
	}
	os.Exit(8)
}

// childPID reads the process id a helper wrote.
func childPID(t *testing.T, dir string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "child"))
	if err != nil {
		t.Fatalf("the helper did not start its child: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// assertGoneWindows waits (up to two minutes, only to bound the test) for
// process pid to end: killing a job ends its processes, though not at the
// instant TerminateJobObject returns.
func assertGoneWindows(t *testing.T, what string, pid int) {
	t.Helper()
	h, err := windows.OpenProcess(windows.SYNCHRONIZE, false, uint32(pid))
	if err != nil {
		return // no such process any more
	}
	defer windows.CloseHandle(h)
	if ev, _ := windows.WaitForSingleObject(h, uint32((2 * time.Minute).Milliseconds())); ev != windows.WAIT_OBJECT_0 {
		t.Errorf("%s (pid %d) is still running", what, pid)
	}
}

// A command that exits 3 while a child it started holds its stdout: Run
// returns with every byte written before the exit and the exit status, and
// the child dies with the job.
func TestRunWindowsChildHoldingStdout(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // only guards the test
	defer cancel()
	res := System{}.Run(ctx, helper("output", dir))
	if res.TimedOut {
		t.Fatal("Run waited for the child holding stdout")
	}
	if len(res.Stdout) != 60000 || strings.Trim(string(res.Stdout), "x") != "" {
		t.Errorf("kept %d of 60000 bytes of stdout: %.80q", len(res.Stdout), res.Stdout)
	}
	if string(res.Stderr) != "warning\n" {
		t.Errorf("Stderr = %q", res.Stderr)
	}
	var ee *exec.ExitError
	if res.ExitCode != 3 || !errors.As(res.Err, &ee) || res.Truncated {
		t.Errorf("ExitCode = %d, Err = %v, Truncated = %v", res.ExitCode, res.Err, res.Truncated)
	}
	assertGoneWindows(t, "the child holding stdout", childPID(t, dir))
}

// A hung command: when its time limit ends, it and its child are killed.
func TestRunWindowsTimeoutKillsJob(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// The time limit ends once the child is started (or, to bound the
		// test, after ten minutes).
		for deadline := time.Now().Add(10 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if _, err := os.Stat(filepath.Join(dir, "child")); err == nil {
				break
			}
		}
		cancel()
	}()
	res := System{}.Run(ctx, helper("hang", dir))
	if !res.TimedOut || res.Err == nil {
		t.Fatalf("Run = %+v, want TimedOut with an error", res)
	}
	assertGoneWindows(t, "the hung command's child", childPID(t, dir))
}

// A command that floods stdout is stopped at the cap, which Run keeps.
func TestRunWindowsCapsOutput(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // only guards the test
	defer cancel()
	const limit = 1 << 20
	c := helper("flood", t.TempDir())
	c.MaxOutput = limit
	res := System{}.Run(ctx, c)
	if res.TimedOut {
		t.Fatal("Run ran until its time limit instead of stopping at the output cap")
	}
	if !res.Truncated || res.Err == nil || !strings.Contains(res.Err.Error(), "printed more than 1 MiB") || len(res.Stdout) != limit {
		t.Errorf("Truncated = %v, Err = %v, kept %d bytes; want the first %d", res.Truncated, res.Err, len(res.Stdout), limit)
	}
}

//go:build unix

package fixer

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
)

// No data loss, ever: these tests run Apply in a child process (this test
// binary again) and make it fail or kill it in the middle of its writes.

const (
	crashHelperEnv  = "GODX_FIXER_CRASH_HELPER"
	crashHelperDir  = "GODX_FIXER_CRASH_DIR"
	crashHelperSize = 1 << 20 // RLIMIT_FSIZE of the "write fails" child
)

// crashRun re-runs test name in a child process in helper mode.
func crashRun(t *testing.T, name, mode, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashHelperEnv+"="+mode, crashHelperDir+"="+dir)
	return cmd
}

// crashNoTemp fails when a temporary file of writeAtomic is left in dir.
func crashNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".godx-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestApply_WriteFailingMidwayLeavesTheOriginal(t *testing.T) {
	if os.Getenv(crashHelperEnv) == "fsize" {
		// Writes past 1 MiB fail with EFBIG (even for root), as on a full
		// disk: the first file's fix fits, the second one's does not.
		signal.Ignore(syscall.SIGXFSZ)
		lim := syscall.Rlimit{Cur: crashHelperSize, Max: crashHelperSize}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			fmt.Println("setrlimit:", err)
			os.Exit(3)
		}
		dir := os.Getenv(crashHelperDir)
		p := NewPlan([]Proposal{
			proposal("source/bom", check.EditFix(filepath.Join(dir, "small.go"), stripBOM)),
			proposal("test/grow", check.EditFix(filepath.Join(dir, "big.go"), appendLine(strings.Repeat("x", 2*crashHelperSize)))),
		})
		res, err := Apply(context.Background(), p, Options{StateDir: filepath.Join(dir, "state"), Command: "godx fix"})
		if err != nil {
			fmt.Println("apply:", err)
			os.Exit(3)
		}
		for _, f := range res.Failed {
			fmt.Printf("failed %s: %v\n", filepath.Base(f.Edit.Path), f.Err)
		}
		fmt.Printf("applied=%d failed=%d\n", len(res.Applied), len(res.Failed))
		os.Exit(0)
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "small.go"), "\ufeffpackage main\n", 0o644)
	write(t, filepath.Join(dir, "big.go"), "package main\n", 0o640)
	out, err := crashRun(t, "TestApply_WriteFailingMidwayLeavesTheOriginal", "fsize", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "applied=1 failed=1") || !strings.Contains(string(out), "failed big.go") {
		t.Fatalf("child output:\n%s", out)
	}
	if got := read(t, filepath.Join(dir, "small.go")); got != "package main\n" {
		t.Errorf("small.go = %q, want the fixed file", got)
	}
	if got := read(t, filepath.Join(dir, "big.go")); got != "package main\n" {
		t.Errorf("big.go = %.40q..., want the original (the write failed)", got)
	}
	if fi, err := os.Stat(filepath.Join(dir, "big.go")); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("big.go mode changed: %v %v", fi.Mode(), err)
	}
	crashNoTemp(t, dir)

	// The run's manifest records only the applied file: undo restores it
	// and leaves the untouched one alone.
	u, err := Undo(filepath.Join(dir, "state"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Files) != 1 || filepath.Base(u.Files[0].Path) != "small.go" {
		t.Errorf("undo: %+v", u.Files)
	}
	if got := read(t, filepath.Join(dir, "small.go")); got != "\ufeffpackage main\n" {
		t.Errorf("small.go after undo = %q", got)
	}
}

func TestApply_KilledMidwayLeavesEveryFileOldOrNew(t *testing.T) {
	const files = 4
	name := func(i int) string { return fmt.Sprintf("f%d.go", i) }
	old := bytes.Repeat([]byte("// line\r\n"), (4<<20)/9) // 4 MiB of CRLF lines
	fixed, _ := crlfToLF(old)
	if os.Getenv(crashHelperEnv) == "kill" {
		dir := os.Getenv(crashHelperDir)
		var props []Proposal
		for i := range files {
			props = append(props, proposal("source/line-endings", check.EditFix(filepath.Join(dir, name(i)), crlfToLF)))
		}
		fmt.Println("planning")
		p := NewPlan(props)
		if _, err := Apply(context.Background(), p, Options{StateDir: filepath.Join(dir, "state"), Command: "godx fix"}); err != nil {
			fmt.Println("apply:", err)
		}
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("writes 16 MiB several times")
	}
	// The first run is not killed: it measures how long a whole run takes,
	// and the others are killed at fractions of that.
	outcomes := map[string]int{}
	var whole time.Duration
	for k := 0; k < 12; k++ {
		delay := whole * time.Duration(k) / 12
		dir := t.TempDir()
		for i := range files {
			write(t, filepath.Join(dir, name(i)), string(old), 0o644)
		}
		cmd := crashRun(t, "TestApply_KilledMidwayLeavesEveryFileOldOrNew", "kill", dir)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if k == 0 {
			if err := cmd.Wait(); err != nil {
				t.Fatal(err)
			}
			whole = time.Since(start)
		} else {
			time.Sleep(delay)
			cmd.Process.Kill()
			cmd.Wait()
		}
		for i := range files {
			got, err := os.ReadFile(filepath.Join(dir, name(i)))
			switch {
			case err != nil:
				t.Fatalf("after a kill at %v: %v", delay, err)
			case bytes.Equal(got, old):
				outcomes["old"]++
			case bytes.Equal(got, fixed):
				outcomes["new"]++
			default:
				t.Fatalf("after a kill at %v, %s is neither the original nor the fixed file (%d bytes)", delay, name(i), len(got))
			}
		}
	}
	if outcomes["new"] < files {
		t.Errorf("the run that was not killed did not fix every file: %v", outcomes)
	}
	t.Logf("a whole run takes %v; files after the runs: %v", whole, outcomes)
}

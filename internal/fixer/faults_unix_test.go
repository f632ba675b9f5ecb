//go:build unix

package fixer

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
)

// fsizeHelper runs Apply on the plan the test names with writes past
// 1 MiB failing with EFBIG (even for root), as on a full disk.
func fsizeHelper(plan func(dir string) *Plan) {
	signal.Ignore(syscall.SIGXFSZ)
	lim := syscall.Rlimit{Cur: crashHelperSize, Max: crashHelperSize}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fmt.Println("setrlimit:", err)
		os.Exit(3)
	}
	dir := os.Getenv(crashHelperDir)
	res, err := Apply(context.Background(), plan(dir), Options{StateDir: filepath.Join(dir, "state"), Command: "godx fix"})
	if err != nil {
		fmt.Println("apply:", err)
		os.Exit(0)
	}
	for _, f := range res.Failed {
		fmt.Printf("failed %s: %v\n", filepath.Base(f.Edit.Path), f.Err)
	}
	fmt.Printf("applied=%d failed=%d\n", len(res.Applied), len(res.Failed))
	os.Exit(0)
}

// runs lists the state folder's backups folder (every entry, so that a
// half-made one shows).
func runs(t *testing.T, state string) []string {
	t.Helper()
	entries, err := os.ReadDir(BackupsDir(state))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// A full disk in the project: the file whose new content does not fit is
// left as it was, the others are fixed and undone.
func TestApply_FullDiskForTheProjectLeavesTheOriginal(t *testing.T) {
	if os.Getenv(crashHelperEnv) == "fsize" {
		fsizeHelper(func(dir string) *Plan {
			return NewPlan([]Proposal{
				proposal("source/bom", check.EditFix(filepath.Join(dir, "small.go"), stripBOM)),
				proposal("test/grow", check.EditFix(filepath.Join(dir, "big.go"), appendLine(strings.Repeat("x", 2*crashHelperSize)))),
			})
		})
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "small.go"), "\ufeffpackage main\n", 0o644)
	write(t, filepath.Join(dir, "big.go"), "package main\n", 0o640)
	out, err := crashRun(t, "TestApply_FullDiskForTheProjectLeavesTheOriginal", "fsize", dir).CombinedOutput()
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
	noTemps(t, dir)

	// The journal says big.go failed: undo restores small.go only.
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

// A full disk for the backup: the run stops before touching any file,
// leaves no half-made run folder, and undo still reaches the run before.
func TestApply_FullDiskForTheBackupKeepsTheLastRunUndoable(t *testing.T) {
	big := "\ufeff" + strings.Repeat("// generated\n", 2*crashHelperSize/13)
	if os.Getenv(crashHelperEnv) == "fsize" {
		fsizeHelper(func(dir string) *Plan {
			return NewPlan([]Proposal{proposal("source/bom", check.EditFix(filepath.Join(dir, "big.go"), stripBOM))})
		})
	}
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	write(t, filepath.Join(dir, "small.go"), "\ufeffpackage main\n", 0o644)
	write(t, filepath.Join(dir, "big.go"), big, 0o644)
	first := apply(t, NewPlan([]Proposal{proposal("source/bom", check.EditFix(filepath.Join(dir, "small.go"), stripBOM))}), state, nil)
	if !first.OK() {
		t.Fatalf("%+v", first)
	}
	out, err := crashRun(t, "TestApply_FullDiskForTheBackupKeepsTheLastRunUndoable", "fsize", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "apply: backing up "+filepath.Join(dir, "big.go")) || !strings.Contains(string(out), "nothing was changed") {
		t.Fatalf("child output:\n%s", out)
	}
	if got := read(t, filepath.Join(dir, "big.go")); got != big {
		t.Errorf("big.go changed: %.40q", got)
	}
	if names := runs(t, state); len(names) != 1 || filepath.Join(BackupsDir(state), names[0]) != first.BackupDir {
		t.Errorf("backups folder holds %q, want only the first run", names)
	}
	u, err := Undo(state, time.Now())
	if err != nil || u.BackupDir != first.BackupDir {
		t.Fatalf("undo: %+v %v", u, err)
	}
	if got := read(t, filepath.Join(dir, "small.go")); got != "\ufeffpackage main\n" {
		t.Errorf("small.go after undo = %q", got)
	}
}

// Runs that changed nothing (every file refused, before or during the
// write, or killed before its first write) do not stand between undo
// and the last run that changed something.
func TestUndo_PassesOverRunsThatChangedNothing(t *testing.T) {
	if os.Getenv(crashHelperEnv) == "one" {
		armKillHook()
		dir := os.Getenv(crashHelperDir)
		Apply(context.Background(), NewPlan([]Proposal{proposal("source/bom", check.EditFix(filepath.Join(dir, "d.go"), stripBOM))}),
			Options{StateDir: filepath.Join(dir, "state"), Command: "godx fix"})
		os.Exit(0)
	}
	dir := t.TempDir()
	state := filepath.Join(dir, "state")
	for _, n := range []string{"a.go", "b.go", "c.go", "d.go"} {
		write(t, filepath.Join(dir, n), "\ufeffpackage p\n", 0o644)
	}
	plan := func(n string) *Plan {
		return NewPlan([]Proposal{proposal("source/bom", check.EditFix(filepath.Join(dir, n), stripBOM))})
	}
	first := apply(t, plan("a.go"), state, nil)

	// b.go is saved before the write: refused, no run folder.
	res := apply(t, plan("b.go"), state, func() { write(t, filepath.Join(dir, "b.go"), "\ufeffpackage p // saved\n", 0o644) })
	if len(res.Refused) != 1 || res.BackupDir != "" {
		t.Errorf("b.go: %+v", res)
	}
	// c.go is saved in the instant of the write: refused, its run folder
	// is discarded.
	stepHook = func(name string) {
		if name == "exchange" {
			write(t, filepath.Join(dir, "c.go"), "\ufeffpackage p // saved\n", 0o644)
		}
	}
	res = apply(t, plan("c.go"), state, nil)
	stepHook = nil
	if len(res.Refused) != 1 || res.BackupDir != "" {
		t.Errorf("c.go: %+v", res)
	}
	// d.go: godx is killed before its first write.
	killChild(t, "TestUndo_PassesOverRunsThatChangedNothing", "one", dir, 1, "exchange")

	u, err := Undo(state, time.Now())
	if err != nil || u.BackupDir != first.BackupDir || len(u.Files) != 1 || u.Files[0].Action != "restored" {
		t.Fatalf("undo reached %s, not the first run %s: %+v %v", u.BackupDir, first.BackupDir, u, err)
	}
	for n, want := range map[string]string{"a.go": "\ufeffpackage p\n", "b.go": "\ufeffpackage p // saved\n", "c.go": "\ufeffpackage p // saved\n", "d.go": "\ufeffpackage p\n"} {
		if got := read(t, filepath.Join(dir, n)); got != want {
			t.Errorf("%s = %q, want %q", n, got, want)
		}
	}
	noTemps(t, dir)
	if _, err := Undo(state, time.Now()); err == nil || !strings.Contains(err.Error(), "already undone") {
		t.Errorf("second undo: %v", err)
	}
	if names := runs(t, state); len(names) != 2 {
		t.Errorf("backups folder holds %q, want the first run and the killed one", names)
	}
}

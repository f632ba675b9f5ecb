package fixer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
)

// tinyDisk mounts a tmpfs of size bytes for the test: a real full disk
// (ENOSPC). It needs root; the test is skipped otherwise.
func tinyDisk(t *testing.T, size int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		t.Skip("cannot mount a tmpfs:", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	return dir
}

// A state folder on a full disk: the backup fails with ENOSPC, nothing
// is changed, nothing is left half-made, and undo reaches the run before.
func TestApply_BackupOnAFullDisk(t *testing.T) {
	state := tinyDisk(t, 64<<10)
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.go"), filepath.Join(dir, "big.go")
	write(t, small, "\ufeffpackage main\n", 0o644)
	bigContent := "\ufeff" + strings.Repeat("// generated\n", (256<<10)/13)
	write(t, big, bigContent, 0o644)
	first := apply(t, NewPlan([]Proposal{proposal("source/bom", check.EditFix(small, stripBOM))}), state, nil)
	_, err := Apply(context.Background(), NewPlan([]Proposal{proposal("source/bom", check.EditFix(big, stripBOM))}), Options{StateDir: state, Command: "godx fix"})
	if err == nil || !strings.Contains(err.Error(), "backing up "+big) || !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("apply: %v", err)
	}
	if read(t, big) != bigContent {
		t.Error("big.go changed")
	}
	if names := runs(t, state); len(names) != 1 || filepath.Join(BackupsDir(state), names[0]) != first.BackupDir {
		t.Errorf("backups folder holds %q", names)
	}
	if u, err := Undo(state, time.Now()); err != nil || u.BackupDir != first.BackupDir || read(t, small) != "\ufeffpackage main\n" {
		t.Fatalf("undo: %+v %v", u, err)
	}
}

// A project on a full disk: a hard-linked file written in place that
// grows runs out of room midway; godx puts its original back (so the
// "unchanged" it says is true) and the link stays.
func TestApply_InPlaceWriteOnAFullDisk(t *testing.T) {
	dir, state := tinyDisk(t, 1<<20), t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	orig := "package a\n" + strings.Repeat("// line\n", (300<<10)/8)
	write(t, a, orig, 0o644)
	must(t, os.Link(a, b))
	res := apply(t, NewPlan([]Proposal{proposal("test/grow", check.EditFix(a, appendLine(strings.Repeat("x", 1<<20))))}), state, nil)
	if len(res.Failed) != 1 || !strings.Contains(res.Failed[0].Message(), "no space left on device") || !strings.Contains(res.Failed[0].Message(), "(the file is unchanged)") {
		t.Fatalf("result: %+v", res)
	}
	if read(t, b) != orig {
		t.Errorf("b.go is not the original (%d bytes)", len(read(t, b)))
	}
	fa, _ := os.Stat(a)
	fb, _ := os.Stat(b)
	if !os.SameFile(fa, fb) {
		t.Error("the hard link was split")
	}
	if _, err := Undo(state, time.Now()); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo: %v", err)
	}
}

package fixer

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
)

// The write path tested elsewhere relies on these: on this machine's
// temporary folder (where the tests' files are), exchange really swaps.
func TestExchange_SwapsAndRenameNoReplaceRefuses(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	write(t, a, "A", 0o644)
	write(t, b, "B", 0o644)
	if err := exchange(a, b); err != nil {
		t.Fatalf("exchange: %v", err)
	}
	if read(t, a) != "B" || read(t, b) != "A" {
		t.Errorf("not swapped: a=%q b=%q", read(t, a), read(t, b))
	}
	if err := renameNoReplace(a, b); !errors.Is(err, fs.ErrExist) {
		t.Errorf("renameNoReplace over a file: %v", err)
	}
	if err := renameNoReplace(a, filepath.Join(dir, "c")); err != nil || read(t, filepath.Join(dir, "c")) != "B" {
		t.Errorf("renameNoReplace: %v", err)
	}
	if err := exchange(a, b); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("exchange with a missing file: %v", err)
	}
}

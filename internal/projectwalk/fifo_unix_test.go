//go:build unix

package projectwalk

import (
	"context"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// A FIFO named like a wanted file is never returned (reading it would
// block).
func TestWalkPassesOverFIFOs(t *testing.T) {
	f, root := tree(t, "Dockerfile")
	if err := syscall.Mkfifo(filepath.Join(root, "Makefile"), 0o644); err != nil {
		t.Skip(err)
	}
	res := Walk(context.Background(), f, root, Options{MaxDepth: 1, MaxEntries: 10, MaxFiles: 10, Match: all})
	if got := rels(root, res.Files); !slices.Equal(got, []string{"Dockerfile"}) {
		t.Errorf("files %q", got)
	}
}

package projectwalk

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

func tree(t *testing.T, files ...string) (*facts.Facts, string) {
	t.Helper()
	root := t.TempDir()
	for _, name := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	return f, root
}

func rels(root string, files []string) []string {
	var out []string
	for _, p := range files {
		r, _ := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(r))
	}
	slices.Sort(out)
	return out
}

var all = func(string) bool { return true }

func TestWalkSkipsAndKeeps(t *testing.T) {
	f, root := tree(t,
		"a", "d1/b", "d1/d2/c", "d1/d2/d3/too-deep",
		".git/x", "vendor/x", "node_modules/x", "testdata/x", ".hidden/x",
		".github/workflows/ci.yml", ".github/other/workflows/no.yml")
	res := Walk(context.Background(), f, root, Options{
		MaxDepth: 2, MaxEntries: 1000, MaxFiles: 100,
		KeepHidden: []string{".github"},
		SkipDir:    func(rel string) bool { return rel == ".github/other" },
		Match:      all,
	})
	want := []string{".github/workflows/ci.yml", "a", "d1/b", "d1/d2/c"}
	if got := rels(root, res.Files); !slices.Equal(got, want) || res.Stopped != "" {
		t.Errorf("files %q (stopped %q), want %q", got, res.Stopped, want)
	}
}

func TestWalkCaps(t *testing.T) {
	var names []string
	for i := range 50 {
		names = append(names, "f"+strings.Repeat("x", i))
	}
	f, root := tree(t, names...)
	res := Walk(context.Background(), f, root, Options{MaxDepth: 1, MaxEntries: 1000, MaxFiles: 7, Match: all})
	if len(res.Files) != 7 || res.Stopped != StoppedAtCap {
		t.Errorf("%d files, stopped %q; want 7 and the cap", len(res.Files), res.Stopped)
	}
	res = Walk(context.Background(), f, root, Options{MaxDepth: 1, MaxEntries: 10, MaxFiles: 100, Match: func(rel string) bool { return false }})
	if res.Stopped != "" || res.Entries != 50 {
		// One directory is read whole; the cap is checked between directories.
		t.Errorf("entries %d, stopped %q", res.Entries, res.Stopped)
	}
}

func TestWalkStopsAtTheTimeLimit(t *testing.T) {
	f, root := tree(t, "a")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Walk(ctx, f, root, Options{MaxDepth: 1, MaxEntries: 10, MaxFiles: 10, Match: all})
	if res.Stopped != StoppedAtTimeLimit || len(res.Files) != 0 {
		t.Errorf("stopped %q with %d files", res.Stopped, len(res.Files))
	}
}

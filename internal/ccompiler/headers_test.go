//go:build unix

package ccompiler_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/ccompiler"
	"github.com/godx-dev/godx/internal/facts"
)

// TestFindHeaderRemembers runs a real (scripted) compiler that counts its
// runs: the second doctor run must not start it, and nothing it remembers
// may ever make headers look missing.
func TestFindHeaderRemembers(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	t.Setenv("CPATH", "")
	include := filepath.Join(dir, "include")
	if err := os.Mkdir(include, 0o755); err != nil {
		t.Fatal(err)
	}
	runs := filepath.Join(dir, "runs")
	cc := filepath.Join(dir, "cc")
	script := "#!/bin/sh\necho run >> '" + runs + "'\n" +
		"printf '#include <...> search starts here:\\n %s\\nEnd of search list.\\n' \"$(cat '" + filepath.Join(dir, "list") + "')\" >&2\n"
	if err := os.WriteFile(cc, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	setList := func(d string) {
		if err := os.WriteFile(filepath.Join(dir, "list"), []byte(d), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ranTimes := func() int {
		data, _ := os.ReadFile(runs)
		return strings.Count(string(data), "run")
	}
	find := func() (string, bool) {
		t.Helper()
		f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir, CommandTimeout: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		h, _, cached := ccompiler.FindHeader(context.Background(), f, cc, "stdlib.h")
		return h, cached
	}
	setList(include)

	// No headers: asked every time, never remembered as missing.
	for range 2 {
		if h, _ := find(); h != "" {
			t.Fatalf("found %s in an empty directory", h)
		}
	}
	if n := ranTimes(); n != 2 {
		t.Errorf("compiler ran %d times for two runs without headers; want 2", n)
	}
	// Headers installed: found; the next run does not start the compiler.
	stdlib := filepath.Join(include, "stdlib.h")
	if err := os.WriteFile(stdlib, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if h, cached := find(); h != stdlib || !cached {
		t.Errorf("after installing headers: %q cached=%v (the remembered list holds the directory)", h, cached)
	}
	if h, cached := find(); h != stdlib || !cached {
		t.Errorf("second run: %q cached=%v", h, cached)
	}
	if n := ranTimes(); n != 2 {
		t.Errorf("compiler ran %d times; want still 2", n)
	}
	// Headers removed: the remembered list finds nothing, so the compiler
	// is asked again and the answer is its own.
	os.Remove(stdlib)
	if h, cached := find(); h != "" || cached {
		t.Errorf("after removing headers: %q cached=%v", h, cached)
	}
	if n := ranTimes(); n != 3 {
		t.Errorf("compiler ran %d times; want 3", n)
	}
	// Another search list (a new compiler build, or CPATH): not the
	// remembered one.
	other := filepath.Join(dir, "other")
	os.Mkdir(other, 0o755)
	os.WriteFile(filepath.Join(other, "stdlib.h"), nil, 0o644)
	os.WriteFile(stdlib, nil, 0o644)
	setList(other)
	t.Setenv("CPATH", other)
	if h, cached := find(); h != filepath.Join(other, "stdlib.h") || cached {
		t.Errorf("with CPATH set: %q cached=%v; want the compiler's new answer", h, cached)
	}
	// A damaged cache file is only a slower run.
	cacheFile := filepath.Join(dir, "cache", "godx", "c-include-dirs.json")
	if err := os.WriteFile(cacheFile, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if h, cached := find(); h != filepath.Join(other, "stdlib.h") || cached {
		t.Errorf("damaged cache: %q cached=%v", h, cached)
	}
}

//go:build unix

package facts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// VS Code files that are FIFOs with no writer (user settings.json, a
// project's launch.json, a *.code-workspace file) are read without
// waiting: each comes back with ErrNotRegular, naming the file.
func TestVSCodeFilesThatAreFIFOs(t *testing.T) {
	home := t.TempDir()
	proj := filepath.Join(home, "proj")
	user := filepath.Join(home, ".config", "Code", "User", "settings.json")
	launch := filepath.Join(proj, ".vscode", "launch.json")
	workspace := filepath.Join(proj, "proj.code-workspace")
	for _, d := range []string{filepath.Dir(user), filepath.Dir(launch)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{user, launch, workspace} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("VSCODE_PORTABLE", "")
	t.Setenv("VSCODE_AGENT_FOLDER", "")
	f, err := New(context.Background(), System{}, Options{Dir: proj})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan [2][]*VSCodeFile, 1)
	go func() { done <- [2][]*VSCodeFile{f.VSCodeSettings(), f.VSCodeLaunch()} }()
	var got [2][]*VSCodeFile
	select {
	case got = <-done:
	case <-time.After(2 * time.Minute): // a bound, not a timing assumption: reading must return at all
		t.Fatal("reading VS Code files blocks on a FIFO")
	}
	want := [2][]string{{user, workspace}, {workspace, launch}}
	for i, files := range got {
		var paths []string
		for _, vf := range files {
			paths = append(paths, vf.Path)
			if !errors.Is(vf.Err, ErrNotRegular) {
				t.Errorf("%s: Err = %v, want ErrNotRegular", vf.Path, vf.Err)
			}
		}
		if len(paths) != len(want[i]) || len(paths) == 0 || paths[0] != want[i][0] || paths[len(paths)-1] != want[i][1] {
			t.Errorf("files read = %q, want %q", paths, want[i])
		}
	}
}

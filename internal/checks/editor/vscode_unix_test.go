//go:build unix

package editor

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

// Real machine: the user settings.json and the project's launch.json are
// FIFOs nobody writes to. The check finishes (it never opens them for
// reading) and reports each as a named pipe that was not read.
func TestVSCode_FIFOs(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	home := t.TempDir()
	proj := filepath.Join(home, "src", "m")
	user := filepath.Join(home, ".config", "Code", "User", "settings.json")
	launch := filepath.Join(proj, ".vscode", "launch.json")
	for _, d := range []string{filepath.Dir(user), filepath.Dir(launch)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{user, launch} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("VSCODE_PORTABLE", "")
	t.Setenv("VSCODE_AGENT_FOLDER", "")
	t.Setenv("GOENV", filepath.Join(home, "goenv"))
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "")
	t.Setenv("PATH", filepath.Dir(goCmd)+":/usr/bin:/bin")
	done := make(chan checktest.Result, 1)
	go func() { done <- checktest.Run(t, VSCode, facts.System{}, facts.Options{Dir: proj}) }()
	var r checktest.Result
	select {
	case r = <-done:
	case <-time.After(checktest.TestCommandTimeout): // a bound, not a timing assumption: the check must end at all
		t.Fatal("editor/vscode blocks on a FIFO")
	}
	if r.Err != nil || len(r.Findings) != 2 {
		t.Fatalf("err %v, findings %+v", r.Err, r.Findings)
	}
	for i, path := range []string{user, launch} {
		fd := r.Findings[i]
		want := path + " is a named pipe (FIFO), not a regular file: godx did not read it."
		if fd.Severity != check.Warning || !strings.HasSuffix(fd.Summary, want) || !strings.Contains(checktest.Text(fd), "Replace "+path+" with a regular file") {
			t.Errorf("finding %d: %v %q, want a warning ending %q", i, fd.Severity, fd.Summary, want)
		}
	}
}

//go:build unix

package fixer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/godx-dev/godx/internal/check"
)

// No data loss, ever: the crash tests run Apply and Undo in a child
// process (this test binary again, in helper mode) and kill it with
// SIGKILL before a chosen step (stepHook names every step that changes
// something on disk), or make its writes fail, then check every byte.

const (
	crashHelperEnv = "GODX_FIXER_CRASH_HELPER"
	crashHelperDir = "GODX_FIXER_CRASH_DIR"
	// crashKillAtEnv: the child kills itself before its Nth step (0 or
	// unset: it counts them and prints "steps=N" at the end);
	// crashKillStepEnv: only steps of that name count.
	crashKillAtEnv   = "GODX_FIXER_KILL_AT"
	crashKillStepEnv = "GODX_FIXER_KILL_STEP"
	crashHelperSize  = 1 << 20 // RLIMIT_FSIZE of the "write fails" children
)

// crashRun re-runs test name in a child process in helper mode.
func crashRun(t *testing.T, name, mode, dir string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), crashHelperEnv+"="+mode, crashHelperDir+"="+dir), env...)
	return cmd
}

// armKillHook makes this (child) process kill itself as the environment
// says; count is the number of steps seen.
func armKillHook() (count func() int) {
	at, _ := strconv.Atoi(os.Getenv(crashKillAtEnv))
	only := os.Getenv(crashKillStepEnv)
	n := 0
	stepHook = func(name string) {
		if only != "" && name != only {
			return
		}
		n++
		if n == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
	}
	return func() int { return n }
}

// killChild runs the child killed before step at (of name, if any) and
// fails unless SIGKILL ended it.
func killChild(t *testing.T, test, mode, dir string, at int, name string) {
	t.Helper()
	out, err := crashRun(t, test, mode, dir, fmt.Sprintf("%s=%d", crashKillAtEnv, at), crashKillStepEnv+"="+name).CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child (kill before step %s #%d) was not killed: %v\n%s", name, at, err, out)
	}
}

// countSteps runs the child to the end and returns how many steps (of
// name, if any) it took.
func countSteps(t *testing.T, test, mode, dir, name string) int {
	t.Helper()
	out, err := crashRun(t, test, mode, dir, crashKillStepEnv+"="+name).CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	i := bytes.LastIndex(out, []byte("steps="))
	n, _ := strconv.Atoi(strings.Fields(string(out[i+len("steps="):]))[0])
	if i < 0 || n == 0 {
		t.Fatalf("child counted no steps:\n%s", out)
	}
	return n
}

// noTemps fails when a temporary file of godx is left anywhere under
// root (the state folder aside).
func noTemps(t *testing.T, root string) {
	t.Helper()
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if d != nil && d.IsDir() && d.Name() == "state" {
			return filepath.SkipDir
		}
		if d != nil && strings.Contains(d.Name(), ".godx-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

// scene is one fix run that writes files in every way godx does: an
// exchange (a.go), an in-place write of a hard-linked file over several
// chunks (hard.go, also named hard-link.go), a write through a symlink
// (.bashrc), a dangling symlink whose target is created (.zshrc), a
// removal (godx.fish) and a file created in a new folder (godx.env).
type scene struct{ dir string }

var (
	sceneBig   = "\ufeff" + strings.Repeat("// a line of a big generated file\n", (inPlaceChunk*3/2)/34)
	sceneFiles = map[string]string{
		"a.go":                  "\ufeffpackage a\n",
		"hard.go":               sceneBig,
		"dotfiles/bashrc":       "# my bashrc\n",
		"home/conf.d/godx.fish": "set -gx PATH /x $PATH\n",
	}
	sceneFixed = map[string]string{
		"a.go":              "package a\n",
		"hard.go":           sceneBig[len("\ufeff"):],
		"dotfiles/bashrc":   "# my bashrc\nexport PATH=$PATH:/x\n",
		"dotfiles/zshrc":    "export PATH=$PATH:/x\n",
		"home/new/godx.env": "GOBIN=/x\n",
	}
)

func newScene(t *testing.T) scene {
	t.Helper()
	s := scene{t.TempDir()}
	for name, content := range sceneFiles {
		write(t, s.path(name), content, 0o644)
	}
	must(t, os.Link(s.path("hard.go"), s.path("hard-link.go")))
	must(t, os.Symlink("../dotfiles/bashrc", s.path("home/.bashrc")))
	must(t, os.Symlink(s.path("dotfiles/zshrc"), s.path("home/.zshrc")))
	return s
}

func (s scene) path(name string) string { return filepath.Join(s.dir, filepath.FromSlash(name)) }
func (s scene) state() string           { return s.path("state") }

func (s scene) plan() *Plan {
	p := NewPlan([]Proposal{
		proposal("source/bom", check.EditFix(s.path("a.go"), stripBOM)),
		proposal("source/bom", check.EditFix(s.path("hard.go"), stripBOM)),
		proposal("go/gobin-path", check.EditFix(s.path("home/.bashrc"), appendLine("export PATH=$PATH:/x"))),
		proposal("go/gobin-path", check.EditFix(s.path("home/.zshrc"), appendLine("export PATH=$PATH:/x"))),
		proposal("x/env", check.EditFix(s.path("home/new/godx.env"), appendLine("GOBIN=/x"))),
	})
	e, err := p.AddEdit(s.path("home/conf.d/godx.fish"), func([]byte) ([]byte, error) { return nil, nil }, proposal("shell-init", nil))
	if err != nil {
		panic(err)
	}
	e.Remove = true
	return p
}

// content is a file's bytes, or "<none>".
func (s scene) content(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(s.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return "<none>"
	}
	must(t, err)
	return string(b)
}

// assertLinks checks the links survived: .bashrc and .zshrc are still
// symlinks, hard.go and hard-link.go still one file.
func (s scene) assertLinks(t *testing.T) {
	t.Helper()
	for _, l := range []string{"home/.bashrc", "home/.zshrc"} {
		if fi, err := os.Lstat(s.path(l)); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symlink: %v %v", l, fi, err)
		}
	}
	a, err1 := os.Stat(s.path("hard.go"))
	b, err2 := os.Stat(s.path("hard-link.go"))
	if err1 != nil || err2 != nil || !os.SameFile(a, b) {
		t.Errorf("hard.go and hard-link.go are no longer one file: %v %v", err1, err2)
	}
}

// assertOriginal checks every file is byte for byte what it was.
func (s scene) assertOriginal(t *testing.T) {
	t.Helper()
	for name, want := range sceneFiles {
		if got := s.content(t, name); got != want {
			t.Errorf("%s = %.60q (%d bytes), want the original (%d bytes)", name, got, len(got), len(want))
		}
	}
	for _, name := range []string{"dotfiles/zshrc", "home/new/godx.env"} {
		if got := s.content(t, name); got != "<none>" {
			t.Errorf("%s = %q, want no file (godx created it)", name, got)
		}
	}
	s.assertLinks(t)
}

// assertFixed checks every file is what the fix makes of it.
func (s scene) assertFixed(t *testing.T) {
	t.Helper()
	for name, want := range sceneFixed {
		if got := s.content(t, name); got != want {
			t.Errorf("%s = %.60q, want the fixed file", name, got)
		}
	}
	if got := s.content(t, "home/conf.d/godx.fish"); got != "<none>" {
		t.Errorf("godx.fish = %q, want it removed", got)
	}
	s.assertLinks(t)
}

// assertOldOrNew checks that every file is its original or its fixed
// version (the in-place one may also be cut short: godx's journal
// recognises that).
func (s scene) assertOldOrNew(t *testing.T) {
	t.Helper()
	for _, name := range []string{"a.go", "hard.go", "dotfiles/bashrc", "dotfiles/zshrc", "home/conf.d/godx.fish", "home/new/godx.env"} {
		old, ok := sceneFiles[name]
		if !ok {
			old = "<none>"
		}
		fixed, ok := sceneFixed[name]
		if !ok {
			fixed = "<none>"
		}
		got := s.content(t, name)
		if got != old && got != fixed && !(name == "hard.go" && torn([]byte(got), []byte(old), []byte(fixed))) {
			t.Errorf("%s is neither its original nor its fixed version: %.60q", name, got)
		}
	}
	s.assertLinks(t)
}

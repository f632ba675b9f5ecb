//go:build unix

package prestart

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/godx-dev/godx/internal/proctest"
)

// fakeGo writes an executable script named go into a new directory.
func fakeGo(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "go")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// assertGone fails unless every one of ps is gone.
func assertGone(t *testing.T, ps []int) {
	t.Helper()
	for _, p := range ps {
		proctest.AssertGone(t, "a process the early go env started", p)
	}
}

func put(t *testing.T, e *Early) {
	t.Helper()
	if e == nil {
		t.Fatal("start failed")
	}
	slot.Lock()
	slot.early = e
	slot.Unlock()
	t.Cleanup(Discard)
}

// The exact command takes the early process, with its output.
func TestTakeExact(t *testing.T) {
	goCmd := fakeGo(t, `echo "{\"GOTOOLCHAIN\": \"$GOTOOLCHAIN\", \"args\": \"$*\"}"; echo note >&2`)
	dir := t.TempDir()
	env := []string{"PATH=/usr/bin:/bin", "GOTOOLCHAIN=auto"}
	put(t, start(goCmd, []string{"env", "-json"}, dir, DedupEnv(append(env, "GOTOOLCHAIN=local"))))

	e := Take(goCmd, []string{"env", "-json"}, dir, append(env, "GOTOOLCHAIN=local"))
	if e == nil {
		t.Fatal("the exact command did not take the early process")
	}
	out, _ := io.ReadAll(e.Stdout)
	errOut, _ := io.ReadAll(e.Stderr)
	e.Stdout.Close()
	e.Stderr.Close()
	if st, err := e.Process.Wait(); err != nil || !st.Success() {
		t.Fatalf("wait: %v %v", st, err)
	}
	if string(out) != "{\"GOTOOLCHAIN\": \"local\", \"args\": \"env -json\"}\n" || string(errOut) != "note\n" {
		t.Errorf("stdout %q, stderr %q", out, errOut)
	}
	if Take(goCmd, []string{"env", "-json"}, dir, append(env, "GOTOOLCHAIN=local")) != nil {
		t.Error("an early process was taken twice")
	}
}

// The same command in another directory or environment stops the early
// process and everything it started.
func TestTakeMismatchStops(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(dir string, env []string) (string, []string)
	}{
		{"environment", func(d string, e []string) (string, []string) { return d, append(e, "GOFLAGS=-mod=mod") }},
		{"directory", func(d string, e []string) (string, []string) { return filepath.Dir(d), e }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			work := t.TempDir()
			goCmd := fakeGo(t, `sleep 1000 & echo $! >> "$PIDS"; echo $$ >> "$PIDS"; wait`)
			env := []string{"PATH=/usr/bin:/bin", "PIDS=" + filepath.Join(work, "pids"), "GOTOOLCHAIN=local"}
			args := []string{"env", "-json"}
			put(t, start(goCmd, args, work, env))
			ps := proctest.PIDs(t, filepath.Join(work, "pids"), 2)
			d, e := tc.change(work, env)
			if Take(goCmd, args, d, e) != nil {
				t.Fatal("a different command took the early process")
			}
			assertGone(t, ps)
			if Take(goCmd, args, work, env) != nil {
				t.Error("a stopped process was taken")
			}
		})
	}
}

// Another program (or other arguments) leaves the early process for the
// request that is its own.
func TestTakeOtherCommandKeeps(t *testing.T) {
	goCmd := fakeGo(t, `echo '{}'`)
	dir := t.TempDir()
	env := []string{"PATH=/usr/bin:/bin", "GOTOOLCHAIN=local"}
	args := []string{"env", "-json"}
	put(t, start(goCmd, args, dir, env))
	if Take("/usr/bin/git", []string{"config", "--list"}, dir, env) != nil || Take(goCmd, []string{"version"}, dir, env) != nil {
		t.Fatal("another command took the early process")
	}
	e := Take(goCmd, args, dir, env)
	if e == nil {
		t.Fatal("the early process was not kept for its own command")
	}
	out, _ := io.ReadAll(e.Stdout)
	e.Process.Wait()
	e.Stdout.Close()
	e.Stderr.Close()
	if string(out) != "{}\n" {
		t.Errorf("stdout %q", out)
	}
}

// A run that never asks stops the early process when it ends.
func TestDiscardStopsGroup(t *testing.T) {
	work := t.TempDir()
	goCmd := fakeGo(t, `sleep 1000 & echo $! >> "$PIDS"; echo $$ >> "$PIDS"; wait`)
	env := []string{"PATH=/usr/bin:/bin", "PIDS=" + filepath.Join(work, "pids")}
	put(t, start(goCmd, []string{"env", "-json"}, work, env))
	ps := proctest.PIDs(t, filepath.Join(work, "pids"), 2)
	Discard()
	assertGone(t, ps)
	Discard() // nothing left: a no-op
	if Take(goCmd, []string{"env", "-json"}, work, env) != nil {
		t.Error("a discarded process was taken")
	}
}

func TestLookGo(t *testing.T) {
	goCmd := fakeGo(t, "")
	dir := filepath.Dir(goCmd)
	empty := t.TempDir()
	for _, tc := range []struct {
		path string
		want string
		ok   bool
	}{
		{empty + ":" + dir, goCmd, true},
		{"relative:" + dir, goCmd, true}, // relative entries are skipped
		{":" + dir, goCmd, true},
		{empty, "", false},
		{"", "", false},
		{dir + "/:" + dir, "", false}, // not clean: left to the doctor
	} {
		got, ok := lookGo(tc.path)
		if got != tc.want || ok != tc.ok {
			t.Errorf("lookGo(%q) = %q, %v; want %q, %v", tc.path, got, ok, tc.want, tc.ok)
		}
	}
}

func TestIsClean(t *testing.T) {
	for p, want := range map[string]bool{
		"/": true, "/a": true, "/a/b": true, "/a/": false, "/a//b": false, "/a/./b": false,
		"/a/..": false, "a": false, "": false, "/..a/b.": true,
	} {
		if got := isClean(p); got != want || (want && filepath.Clean(p) != p) {
			t.Errorf("isClean(%q) = %v, want %v", p, got, want)
		}
	}
}

// DedupEnv must give the environment os/exec gives the program on Unix
// (on Windows, where nothing starts early, os/exec also adds SYSTEMROOT).
func TestDedupEnvIsExecs(t *testing.T) {
	for _, env := range [][]string{
		{"A=1", "B=2"},
		{"GOTOOLCHAIN=auto", "PATH=/bin", "GOTOOLCHAIN=local"},
		{"A=1", "A=2", "A=3", "B=", "=C:=C:\\x"},
		{"A=1", "noequals", "", "A=4"},
		{},
	} {
		cmd := exec.Command("true")
		cmd.Env = env
		if got, want := DedupEnv(env), cmd.Environ(); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("DedupEnv(%q) = %q, os/exec uses %q", env, got, want)
		}
	}
}

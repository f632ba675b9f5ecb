//go:build unix

package fixer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
)

// A user's save that lands while godx writes the same file is never
// lost. The saves are made by a real process (sh), the way editors save:
// in place (truncate and write) or by renaming a new file over the old
// one; a step hook makes them land at the worst moment, deterministically.

func save(t *testing.T, how, path, content string) {
	t.Helper()
	script := map[string]string{
		"in place": `printf '%s' "$2" > "$1"`,
		"rename":   `printf '%s' "$2" > "$1.swp" && mv "$1.swp" "$1"`,
	}[how]
	if out, err := exec.Command("sh", "-c", script, "sh", path, content).CombinedOutput(); err != nil {
		t.Fatalf("save: %v\n%s", err, out)
	}
}

// onStep runs f before the nth step called name, for the test's length.
func onStep(t *testing.T, name string, n int, f func()) {
	seen := 0
	prev := stepHook
	stepHook = func(s string) {
		if prev != nil {
			prev(s)
		}
		if s == name {
			if seen++; seen == n {
				f()
			}
		}
	}
	t.Cleanup(func() { stepHook = nil })
}

// withoutExchange runs the test as on a system without an atomic
// exchange (Windows, BSDs, some network file systems).
func withoutExchange(t *testing.T) {
	swap = func(a, b string) error { return errNoExchange }
	t.Cleanup(func() { swap = exchange })
}

func TestApply_SaveInTheInstantOfTheWriteIsNeverLost(t *testing.T) {
	for _, how := range []string{"in place", "rename"} {
		for _, atomic := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/exchange=%v", how, atomic), func(t *testing.T) {
				if !atomic {
					withoutExchange(t)
				}
				dir, state := t.TempDir(), t.TempDir()
				f, g := filepath.Join(dir, "f.go"), filepath.Join(dir, "g.go")
				write(t, f, "\ufeffpackage f\n", 0o644)
				write(t, g, "\ufeffpackage g\n", 0o644)
				p := NewPlan([]Proposal{proposal("source/bom", check.EditFix(f, stripBOM)), proposal("source/bom", check.EditFix(g, stripBOM))})
				// The moment godx's own look is over: its new content is
				// written, and it is about to put it in place.
				onStep(t, "exchange", 1, func() { save(t, how, f, "package f // the user's save\n") })
				res := apply(t, p, state, nil)
				var ce *ChangedError
				if len(res.Refused) != 1 || res.Refused[0].Edit.Path != f || !errors.As(res.Refused[0].Err, &ce) {
					t.Fatalf("want f.go refused: %+v", res)
				}
				if got := read(t, f); got != "package f // the user's save\n" {
					t.Errorf("f.go = %q: the user's save is lost", got)
				}
				if len(res.Applied) != 1 || read(t, g) != "package g\n" {
					t.Errorf("g.go not fixed: %+v", res)
				}
				noTemps(t, dir)
				// Undo restores g.go and leaves the user's f.go alone.
				if u, err := Undo(state, time.Now()); err != nil || len(u.Files) != 1 || u.Files[0].Path != g {
					t.Errorf("undo: %+v %v", u, err)
				}
				if got := read(t, f); got != "package f // the user's save\n" {
					t.Errorf("f.go after undo = %q", got)
				}
			})
		}
	}
}

// Two saves while godx swaps the file in and out: both versions are
// kept, the later one in place.
func TestApply_TwoSavesDuringOneWriteAreBothKept(t *testing.T) {
	dir, state := t.TempDir(), t.TempDir()
	f := filepath.Join(dir, "f.go")
	write(t, f, "\ufeffpackage f\n", 0o644)
	onStep(t, "exchange", 1, func() { save(t, "in place", f, "first save\n") })
	onStep(t, "swap-back", 1, func() { save(t, "rename", f, "second save\n") })
	res := apply(t, NewPlan([]Proposal{proposal("source/bom", check.EditFix(f, stripBOM))}), state, nil)
	var ke *KeptError
	if len(res.Refused) != 1 || !errors.As(res.Refused[0].Err, &ke) {
		t.Fatalf("want a KeptError: %+v", res)
	}
	if got := read(t, f); got != "second save\n" {
		t.Errorf("f.go = %q, want the later save", got)
	}
	if got := read(t, ke.Kept); got != "first save\n" {
		t.Errorf("kept %s = %q, want the earlier save", ke.Kept, got)
	}
	if !strings.Contains(ke.Error(), ke.Kept) {
		t.Errorf("the message does not say where: %v", ke)
	}
}

// A save while godx removes a file (shell-init --uninstall of fish's
// godx.fish) or creates one: the user's file stays.
func TestApply_SaveDuringRemoveOrCreateIsNeverLost(t *testing.T) {
	for _, atomic := range []bool{true, false} {
		t.Run(fmt.Sprintf("exchange=%v", atomic), func(t *testing.T) {
			if !atomic {
				withoutExchange(t)
			}
			dir, state := t.TempDir(), t.TempDir()
			fish, created := filepath.Join(dir, "godx.fish"), filepath.Join(dir, "new.fish")
			write(t, fish, "set -gx PATH /x $PATH\n", 0o644)
			p := NewPlan([]Proposal{proposal("x/create", check.EditFix(created, appendLine("x")))})
			e, err := p.AddEdit(fish, func([]byte) ([]byte, error) { return nil, nil }, proposal("shell-init", nil))
			if err != nil {
				t.Fatal(err)
			}
			e.Remove = true
			onStep(t, "rename", 1, func() { save(t, "in place", created, "mine\n") })
			onStep(t, "rename", 2, func() { save(t, "in place", fish, "set -gx EDITOR vi\n") })
			res := apply(t, p, state, nil)
			if len(res.Refused) != 2 || len(res.Applied) != 0 {
				t.Fatalf("want both refused: %+v", res)
			}
			if got := read(t, created); got != "mine\n" {
				t.Errorf("new.fish = %q", got)
			}
			if got := read(t, fish); got != "set -gx EDITOR vi\n" {
				t.Errorf("godx.fish = %q", got)
			}
			noTemps(t, dir)
		})
	}
}

// A real concurrent writer: a goroutine that saves the file as soon as
// godx's temporary file appears (or once godx is done). Whatever the
// interleaving, the user's save is what the file holds at the end.
func TestApply_ConcurrentSaverNeverLosesItsBytes(t *testing.T) {
	outcomes := map[string]int{}
	for i := range 20 {
		dir, state := t.TempDir(), t.TempDir()
		f := filepath.Join(dir, "f.go")
		write(t, f, "\ufeffpackage f\n", 0o644)
		mine := fmt.Sprintf("package f // save %d\n", i)
		done, saved := make(chan struct{}), make(chan error)
		go func() {
			for !godxTempExists(dir) {
				select {
				case <-done:
				default:
					continue
				}
				break
			}
			if i%2 == 0 {
				saved <- os.WriteFile(f, []byte(mine), 0o644)
				return
			}
			if err := os.WriteFile(f+".swp", []byte(mine), 0o644); err != nil {
				saved <- err
				return
			}
			saved <- os.Rename(f+".swp", f)
		}()
		res := apply(t, NewPlan([]Proposal{proposal("source/bom", check.EditFix(f, stripBOM))}), state, nil)
		close(done)
		if err := <-saved; err != nil {
			t.Fatal(err)
		}
		if got := read(t, f); got != mine {
			t.Fatalf("try %d: f.go = %q: the save is lost (%+v)", i, got, res)
		}
		outcomes[fmt.Sprintf("applied=%d refused=%d", len(res.Applied), len(res.Refused))]++
		noTemps(t, dir)
	}
	t.Logf("outcomes: %v", outcomes)
}

func godxTempExists(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".godx-") {
			return true
		}
	}
	return false
}

// godx killed after it swapped a user's save out (and before it could
// swap it back): the next run puts the save back.
func TestCrash_KilledWhileSwappingBackASave(t *testing.T) {
	dir := os.Getenv(crashHelperDir)
	if os.Getenv(crashHelperEnv) == "conflict" {
		f := filepath.Join(dir, "f.go")
		stepHook = func(name string) {
			switch name {
			case "exchange":
				os.WriteFile(f, []byte("package f // saved\n"), 0o644)
			case "swap-back":
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
				select {}
			}
		}
		Apply(context.Background(), NewPlan([]Proposal{proposal("source/bom", check.EditFix(f, stripBOM))}), Options{StateDir: filepath.Join(dir, "state"), Command: "godx fix"})
		os.Exit(0)
	}
	dir = t.TempDir()
	f := filepath.Join(dir, "f.go")
	write(t, f, "\ufeffpackage f\n", 0o644)
	killChild(t, "TestCrash_KilledWhileSwappingBackASave", "conflict", dir, 0, "")
	if got := read(t, f); got != "package f\n" {
		t.Fatalf("the kill came too early or late: f.go = %q", got)
	}
	u, err := Undo(filepath.Join(dir, "state"), time.Now())
	if !errors.Is(err, ErrNothingToUndo) || !strings.Contains(strings.Join(u.Recovered, "\n"), "put back your version of "+f) {
		t.Errorf("undo: %+v %v", u, err)
	}
	if got := read(t, f); got != "package f // saved\n" {
		t.Errorf("f.go = %q: the save is lost", got)
	}
	noTemps(t, dir)
}

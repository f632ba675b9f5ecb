package dirstate_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/godx-dev/godx/internal/dirstate"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func newFacts(t *testing.T, sys facts.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), sys, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// forbidden is a machine on which looking at one path is not allowed.
type forbidden struct {
	*factstest.Machine
	path string
}

func (o forbidden) Stat(name string) (fs.FileInfo, error) {
	if name == o.path {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrPermission}
	}
	return o.Machine.Stat(name)
}

func TestInspect(t *testing.T) {
	m := factstest.NewMachine(t).Linux().
		Dir("/home/u/.cache/go-build", "/srv").
		File("/home/u/blocker", "").
		NotWritable("/srv", syscall.EACCES)
	f := newFacts(t, m)
	for name, tc := range map[string]struct {
		dir  string
		want dirstate.State
	}{
		"exists, writable": {"/home/u/.cache/go-build",
			dirstate.State{Dir: "/home/u/.cache/go-build", Exists: true, At: "/home/u/.cache/go-build"}},
		"created under an existing parent": {"/home/u/go/pkg/mod",
			dirstate.State{Dir: "/home/u/go/pkg/mod", At: "/home/u", Child: "/home/u/go"}},
		"a file in the way": {"/home/u/blocker/go-build",
			dirstate.State{Dir: "/home/u/blocker/go-build", At: "/home/u/blocker", Child: "/home/u/blocker/go-build", NotDir: "/home/u/blocker"}},
		"the directory is a file": {"/home/u/blocker",
			dirstate.State{Dir: "/home/u/blocker", At: "/home/u/blocker", NotDir: "/home/u/blocker"}},
	} {
		if got := dirstate.Inspect(f, tc.dir); got != tc.want {
			t.Errorf("%s: Inspect(%s) =\n %+v, want\n %+v", name, tc.dir, got, tc.want)
		}
	}

	s := dirstate.Inspect(f, "/srv/gomod")
	if s.Exists || s.At != "/srv" || s.Child != "/srv/gomod" || !errors.Is(s.WriteErr, syscall.EACCES) {
		t.Errorf("not writable parent: %+v", s)
	}
	s = dirstate.Inspect(f, "/srv")
	if !s.Exists || s.At != "/srv" || !errors.Is(s.WriteErr, syscall.EACCES) {
		t.Errorf("not writable directory: %+v", s)
	}
}

func TestInspect_CannotTellOrLook(t *testing.T) {
	// Without a way to ask (Windows ACLs), writability is unknown.
	m := factstest.NewMachine(t).Windows().Dir(`C:\Users\u\AppData\Local`)
	f := newFacts(t, m)
	s := dirstate.Inspect(f, `C:\Users\u\AppData\Local\go-build`)
	if s.Exists || s.At != `C:\Users\u\AppData\Local` || !errors.Is(s.WriteErr, facts.ErrWriteUnknown) {
		t.Errorf("unknown writability: %+v", s)
	}
	// Nothing on the way exists: a drive that is not there.
	s = dirstate.Inspect(f, `D:\cache\go-build`)
	if s.Exists || s.At != `D:\` || !facts.IsNotExist(s.StatErr) || s.WriteErr != nil {
		t.Errorf("missing drive: %+v", s)
	}

	// A parent that cannot be looked at stops the walk there.
	lm := factstest.NewMachine(t).Linux().Dir("/srv/private")
	s = dirstate.Inspect(newFacts(t, forbidden{lm, "/srv/private/cache"}), "/srv/private/cache/go-build")
	if s.At != "/srv/private/cache" || !errors.Is(s.StatErr, fs.ErrPermission) || s.NotDir != "" {
		t.Errorf("forbidden parent: %+v", s)
	}
}

// TestInspect_RealDirectories asks the real OS (access(2) on Unix).
func TestInspect_RealDirectories(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("writability is not judged on Windows")
	}
	tmp := t.TempDir()
	f := newFacts(t, facts.System{})
	s := dirstate.Inspect(f, filepath.Join(tmp, "a", "b"))
	if s.Exists || s.At != tmp || s.Child != filepath.Join(tmp, "a") || s.WriteErr != nil || s.StatErr != nil {
		t.Errorf("missing under a writable directory: %+v", s)
	}
	if os.Geteuid() == 0 {
		return // root may write anywhere
	}
	locked := filepath.Join(tmp, "locked")
	if err := os.Mkdir(locked, 0o555); err != nil {
		t.Fatal(err)
	}
	s = dirstate.Inspect(f, filepath.Join(locked, "go-build"))
	if s.At != locked || !errors.Is(s.WriteErr, fs.ErrPermission) {
		t.Errorf("missing under a read-only directory: %+v", s)
	}
}

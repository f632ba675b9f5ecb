package factstest_test

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"

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

func isDir(sys facts.OS, name string) bool {
	st, err := sys.Stat(name)
	return err == nil && st.IsDir()
}

func TestMachinePresets(t *testing.T) {
	for _, tc := range []struct {
		name             string
		m                *factstest.Machine
		goos, goarch, wd string
		homeVar, home    string
		alsoSet, sep     string
	}{
		{"linux", factstest.NewMachine(t).Linux(), "linux", "amd64", "/work", "HOME", "/home/u", "", ":"},
		{"darwin", factstest.NewMachine(t).Darwin(), "darwin", "arm64", "/work", "HOME", "/Users/u", "", ":"},
		{"windows", factstest.NewMachine(t).Windows(), "windows", "amd64", `C:\work`, "USERPROFILE", `C:\Users\u`, `AppData=C:\Users\u\AppData\Roaming`, ";"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m.Path("/a", "/b")
			f := newFacts(t, m)
			if f.GOOS() != tc.goos || m.GOARCH() != tc.goarch {
				t.Errorf("GOOS/GOARCH = %s/%s, want %s/%s", f.GOOS(), m.GOARCH(), tc.goos, tc.goarch)
			}
			if wd, _ := m.Getwd(); wd != tc.wd || !isDir(m, wd) {
				t.Errorf("working directory %q (exists: %v), want %q", wd, isDir(m, wd), tc.wd)
			}
			if got := f.Getenv(tc.homeVar); got != tc.home || !isDir(m, got) {
				t.Errorf("%s = %q (exists: %v), want %q", tc.homeVar, got, isDir(m, got), tc.home)
			}
			if tc.alsoSet != "" {
				k, v, _ := strings.Cut(tc.alsoSet, "=")
				if got := f.Getenv(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if got := f.Getenv("PATH"); got != "/a"+tc.sep+"/b" {
				t.Errorf("PATH = %q", got)
			}
		})
	}
}

func TestMachineHomeReplacesThePreviousOne(t *testing.T) {
	m := factstest.NewMachine(t).Linux().Home("/home/me")
	if isDir(m, "/home/u") || !isDir(m, "/home/me") {
		t.Errorf("after Home(/home/me): /home/u exists %v, /home/me exists %v", isDir(m, "/home/u"), isDir(m, "/home/me"))
	}
	w := factstest.NewMachine(t).Windows().Home(`C:\Users\me`)
	if got := newFacts(t, w).Getenv("LocalAppData"); got != `C:\Users\me\AppData\Local` {
		t.Errorf("LocalAppData = %q, want it below the new home", got)
	}
}

func TestMachineEnvironment(t *testing.T) {
	m := factstest.NewMachine(t).Linux().Export("GOFLAGS=-v", "EMPTY=", "A=b=c")
	m.Export("GOFLAGS=-mod=mod") // replaces
	m.Unset("HOME")
	env := strings.Join(m.Environ(), " ")
	if env != "EMPTY= A=b=c GOFLAGS=-mod=mod" {
		t.Errorf("environment = %q", env)
	}

	// Windows names are case-insensitive: Path replaces PATH.
	w := factstest.NewMachine(t).Windows().Path(`C:\Go\bin`).Export(`Path=C:\other`)
	var paths []string
	for _, kv := range w.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.EqualFold(k, "PATH") {
			paths = append(paths, kv)
		}
	}
	if len(paths) != 1 || paths[0] != `Path=C:\other` {
		t.Errorf("PATH entries = %q", paths)
	}
}

func TestMachineGoAndCommands(t *testing.T) {
	m := factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8", "GOFLAGS=-mod=mod", "GOMOD=").
		Command("/usr/bin/cc", factstest.Failure(1, "cc: no input files\n"))
	ge, err := newFacts(t, m).GoEnv()
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"GOVERSION": "go1.26.8", "GOROOT": "/usr/local/go", "GOFLAGS": "-mod=mod", "GOMOD": "", "GOPATH": "/home/u/go"} {
		if got := ge.Vars[k]; got != want {
			t.Errorf("go env %s = %q, want %q", k, got, want)
		}
	}
	r := m.Run(context.Background(), facts.Command{Path: "/usr/bin/cc"})
	if r.ExitCode != 1 || string(r.Stderr) != "cc: no input files\n" {
		t.Errorf("cc answered %+v", r)
	}
}

func TestMachineFiles(t *testing.T) {
	m := factstest.NewMachine(t).Linux().
		File("/work/go.mod", "module m\n").
		Executable("/work/run.sh", "#!/bin/sh\n").
		Dir("/work/empty", "/work/also").
		Link("/usr/bin/go", "/usr/local/go/bin/go")
	if st, err := m.Stat("/work/go.mod"); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("go.mod: %v %v", st, err)
	}
	if st, err := m.Stat("/work/run.sh"); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("run.sh: %v %v", st, err)
	}
	if !isDir(m, "/work/empty") || !isDir(m, "/work/also") {
		t.Error("directories missing")
	}
	if got, err := m.EvalSymlinks("/usr/bin/go"); err != nil || got != "/usr/local/go/bin/go" {
		t.Errorf("EvalSymlinks = %q, %v", got, err)
	}

	m.Unreadable("/work/go.mod")
	if _, err := m.ReadFile("/work/go.mod", 1<<20); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("ReadFile of an unreadable file: %v", err)
	}
	if _, err := m.Open("/work/go.mod"); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Open of an unreadable file: %v", err)
	}
	if _, err := m.Stat("/work/go.mod"); err != nil {
		t.Errorf("Stat of an unreadable file: %v", err)
	}
}

func TestMachineWriteChecks(t *testing.T) {
	m := factstest.NewMachine(t).Linux()
	if err := newFacts(t, m).CheckWrite("/home/u"); !errors.Is(err, facts.ErrWriteUnknown) {
		t.Errorf("without Writable: %v", err)
	}
	m.Writable()
	if err := newFacts(t, m).CheckWrite("/home/u"); err != nil {
		t.Errorf("Writable: %v", err)
	}
	m.NotWritable("/srv", syscall.EROFS)
	err := newFacts(t, m).CheckWrite("/srv")
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != "/srv" || !errors.Is(err, syscall.EROFS) {
		t.Errorf("NotWritable: %v", err)
	}
}

// fatalRecorder is a testing.TB whose Fatalf is recorded instead of
// failing the test; like the real one it stops the goroutine.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}
func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = format
	panic(r)
}

func TestMachineRefusesMalformedSettings(t *testing.T) {
	for name, f := range map[string]func(*factstest.Machine){
		"Export":     func(m *factstest.Machine) { m.Export("GOFLAGS") },
		"Go":         func(m *factstest.Machine) { m.Go("/usr/local/go", "go1.26.8", "GOMOD") },
		"Unreadable": func(m *factstest.Machine) { m.Unreadable("/nonexistent") },
	} {
		rec := &fatalRecorder{TB: t}
		func() {
			defer func() {
				if p := recover(); p != nil && p != rec {
					panic(p)
				}
			}()
			f(factstest.NewMachine(rec).Linux())
		}()
		if rec.msg == "" {
			t.Errorf("%s accepted a malformed argument", name)
		}
	}
}

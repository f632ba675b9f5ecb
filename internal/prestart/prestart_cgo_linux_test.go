//go:build cgo

package prestart

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/proctest"
)

// childReport is what the test binary prints when it is run as a doctor
// (see TestMain): what its C start-up code started, and what the Go code
// would have started.
type childReport struct {
	FromC          bool
	Path, Dir      string
	Args, Env      []string
	GoPath, GoDir  string
	GoArgs, GoEnv  []string
	GoOK           bool
	Stdout, Stderr string
	Taken          bool
	// Pollable: the output pipes take deadlines (the Go runtime polls
	// them), so the runner's grace can end a read a lingering grandchild
	// would block.
	Pollable bool
}

// TestMain turns the test binary into a doctor run when the parent test
// asks: the C constructor has then run on its command line ("doctor ...")
// before anything else, as in a real godx.
func TestMain(m *testing.M) {
	if os.Getenv("GODX_PRESTART_CHILD") == "" {
		os.Exit(m.Run())
	}
	var r childReport
	slot.Lock()
	e := slot.early
	slot.Unlock()
	r.FromC = startedFromC()
	if e != nil {
		r.Path, r.Args, r.Dir, r.Env = e.Path, e.Args, e.Dir, e.Env
	}
	r.GoPath, r.GoArgs, r.GoDir, r.GoEnv, r.GoOK = goEnvCommand()
	if os.Getenv("GODX_PRESTART_CHILD") == "discard" {
		// A run that never asks: stopped, with what it started, once the
		// fake go has written both process ids.
		for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if data, _ := os.ReadFile(os.Getenv("PIDS")); strings.Count(string(data), "\n") >= 2 {
				break
			}
		}
	} else if t := Take(r.GoPath, r.GoArgs, r.GoDir, append(os.Environ(), "GOTOOLCHAIN=local")); t != nil {
		r.Taken = true
		r.Pollable = t.Stdout.SetReadDeadline(time.Time{}) == nil && t.Stderr.SetReadDeadline(time.Time{}) == nil
		out, _ := io.ReadAll(t.Stdout)
		errOut, _ := io.ReadAll(t.Stderr)
		_, _ = t.Process.Wait()
		r.Stdout, r.Stderr = string(out), string(errOut)
	}
	Discard()
	_ = json.NewEncoder(os.Stdout).Encode(r)
	os.Exit(0)
}

// runAsDoctor runs the test binary as `godx args...` in dir with env and
// returns its report.
func runAsDoctor(t *testing.T, dir string, env []string, args ...string) childReport {
	t.Helper()
	return runChild(t, "take", dir, env, args...)
}

func runChild(t *testing.T, mode, dir string, env []string, args ...string) childReport {
	t.Helper()
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	return runChildWithStdin(t, null, mode, dir, env, args...)
}

func runChildWithStdin(t *testing.T, stdin *os.File, mode, dir string, env []string, args ...string) childReport {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// os.StartProcess, not os/exec: the child must get env exactly as
	// written (os/exec would remove duplicates first).
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p, err := os.StartProcess(exe, append([]string{exe}, args...), &os.ProcAttr{
		Dir: dir, Env: append(env, "GODX_PRESTART_CHILD="+mode), Files: []*os.File{stdin, outW, os.Stderr},
	})
	outW.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(outR)
	outR.Close()
	if st, err := p.Wait(); err != nil || !st.Success() {
		t.Fatalf("%v: %v %v", args, st, err)
	}
	var r childReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return r
}

// A doctor run starts go env from C, before the Go runtime, exactly as the
// Go code would have (same program, arguments, directory and environment),
// and the doctor's request takes it with its output.
func TestCStartsTheGoCommand(t *testing.T) {
	goCmd := fakeGo(t, `echo "{\"GOTOOLCHAIN\": \"$GOTOOLCHAIN\", \"args\": \"$*\", \"ppid\": $PPID}"; echo note >&2`)
	work := t.TempDir()
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(work, link); err != nil {
		t.Fatal(err)
	}
	path := "relative:" + filepath.Dir(goCmd) + ":/usr/bin:/bin"
	for _, tc := range []struct {
		name string
		env  []string
		dir  string
		args []string
	}{
		{"plain", []string{"PATH=" + path, "HOME=" + work}, work, []string{"doctor", "--offline"}},
		{"no subcommand", []string{"PATH=" + path}, work, nil},
		{"duplicates and GOTOOLCHAIN", []string{"PATH=" + path, "A=1", "GOTOOLCHAIN=auto", "A=2", "PATH=/elsewhere", "GOTOOLCHAIN=go1.99"}, work, []string{"doctor", "--format", "json", "-v"}},
		{"PWD through a symbolic link", []string{"PATH=" + path, "PWD=" + link}, work, []string{"doctor", "--timeout=5s"}},
		{"PWD elsewhere", []string{"PATH=" + path, "PWD=/"}, work, []string{"doctor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runAsDoctor(t, tc.dir, tc.env, tc.args...)
			if !r.FromC || !r.GoOK {
				t.Fatalf("started from C: %v; the Go code would start: %v", r.FromC, r.GoOK)
			}
			if r.Path != r.GoPath || r.Dir != r.GoDir || !slices.Equal(r.Args, r.GoArgs) || !slices.Equal(r.Env, r.GoEnv) {
				t.Errorf("C started %q %q in %q with %q;\nGo would start %q %q in %q with %q", r.Path, r.Args, r.Dir, r.Env, r.GoPath, r.GoArgs, r.GoDir, r.GoEnv)
			}
			if !r.Taken {
				t.Fatal("the doctor's request did not take the early process")
			}
			if !r.Pollable {
				t.Error("the early process's output pipes are blocking: a read cannot be ended by closing them")
			}
			if !strings.HasPrefix(r.Stdout, `{"GOTOOLCHAIN": "local", "args": "env -json", "ppid": `) || r.Stderr != "note\n" {
				t.Errorf("stdout %q, stderr %q", r.Stdout, r.Stderr)
			}
		})
	}
}

// Started with stdin closed, a doctor run leaves the early start to the Go
// code (the runtime puts /dev/null on the closed descriptor first), which
// the doctor's request takes as usual.
func TestCLeavesClosedStdinToGo(t *testing.T) {
	goCmd := fakeGo(t, `echo '{"ok": true}'`)
	r := runChildWithStdin(t, nil, "take", t.TempDir(), []string{"PATH=" + filepath.Dir(goCmd) + ":/usr/bin:/bin"}, "doctor")
	if r.FromC || !r.Taken || r.Stdout != "{\"ok\": true}\n" {
		t.Errorf("started from C: %v, taken: %v, stdout %q", r.FromC, r.Taken, r.Stdout)
	}
}

// A run that never asks for go env stops what C started, and everything
// that started (its process group).
func TestCStartedDiscardStopsGroup(t *testing.T) {
	work := t.TempDir()
	goCmd := fakeGo(t, `sleep 1000 & echo $! >> "$PIDS"; echo $$ >> "$PIDS"; wait`)
	pids := filepath.Join(work, "pids")
	r := runChild(t, "discard", work, []string{"PATH=" + filepath.Dir(goCmd) + ":/usr/bin:/bin", "PIDS=" + pids}, "doctor")
	if !r.FromC {
		t.Fatal("nothing was started from C")
	}
	assertGone(t, proctest.PIDs(t, pids, 2))
}

// Anything but a plain doctor run starts nothing from C.
func TestCStartsNothingElse(t *testing.T) {
	goCmd := fakeGo(t, `echo '{}'`)
	env := []string{"PATH=" + filepath.Dir(goCmd)}
	for _, args := range [][]string{{"env"}, {"doctor", "--only", "go/"}, {"doctor", "--dir", "x"}, {"doctor", "--json=1"}, {"-test.v"}} {
		if r := runAsDoctor(t, t.TempDir(), env, args...); r.FromC || r.Taken {
			t.Errorf("%q: started from C: %v, taken: %v", args, r.FromC, r.Taken)
		}
	}
}

// The C mirrors agree with the Go code they mirror.

func TestCFlagsAreGoFlags(t *testing.T) {
	if got, want := cDoctorFlags(), DoctorFlags(); !maps.Equal(got, want) {
		t.Errorf("C flags %v, Go flags %v", got, want)
	}
}

func TestCIsPlainDoctorRunMirrorsGo(t *testing.T) {
	var cases [][]string
	for _, a := range []string{"doctor", "env", "--json", "--json=1", "--format", "--format=x", "x", "-o", "=", "=x", "", "-v", "--skip", "--only", "--", "-test.v"} {
		cases = append(cases, []string{a})
		for _, b := range []string{"doctor", "--json", "--format", "--skip=net/", "x", "-v=1", ""} {
			cases = append(cases, []string{a, b}, []string{"doctor", a, b})
		}
	}
	for _, args := range append(cases, nil) {
		if got, want := cIsPlainDoctorRun(args), IsPlainDoctorRun(args); got != want {
			t.Errorf("%q: C says %v, Go %v", args, got, want)
		}
	}
}

func TestCIsCleanMirrorsGo(t *testing.T) {
	for _, p := range []string{"/", "/a", "/a/b", "/a/", "/a//b", "/a/./b", "/a/..", "/..", "/.", "a", "", "/..a/b.", "//", "/a/...", "/./"} {
		if got, want := cIsClean(p), isClean(p); got != want {
			t.Errorf("%q: C says %v, Go %v", p, got, want)
		}
	}
}

func TestCLookGoMirrorsGo(t *testing.T) {
	exe := filepath.Dir(fakeGo(t, ""))
	notExe := t.TempDir()
	if err := os.WriteFile(filepath.Join(notExe, "go"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	isDir := t.TempDir()
	if err := os.Mkdir(filepath.Join(isDir, "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	linked := t.TempDir()
	if err := os.Symlink(filepath.Join(exe, "go"), filepath.Join(linked, "go")); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	long := "/" + strings.Repeat("x", 5000)
	for _, list := range []string{
		exe, empty + ":" + exe, notExe + ":" + isDir + ":" + linked, "relative:" + exe, ":" + exe, exe + ":",
		"", ":", empty, exe + "/:" + exe, empty + "/./x:" + exe, long + ":" + exe, "/", "/:" + exe,
	} {
		got, gotOK := cLookGo(list)
		want, wantOK := lookGo(list)
		if len(list) > 4000 && !gotOK {
			continue // longer than PATH_MAX: C declines, the Go code decides
		}
		if got != want || gotOK != wantOK {
			t.Errorf("%q: C finds %q %v, Go %q %v", list, got, gotOK, want, wantOK)
		}
	}
}

func TestCEnvMirrorsGo(t *testing.T) {
	// Each key once: a key given twice is the runtime's business (first
	// wins), which TestCStartsTheGoCommand checks with a real process.
	for _, env := range [][]string{
		{}, {"A=1"}, {"A=1", "B=2", "C=3"}, {"GOTOOLCHAIN=auto", "PATH=/bin"}, {"=x"}, {"GOTOOLCHAINX=1", "GOTOOLCHAI=2"},
		{"A=1", "AB=2", "B=x=y"}, {"noequals"}, {"A=1", ""},
	} {
		got, ok := cEnv(env)
		goOK := usableEnv(env)
		want := DedupEnv(append(slices.Clone(env), "GOTOOLCHAIN=local"))
		if ok != goOK || (ok && !slices.Equal(got, want)) {
			t.Errorf("%q: C gives %q %v, Go %q %v", env, got, ok, want, goOK)
		}
	}
}

func TestCGetwdMirrorsGo(t *testing.T) {
	work := t.TempDir()
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(work, link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	for _, pwd := range []string{link, work, "/", "relative", "", "/nonexistent"} {
		t.Run(fmt.Sprintf("PWD=%q", pwd), func(t *testing.T) {
			t.Setenv("PWD", pwd)
			got, ok := cGetwd()
			want, err := os.Getwd()
			if !ok || err != nil || got != want {
				t.Errorf("C %q %v, Go %q %v", got, ok, want, err)
			}
		})
	}
}

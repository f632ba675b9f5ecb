package probe

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

type recordRunner struct {
	got facts.Command
	res facts.Result
}

func (r *recordRunner) Run(_ context.Context, c facts.Command) facts.Result {
	r.got = c
	return r.res
}

// The probe isolates the go command from the network and workspaces, after
// the project's environment (so it wins) and before the probe's own
// additions (so a probe can set GOOS), and bounds what it keeps.
func TestGoRunEnvironment(t *testing.T) {
	rr := &recordRunner{}
	g := Go{Runner: rr, Path: "/go/bin/go", Dir: "/scratch", Env: []string{"GOPROXY=https://proxy.example", "HOME=/h"}}
	st := g.Run(context.Background(), "cross js/wasm", []string{"GOOS=js"}, "build", ".")
	want := "GOPROXY=https://proxy.example HOME=/h GOPROXY=off GOWORK=off GOTOOLCHAIN=local GOOS=js"
	if got := strings.Join(rr.got.Env, " "); got != want {
		t.Errorf("env = %s\nwant  %s", got, want)
	}
	if rr.got.Dir != "/scratch" || rr.got.MaxOutput != MaxOutput || rr.got.Path != "/go/bin/go" {
		t.Errorf("command = %+v", rr.got)
	}
	if strings.Join(st.Argv, " ") != "/go/bin/go build ." || strings.Join(st.Env, " ") != "GOPROXY=off GOWORK=off GOTOOLCHAIN=local GOOS=js" {
		t.Errorf("step = %+v", st)
	}
}

func TestStepFailure(t *testing.T) {
	ok := Step{Result: facts.Result{Stdout: []byte("fine")}}
	if !ok.OK() || ok.Failure() != "" {
		t.Errorf("ok step: %v %q", ok.OK(), ok.Failure())
	}
	notStarted := Step{Result: facts.Result{Err: errors.New(`exec: "cc": executable file not found in $PATH`), ExitCode: -1}}
	if notStarted.Failure() != `exec: "cc": executable file not found in $PATH` {
		t.Errorf("not started: %q", notStarted.Failure())
	}
	stdoutOnly := Step{Result: facts.Result{Err: errors.New("exit status 1"), Stdout: []byte("FAIL x\n")}}
	if stdoutOnly.Failure() != "FAIL x" {
		t.Errorf("stdout only: %q", stdoutOnly.Failure())
	}
	timedOut := Step{Result: facts.Result{Err: errors.New("go did not finish within its time limit"), TimedOut: true, Stderr: []byte("# runtime\n")}}
	if timedOut.Failure() != "# runtime\ngo did not finish within its time limit" {
		t.Errorf("timed out: %q", timedOut.Failure())
	}
	// A usage message between the error and the end is cut, the error kept.
	var b strings.Builder
	b.WriteString("# p\nflag provided but not defined: -bogus\n")
	for i := range 100 {
		fmt.Fprintf(&b, "  -flag%d\n", i)
	}
	long := Step{Result: facts.Result{Err: errors.New("exit status 1"), Stderr: []byte(b.String())}}
	f := long.Failure()
	if !strings.Contains(f, "flag provided but not defined: -bogus") || !strings.Contains(f, "-flag99") || strings.Contains(f, "-flag50\n") {
		t.Errorf("long output cut wrongly:\n%s", f)
	}
	if n := strings.Count(f, "\n") + 1; n != FailureLines+1 {
		t.Errorf("%d lines, want %d", n, FailureLines+1)
	}
}

type mapWriter map[string]string

func (w mapWriter) WriteFile(name string, data []byte) error { w[name] = string(data); return nil }
func (w mapWriter) MkdirAll(name string) error               { w[name+"/"] = ""; return nil }

func TestWriteModule(t *testing.T) {
	w := mapWriter{}
	join := func(e ...string) string { return strings.Join(e, "/") }
	if err := WriteModule(w, "/s", "go1.26.8 X:nodwarf5", join); err != nil {
		t.Fatal(err)
	}
	if w["/s/go.mod"] != "module godx.invalid/probe\n\ngo 1.26\n" {
		t.Errorf("go.mod = %q", w["/s/go.mod"])
	}
	for _, f := range []string{"/s/main.go", "/s/main_test.go", "/s/cgo/main.go"} {
		if _, ok := w[f]; !ok {
			t.Errorf("no %s", f)
		}
	}
	w = mapWriter{}
	_ = WriteModule(w, "/s", "weird", join)
	if strings.Contains(w["/s/go.mod"], "\ngo ") {
		t.Errorf("go line for an unknown version: %q", w["/s/go.mod"])
	}
}

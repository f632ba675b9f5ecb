package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/godx-dev/godx/internal/cli/root"
	"github.com/godx-dev/godx/internal/proctest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"godx": func() { os.Exit(root.Main()) },
	})
}

// TestScripts runs the end-to-end scenarios in testdata/script: each file is
// one user session in one (usually broken) environment. The environment is
// hermetic: HOME is a fresh folder under $WORK, and nothing from the
// developer's Go configuration (GOFLAGS, GOTOOLCHAIN, go env -w file) leaks
// in. The real go command on PATH is available to the scripts.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "..", "testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status":  cmdStatus,
			"gone":    cmdGone,
			"running": cmdRunning,
			"json":    cmdJSON,
			"lines":   cmdLines,
			"goproxy": cmdGoproxy,
		},
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			if err := os.MkdirAll(home, 0o755); err != nil {
				return err
			}
			env.Setenv("HOME", home)
			// $BIN holds the godx command, so scripts can build a PATH
			// without any go command: env PATH=$BIN
			env.Setenv("BIN", filepath.SplitList(env.Getenv("PATH"))[0])
			env.Setenv("USERPROFILE", home)
			// A busy machine must slow the scripts down, never fail them:
			// every time limit of a doctor run is stretched from its 10 s
			// budget. Scripts about time limits set GODX_TIMEOUT= (or
			// pass --timeout) to get the defaults back.
			env.Setenv("GODX_TIMEOUT", "10m")
			// Keep the real build cache: some scenarios build code, and a
			// cold cache per script would make the suite slow.
			if cache := realBuildCache(); cache != "" {
				env.Setenv("GOCACHE", cache)
			}
			return nil
		},
	})
}

// realBuildCache is the build cache of the go command on PATH (go env
// GOCACHE, which honours a GOCACHE set in the environment or with go env
// -w), asked once; without a go command, the default location.
var realBuildCache = sync.OnceValue(func() string {
	if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
		if cache := strings.TrimSpace(string(out)); filepath.IsAbs(cache) {
			return cache
		}
	}
	if cache, err := os.UserCacheDir(); err == nil {
		return filepath.Join(cache, "go-build")
	}
	return ""
})

// cmdStatus runs a command and asserts its exact exit status, which `exec`
// and `! exec` cannot tell apart (1 = problems found, 2 = usage error):
//
//	status 2 godx doctor --only nosuch
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: bad exit code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("status: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdGone asserts that no process whose id is listed (one a line) in the
// given files is still running; killed orphans get a generous minute to be
// reaped, so the check does not depend on the machine's speed:
//
//	gone $WORK/pids
func cmdGone(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: gone PIDFILE...")
	}
	for _, file := range args {
		for _, f := range strings.Fields(ts.ReadFile(file)) {
			pid, err := strconv.Atoi(f)
			if err != nil {
				ts.Fatalf("gone: %s: %v", file, err)
			}
			if !proctest.WaitGone(pid) {
				if p, err := os.FindProcess(pid); err == nil {
					_ = p.Kill()
				}
				ts.Fatalf("process %d (from %s) is still running", pid, file)
			}
		}
	}
}

// cmdRunning waits until a process runs the program PATH (Linux: its
// /proc/PID/exe), for up to a minute: a background exec returns once the
// process is forked, before it has become that program.
func cmdRunning(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: running PATH")
	}
	want := ts.MkAbs(args[0])
	for deadline := time.Now().Add(time.Minute); ; {
		ents, _ := os.ReadDir("/proc")
		for _, e := range ents {
			if exe, err := os.Readlink("/proc/" + e.Name() + "/exe"); err == nil && exe == want {
				return
			}
		}
		if time.Now().After(deadline) {
			ts.Fatalf("no process runs %s", want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// cmdJSON asserts that the last command's stdout is exactly one JSON
// document (what a script parsing it would need); with ! that it is not:
//
//	json stdout
func cmdJSON(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: json stdout|stderr|FILE")
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(ts.ReadFile(args[0]))))
	var v any
	err := dec.Decode(&v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		var rest any
		if dec.Decode(&rest) == nil {
			err = errors.New("trailing data after the JSON value")
		}
	}
	switch {
	case neg && err == nil:
		ts.Fatalf("%s is valid JSON", args[0])
	case !neg && err != nil:
		ts.Fatalf("%s is not one JSON document: %v", args[0], err)
	}
}

// cmdLines asserts that a file (stdout, stderr or a file) has exactly as
// many lines as a pattern file, each matching the pattern on the same
// line (a regular expression, anchored at both ends):
//
//	lines stdout want.github
func cmdLines(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: lines stdout|stderr|FILE PATTERNFILE")
	}
	split := func(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }
	got, want := split(ts.ReadFile(args[0])), split(ts.ReadFile(args[1]))
	for i, pat := range want {
		re, err := regexp.Compile("^(?:" + pat + ")$")
		if err != nil {
			ts.Fatalf("%s:%d: %v", args[1], i+1, err)
		}
		if i >= len(got) {
			ts.Fatalf("%s has %d lines; line %d should match %s", args[0], len(got), i+1, pat)
		}
		if !re.MatchString(got[i]) {
			ts.Fatalf("%s line %d:\n\t%s\ndoes not match\n\t%s", args[0], i+1, got[i], pat)
		}
	}
	if len(got) > len(want) {
		ts.Fatalf("%s has %d lines, want %d; the first extra one is\n\t%s", args[0], len(got), len(want), got[len(want)])
	}
}

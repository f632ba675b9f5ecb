package soak

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// replayArgv turns a printed POSIX replay back into argv (the tests'
// replays hold only single-quoted words and plain words).
func replayArgv(t *testing.T, line string) []string {
	t.Helper()
	var argv []string
	for line != "" {
		line = strings.TrimLeft(line, " ")
		if strings.HasPrefix(line, "'") {
			end := strings.Index(line[1:], "'")
			if end < 0 {
				t.Fatalf("unterminated quote in %q", line)
			}
			argv = append(argv, line[1:end+1])
			line = line[end+2:]
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		argv = append(argv, word)
		line = rest
	}
	return argv
}

// runReplay runs a replay command for real in dir and reports whether it
// failed, with its output.
func runReplay(t *testing.T, dir string, env []string, replay string) (bool, string) {
	t.Helper()
	argv := replayArgv(t, replay)
	if argv[0] != "go" {
		t.Fatalf("replay %q does not start with go", replay)
	}
	cmd := exec.Command("go", argv[1:]...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return err != nil, string(out)
}

// The victim fails when the polluter ran before it, and passes alone; the
// polluter comes after it in the source, so only a shuffled order (a
// fixed seed, found by running go test) makes it fail. The replay must
// carry the seed and a -run that includes the polluter, and fail 3 of 3
// times when run for real; the bisection names the polluter.
func TestReplayReproducesOrderDependentFailure(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"go.mod":   "module example.com/order\n\ngo 1.22\n",
		"order.go": "package order\n\nvar Polluted bool\n",
		"order_test.go": `package order

import "testing"

func TestVictim(t *testing.T) {
	if Polluted {
		t.Fatal("global state left behind by an earlier test")
	}
}

func TestBystander(t *testing.T) {}

func TestPolluter(t *testing.T) { Polluted = true }
`,
	})
	env := goEnv(t)
	seed := ""
	for s := 1; s <= 40 && seed == ""; s++ {
		cmd := exec.Command("go", "test", "-count=1", "-v", fmt.Sprintf("-shuffle=%d", s), ".")
		cmd.Dir, cmd.Env = dir, env
		out, _ := cmd.CombinedOutput()
		if strings.Index(string(out), "=== RUN   TestPolluter") < strings.Index(string(out), "=== RUN   TestVictim") {
			seed = fmt.Sprint(s)
		}
	}
	if seed == "" {
		t.Fatal("no seed in 1..40 runs TestPolluter before TestVictim")
	}
	tf, err := ParseTestFlags([]string{"-shuffle=" + seed}, false)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), Options{
		Dir: dir, Runs: 1, TestOnly: true, FailOn: FailOnFlaky, Timeout: 2 * time.Minute,
		Env: env, TestFlags: tf, BisectBudget: 5 * time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	a := r.Analysis
	if len(a.Failing) != 1 || a.Failing[0].Test != "TestVictim" {
		t.Fatalf("failing = %+v", a.Failing)
	}
	f := a.Failing[0]
	if f.Seed != seed || !slices.Contains(f.RanBefore, "TestPolluter") {
		t.Errorf("seed %q (want %s), ran before %v", f.Seed, seed, f.RanBefore)
	}
	if !strings.Contains(f.Replay, "-shuffle="+seed) || !strings.Contains(f.Replay, "TestPolluter") {
		t.Errorf("replay %q lacks the seed or the polluter", f.Replay)
	}
	for i := 0; i < 3; i++ {
		if failed, out := runReplay(t, dir, env, f.Replay); !failed {
			t.Fatalf("replay %d of 3 passed: %s\n%s", i+1, f.Replay, out)
		}
	}
	// The old replay (the test alone, with the seed) passes: the reason
	// the tests before it must be in the replay.
	if failed, _ := runReplay(t, dir, env, "go test -count=1 -shuffle="+seed+" -run '^TestVictim$' ."); failed {
		t.Error("TestVictim failed alone: the sample is not order-dependent")
	}
	b := f.Polluter
	if b == nil || b.Verdict != PolluterFound || !slices.Equal(b.Polluters, []string{"TestPolluter"}) {
		t.Fatalf("polluter = %+v", b)
	}
	if failed, out := runReplay(t, dir, env, b.Replay); !failed {
		t.Errorf("polluter replay passed: %s\n%s", b.Replay, out)
	}
	// Failing in every run is not flaky, and not green either.
	if a.Problem != "" || !strings.Contains(a.Unflagged, "1 test failed in every run") {
		t.Errorf("problem %q, unflagged %q", a.Problem, a.Unflagged)
	}
}

// One test of fifty pollutes: the bisection finds it among the 40 that
// ran before the victim.
func TestBisectFindsPolluterAmongFifty(t *testing.T) {
	t.Parallel()
	var src strings.Builder
	src.WriteString("package fifty\n\nimport \"testing\"\n\nvar state int\n")
	for i := 0; i < 50; i++ {
		switch i {
		case 17:
			fmt.Fprintf(&src, "\nfunc Test%02d(t *testing.T) { state = 42 }\n", i)
		case 40:
			fmt.Fprintf(&src, "\nfunc Test%02d(t *testing.T) {\n\tif state != 0 {\n\t\tt.Fatalf(\"state is %%d\", state)\n\t}\n}\n", i)
		default:
			fmt.Fprintf(&src, "\nfunc Test%02d(t *testing.T) {}\n", i)
		}
	}
	dir := writeModule(t, map[string]string{
		"go.mod":        "module example.com/fifty\n\ngo 1.22\n",
		"fifty.go":      "package fifty\n",
		"fifty_test.go": src.String(),
	})
	env := goEnv(t)
	r, err := Run(context.Background(), Options{
		Dir: dir, Runs: 1, TestOnly: true, FailOn: FailOnAny, Timeout: 2 * time.Minute,
		Env: env, BisectBudget: 10 * time.Minute, RerunFailures: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	a := r.Analysis
	if len(a.Failing) != 1 || a.Failing[0].Test != "Test40" || len(a.Failing[0].RanBefore) != 40 {
		t.Fatalf("failing = %+v", a.Failing)
	}
	f := a.Failing[0]
	if b := f.Polluter; b == nil || b.Verdict != PolluterFound || !slices.Equal(b.Polluters, []string{"Test17"}) {
		t.Fatalf("polluter = %+v", b)
	}
	if failed, out := runReplay(t, dir, env, f.Polluter.Replay); !failed {
		t.Errorf("polluter replay passed: %s\n%s", f.Polluter.Replay, out)
	}
	want := "Test40 fails after Test17"
	if got := PolluterText(f.Test, f.Polluter); !strings.HasPrefix(got, want) {
		t.Errorf("text %q, want prefix %q", got, want)
	}
	// Rerun on its own, the victim passes: its failure needs the others.
	if rr := f.Rerun; rr == nil || rr.Runs != 2 || rr.Failed != 0 {
		t.Errorf("rerun = %+v", rr)
	}
	if !strings.Contains(a.Problem, "failed in every run") {
		t.Errorf("problem %q", a.Problem)
	}
	assertHTML(t, r, "Test40 fails after Test17", "rerun on its own: failed 0 of 2")
}

func assertHTML(t *testing.T, r *Report, wants ...string) {
	t.Helper()
	var buf strings.Builder
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, w := range wants {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("HTML lacks %q", w)
		}
	}
}

// A panic stops the test binary: the tests after it never run, and the
// report names them; a failing subtest is counted once, on the leaf; a
// hang under --timeout gets a replay with that -timeout.
func TestCrashSubtestAndTimeout(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"go.mod":                "module example.com/crash\n\ngo 1.22\n",
		"crash/crash.go":        "package crash\n",
		"sub/sub.go":            "package sub\n",
		"hang/hang.go":          "package hang\n",
		"sub/counter_test.go":   sample("sub"),
		"crash/counter_test.go": sample("crash"),
		"crash/crash_test.go": `package crash

import "testing"

func TestA(t *testing.T) {}

func TestB(t *testing.T) {
	if bump(t, "crash") == 2 {
		panic("boom")
	}
}

func TestC(t *testing.T) {}

func TestD(t *testing.T) {}
`,
		"sub/sub_test.go": `package sub

import "testing"

func TestParent(t *testing.T) {
	n := bump(t, "sub")
	t.Run("leaf", func(t *testing.T) {
		if n%2 == 0 {
			t.Fatalf("run %d: even runs fail", n)
		}
	})
	t.Run("fine", func(t *testing.T) {})
}
`,
		"hang/hang_test.go": `package hang

import (
	"os"
	"testing"
	"time"
)

func TestHang(t *testing.T) {
	if os.Getenv("SOAK_COUNTER_DIR") != "" {
		time.Sleep(time.Hour)
	}
}
`,
	})
	env := goEnv(t, "SOAK_COUNTER_DIR="+t.TempDir())
	r, err := Run(context.Background(), Options{
		Dir: dir, Runs: 2, TestOnly: true, FailOn: FailOnFlaky, Timeout: 3 * time.Second, Env: env,
	})
	if err != nil {
		t.Fatal(err)
	}
	a := r.Analysis
	var names []string
	for _, f := range append(slices.Clone(a.Flaky), a.Failing...) {
		names = append(names, f.Test)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"TestB", "TestHang", "TestParent/leaf"}) {
		t.Fatalf("failed tests = %v; flaky %+v", names, a.Flaky)
	}
	for _, f := range a.Flaky {
		if f.Test == "TestParent/leaf" && (f.Parent != "TestParent" || !strings.Contains(f.Reason, "even runs fail")) {
			t.Errorf("leaf: parent %q, reason %q", f.Parent, f.Reason)
		}
	}
	for _, f := range a.Failing {
		if f.Test == "TestHang" && !strings.Contains(f.Replay, "-timeout=3s") {
			t.Errorf("hang replay %q lacks -timeout=3s", f.Replay)
		}
	}
	var crash *LostTests
	for i := range a.LostTests {
		if a.LostTests[i].Package == "example.com/crash/crash" {
			crash = &a.LostTests[i]
		}
	}
	if crash == nil || crash.Expected != 4 || len(crash.Runs) != 1 || crash.Runs[0].N != 2 ||
		!slices.Equal(crash.Runs[0].NotRun, []string{"TestC", "TestD"}) || crash.Runs[0].Ran != 2 {
		t.Fatalf("lost tests = %+v", a.LostTests)
	}
	if !slices.Equal(r.Listed["example.com/crash/crash"], []string{"TestA", "TestB", "TestC", "TestD"}) {
		t.Errorf("listed = %v", r.Listed)
	}
	if !strings.Contains(a.Unflagged, "tests never ran") {
		t.Errorf("unflagged %q", a.Unflagged)
	}
	assertHTML(t, r, "Tests that never ran", "<code>TestC TestD</code>", "2 of 4", "subtest of <code>TestParent</code>", "reason: <code>", "+2 never ran*", "a test binary stopped early")
}

func TestParseTestFlags(t *testing.T) {
	tf, err := ParseTestFlags([]string{"-run", "TestX", "-tags=e2e", "-v", "-ldflags", "-s -w"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if tf.Run != "TestX" || !slices.Equal(tf.Build, []string{"-tags=e2e", "-ldflags", "-s -w"}) || len(tf.Args) != 6 {
		t.Errorf("%+v", tf)
	}
	for _, bad := range [][]string{{"-count=3"}, {"-json"}, {"-test.count", "2"}, {"-failfast"}, {"-timeout", "1s"}, {"./..."}, {"-run"}} {
		if _, err := ParseTestFlags(bad, false); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := ParseTestFlags([]string{"-shuffle=5"}, true); err == nil || !strings.Contains(err.Error(), "--shuffle") {
		t.Errorf("-shuffle with --shuffle: %v", err)
	}
	if _, err := ParseTestFlags([]string{"-shuffle=5"}, false); err != nil {
		t.Errorf("-shuffle without --shuffle: %v", err)
	}
}

func TestReplayArgv(t *testing.T) {
	cfg := Config{TimeoutSecs: 4, Race: true, TestFlags: []string{"-run", "X", "-tags=e2e"}}
	rp := NewReplay(cfg, "example.com/p", "TestP/leaf", "7", nil)
	got := strings.Join(rp.Argv("go"), " ")
	if want := "go test -count=1 -race -shuffle=7 -timeout=4s -tags=e2e -run ^TestP$/^leaf$ example.com/p"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	rp = NewReplay(Config{TimeoutSecs: 600}, "p", "TestV", "", []string{"TestA", "TestB"})
	if got := strings.Join(rp.Argv("go"), " "); got != "go test -count=1 -run ^(TestA|TestB|TestV)$ p" {
		t.Errorf("got %s", got)
	}
	// Past maxReplayTests the printed replay runs the whole package (the
	// soak's -run, if any); a bisection step still names its subset.
	var many []string
	for i := 0; i < maxReplayTests; i++ {
		many = append(many, fmt.Sprintf("T%d", i))
	}
	rp = NewReplay(Config{TestFlags: []string{"-run=Fast"}}, "p", "TestV", "", many)
	if got := rp.RunPattern(); got != "Fast" {
		t.Errorf("long replay pattern %q", got)
	}
	rp.Exact = true
	if got := rp.RunPattern(); !strings.HasPrefix(got, "^(T0|T1|") || !strings.HasSuffix(got, "|TestV)$") {
		t.Errorf("exact pattern %q", got)
	}
}

// bisectTests on a fake predicate: two tests together pollute.
func TestBisectTestsPair(t *testing.T) {
	var before []string
	for i := 0; i < 20; i++ {
		before = append(before, fmt.Sprintf("T%d", i))
	}
	runs := 0
	fails := func(sub []string) (bool, bool) {
		runs++
		return slices.Contains(sub, "T3") && slices.Contains(sub, "T15"), true
	}
	v, got := bisectTests(before, fails)
	if v != PolluterFound || !slices.Equal(got, []string{"T3", "T15"}) {
		t.Errorf("%s %v after %d runs", v, got, runs)
	}
	budget := 3
	v, got = bisectTests(before, func(sub []string) (bool, bool) {
		budget--
		return slices.Contains(sub, "T3"), budget >= 0
	})
	if v != PolluterNarrowed || !slices.Contains(got, "T3") {
		t.Errorf("out of budget: %s %v", v, got)
	}
	if v, _ := bisectTests(before, func(sub []string) (bool, bool) { return true, true }); v != FailsAlone {
		t.Errorf("fails alone: %s", v)
	}
	if v, _ := bisectTests(before, func(sub []string) (bool, bool) { return false, true }); v != NotReproduced {
		t.Errorf("not reproduced: %s", v)
	}
}

package soak

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/goflags"
)

// Options configure a soak.
type Options struct {
	Dir      string   // the project folder (module root or below)
	Packages []string // package patterns; default ./...
	Runs     int      // number of iterations (when For is 0)
	For      time.Duration
	// BuildOnly skips the test phase; TestOnly skips the build phase and
	// the reproducibility stage.
	BuildOnly, TestOnly bool
	Race, Shuffle       bool
	Parallel            int
	Timeout             time.Duration // go test -timeout
	ReproBuilds         int           // builds with fresh caches before the runs
	FailOn              string
	GodxVersion         string
	// GoCommand is the go command to run ("go" if empty); Env is the
	// environment for it (os.Environ() if nil). GOTOOLCHAIN=local is
	// always added: a soak must not download or switch toolchains.
	GoCommand string
	Env       []string
	// ExecWrapper, when set, is the argv prefix given to go test -exec so
	// that each test binary's usage is measured on its own (see
	// RunWrapped). Empty: only the whole go test process is measured.
	ExecWrapper []string
	// TestFlags are go test flags given after -- (ParseTestFlags).
	TestFlags TestFlags
	// BisectBudget bounds the search for the tests that make a failing
	// test fail (0: no search); RerunFailures reruns each failed test
	// that many times on its own.
	BisectBudget  time.Duration
	RerunFailures int
	// Observer is told about progress; may be nil.
	Observer Observer
}

// Observer follows a soak as it runs.
type Observer interface {
	// Phase is called when a phase starts: iteration i of total (total
	// 0 when running for a duration; i 0 for the reproducibility stage),
	// phase "repro build k/n", "build" or "test".
	Phase(i, total int, phase string)
	// Done is called after each completed iteration.
	Done(it *Iteration)
}

// Run runs the soak. It returns the report (also when ctx was canceled:
// then Interrupted is set and only completed iterations are in it) and an
// error only when the soak could not start (no go command, no packages).
func Run(ctx context.Context, o Options) (*Report, error) {
	if o.GoCommand == "" {
		o.GoCommand = "go"
	}
	if len(o.Packages) == 0 {
		o.Packages = []string{"./..."}
	}
	if o.Env == nil {
		o.Env = os.Environ()
	}
	o.Env = append(slices.Clone(o.Env), "GOTOOLCHAIN=local")
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Minute
	}
	if o.Dir == "" {
		o.Dir = "."
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return nil, err
	}
	o.Dir = dir
	if os.Getenv(UsageDirEnv) != "" {
		// Already inside a soak's test binary (a soak of a project whose
		// tests run soaks): never wrap again, whatever the wrapper is.
		o.ExecWrapper = nil
	}
	r := &Report{
		Schema: Schema, GodxVersion: o.GodxVersion, Started: wallClock(),
		Config: Config{
			Dir: dir, Packages: o.Packages, Runs: o.Runs, ForSeconds: o.For.Seconds(),
			BuildOnly: o.BuildOnly, TestOnly: o.TestOnly, Race: o.Race, Shuffle: o.Shuffle, Parallel: o.Parallel,
			TimeoutSecs: o.Timeout.Seconds(), FailOn: o.FailOn, Toolchain: "local",
			TestFlags: o.TestFlags.Args, BisectBudgetSecs: o.BisectBudget.Seconds(), RerunFailures: o.RerunFailures,
		},
		Environment: systemEnvironment(),
	}
	if o.For > 0 {
		r.Config.Runs = 0
	}
	tmp, err := os.MkdirTemp("", "godx-soak-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	s := &soaker{o: o, r: r, tmp: tmp, kept: map[string]string{}, prints: map[string]map[string]string{}}
	s.planTest()
	// go list -deps (a fixed cost of about 0.2 s) runs while the first
	// test run does when there is no build to wait for it; a build needs
	// its answer (the main packages, the input files) first.
	listed := make(chan listResult, 1)
	go func() {
		p, err := listProject(ctx, o.GoCommand, dir, o.Env, o.Packages)
		listed <- listResult{p, err}
	}()
	s.pending = listed
	if !o.TestOnly || o.BuildOnly {
		if err := s.awaitProject(); err != nil {
			return nil, err
		}
	}
	s.run(ctx)
	if err := s.awaitProject(); err != nil {
		// Nothing to test (or stopped while listing): the run that went
		// alongside, if any, is dropped.
		return nil, err
	}
	if !r.Interrupted && (o.BisectBudget > 0 || o.RerunFailures > 0) {
		Analyze(r)
		failed := append(slices.Clone(r.Analysis.Flaky), r.Analysis.Failing...)
		if o.BisectBudget > 0 {
			s.bisect(ctx, failed)
		}
		if o.RerunFailures > 0 && len(failed) > 0 {
			s.rerunFailures(ctx, failed, o.RerunFailures)
		}
		if ctx.Err() != nil {
			r.Interrupted = true
		}
	}
	r.Finished = wallClock()
	r.Environment.LoadEnd = loadAverage()
	s.explain()
	Analyze(r)
	return r, nil
}

type soaker struct {
	o    Options
	r    *Report
	proj *project
	tmp  string
	// kept maps "binary name\x00sha256" to a kept copy of that binary,
	// for explaining differences; keptLabel to the build that made it.
	kept      map[string]string
	keptLabel map[string]string
	// prints are the input fingerprints (file -> hash) of each build.
	prints    map[string]map[string]string
	lastPrint map[string]string
	// pending delivers go list's answer; listErr is its error.
	pending   chan listResult
	listErr   error
	buildArgs []string
	testArgs  []string
	outDirs   int
	// freshEnv is the environment of fresh-cache builds (freshCacheEnv),
	// asked for once.
	freshEnv []string
}

type listResult struct {
	p   *project
	err error
}

// awaitProject waits for go list (once) and plans what depends on it.
func (s *soaker) awaitProject() error {
	if s.pending != nil {
		l := <-s.pending
		s.pending = nil
		s.proj, s.listErr = l.p, l.err
		if s.listErr == nil {
			s.r.Config.TestPkgs = len(s.proj.matched)
			s.r.Config.Module = s.proj.module
			s.planCommands()
		}
	}
	return s.listErr
}

// planTest plans the go test command, which does not depend on go list.
func (s *soaker) planTest() {
	c := &s.r.Config
	s.testArgs = []string{"test", "-json", "-count=1"}
	if s.o.Shuffle {
		s.testArgs = append(s.testArgs, "-shuffle=on")
	}
	if s.o.Race {
		s.testArgs = append(s.testArgs, "-race")
	}
	if s.o.Parallel > 0 {
		s.testArgs = append(s.testArgs, fmt.Sprintf("-parallel=%d", s.o.Parallel))
	}
	s.testArgs = append(s.testArgs, "-timeout="+s.o.Timeout.String())
	s.testArgs = append(s.testArgs, s.o.TestFlags.Args...)
	c.PerPackage = len(s.o.ExecWrapper) > 0 && !s.o.BuildOnly
	c.ReproBuilds = s.o.ReproBuilds
	if s.o.TestOnly {
		c.ReproBuilds = 0
	}
}

// planCommands plans the build, which depends on go list's answer.
func (s *soaker) planCommands() {
	c := &s.r.Config
	s.buildArgs = []string{"build", "-trimpath"}
	c.BuildMode = "main"
	if len(s.proj.mains) == 0 {
		s.buildArgs = []string{"test", "-c", "-trimpath"}
		c.BuildMode = "test"
	}
	if s.o.Race {
		s.buildArgs = append(s.buildArgs, "-race")
	}
	s.buildArgs = append(s.buildArgs, s.o.TestFlags.Build...)
	targets := s.proj.mains
	if c.BuildMode == "test" {
		targets = s.o.Packages
	}
	c.MainPkgs = s.proj.mains
	if !s.o.TestOnly {
		c.Commands = append(c.Commands, "go "+strings.Join(s.buildArgs, " ")+" -o OUTDIR/ "+strings.Join(targets, " "))
	}
	if !s.o.BuildOnly {
		c.Commands = append(c.Commands, "go "+strings.Join(s.testArgs, " ")+" "+strings.Join(s.o.Packages, " "))
	}
}

func (s *soaker) total() int {
	if s.o.For > 0 {
		return 0
	}
	return s.o.Runs
}

func (s *soaker) phase(i int, name string) {
	if s.o.Observer != nil {
		s.o.Observer.Phase(i, s.total(), name)
	}
}

func (s *soaker) run(ctx context.Context) {
	start := time.Now()
	if !s.o.TestOnly {
		var first time.Duration
		for k := 1; k <= s.r.Config.ReproBuilds; k++ {
			// A build with an empty cache compiles the standard library and
			// every dependency: minutes on a small busy machine. Say so
			// before it starts, and how to skip it.
			est := "a cold build, often minutes; --repro 0 skips"
			if first > 0 {
				est = "about " + FormatElapsed(first) + " like the first; --repro 0 skips"
			}
			s.phase(0, fmt.Sprintf("repro build %d/%d (fresh build cache: %s)", k, s.r.Config.ReproBuilds, est))
			t0 := time.Now()
			cache := filepath.Join(s.tmp, fmt.Sprintf("gocache-%d", k))
			b := s.build(ctx, fmt.Sprintf("fresh %d", k), cache)
			_ = os.RemoveAll(cache)
			if first == 0 {
				first = time.Since(t0)
			}
			if ctx.Err() != nil {
				s.r.Interrupted = true
				return
			}
			s.r.Repro = append(s.r.Repro, *b)
		}
	}
	for i := 1; ; i++ {
		if s.o.For > 0 && time.Since(start) >= s.o.For {
			return
		}
		if s.o.For <= 0 && i > s.o.Runs {
			return
		}
		if ctx.Err() != nil {
			s.r.Interrupted = true
			return
		}
		it := Iteration{N: i, Started: wallClock()}
		if !s.o.TestOnly {
			s.phase(i, "build")
			it.Build = s.build(ctx, fmt.Sprintf("run %d", i), "")
		}
		if !s.o.BuildOnly && ctx.Err() == nil {
			s.phase(i, "test")
			it.Test = s.test(ctx, i)
			if s.listErr != nil {
				return
			}
			if ctx.Err() == nil {
				s.listCrashed(ctx, it.Test)
			}
		}
		if ctx.Err() != nil {
			s.r.Interrupted = true
			return
		}
		s.r.Iterations = append(s.r.Iterations, it)
		if s.o.Observer != nil {
			s.o.Observer.Done(&s.r.Iterations[len(s.r.Iterations)-1])
		}
	}
}

// build runs one build into a fresh output folder; with cache set, also
// with that (fresh, empty) GOCACHE and no GOCACHEPROG (freshCacheEnv).
func (s *soaker) build(ctx context.Context, label, cache string) *Build {
	b := &Build{Cache: "shared"}
	digest, files := s.proj.fingerprint()
	b.Inputs = digest
	if s.lastPrint != nil {
		b.InputsChanged = changedFiles(s.lastPrint, files)
	}
	s.lastPrint = files
	s.prints[label] = files
	// Every build has its own output folder (its name differs from build
	// to build), so an output path leaking into a binary shows.
	s.outDirs++
	out := filepath.Join(s.tmp, fmt.Sprintf("out-%s-%d", strings.ReplaceAll(label, " ", ""), s.outDirs))
	if err := os.MkdirAll(out, 0o755); err != nil {
		b.Output = err.Error()
		return b
	}
	defer os.RemoveAll(out)
	targets := s.proj.mains
	if len(targets) == 0 {
		targets = s.o.Packages
	}
	args := append(slices.Clone(s.buildArgs), "-o", out+string(filepath.Separator))
	args = append(args, targets...)
	cmd := exec.CommandContext(ctx, s.o.GoCommand, args...)
	cmd.Dir, cmd.Env = s.o.Dir, s.o.Env
	if cache != "" {
		b.Cache = "fresh"
		if s.freshEnv == nil {
			s.freshEnv = freshCacheEnv(ctx, s.o.GoCommand, s.o.Dir, s.tmp, s.o.Env)
		}
		cmd.Env = append(slices.Clone(s.freshEnv), "GOCACHE="+cache)
	}
	var output boundedText
	cmd.Stdout, cmd.Stderr = &output, &output
	u, code, err := runChild(cmd)
	b.Usage, b.ExitCode = u, code
	if err != nil {
		b.Output = err.Error()
		return b
	}
	b.OK = code == 0
	if !b.OK {
		b.Output = output.String()
		return b
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		p := filepath.Join(out, e.Name())
		sum, size, err := HashFile(p)
		if err != nil {
			continue
		}
		b.Binaries = append(b.Binaries, Binary{Name: e.Name(), SHA256: sum, Size: size})
		s.keep(e.Name(), sum, p, label)
	}
	return b
}

// keep copies the first binary seen with each hash, for explain.
func (s *soaker) keep(name, sum, path, label string) {
	key := name + "\x00" + sum
	if _, ok := s.kept[key]; ok {
		return
	}
	dst := filepath.Join(s.tmp, "kept", fmt.Sprintf("%d-%s", len(s.kept), name))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return
	}
	if err := os.Rename(path, dst); err != nil {
		return
	}
	s.kept[key] = dst
	if s.keptLabel == nil {
		s.keptLabel = map[string]string{}
	}
	s.keptLabel[key] = label
}

// explain compares, for each binary with several hashes, the first two.
func (s *soaker) explain() {
	rep := analyzeRepro(s.r)
	needles := []string{s.r.Config.Dir, s.proj.root, s.proj.goroot, s.proj.gopath, s.tmp, os.TempDir()}
	if home, err := os.UserHomeDir(); err == nil {
		needles = append(needles, home)
	}
	for _, bv := range rep.Binaries {
		if len(bv.Versions) < 2 {
			continue
		}
		a, b := bv.Versions[0], bv.Versions[1]
		ka, kb := bv.Name+"\x00"+a.SHA256, bv.Name+"\x00"+b.SHA256
		d := ExplainDiff(s.kept[ka], s.kept[kb], needles)
		d.Name, d.SHA256A, d.SHA256B = bv.Name, a.SHA256, b.SHA256
		d.A, d.B = s.keptLabel[ka], s.keptLabel[kb]
		d.Inputs = changedFiles(s.prints[d.A], s.prints[d.B])
		d.Cgo = s.proj.cgo
		s.r.BinaryDiffs = append(s.r.BinaryDiffs, d)
	}
}

// test runs go test -json once and parses its stream.
func (s *soaker) test(ctx context.Context, i int) *TestRun {
	args := slices.Clone(s.testArgs)
	env := s.o.Env
	var usageDir string
	if s.r.Config.PerPackage {
		usageDir = filepath.Join(s.tmp, fmt.Sprintf("usage-%d", i))
		wrapper, qerr := goflags.JoinWords(s.o.ExecWrapper...)
		if err := os.MkdirAll(usageDir, 0o755); err == nil && qerr == nil {
			args = append(args, "-exec="+wrapper)
			env = append(slices.Clone(env), UsageDirEnv+"="+usageDir)
		} else {
			usageDir = ""
		}
	}
	args = append(args, s.o.Packages...)
	cmd := exec.CommandContext(ctx, s.o.GoCommand, args...)
	cmd.Dir, cmd.Env = s.o.Dir, env
	stream := NewTestStream()
	pr, pw := io.Pipe()
	var stderr boundedText
	cmd.Stdout, cmd.Stderr = pw, &stderr
	done := make(chan struct{})
	go func() {
		defer close(done)
		stream.Consume(pr) // to the end: the writer never blocks
	}()
	u, code, err := runChild(cmd)
	pw.Close()
	<-done
	t := &TestRun{Usage: u, ExitCode: code}
	t.Packages, t.Tests = stream.Results()
	t.Stderr = stderr.String()
	if stray := stream.Stray.String(); stray != "" {
		t.Stderr += stray
	}
	if err != nil {
		t.Stderr += err.Error()
	}
	if s.awaitProject() != nil {
		return t
	}
	if usageDir != "" {
		recs := readWrapperRecords(usageDir)
		for dir, ru := range recs {
			pkg := s.proj.dirToPkg[dir]
			for k := range t.Packages {
				if t.Packages[k].Package == pkg {
					t.Packages[k].Binary = &ru
				}
			}
		}
	}
	return t
}

// wallClock is the time without its monotonic reading, so that a report
// read back from JSON renders exactly as the one in memory did.
func wallClock() time.Time { return time.Now().Round(0) }

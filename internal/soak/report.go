// Package soak builds and tests a Go project over and over and concludes
// what a one-off run cannot show: tests that fail only sometimes, builds
// that do not give the same binary twice, and build time, test time or
// memory that creep up. The Runner records (report.go types), Analyze
// concludes (flaky.go, repro.go, trend.go), and the rendering layers
// (internal/render, html.go) only read the Report.
package soak

import (
	"encoding/json"
	"time"
)

// Schema names the JSON layout of a Report; bumped on incompatible change.
const Schema = "godx.soak/v1"

// Report is everything one soak recorded and concluded: the soak.json file.
type Report struct {
	Schema      string    `json:"schema"`
	GodxVersion string    `json:"godx_version"`
	Started     time.Time `json:"started"`
	Finished    time.Time `json:"finished"`
	// Interrupted is true when the soak was stopped (Ctrl-C) before it had
	// run everything asked; Iterations holds only the completed ones.
	Interrupted bool        `json:"interrupted,omitempty"`
	Config      Config      `json:"config"`
	Environment Environment `json:"environment"`
	// Repro is the reproducibility stage: builds with separate fresh build
	// caches and output folders (absent with --test-only or --repro 0).
	Repro      []Build     `json:"repro_builds,omitempty"`
	Iterations []Iteration `json:"iterations"`
	// BinaryDiffs explain, for each binary whose builds differed, the
	// first pair of differing builds.
	BinaryDiffs []BinaryDiff `json:"binary_diffs,omitempty"`
	// Listed holds, per package whose test binary stopped early, the
	// top-level tests go test -list names (asked once).
	Listed map[string][]string `json:"listed_tests,omitempty"`
	// Bisections are the searches for a polluter (a test that makes a
	// later one fail) and Reruns the --rerun-failures measurements, both
	// made after the runs.
	Bisections []Bisection `json:"bisections,omitempty"`
	Reruns     []Rerun     `json:"reruns,omitempty"`
	Analysis   Analysis    `json:"analysis"`
}

// Config is what was asked.
type Config struct {
	Dir         string   `json:"dir"`
	Module      string   `json:"module,omitempty"` // the main module's path
	Packages    []string `json:"packages"`
	Runs        int      `json:"runs,omitempty"`          // 0 when --for is used
	ForSeconds  float64  `json:"for_seconds,omitempty"`   // --for, in seconds
	BuildOnly   bool     `json:"build_only,omitempty"`    // no test phase
	TestOnly    bool     `json:"test_only,omitempty"`     // no build phase, no repro stage
	Race        bool     `json:"race,omitempty"`          // -race on builds and tests
	Shuffle     bool     `json:"shuffle,omitempty"`       // go test -shuffle=on
	Parallel    int      `json:"parallel,omitempty"`      // go test -parallel (0: go's default)
	TimeoutSecs float64  `json:"test_timeout_seconds"`    // go test -timeout
	ReproBuilds int      `json:"repro_builds"`            // fresh-cache builds asked
	FailOn      string   `json:"fail_on"`                 // flaky, any or none
	BuildMode   string   `json:"build_mode,omitempty"`    // "main" (go build) or "test" (go test -c)
	MainPkgs    []string `json:"main_packages,omitempty"` // what the build phase builds
	TestPkgs    int      `json:"test_package_count"`      // packages matched
	Toolchain   string   `json:"gotoolchain"`             // GOTOOLCHAIN given to every go command
	Commands    []string `json:"commands,omitempty"`      // the go commands, as a person would type them
	TestFlags   []string `json:"test_flags,omitempty"`    // go test flags given after --
	// BisectBudgetSecs bounds the search for polluters (--bisect-budget);
	// RerunFailures is --rerun-failures.
	BisectBudgetSecs float64 `json:"bisect_budget_seconds,omitempty"`
	RerunFailures    int     `json:"rerun_failures,omitempty"`
	PerPackage       bool    `json:"per_package_usage,omitempty"` // test binaries measured one by one
}

// Environment is where the soak ran, so that two reports can be compared.
type Environment struct {
	GOOS       string `json:"goos"`
	GOARCH     string `json:"goarch"`
	NumCPU     int    `json:"num_cpu"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Hostname   string `json:"hostname,omitempty"`
	Kernel     string `json:"kernel,omitempty"`
	WSL        bool   `json:"wsl,omitempty"`
	// CgroupCPU and CgroupMemory are the cgroup v2 limits of the soak's
	// own cgroup ("max" = none), when the system has them.
	CgroupCPU    string `json:"cgroup_cpu_max,omitempty"`
	CgroupMemory string `json:"cgroup_memory_max,omitempty"`
	// LoadStart and LoadEnd are the 1, 5 and 15 minute load averages
	// when the soak started and ended (Linux).
	LoadStart string `json:"load_average_start,omitempty"`
	LoadEnd   string `json:"load_average_end,omitempty"`
	// Go is the `godx env --json` snapshot (schema godx.env/v1): the go
	// command, its version and every Go setting with where it comes from.
	Go json.RawMessage `json:"go,omitempty"`
	// GoEnvError is why the snapshot is missing.
	GoEnvError string `json:"go_env_error,omitempty"`
}

// Usage is what one child process (and the descendants it waited for)
// cost. PeakRSS is the largest resident set of a single process in that
// tree (getrusage semantics), not a sum; 0 where not measured.
type Usage struct {
	WallSeconds float64 `json:"wall_seconds"`
	CPUSeconds  float64 `json:"cpu_seconds"` // user + system
	PeakRSS     int64   `json:"peak_rss_bytes,omitempty"`
}

// Build is one build of the project's binaries.
type Build struct {
	Usage
	// OK is false when the go command failed; Output then holds its
	// (bounded) error text.
	OK       bool     `json:"ok"`
	ExitCode int      `json:"exit_code"`
	Output   string   `json:"output,omitempty"`
	Cache    string   `json:"cache"` // "fresh" (own empty GOCACHE) or "shared" (the user's)
	Binaries []Binary `json:"binaries,omitempty"`
	// Inputs is a digest of the project's source files (the packages' Go,
	// cgo, assembly and embedded files plus go.mod/go.sum) just before
	// the build; InputsChanged names files that differ from the previous
	// build's.
	Inputs        string   `json:"inputs_sha256,omitempty"`
	InputsChanged []string `json:"inputs_changed,omitempty"`
}

// Binary is one produced executable.
type Binary struct {
	Name   string `json:"name"` // file name in the output folder
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Iteration is one build-then-test round.
type Iteration struct {
	N       int       `json:"n"` // 1-based
	Started time.Time `json:"started"`
	Build   *Build    `json:"build,omitempty"`
	Test    *TestRun  `json:"test,omitempty"`
}

// TestRun is one `go test -json -count=1` of all packages.
type TestRun struct {
	Usage
	ExitCode int `json:"exit_code"`
	// Packages holds one result per test binary (with its -shuffle seed:
	// each binary draws its own).
	Packages []PackageResult `json:"packages"`
	Tests    []TestResult    `json:"tests"`
	// Stderr is what the go command wrote to standard error (bounded).
	Stderr string `json:"stderr,omitempty"`
}

// Outcomes of a test or package.
const (
	Pass        = "pass"
	Fail        = "fail"
	Skip        = "skip"
	BuildFailed = "build-failed" // package only: its test binary did not build
	Timeout     = "timeout"      // the test was running when -timeout fired
	NoTests     = "no-tests"     // package only: "no test files"
)

// PackageResult is one package's test binary in one iteration.
type PackageResult struct {
	Package string  `json:"package"`
	Outcome string  `json:"outcome"`
	Elapsed float64 `json:"elapsed_seconds"` // as reported by go test
	Seed    string  `json:"shuffle_seed,omitempty"`
	// Usage of the test binary alone (wall, CPU, peak RSS), measured by
	// godx's -exec wrapper; nil when not measured.
	Binary *Usage `json:"binary_usage,omitempty"`
	// Output is the build error text (build-failed) or, for a failing
	// package with no failing test (a panic in init, TestMain, a
	// timeout), the end of its output. Bounded.
	Output string `json:"output,omitempty"`
}

// TestResult is one test's outcome in one iteration.
type TestResult struct {
	Package string  `json:"package"`
	Test    string  `json:"test"`
	Outcome string  `json:"outcome"`
	Elapsed float64 `json:"elapsed_seconds"`
	// Output is the test's own output, kept only for failures (bounded).
	Output string `json:"output,omitempty"`
	// Before lists, for a failure, the top-level tests of its package
	// that started before it (its top-level test), in that order.
	Before []string `json:"ran_before,omitempty"`
}

// Analysis is what the soak concluded.
type Analysis struct {
	Flaky []FlakyTest `json:"flaky"`
	// Failing are tests that failed in every iteration they ran in.
	Failing []FlakyTest `json:"failing"`
	// Packages whose test binary failed to build, or failed outside any
	// test, in some iterations.
	PackageProblems []PackageProblem `json:"package_problems"`
	// BuildFailures counts iterations whose build phase failed.
	BuildFailures   int             `json:"build_failures"`
	Reproducibility Reproducibility `json:"reproducibility"`
	Metrics         []Metric        `json:"metrics"`
	// Problem says, in one sentence, why the exit status is non-zero
	// under the configured --fail-on (empty when the soak passed).
	Problem string `json:"problem,omitempty"`
	// Unflagged lists, under --fail-on flaky, what is wrong but does not
	// fail the soak (tests failing in every run, ...): --fail-on any would.
	Unflagged string `json:"not_failing_the_soak,omitempty"`
	// TestRuns counts the completed runs with a test phase: with none,
	// there is no flakiness verdict.
	TestRuns int `json:"test_runs"`
	// LostTests are packages whose test binary stopped (a panic, a
	// timeout, os.Exit) before all its tests ran.
	LostTests []LostTests `json:"lost_tests,omitempty"`
}

// LostTests is one package whose tests did not all run in some runs.
type LostTests struct {
	Package string `json:"package"`
	// Expected is how many top-level tests the package has: those go
	// test -list names, and any seen running in any run.
	Expected int       `json:"expected"`
	Runs     []LostRun `json:"runs"`
}

// LostRun is one run in which tests of a package never ran.
type LostRun struct {
	N      int      `json:"n"`
	Ran    int      `json:"ran"`
	NotRun []string `json:"not_run"`
}

// FlakyTest is a test whose outcome varied across iterations (or, in
// Analysis.Failing, never passed).
type FlakyTest struct {
	Package  string  `json:"package"`
	Test     string  `json:"test"`
	Runs     int     `json:"runs"`
	Passed   int     `json:"passed"`
	Failed   int     `json:"failed"`
	Timeouts int     `json:"timeouts,omitempty"`
	PassRate float64 `json:"pass_rate"`
	// FailedIn lists the iterations (1-based) it failed in.
	FailedIn []int `json:"failed_in"`
	// FirstFailure is the output of its first failure (bounded).
	FirstFailure string `json:"first_failure,omitempty"`
	// Reason is the first telling line of the first failure.
	Reason string `json:"reason,omitempty"`
	// Parent is the test a subtest belongs to (context: the failure is
	// counted once, on the leaf).
	Parent string `json:"parent,omitempty"`
	// Seed is the -shuffle seed of the first failing iteration's package.
	Seed string `json:"shuffle_seed,omitempty"`
	// RanBefore lists the top-level tests that ran before the first
	// failure, in that order (the replay runs them too).
	RanBefore []string `json:"ran_before,omitempty"`
	// Replay is a command that runs the test again the same way.
	Replay string `json:"replay"`
	// Polluter is what bisecting the tests that ran before found.
	Polluter *Bisection `json:"polluter,omitempty"`
	// Rerun is the failure rate measured by --rerun-failures.
	Rerun *Rerun `json:"rerun,omitempty"`
}

// PackageProblem is a package whose test binary did not build or failed
// outside any single test.
type PackageProblem struct {
	Package  string `json:"package"`
	Outcome  string `json:"outcome"` // build-failed, fail or timeout
	FailedIn []int  `json:"failed_in"`
	Runs     int    `json:"runs"`
	Output   string `json:"output,omitempty"`
}

// Metric is one per-iteration series with its summary and trend.
type Metric struct {
	Name   string    `json:"name"` // build_wall, test_wall, test_cpu, build_peak_rss, test_peak_rss, ...
	Title  string    `json:"title"`
	Unit   string    `json:"unit"` // "s" or "bytes"
	Values []float64 `json:"values"`
	// Iterations holds the iteration number of each value.
	Iterations []int `json:"iterations"`
	// Warmup is how many first values (the warm-up run) Summary and Trend
	// leave out; they are still in Values and drawn, marked.
	Warmup  int     `json:"warmup_values,omitempty"`
	Summary Summary `json:"summary"`
	Trend   Trend   `json:"trend"`
}

// GoEnv is the part of the `godx env` snapshot that soak reads back.
type GoEnv struct {
	Go        string `json:"go"`
	GoVersion string `json:"go_version"`
	Settings  []struct {
		Name   string `json:"name"`
		Value  string `json:"value"`
		Source string `json:"source"`
		Origin string `json:"origin"`
	} `json:"settings"`
}

// GoEnv decodes the snapshot (nil when there is none).
func (e Environment) GoEnv() *GoEnv {
	if len(e.Go) == 0 {
		return nil
	}
	var g GoEnv
	if json.Unmarshal(e.Go, &g) != nil {
		return nil
	}
	return &g
}

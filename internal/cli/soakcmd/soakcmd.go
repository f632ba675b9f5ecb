// Package soakcmd implements `godx soak`: build and test a project over
// and over, then report flaky tests, reproducibility and trends.
package soakcmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/buildversion"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/envcmd"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/render"
	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/soak"
)

// ExitInterrupted is the exit status after Ctrl-C (128 + SIGINT, as
// shells report it); the report of the completed runs is still written.
const ExitInterrupted = 130

type options struct {
	dir                 string
	runs                int
	forDur              time.Duration
	buildOnly, testOnly bool
	race, shuffle       bool
	parallel            int
	reportDir           string
	junit               string
	json                bool
	failOn              string
	repro               int
	timeout             time.Duration
	perPackage          bool
	bisectBudget        time.Duration
	rerunFailures       int
}

// NewCmd builds `godx soak` and its subcommands.
func NewCmd(f *command.Factory) *cobra.Command {
	o := &options{}
	cmd := &cobra.Command{
		Use:   "soak [packages] [-- go test flags]",
		Short: "Build and test repeatedly to prove a Go setup stable",
		Long: `Build and test the packages (default ./...) over and over (default 10 runs),
then report flaky tests (passed in some runs, failed in others), whether the
builds are reproducible (identical binaries from separate fresh build caches),
steady increases in build time, test time or memory, and the environment.

Each run builds the main packages with -trimpath into a fresh folder (a module
without main packages: its test binaries, with go test -c) and runs
go test -json -count=1. Before the runs, --repro builds (default 2) use their
own empty GOCACHE: two cold builds, often minutes each; --repro 0 (or
--test-only) skips them. Every go command gets GOTOOLCHAIN=local.

Flags after -- go to every go test command (and the build flags among
them, such as -tags, to the builds): godx soak ./... -- -run TestX -tags e2e.
Flags that would defeat the soak (-count, -json, -failfast, ...) are refused.

A failure that ran after other tests gets a replay that runs those tests
too, in the same order (same -shuffle seed). After the runs, for such a
failure godx bisects the tests that ran before it (within --bisect-budget)
to name the one that makes it fail: "TestX fails after TestY".

Exit status: 0 nothing to report under --fail-on, 1 problems found
(--fail-on flaky: something failed in some runs but not all; any: any
failure or a non-reproducible build), 2 usage error or godx failed,
130 interrupted (the report of the completed runs is still written).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(cmd, f, o, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.dir, "dir", "", "project `directory` (default: the current directory)")
	fl.IntVar(&o.runs, "runs", 10, "number of build-and-test runs")
	fl.DurationVar(&o.forDur, "for", 0, "start new runs until this `duration` has passed (instead of --runs)")
	fl.BoolVar(&o.buildOnly, "build-only", false, "only build (no tests)")
	fl.BoolVar(&o.testOnly, "test-only", false, "only test (no builds, no reproducibility check)")
	fl.BoolVar(&o.race, "race", false, "build and test with the race detector")
	fl.BoolVar(&o.shuffle, "shuffle", false, "randomize test order (go test -shuffle=on; seeds are recorded)")
	fl.IntVar(&o.parallel, "parallel", 0, "go test -parallel `P` (default: go's, GOMAXPROCS)")
	fl.StringVar(&o.reportDir, "report", "", "write soak.json and soak.html into `DIR`")
	fl.StringVar(&o.junit, "junit", "", "write the tests as JUnit XML to `FILE` (one case per test; failing runs and flakiness in the failure)")
	fl.BoolVar(&o.json, "json", false, "print the full report as JSON (schema "+soak.Schema+")")
	fl.StringVar(&o.failOn, "fail-on", soak.FailOnFlaky, "exit 1 on: flaky (failures in some runs), any (any failure or non-reproducible build), none")
	fl.IntVar(&o.repro, "repro", 2, "builds with separate fresh build caches before the runs: cold builds, often minutes each (0: skip the reproducibility check)")
	fl.DurationVar(&o.timeout, "timeout", 10*time.Minute, "go test -timeout for each test binary")
	fl.BoolVar(&o.perPackage, "per-package", true, "measure each test binary's time and peak memory on its own (go test -exec through godx: one extra process start, about 4 ms, per test binary)")
	fl.DurationVar(&o.bisectBudget, "bisect-budget", 3*time.Minute, "time to spend finding the tests that make a failing test fail (0: do not look)")
	fl.IntVar(&o.rerunFailures, "rerun-failures", 0, "after the runs, rerun only the tests that failed, `N` times, to measure their failure rate")
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return command.Usagef("%v (go test flags go after --, as in godx soak ./... -- -run TestX)", err)
	})
	_ = cmd.MarkFlagDirname("dir")
	_ = cmd.MarkFlagDirname("report")
	cmd.AddCommand(newCompareCmd(f), newReportCmd(f), newExecWrapperCmd())
	return cmd
}

func (o *options) validate(cmd *cobra.Command) error {
	if cmd.Flags().Changed("runs") && cmd.Flags().Changed("for") {
		return command.Usagef("use --runs or --for, not both")
	}
	if o.buildOnly && o.testOnly {
		return command.Usagef("use --build-only or --test-only, not both")
	}
	if o.forDur < 0 || (o.forDur == 0 && o.runs < 1) {
		return command.Usagef("--runs must be at least 1 (got %d)", o.runs)
	}
	switch o.failOn {
	case soak.FailOnFlaky, soak.FailOnAny, soak.FailOnNone:
	default:
		return command.Usagef("--fail-on must be flaky, any or none (got %q)", o.failOn)
	}
	if o.repro < 0 || o.parallel < 0 {
		return command.Usagef("--repro and --parallel cannot be negative")
	}
	if o.timeout <= 0 {
		return command.Usagef("--timeout must be positive, got %v", o.timeout)
	}
	if o.bisectBudget < 0 || o.rerunFailures < 0 {
		return command.Usagef("--bisect-budget and --rerun-failures cannot be negative")
	}
	return nil
}

// splitArgs cuts `[packages] [-- go test flags]` and checks the flags.
func (o *options) splitArgs(cmd *cobra.Command, args []string) ([]string, soak.TestFlags, error) {
	pkgs := args
	var flags []string
	if dash := cmd.ArgsLenAtDash(); dash >= 0 {
		pkgs, flags = args[:dash], args[dash:]
	}
	for _, p := range pkgs {
		if strings.HasPrefix(p, "-") {
			return nil, soak.TestFlags{}, command.Usagef("%q: go test flags go after --, as in godx soak ./... -- -run TestX", p)
		}
	}
	tf, err := soak.ParseTestFlags(flags, o.shuffle)
	if err != nil {
		return nil, tf, command.Usagef("%v", err)
	}
	return pkgs, tf, nil
}

func run(cmd *cobra.Command, f *command.Factory, o *options, args []string) error {
	if err := o.validate(cmd); err != nil {
		return err
	}
	args, testFlags, err := o.splitArgs(cmd, args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	so := soak.Options{
		Dir: o.dir, Packages: args, Runs: o.runs, For: o.forDur,
		BuildOnly: o.buildOnly, TestOnly: o.testOnly, Race: o.race, Shuffle: o.shuffle,
		Parallel: o.parallel, Timeout: o.timeout, ReproBuilds: o.repro, FailOn: o.failOn,
		GodxVersion: buildversion.Get().Version,
		TestFlags:   testFlags, BisectBudget: o.bisectBudget, RerunFailures: o.rerunFailures,
	}
	if o.perPackage {
		so.ExecWrapper = wrapper()
	}
	if o.reportDir != "" {
		// Fail now, not after hours of runs, when the report cannot be
		// written there.
		if err := checkReportDir(o.reportDir); err != nil {
			return command.Usagef("--report %s: %v", o.reportDir, err)
		}
	}
	if o.junit != "" {
		if st, err := os.Stat(o.junit); err == nil && !st.Mode().IsRegular() {
			return command.Usagef("--junit %s: not a regular file", o.junit)
		}
		if err := checkReportDir(filepath.Dir(o.junit)); err != nil {
			return command.Usagef("--junit %s: %v", o.junit, err)
		}
	}
	progress := render.StartSoakProgress(f.IO)
	so.Observer = progress
	// The environment snapshot (go env and friends, a fixed cost) is
	// taken while the soak starts, not before it.
	type envResult struct {
		doc *envcmd.Document
		err error
	}
	envCh := make(chan envResult, 1)
	go func() {
		doc, err := envcmd.Collect(ctx, f, o.dir)
		envCh <- envResult{doc, err}
	}()
	rep, err := soak.Run(ctx, so)
	progress.Stop()
	if err != nil && ctx.Err() != nil {
		// Stopped while listing the packages: no run to report.
		fmt.Fprintln(f.IO.ErrOut, "godx soak: interrupted before the first run")
		return &command.ExitError{Code: ExitInterrupted}
	}
	if err != nil {
		return err
	}
	er := <-envCh
	env, envErr := er.doc, er.err
	if envErr == nil {
		rep.Environment.Go, envErr = json.Marshal(env)
	}
	if envErr != nil {
		rep.Environment.GoEnvError = envErr.Error()
	}
	// Each file is written even when another could not be.
	var writeErrs []error
	reportWritten := false
	if o.reportDir != "" {
		if err := writeReport(o.reportDir, rep); err != nil {
			writeErrs = append(writeErrs, fmt.Errorf("writing the report into %s: %v", o.reportDir, err))
		} else {
			reportWritten = true
		}
	}
	if o.junit != "" {
		if err := writeJUnit(o.junit, rep); err != nil {
			writeErrs = append(writeErrs, fmt.Errorf("writing %s: %v", o.junit, err))
		}
	}
	reportErr := errors.Join(writeErrs...)
	if o.json {
		err = render.JSON(f.IO.Out, rep)
	} else {
		err = render.SoakText(f.IO, rep)
		if err == nil && reportWritten {
			fmt.Fprintf(f.IO.Out, "\nreport: %s\n", printable.Line(filepath.Join(o.reportDir, "soak.html")))
		}
	}
	if err != nil {
		return err
	}
	if reportErr != nil {
		// The summary above is all that is left of the soak.
		return reportErr
	}
	switch {
	case rep.Interrupted:
		return &command.ExitError{Code: ExitInterrupted}
	case rep.Analysis.Problem != "":
		return &command.ExitError{Code: report.ExitProblems}
	}
	return nil
}

// wrapper gives the -exec wrapper argv; tests of this package replace it
// (their binary is not godx: asked to wrap, it would run its own tests).
var wrapper = execWrapper

// execWrapper is how go test -exec reaches this godx again to measure
// each test binary: an absolute path (test binaries run in their package
// folder). The name it was started by is preferred over os.Executable,
// which resolves links (a multi-call binary dispatches on its name).
func execWrapper() []string {
	self := os.Args[0]
	var path string
	if filepath.Base(self) == self {
		path, _ = exec.LookPath(self)
	} else {
		path = self
	}
	if path != "" {
		path, _ = filepath.Abs(path)
	}
	if path == "" {
		var err error
		if path, err = os.Executable(); err != nil {
			return nil
		}
	}
	return []string{path, "soak", "exec-wrapper"}
}

// checkReportDir creates dir and makes sure a file can be written there.
func checkReportDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	probe, err := os.CreateTemp(dir, ".godx-soak-*")
	if err != nil {
		return err
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// writeJUnit writes the tests of rep as JUnit XML to path (atomically).
func writeJUnit(path string, rep *soak.Report) error {
	var buf bytes.Buffer
	if err := render.SoakJUnit(&buf, rep); err != nil {
		return err
	}
	return command.WriteOutput(path, buf.Bytes())
}

// writeReport writes DIR/soak.json and DIR/soak.html.
func writeReport(dir string, rep *soak.Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "soak.json"), append(data, '\n'), 0o644); err != nil {
		return err
	}
	return writeHTML(filepath.Join(dir, "soak.html"), rep)
}

func writeHTML(path string, rep *soak.Report) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := soak.WriteHTML(fh, rep); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}

// readReport loads a soak.json.
func readReport(path string) (*soak.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rep soak.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%s: not a soak report: %v", path, err)
	}
	if !strings.HasPrefix(rep.Schema, "godx.soak/") {
		return nil, fmt.Errorf("%s: not a soak report (schema %q, want %s)", path, rep.Schema, soak.Schema)
	}
	return &rep, nil
}

func newReportCmd(f *command.Factory) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "report soak.json",
		Short: "Write the HTML report again from a soak.json",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rep, err := readReport(args[0])
			if err != nil {
				return command.Usagef("%v", err)
			}
			if out == "" {
				out = filepath.Join(filepath.Dir(args[0]), "soak.html")
			}
			if err := writeHTML(out, rep); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.Out, "wrote %s\n", printable.Line(out))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "HTML `file` to write (default: soak.html next to the JSON)")
	return cmd
}

func newCompareCmd(f *command.Factory) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "compare A.json B.json",
		Short: "Compare two soak reports: environment, timings (ratio of medians), binary hashes",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := readReport(args[0])
			if err != nil {
				return command.Usagef("%v", err)
			}
			b, err := readReport(args[1])
			if err != nil {
				return command.Usagef("%v", err)
			}
			c := soak.Compare(a, b)
			c.A, c.B = args[0], args[1]
			if asJSON {
				return render.JSON(f.IO.Out, c)
			}
			return render.SoakCompareText(f.IO, c)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the comparison as JSON")
	return cmd
}

func newExecWrapperCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "exec-wrapper BINARY [ARGS...]",
		Short:              "Run one test binary for go test -exec and record its resource use (internal)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code := soak.RunWrapped(args); code != 0 {
				return &command.ExitError{Code: code}
			}
			return nil
		},
	}
}

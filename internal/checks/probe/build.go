package probe

import (
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/probe"
)

// Build builds and runs a hello-world with the go command on PATH.
var Build = &check.Check{
	ID:    "probe/build",
	Title: "Build and run a hello-world",
	Doc: check.Doc{
		What: "Writes a hello-world module into a scratch directory under godx's cache folder, builds it with the go command on PATH and the project's environment " +
			"(`go build -o <scratch>/hello .`), runs the program and compares what it prints. The scratch directory is removed afterwards. Runs only with `godx doctor --deep`.",
		Why: "Settings can all look right while building still fails: a build cache that cannot be written, a temporary directory mounted noexec, " +
			"antivirus software blocking fresh executables, a broken standard library. This is the first thing every setup guide asks you to verify.",
		How: "Error when the build fails or the program does not run or prints something else, with the go command's own error text. " +
			"The time each step took (build, run) is reported and recorded as a measurement (--json, OpenMetrics: godx_check_duration_seconds), " +
			"so cold and warm build times can be tracked. The go command runs with GOPROXY=off, GOWORK=off and GOTOOLCHAIN=local added to the environment: " +
			"the module has no dependencies, and the probe never touches the network or the project.",
		Fix: "Follow the error text: go/caches for the build cache, GOTMPDIR (`go env -w GOTMPDIR=<a directory on a file system that allows executing programs>`) for a noexec temporary directory, " +
			"an antivirus exclusion for the build cache and temporary directory (windows/defender).",
		Errors: []string{
			"fork/exec /tmp/go-build123/b001/exe/hello: permission denied",
			"failed to initialize build cache at /home/u/.cache/go-build: mkdir /home/u/.cache/go-build: permission denied",
		},
	},
	Deep:    true,
	Timeout: 2 * time.Minute,
	Run:     runBuild,
}

func runBuild(pass *check.Pass) error {
	s, err := open(pass, "build")
	if err != nil {
		return err
	}
	defer s.close()
	ok, d := s.buildAndRun("build", "run", "hello", ".", probe.Hello, nil, check.Error)
	if ok {
		pass.Observe(fmt.Sprintf("%s built and ran a hello-world (%s)", s.goVersion(), d))
	}
	return nil
}

// buildAndRun builds pkg into the binary exe with extra added to the
// environment, runs it and compares its output with want. It reports a
// failure at sev and returns whether both worked and how long each took.
func (s *session) buildAndRun(buildName, runName, exe, pkg, want string, extra []string, sev check.Severity) (bool, string) {
	ctx := s.pass.Context
	bin := s.exe(exe)
	b := s.g.Run(ctx, buildName, extra, "build", "-o", bin, pkg)
	s.measure(b)
	if !b.OK() {
		s.fail(b, sev, fmt.Sprintf("`go %s` of a hello-world failed (%s).", strings.Join(b.Argv[1:], " "), roundDuration(b.Duration())),
			"", nil)
		return false, ""
	}
	r := s.g.Exec(ctx, runName, bin, extra)
	s.measure(r)
	if !r.OK() {
		s.fail(r, sev, "The hello-world the go command built does not run.", "", nil)
		return false, ""
	}
	if got := strings.TrimSpace(string(r.Result.Stdout)); got != want {
		s.pass.Report(check.Finding{
			Severity: sev,
			Summary:  "The hello-world the go command built printed something else.",
			Detail:   fmt.Sprintf("It printed %q instead of %q.", got, want),
			Evidence: s.evidence(r),
		})
		return false, ""
	}
	return true, fmt.Sprintf("%s %s, %s %s", buildName, roundDuration(b.Duration()), runName, roundDuration(r.Duration()))
}

package probe

import (
	"fmt"
	"time"

	"github.com/godx-dev/godx/internal/check"
)

// Test runs `go test` on a package with one test.
var Test = &check.Check{
	ID:    "probe/test",
	Title: "go test of a one-test package",
	Doc: check.Doc{
		What: "Runs `go test -count=1 .` with the go command on PATH and the project's environment on a scratch package with one passing test " +
			"(under godx's cache folder, removed afterwards). -count=1 makes the go command build and start the test binary instead of reusing a cached result. Runs only with `godx doctor --deep`.",
		Why: "`go test` builds a test binary into a temporary directory and starts it from there: a noexec /tmp, a GOTMPDIR on a drive that forbids executables, " +
			"or antivirus software that blocks or deletes fresh executables break every test run while plain builds still work.",
		How: "Error when `go test` fails, with its own output (for example `fork/exec /tmp/go-build…/hello.test: operation not permitted`, or Windows' `Access is denied`). " +
			"The duration is reported and recorded as a measurement (--json, OpenMetrics). Runs with GOPROXY=off, GOWORK=off and GOTOOLCHAIN=local added: no network, nothing written into the project.",
		Fix: "For a noexec temporary directory, point GOTMPDIR at a directory that allows executing programs (`go env -w GOTMPDIR=$HOME/.cache/go-tmp` after creating it). " +
			"For antivirus software, exclude the build cache, GOTMPDIR and the module cache (windows/defender lists Microsoft Defender's exclusions).",
		Errors: []string{
			"fork/exec /tmp/go-build2716/b001/hello.test: operation not permitted",
			"fork/exec C:\\Users\\u\\AppData\\Local\\Temp\\go-build2716\\b001\\hello.test.exe: Access is denied.",
		},
	},
	Deep:    true,
	Timeout: 2 * time.Minute,
	Run:     runTest,
}

func runTest(pass *check.Pass) error {
	s, err := open(pass, "test")
	if err != nil {
		return err
	}
	defer s.close()
	st := s.g.Run(pass.Context, "test", nil, "test", "-count=1", ".")
	s.measure(st)
	if !st.OK() {
		s.fail(st, check.Error, fmt.Sprintf("`go test` of a package with one passing test failed (%s).", roundDuration(st.Duration())), "", nil)
		return nil
	}
	pass.Observe(fmt.Sprintf("%s ran a one-test package with go test (%s)", s.goVersion(), roundDuration(st.Duration())), s.evidence(st)...)
	return nil
}

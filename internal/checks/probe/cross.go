package probe

import (
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
)

// CrossTargets are the platforms probe/cross builds for: the three
// desktop systems on their common architectures, and both WebAssembly
// targets.
var CrossTargets = []string{"windows/amd64", "linux/arm64", "darwin/arm64", "wasip1/wasm", "js/wasm"}

// Cross cross-compiles the hello-world for other platforms.
var Cross = &check.Check{
	ID:    "probe/cross",
	Title: "Cross-compile a hello-world",
	Doc: check.Doc{
		What: "Builds the hello-world of a scratch module (under godx's cache folder, removed afterwards) for " + strings.Join(CrossTargets, ", ") +
			" with CGO_ENABLED=0, one `go build` each, using the go command on PATH and the project's environment. Runs only with `godx doctor --deep`.",
		Why: "Cross-compiling needs nothing but the Go installation's standard library sources, and that is what it proves complete: a trimmed or damaged installation " +
			"(a distribution package split into parts, a container image that deleted files, a GOROOT shared between versions) fails only for the targets it is missing.",
		How: "Warning for each target that fails, with the go command's own error text. Each build's duration is recorded as a measurement (`cross GOOS/GOARCH`). " +
			"The builds run one after another (a cold build cache compiles the standard library for each target once).",
		Fix: "Reinstall Go from the official archive or installer into an empty directory; go/goroot-integrity (`godx doctor --deep`) lists the files that differ from the release.",
	},
	Deep:    true,
	Timeout: 2 * time.Minute,
	Run:     runCross,
}

func runCross(pass *check.Pass) error {
	s, err := open(pass, "cross")
	if err != nil {
		return err
	}
	defer s.close()
	var done []string
	for _, t := range CrossTargets {
		if pass.Context.Err() != nil {
			return pass.Context.Err()
		}
		goos, goarch, _ := strings.Cut(t, "/")
		out := s.f.JoinPath(s.g.Dir, "hello-"+goos+"-"+goarch)
		st := s.g.Run(pass.Context, "cross "+t, []string{"GOOS=" + goos, "GOARCH=" + goarch, "CGO_ENABLED=0"}, "build", "-o", out, ".")
		s.measure(st)
		if !st.OK() {
			s.fail(st, check.Warning, fmt.Sprintf("Cross-compiling a hello-world for %s failed (%s).", t, roundDuration(st.Duration())), "", nil)
			continue
		}
		done = append(done, fmt.Sprintf("%s %s", t, roundDuration(st.Duration())))
	}
	if len(done) > 0 {
		pass.Observe(fmt.Sprintf("%s cross-compiled a hello-world for %s", s.goVersion(), english.Count(len(done), "target", "targets")),
			check.F("targets", strings.Join(done, ", ")))
	}
	return nil
}

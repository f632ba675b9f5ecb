package probe

import (
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/probe"
)

// Race builds and runs the hello-world with the race detector.
var Race = &check.Check{
	ID:    "probe/race",
	Title: "Build with the race detector",
	Doc: check.Doc{
		What: "Builds the hello-world of a scratch module (under godx's cache folder, removed afterwards) with `go build -race` using the go command on PATH and the project's environment, " +
			"and runs it. Runs only with `godx doctor --deep`.",
		Why: "`go test -race` is how most teams find data races, and it needs more than a plain build: cgo on, a working C compiler and linker, " +
			"and a platform the race detector supports. When one is missing the failure says little about which.",
		How: "Warning when the build or the program fails, naming the missing piece from what the go command says: cgo is off (with where CGO_ENABLED=0 comes from: a setting, or the default when no C compiler was found), " +
			"the C compiler is missing, or the platform has no race detector; any other failure is quoted as it is. Durations are recorded as measurements.",
		Fix: "Turn cgo on (`CGO_ENABLED=1`, or remove the CGO_ENABLED=0 setting) and install a C compiler (gcc or clang; on Windows a MinGW-w64 gcc on PATH); " +
			"on a platform without a race detector, run race tests on one that has it (linux, darwin or windows on amd64 or arm64).",
		Errors: []string{
			"go: -race requires cgo; enable cgo by setting CGO_ENABLED=1",
			`cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`,
		},
	},
	Deep:    true,
	Timeout: 2 * time.Minute,
	Run:     runRace,
}

func runRace(pass *check.Pass) error {
	s, err := open(pass, "race")
	if err != nil {
		return err
	}
	defer s.close()
	ctx := pass.Context
	bin := s.exe("hello-race")
	b := s.g.Run(ctx, "race build", nil, "build", "-race", "-o", bin, ".")
	s.measure(b)
	if !b.OK() {
		s.fail(b, check.Warning, "The race detector cannot be used here: "+s.racePiece(b.Failure())+".", "", raceFix)
		return nil
	}
	r := s.g.Exec(ctx, "race run", bin, nil)
	s.measure(r)
	if !r.OK() || strings.TrimSpace(string(r.Result.Stdout)) != probe.Hello {
		s.fail(r, check.Warning, "A program built with -race does not run here.",
			"The race detector's runtime (ThreadSanitizer) needs memory layouts some kernels, emulators and sandboxes do not give it.", nil)
		return nil
	}
	pass.Observe(fmt.Sprintf("%s built and ran a -race hello-world (build %s, run %s)", s.goVersion(), roundDuration(b.Duration()), roundDuration(r.Duration())))
	return nil
}

var raceFix = &check.Fix{Description: "Turn cgo on and install a C compiler (gcc or clang), or run race tests on a platform the race detector supports."}

// racePiece names what the race detector lacks, from the go command's words.
func (s *session) racePiece(out string) string {
	switch {
	case strings.Contains(out, "-race requires cgo"):
		cgo := "CGO_ENABLED=0"
		if st, err := s.f.Settings(); err == nil {
			if set := st.Get("CGO_ENABLED"); set != nil {
				cgo += " (" + set.Provenance() + ")"
			}
		}
		return "it needs cgo, and " + cgo
	case strings.Contains(out, "C compiler") && strings.Contains(out, "not found"):
		return "it needs a C compiler, and CC=" + s.ge.Get("CC") + " is not found"
	case strings.Contains(out, "-race is not supported on"):
		return "the go command has no race detector for " + s.ge.Get("GOOS") + "/" + s.ge.Get("GOARCH")
	}
	return "`go build -race` fails"
}

package probe

import (
	"fmt"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/probe"
)

// Cgo builds and runs a cgo hello-world when cgo is on.
var Cgo = &check.Check{
	ID:    "probe/cgo",
	Title: "Build and run a cgo hello-world",
	Doc: check.Doc{
		What: "When CGO_ENABLED resolves to 1 (`go env CGO_ENABLED`), builds a hello-world that calls a C function through cgo with the go command on PATH and the project's environment " +
			"(CC, CGO_CFLAGS, CGO_LDFLAGS included), in a scratch module under godx's cache folder (removed afterwards), then runs it. Runs only with `godx doctor --deep`.",
		Why: "With cgo on, packages of the standard library (net, os/user) and many modules compile C code: a C compiler that is missing, broken, " +
			"or mismatched with the target (flags, headers, a cross compiler) fails those builds with errors that do not mention the setting at fault.",
		How: "Skipped when CGO_ENABLED resolves to 0. Error when the build fails or the program does not print what it should, with the go command's (and the C compiler's) own words, " +
			"such as `cgo: C compiler \"gcc\" not found: exec: \"gcc\": executable file not found in $PATH`. Durations are recorded as measurements.",
		Fix: "Install a C compiler (gcc or clang; on Windows a MinGW-w64 gcc on PATH) or set CC to one that exists (`go env -w CC=clang`); " +
			"when you do not need cgo, `go env -w CGO_ENABLED=0`.",
		Errors: []string{`cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`},
	},
	Deep:    true,
	Timeout: 2 * time.Minute,
	Run:     runCgo,
}

func runCgo(pass *check.Pass) error {
	ge, err := pass.Facts.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	if ge.Get("CGO_ENABLED") != "1" {
		return check.Skip("CGO_ENABLED is %q here: cgo is off", ge.Get("CGO_ENABLED"))
	}
	s, err := open(pass, "cgo")
	if err != nil {
		return err
	}
	defer s.close()
	ok, d := s.buildAndRun("cgo build", "cgo run", "hello-cgo", "./"+probe.CgoSubdir, probe.CgoHello, nil, check.Error)
	if ok {
		pass.Observe(fmt.Sprintf("%s built and ran a cgo hello-world with CC=%s (%s)", s.goVersion(), ge.Get("CC"), d))
	}
	return nil
}

package probe

import (
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/probe"
)

// Gopls runs `gopls check` on a file using the Go version's newest
// language feature.
var Gopls = &check.Check{
	ID:    "probe/gopls",
	Title: "gopls understands this Go",
	Doc: check.Doc{
		What: "When gopls is installed (the one the editor would run: PATH, GOBIN or GOPATH/bin, VS Code's settings outside the project), adds to a scratch module " +
			"(under godx's cache folder, removed afterwards; its go line is the go command's language version) a file that uses the newest language feature of the go command's release " +
			"(Go 1.26: new with an expression; 1.24: generic type aliases; 1.23: range over a function; 1.22: range over an integer; 1.21: min and max) and runs `gopls check` on it " +
			"with the project's environment. Runs only with `godx doctor --deep`.",
		Why: "gopls type-checks with the go/types of the Go that built it: a gopls built with an older Go than the project's marks correct code as wrong " +
			"(`42 is not a type` for Go 1.26's new(42)) and the editor fills with red squiggles that the compiler does not share. " +
			"How long gopls takes to load even a one-file workspace is the floor of every editor start.",
		How: "The file compiles; any diagnostic gopls prints on it is an error finding, quoted as gopls prints it. gopls failing to run is an error too. " +
			"The duration of `gopls check` (loading the workspace through the go command, then checking) is reported and recorded as the measurement `gopls check`.",
		Fix: "Reinstall gopls with the Go you build with (`go install golang.org/x/tools/gopls@latest`; a gopls release that requires a newer Go needs GOTOOLCHAIN to allow it, " +
			"e.g. `GOTOOLCHAIN=go1.27.0+auto go install golang.org/x/tools/gopls@latest`); tools/gopls names the versions involved.",
		Errors: []string{"feature.go:3:33-35: 42 is not a type"},
	},
	Deep:    true,
	Timeout: 2 * time.Minute,
	Run:     runGopls,
}

func runGopls(pass *check.Pass) error {
	ge, err := pass.Facts.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	gopls, ok := findTool(pass.Facts, "gopls")
	if !ok {
		return check.Skip("gopls is not installed")
	}
	name, src, ok := probe.Feature(ge.Get("GOVERSION"))
	if !ok {
		name, src = "no new language feature", "package main\n"
	}
	s, err := open(pass, "gopls")
	if err != nil {
		return err
	}
	defer s.close()
	file := s.f.JoinPath(s.g.Dir, probe.FeatureFile)
	if err := s.f.OS.WriteFile(file, []byte(src)); err != nil {
		return check.Skip("could not write %s: %v", file, err)
	}
	st := s.g.Exec(pass.Context, "gopls check", gopls, nil, "check", file)
	s.measure(st)
	ev := append(s.evidence(st), check.F("gopls", gopls), check.F("feature", name))
	diags := strings.TrimSpace(string(st.Result.Stdout))
	switch {
	case !st.OK():
		s.fail(st, check.Error, fmt.Sprintf("gopls (%s) fails on a one-file module for %s.", gopls, s.goVersion()),
			"The editor's language features need gopls to load the workspace.", nil)
	case diags != "":
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("gopls (%s) reports errors in correct code that uses %s: it cannot handle %s.", gopls, name, s.goVersion()),
			Detail: "`gopls check` printed:\n" + probe.Tail(diags) + "\n\nThe file compiles with " + s.goVersion() +
				": gopls type-checks with the Go it was built with, so an older one marks the newer language as errors in the editor.",
			Evidence: ev,
			Fix:      &check.Fix{Description: pass.Check.Doc.Fix},
		})
	default:
		pass.Observe(fmt.Sprintf("%s checked a file using %s cleanly (load and check %s)", gopls, name, roundDuration(st.Duration())), ev...)
	}
	return nil
}

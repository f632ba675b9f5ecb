package checks_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/settingfix"
)

// This file is the README's worked example of adding a check ("Design:
// adding a check"), kept compiling and passing here. In the product it
// would be internal/checks/golang/experiment.go plus one registry line.

// Experiment reports a GOEXPERIMENT the go command rejects.
var Experiment = &check.Check{
	ID:    "go/experiment",
	Title: "GOEXPERIMENT",
	Doc: check.Doc{
		What: "Whether the go command accepts GOEXPERIMENT.",
		Why:  "An unknown experiment stops every go command, even `go version`.",
		How:  "Error when `go env` fails with the go command's `unknown GOEXPERIMENT` message.",
		Fix:  "Unset GOEXPERIMENT where it is set, or name an experiment this Go knows.",
	},
	Run: func(pass *check.Pass) error {
		f := pass.Facts
		_, err := f.GoEnv()
		var failed *facts.GoEnvError
		if !errors.As(err, &failed) {
			pass.Observe("the go command accepts GOEXPERIMENT")
			return nil
		}
		// "go: unknown GOEXPERIMENT such"; the program's own name
		// comes first ("go.exe: " on Windows).
		msg := strings.TrimSpace(string(failed.Result.Stderr))
		if !strings.Contains(msg, ": unknown GOEXPERIMENT ") {
			return check.Skip("go env fails for another reason")
		}
		value, _ := f.LookupEnv("GOEXPERIMENT")
		st := &facts.Setting{Name: "GOEXPERIMENT", Value: value,
			Definition: facts.Definition{Source: facts.FromEnvironment, Value: value}}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  "GOEXPERIMENT names an experiment this Go does not know: every go command fails.",
			Detail:   "The go command prints `" + msg + "`.",
			Evidence: check.Evidence{check.F("GOEXPERIMENT ("+st.Label()+")", value)},
			Fix:      settingfix.Unset(f.GOOS(), st, "Unset GOEXPERIMENT."),
		})
		return nil
	},
}

const unknownExperiment = "go: unknown GOEXPERIMENT such\n"

// The go command names itself by its file name (internal/buildcfg.Check):
// "go" on Unix, "go.exe" when run by its path on Windows.
func TestWorkedExampleRealGo(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	cmd := exec.Command(gocmd, "env", "-json")
	cmd.Env = append(os.Environ(), "GOEXPERIMENT=nosuch", "GOTOOLCHAIN=local", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	want := filepath.Base(gocmd) + strings.TrimPrefix(unknownExperiment, "go")
	if err == nil || string(out) != want {
		t.Fatalf("GOEXPERIMENT=nosuch go env -json: %v, %q; want a failure printing %q", err, out, want)
	}
}

func TestWorkedExample(t *testing.T) {
	if err := check.Validate([]*check.Check{Experiment}); err != nil {
		t.Fatal(err)
	}
	m := factstest.NewMachine(t).Linux().
		Go("/usr/local/go", "go1.26.8").Path("/usr/local/go/bin").
		Export("GOEXPERIMENT=nosuch")
	// What the real go command prints (it strips the "no" prefix);
	// TestWorkedExampleRealGo proves it.
	m.Command("/usr/local/go/bin/go", factstest.Failure(1, unknownExperiment))

	r := checktest.Run(t, Experiment, m, facts.Options{})
	checktest.OnlyWithFix(t, r, check.Error, "go: unknown GOEXPERIMENT such", "GOEXPERIMENT (environment variable): nosuch", "unset GOEXPERIMENT")

	clean := factstest.NewMachine(t).Linux().Go("/usr/local/go", "go1.26.8").Path("/usr/local/go/bin")
	checktest.Clean(t, checktest.Run(t, Experiment, clean, facts.Options{}), "accepts")
}

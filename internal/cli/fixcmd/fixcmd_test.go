package fixcmd

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/diagnose"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/fixer"
	"github.com/godx-dev/godx/internal/iostreams"
)

// bomCheck proposes stripping a leading BOM from path.
func bomCheck(path string) *check.Check {
	return &check.Check{
		ID: "test/bom", Title: "BOM",
		Doc: check.Doc{What: "w", Why: "w", How: "h", Fix: "f"},
		Run: func(pass *check.Pass) error {
			data, err := os.ReadFile(path)
			if err != nil || !bytes.HasPrefix(data, []byte("\ufeff")) {
				pass.Observe("no BOM")
				return nil
			}
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  filepath.Base(path) + " starts with a BOM.",
				Fix: &check.Fix{Description: "Strip it.", Auto: check.EditFix(path, func(old []byte) ([]byte, error) {
					return bytes.TrimPrefix(old, []byte("\ufeff")), nil
				})},
			})
			return nil
		},
	}
}

func setup(t *testing.T) (path string, f *command.Factory, in, out *bytes.Buffer) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("LocalAppData", filepath.Join(home, "AppData", "Local"))
	path = filepath.Join(t.TempDir(), "main.go")
	if err := os.WriteFile(path, []byte("\ufeffpackage main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, in, out, _ := iostreams.Test()
	f = &command.Factory{IO: ios, OS: facts.System{}, Checks: func() []*check.Check { return []*check.Check{bomCheck(path)} }}
	return path, f, in, out
}

func content(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRun_RefusesFileChangedBetweenPlanAndApply(t *testing.T) {
	path, f, _, out := setup(t)
	o := &Options{Yes: true, Diagnose: diagnose.Options{Offline: true}, beforeApply: func() {
		os.WriteFile(path, []byte("\ufeffpackage main // saved by an editor\n"), 0o644)
	}}
	err := Run(context.Background(), f, o)
	var ee *command.ExitError
	if !errors.As(err, &ee) || ee.Code != 1 {
		t.Fatalf("err = %v, want exit status 1\n%s", err, out)
	}
	if !strings.Contains(out.String(), "refused: "+path+" changed after godx planned this fix") {
		t.Errorf("output:\n%s", out)
	}
	if got := content(t, path); got != "\ufeffpackage main // saved by an editor\n" {
		t.Errorf("file = %q", got)
	}
}

func TestRun_AsksOnATerminal(t *testing.T) {
	path, f, in, out := setup(t)
	f.IO.SetStdinTTY(true)
	f.IO.SetStdoutTTY(true)
	in.WriteString("n\n")
	if err := Run(context.Background(), f, &Options{Diagnose: diagnose.Options{Offline: true}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Apply these fixes? [y/N] ") || !strings.Contains(out.String(), "Nothing was changed.") || content(t, path) != "\ufeffpackage main\n" {
		t.Fatalf("declined:\n%s", out)
	}
	out.Reset()
	in.WriteString("y\n")
	if err := Run(context.Background(), f, &Options{Diagnose: diagnose.Options{Offline: true}}); err != nil {
		t.Fatal(err)
	}
	if content(t, path) != "package main\n" || !strings.Contains(out.String(), "fixed "+path) {
		t.Fatalf("accepted:\n%s", out)
	}
	// Idempotent.
	out.Reset()
	if err := Run(context.Background(), f, &Options{Diagnose: diagnose.Options{Offline: true}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Nothing to fix automatically.") {
		t.Fatalf("second run:\n%s", out)
	}
}

func TestRun_NoTerminalAppliesNothing(t *testing.T) {
	path, f, in, out := setup(t)
	in.WriteString("y\n") // not a terminal: never read
	f.IO.SetStdoutTTY(true)
	if err := Run(context.Background(), f, &Options{Diagnose: diagnose.Options{Offline: true}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Not a terminal, so nothing was changed") || content(t, path) != "\ufeffpackage main\n" {
		t.Fatalf("output:\n%s", out)
	}
}

func TestRun_UndoFlagsAreExclusive(t *testing.T) {
	_, f, _, _ := setup(t)
	if err := Run(context.Background(), f, &Options{Undo: true, DryRun: true}); !command.IsUsage(err) {
		t.Errorf("err = %v", err)
	}
}

// The diff quotes the file: a CR before the newline is ^M, a BOM <BOM>,
// any other control character is escaped, with or without colour.
func TestWriteDiffEscapesControlCharacters(t *testing.T) {
	d := "@@ -1,2 +1,2 @@\n-\ufeffpackage main\r\n+package main\r\n // \x1b]0;pwned\x07 a\rb\n"
	for _, color := range []bool{false, true} {
		ios, _, out, _ := iostreams.Test()
		ios.SetColorEnabled(color)
		fixer.WriteDiff(ios.Out, d, "   ", ios.ColorEnabled())
		got := out.String()
		for _, want := range []string{"-<BOM>package main^M", "+package main^M", ` // \x1b]0;pwned\x07 a\x0db`} {
			if !strings.Contains(got, want) {
				t.Errorf("color %v: diff lacks %q:\n%s", color, want, got)
			}
		}
		if strings.Contains(got, "\x1b]") || strings.ContainsAny(got, "\x07\r") {
			t.Errorf("color %v: raw control characters in %q", color, got)
		}
	}
}

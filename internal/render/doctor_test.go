package render

import (
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/report"
)

func sample() *report.Report {
	r := &report.Report{Duration: 61 * time.Millisecond, Checks: []report.CheckResult{
		{ID: "go/installed", Title: "Go command", Status: report.OK, Summary: "Go 1.26.8 linux/amd64 (/usr/local/go/bin/go)",
			Evidence: check.Evidence{check.F("GOROOT", "/usr/local/go")}, Findings: []check.Finding{}},
		{ID: "go/goroot", Title: "GOROOT", Status: report.Error, Findings: []check.Finding{{
			Severity: check.Error, Summary: "GOROOT=/opt/go1.22 is set, but the go command is go1.26.8.",
			Detail: "Builds fail with: compile: version \"go1.22.5\" does not match go tool version \"go1.26.8\"",
			Fix:    &check.Fix{Description: "Unset GOROOT (set in: environment).", Commands: []string{"unset GOROOT"}},
		}}},
		{ID: "module/mode", Title: "Module mode", Status: report.Skipped, Reason: "not inside a module", Findings: []check.Finding{}},
	}}
	r.Tally()
	return r
}

func TestDoctorTextUnicodeAndASCII(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	if err := DoctorText(ios, sample(), DoctorOptions{}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"[✓] Go command: Go 1.26.8 linux/amd64 (/usr/local/go/bin/go)\n",
		"[✗] GOROOT  (go/goroot)\n",
		"    ✗ GOROOT=/opt/go1.22 is set",
		"      fix: Unset GOROOT (set in: environment).\n",
		"           $ unset GOROOT\n",
		"1 problem (1 error) · 2 checks (1 skipped) · 61 ms\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Module mode") {
		t.Errorf("skipped checks are only listed with -v")
	}
	if strings.Contains(got, "\x1b[") {
		t.Errorf("colour without a terminal")
	}

	ios, _, out, _ = iostreams.Test()
	ios.SetUnicode(false)
	if err := DoctorText(ios, sample(), DoctorOptions{Verbose: true}); err != nil {
		t.Fatal(err)
	}
	got = out.String()
	for _, want := range []string{"[+] Go command", "[x] GOROOT", "[-] Module mode", "skipped: not inside a module", "GOROOT: /usr/local/go", " - 61 ms"} {
		if !strings.Contains(got, want) {
			t.Errorf("ASCII verbose output missing %q:\n%s", want, got)
		}
	}
	for _, r := range got {
		if r > 127 {
			t.Errorf("non-ASCII %q in ASCII output", r)
			break
		}
	}
}

func TestDoctorTextColour(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	ios.SetColorEnabled(true)
	if err := DoctorText(ios, sample(), DoctorOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "\x1b[31m[✗]\x1b[0m") {
		t.Errorf("errors should be red on a colour terminal:\n%q", out.String())
	}
}

// With --only, a selected check that did not run says why: otherwise
// `godx doctor --only go/caches` could print "No problems found" about a
// check that never ran.
func TestDoctorTextShowSkipped(t *testing.T) {
	r := sample()
	r.Checks = append(r.Checks, report.CheckResult{ID: "go/gopath", Title: "GOPATH", Status: report.Skipped,
		Reason: "not selected by --only", Deselected: true, Findings: []check.Finding{}})
	r.Tally()
	ios, _, out, _ := iostreams.Test()
	if err := DoctorText(ios, r, DoctorOptions{ShowSkipped: true}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.Contains(got, "[-] Module mode — skipped: not inside a module") {
		t.Errorf("selected but skipped check not shown:\n%s", got)
	}
	if strings.Contains(got, "GOPATH") {
		t.Errorf("a check --only left out is listed:\n%s", got)
	}
}

// Text from the machine (a hostile Makefile, a random ssh config) must not
// reach the terminal as control sequences.
func TestDoctorTextEscapesControlCharacters(t *testing.T) {
	r := &report.Report{Checks: []report.CheckResult{{ID: "debug/exposed", Title: "Delve", Status: report.Error, Findings: []check.Finding{{
		Severity: check.Error, Summary: "Makefile:3: dlv --listen=:1 \x1b[2J\x1b]0;owned\x07",
		Evidence: check.Evidence{check.F("line", "a\u202eb\xff")},
		Fix:      &check.Fix{Description: "use 127.0.0.1", Commands: []string{"sed -i 's/x/y/' Makefile\r"}},
	}}}}}
	r.Tally()
	ios, _, out, _ := iostreams.Test()
	if err := DoctorText(ios, r, DoctorOptions{}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.ContainsAny(got, "\x1b\x07\r\u202e") || strings.Contains(got, "\xff") {
		t.Errorf("control characters reached the terminal: %q", got)
	}
	for _, want := range []string{`\x1b[2J`, `\x07`, `\u{202e}`, `\xff`, `\x0d`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing escaped form %q in %q", want, got)
		}
	}
}

func TestDoctorTextVerboseListsCommands(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	r := &report.Report{Commands: []report.Command{
		{Argv: []string{"/usr/local/go/bin/go", "env", "-json"}, Duration: 12 * time.Millisecond},
		{Argv: []string{"/opt/my cc/gcc", "-E", "x\x1b]0;t\x07"}, Duration: 4 * time.Second, TimedOut: true, Error: "killed"},
		{Argv: []string{"/bin/false"}, ExitCode: 1, Error: "exit status 1"},
	}}
	if err := DoctorText(ios, r, DoctorOptions{Verbose: true}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"Commands run (3):\n",
		"    12 ms  /usr/local/go/bin/go env -json\n",
		"  4000 ms  '/opt/my cc/gcc' -E 'x\\x1b]0;t\\x07'  (stopped: out of time)\n",
		"/bin/false  (exit status 1)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	out.Reset()
	if err := DoctorText(ios, r, DoctorOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "Commands run") {
		t.Errorf("commands listed without -v:\n%s", out)
	}
}

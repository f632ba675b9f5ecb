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

package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/report"
)

// ciRoot is the checkout of ciSample's project.
var ciRoot = filepath.FromSlash("/work/repo")

// ciSample is a report with every kind of result the CI formats must
// carry: an error at a position in the checkout, a warning about a file
// outside it, an info without a position, a timeout, skipped and
// deselected checks, and hostile text (workflow-command syntax, XML and
// Markdown metacharacters, control characters, quotes and backslashes).
func ciSample() *report.Report {
	doc := check.Doc{What: "Reads go.mod.", Why: "Builds need it.", How: "Parses it.", Fix: "Edit it.", Errors: []string{"go: errors parsing go.mod:"}}
	r := &report.Report{
		Schema: report.Schema, GodxVersion: "v1.2.3",
		Duration: 1500 * time.Millisecond, DurationMS: 1500,
		Finished: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC),
		Context: report.Context{Dir: ciRoot, GOOS: "linux", GOARCH: "amd64", Go: "/usr/local/go/bin/go",
			GoVersion: "go1.26.8", GoMod: filepath.Join(ciRoot, "go.mod")},
		Checks: []report.CheckResult{
			{ID: "go/installed", Area: "go", Title: "Go command", Status: report.OK, Summary: "Go 1.26.8", Findings: []check.Finding{}, Doc: doc, Duration: 3 * time.Millisecond},
			{ID: "module/gomod", Area: "module", Title: "go.mod syntax", Status: report.Error, Doc: doc, Duration: 2 * time.Millisecond, Findings: []check.Finding{{
				Severity: check.Error, Summary: "go.mod does not parse: 100% broken, a::b, c\r\nd",
				Detail:   "  go: errors parsing go.mod:\n  go.mod:3: unknown directive: <script>",
				Evidence: check.Evidence{check.F("file", filepath.Join(ciRoot, "go.mod")), check.F("line", "3")},
				Fix:      &check.Fix{Description: "Edit line 3 | then `go mod tidy`.", Commands: []string{"go mod edit -fmt"}},
				Position: check.At(filepath.Join(ciRoot, "go.mod"), 3, 0),
			}}},
			{ID: "editor/vscode", Area: "editor", Title: `VS Code "settings", here`, Status: report.Warning, Doc: doc, Findings: []check.Finding{{
				Severity: check.Warning, Summary: "go.goroot in settings.json is \x1b[31m/opt/go\\old\"",
				Position: check.At(filepath.FromSlash("/home/me/.config/Code/User/settings.json"), 4, 5),
			}}},
			{ID: "go/version-support", Area: "go", Title: "Go release support", Status: report.Info, Doc: doc, Findings: []check.Finding{{
				Severity: check.Info, Summary: "A newer patch release exists.",
			}}},
			{ID: "source/bom", Area: "source", Title: "Byte order marks", Status: report.Timeout, Doc: doc, Findings: []check.Finding{{
				Severity: check.Warning, Summary: "The check did not finish within 5s and was abandoned.",
			}}},
			{ID: "tools/dlv", Area: "tools", Title: "Delve", Status: report.Skipped, Reason: "needs the network (--offline)", Findings: []check.Finding{}, Doc: doc},
			{ID: "git/autocrlf", Area: "git", Title: "autocrlf", Status: report.Skipped, Reason: "not selected by --only", Deselected: true, Findings: []check.Finding{}, Doc: doc},
		},
	}
	r.Tally()
	return r
}

// agreement is what every format must say alike about a report.
type agreement struct {
	findings map[string]int // severity -> count
	ids      []string       // check IDs with findings, in order, one per finding
}

func wantAgreement(r *report.Report) agreement {
	a := agreement{findings: map[string]int{"error": 0, "warning": 0, "info": 0}}
	for _, c := range r.Checks {
		for _, f := range c.Findings {
			a.findings[f.Severity.String()]++
			a.ids = append(a.ids, c.ID)
		}
	}
	return a
}

// TestFormatsAgree renders one report in every format, reads each back
// with a parser for that format, and compares the findings (IDs and
// severities, in order), the counts and the checks that ran.
func TestFormatsAgree(t *testing.T) {
	r := ciSample()
	want := wantAgreement(r)
	if want.findings["error"] != r.Summary.Errors || want.findings["warning"] != r.Summary.Warnings || want.findings["info"] != r.Summary.Infos {
		t.Fatalf("sample summary %+v disagrees with its findings %v", r.Summary, want.findings)
	}
	opts := ReportOptions{Root: ciRoot}
	got := map[Format]agreement{}
	for _, f := range Formats {
		var buf bytes.Buffer
		ios, _, _, _ := iostreams.Test()
		if err := WriteReport(&buf, ios, f, r, opts); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		got[f] = readBack(t, f, buf.Bytes())
	}
	for f, a := range got {
		if f == FormatText || f == FormatMarkdown || f == FormatOpenMetrics {
			// These carry no per-finding IDs in order: compare counts only.
			for sev, n := range want.findings {
				if a.findings[sev] != n {
					t.Errorf("%s: %d %s findings, want %d", f, a.findings[sev], sev, n)
				}
			}
			continue
		}
		if strings.Join(a.ids, " ") != strings.Join(want.ids, " ") {
			t.Errorf("%s: finding IDs %v, want %v", f, a.ids, want.ids)
		}
		for sev, n := range want.findings {
			if a.findings[sev] != n {
				t.Errorf("%s: %d %s findings, want %d", f, a.findings[sev], sev, n)
			}
		}
	}
}

// readBack parses one format's output into an agreement.
func readBack(t *testing.T, f Format, out []byte) agreement {
	t.Helper()
	a := agreement{findings: map[string]int{}}
	add := func(sev, id string) {
		a.findings[sev]++
		if id != "" {
			a.ids = append(a.ids, id)
		}
	}
	switch f {
	case FormatJSON:
		var doc report.Report
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatalf("json: %v", err)
		}
		for _, c := range doc.Checks {
			for _, fd := range c.Findings {
				add(fd.Severity.String(), c.ID)
			}
		}
	case FormatSARIF:
		var doc sarifLog
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatalf("sarif: %v", err)
		}
		levels := map[string]string{"error": "error", "warning": "warning", "note": "info"}
		for _, res := range doc.Runs[0].Results {
			if doc.Runs[0].Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
				t.Errorf("sarif: ruleIndex %d is not rule %s", res.RuleIndex, res.RuleID)
			}
			add(levels[res.Level], res.RuleID)
		}
	case FormatJUnit:
		// The failing cases are the errors (not --strict); their IDs are
		// the case names. Everything else is in system-out.
		var doc JUnitSuites
		if err := xml.Unmarshal(out, &doc); err != nil {
			t.Fatalf("junit: %v", err)
		}
		for _, s := range doc.Suites {
			for _, c := range s.Cases {
				texts := []string{}
				if c.Failure != nil {
					texts = append(texts, c.Failure.Text)
				}
				if c.SystemOut != nil {
					texts = append(texts, c.SystemOut.Text)
				}
				for _, text := range texts {
					for _, part := range strings.Split(text, "\n\n") {
						if sev, _, ok := strings.Cut(part, ": "); ok && (sev == "error" || sev == "warning" || sev == "info") {
							add(sev, c.Name)
						}
					}
				}
			}
		}
		a.ids = junitOrder(a.ids)
	case FormatGitHub:
		sev := map[string]string{"error": "error", "warning": "warning", "notice": "info"}
		for _, line := range strings.Split(string(out), "\n") {
			if c, ok := parseWorkflowCommand(line); ok {
				title := c.props["title"]
				add(sev[c.name], title[strings.LastIndex(title, "(")+1:len(title)-1])
			}
		}
	case FormatText:
		for _, line := range strings.Split(string(out), "\n") {
			switch {
			case strings.HasPrefix(line, "    ✗ "):
				add("error", "")
			case strings.HasPrefix(line, "    ! "):
				add("warning", "")
			case strings.HasPrefix(line, "    i "):
				add("info", "")
			}
		}
	case FormatMarkdown:
		for _, sev := range []string{"error", "warning", "info"} {
			a.findings[sev] = strings.Count(string(out), "\n**"+sev+":** ")
		}
	case FormatOpenMetrics:
		sc := bufio.NewScanner(bytes.NewReader(out))
		re := regexp.MustCompile(`^godx_findings\{severity="(\w+)"\} (\d+)$`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.Atoi(m[2])
				a.findings[m[1]] = n
			}
		}
	}
	return a
}

// junitOrder puts IDs read suite by suite (JUnit groups by area) back in
// the report's order, which the other formats keep.
func junitOrder(ids []string) []string {
	var out []string
	for _, c := range ciSample().Checks {
		for _, id := range ids {
			if id == c.ID {
				out = append(out, id)
			}
		}
	}
	return out
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "openmetrics") {
		t.Errorf("ParseFormat(xml) error %v should list the formats", err)
	}
}

// A file gets the text report without colour even when the terminal has it.
func TestWriteReportTextToFileHasNoColour(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	ios.SetColorEnabled(true)
	var buf bytes.Buffer
	if err := WriteReport(&buf, ios, FormatText, ciSample(), ReportOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "\x1b[") || !strings.Contains(buf.String(), "go.mod syntax") {
		t.Errorf("text report for a file:\n%q", buf.String())
	}
}

// BenchmarkFormats renders one report in each format: the formats must
// cost nothing next to the doctor run itself (tens of milliseconds).
func BenchmarkFormats(b *testing.B) {
	r := ciSample()
	ios, _, _, _ := iostreams.Test()
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				if err := WriteReport(io.Discard, ios, f, r, ReportOptions{Root: ciRoot}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

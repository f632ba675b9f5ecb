package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

// The JUnit document as a reader knows it (Jenkins' and GitLab's
// parsers read these elements and attributes), declared here apart from
// the writer's types so that a mistake in those cannot cancel out.
type (
	xunitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Suites   []xunitSuite `xml:"testsuite"`
	}
	xunitSuite struct {
		Name      string      `xml:"name,attr"`
		Tests     int         `xml:"tests,attr"`
		Timestamp string      `xml:"timestamp,attr"`
		Cases     []xunitCase `xml:"testcase"`
	}
	xunitCase struct {
		Name      string `xml:"name,attr"`
		Classname string `xml:"classname,attr"`
		Time      string `xml:"time,attr"`
		Failure   *struct {
			Message string `xml:"message,attr"`
			Type    string `xml:"type,attr"`
			Text    string `xml:",chardata"`
		} `xml:"failure"`
		Skipped *struct {
			Message string `xml:"message,attr"`
		} `xml:"skipped"`
		SystemOut *string `xml:"system-out"`
	}
)

func renderJUnit(t *testing.T, strict bool) (string, xunitSuites) {
	t.Helper()
	var buf bytes.Buffer
	if err := JUnit(&buf, ciSample(), ReportOptions{Strict: strict}); err != nil {
		t.Fatal(err)
	}
	var doc xunitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	return buf.String(), doc
}

func junitCases(doc xunitSuites) map[string]xunitCase {
	cases := map[string]xunitCase{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			cases[c.Name] = c
		}
	}
	return cases
}

func TestJUnitOneCasePerCheck(t *testing.T) {
	out, doc := renderJUnit(t, false)
	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration:\n%s", out)
	}
	cases := junitCases(doc)
	if len(cases) != len(ciSample().Checks) || doc.Tests != len(cases) {
		t.Fatalf("%d cases (tests=%d) for %d checks", len(cases), doc.Tests, len(ciSample().Checks))
	}
	// Without --strict only the error fails.
	if doc.Failures != 1 || doc.Skipped != 2 || doc.Errors != 0 {
		t.Errorf("totals: tests %d failures %d skipped %d errors %d", doc.Tests, doc.Failures, doc.Skipped, doc.Errors)
	}
	g := cases["module/gomod"]
	if g.Classname != "godx.module" || g.Failure == nil || g.Failure.Type != "error" ||
		!strings.HasPrefix(g.Failure.Message, "go.mod syntax: go.mod does not parse") || !strings.Contains(g.Failure.Text, "fix: Edit line 3 | then `go mod tidy`.") {
		t.Errorf("module/gomod: %+v %+v", g, g.Failure)
	}
	if strings.ContainsAny(g.Failure.Message, "\r\n") {
		t.Errorf("the failure message must be one line: %q", g.Failure.Message)
	}
	if !strings.Contains(g.Failure.Text, "<script>") {
		t.Errorf("markup in the text must come back as text: %q", g.Failure.Text)
	}
	v := cases["editor/vscode"]
	if v.Failure != nil || v.SystemOut == nil || !strings.HasPrefix(*v.SystemOut, "warning: ") {
		t.Errorf("a warning passes (not --strict) and is shown: %+v", v)
	}
	if d := cases["tools/dlv"]; d.Skipped == nil || d.Skipped.Message != "needs the network (--offline)" {
		t.Errorf("skipped: %+v", d)
	}
	if ok := cases["go/installed"]; ok.Failure != nil || ok.Skipped != nil || ok.Time != "0.003" {
		t.Errorf("passing case: %+v", ok)
	}
	for _, s := range doc.Suites {
		if !strings.HasPrefix(s.Name, "godx.") || s.Tests != len(s.Cases) || s.Timestamp != "2026-03-04T05:06:05" {
			t.Errorf("suite %s: tests %d for %d cases, timestamp %q", s.Name, s.Tests, len(s.Cases), s.Timestamp)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("control character in the XML")
	}
}

// Under --strict a warning (and a timeout, which is one) fails its case,
// as it fails the exit status.
func TestJUnitStrict(t *testing.T) {
	_, doc := renderJUnit(t, true)
	cases := junitCases(doc)
	if doc.Failures != 3 {
		t.Errorf("failures = %d, want 3 (error, warning, timeout)", doc.Failures)
	}
	for _, id := range []string{"editor/vscode", "source/bom"} {
		if c := cases[id]; c.Failure == nil || c.Failure.Type != "warning" {
			t.Errorf("%s under --strict: %+v", id, c)
		}
	}
	if c := cases["go/version-support"]; c.Failure != nil || c.SystemOut == nil {
		t.Errorf("an info never fails: %+v", c)
	}
}

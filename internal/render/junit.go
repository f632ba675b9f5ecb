package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
)

// JUnit XML, in the shape Jenkins, GitLab, Azure DevOps and the JUnit
// reporters of GitHub Actions read: <testsuites> of <testsuite>s of
// <testcase>s, each with an optional <failure> or <skipped>. The types
// are exported so that the soak report (and tests) write and read the
// same structure.
type (
	JUnitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr,omitempty"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Time     string       `xml:"time,attr,omitempty"`
		Suites   []JUnitSuite `xml:"testsuite"`
	}
	JUnitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       string          `xml:"time,attr,omitempty"`
		Timestamp  string          `xml:"timestamp,attr,omitempty"`
		Properties []JUnitProperty `xml:"properties>property,omitempty"`
		Cases      []JUnitCase     `xml:"testcase"`
	}
	JUnitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	JUnitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr,omitempty"`
		Failure   *JUnitMessage `xml:"failure,omitempty"`
		Skipped   *JUnitMessage `xml:"skipped,omitempty"`
		SystemOut *JUnitText    `xml:"system-out,omitempty"`
	}
	// JUnitText is element content, written as CDATA so that multi-line
	// text stays readable in the file.
	JUnitText struct {
		Text string `xml:",cdata"`
	}
	// JUnitMessage is a <failure> or <skipped>: a one-line message, a
	// type, and the full text as content.
	JUnitMessage struct {
		Message string `xml:"message,attr,omitempty"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",cdata"`
	}
)

// Count fills in the suites' and the document's totals from their cases.
func (s *JUnitSuites) Count() {
	s.Tests, s.Failures, s.Errors, s.Skipped = 0, 0, 0, 0
	for i := range s.Suites {
		su := &s.Suites[i]
		su.Tests, su.Failures, su.Errors, su.Skipped = len(su.Cases), 0, 0, 0
		for _, c := range su.Cases {
			switch {
			case c.Failure != nil:
				su.Failures++
			case c.Skipped != nil:
				su.Skipped++
			}
		}
		s.Tests += su.Tests
		s.Failures += su.Failures
		s.Skipped += su.Skipped
	}
}

// Write writes the document with an XML declaration.
func (s *JUnitSuites) Write(w io.Writer) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(s); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// JUnitSeconds is a duration as JUnit's time attribute (seconds).
func JUnitSeconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}

// JUnit writes the report as JUnit XML: one test suite per area, one test
// case per check (named by its ID, class godx.<area>). An error finding
// fails the case, and so does a warning (or a timeout or crash) under
// Strict, as they decide the exit status; a skipped check is skipped with
// its reason. Findings that do not fail the case are in its system-out.
func JUnit(w io.Writer, r *report.Report, opts ReportOptions) error {
	doc := &JUnitSuites{Name: "godx doctor", Time: JUnitSeconds(r.Duration)}
	index := map[string]int{}
	for _, c := range r.Checks {
		i, ok := index[c.Area]
		if !ok {
			i = len(doc.Suites)
			index[c.Area] = i
			doc.Suites = append(doc.Suites, JUnitSuite{Name: "godx." + c.Area})
		}
		doc.Suites[i].Cases = append(doc.Suites[i].Cases, junitCase(c, opts.Strict))
	}
	if !r.Finished.IsZero() {
		for i := range doc.Suites {
			doc.Suites[i].Timestamp = r.Finished.Add(-r.Duration).UTC().Format("2006-01-02T15:04:05")
		}
	}
	if len(doc.Suites) > 0 {
		ctx := r.Context
		first := &doc.Suites[0]
		for _, p := range [][2]string{{"dir", ctx.Dir}, {"go", ctx.Go}, {"go_version", ctx.GoVersion}, {"goos", ctx.GOOS}, {"goarch", ctx.GOARCH}, {"godx_version", r.GodxVersion}} {
			if p[1] != "" {
				first.Properties = append(first.Properties, JUnitProperty{Name: p[0], Value: printable.Line(p[1])})
			}
		}
	}
	doc.Count()
	return doc.Write(w)
}

func junitCase(c report.CheckResult, strict bool) JUnitCase {
	tc := JUnitCase{Name: c.ID, Classname: "godx." + c.Area, Time: JUnitSeconds(c.Duration)}
	if c.Status == report.Skipped {
		tc.Time = ""
		tc.Skipped = &JUnitMessage{Message: printable.Line(c.Reason)}
		return tc
	}
	var failed, other []string
	var first *check.Finding
	for i, f := range c.Findings {
		text := f.Severity.String() + ": " + findingText(f)
		if f.Severity == check.Error || strict && f.Severity == check.Warning {
			failed = append(failed, text)
			if first == nil {
				first = &c.Findings[i]
			}
		} else {
			other = append(other, text)
		}
	}
	if first != nil {
		msg := printable.Line(c.Title + ": " + first.Summary)
		if len(failed) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(failed)-1)
		}
		tc.Failure = &JUnitMessage{Message: msg, Type: first.Severity.String(), Text: strings.Join(failed, "\n\n")}
	}
	if len(other) > 0 {
		tc.SystemOut = &JUnitText{strings.Join(other, "\n\n")}
	} else if c.Summary != "" && first == nil {
		tc.SystemOut = &JUnitText{printable.Text(c.Title + ": " + c.Summary)}
	}
	return tc
}

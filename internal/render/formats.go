package render

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
)

// Format is one way to print the doctor's report. Every format reads the
// same report.Report, so they agree on checks, findings and counts.
type Format string

const (
	FormatText        Format = "text"        // for people (DoctorText)
	FormatJSON        Format = "json"        // godx.doctor/v1
	FormatGitHub      Format = "github"      // GitHub Actions workflow commands
	FormatSARIF       Format = "sarif"       // SARIF 2.1.0 (code scanning)
	FormatJUnit       Format = "junit"       // JUnit XML (any CI's test tab)
	FormatMarkdown    Format = "markdown"    // PR comments, job summaries, bug reports
	FormatOpenMetrics Format = "openmetrics" // Prometheus textfile collector
)

// Formats lists every format, in the order the help text shows them.
var Formats = []Format{FormatText, FormatJSON, FormatGitHub, FormatSARIF, FormatJUnit, FormatMarkdown, FormatOpenMetrics}

// ParseFormat accepts a format's name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (one of %s)", s, strings.Join(names, ", "))
}

// ReportOptions tune the formats beyond the text report's own options.
type ReportOptions struct {
	DoctorOptions
	// Strict makes warnings count as failures (JUnit), as --strict makes
	// them fail the exit status.
	Strict bool
	// Root is the folder file positions are made relative to (GitHub
	// annotations, SARIF locations): the repository checkout. Empty means
	// the report's project folder.
	Root string
}

// WriteReport writes r in format f to w. ios decides colour and symbols
// of the text format; the other formats never use colour.
func WriteReport(w io.Writer, ios *iostreams.IOStreams, f Format, r *report.Report, opts ReportOptions) error {
	switch f {
	case FormatText:
		out := ios
		if w != ios.Out {
			// A file gets the symbols of the terminal but never its colours.
			out = &iostreams.IOStreams{Out: w}
			out.SetUnicode(ios.Unicode())
		}
		return DoctorText(out, r, opts.DoctorOptions)
	case FormatJSON:
		return JSON(w, r)
	case FormatGitHub:
		return GitHub(w, r, opts)
	case FormatSARIF:
		return SARIF(w, r, opts)
	case FormatJUnit:
		return JUnit(w, r, opts)
	case FormatMarkdown:
		return Markdown(w, r)
	case FormatOpenMetrics:
		return OpenMetrics(w, r)
	}
	return fmt.Errorf("unknown format %q", f)
}

// root is the folder positions are relative to.
func (o ReportOptions) root(r *report.Report) string {
	if o.Root != "" {
		return o.Root
	}
	return r.Context.Dir
}

// relativePosition is p's file relative to root with forward slashes, and
// false when the file is not inside root (a user settings file, the go env
// file): such a file is not in the repository a CI run annotates.
func relativePosition(root string, p *check.Position) (string, bool) {
	if p == nil || root == "" {
		return "", false
	}
	rel, err := filepath.Rel(root, p.File)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// findingText is a finding as plain text for formats that carry one
// message per finding (annotations, JUnit failures, SARIF results): the
// summary, then the detail, evidence and fix, each on its own lines, with
// control characters escaped.
func findingText(f check.Finding) string {
	var b strings.Builder
	b.WriteString(f.Summary)
	if f.Detail != "" {
		b.WriteString("\n" + strings.TrimRight(f.Detail, "\n"))
	}
	for _, e := range f.Evidence {
		b.WriteString("\n" + e.Key + ": " + e.Value)
	}
	if f.Fix != nil {
		if f.Fix.Description != "" {
			b.WriteString("\nfix: " + f.Fix.Description)
		}
		for _, c := range f.Fix.Commands {
			b.WriteString("\n$ " + c)
		}
	}
	return printable.Text(b.String())
}

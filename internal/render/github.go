package render

import (
	"io"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
)

// GitHub writes the report as GitHub Actions workflow commands: one
// annotation per finding (::error, ::warning or ::notice for an info),
// with file, line and col when the finding has a position inside root
// (the checkout), so the annotation lands on that line of the diff; a
// finding without one (or about a file outside the checkout, such as the
// user's settings.json) is a plain annotation of the run. The last line
// is the text report's summary line, as plain log text.
func GitHub(w io.Writer, r *report.Report, opts ReportOptions) error {
	ew := &errWriter{w: w}
	root := opts.root(r)
	for _, c := range r.Checks {
		for _, f := range c.Findings {
			props := []string{}
			if rel, ok := relativePosition(root, f.Position); ok {
				props = append(props, "file="+githubProperty(rel))
				if f.Position.Line > 0 {
					props = append(props, "line="+strconv.Itoa(f.Position.Line))
					if f.Position.Column > 0 {
						props = append(props, "col="+strconv.Itoa(f.Position.Column))
					}
				}
			}
			props = append(props, "title="+githubProperty(printable.Line(c.Title+" ("+c.ID+")")))
			ew.printf("::%s %s::%s\n", githubCommand(f.Severity), strings.Join(props, ","), githubData(findingText(f)))
		}
	}
	ew.printf("%s\n", summaryLine(style{unicode: true}, r))
	return ew.err
}

func githubCommand(s check.Severity) string {
	switch s {
	case check.Error:
		return "error"
	case check.Warning:
		return "warning"
	}
	return "notice"
}

// githubData escapes a command's message as the Actions runner unescapes
// it (actions/toolkit's escapeData): '%', CR and LF. A newline becomes
// %0A, which the annotation shows as a line break, so no text from the
// machine can start a line of its own and issue a command.
func githubData(s string) string {
	return githubEscaper.Replace(s)
}

// githubProperty escapes a property value (escapeProperty): the data
// characters plus ':' and ',', which separate properties.
func githubProperty(s string) string {
	return githubPropertyEscaper.Replace(s)
}

var (
	githubEscaper         = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

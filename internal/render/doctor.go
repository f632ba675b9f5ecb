package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/shellquote"
)

// DoctorOptions tune the text report.
type DoctorOptions struct {
	// Verbose also prints passing checks' evidence, skipped checks, and
	// every check's duration.
	Verbose bool
	// ShowSkipped prints the checks that were selected but did not run
	// (set with --only: the user asked for those checks by name or area).
	ShowSkipped bool
}

// DoctorText writes the human report. Problems come with their evidence
// and fix; passing checks get one line.
func DoctorText(ios *iostreams.IOStreams, r *report.Report, opts DoctorOptions) error {
	s := styleFor(ios)
	w := &errWriter{w: ios.Out}
	for _, c := range r.Checks {
		if c.Status == report.Skipped && (!(opts.Verbose || opts.ShowSkipped) || c.Deselected) {
			continue
		}
		writeCheck(w, s, c, opts)
	}
	if opts.Verbose {
		writeCommands(w, s, r.Commands)
	}
	w.printf("\n%s\n", summaryLine(s, r))
	return w.err
}

func writeCheck(w *errWriter, s style, c report.CheckResult, opts DoctorOptions) {
	c = printableResult(c)
	line := s.badge(c.Status) + " " + c.Title
	switch {
	case c.Status == report.Skipped:
		line += s.paint(dim, s.dash()+"skipped: "+c.Reason)
	case c.Summary != "":
		line += ": " + c.Summary
	}
	if len(c.Findings) > 0 || opts.Verbose {
		line += s.paint(dim, "  ("+c.ID+")")
	}
	if opts.Verbose && c.Status != report.Skipped {
		line += s.paint(dim, "  "+formatDuration(c.Duration))
	}
	w.printf("%s\n", line)
	if opts.Verbose {
		for _, e := range c.Evidence {
			w.printf("      %s\n", s.paint(dim, e.Key+": "+e.Value))
		}
	}
	for _, f := range c.Findings {
		writeFinding(w, s, f, opts)
	}
}

func writeFinding(w *errWriter, s style, f check.Finding, opts DoctorOptions) {
	const indent = "      "
	w.printf("    %s %s\n", s.mark(report.StatusOf(f.Severity)), indentRest(f.Summary, indent))
	if f.Detail != "" {
		w.printf("%s%s\n", indent, indentRest(f.Detail, indent))
	}
	if opts.Verbose || f.Severity > check.Info {
		for _, e := range f.Evidence {
			w.printf("%s%s\n", indent, s.paint(dim, e.Key+": "+indentRest(e.Value, indent+"  ")))
		}
	}
	if f.Fix != nil {
		if f.Fix.Description != "" {
			w.printf("%s%s %s\n", indent, s.paint(bold, "fix:"), indentRest(f.Fix.Description, indent+"     "))
		}
		for _, cmd := range f.Fix.Commands {
			prefix := "     "
			if f.Fix.Description == "" {
				prefix = s.paint(bold, "fix:") + " "
			}
			w.printf("%s%s%s\n", indent, prefix, s.paint(bold, "$ "+cmd))
		}
	}
}

// writeCommands lists the programs the doctor started and their times.
func writeCommands(w *errWriter, s style, cmds []report.Command) {
	if len(cmds) == 0 {
		w.printf("\nCommands run: none\n")
		return
	}
	w.printf("\nCommands run (%d):\n", len(cmds))
	for _, c := range cmds {
		line := fmt.Sprintf("  %7s  %s", formatDuration(c.Duration), printable.Line(quoteArgv(c.Argv)))
		switch {
		case c.TimedOut:
			line += s.paint(dim, "  (stopped: out of time)")
		case c.Error != "":
			line += s.paint(dim, "  ("+printable.Line(c.Error)+")")
		}
		w.printf("%s\n", line)
	}
}

// quoteArgv is a command as a user would type it in a POSIX shell.
func quoteArgv(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = shellquote.POSIX(a)
	}
	return strings.Join(q, " ")
}

func summaryLine(s style, r *report.Report) string {
	var parts []string
	problems := r.Summary.Errors + r.Summary.Warnings
	switch {
	case problems == 0:
		parts = append(parts, s.paint(green, "No problems found"))
	default:
		var kinds []string
		if n := r.Summary.Errors; n > 0 {
			kinds = append(kinds, s.paint(red, english.Count(n, "error", "errors")))
		}
		if n := r.Summary.Warnings; n > 0 {
			kinds = append(kinds, s.paint(yellow, english.Count(n, "warning", "warnings")))
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", english.Count(problems, "problem", "problems"), strings.Join(kinds, ", ")))
	}
	if n := r.Summary.Infos; n > 0 {
		parts = append(parts, english.Count(n, "note", "notes"))
	}
	checks := english.Count(r.Summary.Checks, "check", "checks")
	// Checks left out by --only/--skip are the user's choice, not news.
	skipped := 0
	for _, c := range r.Checks {
		if c.Status == report.Skipped && !c.Deselected {
			skipped++
		}
	}
	if n := skipped; n > 0 {
		checks += fmt.Sprintf(" (%d skipped)", n)
	}
	parts = append(parts, checks, formatDuration(r.Duration))
	return strings.Join(parts, s.dot())
}

func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return "<1 ms"
	case d < 10*time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return d.Round(100 * time.Millisecond).String()
}

// indentRest indents every line after the first.
func indentRest(text, indent string) string {
	return strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\n"+indent)
}

// errWriter remembers the first write error so a closed pipe is reported
// once instead of after every line.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

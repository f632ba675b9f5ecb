package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/printable"
	"github.com/godx-dev/godx/internal/report"
)

// Markdown writes the report as a GitHub-flavoured Markdown document: a
// heading with the summary line, a table of the checks that ran, each
// problem and note with its evidence and fix, and the skipped checks
// folded away. It is what a PR comment, a job summary and godx bugreport
// show. Text from the machine is escaped (Markdown punctuation, control
// characters), set as code, or put in fenced blocks, so a hostile value
// cannot add links, images or HTML.
func Markdown(w io.Writer, r *report.Report) error {
	return MarkdownSection(w, r, "#")
}

// MarkdownSection writes the report under a heading of the given level
// ("#", "##"), for documents that embed it.
func MarkdownSection(w io.Writer, r *report.Report, level string) error {
	ew := &errWriter{w: w}
	ew.printf("%s godx doctor\n\n", level)
	ew.printf("**%s**\n\n", mdText(summaryLine(style{unicode: true}, r)))
	ctx := r.Context
	var about []string
	if ctx.GoVersion != "" {
		about = append(about, "Go "+mdCode(ctx.GoVersion))
	}
	if ctx.Go != "" {
		about = append(about, "go command "+mdCode(ctx.Go))
	}
	about = append(about, mdCode(ctx.GOOS+"/"+ctx.GOARCH), "folder "+mdCode(ctx.Dir))
	if r.GodxVersion != "" {
		about = append(about, "godx "+mdCode(r.GodxVersion))
	}
	ew.printf("%s\n\n", strings.Join(about, " · "))

	ew.printf("| | Check | ID | Result |\n|---|---|---|---|\n")
	var skipped []report.CheckResult
	for _, c := range r.Checks {
		if c.Status == report.Skipped {
			if !c.Deselected {
				skipped = append(skipped, c)
			}
			continue
		}
		result := c.Summary
		if n := len(c.Findings); n > 0 {
			result = c.Findings[0].Summary
			if n > 1 {
				result += fmt.Sprintf(" (and %d more)", n-1)
			}
		}
		ew.printf("| %s | %s | %s | %s |\n", mdStatus(c.Status), mdCell(c.Title), mdCode(c.ID), mdCell(result))
	}
	for _, c := range r.Checks {
		if len(c.Findings) == 0 {
			continue
		}
		ew.printf("\n%s# %s %s (%s)\n", level, mdStatus(c.Status), mdText(c.Title), mdCode(c.ID))
		for _, f := range c.Findings {
			writeMarkdownFinding(ew, f)
		}
	}
	if len(skipped) > 0 {
		ew.printf("\n<details><summary>%d skipped</summary>\n\n", len(skipped))
		for _, c := range skipped {
			ew.printf("- %s (%s): %s\n", mdText(c.Title), mdCode(c.ID), mdText(c.Reason))
		}
		ew.printf("\n</details>\n")
	}
	return ew.err
}

func writeMarkdownFinding(ew *errWriter, f check.Finding) {
	ew.printf("\n**%s:** %s\n", f.Severity, mdText(f.Summary))
	if f.Position != nil {
		where := f.Position.File
		if f.Position.Line > 0 {
			where += fmt.Sprintf(":%d", f.Position.Line)
			if f.Position.Column > 0 {
				where += fmt.Sprintf(":%d", f.Position.Column)
			}
		}
		ew.printf("\nat %s\n", mdCode(where))
	}
	if f.Detail != "" {
		ew.printf("\n%s", mdFence("text", f.Detail))
	}
	if len(f.Evidence) > 0 {
		ew.printf("\n| Evidence | Value |\n|---|---|\n")
		for _, e := range f.Evidence {
			ew.printf("| %s | %s |\n", mdCell(e.Key), mdCodeCell(e.Value))
		}
	}
	if f.Fix != nil {
		if f.Fix.Description != "" {
			ew.printf("\n**fix:** %s\n", mdText(f.Fix.Description))
		}
		if len(f.Fix.Commands) > 0 {
			ew.printf("\n%s", mdFence("sh", strings.Join(f.Fix.Commands, "\n")))
		}
	}
}

func mdStatus(s report.Status) string {
	switch s {
	case report.OK:
		return "✅"
	case report.Info:
		return "ℹ️"
	case report.Error:
		return "❌"
	case report.Skipped:
		return "➖"
	}
	return "⚠️" // warning, timeout, crashed
}

// mdText escapes s for running Markdown text: control characters are
// shown as escapes, the characters that are Markdown or HTML syntax
// anywhere (\ ` * _ [ ] < > | ~ &) get a backslash, and so do those that
// are syntax at the start of a line (# - + =); newlines
// become hard line breaks.
func mdText(s string) string {
	s = printable.Text(s)
	var b strings.Builder
	lineStart := true
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString("  ")
		case r < 0x80 && strings.ContainsRune("\\`*_[]<>|~&", r):
			b.WriteByte('\\')
		case lineStart && r < 0x80 && strings.ContainsRune("#-+=", r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		lineStart = r == '\n' || lineStart && (r == ' ' || r == '\t')
	}
	return b.String()
}

// mdCell is mdText for a table cell, where a line break must be <br>.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "  \n", "<br>")
}

// mdCode sets s as inline code, with a backtick fence longer than any
// run of backticks in s.
func mdCode(s string) string {
	s = printable.Line(s)
	if s == "" {
		return "(empty)"
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// mdCodeCell is mdCode for a table cell: a '|' must be escaped even in
// code (GitHub's table rule).
func mdCodeCell(s string) string {
	return strings.ReplaceAll(mdCode(s), "|", `\|`)
}

// mdFence sets text as a fenced block, with a fence longer than any run
// of backticks in it.
func mdFence(lang, text string) string {
	text = printable.Text(strings.TrimRight(text, "\n"))
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	return fence + lang + "\n" + text + "\n" + fence + "\n"
}

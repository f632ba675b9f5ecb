package render

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/report"
)

// printable makes text taken from the machine (file contents, command
// output, paths) safe to print on a terminal: control characters other than
// newline and tab, invalid UTF-8 and bidirectional overrides are shown as
// \xNN / \u{NNNN} escapes, so a hostile Makefile or ssh config cannot move
// the cursor, recolour the screen or reorder what the user reads.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u{%04x}`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}

// printableResult applies printable to every text of a check result.
func printableResult(c report.CheckResult) report.CheckResult {
	c.Title, c.Summary, c.Reason = printable(c.Title), printable(c.Summary), printable(c.Reason)
	c.Evidence = printableEvidence(c.Evidence)
	fs := make([]check.Finding, len(c.Findings))
	for i, f := range c.Findings {
		f.Summary, f.Detail = printable(f.Summary), printable(f.Detail)
		f.Evidence = printableEvidence(f.Evidence)
		if f.Fix != nil {
			fx := *f.Fix
			fx.Description = printable(fx.Description)
			fx.Commands = make([]string, len(f.Fix.Commands))
			for j, cmd := range f.Fix.Commands {
				fx.Commands[j] = printable(cmd)
			}
			f.Fix = &fx
		}
		fs[i] = f
	}
	c.Findings = fs
	return c
}

func printableEvidence(ev check.Evidence) check.Evidence {
	out := make(check.Evidence, len(ev))
	for i, e := range ev {
		out[i] = check.F(printable(e.Key), printable(e.Value))
	}
	return out
}

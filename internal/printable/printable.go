// Package printable makes text taken from the machine safe to print on a
// terminal. It is the one escaper: every text output of godx (the doctor,
// godx env, godx fix's plan and diff, soak's summary, the toolchain and
// shell-init messages) passes file contents, command output, paths and
// setting values through it, so a hostile value cannot move the cursor,
// retitle or recolour the terminal, or reorder what the user reads. JSON
// output is not escaped: encoding/json escapes control characters itself.
package printable

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Text shows control characters other than newline and tab, invalid UTF-8
// and bidirectional overrides as \xNN / \u{NNNN} escapes. Text that needs
// none is returned unchanged.
func Text(s string) string { return escape(s, false) }

// Line is Text that also escapes newline and tab, for a value that must
// stay on one line or in one table cell (a setting's value, a path).
func Line(s string) string { return escape(s, true) }

func escape(s string, line bool) string {
	clean := true
	for _, r := range s {
		if unsafeRune(r, line) {
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
		case r < 0x80 && unsafeRune(r, line):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r, line):
			fmt.Fprintf(&b, `\u{%04x}`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func unsafeRune(r rune, line bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return line
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
		return true
	case r == utf8.RuneError:
		return true
	}
	return false
}

// Writer returns a writer that passes everything written through Text:
// for a command whose text output is made of many lines that quote the
// machine (paths, versions, command output). Each Write is escaped on its
// own, so write whole strings (as fmt.Fprintf does), never split runes.
// It must not carry terminal colours or JSON: write those to w itself.
func Writer(w io.Writer) io.Writer { return &writer{w} }

type writer struct{ w io.Writer }

func (p *writer) Write(b []byte) (int, error) {
	s := Text(string(b))
	if _, err := io.WriteString(p.w, s); err != nil {
		return 0, err
	}
	return len(b), nil
}

// Package render turns result models into text for people (terminal or
// pipe) or JSON for programs. Both read the same model.
package render

import (
	"encoding/json"
	"io"

	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/report"
)

// style applies colour and picks Unicode or ASCII symbols.
type style struct {
	color, unicode bool
}

func styleFor(io *iostreams.IOStreams) style {
	return style{color: io.ColorEnabled(), unicode: io.Unicode()}
}

const (
	red    = "31"
	green  = "32"
	yellow = "33"
	blue   = "34"
	dim    = "2"
	bold   = "1"
)

func (s style) paint(code, text string) string {
	if !s.color || text == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// badge is the bracketed status at the start of a check's line.
func (s style) badge(st report.Status) string {
	sym, code := s.symbol(st)
	return s.paint(code, "["+sym+"]")
}

// mark is the bare symbol in front of a finding.
func (s style) mark(st report.Status) string {
	sym, code := s.symbol(st)
	return s.paint(code, sym)
}

func (s style) symbol(st report.Status) (string, string) {
	u := s.unicode
	pick := func(uni, ascii string) string {
		if u {
			return uni
		}
		return ascii
	}
	switch st {
	case report.OK:
		return pick("✓", "+"), green
	case report.Info:
		return "i", blue
	case report.Warning, report.Timeout, report.Crashed:
		return "!", yellow
	case report.Error:
		return pick("✗", "x"), red
	}
	return "-", dim
}

func (s style) dot() string {
	if s.unicode {
		return " · "
	}
	return " - "
}

// JSON writes v as indented JSON (HTML characters unescaped: the output
// is for terminals and programs, not web pages).
func JSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func (s style) dash() string {
	if s.unicode {
		return " — "
	}
	return " -- "
}

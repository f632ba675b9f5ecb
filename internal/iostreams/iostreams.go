// Package iostreams is godx's one door to the terminal: where output goes,
// whether it is a terminal, and whether colour and Unicode may be used.
// Commands write only through it, so every command is testable without a
// terminal (Test returns buffers, and tests flip the TTY switches).
package iostreams

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"strings"

	"golang.org/x/term"
)

// IOStreams holds the standard streams and what they are connected to.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdoutTTY, stderrTTY bool
	stdinTTY             bool
	color, unicode       bool
}

// System is the real process streams. Environment knobs:
// NO_COLOR (any value) disables colour; CLICOLOR_FORCE=1 forces it;
// GODX_ASCII=1 forces plain ASCII symbols; TERM=dumb disables both.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
	s.stdoutTTY = isTerminal(os.Stdout)
	// stderr carries the live status lines, which need escape sequences:
	// a Windows console that cannot interpret them gets none.
	s.stderrTTY = isTerminal(os.Stderr) && enableVT(os.Stderr)
	s.stdinTTY = isTerminal(os.Stdin)
	s.color = ColorWanted(s.stdoutTTY, os.Getenv) && (!s.stdoutTTY || enableVT(os.Stdout))
	s.unicode = UnicodeWanted(runtime.GOOS, os.Getenv)
	return s
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// ColorWanted decides colour the way most CLIs agree on (no-color.org,
// CLICOLOR_FORCE): only on a terminal, never when NO_COLOR is set.
func ColorWanted(stdoutTTY bool, getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	if f := getenv("CLICOLOR_FORCE"); f != "" && f != "0" {
		return true
	}
	return stdoutTTY
}

// UnicodeWanted reports whether ✓ ✗ can be expected to display. On Unix it
// follows the locale (LC_ALL, then LC_CTYPE, then LANG); with no locale set
// at all it stays with ASCII. On Windows only terminals known to render
// them (Windows Terminal, VS Code, ConEmu) get them: the classic console's
// default fonts show boxes.
func UnicodeWanted(goos string, getenv func(string) string) bool {
	if v := getenv("GODX_ASCII"); v != "" && v != "0" {
		return false
	}
	if getenv("TERM") == "dumb" {
		return false
	}
	if goos == "windows" {
		return getenv("WT_SESSION") != "" || getenv("TERM_PROGRAM") != "" || getenv("ConEmuANSI") == "ON"
	}
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
}

// Test returns streams writing to buffers, not a terminal, no colour,
// Unicode on.
func Test() (s *IOStreams, in *bytes.Buffer, out *bytes.Buffer, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, unicode: true}, in, out, errOut
}

func (s *IOStreams) IsStdoutTTY() bool      { return s.stdoutTTY }
func (s *IOStreams) IsStderrTTY() bool      { return s.stderrTTY }
func (s *IOStreams) IsStdinTTY() bool       { return s.stdinTTY }
func (s *IOStreams) SetStdinTTY(v bool)     { s.stdinTTY = v }
func (s *IOStreams) ColorEnabled() bool     { return s.color }
func (s *IOStreams) Unicode() bool          { return s.unicode }
func (s *IOStreams) SetStdoutTTY(v bool)    { s.stdoutTTY = v }
func (s *IOStreams) SetStderrTTY(v bool)    { s.stderrTTY = v }
func (s *IOStreams) SetColorEnabled(v bool) { s.color = v }
func (s *IOStreams) SetUnicode(v bool)      { s.unicode = v }

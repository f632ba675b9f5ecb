// Package shellquote turns a value into a word that a given shell reads
// back as exactly that value. It is the one place godx quotes anything it
// prints or writes for a shell to run: fix commands, shell profiles,
// reproduction commands.
//
// Each quoter leaves a value alone when it holds only characters that the
// shell does not treat specially (ASCII letters, digits and _ @ + = : , .
// / -, not starting with =, which zsh expands; % too for POSIX shells), so
// the common case stays readable, and otherwise uses the shell's only
// fully literal quoting. PowerShell values are always quoted. Commands
// printed for Windows are PowerShell; see ForGOOS.
package shellquote

import (
	"strings"
	"unicode/utf8"
)

// Shell names a shell dialect.
type Shell string

const (
	POSIXShell Shell = "sh" // sh, bash, zsh, dash, ksh
	FishShell  Shell = "fish"
	PowerShell Shell = "pwsh" // Windows PowerShell 5.1 and PowerShell 7
	CmdShell   Shell = "cmd"
)

// Quote quotes s for sh.
func Quote(sh Shell, s string) string {
	switch sh {
	case FishShell:
		return Fish(s)
	case PowerShell:
		return PS(s)
	case CmdShell:
		return Cmd(s)
	}
	return POSIX(s)
}

// ForGOOS is the shell godx prints commands for on goos: PowerShell on
// Windows (the shell Windows opens by default), a POSIX shell elsewhere.
func ForGOOS(goos string) Shell {
	if goos == "windows" {
		return PowerShell
	}
	return POSIXShell
}

// Join quotes every word of argv for sh and joins them with spaces: a
// command line. For PowerShell the words are Args, and a quoted command
// name is called with &, since a line that starts with a string is an
// expression, not a command.
func Join(sh Shell, argv ...string) string {
	words := make([]string, len(argv))
	for i, a := range argv {
		words[i] = Arg(sh, a)
		if i == 0 && sh == PowerShell && words[i] != a {
			words[i] = "& " + words[i]
		}
	}
	return strings.Join(words, " ")
}

// Arg quotes s as an argument of a command for sh. It is Quote, except
// that PowerShell arguments that its argument mode reads literally stay
// bare (go env -w GOFLAGS=-mod=mod); a value in an expression
// ($env:X = …) needs Quote.
func Arg(sh Shell, s string) string {
	if sh == PowerShell && psBare(s) {
		return s
	}
	return Quote(sh, s)
}

// psBare reports whether PowerShell's argument mode reads s literally:
// plain characters and backslashes, but no , (arrays) and no leading @
// (splatting).
func psBare(s string) bool {
	return plain(s, `\`) && s[0] != '@' && !strings.ContainsRune(s, ',')
}

// InDoubleQuotes escapes s to stand, literally, inside a double-quoted
// string of sh, so that the caller can put expansions next to it in the
// same word:
//
//	`"$HOME/` + InDoubleQuotes(sh, dir) + `"`
//	`"` + InDoubleQuotes(sh, dir) + `:$PATH"`
//
// Startup files and PATH commands use it so that $HOME and $PATH still
// expand.
//
// POSIX shells escape \ " $ and ` with a backslash, and a ! is
// single-quoted outside the double quotes ("'!'"), since interactive bash
// and zsh expand history inside them; fish escapes \ " and $; PowerShell
// escapes ` " $ and the typographic double quotes U+201C, U+201D and
// U+201E (which also end its strings) with a backtick. cmd.exe doubles ",
// but cannot escape % inside double quotes, so for cmd s must not hold
// one.
func InDoubleQuotes(sh Shell, s string) string {
	var b strings.Builder
	eachRune(s, func(r rune, raw string) {
		switch sh {
		case FishShell:
			if r == '\\' || r == '"' || r == '$' {
				b.WriteByte('\\')
			}
		case PowerShell:
			switch r {
			case '`', '"', '$', '\u201C', '\u201D', '\u201E':
				b.WriteByte('`')
			}
		case CmdShell:
			if r == '"' {
				b.WriteByte('"')
			}
		default:
			switch r {
			case '\\', '"', '$', '`':
				b.WriteByte('\\')
			case '!':
				b.WriteString(`"'!'"`)
				return
			}
		}
		b.WriteString(raw)
	})
	return b.String()
}

// eachRune calls fn for every rune of s with the bytes it was decoded
// from, so that quoting copies invalid UTF-8 through unchanged instead of
// turning it into U+FFFD.
func eachRune(s string, fn func(r rune, raw string)) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		fn(r, s[i:i+n])
		i += n
	}
}

func plain(s string, extra string) bool {
	if s == "" || s[0] == '=' { // zsh expands a leading = to a command's path
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("_@+=:,./-", c) >= 0:
		case strings.IndexByte(extra, c) >= 0:
		default:
			return false
		}
	}
	return true
}

// POSIX quotes s for sh, bash and zsh. Inside single quotes every byte is
// literal (newlines and non-UTF-8 bytes included); a single quote itself
// closes the quotes, is escaped and reopens them:
//
//	'it'\''s'
//
// Single quotes also keep interactive bash and zsh from expanding
// history (!).
func POSIX(s string) string {
	if plain(s, "%") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Fish quotes s for fish. Fish's single quotes are literal except that
// \\ and \' are escapes, so both are escaped.
func Fish(s string) string {
	if plain(s, "") {
		return s
	}
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `'`, `\'`)
	return "'" + s + "'"
}

// PS quotes s for PowerShell as a verbatim (single-quoted) string, which
// it always is, so that the result can stand as an argument or a value.
// PowerShell also ends a verbatim string at the typographic single quotes
// U+2018, U+2019, U+201A and U+201B, so those are doubled too.
func PS(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	eachRune(s, func(r rune, raw string) {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201A', '\u201B':
			b.WriteString(raw)
		}
		b.WriteString(raw)
	})
	b.WriteByte('\'')
	return b.String()
}

// Cmd quotes s for cmd.exe: double quotes, with embedded double quotes
// doubled (as the C runtime's argument parser reads them). cmd.exe has no
// way to quote % interactively, so a value holding % may still expand a
// variable of that name; godx prints PowerShell commands on Windows for
// that reason and uses Cmd only for paths, which cannot hold % in
// practice.
func Cmd(s string) string {
	if plain(s, `\`) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

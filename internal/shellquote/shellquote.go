// Package shellquote turns a value into a word that a given shell reads
// back as exactly that value. It is the one place godx quotes anything it
// prints or writes for a shell to run: fix commands, shell profiles,
// reproduction commands.
//
// Each quoter leaves a value alone when it holds only characters that no
// shell treats specially (letters, digits and _ @ % + = : , . / -; no leading =), so the
// common case stays readable, and otherwise uses the shell's only fully
// literal quoting.
package shellquote

import "strings"

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

// Join quotes every word of argv for sh and joins them with spaces.
func Join(sh Shell, argv ...string) string {
	words := make([]string, len(argv))
	for i, a := range argv {
		words[i] = Quote(sh, a)
	}
	return strings.Join(words, " ")
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
// is closed, escaped and reopened:
//
//	'it'\''s'
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
	for _, r := range s {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201A', '\u201B':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
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

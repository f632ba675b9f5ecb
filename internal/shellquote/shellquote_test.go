package shellquote

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile are values that break naive quoting in at least one shell.
var hostile = []string{
	"",
	"plain",
	"two words",
	"tab\there",
	"it's",
	"''",
	`say "hi"`,
	`$HOME`,
	`${HOME}`,
	`$(id)`,
	"`id`",
	`back\slash`,
	`trailing\`,
	`\\`,
	`a\'b`,
	`\"`,
	"new\nline",
	"cr\r\nlf",
	"*?[]{}~#!;&|<>",
	"*",
	"?",
	"[x]",
	"{a,b}",
	"!!",
	"~",
	"~root/x",
	"#comment",
	"=cmd",
	"=",
	"-n",
	"--",
	"-e \\n",
	"%",
	"%self",
	"100%",
	"a=b",
	"x^y",
	"héllo wörld",
	"日本語",
	"\xff\xfe",
	"a\xffb",
	"\xc3",
	"it’s",
	"‘’‚‛",
	"“”„",
	"\x01\x1b[31m\x7f",
	"\uF600\uF6FF", // fish's private encoding of invalid bytes
	"\uFDD0\uFDEF", // fish's internal wildcard characters
	"\ufeff",
	"(x)",
	"a b'c\"d$e`f\\g\nh",
}

func TestPlainValuesStayReadable(t *testing.T) {
	for _, s := range []string{"go", "/usr/local/go/bin", "GOFLAGS=-mod=mod", "user@host:dir", "a+b,c.d_e-f", "-v"} {
		for _, q := range []func(string) string{POSIX, Fish, Cmd} {
			if got := q(s); got != s {
				t.Errorf("%q quoted as %q; want it unchanged", s, got)
			}
		}
	}
	if got := POSIX("100%"); got != "100%" {
		t.Errorf("POSIX(100%%) = %q", got)
	}
	if got := Fish("%self"); got != "'%self'" {
		t.Errorf("Fish(%%self) = %q: fish expands %%self", got)
	}
	if got := Cmd(`C:\Go\bin`); got != `C:\Go\bin` {
		t.Errorf("Cmd(C:\\Go\\bin) = %q", got)
	}
}

func TestQuoters(t *testing.T) {
	for _, tc := range []struct {
		sh       Shell
		in, want string
	}{
		{POSIXShell, "", "''"},
		{POSIXShell, "it's", `'it'\''s'`},
		{POSIXShell, "=cmd", "'=cmd'"},
		{POSIXShell, "$HOME", "'$HOME'"},
		{POSIXShell, `a\b`, `'a\b'`},
		{FishShell, "", "''"},
		{FishShell, `it's a\b`, `'it\'s a\\b'`},
		{FishShell, "$HOME", "'$HOME'"},
		{PowerShell, "", "''"},
		{PowerShell, "go", "'go'"},
		{PowerShell, "it's", "'it''s'"},
		{PowerShell, "it’s", "'it’’s'"},
		{PowerShell, "$env:X `n", "'$env:X `n'"},
		{CmdShell, "", `""`},
		{CmdShell, `C:\Program Files\Go`, `"C:\Program Files\Go"`},
		{CmdShell, `say "hi"`, `"say ""hi"""`},
	} {
		if got := Quote(tc.sh, tc.in); got != tc.want {
			t.Errorf("Quote(%s, %q) = %s, want %s", tc.sh, tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		sh   Shell
		argv []string
		want string
	}{
		{POSIXShell, []string{"go", "env", "-w", "GOFLAGS=-tags=a b"}, `go env -w 'GOFLAGS=-tags=a b'`},
		{FishShell, []string{"go", "env", "-w", "GOFLAGS=-mod=mod"}, `go env -w GOFLAGS=-mod=mod`},
		{PowerShell, []string{"go", "env", "-w", "GOFLAGS=-mod=mod"}, `go env -w GOFLAGS=-mod=mod`},
		{PowerShell, []string{"go", "env", "-w", `GOBIN=C:\go\bin`, "GOPROXY=a,b", "@x", "$y", "--%"}, `go env -w GOBIN=C:\go\bin 'GOPROXY=a,b' '@x' '$y' '--%'`},
		{PowerShell, []string{`C:\Program Files\Go\bin\go.exe`, "version"}, `& 'C:\Program Files\Go\bin\go.exe' version`},
		{PowerShell, []string{""}, `& ''`},
	} {
		if got := Join(tc.sh, tc.argv...); got != tc.want {
			t.Errorf("Join(%s, %q) = %s, want %s", tc.sh, tc.argv, got, tc.want)
		}
	}
}

func TestForGOOS(t *testing.T) {
	if ForGOOS("windows") != PowerShell || ForGOOS("linux") != POSIXShell || ForGOOS("darwin") != POSIXShell {
		t.Error("ForGOOS: want PowerShell on windows only")
	}
}

func TestInDoubleQuotes(t *testing.T) {
	for _, tc := range []struct {
		sh            Shell
		exp, in, want string
	}{
		{POSIXShell, "$HOME/", "go/bin", `"$HOME/go/bin"`},
		{POSIXShell, "$HOME/", "a \"b\" $c `d` \\e!", `"$HOME/a \"b\" \$c \` + "`d\\`" + ` \\e"'!'""`},
		{FishShell, "$HOME/", "a \"b\" $c \\e", `"$HOME/a \"b\" \$c \\e"`},
		{PowerShell, `$HOME\`, "go\\bin", `"$HOME\go\bin"`},
		{PowerShell, `$HOME\`, "a\"b$c`d“e", "\"$HOME\\a`\"b`$c``d`“e\""},
	} {
		if got := `"` + tc.exp + InDoubleQuotes(tc.sh, tc.in) + `"`; got != tc.want {
			t.Errorf("%s: %q in double quotes after %s: %s, want %s", tc.sh, tc.in, tc.exp, got, tc.want)
		}
	}
}

// The PowerShell language (about_Quoting_Rules, and its tokenizer) treats
// ' and the typographic single quotes U+2018-U+201B alike: each opens and
// closes a verbatim string, and inside one a quote followed by another
// quote stands for the second one. Nothing else is special. psVerbatim
// reads one such string the way the tokenizer does and returns its value
// and the rest of the input.
func psVerbatim(t *testing.T, src string) (string, string) {
	t.Helper()
	isQuote := func(r rune) bool {
		return r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u201A' || r == '\u201B'
	}
	r, n := utf8.DecodeRuneInString(src)
	if !isQuote(r) {
		t.Fatalf("%q does not start with a single quote", src)
	}
	var b strings.Builder
	for i := n; i < len(src); {
		r, n := utf8.DecodeRuneInString(src[i:])
		raw := src[i : i+n]
		i += n
		if isQuote(r) {
			next, m := utf8.DecodeRuneInString(src[i:])
			if i == len(src) || !isQuote(next) {
				return b.String(), src[i:]
			}
			raw = src[i : i+m]
			i += m
		}
		b.WriteString(raw)
	}
	t.Fatalf("%q: unterminated verbatim string", src)
	return "", ""
}

func TestPS_LanguageRules(t *testing.T) {
	for _, v := range hostile {
		q := PS(v)
		got, rest := psVerbatim(t, q)
		if got != v || rest != "" {
			t.Errorf("PS(%q) = %s, which PowerShell reads as %q followed by %q", v, q, got, rest)
		}
		// As an argument followed by more text, the string still ends
		// where PS put its closing quote.
		if got, rest := psVerbatim(t, q+" 'x'"); got != v || rest != " 'x'" {
			t.Errorf("PS(%q) followed by an argument: read %q, rest %q", v, got, rest)
		}
		// Join leaves a word bare only when argument mode reads it as is.
		word := Arg(PowerShell, v)
		if j := Join(PowerShell, "cmd", v); j != "cmd "+word {
			t.Errorf("Join(PowerShell, cmd, %q) = %s, want cmd %s", v, j, word)
		}
		if word == v {
			if !psBare(v) || strings.ContainsAny(v, "'\"`$&|;<>(){}#@, \t\n") {
				t.Errorf("Join left %q bare", v)
			}
		} else if got, rest := psVerbatim(t, word); got != v || rest != "" {
			t.Errorf("Join(PowerShell, cmd, %q) = cmd %s, read as %q then %q", v, word, got, rest)
		}
	}
}

// psExpandable reads a double-quoted (expandable) PowerShell string that
// starts with prefix and has no expansions after it: " and the
// typographic double quotes U+201C-U+201E delimit it, a backtick escapes
// the next character, and an unescaped $ would start an expansion.
func psExpandable(t *testing.T, src, prefix string) string {
	t.Helper()
	isQuote := func(r rune) bool { return r == '"' || r == '\u201C' || r == '\u201D' || r == '\u201E' }
	body, ok := strings.CutPrefix(src, `"`+prefix)
	if !ok {
		t.Fatalf("%q does not start with %q", src, `"`+prefix)
	}
	var b strings.Builder
	for i := 0; i < len(body); {
		r, n := utf8.DecodeRuneInString(body[i:])
		switch {
		case r == '`':
			r2, m := utf8.DecodeRuneInString(body[i+1:])
			if strings.ContainsRune("0abefnrtuv", r2) {
				t.Fatalf("%q: `%c is an escape sequence", src, r2)
			}
			b.WriteString(body[i+1 : i+1+m])
			i += 1 + m
			continue
		case r == '$':
			t.Fatalf("%q: unescaped $ at %d", src, i)
		case isQuote(r):
			if i+n != len(body) {
				t.Fatalf("%q: the string ends at %d, before the end", src, i)
			}
			return b.String()
		}
		b.WriteString(body[i : i+n])
		i += n
	}
	t.Fatalf("%q: unterminated string", src)
	return ""
}

func TestInDoubleQuotes_PowerShellRules(t *testing.T) {
	for _, v := range hostile {
		if got := psExpandable(t, `"$HOME\`+InDoubleQuotes(PowerShell, v)+`"`, `$HOME\`); got != v {
			t.Errorf("InDoubleQuotes(PowerShell, %q) reads back as %q", v, got)
		}
	}
}

// cmd.exe (and the C runtime's argument parser) read "..." with ""
// standing for one double quote.
func TestCmd_Rules(t *testing.T) {
	for _, v := range hostile {
		q := Cmd(v)
		if q == v {
			continue
		}
		body, ok := strings.CutPrefix(q, `"`)
		body, ok2 := strings.CutSuffix(body, `"`)
		if !ok || !ok2 || strings.Count(strings.ReplaceAll(body, `""`, ""), `"`) != 0 {
			t.Errorf("Cmd(%q) = %s: not one double-quoted word", v, q)
			continue
		}
		if got := strings.ReplaceAll(body, `""`, `"`); got != v {
			t.Errorf("Cmd(%q) reads back as %q", v, got)
		}
	}
}

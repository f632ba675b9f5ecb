// Package shellprofile writes the lines that put directories on PATH for
// each shell godx supports, and keeps them in one marked block of the
// shell's startup file:
//
//	# >>> godx >>>
//	...
//	# <<< godx <<<
//
// Everything here is pure (text in, text out), so the doctor check that
// proposes the block (go/gobin-path) and `godx shell-init` produce the
// same bytes, and installing twice changes nothing.
package shellprofile

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/godx-dev/godx/internal/shellquote"
)

// Shell is a shell godx writes startup lines for.
type Shell string

const (
	Bash Shell = "bash"
	Zsh  Shell = "zsh"
	Fish Shell = "fish"
	// Pwsh is PowerShell 7 and later (pwsh), on any OS.
	Pwsh Shell = "pwsh"
	// PowerShell is Windows PowerShell 5.1 (powershell.exe).
	PowerShell Shell = "powershell"
)

// Shells lists the supported shells.
var Shells = []Shell{Bash, Zsh, Fish, Pwsh, PowerShell}

// Parse accepts a shell name (or a path to it, like $SHELL).
func Parse(name string) (Shell, error) {
	base := strings.ToLower(name[strings.LastIndexAny(name, `/\`)+1:])
	base = strings.TrimSuffix(base, ".exe")
	for _, s := range Shells {
		if base == string(s) {
			return s, nil
		}
	}
	return "", fmt.Errorf("unsupported shell %q (supported: bash, zsh, fish, pwsh, powershell)", name)
}

// Detect finds the user's shell: $SHELL (the login shell) on Unix, and
// on Windows the POSIX shell of Git Bash or MSYS2 or else PowerShell —
// PowerShell 7 when PSModulePath shows a pwsh session, Windows PowerShell
// otherwise.
//
// On Windows $SHELL counts only with MSYSTEM beside it, which Git Bash and
// MSYS2 set in every shell they start: a lone SHELL is no evidence of the
// shell godx runs in. It leaks into Windows processes from elsewhere —
// Wine passes the Unix environment on, WSL's WSLENV can carry it, and some
// tools set it for the user — and trusting it printed POSIX lines to
// PowerShell users. Cygwin sets no MSYSTEM: its users pass --shell bash.
func Detect(goos string, getenv func(string) string) (Shell, error) {
	sh := getenv("SHELL")
	if goos == "windows" {
		if s, err := Parse(sh); sh != "" && err == nil && getenv("MSYSTEM") != "" {
			return s, nil
		}
		if strings.Contains(strings.ToLower(getenv("PSModulePath")), `\documents\powershell\`) {
			return Pwsh, nil
		}
		return PowerShell, nil
	}
	if sh == "" {
		return "", errors.New("$SHELL is not set, so godx cannot tell your shell; pass --shell bash|zsh|fish|pwsh")
	}
	s, err := Parse(sh)
	if err != nil {
		return "", fmt.Errorf("your login shell ($SHELL) is %s, which godx has no startup lines for; pass --shell bash|zsh|fish|pwsh", sh)
	}
	return s, nil
}

// Home is the user's home directory as the shells see it.
func Home(goos string, getenv func(string) string) string {
	if goos == "windows" {
		return getenv("USERPROFILE")
	}
	return getenv("HOME")
}

// ProfilePath is the startup file godx writes its block into:
// ~/.bashrc (~/.bash_profile on macOS, whose terminals start login
// shells), $ZDOTDIR/.zshrc (default ~/.zshrc), a file of its own for fish
// (~/.config/fish/conf.d/godx.fish), and PowerShell's $PROFILE for the
// current user and host. A PowerShell whose Documents folder is moved
// (OneDrive) has another $PROFILE: callers that can ask PowerShell itself
// should prefer its answer.
func ProfilePath(sh Shell, goos string, getenv func(string) string) (string, error) {
	home := Home(goos, getenv)
	if home == "" {
		if goos == "windows" {
			return "", errors.New("%USERPROFILE% is not set")
		}
		return "", errors.New("$HOME is not set")
	}
	join := func(elem ...string) string {
		if goos == "windows" {
			return strings.Join(elem, `\`)
		}
		return path.Join(elem...)
	}
	config := func() string {
		if d := getenv("XDG_CONFIG_HOME"); d != "" && strings.HasPrefix(d, "/") && goos != "windows" {
			return d
		}
		return join(home, ".config")
	}
	switch sh {
	case Bash:
		if goos == "darwin" {
			return join(home, ".bash_profile"), nil
		}
		return join(home, ".bashrc"), nil
	case Zsh:
		if d := getenv("ZDOTDIR"); d != "" && goos != "windows" {
			return join(d, ".zshrc"), nil
		}
		return join(home, ".zshrc"), nil
	case Fish:
		return join(config(), "fish", "conf.d", "godx.fish"), nil
	case Pwsh:
		if goos == "windows" {
			return join(home, "Documents", "PowerShell", "Microsoft.PowerShell_profile.ps1"), nil
		}
		return join(config(), "powershell", "Microsoft.PowerShell_profile.ps1"), nil
	case PowerShell:
		if goos != "windows" {
			//lint:ignore ST1005 Windows PowerShell is a product name
			return "", errors.New("Windows PowerShell exists only on Windows; use --shell pwsh for PowerShell 7")
		}
		return join(home, "Documents", "WindowsPowerShell", "Microsoft.PowerShell_profile.ps1"), nil
	}
	return "", fmt.Errorf("unsupported shell %q", sh)
}

// SourceLine is the command that loads a startup file into the running
// shell: `source FILE` in fish, `. FILE` elsewhere.
func SourceLine(sh Shell, profile string) string {
	if sh == Fish {
		return "source " + shellquote.Fish(profile)
	}
	return ". " + shellquote.Quote(dialect(sh), profile)
}

// dialect is the quoting dialect of sh.
func dialect(sh Shell) shellquote.Shell {
	switch sh {
	case Fish:
		return shellquote.FishShell
	case Pwsh, PowerShell:
		return shellquote.PowerShell
	}
	return shellquote.POSIXShell
}

// Begin and End mark godx's block in a startup file.
const (
	Begin = "# >>> godx >>>"
	End   = "# <<< godx <<<"
)

const blockNote = "# Added by `godx shell-init --install`; `godx shell-init --uninstall` removes this block."

// Lines are the shell statements that append each of dirs to PATH unless
// it is already there (so sourcing the file twice adds nothing). A
// directory under home is written relative to $HOME.
func Lines(sh Shell, goos, home string, dirs []string) string {
	var b strings.Builder
	for _, d := range dirs {
		b.WriteString(Line(sh, goos, home, d))
		b.WriteByte('\n')
	}
	return b.String()
}

// Line is the statement for one directory.
func Line(sh Shell, goos, home, dir string) string {
	switch sh {
	case Fish:
		q := quote(sh, goos, home, dir)
		return fmt.Sprintf(`contains -- %s $PATH; or set -gx PATH $PATH %s`, q, q)
	case Pwsh, PowerShell:
		q := quote(sh, goos, home, dir)
		return fmt.Sprintf(`if (-not (($env:PATH -split [IO.Path]::PathSeparator) -contains %s)) { $env:PATH = $env:PATH + [IO.Path]::PathSeparator + %s }`, q, q)
	}
	q := quote(sh, goos, home, dir)
	return fmt.Sprintf(`case ":${PATH}:" in *:%s:*) ;; *) export PATH="${PATH:+${PATH}:}"%s ;; esac`, q, q)
}

// quote writes dir as a double-quoted word of the shell, with a leading
// home directory as $HOME (see shellquote.InDoubleQuotes); POSIX shells on Windows
// (Git Bash, MSYS2) get /c/Users/... paths.
func quote(sh Shell, goos, home, dir string) string {
	posix := sh == Bash || sh == Zsh || sh == Fish
	conv := func(p string) string {
		if goos == "windows" && posix {
			p = strings.ReplaceAll(p, `\`, "/")
			if len(p) >= 2 && p[1] == ':' {
				p = "/" + strings.ToLower(p[:1]) + p[2:]
			}
		}
		return p
	}
	if home != "" {
		sep := "/"
		if goos == "windows" {
			sep = `\`
		}
		h := strings.TrimRight(home, `/\`)
		rest, ok := strings.CutPrefix(dir, h+sep)
		if goos == "windows" && !ok && len(dir) > len(h) && strings.EqualFold(dir[:len(h)], h) && strings.ContainsAny(dir[len(h):len(h)+1], `/\`) {
			rest, ok = dir[len(h)+1:], true
		}
		if ok {
			if goos == "windows" && posix {
				rest = strings.ReplaceAll(rest, `\`, "/")
			}
			if sh == Pwsh || sh == PowerShell {
				return `"$HOME` + sep + shellquote.InDoubleQuotes(dialect(sh), rest) + `"`
			}
			return `"$HOME/` + shellquote.InDoubleQuotes(dialect(sh), rest) + `"`
		}
	}
	return `"` + shellquote.InDoubleQuotes(dialect(sh), conv(dir)) + `"`
}

// Block is the marked block for dirs, with "\n" line endings.
func Block(sh Shell, goos, home string, dirs []string) string {
	return Begin + "\n" + blockNote + "\n" + Lines(sh, goos, home, dirs) + End + "\n"
}

// lfOnly reports whether sh reads its startup files as POSIX text: a line
// ends at LF, and a carriage return before it is part of the line. bash
// and zsh then fail on the block's `esac\r` (bash: `syntax error near
// unexpected token`), so their lines are always written with LF, whatever
// the rest of the file uses. fish would take either, but LF is what it
// reads everywhere. PowerShell reads CRLF and LF alike: its block takes
// the file's line endings, as Windows editors expect.
func (sh Shell) lfOnly() bool { return sh == Bash || sh == Zsh || sh == Fish }

// ReadsCR reports whether sh takes a carriage return at the end of a line
// as part of the line (bash and zsh do; fish and PowerShell do not), so
// that a CRLF startup file is misread outside godx's block too.
func ReadsCR(sh Shell) bool { return sh == Bash || sh == Zsh }

// HasCRLF reports whether most lines of content end in CRLF.
func HasCRLF(content []byte) bool { return eolOf(content) == "\r\n" }

// eolOf is the line ending most lines of content use.
func eolOf(content []byte) string {
	crlf := bytes.Count(content, []byte("\r\n"))
	if crlf > 0 && 2*crlf >= bytes.Count(content, []byte("\n")) {
		return "\r\n"
	}
	return "\n"
}

// eol is the line ending of the lines godx writes into content for sh.
func (sh Shell) eol(content []byte) string {
	if sh.lfOnly() {
		return "\n"
	}
	return eolOf(content)
}

// span is one block: the byte range of its lines, markers included.
type span struct{ start, end int }

// blocks finds godx's blocks. A begin marker without its end marker is an
// error: godx does not guess where a damaged block ends.
func blocks(content []byte) ([]span, error) {
	var out []span
	open := -1
	openLine := 0
	pos := 0
	for n := 1; pos < len(content); n++ {
		end := bytes.IndexByte(content[pos:], '\n')
		next := len(content)
		if end >= 0 {
			next = pos + end + 1
		}
		line := strings.TrimSpace(string(content[pos:next]))
		switch {
		case line == Begin && open >= 0:
			return nil, fmt.Errorf("line %d: a second %q before %q (line %d); fix the godx block by hand", n, Begin, End, openLine)
		case line == Begin:
			open, openLine = pos, n
		case line == End && open < 0:
			return nil, fmt.Errorf("line %d: %q without %q before it; fix the godx block by hand", n, End, Begin)
		case line == End:
			out = append(out, span{open, next})
			open = -1
		}
		pos = next
	}
	if open >= 0 {
		return nil, fmt.Errorf("line %d: %q without a matching %q; fix the godx block by hand", openLine, Begin, End)
	}
	return out, nil
}

// Install puts sh's block into content: in place of the first existing
// godx block (dropping any other), or appended at the end. The block's
// lines end in LF for the POSIX shells and fish, and in the file's line
// endings for PowerShell (see lfOnly). Installing the same block again
// returns content unchanged.
func Install(content []byte, sh Shell, block string) ([]byte, error) {
	bs, err := blocks(content)
	if err != nil {
		return nil, err
	}
	eol := sh.eol(content)
	text := []byte(strings.ReplaceAll(block, "\r\n", "\n"))
	if eol == "\r\n" {
		text = bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n"))
	}
	if len(bs) == 0 {
		out := bytes.Clone(content)
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, eol...)
		}
		return append(out, text...), nil
	}
	var out []byte
	prev := 0
	for i, s := range bs {
		out = append(out, content[prev:s.start]...)
		if i == 0 {
			out = append(out, text...)
		}
		prev = s.end
	}
	return append(out, content[prev:]...), nil
}

// Uninstall removes every godx block from content and nothing else.
func Uninstall(content []byte) ([]byte, error) {
	bs, err := blocks(content)
	if err != nil {
		return nil, err
	}
	var out []byte
	prev := 0
	for _, s := range bs {
		out = append(out, content[prev:s.start]...)
		prev = s.end
	}
	return append(out, content[prev:]...), nil
}

// installed returns the text of the first godx block in content as sh
// reads it ("" when there is none or the file's blocks are damaged):
// CRLF line endings are LF for PowerShell, and kept for the other shells,
// where the CR is part of the line.
func installed(content []byte, sh Shell) string {
	bs, err := blocks(content)
	if err != nil || len(bs) == 0 {
		return ""
	}
	text := string(content[bs[0].start:bs[0].end])
	if !sh.lfOnly() {
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	return text
}

// Adds reports whether the godx block in content puts dir on PATH when sh
// runs it: a line that ends in CRLF does not count for bash, zsh and fish
// (bash and zsh cannot parse it; see lfOnly).
func Adds(content []byte, sh Shell, goos, home, dir string) bool {
	b := installed(content, sh)
	return b != "" && strings.Contains(b, "\n"+Line(sh, goos, home, dir)+"\n")
}

// AddDirs makes the godx block in content add dirs too: the block's
// existing lines are kept (in order) and a line is appended for each
// directory it does not add yet. A block with CRLF lines in a bash, zsh
// or fish file is rewritten with LF (see lfOnly). It returns content
// unchanged when the block already adds them all. (`godx shell-init
// --install` replaces the block with exactly what it computes; a doctor
// fix only adds.)
func AddDirs(content []byte, sh Shell, goos, home string, dirs []string) ([]byte, error) {
	if _, err := blocks(content); err != nil {
		return nil, err
	}
	var body []string
	if existing := installed(content, sh); existing != "" {
		existing = strings.ReplaceAll(existing, "\r\n", "\n")
		for _, l := range strings.Split(strings.TrimSuffix(existing, "\n"), "\n") {
			if t := strings.TrimSpace(l); t != Begin && t != End && t != blockNote {
				body = append(body, l)
			}
		}
	}
	for _, d := range dirs {
		l := Line(sh, goos, home, d)
		if !strings.Contains("\n"+strings.Join(body, "\n")+"\n", "\n"+l+"\n") {
			body = append(body, l)
		}
	}
	out, err := Install(content, sh, Begin+"\n"+blockNote+"\n"+strings.Join(body, "\n")+"\n"+End+"\n")
	if err != nil || bytes.Equal(out, content) {
		return content, err
	}
	return out, nil
}

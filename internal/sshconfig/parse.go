package sshconfig

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kevinburke/ssh_config"

	"github.com/godx-dev/godx/internal/facts"
)

// file is one parsed configuration file: its blocks in order, the first
// being the global section before any Host or Match.
type file struct {
	path   string
	blocks []*block
}

type block struct {
	line     int    // 0 for the global section
	text     string // "Host devbox", "Match host *.corp"; "" for the global section
	isMatch  bool
	patterns []string // Host patterns, or the Match arguments
	entries  []*entry
}

type entry struct {
	line     int
	key      string // lower case
	value    string
	includes []*file // for Include
}

type loader struct {
	f         *facts.Facts
	explicit  bool // the user file was given with ssh -F
	home      string
	systemDir string // where a system file's relative Includes are resolved
	nfiles    int    // included files read
	nbytes    int64  // their bytes
	ndirs     int    // directories listed for globs
	// incomplete is why an Include was not followed to the end (see
	// Config.Incomplete).
	incomplete string
	problems   []Problem
	reported   map[string]bool // Problem.key of each of problems
}

func (l *loader) problem(p Problem) {
	k := p.key()
	if l.reported[k] {
		return
	}
	if l.reported == nil {
		l.reported = map[string]bool{}
	}
	l.reported[k] = true
	l.problems = append(l.problems, p)
}

// deviceRefused reports (as WorldWritable) a device ssh would refuse
// before reading it: ssh opens a device as it does a file and checks its
// mode, so ~/.ssh/config linked to /dev/null (mode 0666) makes ssh stop
// with "Bad owner or permissions".
func (l *loader) deviceRefused(name string, special *facts.NotRegularError, checkPerm bool) bool {
	if special.Mode&fs.ModeDevice == 0 || !checkPerm || l.f.GOOS() == "windows" {
		return false
	}
	st, err := l.f.OS.Stat(name)
	if err != nil || st.Mode().Perm()&0o002 == 0 {
		return false
	}
	l.problem(Problem{Kind: WorldWritable, File: name, Mode: st.Mode().Perm(), SSHError: "Bad owner or permissions on " + name})
	return true
}

// maxLibLine is the longest line given to ssh_config: its lexer builds
// each key, value and comment one character at a time by string
// concatenation, quadratic in the line's length (a 2 MB comment line took
// minutes where ssh takes milliseconds). Longer lines, and comments, reach
// it empty; their values come from splitArgs.
const maxLibLine = 256

// libPos is where ssh_config's parse errors say they are.
var libPos = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\((\d+), \d+\): (.*)$`) })

// load reads and parses one file and, recursively, its Includes. It
// returns nil when the file cannot be used (the reason is in l.problems,
// or the file does not exist, which ssh ignores) or was not read (too
// large for godx: a TooLarge problem).
func (l *loader) load(name string, system, checkPerm bool, depth int, stack []string) *file {
	f := l.f
	data, err := f.ReadFile(name)
	if err != nil {
		var special *facts.NotRegularError
		switch {
		case facts.IsNotExist(err):
		case errors.Is(err, facts.ErrTooLarge):
			// godx's limit, not ssh's: no claim about what ssh does.
			l.problem(Problem{Kind: TooLarge, File: name, Err: err})
		case errors.As(err, &special):
			if l.deviceRefused(name, special, checkPerm) {
				return nil
			}
			p := Problem{Kind: NotRegular, File: name, Mode: special.Mode.Type(), Err: err}
			if special.Mode&fs.ModeSocket != 0 && (depth > 0 || (!system && l.explicit)) {
				// Opening a socket fails with ENXIO, and ssh stops on an
				// Included or -F file it cannot open (the user and
				// system files it skips).
				p.SSHError = "Can't open user config file " + name + ": No such device or address"
			}
			l.problem(p)
		case depth == 0:
			l.problem(Problem{Kind: Unreadable, File: name, Err: err})
		default:
			reason := err.Error()
			var pe *fs.PathError
			if errors.As(err, &pe) {
				reason = pe.Err.Error()
			}
			l.problem(Problem{Kind: IncludeUnreadable, File: name, Err: err,
				SSHError: fmt.Sprintf("Can't open user config file %s: %s", name, strerror(reason))})
		}
		return nil
	}
	if depth > 0 {
		if l.nbytes += int64(len(data)); l.nbytes > maxBytes {
			l.stop(fmt.Sprintf("the included files hold more than %d MiB", maxBytes>>20))
			return nil
		}
	}
	if checkPerm && f.GOOS() != "windows" {
		if st, err := f.OS.Stat(name); err == nil && st.Mode().Perm()&0o002 != 0 {
			l.problem(Problem{Kind: WorldWritable, File: name, Mode: st.Mode().Perm(), SSHError: "Bad owner or permissions on " + name})
			return nil
		}
	}
	if enc, ok := byteOrderMark(data); ok {
		l.problem(Problem{Kind: ByteOrderMark, File: name, Line: 1, Encoding: enc, SSHError: byteOrderMarkError(name, data)})
		return nil
	}

	lines := bytes.Split(data, []byte("\n"))
	rewritten := make([][]byte, len(lines))
	type lineInfo struct {
		keyword string
		args    []string
	}
	infos := make([]lineInfo, len(lines))
	for i, raw := range lines {
		lineNo := i + 1
		text := strings.TrimRight(string(raw), "\r")
		keyword, rest := splitKeyword(text)
		if keyword == "" {
			continue // blank or a comment: nothing for ssh_config to see
		}
		if len(raw) <= maxLibLine {
			rewritten[i] = raw
		}
		infos[i].keyword = keyword
		switch keyword {
		case "include":
			// ssh_config would read Included files from the real disk by
			// itself: hide the line from it and follow it here.
			rewritten[i] = []byte("#")
		case "match":
			// ssh_config rejects Match criteria it does not know (exec,
			// user, …) although ssh accepts them; Evaluate decides Match
			// lines itself.
			rewritten[i] = []byte("Match all")
		}
		if rest == "" {
			l.problem(Problem{Kind: MissingArgument, File: name, Line: lineNo, Keyword: keyword, Text: strings.TrimSpace(text),
				SSHError: fmt.Sprintf("%s line %d: no argument after keyword %q", name, lineNo, keyword)})
			continue
		}
		args, ok := splitArgs(rest)
		if !ok {
			l.problem(Problem{Kind: UnterminatedQuote, File: name, Line: lineNo, Text: strings.TrimSpace(text),
				SSHError: fmt.Sprintf("%s line %d: invalid quotes", name, lineNo)})
			continue
		}
		infos[i].args = args
		if keyword == "match" {
			if len(args) == 0 {
				l.problem(Problem{Kind: MatchWithoutCriteria, File: name, Line: lineNo, SSHError: "One or more attributes required for Match"})
			} else if bad := matchMissing(args); bad != "" {
				l.problem(Problem{Kind: MatchCriterionWithoutValue, File: name, Line: lineNo, Criterion: bad, SSHError: "Missing Match criteria for " + bad})
			}
		}
	}

	cfg, err := decode(bytes.Join(rewritten, []byte("\n")))
	if err != nil {
		lineNo, msg := 0, err.Error()
		if m := libPos().FindStringSubmatch(msg); m != nil {
			lineNo, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		l.problem(Problem{Kind: Unparsable, File: name, Line: lineNo, Err: errors.New(strings.TrimSpace(msg))})
		return nil
	}
	// ssh_config's key/value pairs by line.
	kvs := map[int]*ssh_config.KV{}
	for _, h := range cfg.Hosts {
		for _, n := range h.Nodes {
			if kv, ok := n.(*ssh_config.KV); ok {
				kvs[kv.Pos().Line] = kv
			}
		}
	}

	out := &file{path: name}
	cur := &block{}
	out.blocks = append(out.blocks, cur)
	stack = append(stack, name)
	for i, info := range infos {
		lineNo := i + 1
		switch info.keyword {
		case "":
			continue
		case "host", "match":
			text := "Host " + strings.Join(info.args, " ")
			if info.keyword == "match" {
				text = "Match " + strings.Join(info.args, " ")
			}
			cur = &block{line: lineNo, text: text, isMatch: info.keyword == "match", patterns: info.args}
			out.blocks = append(out.blocks, cur)
		case "include":
			e := &entry{line: lineNo, key: "include", value: strings.Join(info.args, " ")}
			for _, p := range info.args {
				for _, m := range l.glob(l.includePath(p, system)) {
					if loop := slices.Contains(stack, m); loop || depth+1 > MaxIncludeDepth {
						kind := IncludeLoop
						if !loop {
							kind = IncludeTooDeep
						}
						l.problem(Problem{Kind: kind, File: name, Line: lineNo, Chain: append(slices.Clone(stack), m),
							SSHError: "Too many recursive configuration includes"})
						continue
					}
					if l.nfiles >= maxFiles {
						l.stop(fmt.Sprintf("the Includes match more than %d files", maxFiles))
						continue
					}
					l.nfiles++
					if inc := l.load(m, system, true, depth+1, stack); inc != nil {
						e.includes = append(e.includes, inc)
					}
				}
			}
			cur.entries = append(cur.entries, e)
		default:
			if info.args == nil {
				continue // reported above
			}
			value := strings.Join(info.args, " ")
			if kv := kvs[lineNo]; kv != nil && strings.EqualFold(kv.Key, info.keyword) {
				value = strings.TrimSpace(kv.Value)
			}
			cur.entries = append(cur.entries, &entry{line: lineNo, key: info.keyword, value: value})
		}
	}
	return out
}

// stop records the first reason godx stopped following Includes.
func (l *loader) stop(why string) {
	if l.incomplete == "" {
		l.incomplete = why
	}
}

// decode is ssh_config.DecodeBytes, which panics with runtime errors on
// some input: never crash the doctor on a config file.
func decode(b []byte) (cfg *ssh_config.Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			cfg, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return ssh_config.DecodeBytes(b)
}

// splitKeyword splits a line into its lower-cased keyword and the rest, as
// ssh does (keyword ends at whitespace or one '='); "" for blank lines and
// comments.
func splitKeyword(line string) (keyword, rest string) {
	s := strings.TrimLeft(line, " \t\f")
	if s == "" || s[0] == '#' {
		return "", ""
	}
	i := strings.IndexAny(s, " \t=")
	if i < 0 {
		return strings.ToLower(s), ""
	}
	keyword, rest = s[:i], strings.TrimLeft(s[i:], " \t")
	if strings.HasPrefix(rest, "=") {
		rest = strings.TrimLeft(rest[1:], " \t")
	}
	return strings.ToLower(keyword), strings.TrimRight(rest, " \t\f")
}

// splitArgs splits arguments like OpenSSH's argv_split: single and double
// quotes, backslash escapes, and a '#' starting a word ends the line. ok
// is false for an unterminated quote.
func splitArgs(s string) (args []string, ok bool) {
	i := 0
	for i < len(s) {
		if s[i] == ' ' || s[i] == '\t' {
			i++
			continue
		}
		if s[i] == '#' {
			break
		}
		var arg strings.Builder
		var quote byte
		for ; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '\\' && i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '"' || s[i+1] == '\\' || (quote == 0 && s[i+1] == ' ')):
				i++
				arg.WriteByte(s[i])
				continue
			case quote == 0 && (c == ' ' || c == '\t'):
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
				continue
			case quote != 0 && c == quote:
				quote = 0
				continue
			default:
				arg.WriteByte(c)
				continue
			}
			break
		}
		if quote != 0 {
			return nil, false
		}
		args = append(args, arg.String())
	}
	if args == nil {
		args = []string{}
	}
	return args, true
}

// strerror capitalises an errno text the way C's strerror prints it
// ("permission denied" -> "Permission denied").
func strerror(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// byteOrderMark recognises byte-order marks ssh does not skip.
func byteOrderMark(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return "UTF-8", true
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return "UTF-16 (little-endian)", true
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "UTF-16 (big-endian)", true
	}
	return "", false
}

// byteOrderMarkError is what ssh prints for the first line of a file with
// a byte-order mark: the mark becomes part of the first keyword (which ssh
// lower-cases and prints with non-ASCII bytes in octal); the C string ends
// at the first NUL, which in UTF-16 follows the first letter.
func byteOrderMarkError(name string, data []byte) string {
	if i := bytes.IndexAny(data, "\n\x00"); i >= 0 && data[i] == 0 {
		data = data[:i]
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimRight(line, "\r")
	end := bytes.IndexAny(line, " \t=")
	if end < 0 {
		end = len(line)
	}
	var kw strings.Builder
	for _, c := range line[:end] {
		switch {
		case c >= 0x80 || c < 0x20:
			fmt.Fprintf(&kw, `\%03o`, c)
		case 'A' <= c && c <= 'Z':
			kw.WriteByte(c + 'a' - 'A')
		default:
			kw.WriteByte(c)
		}
	}
	if strings.Trim(string(line[end:]), " \t=") == "" {
		return fmt.Sprintf("%s line 1: no argument after keyword \"%s\"", name, kw.String())
	}
	return fmt.Sprintf("%s: line 1: Bad configuration option: %s", name, kw.String())
}

// matchMissing names a Match criterion that needs an argument and has none
// ("" when all are complete).
func matchMissing(args []string) string {
	for i := 0; i < len(args); i++ {
		attr := strings.ToLower(strings.TrimPrefix(args[i], "!"))
		switch attr {
		case "all", "canonical", "final":
			continue
		}
		if i+1 >= len(args) {
			return attr
		}
		i++
	}
	return ""
}

// Package goflags reads GOFLAGS the way the go command does: it splits the
// value into entries (cmd/internal/quoted.Split followed by the checks of
// cmd/go/internal/base.InitGOFLAGS), knows which flag names the go command
// accepts in it (a table per Go version), asks a go command to parse it,
// replays the errors the go command stops with, and edits a value so that
// it can be written back (dropping entries, joining a value typed apart
// from its flag).
//
// It judges nothing: the module/goflags check decides what a rejected
// entry means for the project and words the finding.
package goflags

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// Entry is one word of GOFLAGS.
type Entry struct {
	Raw      string // the word, unquoted
	Name     string // the flag name without dashes and value; "" for a word that is not a flag
	Value    string // what follows '=' (only when HasValue)
	HasValue bool
}

// Split is cmd/internal/quoted.Split followed by the checks of
// base.InitGOFLAGS: it cuts s into words (separated by spaces, tabs and
// newlines; a word may be wrapped in single or double quotes, with no
// escapes), and tells which words are flags and their names. Its error
// is quoted.Split's ("unterminated \" string").
func Split(s string) ([]Entry, error) {
	words, err := SplitWords(s)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, w := range words {
		e := Entry{Raw: w}
		if strings.HasPrefix(w, "-") && w != "-" && w != "--" && !strings.HasPrefix(w, "---") && !strings.HasPrefix(w, "-=") && !strings.HasPrefix(w, "--=") {
			name := strings.TrimPrefix(strings.TrimPrefix(w, "-"), "-")
			name, e.Value, e.HasValue = strings.Cut(name, "=")
			e.Name = name
		}
		out = append(out, e)
	}
	return out, nil
}

// SplitWords is cmd/internal/quoted.Split: the go command's word lists
// (GOFLAGS, CC and the CGO_*FLAGS, go test -exec) are split at white
// space, and a word that starts with a single or double quote runs to
// the next such quote, with no escapes.
func SplitWords(s string) ([]string, error) {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	var words []string
	for len(s) > 0 {
		for len(s) > 0 && space(s[0]) {
			s = s[1:]
		}
		if len(s) == 0 {
			break
		}
		if s[0] == '"' || s[0] == '\'' {
			q := s[0]
			s = s[1:]
			i := strings.IndexByte(s, q)
			if i < 0 {
				return nil, fmt.Errorf("unterminated %c string", q)
			}
			words = append(words, s[:i])
			s = s[i+1:]
			continue
		}
		i := 0
		for i < len(s) && !space(s[i]) {
			i++
		}
		words = append(words, s[:i])
		s = s[i:]
	}
	return words, nil
}

// JoinWords joins words the way the go command's own word lists are written
// (GOFLAGS, CC and the CGO_*FLAGS, go test -exec and -toolexec): cmd/go
// splits them at white space and reads a word that starts with a single
// or double quote up to the next such quote, with no escapes
// (SplitWords). This is not a shell: the list is a value,
// and a command that sets it still quotes it for the shell. A word that
// needs quotes but holds both kinds cannot be written.
func JoinWords(words ...string) (string, error) {
	out := make([]string, len(words))
	for i, w := range words {
		switch {
		case w != "" && !strings.ContainsAny(w, " \t\n\r") && w[0] != '\'' && w[0] != '"':
			out[i] = w
		case !strings.Contains(w, "'"):
			out[i] = "'" + w + "'"
		case !strings.Contains(w, `"`):
			out[i] = `"` + w + `"`
		default:
			return "", fmt.Errorf("%q holds both single and double quotes and cannot be quoted for the go command", w)
		}
	}
	return strings.Join(out, " "), nil
}

// Where is how the go command names GOFLAGS in "(from ...)" after a
// flag's bad value on goos: $GOFLAGS, or %GOFLAGS% on Windows. Its
// "parsing $GOFLAGS" errors say $GOFLAGS everywhere (go.exe too, proven
// under Wine).
func Where(goos string) string {
	if goos == "windows" {
		return "%GOFLAGS%"
	}
	return "$GOFLAGS"
}

// Rejected lists the entries (their Raw words) the go command refuses in
// GOFLAGS: words that are not flags, -C (allowed only as the first flag on
// a command line), and, when known is not nil, flags it does not list.
// Pass a nil known when there is no table for the go command's version, or
// when the go command itself accepted the names.
func Rejected(entries []Entry, known *Flags) []string {
	var bad []string
	for _, e := range entries {
		switch {
		case e.Name == "":
			bad = append(bad, e.Raw)
		case known != nil && !known.Has(e.Name):
			bad = append(bad, e.Raw)
		case e.Name == "C":
			bad = append(bad, e.Raw)
		}
	}
	return bad
}

// RejectMessage is the error the go command stops with for a rejected
// entry e (see Rejected); where is Where's answer.
func RejectMessage(e Entry, where string) string {
	switch {
	case e.Name == "":
		return fmt.Sprintf("go: parsing $GOFLAGS: non-flag %q", e.Raw)
	case e.Name == "C":
		return fmt.Sprintf("go: invalid value %q for flag -C (from %s): -C flag must be first flag on command line", e.Value, where)
	}
	return "go: parsing $GOFLAGS: unknown flag -" + e.Name
}

// SplitMessage is the error the go command stops with when GOFLAGS does
// not split (err is Split's error): $GOFLAGS on every OS.
func SplitMessage(err error) string {
	return "go: parsing $GOFLAGS: " + err.Error()
}

// Culprit is the entry (its Raw word) a go command's GOFLAGS error message
// is about, or "" when msg names none of entries.
func Culprit(msg string, entries []Entry) string {
	for _, e := range entries {
		if e.Name == "" {
			if strings.Contains(msg, strconv.Quote(e.Raw)) {
				return e.Raw
			}
			continue
		}
		if strings.Contains(msg, "flag -"+e.Name+" ") || strings.HasSuffix(msg, "flag -"+e.Name) || strings.Contains(msg, ": -"+e.Name+" (from") {
			return e.Raw
		}
	}
	return ""
}

// Verdict is what a go command said about GOFLAGS.
type Verdict int

const (
	// Unknown: the go command could not be asked (it timed out or printed
	// something else).
	Unknown Verdict = iota
	// Accepted: the go command parsed GOFLAGS.
	Accepted
	// Refused: the go command refused GOFLAGS; Ask returns its error line.
	Refused
)

// Ask runs `go build -h` with the go command goPath in f.Dir (with
// GOTOOLCHAIN=local, so that it is that go command which answers): it
// parses GOFLAGS against the build flags and prints its usage, touching
// no package. msg is the go command's error line when it refuses GOFLAGS.
func Ask(ctx context.Context, f *facts.Facts, goPath string) (verdict Verdict, msg string) {
	env := append(f.Environ(), "GOTOOLCHAIN=local")
	res := f.Run(ctx, facts.Command{Path: goPath, Args: []string{"build", "-h"}, Dir: f.Dir, Env: env})
	if res.TimedOut {
		return Unknown, ""
	}
	stderr := string(res.Stderr)
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "$GOFLAGS") || strings.Contains(line, "%GOFLAGS%") {
			return Refused, strings.TrimSpace(line)
		}
	}
	if strings.Contains(stderr, "usage: go build") {
		return Accepted, ""
	}
	return Unknown, ""
}

// takesValue lists common flags that need a value: a word that is not a
// flag right after one of them ("-tags foo") is its value.
var takesValue = map[string]bool{
	"tags": true, "ldflags": true, "gcflags": true, "asmflags": true, "gccgoflags": true, "mod": true,
	"modfile": true, "overlay": true, "buildmode": true, "compiler": true, "installsuffix": true,
	"pkgdir": true, "pgo": true, "toolexec": true, "p": true, "covermode": true, "coverpkg": true,
	"o": true, "run": true, "skip": true, "bench": true, "benchtime": true, "count": true,
	"timeout": true, "cpu": true, "parallel": true, "exec": true, "vettool": true,
}

// Repair is GOFLAGS without the rejected entries (Raw words), quoted
// again for the go command. A value typed apart from its flag is joined
// to it ("-tags foo" becomes "-tags=foo"), and a flag that needs a value
// and still has none is dropped, since it would fail too.
func Repair(entries []Entry, rejected []string) string {
	var out []Entry
	for _, e := range entries {
		if e.Name == "" && len(out) > 0 {
			prev := &out[len(out)-1]
			if !prev.HasValue && takesValue[prev.Name] {
				prev.Raw += "=" + e.Raw
				prev.HasValue, prev.Value = true, e.Raw
				continue
			}
		}
		if slices.Contains(rejected, e.Raw) && !(e.Name != "" && !e.HasValue && takesValue[e.Name]) {
			continue
		}
		out = append(out, e)
	}
	return Without(out, func(e Entry) bool {
		return e.Name != "" && !e.HasValue && takesValue[e.Name] || slices.Contains(rejected, e.Raw)
	})
}

// Without is GOFLAGS without the entries drop selects, quoted again for
// the go command. Every entry came out of a GOFLAGS the go command split,
// so each can be quoted again.
func Without(entries []Entry, drop func(Entry) bool) string {
	var keep []string
	for _, e := range entries {
		if !drop(e) {
			keep = append(keep, e.Raw)
		}
	}
	s, _ := JoinWords(keep...)
	return s
}

// goEnvFlags are the flags of `go env` itself. In GOFLAGS they break
// `go env` (go env -json -w: "cannot use -json with -w"), while every
// other command skips them as flags it does not define.
var goEnvFlags = map[string]bool{"w": true, "u": true, "changed": true}

// GoEnvFlags are the entries of GOFLAGS that are flags of `go env`
// itself (Raw words, in order).
func GoEnvFlags(entries []Entry) []string {
	var out []string
	for _, e := range entries {
		if goEnvFlags[e.Name] {
			out = append(out, e.Raw)
		}
	}
	return out
}

// Rejoin is GOFLAGS with each entry that is a flag of `go env` joined
// back to the entry before it when that one has a value: "-ldflags=-s -w"
// written without quotes is the two entries -ldflags=-s and -w, meant as
// one. It returns "" when no such entry follows a value.
func Rejoin(entries []Entry) string {
	var words []string
	joined := false
	for i, e := range entries {
		if goEnvFlags[e.Name] && i > 0 && entries[i-1].HasValue && len(words) > 0 {
			words[len(words)-1] += " " + e.Raw
			joined = true
			continue
		}
		words = append(words, e.Raw)
	}
	if !joined {
		return ""
	}
	s, err := JoinWords(words...)
	if err != nil {
		return ""
	}
	return s
}

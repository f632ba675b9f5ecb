package sshconfig

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

// countingOS counts the files read.
type countingOS struct {
	facts.OS
	reads atomic.Int64
}

func (c *countingOS) ReadFile(name string, limit int64) ([]byte, error) {
	c.reads.Add(1)
	return c.OS.ReadFile(name, limit)
}

// FuzzConfig loads an arbitrary ~/.ssh/config that may Include an
// arbitrary ~/.ssh/inc (or itself, or both through a glob) and evaluates
// it for an arbitrary host. Whatever the bytes: no panic, a bounded number
// of files read (Include loops and fan-out stop), every problem and every
// value points at a real line of a real file holding that keyword, and
// Host patterns match as OpenSSH's match_pattern does.
//
//	go test -run '^$' -fuzz FuzzConfig -parallel 1 ./internal/sshconfig
func FuzzConfig(f *testing.F) {
	f.Add("Host devbox\n  ServerAliveInterval 30\n", "", "devbox")
	f.Add("Include inc\nHost *.corp !bad.corp\n  User me\n", "Host *\n  Port 22\n", "a.corp")
	f.Add("Include config\n", "", "x")
	f.Add("Include *\nHost x\n", "Include *\nPort 1\n", "x")
	f.Add("Include inc inc inc\n", "Include inc\n", "x")
	f.Add("Match host \"a,b\" exec 'true'\n  User u\nMatch\nMatch host\n", "Host \"unterminated\n", "a")
	f.Add("Host=devbox\n\tHostName = real.example # c\nMatch host real.example\n  Port 2\n", "", "devbox")
	f.Add("\xef\xbb\xbfHost x\n", "\xff\xfeH\x00", "x")
	f.Add("Include inc\nMatch exec \"x\" host devbox\n  Port\n", "Match !final all host *,!x\n=\n\x00\r\n", "devbox")
	f.Add("Include inc inc\nHost * !devbox\n  HostName %h.corp\nMatch host *.corp\n  User x\n", "Host \"a b\" 'c\n", "devbox")
	// OpenSSH's recursion took minutes on this one (found by review while
	// writing this target: the fuzzer keeps inputs short).
	f.Add("Host *a*a*a*a*a*a*a*a*a*a*a*a*b\n  Port 1\n", "", strings.Repeat("a", 40))
	f.Fuzz(func(t *testing.T, config, inc, host string) {
		files := map[string]string{"/home/u/.ssh/config": config, "/home/u/.ssh/inc": inc}
		o := newMachine(config)
		o.AddFile("/home/u/.ssh/inc", inc, 0o600)
		cos := &countingOS{OS: o}
		fx := newFacts(t, cos)
		c := Load(fx, Files{Home: "/home/u", User: "/home/u/.ssh/config", System: SystemFile(fx)})
		if n := cos.reads.Load(); n > maxFiles+2 {
			t.Fatalf("%d files read; at most %d may be", n, maxFiles+2)
		}
		lineCount := func(file string) int { return strings.Count(files[file], "\n") + 1 }
		for _, p := range c.Problems {
			if _, ok := files[p.File]; !ok {
				t.Fatalf("problem in a file that is not there: %+v", p)
			}
			if p.Line < 0 || p.Line > lineCount(p.File) {
				t.Fatalf("problem at line %d of %s (%d lines): %+v", p.Line, p.File, lineCount(p.File), p)
			}
		}
		keywordAt := func(file string, line int) string {
			text := strings.Split(files[file], "\n")[line-1]
			kw, _ := splitKeyword(strings.TrimRight(text, "\r"))
			return kw
		}
		h := c.Evaluate(host)
		if h.Block != nil {
			if kw := keywordAt(h.Block.File, h.Block.Line); h.Block.Line == 0 || kw != "host" && kw != "match" {
				t.Fatalf("host block %+v is not a Host or Match line (%q)", h.Block, kw)
			}
		}
		for key, s := range h.settings {
			if _, ok := files[s.File]; !ok || s.Line < 1 || s.Line > lineCount(s.File) {
				t.Fatalf("%s comes from %s:%d, not a line of a file", key, s.File, s.Line)
			}
			if kw := keywordAt(s.File, s.Line); kw != key {
				t.Fatalf("%s comes from %s:%d, which sets %q", key, s.File, s.Line, kw)
			}
		}

		// Host patterns against the reference implementation (exponential,
		// so only on short inputs).
		for _, b := range c.roots[0:min(len(c.roots), 1)] {
			for _, bl := range b.blocks {
				for _, p := range bl.patterns {
					if len(p) <= 12 && len(host) <= 24 {
						if got, want := matchPattern(host, p), matchPatternRef(host, p); got != want {
							t.Fatalf("matchPattern(%q, %q) = %v, OpenSSH's match_pattern says %v", host, p, got, want)
						}
					}
				}
			}
		}
	})
}

// TestMatchPatternAgreesWithOpenSSH compares matchPattern with OpenSSH's
// algorithm on every pattern of up to 6 bytes of "ab*?" and every name of
// up to 6 bytes of "ab", and checks that many stars take no time to fail.
func TestMatchPatternAgreesWithOpenSSH(t *testing.T) {
	words := func(alphabet string, n int) []string {
		out := []string{""}
		for prev := []string{""}; n > 0; n-- {
			var next []string
			for _, w := range prev {
				for _, c := range alphabet {
					next = append(next, w+string(c))
				}
			}
			out, prev = append(out, next...), next
		}
		return out
	}
	names := words("ab", 6)
	for _, p := range words("ab*?", 6) {
		for _, s := range names {
			if got, want := matchPattern(s, p), matchPatternRef(s, p); got != want {
				t.Fatalf("matchPattern(%q, %q) = %v, OpenSSH says %v", s, p, got, want)
			}
		}
	}
	// Minutes with the recursive algorithm; a go test -timeout here.
	if matchPattern(strings.Repeat("a", 200), strings.Repeat("*a", 60)+"*b") {
		t.Error("matched")
	}
}

// matchPatternRef is OpenSSH's match_pattern as written there (match.c),
// recursive: the reference FuzzConfig compares matchPattern with.
func matchPatternRef(s, p string) bool {
	for {
		if p == "" {
			return s == ""
		}
		if p[0] == '*' {
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			if p == "" {
				return true
			}
			if p[0] != '?' && p[0] != '*' {
				for ; s != ""; s = s[1:] {
					if s[0] == p[0] && matchPatternRef(s[1:], p[1:]) {
						return true
					}
				}
				return false
			}
			for ; s != ""; s = s[1:] {
				if matchPatternRef(s, p) {
					return true
				}
			}
			return false
		}
		if s == "" {
			return false
		}
		if p[0] != '?' && p[0] != s[0] {
			return false
		}
		s, p = s[1:], p[1:]
	}
}

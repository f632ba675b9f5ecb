package sshconfig

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

func TestSplitArgs(t *testing.T) {
	for in, want := range map[string]string{
		`a b`:              "a|b",
		`"a b" c`:          "a b|c",
		`it\'s`:            "it's",
		`a # comment it's`: "a",
		`a#b`:              "a#b",
		`'x y'z`:           "x yz",
		`a\ b`:             "a b",
	} {
		got, ok := splitArgs(in)
		if !ok || strings.Join(got, "|") != want {
			t.Errorf("splitArgs(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{`"a`, `o'brien`} {
		if _, ok := splitArgs(in); ok {
			t.Errorf("splitArgs(%q) should fail", in)
		}
	}
}

func TestSplitKeyword(t *testing.T) {
	for in, want := range map[string][2]string{
		"  Port 22":           {"port", "22"},
		"Port=22":             {"port", "22"},
		"Port = 22 \t":        {"port", "22"},
		"\tHostName\t\tx":     {"hostname", "x"},
		"Port":                {"port", ""},
		"Port=":               {"port", ""},
		"# Port 22":           {"", ""},
		"   ":                 {"", ""},
		"ServerAliveInterval": {"serveraliveinterval", ""},
	} {
		if k, r := splitKeyword(in); k != want[0] || r != want[1] {
			t.Errorf("splitKeyword(%q) = %q, %q; want %q", in, k, r, want)
		}
	}
}

func TestProblems(t *testing.T) {
	const cfg = "/home/u/.ssh/config"
	for _, tc := range []struct {
		name, config string
		want         Problem
	}{
		{"missing argument", "Host devbox\n  Port\n  ServerAliveInterval 30\n",
			Problem{Kind: MissingArgument, File: cfg, Line: 2, Keyword: "port", Text: "Port",
				SSHError: `/home/u/.ssh/config line 2: no argument after keyword "port"`}},
		{"missing argument after =", "Host devbox\n  Port =  \n",
			Problem{Kind: MissingArgument, File: cfg, Line: 2, Keyword: "port", Text: "Port =",
				SSHError: `/home/u/.ssh/config line 2: no argument after keyword "port"`}},
		{"unterminated quote", "Host devbox\n  IdentityFile \"~/.ssh/id_ed25519\n",
			Problem{Kind: UnterminatedQuote, File: cfg, Line: 2, Text: `IdentityFile "~/.ssh/id_ed25519`,
				SSHError: "/home/u/.ssh/config line 2: invalid quotes"}},
		{"match without criteria", "Host devbox\n  User me\nMatch # TODO\n  ServerAliveInterval 30\n",
			Problem{Kind: MatchWithoutCriteria, File: cfg, Line: 3, SSHError: "One or more attributes required for Match"}},
		{"match criterion without value", "Host devbox\n  User me\nMatch all !Host\n",
			Problem{Kind: MatchCriterionWithoutValue, File: cfg, Line: 3, Criterion: "host", SSHError: "Missing Match criteria for host"}},
		{"utf-8 bom", "\ufeffHost devbox\n  ServerAliveInterval 30\n",
			Problem{Kind: ByteOrderMark, File: cfg, Line: 1, Encoding: "UTF-8",
				SSHError: `/home/u/.ssh/config: line 1: Bad configuration option: \357\273\277host`}},
		{"utf-16le bom", "\xff\xfeH\x00o\x00s\x00t\x00 \x00d\x00\n\x00",
			Problem{Kind: ByteOrderMark, File: cfg, Line: 1, Encoding: "UTF-16 (little-endian)",
				SSHError: `/home/u/.ssh/config line 1: no argument after keyword "\377\376h"`}},
		{"utf-16be bom", "\xfe\xff\x00H\x00o",
			Problem{Kind: ByteOrderMark, File: cfg, Line: 1, Encoding: "UTF-16 (big-endian)",
				SSHError: `/home/u/.ssh/config line 1: no argument after keyword "\376\377"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := load(t, newMachine(tc.config))
			if len(c.Problems) != 1 || !reflect.DeepEqual(c.Problems[0], tc.want) {
				t.Errorf("problems:\n%+v\nwant\n%+v", c.Problems, tc.want)
			}
		})
	}
}

func TestProblemFileModes(t *testing.T) {
	o := newMachine("Include conf.d/*\n")
	o.AddFile("/home/u/.ssh/conf.d/hosts", "Host devbox\n  User me\n", 0o666)
	c := load(t, o)
	want := Problem{Kind: WorldWritable, File: "/home/u/.ssh/conf.d/hosts", Mode: 0o666, SSHError: "Bad owner or permissions on /home/u/.ssh/conf.d/hosts"}
	if len(c.Problems) != 1 || !reflect.DeepEqual(c.Problems[0], want) {
		t.Errorf("problems: %+v", c.Problems)
	}

	// Group-writable is fine for ssh when the group is the user's private
	// group (umask 002 distributions), which godx cannot tell.
	o = newMachine("")
	o.AddFile("/home/u/.ssh/config", "Host devbox\n  User me\n", 0o664)
	loadClean(t, o)

	// The system-wide file itself is not checked (root owns it).
	o = newMachine("")
	o.AddFile("/etc/ssh/ssh_config", "Port 22\n", 0o666)
	loadClean(t, o)

	// Windows has no Unix modes.
	w := newMachine("")
	w.OSName = "windows"
	w.Setenv("USERPROFILE", "/home/u")
	w.AddFile("/home/u/.ssh/config", "Host devbox\n  User me\n", 0o666)
	loadClean(t, w)
}

func TestHugeFileIsNotRead(t *testing.T) {
	// godx reads at most facts.MaxFileSize of any file; a bigger one is
	// named as not read by godx, with no claim about ssh (which reads it).
	o := newMachine(strings.Repeat("# padding\n", facts.MaxFileSize/10+1))
	c := load(t, o)
	if len(c.Problems) != 1 || c.Problems[0].Kind != TooLarge || c.Problems[0].File != "/home/u/.ssh/config" ||
		!errors.Is(c.Problems[0].Err, facts.ErrTooLarge) || c.Problems[0].SSHError != "" {
		t.Fatalf("problems: %+v", c.Problems)
	}
	if c.UserRead {
		t.Error("UserRead")
	}

	o = newMachine("Include big\nHost devbox\n  User me\n")
	o.AddFile("/home/u/.ssh/big", strings.Repeat("#", facts.MaxFileSize+1), 0o600)
	c = load(t, o)
	if len(c.Problems) != 1 || c.Problems[0].Kind != TooLarge || c.Problems[0].File != "/home/u/.ssh/big" || c.Problems[0].SSHError != "" {
		t.Fatalf("problems: %+v", c.Problems)
	}
	if !c.UserRead {
		t.Error("the including file is read")
	}
}

func TestProblemsDoNotStopTheRest(t *testing.T) {
	// Every broken line is reported, and the file is still evaluated.
	c := load(t, newMachine("Host devbox\n  Port\n  User\n  IdentityFile 'x\n  ServerAliveInterval 30\n"))
	var lines []int
	for _, p := range c.Problems {
		lines = append(lines, p.Line)
	}
	if !reflect.DeepEqual(lines, []int{2, 3, 4}) {
		t.Errorf("problem lines %v", lines)
	}
	if s, ok := c.Evaluate("devbox").Get("ServerAliveInterval"); !ok || s.Value != "30" {
		t.Errorf("got %+v, %v", s, ok)
	}
}

func TestLargeFileWithManyProblems(t *testing.T) {
	// A large file below the size limit is read whole, and every broken
	// line is one problem (collecting them must not be quadratic).
	const n = 100_000
	c := load(t, newMachine("Host devbox\n"+strings.Repeat("  Port\n", n)+"  ServerAliveInterval 30\n"))
	if len(c.Problems) != n {
		t.Fatalf("%d problems, want %d", len(c.Problems), n)
	}
	if s, ok := c.Evaluate("devbox").Get("ServerAliveInterval"); !ok || s.Line != n+2 {
		t.Errorf("got %+v, %v", s, ok)
	}
}

func TestLongLines(t *testing.T) {
	// ssh reads these in milliseconds; ssh_config's lexer, given them,
	// took minutes (it is quadratic in a line's length).
	long := strings.Repeat("x", 2<<20)
	c := loadClean(t, newMachine("# "+long+"\nHost devbox\n  ProxyCommand "+long+" # "+long+"\n  Port 2222 # "+long+"\n"))
	h := c.Evaluate("devbox")
	if s, ok := h.Get("Port"); !ok || s.Value != "2222" || s.Line != 4 {
		t.Errorf("Port = %+v, %v", s, ok)
	}
	if s, ok := h.Get("ProxyCommand"); !ok || s.Value != long || s.Line != 3 {
		t.Errorf("ProxyCommand: %d bytes from line %d, %v", len(s.Value), s.Line, ok)
	}
}

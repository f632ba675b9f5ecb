package sshconfig

import (
	"strings"
	"testing"
)

func TestMatchPattern(t *testing.T) {
	for _, tc := range []struct {
		s, p string
		want bool
	}{
		{"devbox", "devbox", true}, {"devbox", "dev*", true}, {"devbox", "*", true},
		{"devbox", "devbo?", true}, {"devbo", "devbo?", false}, {"a.b.c", "*.c", true},
		{"devbox", "*x*", true}, {"devbox", "Devbox", false}, {"", "*", true}, {"x", "", false},
	} {
		if got := matchPattern(tc.s, tc.p); got != tc.want {
			t.Errorf("matchPattern(%q, %q) = %v", tc.s, tc.p, got)
		}
	}
}

// evaluate loads config as ~/.ssh/config and evaluates it for devbox.
func evaluate(t *testing.T, config string) Host {
	t.Helper()
	return loadClean(t, newMachine(config)).Evaluate("devbox")
}

func TestEvaluateWhereAValueApplies(t *testing.T) {
	for name, tc := range map[string]struct {
		config, value, block string
		line                 int
	}{
		"own block":      {"Host devbox\n  HostName 10.0.0.5\n  ServerAliveInterval 60\n", "60", "Host devbox", 3},
		"Host * after":   {"Host devbox\n  HostName 10.0.0.5\n\nHost *\n  ServerAliveInterval 60\n", "60", "Host *", 5},
		"global section": {"ServerAliveInterval=60\n\nHost devbox\n  HostName 10.0.0.5\n", "60", "", 1},
		"pattern":        {"Host devbox\n  User me\nHost dev* !devnull\n  ServerAliveInterval 60\n", "60", "Host dev* !devnull", 4},
		"question mark":  {"Host devbox\n  User me\nHost devbo?\n  ServerAliveInterval 60\n", "60", "Host devbo?", 4},
		"quoted, tabs":   {"Host\tdevbox\n\tServerAliveInterval \"60\"\r\n", "60", "Host devbox", 2},
		"match host via hostname": {"Host devbox\n  HostName build-7.corp.example\n" +
			"Match host *.corp.example\n  ServerAliveInterval 60\n", "60", "Match host *.corp.example", 4},
		"hostname token":                 {"Host devbox\n  HostName %h.corp.example\nMatch host devbox.corp.example\n  ServerAliveInterval 60\n", "60", "Match host devbox.corp.example", 4},
		"match originalhost":             {"Host devbox\n  HostName 10.0.0.5\nMatch originalhost devbox,other\n  ServerAliveInterval 60\n", "60", "Match originalhost devbox,other", 4},
		"match final":                    {"Host devbox\n  User me\nMatch final all\n  ServerAliveInterval 60\n", "60", "Match final all", 4},
		"explicit zero":                  {"Host devbox\n  ServerAliveInterval 0\n", "0", "Host devbox", 2},
		"first value wins":               {"Host devbox\n  ServerAliveInterval 10\nHost *\n  ServerAliveInterval 20\n", "10", "Host devbox", 2},
		"certain beats an earlier maybe": {"Match user me\n  ServerAliveInterval 10\nHost devbox\n  ServerAliveInterval 20\n", "20", "Host devbox", 4},
	} {
		t.Run(name, func(t *testing.T) {
			s, ok := evaluate(t, tc.config).Get("ServerAliveInterval")
			if !ok || !s.Certain || s.Value != tc.value || s.Block.Text != tc.block || s.Line != tc.line || s.File != "/home/u/.ssh/config" {
				t.Errorf("got %+v, %v; want %s at line %d in %q", s, ok, tc.value, tc.line, tc.block)
			}
		})
	}
}

func TestEvaluateWhereAValueDoesNotApply(t *testing.T) {
	for name, config := range map[string]string{
		"other host":       "Host devbox\n  User me\nHost other\n  ServerAliveInterval 60\n",
		"negated":          "Host devbox\n  User me\nHost * !devbox\n  ServerAliveInterval 60\n",
		"case-sensitive":   "Host devbox\n  User me\nHost DEVBOX\n  ServerAliveInterval 60\n",
		"question is one":  "Host devbox\n  User me\nHost devbox?\n  ServerAliveInterval 60\n",
		"commented out":    "Host devbox\n  # ServerAliveInterval 60\n",
		"match other host": "Host devbox\n  HostName 10.0.0.5\nMatch host devbox\n  ServerAliveInterval 60\n", // Match host sees the HostName
		"negated match":    "Host devbox\n  User me\nMatch !originalhost devbox\n  ServerAliveInterval 60\n",
		"negated all":      "Host devbox\n  User me\nMatch !all\n  ServerAliveInterval 60\n",
	} {
		t.Run(name, func(t *testing.T) {
			h := evaluate(t, config)
			if s, ok := h.Get("ServerAliveInterval"); ok {
				t.Errorf("applies: %+v", s)
			}
			if h.Block == nil || h.Block.Line != 1 {
				t.Errorf("the host's own block is line 1: %+v", h.Block)
			}
		})
	}
}

func TestEvaluateUndecidableMatch(t *testing.T) {
	for name, match := range map[string]string{
		"exec":         `Match exec "test -f /tmp/vpn" host devbox`, // the block's text loses the quotes
		"user":         "Match user me",
		"localnetwork": "Match localnetwork 10.0.0.0/8",
		"canonical":    "Match canonical host devbox",
		"negated exec": "Match !exec true",
		"unknown":      "Match tagged work",
	} {
		t.Run(name, func(t *testing.T) {
			h := evaluate(t, "Host devbox\n  User me\n"+match+"\n  ServerAliveInterval 60\n")
			s, ok := h.Get("ServerAliveInterval")
			if !ok || s.Certain || s.Value != "60" || s.Block.Text != strings.ReplaceAll(match, `"`, "") {
				t.Errorf("got %+v, %v; want a value that may apply", s, ok)
			}
		})
	}
	// A criterion that is false decides, whatever the others.
	if s, ok := evaluate(t, "Host devbox\n  User me\nMatch user me host other\n  ServerAliveInterval 60\n").Get("ServerAliveInterval"); ok {
		t.Errorf("applies: %+v", s)
	}
}

func TestEvaluateNamesTheHostsOwnBlock(t *testing.T) {
	for name, tc := range map[string]struct {
		config string
		line   int // 0: none
	}{
		"Host":                     {"Host *\n  User me\nHost devbox\n  Port 22\n", 3},
		"first of two":             {"Host dev*\n  User me\nHost devbox\n  Port 22\n", 1},
		"Match host":               {"Match host devbox\n  User me\n", 1},
		"only catch-all":           {"Host *\n  User me\nMatch all\n  Port 22\nMatch host *\n  Port 23\n", 0},
		"negated Match host":       {"Match !host other\n  User me\n", 0},
		"undecidable Match":        {"Match host devbox user me\n  User me\n", 0},
		"include in another block": {"Host other\n  Include hosts\n", 0},
		"include in a match":       {"Host devbox other\n  Include hosts\n", 1},
	} {
		t.Run(name, func(t *testing.T) {
			o := newMachine(tc.config)
			o.AddFile("/home/u/.ssh/hosts", "Host devbox\n  Port 22\n", 0o600)
			h := loadClean(t, o).Evaluate("devbox")
			switch {
			case tc.line == 0 && h.Block != nil:
				t.Errorf("block %+v, want none", h.Block)
			case tc.line != 0 && (h.Block == nil || h.Block.Line != tc.line || h.Block.File != "/home/u/.ssh/config"):
				t.Errorf("block %+v, want line %d", h.Block, tc.line)
			}
		})
	}
}

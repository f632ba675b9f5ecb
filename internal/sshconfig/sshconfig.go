// Package sshconfig reads an OpenSSH client configuration the way ssh does
// and tells what it gives one host.
//
// Load reads the user file (~/.ssh/config, or the file given to ssh -F)
// and the system-wide file with every file they Include, through the facts
// layer, so that a fake machine can stand in for the real one. It notes
// every problem that makes ssh refuse the configuration (a keyword without
// an argument, unbalanced quotes, an incomplete Match, a byte-order mark,
// an Include loop or one nested too deep, an included file ssh cannot
// open, a file anyone can write) as a Problem, with the file, the line and
// what ssh prints.
//
// Config.Evaluate replays ssh's evaluation for one host name: Host patterns
// (*, ?, !negation, case-sensitive), Match host/originalhost/all/final and
// Includes that inherit the state of their line. A Match criterion godx
// cannot decide without the session (exec, user, localnetwork, …) makes
// its block "possibly applying"; nothing is ever run. For each keyword the
// first value read wins, as in ssh.
//
// github.com/kevinburke/ssh_config only parses (and unescapes values); it
// never sees Include or Match lines, which it would follow on the real disk
// or reject although ssh accepts them.
package sshconfig

import (
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// MaxIncludeDepth is how deeply Includes may nest: OpenSSH's
// READCONF_MAX_DEPTH.
const MaxIncludeDepth = 16

// Bounds on what one configuration may make godx read through its
// Includes (ssh itself has none but the nesting depth): a glob over a huge
// directory, a file included thousands of times, or thousands of Include
// patterns must not make godx read, hold or list without end. Real
// configurations stay far below them; past one, Config.Incomplete says so.
const (
	maxFiles    = 256               // files read, the same file counted each time it is included
	maxBytes    = facts.MaxFileSize // bytes of included files, in all
	maxDirReads = 1024              // directories listed to expand Include globs
)

// Home is the home directory ssh uses: %USERPROFILE% on Windows, $HOME
// elsewhere ("" when it is not set).
func Home(f *facts.Facts) string {
	if f.GOOS() == "windows" {
		return f.Getenv("USERPROFILE")
	}
	return f.Getenv("HOME")
}

// UserFile is the user configuration ssh reads without -F: ~/.ssh/config
// ("" when home is "").
func UserFile(f *facts.Facts, home string) string {
	if home == "" {
		return ""
	}
	return f.JoinPath(home, ".ssh", "config")
}

// SystemFile is ssh's system-wide configuration file: /etc/ssh/ssh_config,
// or %ProgramData%\ssh\ssh_config on Windows ("" when ProgramData is not
// set).
func SystemFile(f *facts.Facts) string {
	if f.GOOS() == "windows" {
		pd := f.Getenv("ProgramData")
		if pd == "" {
			return ""
		}
		return f.JoinPath(pd, "ssh", "ssh_config")
	}
	return "/etc/ssh/ssh_config"
}

// Files names the configuration files ssh reads, in order.
type Files struct {
	// Home is the user's home directory: what ~ means in a user file's
	// Include, and Home/.ssh is where its relative Includes are resolved.
	Home string
	// User is the user configuration file: ~/.ssh/config, or the file
	// given to ssh -F.
	User string
	// Explicit says User was given with ssh -F. ssh then reads no
	// system-wide file and does not check User's permissions (it still
	// checks those of the files User Includes).
	Explicit bool
	// System is the system-wide file, read after User ("" for none). Its
	// relative Includes are resolved in its own directory.
	System string
}

// Config is a loaded configuration.
type Config struct {
	Files Files
	// UserRead and SystemRead say whether the user and the system-wide
	// file were read (false when missing or unusable).
	UserRead, SystemRead bool
	// Problems are the reasons ssh would refuse the configuration, in the
	// order read, without duplicates. Evaluate still works when there are
	// some, on what could be read.
	Problems []Problem
	// Incomplete says why godx stopped following Includes before the end
	// ("" when it read everything ssh would): past maxFiles files,
	// maxBytes bytes or maxDirReads directory listings. Evaluate then
	// answers from what was read, which may miss what ssh would find.
	Incomplete string
	roots      []*file
}

// Load reads files.User, then files.System unless files.Explicit, with
// every file they Include. A missing file is not a problem (ssh ignores
// it); Config.UserRead tells.
func Load(f *facts.Facts, files Files) *Config {
	c := &Config{Files: files}
	l := &loader{f: f, explicit: files.Explicit, home: files.Home, systemDir: ""}
	if user := l.load(files.User, false, !files.Explicit, 0, nil); user != nil {
		c.UserRead = true
		c.roots = append(c.roots, user)
	}
	if files.System != "" && !files.Explicit {
		l.systemDir = f.ParentDir(files.System)
		if system := l.load(files.System, true, false, 0, nil); system != nil {
			c.SystemRead = true
			c.roots = append(c.roots, system)
		}
	}
	c.Problems, c.Incomplete = l.problems, l.incomplete
	return c
}

// Block is a Host or Match block, or the global section before the first
// of them.
type Block struct {
	File string
	Line int    // 0 for the global section
	Text string // "Host devbox", "Match host *.corp": normalised (quotes removed, single spaces); "" for the global section
}

// Setting is the value a keyword gets for a host.
type Setting struct {
	Value string
	File  string
	Line  int
	Block Block // the block the line is in
	// Certain is false when the block is a Match whose criteria godx
	// cannot decide (exec, user, …): the value may or may not apply.
	Certain bool
}

// Host is what the configuration gives one host.
type Host struct {
	// Name is the name ssh matches Host patterns against.
	Name string
	// Block is the first block that names the host itself (a pattern other
	// than "*" matched it): nil when only catch-all blocks apply, that is
	// when the configuration does not know the host.
	Block    *Block
	settings map[string]Setting
}

// Get returns the value of keyword (case-insensitive) for the host: the
// first value read from a block that certainly applies, or else the first
// one from a block that may apply. ok is false when no block that applies
// sets it. Keywords ssh accumulates (IdentityFile, SendEnv, …) give their
// first value only.
func (h Host) Get(keyword string) (s Setting, ok bool) {
	s, ok = h.settings[strings.ToLower(keyword)]
	return s, ok
}

// Evaluate walks the configuration for host as ssh does when asked to
// connect to it (host is the name on ssh's command line, without user@).
func (c *Config) Evaluate(host string) Host {
	ev := &evaluator{host: Host{Name: host, settings: map[string]Setting{}}}
	for _, root := range c.roots {
		ev.file(root, yes)
	}
	return ev.host
}

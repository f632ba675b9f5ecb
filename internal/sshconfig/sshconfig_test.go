package sshconfig

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// newMachine is a Linux machine with a home directory and, when config is
// not "", an ~/.ssh/config.
func newMachine(config string) *factstest.OS {
	o := factstest.New()
	o.Setenv("HOME", "/home/u")
	o.AddDir("/home/u")
	if config != "" {
		o.AddFile("/home/u/.ssh/config", config, 0o600)
	}
	return o
}

func newFacts(t testing.TB, o facts.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), o, facts.Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// load reads the configuration ssh reads without -F on o.
func load(t testing.TB, o facts.OS) *Config {
	t.Helper()
	f := newFacts(t, o)
	home := Home(f)
	return Load(f, Files{Home: home, User: UserFile(f, home), System: SystemFile(f)})
}

// loadClean is load for a configuration that must have no problems.
func loadClean(t testing.TB, o facts.OS) *Config {
	t.Helper()
	c := load(t, o)
	if len(c.Problems) > 0 {
		t.Fatalf("problems: %+v", c.Problems)
	}
	return c
}

func TestDefaultFiles(t *testing.T) {
	f := newFacts(t, newMachine(""))
	if h, u, s := Home(f), UserFile(f, Home(f)), SystemFile(f); h != "/home/u" || u != "/home/u/.ssh/config" || s != "/etc/ssh/ssh_config" {
		t.Errorf("linux: %q %q %q", h, u, s)
	}
	if u := UserFile(f, ""); u != "" {
		t.Errorf("no home: %q", u)
	}

	w := factstest.New()
	w.OSName = "windows"
	w.Wd = `C:\work`
	w.AddDir(`C:\work`)
	w.Setenv("HOME", `C:\msys\home\u`) // ssh on Windows ignores HOME
	w.Setenv("USERPROFILE", `C:\Users\u`)
	f = newFacts(t, w)
	if h, u, s := Home(f), UserFile(f, Home(f)), SystemFile(f); h != `C:\Users\u` || u != `C:\Users\u\.ssh\config` || s != "" {
		t.Errorf("windows without ProgramData: %q %q %q", h, u, s)
	}
	w.Setenv("ProgramData", `C:\ProgramData`)
	if s := SystemFile(newFacts(t, w)); s != `C:\ProgramData\ssh\ssh_config` {
		t.Errorf("windows: %q", s)
	}
}

func TestLoadReadsWhatSSHReads(t *testing.T) {
	t.Run("user then system", func(t *testing.T) {
		o := newMachine("Host devbox\n  User me\n")
		o.AddFile("/etc/ssh/ssh_config", "Host *\n  User root\n  Port 2222\n", 0o644)
		c := loadClean(t, o)
		if !c.UserRead || !c.SystemRead {
			t.Fatalf("read user=%v system=%v", c.UserRead, c.SystemRead)
		}
		h := c.Evaluate("devbox")
		if s, _ := h.Get("user"); s.Value != "me" || s.File != "/home/u/.ssh/config" {
			t.Errorf("the user file is read first: %+v", s)
		}
		if s, _ := h.Get("Port"); s.Value != "2222" || s.File != "/etc/ssh/ssh_config" {
			t.Errorf("then the system file: %+v", s)
		}
	})
	t.Run("missing files are no problem", func(t *testing.T) {
		c := loadClean(t, newMachine(""))
		if c.UserRead || c.SystemRead {
			t.Errorf("read user=%v system=%v", c.UserRead, c.SystemRead)
		}
		if h := c.Evaluate("devbox"); h.Block != nil {
			t.Errorf("block %+v", h.Block)
		}
	})
	t.Run("ssh -F", func(t *testing.T) {
		// -F: no system file, and the file's own mode is not checked
		// (those of the files it Includes are).
		o := newMachine("")
		o.AddFile("/home/u/work.conf", "Include inc\nHost devbox\n  User me\n", 0o666)
		o.AddFile("/home/u/.ssh/inc", "Port 22\n", 0o666)
		o.AddFile("/etc/ssh/ssh_config", "ServerAliveInterval 45\n", 0o644)
		f := newFacts(t, o)
		c := Load(f, Files{Home: "/home/u", User: "/home/u/work.conf", Explicit: true, System: SystemFile(f)})
		if !c.UserRead || c.SystemRead {
			t.Errorf("read user=%v system=%v", c.UserRead, c.SystemRead)
		}
		if len(c.Problems) != 1 || c.Problems[0].Kind != WorldWritable || c.Problems[0].File != "/home/u/.ssh/inc" {
			t.Errorf("problems: %+v", c.Problems)
		}
		if _, ok := c.Evaluate("devbox").Get("ServerAliveInterval"); ok {
			t.Error("the system file is not read with -F")
		}
	})
}

// noRun is a machine on which running anything fails the test.
type noRun struct {
	*factstest.OS
	runs atomic.Int32
}

func (o *noRun) Run(ctx context.Context, c facts.Command) facts.Result {
	o.runs.Add(1)
	return o.OS.Run(ctx, c)
}

func TestMatchExecIsNeverRun(t *testing.T) {
	o := &noRun{OS: newMachine("Host devbox\n  User me\nMatch exec \"touch /tmp/pwned\" host devbox\n  ServerAliveInterval 60\n")}
	o.AddCommand("/bin/sh", func(context.Context, facts.Command) facts.Result { return factstest.Output("") })
	o.AddCommand("/usr/bin/touch", func(context.Context, facts.Command) facts.Result { return factstest.Output("") })
	o.Setenv("PATH", "/usr/bin:/bin")
	c := loadClean(t, o)
	s, ok := c.Evaluate("devbox").Get("ServerAliveInterval")
	if !ok || s.Certain {
		t.Errorf("a Match exec block may apply: %+v, %v", s, ok)
	}
	if n := o.runs.Load(); n != 0 {
		t.Errorf("%d commands were run", n)
	}
}

func TestProblemsAreReportedOnce(t *testing.T) {
	// The same broken file included twice, by the user and the system
	// configuration: one problem.
	o := newMachine("Include /etc/ssh/common\nHost devbox\n  User me\n")
	o.AddFile("/etc/ssh/ssh_config", "Include common\n", 0o644)
	o.AddFile("/etc/ssh/common", "Port\n", 0o644)
	c := load(t, o)
	if len(c.Problems) != 1 || c.Problems[0].Kind != MissingArgument || c.Problems[0].File != "/etc/ssh/common" {
		t.Fatalf("problems: %+v", c.Problems)
	}
	// What could be read is still evaluated.
	if h := c.Evaluate("devbox"); h.Block == nil || !strings.HasPrefix(h.Block.Text, "Host devbox") {
		t.Errorf("block %+v", h.Block)
	}
}

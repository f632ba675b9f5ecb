package sshconfig

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// where is "file:line" of keyword's value for devbox, "" when unset.
func where(c *Config, keyword string) string {
	s, ok := c.Evaluate("devbox").Get(keyword)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s:%d", s.File, s.Line)
}

func TestInclude(t *testing.T) {
	t.Run("glob relative to ~/.ssh, sorted, without dotfiles", func(t *testing.T) {
		o := newMachine("Include config.d/*.conf\n\nHost devbox\n  User me\n")
		o.AddFile("/home/u/.ssh/config.d/20-keepalive.conf", "Host *\n  ServerAliveInterval 15\n", 0o644)
		o.AddFile("/home/u/.ssh/config.d/10-first.conf", "Host *\n  ServerAliveInterval 10\n", 0o644)
		o.AddFile("/home/u/.ssh/config.d/.hidden.conf", "Host devbox\n  Port\n", 0o644)
		o.AddFile("/home/u/.ssh/config.d/notes.txt", "Port\n", 0o644)
		o.AddDir("/home/u/.ssh/config.d/dir.conf")
		if got := where(loadClean(t, o), "ServerAliveInterval"); got != "/home/u/.ssh/config.d/10-first.conf:2" {
			t.Errorf("got %s", got)
		}
	})
	t.Run("~, ${VAR}, absolute, several arguments", func(t *testing.T) {
		o := newMachine("Include ~/a ${CONF}/b /etc/c\nHost devbox\n  User me\n")
		o.Setenv("CONF", "/home/u/conf")
		o.AddFile("/home/u/a", "Port 1\n", 0o600)
		o.AddFile("/home/u/conf/b", "Port 2\nUser b\n", 0o600)
		o.AddFile("/etc/c", "Port 3\nUser c\nHostName c\n", 0o644)
		c := loadClean(t, o)
		for kw, want := range map[string]string{"port": "/home/u/a:1", "user": "/home/u/conf/b:2", "hostname": "/etc/c:3"} {
			if got := where(c, kw); got != want {
				t.Errorf("%s from %s, want %s", kw, got, want)
			}
		}
	})
	t.Run("a system file's includes are relative to its directory", func(t *testing.T) {
		o := newMachine("Host devbox\n  User me\n")
		o.AddFile("/etc/ssh/ssh_config", "Include ssh_config.d/*.conf\nHost *\n  SendEnv LANG LC_*\n", 0o644)
		o.AddFile("/etc/ssh/ssh_config.d/keepalive.conf", "ServerAliveInterval 45\n", 0o644)
		o.AddFile("/home/u/.ssh/ssh_config.d/keepalive.conf", "ServerAliveInterval 1\n", 0o644)
		if got := where(loadClean(t, o), "ServerAliveInterval"); got != "/etc/ssh/ssh_config.d/keepalive.conf:1" {
			t.Errorf("got %s", got)
		}
	})
	t.Run("an include inherits the state of its line", func(t *testing.T) {
		o := newMachine("Host other\n  Include keepalive\nHost devbox\n  User me\nHost devbox\n  Include ${HOME}/.ssh/port\n")
		o.AddFile("/home/u/.ssh/keepalive", "ServerAliveInterval 30\n", 0o600)
		o.AddFile("/home/u/.ssh/port", "Port 2222\n", 0o600)
		c := loadClean(t, o)
		if got := where(c, "ServerAliveInterval"); got != "" {
			t.Errorf("an Include in another host's block applies: %s", got)
		}
		if got := where(c, "Port"); got != "/home/u/.ssh/port:1" {
			t.Errorf("an Include in the host's block does not apply: %s", got)
		}
	})
	t.Run("missing files are ignored like ssh does", func(t *testing.T) {
		loadClean(t, newMachine("Include nothing/* ~/.ssh/absent /nowhere/*/x\nHost devbox\n  User me\n"))
	})
	t.Run("windows", func(t *testing.T) {
		o := factstest.New()
		o.OSName = "windows"
		o.Wd = `C:\work`
		o.AddDir(`C:\work`)
		o.Setenv("USERPROFILE", `C:\Users\u`)
		o.Setenv("ProgramData", `C:\ProgramData`)
		o.AddFile(`C:\Users\u\.ssh\config`, "Include conf.d\\*.conf ~\\extra\r\nHost devbox\r\n  HostName 10.0.0.5\r\n", 0)
		o.AddFile(`C:\Users\u\.ssh\conf.d\a.conf`, "Host devbox\r\n  User x\r\n", 0)
		o.AddFile(`C:\Users\u\extra`, "Port 2\r\n", 0)
		o.AddFile(`C:\ProgramData\ssh\ssh_config`, "Include keepalive.conf\r\n", 0)
		o.AddFile(`C:\ProgramData\ssh\keepalive.conf`, "ServerAliveInterval 25\r\n", 0)
		c := loadClean(t, o)
		for kw, want := range map[string]string{
			"user": `C:\Users\u\.ssh\conf.d\a.conf:2`, "port": `C:\Users\u\extra:1`,
			"serveraliveinterval": `C:\ProgramData\ssh\keepalive.conf:1`, "hostname": `C:\Users\u\.ssh\config:3`,
		} {
			if got := where(c, kw); got != want {
				t.Errorf("%s from %s, want %s", kw, got, want)
			}
		}
	})
	t.Run("the ssh_config library never reads the real disk", func(t *testing.T) {
		// A real file that would be a parse error, named by an absolute
		// Include: the fake machine has no such file, so it must not
		// matter (ssh_config's own Include support uses the real OS).
		bad := filepath.Join(t.TempDir(), "bad.conf")
		if err := os.WriteFile(bad, []byte("Match\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		loadClean(t, newMachine("Include "+bad+"\nHost devbox\n  User me\n"))
	})
}

func TestIncludeCycle(t *testing.T) {
	o := newMachine("Include a\nHost devbox\n  User me\n")
	o.AddFile("/home/u/.ssh/a", "Include b\nPort 22\n", 0o600)
	o.AddFile("/home/u/.ssh/b", "\nInclude a\n", 0o600)
	c := load(t, o)
	want := []Problem{{Kind: IncludeLoop, File: "/home/u/.ssh/b", Line: 2,
		Chain:    []string{"/home/u/.ssh/config", "/home/u/.ssh/a", "/home/u/.ssh/b", "/home/u/.ssh/a"},
		SSHError: "Too many recursive configuration includes"}}
	if !reflect.DeepEqual(c.Problems, want) {
		t.Errorf("problems:\n%+v\nwant\n%+v", c.Problems, want)
	}
	if got := c.Problems[0].Included(); got != "/home/u/.ssh/a" {
		t.Errorf("Included() = %q", got)
	}
	// A file included twice side by side is no loop.
	o = newMachine("Include a a\nHost devbox\n  User me\n")
	o.AddFile("/home/u/.ssh/a", "Port 22\n", 0o600)
	loadClean(t, o)
}

func TestIncludeDepthIsBounded(t *testing.T) {
	// 17 nested files without a loop: ssh allows 16 levels.
	o := newMachine("Include f1\nHost devbox\n  User me\n")
	for i := 1; i <= 17; i++ {
		o.AddFile("/home/u/.ssh/f"+strconv.Itoa(i), "Include f"+strconv.Itoa(i+1)+"\n", 0o600)
	}
	c := load(t, o)
	if len(c.Problems) != 1 || c.Problems[0].Kind != IncludeTooDeep || c.Problems[0].File != "/home/u/.ssh/f16" || c.Problems[0].Line != 1 ||
		c.Problems[0].Chain[0] != "/home/u/.ssh/config" || c.Problems[0].Included() != "/home/u/.ssh/f17" {
		t.Fatalf("problems: %+v", c.Problems)
	}

	o.AddFile("/home/u/.ssh/f16", "ServerAliveInterval 30\n", 0o600) // 16 levels are fine
	if got := where(loadClean(t, o), "ServerAliveInterval"); got != "/home/u/.ssh/f16:1" {
		t.Errorf("got %s", got)
	}
}

func TestIncludeFileCountIsBounded(t *testing.T) {
	// A glob over a huge directory reads at most maxFiles files, and the
	// configuration says it was not read to the end.
	o := newMachine("Include d/*\nHost devbox\n  User me\n")
	for i := range maxFiles + 10 {
		o.AddFile(fmt.Sprintf("/home/u/.ssh/d/%04d", i), fmt.Sprintf("Port %d\n", i), 0o600)
	}
	o.AddFile("/home/u/.ssh/d/9999", "ServerAliveInterval 1\n", 0o600)
	c := loadClean(t, o)
	if got := where(c, "port"); got != "/home/u/.ssh/d/0000:1" {
		t.Errorf("port from %s", got)
	}
	if got := where(c, "ServerAliveInterval"); got != "" {
		t.Errorf("file %d was read: %s", maxFiles+11, got)
	}
	if c.Incomplete != "an Include pattern matches more than 256 files" {
		t.Errorf("Incomplete = %q", c.Incomplete)
	}
}

func TestIncludeWorkIsBounded(t *testing.T) {
	cos := &countingOS{}
	loadCounted := func(o facts.OS) *Config {
		cos.OS = o
		cos.reads.Store(0)
		return loadClean(t, cos)
	}
	// One file included over and over: at most maxFiles reads. ssh reads
	// it each time; godx stops.
	o := newMachine(strings.Repeat("Include same\n", 1000) + "Host devbox\n  User me\n")
	o.AddFile("/home/u/.ssh/same", "Port 1\n", 0o600)
	if c := loadCounted(o); c.Incomplete != "the Includes match more than 256 files" || cos.reads.Load() != maxFiles+2 { // + config, ssh_config
		t.Errorf("%d reads, Incomplete = %q", cos.reads.Load(), c.Incomplete)
	}
	// A big file included a few times: at most maxBytes of it are held.
	o = newMachine("Include big big\nHost devbox\n  User me\n")
	o.AddFile("/home/u/.ssh/big", "Port 1\n"+strings.Repeat("#", maxBytes/2), 0o600)
	if c := loadCounted(o); c.Incomplete != "the included files hold more than 16 MiB" || cos.reads.Load() != 4 {
		t.Errorf("%d reads, Incomplete = %q", cos.reads.Load(), c.Incomplete)
	} else if s, ok := c.Evaluate("devbox").Get("port"); !ok || s.File != "/home/u/.ssh/big" {
		t.Errorf("what was read is still used: %+v %v", s, ok)
	}
	// Thousands of glob patterns: at most maxDirReads directory listings.
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "Include d/*%d\n", i)
	}
	o = newMachine(b.String())
	o.AddDir("/home/u/.ssh/d")
	if c := loadCounted(o); c.Incomplete != "the Include patterns need more than 1024 directory listings" {
		t.Errorf("Incomplete = %q", c.Incomplete)
	}
	// Below every bound: complete.
	if c := loadCounted(newMachine("Include d/*\nHost devbox\n  User me\n")); c.Incomplete != "" {
		t.Errorf("Incomplete = %q", c.Incomplete)
	}
}

// Symbolic links on the real disk, read through facts.System.
func TestIncludeSymlinkLoops(t *testing.T) {
	home := t.TempDir()
	ssh := filepath.Join(home, ".ssh")
	if err := os.MkdirAll(ssh, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(ssh, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(ssh, name)); err != nil {
			t.Skipf("no symbolic links: %v", err)
		}
		// Wine makes a Unix symlink that Windows programs do not see as
		// a link (no reparse point): nothing to test there.
		if st, err := os.Lstat(filepath.Join(ssh, name)); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Skipf("the file system does not show symbolic links as such: %v", err)
		}
	}
	loadReal := func() *Config {
		t.Helper()
		f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: home, Offline: true})
		if err != nil {
			t.Fatal(err)
		}
		return Load(f, Files{Home: home, User: filepath.Join(ssh, "config")})
	}

	// A directory that links to itself: the glob does not descend into
	// it, and the config reached through it is a loop of its own.
	write("config", "Include loop/*\nHost devbox\n  User me\n")
	symlink(".", "loop")
	c := loadReal()
	if len(c.Problems) != 1 || c.Problems[0].Kind != IncludeLoop || c.Problems[0].Included() != filepath.Join(ssh, "loop", "config") {
		t.Fatalf("problems: %+v", c.Problems)
	}

	// A file that links to the config: read once under the link's name,
	// whose own Include then names the link again.
	write("config", "Include self\nHost devbox\n  User me\n")
	symlink("config", "self")
	c = loadReal()
	if len(c.Problems) != 1 || c.Problems[0].Kind != IncludeLoop || c.Problems[0].Included() != filepath.Join(ssh, "self") {
		t.Fatalf("problems: %+v", c.Problems)
	}

	// A link to itself cannot be opened: the Include matches nothing,
	// like one naming a missing file.
	write("config", "Include knot\nHost devbox\n  User me\n")
	symlink("knot", "knot")
	if c = loadReal(); len(c.Problems) != 0 || !c.UserRead {
		t.Fatalf("problems: %+v", c.Problems)
	}
}

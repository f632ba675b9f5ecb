package remote

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const (
	keepaliveSettings = "/home/u/.config/Code/User/settings.json"
	keepaliveConfig   = "/home/u/.ssh/config"
)

// newKeepaliveMachine is a Linux machine whose VS Code user settings
// list the given Remote-SSH hosts (JSONC, with comments and a trailing
// comma) and, when config is not "", an ~/.ssh/config.
func newKeepaliveMachine(config string, hosts ...string) *factstest.OS {
	o := factstest.New()
	o.Setenv("HOME", "/home/u")
	o.AddDir("/home/u")
	if len(hosts) > 0 {
		var b strings.Builder
		b.WriteString("{\n  // Remote-SSH remembers the platform of each host\n  \"remote.SSH.remotePlatform\": {\n")
		for _, h := range hosts {
			b.WriteString("    \"" + h + "\": \"linux\",\n")
		}
		b.WriteString("  },\n  \"editor.tabSize\": 4,\n}\n")
		o.AddFile(keepaliveSettings, b.String(), 0)
	}
	if config != "" {
		o.AddFile(keepaliveConfig, config, 0o600)
	}
	return o
}

func runKeepalive(t *testing.T, o facts.OS) checktest.Result {
	t.Helper()
	r := checktest.Run(t, SSHKeepalive, o, facts.Options{Offline: true})
	if r.Err != nil {
		t.Fatalf("err: %v", r.Err)
	}
	return r
}

// keepaliveClean asserts no finding and an observation.
func keepaliveClean(t *testing.T, r checktest.Result, want ...string) {
	t.Helper()
	if r.SkipReason != "" || len(r.Findings) != 0 {
		t.Fatalf("want a clean result, got skip=%q findings=%+v", r.SkipReason, r.Findings)
	}
	text := r.Summary + "\n"
	for _, e := range r.Evidence {
		text += e.Key + ": " + e.Value + "\n"
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("observation does not mention %q:\n%s", w, text)
		}
	}
}

func keepaliveSkip(t *testing.T, r checktest.Result, want string) {
	t.Helper()
	if len(r.Findings) != 0 || !strings.Contains(r.SkipReason, want) {
		t.Fatalf("want skip containing %q, got skip=%q findings=%+v", want, r.SkipReason, r.Findings)
	}
}

func TestSSHKeepalive_NoVSCodeIsSkipped(t *testing.T) {
	o := newKeepaliveMachine("Host devbox\n  HostName 10.0.0.5\n")
	keepaliveSkip(t, runKeepalive(t, o), "VS Code lists no Remote-SSH hosts")
}

func TestSSHKeepalive_NoSSHConfigIsSkipped(t *testing.T) {
	o := newKeepaliveMachine("", "devbox")
	keepaliveSkip(t, runKeepalive(t, o), "no SSH config file ("+keepaliveConfig+")")
}

func TestSSHKeepalive_HostNotInConfigIsSkipped(t *testing.T) {
	// VS Code remembers every host ever used; one the config no longer
	// defines is not worth a finding.
	o := newKeepaliveMachine("Host other\n  HostName 10.0.0.9\nHost *\n  User me\n", "devbox", "me@10.1.1.1")
	keepaliveSkip(t, runKeepalive(t, o), "none of the VS Code Remote-SSH hosts (devbox, me@10.1.1.1) has a Host block")
}

func TestSSHKeepalive_MissingKeepalive(t *testing.T) {
	o := newKeepaliveMachine("# my hosts\nHost devbox\n  HostName 10.0.0.5\n  User me\n\nHost gpu\n  HostName gpu.example.com\n", "devbox", "gpu")
	fd := checktest.Only(t, runKeepalive(t, o), check.Info,
		"2 remote-development hosts (devbox, gpu) have no ServerAliveInterval in /home/u/.ssh/config",
		"`Host devbox` (/home/u/.ssh/config:2)", "`Host gpu` (/home/u/.ssh/config:6)",
		"    ServerAliveInterval 30\n    ServerAliveCountMax 4",
		"client_loop: send disconnect: Broken pipe",
		"listed in "+keepaliveSettings+":4 (remote.SSH.remotePlatform)",
		"system-wide config: /etc/ssh/ssh_config (not present)")
	want := `printf '\nHost devbox gpu\n    ServerAliveInterval 30\n    ServerAliveCountMax 4\n' >> /home/u/.ssh/config`
	if len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != want {
		t.Errorf("fix commands: %q\nwant %q", fd.Fix.Commands, want)
	}
}

func TestSSHKeepalive_UserAtHostMatchesTheHostName(t *testing.T) {
	o := newKeepaliveMachine("Host devbox\n  User me\n", "me@devbox")
	checktest.Only(t, runKeepalive(t, o), check.Info,
		"The remote-development host me@devbox has no ServerAliveInterval", `'\nHost devbox\n`)
}

func TestSSHKeepalive_SetWhereItApplies(t *testing.T) {
	for name, config := range map[string]string{
		"own block":      "Host devbox\n  HostName 10.0.0.5\n  ServerAliveInterval 60\n",
		"Host * after":   "Host devbox\n  HostName 10.0.0.5\n\nHost *\n  ServerAliveInterval 60\n",
		"global section": "ServerAliveInterval=60\n\nHost devbox\n  HostName 10.0.0.5\n",
		"pattern":        "Host devbox\n  User me\nHost dev* !devnull\n  ServerAliveInterval 60\n",
		"question mark":  "Host devbox\n  User me\nHost devbo?\n  ServerAliveInterval 60\n",
		"quoted, tabs":   "Host\tdevbox\n\tServerAliveInterval \"60\"\r\n",
		"match host via hostname": "Host devbox\n  HostName build-7.corp.example\n" +
			"Match host *.corp.example\n  ServerAliveInterval 60\n",
		"match originalhost": "Host devbox\n  HostName 10.0.0.5\nMatch originalhost devbox,other\n  ServerAliveInterval 60\n",
		"match final":        "Host devbox\n  User me\nMatch final all\n  ServerAliveInterval 60\n",
		"explicit zero":      "Host devbox\n  ServerAliveInterval 0\n",
	} {
		t.Run(name, func(t *testing.T) {
			r := runKeepalive(t, newKeepaliveMachine(config, "devbox"))
			keepaliveClean(t, r, "ServerAliveInterval is set for the remote-development host devbox", "devbox: ServerAliveInterval ")
		})
	}
}

func TestSSHKeepalive_NotWhereItDoesNotApply(t *testing.T) {
	for name, config := range map[string]string{
		"other host":       "Host devbox\n  User me\nHost other\n  ServerAliveInterval 60\n",
		"negated":          "Host devbox\n  User me\nHost * !devbox\n  ServerAliveInterval 60\n",
		"case-sensitive":   "Host devbox\n  User me\nHost DEVBOX\n  ServerAliveInterval 60\n",
		"question is one":  "Host devbox\n  User me\nHost devbox?\n  ServerAliveInterval 60\n",
		"commented out":    "Host devbox\n  # ServerAliveInterval 60\n",
		"match other host": "Host devbox\n  HostName 10.0.0.5\nMatch host devbox\n  ServerAliveInterval 60\n", // Match host sees the HostName
		"negated match":    "Host devbox\n  User me\nMatch !originalhost devbox\n  ServerAliveInterval 60\n",
	} {
		t.Run(name, func(t *testing.T) {
			r := runKeepalive(t, newKeepaliveMachine(config, "devbox"))
			checktest.Only(t, r, check.Info, "The remote-development host devbox has no ServerAliveInterval")
		})
	}
}

func TestSSHKeepalive_UndecidableMatchIsNoFinding(t *testing.T) {
	// ssh_config itself rejects `Match exec`; ssh accepts it, and godx
	// cannot know whether it applies: no finding, but say so.
	o := newKeepaliveMachine("Host devbox\n  User me\nMatch exec \"test -f /tmp/vpn\" user me\n  ServerAliveInterval 60\n", "devbox")
	r := runKeepalive(t, o)
	keepaliveClean(t, r, "ServerAliveInterval is set in a Match block that may apply to the remote-development host devbox",
		"which godx cannot evaluate")
}

func TestSSHKeepalive_Include(t *testing.T) {
	t.Run("glob in ~/.ssh", func(t *testing.T) {
		o := newKeepaliveMachine("Include config.d/*.conf\n\nHost devbox\n  User me\n", "devbox")
		o.AddFile("/home/u/.ssh/config.d/10-hosts.conf", "Host gpu\n  User me\n", 0o644)
		o.AddFile("/home/u/.ssh/config.d/20-keepalive.conf", "Host *\n  ServerAliveInterval 15\n", 0o644)
		o.AddFile("/home/u/.ssh/config.d/.hidden.conf", "Host devbox\n  Port\n", 0o644) // glob skips dotfiles
		o.AddFile("/home/u/.ssh/config.d/notes.txt", "Port\n", 0o644)
		r := runKeepalive(t, o)
		keepaliveClean(t, r, "devbox: ServerAliveInterval 15 (/home/u/.ssh/config.d/20-keepalive.conf:2, Host *)")
	})
	t.Run("host defined in an included file", func(t *testing.T) {
		o := newKeepaliveMachine("Include ~/.ssh/hosts/*\nHost *\n  ForwardAgent no\n", "devbox")
		o.AddFile("/home/u/.ssh/hosts/work", "Host devbox\n  HostName 10.0.0.5\n", 0o600)
		r := runKeepalive(t, o)
		checktest.Only(t, r, check.Info, "`Host devbox` (/home/u/.ssh/hosts/work:1)")
	})
	t.Run("include inside another host's block does not apply", func(t *testing.T) {
		o := newKeepaliveMachine("Host devbox\n  User me\nHost other\n  Include keepalive\n", "devbox")
		o.AddFile("/home/u/.ssh/keepalive", "ServerAliveInterval 30\n", 0o600)
		checktest.Only(t, runKeepalive(t, o), check.Info, "devbox has no ServerAliveInterval")
	})
	t.Run("include inside the host's block applies", func(t *testing.T) {
		o := newKeepaliveMachine("Host devbox\n  Include ${HOME}/.ssh/keepalive\n", "devbox")
		o.AddFile("/home/u/.ssh/keepalive", "ServerAliveInterval 30\n", 0o600)
		keepaliveClean(t, runKeepalive(t, o), "devbox: ServerAliveInterval 30 (/home/u/.ssh/keepalive:1, global section)")
	})
	t.Run("system-wide config and its include directory", func(t *testing.T) {
		o := newKeepaliveMachine("Host devbox\n  User me\n", "devbox")
		o.AddFile("/etc/ssh/ssh_config", "Include /etc/ssh/ssh_config.d/*.conf\nHost *\n  SendEnv LANG LC_*\n", 0o644)
		o.AddFile("/etc/ssh/ssh_config.d/keepalive.conf", "ServerAliveInterval 45\n", 0o644)
		keepaliveClean(t, runKeepalive(t, o), "devbox: ServerAliveInterval 45 (/etc/ssh/ssh_config.d/keepalive.conf:1")
	})
	t.Run("missing include is ignored like ssh does", func(t *testing.T) {
		o := newKeepaliveMachine("Include nothing/* ~/.ssh/absent\nHost devbox\n  User me\n", "devbox")
		checktest.Only(t, runKeepalive(t, o), check.Info, "devbox has no ServerAliveInterval")
	})
	t.Run("cycle", func(t *testing.T) {
		o := newKeepaliveMachine("Include a\nHost devbox\n  User me\n", "devbox")
		o.AddFile("/home/u/.ssh/a", "Include b\n", 0o600)
		o.AddFile("/home/u/.ssh/b", "\nInclude a\n", 0o600)
		checktest.Only(t, runKeepalive(t, o), check.Warning,
			"The SSH configuration /home/u/.ssh/b:2 makes an Include loop: /home/u/.ssh/config → /home/u/.ssh/a → /home/u/.ssh/b → /home/u/.ssh/a",
			"Too many recursive configuration includes")
	})
	t.Run("ssh_config never reads the real disk", func(t *testing.T) {
		// A real file ssh_config would fail on, named by an absolute
		// Include: the fake machine has no such file, so it must not
		// matter (ssh_config's own Include support uses the real OS).
		dir := t.TempDir()
		bad := filepath.Join(dir, "bad.conf")
		if err := os.WriteFile(bad, []byte("Match\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		o := newKeepaliveMachine("Include "+bad+"\nHost devbox\n  User me\n", "devbox")
		checktest.Only(t, runKeepalive(t, o), check.Info, "devbox has no ServerAliveInterval")
	})
}

func TestSSHKeepalive_Malformed(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		want         []string
	}{
		{"missing argument", "Host devbox\n  Port\n  ServerAliveInterval 30\n",
			[]string{"The SSH configuration /home/u/.ssh/config:2 has `Port` without an argument.",
				`/home/u/.ssh/config line 2: no argument after keyword "port"`, "terminating, 1 bad configuration options", "git` over SSH"}},
		{"unterminated quote", "Host devbox\n  IdentityFile \"~/.ssh/id_ed25519\n",
			[]string{"/home/u/.ssh/config:2 has an unterminated quote", "/home/u/.ssh/config line 2: invalid quotes"}},
		{"match without criteria", "Host devbox\n  User me\nMatch # TODO\n  ServerAliveInterval 30\n",
			[]string{"/home/u/.ssh/config:3", "One or more attributes required for Match"}},
		{"match criterion without value", "Host devbox\n  User me\nMatch host\n  ServerAliveInterval 30\n",
			[]string{"/home/u/.ssh/config:3 has the Match criterion `host` without its value", "Missing Match criteria for host"}},
		{"utf-8 bom", "\ufeffHost devbox\n  ServerAliveInterval 30\n",
			[]string{"/home/u/.ssh/config:1 starts with a UTF-8 byte-order mark", `/home/u/.ssh/config: line 1: Bad configuration option: \357\273\277host`}},
		{"utf-16 bom", "\xff\xfeH\x00o\x00s\x00t\x00 \x00d\x00\n\x00",
			[]string{"UTF-16 (little-endian) byte-order mark", `/home/u/.ssh/config line 1: no argument after keyword "\377\376h"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runKeepalive(t, newKeepaliveMachine(tc.config, "devbox"))
			checktest.Only(t, r, check.Warning, tc.want...)
		})
	}
}

func TestSSHKeepalive_MalformedIncludedFile(t *testing.T) {
	o := newKeepaliveMachine("Include conf.d/*\nHost devbox\n  User me\n", "devbox")
	o.AddFile("/home/u/.ssh/conf.d/work", "Host work\n  HostName\n", 0o600)
	fd := checktest.Only(t, runKeepalive(t, o), check.Warning, "/home/u/.ssh/conf.d/work:2 has `HostName` without an argument")
	if !strings.Contains(checktest.Text(fd), "SSH config: /home/u/.ssh/config") {
		t.Errorf("evidence should name the main config: %+v", fd.Evidence)
	}
}

func TestSSHKeepalive_Permissions(t *testing.T) {
	o := newKeepaliveMachine("Include conf.d/*\n", "devbox")
	o.AddFile("/home/u/.ssh/conf.d/hosts", "Host devbox\n  User me\n", 0o666)
	checktest.Only(t, runKeepalive(t, o), check.Warning,
		"/home/u/.ssh/conf.d/hosts is writable by everyone (mode 0666)", "Bad owner or permissions on /home/u/.ssh/conf.d/hosts", "chmod go-w /home/u/.ssh/conf.d/hosts")

	// Group-writable is fine for ssh when the group is the user's private
	// group (umask 002 distributions): no warning godx cannot back up.
	o = newKeepaliveMachine("", "devbox")
	o.AddFile(keepaliveConfig, "Host devbox\n  User me\n", 0o664)
	checktest.Only(t, runKeepalive(t, o), check.Info, "devbox has no ServerAliveInterval")

	// Windows has no Unix modes: no such finding there.
	w := newKeepaliveWindows("Host devbox\n  User me\n")
	w.AddFile(`C:\Users\u\.ssh\config`, "Host devbox\n  User me\n", 0o666)
	checktest.Only(t, runKeepalive(t, w), check.Info, "devbox has no ServerAliveInterval")
}

func TestSSHKeepalive_ConfigFileSetting(t *testing.T) {
	o := newKeepaliveMachine("")
	o.AddFile(keepaliveSettings, `{
  "remote.SSH.configFile": "~/work/ssh.conf", // ssh -F
  "remote.SSH.remotePlatform": {"devbox": "linux"},
}`, 0)
	o.AddFile("/home/u/work/ssh.conf", "Host devbox\n  User me\n", 0o600)
	// With -F, ssh does not read the system-wide file.
	o.AddFile("/etc/ssh/ssh_config", "ServerAliveInterval 45\n", 0o644)
	fd := checktest.Only(t, runKeepalive(t, o), check.Info,
		"devbox has no ServerAliveInterval in /home/u/work/ssh.conf", "remote.SSH.configFile: "+keepaliveSettings+":2", ">> /home/u/work/ssh.conf")
	if strings.Contains(checktest.Text(fd), "system-wide") {
		t.Errorf("the system-wide file is not read with -F: %+v", fd.Evidence)
	}

	o.AddFile(keepaliveSettings, `{"remote.SSH.configFile": "/home/u/missing.conf", "remote.SSH.remotePlatform": {"devbox": "linux"}}`, 0)
	checktest.Only(t, runKeepalive(t, o), check.Warning,
		"remote.SSH.configFile names /home/u/missing.conf, which does not exist", "Can't open user config file /home/u/missing.conf: No such file or directory")
}

func TestSSHKeepalive_ServerInstallPathAndOtherProducts(t *testing.T) {
	o := newKeepaliveMachine("Host devbox gpu\n  User me\nHost gpu\n  ServerAliveInterval 20\n")
	o.AddFile("/home/u/.config/Cursor/User/settings.json", `{"remote.SSH.serverInstallPath": {"devbox": "/data/vscode"}}`, 0)
	o.AddFile(keepaliveSettings, `{"remote.SSH.remotePlatform": {"gpu": "linux", "devbox": "linux"}}`, 0)
	fd := checktest.Only(t, runKeepalive(t, o), check.Info, "The remote-development host devbox has no ServerAliveInterval")
	if strings.Contains(fd.Summary, "gpu") {
		t.Errorf("gpu has a keepalive: %s", fd.Summary)
	}
}

func TestSSHKeepalive_BrokenSettingsAreLeftToEditorCheck(t *testing.T) {
	o := newKeepaliveMachine("Host devbox\n  User me\n")
	o.AddFile(keepaliveSettings, `{"remote.SSH.remotePlatform": {"devbox": "linux"`, 0)
	keepaliveSkip(t, runKeepalive(t, o), "VS Code lists no Remote-SSH hosts")
}

func newKeepaliveWindows(config string) *factstest.OS {
	o := factstest.New()
	o.OSName = "windows"
	o.Wd = `C:\work`
	o.AddDir(`C:\work`)
	o.Setenv("USERPROFILE", `C:\Users\u`)
	o.Setenv("APPDATA", `C:\Users\u\AppData\Roaming`)
	o.Setenv("ProgramData", `C:\ProgramData`)
	o.AddFile(`C:\Users\u\AppData\Roaming\Code\User\settings.json`, "{\"remote.SSH.remotePlatform\": {\"devbox\": \"linux\"}}", 0)
	if config != "" {
		o.AddFile(`C:\Users\u\.ssh\config`, config, 0)
	}
	return o
}

func TestSSHKeepalive_Windows(t *testing.T) {
	o := newKeepaliveWindows("Include conf.d\\*.conf\r\nHost devbox\r\n  HostName 10.0.0.5\r\n")
	o.AddFile(`C:\Users\u\.ssh\conf.d\a.conf`, "Host other\r\n  User x\r\n", 0)
	fd := checktest.Only(t, runKeepalive(t, o), check.Info,
		`devbox has no ServerAliveInterval in C:\Users\u\.ssh\config`, `system-wide config: C:\ProgramData\ssh\ssh_config (not present)`)
	want := "Add-Content -Encoding ascii -Path 'C:\\Users\\u\\.ssh\\config' -Value \"`nHost devbox`n    ServerAliveInterval 30`n    ServerAliveCountMax 4\""
	if len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != want {
		t.Errorf("fix: %q\nwant %q", fd.Fix.Commands, want)
	}

	o.AddFile(`C:\ProgramData\ssh\ssh_config`, "Include keepalive.conf\r\n", 0)
	o.AddFile(`C:\ProgramData\ssh\keepalive.conf`, "ServerAliveInterval 25\r\n", 0)
	keepaliveClean(t, runKeepalive(t, o), `devbox: ServerAliveInterval 25 (C:\ProgramData\ssh\keepalive.conf:1`)
}

// The real machine: files on disk, read through facts.System, with the
// Include glob going through the real ReadDir.
func TestSSHKeepalive_RealMachine(t *testing.T) {
	home, config := checktest.FreshUser(t)
	write := func(rel, data string, mode os.FileMode) {
		t.Helper()
		p := filepath.Join(home, rel)
		if after, ok := strings.CutPrefix(rel, ".config/"); ok {
			p = filepath.Join(config, after) // VS Code's user settings
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
	}
	write(".config/Code/User/settings.json", "{\n  // hosts\n  \"remote.SSH.remotePlatform\": {\"devbox\": \"linux\", \"gpu\": \"linux\",},\n}\n", 0o644)
	write(".ssh/config", "Include conf.d/*.conf\nHost devbox\n  HostName 127.0.0.1\n", 0o600)
	write(".ssh/conf.d/gpu.conf", "Host gpu\n  ServerAliveInterval 30\n", 0o600)

	run := func() checktest.Result {
		f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: home, Offline: true})
		if err != nil {
			t.Fatal(err)
		}
		r := checktest.RunFacts(t, SSHKeepalive, f)
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		return r
	}
	r := run()
	// The machine's own /etc/ssh/ssh_config could set a keepalive for
	// every host; only assert what does not depend on it.
	if len(r.Findings) == 1 {
		if !strings.Contains(r.Findings[0].Summary, "host devbox has no ServerAliveInterval") {
			t.Errorf("finding: %+v", r.Findings[0])
		}
	} else if len(r.Findings) != 0 || r.SkipReason != "" {
		t.Fatalf("skip=%q findings=%+v", r.SkipReason, r.Findings)
	}

	write(".ssh/conf.d/gpu.conf", "Host gpu\n  ServerAliveInterval\n", 0o600)
	r = run()
	checktest.Only(t, r, check.Warning, filepath.Join(home, ".ssh/conf.d/gpu.conf")+":2 has `ServerAliveInterval` without an argument")
}

func TestSSHKeepalive_ManyProblemsAreCapped(t *testing.T) {
	o := newKeepaliveMachine("Host devbox\n"+strings.Repeat("  Port\n", 7), "devbox")
	r := runKeepalive(t, o)
	if len(r.Findings) != 6 || !strings.Contains(r.Findings[5].Summary, "2 more problems") {
		t.Fatalf("want 5 problems and a count of the rest, got %+v", r.Findings)
	}
	for _, fd := range r.Findings {
		if fd.Severity != check.Warning {
			t.Errorf("severity %v: %s", fd.Severity, fd.Summary)
		}
	}
}

func TestSSHKeepalive_IncludeDepthIsBounded(t *testing.T) {
	// 17 nested files without a loop: ssh allows 16 levels.
	o := newKeepaliveMachine("Include f1\nHost devbox\n  User me\n", "devbox")
	for i := 1; i <= 17; i++ {
		o.AddFile("/home/u/.ssh/f"+strconv.Itoa(i), "Include f"+strconv.Itoa(i+1)+"\n", 0o600)
	}
	checktest.Only(t, runKeepalive(t, o), check.Warning, "/home/u/.ssh/f16:1 nests Includes more than 16 levels deep", "Too many recursive configuration includes")

	o.AddFile("/home/u/.ssh/f16", "ServerAliveInterval 30\n", 0o600) // 16 levels are fine
	keepaliveClean(t, runKeepalive(t, o), "devbox: ServerAliveInterval 30 (/home/u/.ssh/f16:1")
}

func TestSSHKeepalive_IncompleteConfigIsSkipped(t *testing.T) {
	// An Include godx stops following (here: one file included 300
	// times) may hide the keepalive: no verdict rather than a guess.
	o := newKeepaliveMachine(strings.Repeat("Include same\n", 300)+"Host devbox\n  User me\n", "devbox")
	o.AddFile("/home/u/.ssh/same", "Port 22\n", 0o600)
	keepaliveSkip(t, runKeepalive(t, o), "godx stopped reading the SSH configuration /home/u/.ssh/config: the Includes match more than 256 files")
}

// Whatever the config holds, the check reports, never crashes or fails.
func FuzzSSHKeepalive(f *testing.F) {
	for _, seed := range []string{
		"Host devbox\n  ServerAliveInterval 30\n",
		"Include a\nMatch exec \"x\" host devbox\n  Port\n",
		"\ufeffHost devbox\n", "Host \"a b\" 'c\n", "Match !final all host *,!x\n=\n\x00\r\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, config string) {
		o := newKeepaliveMachine(config, "devbox")
		o.AddFile("/home/u/.ssh/a", config, 0o600)
		r := checktest.Run(t, SSHKeepalive, o, facts.Options{Offline: true})
		if r.Err != nil {
			t.Fatalf("err %v on %q", r.Err, config)
		}
		if r.SkipReason == "" && len(r.Findings) == 0 && r.Summary == "" {
			t.Fatalf("no result for %q", config)
		}
	})
}

func TestSSHKeepalive_ObservationNamesWhatWasChecked(t *testing.T) {
	o := newKeepaliveMachine("Host a b\n  User me\nHost *\n  ServerAliveInterval 30\n", "a", "b", "stale")
	keepaliveClean(t, runKeepalive(t, o),
		"ServerAliveInterval is set for 2 remote-development hosts (a, b)\n",
		"VS Code hosts without a Host block (not checked): stale",
		"a: ServerAliveInterval 30 (/home/u/.ssh/config:4, Host *)")
}

// A configuration larger than godx reads is godx's limit: an info that
// godx did not check it, with no claim about ssh and no verdict on hosts.
func TestSSHKeepalive_TooLargeForGodx(t *testing.T) {
	big := "Host devbox\n  HostName 10.0.0.5\n" + strings.Repeat("# padding\n", facts.MaxFileSize/10+1)
	for _, tc := range []struct{ name, config, included string }{
		{"the config itself", big, ""},
		{"an included file", "Include big.conf\nHost gpu\n  HostName 10.0.0.6\n", big},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newKeepaliveMachine(tc.config, "devbox", "gpu")
			file := keepaliveConfig
			if tc.included != "" {
				file = "/home/u/.ssh/big.conf"
				o.AddFile(file, tc.included, 0o600)
			}
			fd := checktest.Only(t, runKeepalive(t, o), check.Info,
				"The SSH configuration "+file+" is larger than godx reads (16 MiB), so godx did not check it.",
				"cannot tell whether devbox, gpu get a ServerAliveInterval", "godx's limit")
			if text := checktest.Text(fd); strings.Contains(text, "ignores") || strings.Contains(text, "ssh stops") || strings.Contains(text, "Can't open") {
				t.Errorf("a claim about ssh:\n%s", text)
			}
		})
	}
}

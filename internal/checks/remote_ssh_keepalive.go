package checks

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kevinburke/ssh_config"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// RemoteSSHKeepalive checks that the SSH hosts VS Code Remote-SSH connects
// to send keepalives, so that an idle remote session is not dropped by a
// NAT or firewall on the way.
var RemoteSSHKeepalive = &check.Check{
	ID:    "remote/ssh-keepalive",
	Title: "SSH keepalive for remote development",
	Doc: check.Doc{
		What: "Finds the hosts you develop on over SSH — the host aliases VS Code Remote-SSH (and its forks: VS Code Insiders, VSCodium, Cursor) lists in its user settings under `remote.SSH.remotePlatform` and `remote.SSH.serverInstallPath` — and reads the SSH client configuration ssh uses for them: " +
			"the file named by `remote.SSH.configFile`, or `~/.ssh/config` (`%USERPROFILE%\\.ssh\\config` on Windows) followed by the system-wide `/etc/ssh/ssh_config` (`%ProgramData%\\ssh\\ssh_config` on Windows), with every `Include`d file. " +
			"For each host that has its own `Host` (or `Match host`) block, it works out whether `ServerAliveInterval` applies to it: in its own block, in a matching pattern block such as `Host *` or `Host *.corp.example`, or in the global section before the first `Host` line.",
		Why: "Without `ServerAliveInterval`, ssh sends nothing while the session is idle. NAT gateways, firewalls and VPNs forget idle TCP connections after a few minutes (AWS Network Firewall after 350 seconds by default, Azure NAT gateway and Load Balancer after 4 minutes, and some are configured as low as 60 seconds); " +
			"the next keystroke or file save then hangs until the connection times out, the terminal prints `client_loop: send disconnect: Broken pipe`, and VS Code shows its reconnecting dialog and may have to reload the window. " +
			"TCP keepalives (`TCPKeepAlive`, on by default) do not help: the kernel sends the first one only after two hours of silence. " +
			"Server-alive messages go through the encrypted channel, keep the middleboxes' state fresh, and let ssh notice a dead connection quickly so that VS Code reconnects instead of freezing.",
		How: "Info when a remote-development host that has a `Host` block of its own gets no `ServerAliveInterval` from any block that applies to it (ssh uses the first value it reads; any explicit value counts, even 0). " +
			"The check evaluates `Host` patterns (`*`, `?`, `!negation`), `Match host`/`originalhost`/`all`/`final` and nested `Include`s (with `~`, `${VAR}` and glob patterns, at most 16 levels, like ssh); a block whose `Match` it cannot decide (`exec`, `user`, `localnetwork`, …) counts as possibly applying, and a possible `ServerAliveInterval` gives no finding. " +
			"Warning when the configuration is one ssh refuses to use, with the file and line: a keyword without an argument, unbalanced quotes, a `Match` without criteria, a byte-order mark (UTF-8 from Notepad, UTF-16 from PowerShell's `>`), an `Include` loop, an included file ssh cannot open, or (on Unix) a config file anyone can write (ssh also rejects a group-writable one unless the group is your own private group, which godx cannot tell, so it says nothing about those). " +
			"Also a warning when `remote.SSH.configFile` names a file that does not exist. " +
			"Skipped when VS Code lists no remote hosts, when there is no SSH config file, or when none of the remote hosts has a `Host` block (an alias VS Code remembers but the config no longer has is a host you stopped using). Hosts are matched as ssh does: case-sensitively for `Host`, against `HostName` for `Match host`.",
		Fix: "Add two lines to the host's block (or once to a `Host *` block at the end of the file, to cover every host):\n" +
			"    ServerAliveInterval 30\n" +
			"    ServerAliveCountMax 4\n" +
			"Why these numbers: a keepalive after 30 seconds of silence stays well below the shortest idle timeouts in common use (60 seconds and up), so the connection never looks idle to a NAT or firewall; it costs a few dozen bytes every 30 seconds. " +
			"With 4 unanswered keepalives allowed, ssh gives up on a dead connection after about 2 minutes (4 × 30 s) — long enough to ride out a Wi-Fi handover, a VPN reconnect or a short outage, short enough that VS Code reconnects on its own instead of hanging (ssh's default of 3 would give up after 90 seconds). " +
			"For a configuration ssh rejects, fix the line the finding names (run `ssh -G HOST` to see ssh's own error), or `chmod go-w` the file ssh calls insecure.",
		Errors: []string{
			"client_loop: send disconnect: Broken pipe",
			"packet_write_wait: Connection to 203.0.113.7 port 22: Broken pipe",
			"Timeout, server devbox not responding.",
			`/home/you/.ssh/config line 3: no argument after keyword "port"`,
			"/home/you/.ssh/config: terminating, 1 bad configuration options",
			`C:\\Users\\you/.ssh/config: line 1: Bad configuration option: \377\376h`,
			"Bad owner or permissions on /home/you/.ssh/config",
			"Too many recursive configuration includes",
			"Can't open user config file C:\\Users\\you\\ssh.conf: No such file or directory",
		},
	},
	Run: runRemoteSSHKeepalive,
}

// The two lines the fix adds (see Doc.Fix for why).
const (
	remoteSSHKeepaliveInterval = "ServerAliveInterval 30"
	remoteSSHKeepaliveCountMax = "ServerAliveCountMax 4"
	// remoteSSHKeepaliveMaxDepth is OpenSSH's READCONF_MAX_DEPTH.
	remoteSSHKeepaliveMaxDepth = 16
	// remoteSSHKeepaliveMaxFiles bounds the files one config may pull in.
	remoteSSHKeepaliveMaxFiles = 256
)

// remoteSSHKeepaliveHost is one host VS Code Remote-SSH connects to.
type remoteSSHKeepaliveHost struct {
	alias  string // as VS Code lists it
	target string // what ssh matches Host patterns against (alias without user@ and :port)
	where  string // settings file:line
}

// remoteSSHKeepaliveGroup is the hosts that use one SSH configuration.
type remoteSSHKeepaliveGroup struct {
	config  string // the user config file (remote.SSH.configFile or ~/.ssh/config)
	custom  bool   // config comes from remote.SSH.configFile (ssh -F: no system file)
	setting string // where remote.SSH.configFile is set, when custom
	hosts   []remoteSSHKeepaliveHost
}

func runRemoteSSHKeepalive(pass *check.Pass) error {
	f := pass.Facts
	home := remoteSSHKeepaliveHome(f)
	if home == "" {
		if f.GOOS() == "windows" {
			return check.Skip("%%USERPROFILE%% is not set: ssh has no user configuration")
		}
		return check.Skip("$HOME is not set: ssh has no user configuration")
	}
	groups := remoteSSHKeepaliveGroups(f, home)
	if len(groups) == 0 {
		return check.Skip("VS Code lists no Remote-SSH hosts (remote.SSH.remotePlatform in the user settings)")
	}

	var skips []string
	observed := 0
	var fine, maybe, outside []string
	var evidence check.Evidence
	for _, g := range groups {
		if !f.IsAbs(g.config) {
			skips = append(skips, fmt.Sprintf("remote.SSH.configFile (%s) is not an absolute path: %s", g.setting, g.config))
			continue
		}
		if _, err := f.OS.Stat(g.config); err != nil {
			if !facts.IsNotExist(err) {
				skips = append(skips, fmt.Sprintf("cannot read %s: %v", g.config, err))
				continue
			}
			if g.custom {
				remoteSSHKeepaliveReportMissingCustom(pass, g)
				observed++
				continue
			}
			skips = append(skips, "no SSH config file ("+g.config+")")
			continue
		}
		l := &remoteSSHKeepaliveLoader{f: f, home: home}
		user := l.load(g.config, false, !g.custom, 0, nil)
		var system *remoteSSHKeepaliveFile
		systemPath := ""
		if !g.custom {
			systemPath = remoteSSHKeepaliveSystemConfig(f)
			if systemPath != "" {
				system = l.load(systemPath, true, false, 0, nil)
			}
		}
		if len(l.problems) > 0 {
			remoteSSHKeepaliveReportProblems(pass, g, l.problems)
			observed++
			continue
		}
		if user == nil {
			skips = append(skips, "cannot read "+g.config)
			continue
		}
		roots := []*remoteSSHKeepaliveFile{user}
		if system != nil {
			roots = append(roots, system)
		}
		var missing []remoteSSHKeepaliveResult
		for _, h := range g.hosts {
			r := remoteSSHKeepaliveEvaluate(roots, h)
			switch {
			case r.named == nil:
				outside = append(outside, h.alias)
			case r.state == remoteSSHKeepaliveYes:
				fine = append(fine, h.alias)
				evidence = append(evidence, check.F(h.alias, fmt.Sprintf("ServerAliveInterval %s (%s:%d, %s)", r.value, r.file, r.line, r.block)))
			case r.state == remoteSSHKeepaliveMaybe:
				maybe = append(maybe, h.alias)
				evidence = append(evidence, check.F(h.alias, fmt.Sprintf("ServerAliveInterval %s (%s:%d, in %s, which godx cannot evaluate)", r.value, r.file, r.line, r.block)))
			default:
				missing = append(missing, r)
			}
		}
		if len(missing) > 0 {
			remoteSSHKeepaliveReportMissing(pass, g, systemPath, system != nil, missing)
			observed++
		}
		evidence = append(evidence, check.F("SSH config", g.config))
	}
	if observed > 0 {
		return nil
	}
	if len(fine)+len(maybe) == 0 {
		if len(outside) > 0 {
			skips = append(skips, fmt.Sprintf("none of the VS Code Remote-SSH hosts (%s) has a Host block in the SSH config", strings.Join(outside, ", ")))
		}
		return check.Skip("%s", strings.Join(skips, "; "))
	}
	if len(outside) > 0 {
		evidence = append(evidence, check.F("VS Code hosts without a Host block (not checked)", strings.Join(outside, ", ")))
	}
	all := len(maybe) == 0 && len(outside) == 0
	summary := fmt.Sprintf("ServerAliveInterval is set for %s", remoteSSHKeepaliveList(fine, all))
	switch {
	case len(fine) == 0:
		summary = fmt.Sprintf("ServerAliveInterval is set in a Match block that may apply to %s", remoteSSHKeepaliveList(maybe, len(outside) == 0))
	case len(maybe) > 0:
		summary += fmt.Sprintf(", and in a Match block that may apply to %s", strings.Join(maybe, ", "))
	}
	pass.Observe(summary, evidence...)
	return nil
}

func remoteSSHKeepaliveList(hosts []string, all bool) string {
	switch {
	case len(hosts) == 1:
		return "the remote-development host " + hosts[0]
	case all:
		return fmt.Sprintf("all %d remote-development hosts (%s)", len(hosts), strings.Join(hosts, ", "))
	}
	return fmt.Sprintf("%d remote-development hosts (%s)", len(hosts), strings.Join(hosts, ", "))
}

// remoteSSHKeepaliveHome is the home directory ssh uses: %USERPROFILE% on
// Windows, $HOME elsewhere.
func remoteSSHKeepaliveHome(f *facts.Facts) string {
	if f.GOOS() == "windows" {
		return f.Getenv("USERPROFILE")
	}
	return f.Getenv("HOME")
}

// remoteSSHKeepaliveSystemConfig is ssh's system-wide configuration file.
func remoteSSHKeepaliveSystemConfig(f *facts.Facts) string {
	if f.GOOS() == "windows" {
		pd := f.Getenv("ProgramData")
		if pd == "" {
			return ""
		}
		return f.JoinPath(pd, "ssh", "ssh_config")
	}
	return "/etc/ssh/ssh_config"
}

// remoteSSHKeepaliveSystemDir is where a system file's relative Includes
// are resolved.
func remoteSSHKeepaliveSystemDir(f *facts.Facts) string {
	if p := remoteSSHKeepaliveSystemConfig(f); p != "" {
		return f.ParentDir(p)
	}
	return ""
}

// remoteSSHKeepaliveGroups reads the Remote-SSH hosts from the VS Code user
// settings, grouped by the SSH config file they use.
func remoteSSHKeepaliveGroups(f *facts.Facts, home string) []*remoteSSHKeepaliveGroup {
	defaultConfig := ""
	if home != "" {
		defaultConfig = f.JoinPath(home, ".ssh", "config")
	}
	var groups []*remoteSSHKeepaliveGroup
	byConfig := map[string]*remoteSSHKeepaliveGroup{}
	seen := map[string]bool{}
	for _, vf := range f.VSCodeSettings() {
		if vf.Scope != facts.VSCodeUser || vf.Err != nil {
			continue // Remote-SSH settings live in the user settings; a broken file is editor/vscode's finding
		}
		var aliases []string
		where := map[string]string{}
		for _, key := range []string{"remote.SSH.remotePlatform", "remote.SSH.serverInstallPath"} {
			for alias := range vf.Object(key) {
				if strings.TrimSpace(alias) == "" || where[alias] != "" {
					continue
				}
				aliases = append(aliases, alias)
				where[alias] = vf.Where(key, alias) + " (" + key + ")"
			}
		}
		if len(aliases) == 0 {
			continue
		}
		sort.Strings(aliases)
		config, custom, setting := defaultConfig, false, ""
		if s, ok := vf.String("remote.SSH.configFile"); ok && strings.TrimSpace(s) != "" {
			config, custom, setting = f.VSCodeResolvePath(strings.TrimSpace(s), vf), true, vf.Where("remote.SSH.configFile")
		}
		if config == "" {
			continue // no home directory: ssh has no user config either
		}
		g := byConfig[config]
		if g == nil {
			g = &remoteSSHKeepaliveGroup{config: config, custom: custom, setting: setting}
			byConfig[config] = g
			groups = append(groups, g)
		}
		for _, a := range aliases {
			if seen[config+"\x00"+a] {
				continue
			}
			seen[config+"\x00"+a] = true
			g.hosts = append(g.hosts, remoteSSHKeepaliveHost{alias: a, target: remoteSSHKeepaliveTarget(a), where: where[a]})
		}
	}
	return groups
}

// remoteSSHKeepaliveTarget is the name ssh matches Host patterns against
// when VS Code connects to alias: "user@host:port" connects to host.
func remoteSSHKeepaliveTarget(alias string) string {
	if i := strings.LastIndexByte(alias, '@'); i >= 0 {
		alias = alias[i+1:]
	}
	if i := strings.LastIndexByte(alias, ':'); i > 0 && strings.Count(alias, ":") == 1 {
		if _, err := strconv.Atoi(alias[i+1:]); err == nil {
			alias = alias[:i]
		}
	}
	return alias
}

// ---- reading the configuration ----

// remoteSSHKeepaliveFile is one parsed configuration file: its blocks in
// order, the first being the global section before any Host or Match.
type remoteSSHKeepaliveFile struct {
	path   string
	blocks []*remoteSSHKeepaliveBlock
}

type remoteSSHKeepaliveBlock struct {
	line     int    // 0 for the global section
	text     string // "Host devbox", "Match host *.corp", "global section"
	isMatch  bool
	patterns []string // Host patterns, or the Match arguments
	entries  []*remoteSSHKeepaliveEntry
}

type remoteSSHKeepaliveEntry struct {
	line     int
	key      string // lower case
	value    string
	includes []*remoteSSHKeepaliveFile // for Include
}

type remoteSSHKeepaliveProblem struct {
	file    string
	line    int    // 0 when it is about the whole file
	what    string // our explanation
	sshSays string // what ssh prints
	fix     string
	cmd     string
}

type remoteSSHKeepaliveLoader struct {
	f        *facts.Facts
	home     string
	nfiles   int
	problems []remoteSSHKeepaliveProblem
}

func (l *remoteSSHKeepaliveLoader) problem(p remoteSSHKeepaliveProblem) {
	for _, q := range l.problems {
		if q.file == p.file && q.line == p.line && q.what == p.what {
			return
		}
	}
	l.problems = append(l.problems, p)
}

var remoteSSHKeepaliveLibPos = regexp.MustCompile(`^\((\d+), \d+\): (.*)$`)

// load reads and parses one file and, recursively, its Includes. It
// returns nil when the file cannot be used (the reason is in l.problems,
// or the file does not exist, which ssh ignores).
func (l *remoteSSHKeepaliveLoader) load(name string, system, checkPerm bool, depth int, stack []string) *remoteSSHKeepaliveFile {
	f := l.f
	data, err := f.ReadFile(name)
	if err != nil {
		switch {
		case facts.IsNotExist(err):
		case depth == 0:
			l.problem(remoteSSHKeepaliveProblem{file: name, what: "cannot be read (" + err.Error() + "); ssh silently ignores a file it cannot open, so none of its settings apply"})
		default:
			reason := err.Error()
			var pe *fs.PathError
			if errors.As(err, &pe) {
				reason = pe.Err.Error()
			}
			l.problem(remoteSSHKeepaliveProblem{file: name, what: "is included but cannot be read (" + err.Error() + ")",
				sshSays: fmt.Sprintf("Can't open user config file %s: %s", name, remoteSSHKeepaliveStrerror(reason))})
		}
		return nil
	}
	// ssh also accepts a group-writable file when the group is the owner's
	// private group, which godx cannot see: only world-writable is sure.
	if checkPerm && f.GOOS() != "windows" {
		if st, err := f.OS.Stat(name); err == nil && st.Mode().Perm()&0o002 != 0 {
			l.problem(remoteSSHKeepaliveProblem{
				file:    name,
				what:    fmt.Sprintf("is writable by everyone (mode %04o); ssh refuses to use a configuration someone else could change", st.Mode().Perm()),
				sshSays: "Bad owner or permissions on " + name,
				fix:     "Make the file writable only by you.",
				cmd:     "chmod go-w " + remoteSSHKeepaliveShellQuote(name),
			})
			return nil
		}
	}
	if bom, ok := remoteSSHKeepaliveBOM(data); ok {
		l.problem(remoteSSHKeepaliveProblem{
			file:    name,
			line:    1,
			what:    "starts with a " + bom + " byte-order mark, which ssh reads as part of the first keyword",
			sshSays: remoteSSHKeepaliveBOMError(name, data),
			fix:     "Save the file as UTF-8 without a byte-order mark (in VS Code: click the encoding in the status bar, \"Save with Encoding\", \"UTF-8\").",
		})
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
		rewritten[i] = raw
		keyword, rest := remoteSSHKeepaliveKeyword(text)
		if keyword == "" {
			continue
		}
		infos[i].keyword = keyword
		switch keyword {
		case "include":
			// ssh_config would read Included files from the real disk by
			// itself: hide the line from it and follow it here.
			rewritten[i] = []byte("#")
		case "match":
			// ssh_config rejects Match criteria it does not know (exec,
			// user, …) although ssh accepts them; godx evaluates Match
			// lines itself.
			rewritten[i] = []byte("Match all")
		}
		if rest == "" {
			l.problem(remoteSSHKeepaliveProblem{
				file: name, line: lineNo,
				what:    fmt.Sprintf("has `%s` without an argument", strings.TrimSpace(text)),
				sshSays: fmt.Sprintf("%s line %d: no argument after keyword %q", name, lineNo, keyword),
				fix:     fmt.Sprintf("Give `%s` its value on line %d, or delete the line.", strings.TrimSpace(text), lineNo),
			})
			continue
		}
		args, ok := remoteSSHKeepaliveSplit(rest)
		if !ok {
			l.problem(remoteSSHKeepaliveProblem{
				file: name, line: lineNo,
				what:    fmt.Sprintf("has an unterminated quote: `%s`", strings.TrimSpace(text)),
				sshSays: fmt.Sprintf("%s line %d: invalid quotes", name, lineNo),
				fix:     fmt.Sprintf("Close the quote on line %d (or escape a literal quote with a backslash).", lineNo),
			})
			continue
		}
		infos[i].args = args
		if keyword == "match" {
			if len(args) == 0 {
				l.problem(remoteSSHKeepaliveProblem{
					file: name, line: lineNo,
					what:    "has a `Match` line without any criteria",
					sshSays: "One or more attributes required for Match",
					fix:     fmt.Sprintf("Complete the Match line %d (e.g. `Match host NAME`), or replace it with `Host NAME`.", lineNo),
				})
			} else if bad := remoteSSHKeepaliveMatchMissing(args); bad != "" {
				l.problem(remoteSSHKeepaliveProblem{
					file: name, line: lineNo,
					what:    fmt.Sprintf("has the Match criterion `%s` without its value", bad),
					sshSays: "Missing Match criteria for " + bad,
					fix:     fmt.Sprintf("Give `%s` its value on line %d.", bad, lineNo),
				})
			}
		}
	}

	cfg, err := remoteSSHKeepaliveDecode(bytes.Join(rewritten, []byte("\n")))
	if err != nil {
		lineNo, msg := 0, err.Error()
		if m := remoteSSHKeepaliveLibPos.FindStringSubmatch(msg); m != nil {
			lineNo, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		l.problem(remoteSSHKeepaliveProblem{file: name, line: lineNo, what: "cannot be parsed: " + strings.TrimSpace(msg),
			fix: "Correct the line; `ssh -G HOST` shows how ssh itself reads the file."})
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

	file := &remoteSSHKeepaliveFile{path: name}
	cur := &remoteSSHKeepaliveBlock{text: "global section"}
	file.blocks = append(file.blocks, cur)
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
			cur = &remoteSSHKeepaliveBlock{line: lineNo, text: text, isMatch: info.keyword == "match", patterns: info.args}
			file.blocks = append(file.blocks, cur)
		case "include":
			e := &remoteSSHKeepaliveEntry{line: lineNo, key: "include", value: strings.Join(info.args, " ")}
			for _, p := range info.args {
				for _, m := range l.glob(l.includePath(p, system)) {
					if loop := slices.Contains(stack, m); loop || depth+1 > remoteSSHKeepaliveMaxDepth {
						chain := append(slices.Clone(stack), m)
						what := "makes an Include loop: " + strings.Join(chain, " → ")
						if !loop {
							what = fmt.Sprintf("nests Includes more than %d levels deep (%s → … → %s)", remoteSSHKeepaliveMaxDepth, chain[0], m)
						}
						l.problem(remoteSSHKeepaliveProblem{
							file: name, line: lineNo,
							what:    what,
							sshSays: "Too many recursive configuration includes",
							fix:     fmt.Sprintf("Remove the Include on line %d, or narrow its pattern so that it does not match %s.", lineNo, m),
						})
						continue
					}
					if l.nfiles >= remoteSSHKeepaliveMaxFiles {
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
			cur.entries = append(cur.entries, &remoteSSHKeepaliveEntry{line: lineNo, key: info.keyword, value: value})
		}
	}
	return file
}

// remoteSSHKeepaliveDecode is ssh_config.DecodeBytes, which panics with
// runtime errors on some input: never crash the doctor on a config file.
func remoteSSHKeepaliveDecode(b []byte) (cfg *ssh_config.Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			cfg, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return ssh_config.DecodeBytes(b)
}

// remoteSSHKeepaliveKeyword splits a line into its lower-cased keyword and
// the rest, as ssh does (keyword ends at whitespace or one '='); "" for
// blank lines and comments.
func remoteSSHKeepaliveKeyword(line string) (keyword, rest string) {
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

// remoteSSHKeepaliveSplit splits arguments like OpenSSH's argv_split: single
// and double quotes, backslash escapes, and a '#' starting a word ends the
// line. ok is false for an unterminated quote.
func remoteSSHKeepaliveSplit(s string) (args []string, ok bool) {
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

// remoteSSHKeepaliveStrerror capitalises an errno text the way strerror
// prints it ("permission denied" -> "Permission denied").
func remoteSSHKeepaliveStrerror(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// remoteSSHKeepaliveBOM recognises byte-order marks ssh does not skip.
func remoteSSHKeepaliveBOM(data []byte) (string, bool) {
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

// remoteSSHKeepaliveBOMError is what ssh prints for the first line of a
// file with a byte-order mark: the mark becomes part of the first keyword
// (which ssh lower-cases and prints with non-ASCII bytes in octal); the C
// string ends at the first NUL, which in UTF-16 follows the first letter.
func remoteSSHKeepaliveBOMError(name string, data []byte) string {
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

// remoteSSHKeepaliveMatchMissing names a Match criterion that needs an
// argument and has none ("" when all are complete).
func remoteSSHKeepaliveMatchMissing(args []string) string {
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

// includePath resolves one Include argument like ssh: ~ and ${VAR}
// expansion; relative paths are relative to ~/.ssh (user files) or to the
// system configuration directory.
func (l *remoteSSHKeepaliveLoader) includePath(p string, system bool) string {
	f := l.f
	p = remoteSSHKeepaliveExpandEnv(f, p)
	if !system && l.home != "" && (p == "~" || strings.HasPrefix(p, "~/") || (f.GOOS() == "windows" && strings.HasPrefix(p, `~\`))) {
		return f.JoinPath(l.home, p[1:])
	}
	if f.IsAbs(p) {
		return f.CleanPath(p)
	}
	if system {
		return f.JoinPath(remoteSSHKeepaliveSystemDir(f), p)
	}
	return f.JoinPath(l.home, ".ssh", p)
}

func remoteSSHKeepaliveExpandEnv(f *facts.Facts, s string) string {
	for n := 0; n < 16; n++ {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		s = s[:i] + f.Getenv(s[i+2:i+j]) + s[i+j+1:]
	}
	return s
}

// glob expands a pattern like glob(3) through the facts layer: '*', '?'
// and '[...]' within one path element, no match for hidden files unless
// the pattern element starts with '.', sorted; only regular files.
func (l *remoteSSHKeepaliveLoader) glob(pattern string) []string {
	f := l.f
	if !strings.ContainsAny(pattern, "*?[") {
		if st, err := f.OS.Stat(pattern); err == nil && !st.IsDir() {
			return []string{pattern}
		}
		return nil
	}
	sep := "/"
	norm := pattern
	if f.GOOS() == "windows" {
		sep = `\`
		norm = strings.ReplaceAll(pattern, "/", `\`)
	}
	elems := strings.Split(norm, sep)
	// The root: "" for "/x" (Unix), "C:" for `C:\x`.
	cands := []string{elems[0] + sep}
	if elems[0] == "" && f.GOOS() == "windows" && len(elems) > 2 && elems[1] == "" { // \\server\share
		cands = []string{sep + sep + elems[2] + sep + elems[3] + sep}
		elems = elems[3:]
	}
	for idx, el := range elems[1:] {
		if el == "" {
			continue
		}
		last := idx == len(elems)-2
		var next []string
		for _, dir := range cands {
			if !strings.ContainsAny(el, "*?[") {
				next = append(next, f.JoinPath(dir, el))
				continue
			}
			ents, err := f.OS.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range ents {
				n := e.Name()
				if strings.HasPrefix(n, ".") && !strings.HasPrefix(el, ".") {
					continue
				}
				if ok, err := path.Match(el, n); err == nil && ok {
					next = append(next, f.JoinPath(dir, n))
				}
			}
		}
		if !last {
			// only directories can lead further
			var dirs []string
			for _, c := range next {
				if st, err := f.OS.Stat(c); err == nil && st.IsDir() {
					dirs = append(dirs, c)
				}
			}
			next = dirs
		}
		cands = next
		if len(cands) > remoteSSHKeepaliveMaxFiles {
			cands = cands[:remoteSSHKeepaliveMaxFiles]
		}
	}
	var out []string
	for _, c := range cands {
		if st, err := f.OS.Stat(c); err == nil && !st.IsDir() {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// ---- evaluating the configuration for one host ----

// remoteSSHKeepaliveTri is a three-valued truth: a Match on `exec` or
// `user` may or may not apply. no < maybe < yes, so AND is min.
type remoteSSHKeepaliveTri int8

const (
	remoteSSHKeepaliveNo remoteSSHKeepaliveTri = iota
	remoteSSHKeepaliveMaybe
	remoteSSHKeepaliveYes
)

func (t remoteSSHKeepaliveTri) not() remoteSSHKeepaliveTri { return remoteSSHKeepaliveYes - t }

// remoteSSHKeepaliveResult is what the configuration gives one host.
type remoteSSHKeepaliveResult struct {
	host  remoteSSHKeepaliveHost
	state remoteSSHKeepaliveTri // Yes: set; Maybe: only in an undecidable block; No: not set
	value string
	file  string
	line  int
	block string
	// named is the first block naming the host itself (not just "Host *"):
	// nil when the config does not know the host.
	named     *remoteSSHKeepaliveBlock
	namedFile string
}

type remoteSSHKeepaliveEval struct {
	r        remoteSSHKeepaliveResult
	hostname string // first HostName that applies (for Match host)
}

func remoteSSHKeepaliveEvaluate(roots []*remoteSSHKeepaliveFile, h remoteSSHKeepaliveHost) remoteSSHKeepaliveResult {
	ev := &remoteSSHKeepaliveEval{r: remoteSSHKeepaliveResult{host: h}}
	for _, root := range roots {
		ev.file(root, remoteSSHKeepaliveYes)
	}
	return ev.r
}

// file walks one file as ssh does: a Host or Match line decides whether
// the lines below it apply; an Include inherits the state at its line (and
// nothing in it applies when that state is false).
func (ev *remoteSSHKeepaliveEval) file(file *remoteSSHKeepaliveFile, ceiling remoteSSHKeepaliveTri) {
	for _, b := range file.blocks {
		active, named := ceiling, false
		if b.line > 0 {
			var m remoteSSHKeepaliveTri
			if b.isMatch {
				m, named = ev.match(b.patterns)
			} else {
				m, named = remoteSSHKeepaliveHostLine(ev.r.host.target, b.patterns)
			}
			active = min(ceiling, m)
		}
		if active == remoteSSHKeepaliveNo {
			continue
		}
		if named && active == remoteSSHKeepaliveYes && ev.r.named == nil {
			ev.r.named, ev.r.namedFile = b, file.path
		}
		for _, e := range b.entries {
			switch e.key {
			case "include":
				for _, inc := range e.includes {
					ev.file(inc, active)
				}
			case "hostname":
				if active == remoteSSHKeepaliveYes && ev.hostname == "" {
					ev.hostname = strings.ReplaceAll(e.value, "%h", ev.r.host.target)
				}
			case "serveraliveinterval":
				if active > ev.r.state {
					ev.r.state, ev.r.value, ev.r.file, ev.r.line, ev.r.block = active, e.value, file.path, e.line, b.text
				}
			}
		}
	}
}

// remoteSSHKeepaliveHostLine evaluates a Host line for target: a matching
// negated pattern excludes, otherwise any matching pattern includes (the
// comparison is case-sensitive, as in ssh). named reports whether a
// pattern other than "*" matched.
func remoteSSHKeepaliveHostLine(target string, patterns []string) (remoteSSHKeepaliveTri, bool) {
	res, named := remoteSSHKeepaliveNo, false
	for _, p := range patterns {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if remoteSSHKeepaliveMatch(target, neg) {
				return remoteSSHKeepaliveNo, false
			}
			continue
		}
		if remoteSSHKeepaliveMatch(target, p) {
			res = remoteSSHKeepaliveYes
			named = named || p != "*"
		}
	}
	return res, named
}

// match evaluates a Match line's criteria.
func (ev *remoteSSHKeepaliveEval) match(args []string) (remoteSSHKeepaliveTri, bool) {
	res, named := remoteSSHKeepaliveYes, false
	if len(args) == 0 {
		return remoteSSHKeepaliveNo, false
	}
	for i := 0; i < len(args); i++ {
		attr, negate := strings.CutPrefix(args[i], "!")
		attr = strings.ToLower(attr)
		var v remoteSSHKeepaliveTri
		switch attr {
		case "all":
			v = remoteSSHKeepaliveYes
		case "final":
			// ssh reads the configuration a second time for `final`; the
			// first value read in either pass wins.
			v, negate = remoteSSHKeepaliveYes, false
		case "canonical":
			v = remoteSSHKeepaliveMaybe
		default:
			if i+1 >= len(args) {
				return remoteSSHKeepaliveNo, false // reported as a problem
			}
			i++
			switch attr {
			case "host", "originalhost":
				name := ev.r.host.target
				if attr == "host" && ev.hostname != "" {
					name = ev.hostname
				}
				m, pat := remoteSSHKeepaliveMatchList(strings.ToLower(name), args[i])
				v = remoteSSHKeepaliveNo
				if m > 0 {
					v = remoteSSHKeepaliveYes
					named = named || (pat != "*" && !negate)
				}
			default: // exec, user, localuser, localnetwork, tagged, version, sessiontype, command, …
				v = remoteSSHKeepaliveMaybe
			}
		}
		if negate {
			v = v.not()
		}
		res = min(res, v)
	}
	return res, named && res == remoteSSHKeepaliveYes
}

// remoteSSHKeepaliveMatchList is OpenSSH's match_pattern_list with
// lower-casing: 1 when a pattern of the comma-separated list matches, -1
// when a negated one does, 0 otherwise; pat is the pattern that matched.
func remoteSSHKeepaliveMatchList(s, list string) (int, string) {
	res, pat := 0, ""
	for _, p := range strings.Split(list, ",") {
		p = strings.ToLower(p)
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if remoteSSHKeepaliveMatch(s, neg) {
				return -1, ""
			}
			continue
		}
		if res == 0 && remoteSSHKeepaliveMatch(s, p) {
			res, pat = 1, p
		}
	}
	return res, pat
}

// remoteSSHKeepaliveMatch is OpenSSH's match_pattern: '*' matches any
// sequence, '?' exactly one character.
func remoteSSHKeepaliveMatch(s, p string) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			if p == "" {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if remoteSSHKeepaliveMatch(s[i:], p) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || s[0] != p[0] {
				return false
			}
		}
		s, p = s[1:], p[1:]
	}
	return s == ""
}

// ---- findings ----

func remoteSSHKeepaliveReportMissingCustom(pass *check.Pass, g *remoteSSHKeepaliveGroup) {
	var aliases []string
	for _, h := range g.hosts {
		aliases = append(aliases, h.alias)
	}
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("VS Code's remote.SSH.configFile names %s, which does not exist: Remote-SSH cannot connect to %s.", g.config, strings.Join(aliases, ", ")),
		Detail:   fmt.Sprintf("Remote-SSH runs `ssh -F %s`, and ssh stops before connecting: `Can't open user config file %s: No such file or directory`.", g.config, g.config),
		Evidence: check.Evidence{check.F("remote.SSH.configFile", g.config), check.F("set in", g.setting)},
		Fix: &check.Fix{
			Description: fmt.Sprintf("Point remote.SSH.configFile (%s) at your SSH config file, or remove the setting to use %s.", g.setting, "~/.ssh/config"),
		},
	})
}

func remoteSSHKeepaliveReportProblems(pass *check.Pass, g *remoteSSHKeepaliveGroup, problems []remoteSSHKeepaliveProblem) {
	const maxReported = 5
	for i, p := range problems {
		if i == maxReported {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("%d more problems in the SSH configuration of %s are not shown.", len(problems)-maxReported, g.config),
				Fix:      &check.Fix{Description: "Fix the problems above, then run godx doctor again.", Commands: []string{"godx doctor --only remote/ssh-keepalive"}},
			})
			break
		}
		where := p.file
		if p.line > 0 {
			where = fmt.Sprintf("%s:%d", p.file, p.line)
		}
		detail := "ssh refuses the configuration, so every ssh connection fails before it starts: VS Code Remote-SSH, `git` over SSH, and `go get` of modules fetched over SSH."
		if p.sshSays != "" {
			detail = fmt.Sprintf("ssh stops with `%s`", p.sshSays)
			if p.line > 0 && !strings.HasPrefix(p.sshSays, "Bad owner") && !strings.HasPrefix(p.sshSays, "Too many") {
				detail += fmt.Sprintf(" and `%s: terminating, 1 bad configuration options`", p.file)
			}
			detail += ", so every ssh connection fails before it starts: VS Code Remote-SSH, `git` over SSH, and `go get` of modules fetched over SSH."
		} else if strings.HasPrefix(p.what, "cannot be read") {
			detail = "ssh skips a configuration file it cannot open, so the hosts it defines and the settings in it are silently missing."
		}
		fix := &check.Fix{Description: p.fix}
		if p.fix == "" {
			fix.Description = "Make the file readable by you."
		}
		if p.cmd != "" {
			fix.Commands = []string{p.cmd}
		}
		evidence := check.Evidence{check.F("file", where)}
		if p.file != g.config {
			evidence = append(evidence, check.F("SSH config", g.config))
		}
		if g.custom {
			evidence = append(evidence, check.F("remote.SSH.configFile", g.setting))
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The SSH configuration %s %s.", where, p.what),
			Detail:   detail,
			Evidence: evidence,
			Fix:      fix,
		})
	}
}

func remoteSSHKeepaliveReportMissing(pass *check.Pass, g *remoteSSHKeepaliveGroup, systemPath string, systemRead bool, missing []remoteSSHKeepaliveResult) {
	f := pass.Facts
	var aliases, targets []string
	evidence := check.Evidence{check.F("SSH config", g.config)}
	if g.custom {
		evidence = append(evidence, check.F("remote.SSH.configFile", g.setting))
	} else if systemPath != "" {
		state := systemPath
		if !systemRead {
			state += " (not present)"
		}
		evidence = append(evidence, check.F("system-wide config", state))
	}
	simple := true
	var blocks []string
	for _, r := range missing {
		aliases = append(aliases, r.host.alias)
		if !slices.Contains(targets, r.host.target) {
			targets = append(targets, r.host.target)
		}
		simple = simple && remoteSSHKeepaliveSimpleName(r.host.target)
		loc := fmt.Sprintf("%s:%d", r.namedFile, r.named.line)
		blocks = append(blocks, fmt.Sprintf("`%s` (%s)", r.named.text, loc))
		evidence = append(evidence, check.F(r.host.alias, fmt.Sprintf("%s block at %s; listed in %s; no ServerAliveInterval applies", r.named.text, loc, r.host.where)))
	}
	var summary string
	if len(aliases) == 1 {
		summary = fmt.Sprintf("The remote-development host %s has no ServerAliveInterval in %s: an idle Remote-SSH session can be dropped silently.", aliases[0], g.config)
	} else {
		summary = fmt.Sprintf("%d remote-development hosts (%s) have no ServerAliveInterval in %s: an idle Remote-SSH session can be dropped silently.", len(aliases), strings.Join(aliases, ", "), g.config)
	}
	detail := "Without ServerAliveInterval ssh sends nothing while the session is idle, and NAT gateways, firewalls and VPNs drop idle connections after a few minutes. " +
		"The next save or keystroke then hangs until the connection times out (`client_loop: send disconnect: Broken pipe`), and VS Code shows its reconnecting dialog. " +
		"A keepalive every 30 seconds keeps the connection fresh, and 4 unanswered ones (2 minutes) let ssh give up on a dead connection so VS Code reconnects instead of freezing."
	fix := &check.Fix{
		Description: fmt.Sprintf("Add these two lines to %s, or append a block for %s at the end of %s (the command does that):\n    %s\n    %s",
			strings.Join(blocks, ", "), remoteSSHKeepaliveWord(len(targets), "the host", "the hosts"), g.config, remoteSSHKeepaliveInterval, remoteSSHKeepaliveCountMax),
	}
	if simple {
		if f.GOOS() == "windows" {
			fix.Commands = []string{fmt.Sprintf("Add-Content -Encoding ascii -Path '%s' -Value \"`nHost %s`n    %s`n    %s\"",
				strings.ReplaceAll(g.config, "'", "''"), strings.Join(targets, " "), remoteSSHKeepaliveInterval, remoteSSHKeepaliveCountMax)}
		} else {
			fix.Commands = []string{fmt.Sprintf(`printf '\nHost %s\n    %s\n    %s\n' >> %s`,
				strings.Join(targets, " "), remoteSSHKeepaliveInterval, remoteSSHKeepaliveCountMax, remoteSSHKeepaliveShellQuote(g.config))}
		}
	}
	pass.Report(check.Finding{Severity: check.Info, Summary: summary, Detail: detail, Evidence: evidence, Fix: fix})
}

func remoteSSHKeepaliveWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// remoteSSHKeepaliveSimpleName reports whether a host name can be written
// into a Host line and a shell command without quoting.
func remoteSSHKeepaliveSimpleName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func remoteSSHKeepaliveShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

package remote

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/shellquote"
	"github.com/godx-dev/godx/internal/sshconfig"
)

// SSHKeepalive checks that the SSH hosts VS Code Remote-SSH connects
// to send keepalives, so that an idle remote session is not dropped by a
// NAT or firewall on the way.
var SSHKeepalive = &check.Check{
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
			"Also a warning when `remote.SSH.configFile` names a file that does not exist, and info when a configuration file is larger than godx reads (16 MiB): it is not checked, and nothing is said about how ssh reads it. " +
			"Skipped when VS Code lists no remote hosts, when there is no SSH config file, when none of the remote hosts has a `Host` block (an alias VS Code remembers but the config no longer has is a host you stopped using), or when the `Include`s pull in more than godx reads (256 files, 16 MiB, or 1024 directory listings for their patterns), since what it did not read may set the keepalive. Hosts are matched as ssh does: case-sensitively for `Host`, against `HostName` for `Match host`.",
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
	Run: runSSHKeepalive,
}

// The two lines the fix adds (see Doc.Fix for why).
const (
	keepaliveInterval = "ServerAliveInterval 30"
	keepaliveCountMax = "ServerAliveCountMax 4"
)

// keepaliveHost is one host VS Code Remote-SSH connects to.
type keepaliveHost struct {
	alias  string // as VS Code lists it
	target string // what ssh matches Host patterns against (alias without user@ and :port)
	where  string // settings file:line
}

// keepaliveGroup is the hosts that use one SSH configuration.
type keepaliveGroup struct {
	config  string // the user config file (remote.SSH.configFile or ~/.ssh/config)
	custom  bool   // config comes from remote.SSH.configFile (ssh -F: no system file)
	setting string // where remote.SSH.configFile is set, when custom
	hosts   []keepaliveHost
}

// keepaliveMissing is a host whose own block gets no ServerAliveInterval.
type keepaliveMissing struct {
	host  keepaliveHost
	block sshconfig.Block
}

func runSSHKeepalive(pass *check.Pass) error {
	f := pass.Facts
	home := sshconfig.Home(f)
	if home == "" {
		if f.GOOS() == "windows" {
			return check.Skip("%%USERPROFILE%% is not set: ssh has no user configuration")
		}
		return check.Skip("$HOME is not set: ssh has no user configuration")
	}
	groups := keepaliveGroups(f, home)
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
				keepaliveReportMissingCustom(pass, g)
				observed++
				continue
			}
			skips = append(skips, "no SSH config file ("+g.config+")")
			continue
		}
		files := sshconfig.Files{Home: home, User: g.config, Explicit: g.custom}
		if !g.custom {
			files.System = sshconfig.SystemFile(f)
		}
		cfg := sshconfig.Load(f, files)
		if len(cfg.Problems) > 0 {
			keepaliveReportProblems(pass, g, cfg.Problems)
			observed++
			continue
		}
		if !cfg.UserRead {
			skips = append(skips, "cannot read "+g.config)
			continue
		}
		if cfg.Incomplete != "" {
			// What godx did not read may set the keepalive: no verdict.
			skips = append(skips, fmt.Sprintf("godx stopped reading the SSH configuration %s: %s", g.config, cfg.Incomplete))
			continue
		}
		var missing []keepaliveMissing
		for _, h := range g.hosts {
			r := cfg.Evaluate(h.target)
			s, set := r.Get("ServerAliveInterval")
			switch {
			case r.Block == nil:
				outside = append(outside, h.alias)
			case set && s.Certain:
				fine = append(fine, h.alias)
				evidence = append(evidence, check.F(h.alias, fmt.Sprintf("ServerAliveInterval %s (%s:%d, %s)", s.Value, s.File, s.Line, keepaliveBlockName(s.Block))))
			case set:
				maybe = append(maybe, h.alias)
				evidence = append(evidence, check.F(h.alias, fmt.Sprintf("ServerAliveInterval %s (%s:%d, in %s, which godx cannot evaluate)", s.Value, s.File, s.Line, keepaliveBlockName(s.Block))))
			default:
				missing = append(missing, keepaliveMissing{host: h, block: *r.Block})
			}
		}
		if len(missing) > 0 {
			keepaliveReportMissing(pass, g, files.System, cfg.SystemRead, missing)
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
	summary := fmt.Sprintf("ServerAliveInterval is set for %s", keepaliveHostList(fine, all))
	switch {
	case len(fine) == 0:
		summary = fmt.Sprintf("ServerAliveInterval is set in a Match block that may apply to %s", keepaliveHostList(maybe, len(outside) == 0))
	case len(maybe) > 0:
		summary += fmt.Sprintf(", and in a Match block that may apply to %s", strings.Join(maybe, ", "))
	}
	pass.Observe(summary, evidence...)
	return nil
}

func keepaliveHostList(hosts []string, all bool) string {
	switch {
	case len(hosts) == 1:
		return "the remote-development host " + hosts[0]
	case all:
		return fmt.Sprintf("all %d remote-development hosts (%s)", len(hosts), strings.Join(hosts, ", "))
	}
	return fmt.Sprintf("%d remote-development hosts (%s)", len(hosts), strings.Join(hosts, ", "))
}

// keepaliveBlockName names a block in evidence: its Host or Match line.
func keepaliveBlockName(b sshconfig.Block) string {
	if b.Line == 0 {
		return "global section"
	}
	return b.Text
}

// keepaliveGroups reads the Remote-SSH hosts from the VS Code user
// settings, grouped by the SSH config file they use.
func keepaliveGroups(f *facts.Facts, home string) []*keepaliveGroup {
	defaultConfig := sshconfig.UserFile(f, home)
	var groups []*keepaliveGroup
	byConfig := map[string]*keepaliveGroup{}
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
			g = &keepaliveGroup{config: config, custom: custom, setting: setting}
			byConfig[config] = g
			groups = append(groups, g)
		}
		for _, a := range aliases {
			if seen[config+"\x00"+a] {
				continue
			}
			seen[config+"\x00"+a] = true
			g.hosts = append(g.hosts, keepaliveHost{alias: a, target: keepaliveTarget(a), where: where[a]})
		}
	}
	return groups
}

// keepaliveTarget is the name ssh matches Host patterns against when VS
// Code connects to alias: "user@host:port" connects to host.
func keepaliveTarget(alias string) string {
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

// ---- findings ----

func keepaliveReportMissingCustom(pass *check.Pass, g *keepaliveGroup) {
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

// keepaliveProblemWords says what is wrong with a configuration file (the
// end of "The SSH configuration FILE:LINE …"), how to fix it, and the
// command that does, if any.
func keepaliveProblemWords(p sshconfig.Problem) (what, fix, cmd string) {
	switch p.Kind {
	case sshconfig.Unreadable:
		return "cannot be read (" + p.Err.Error() + "); ssh silently ignores a file it cannot open, so none of its settings apply", "", ""
	case sshconfig.IncludeUnreadable:
		return "is included but cannot be read (" + p.Err.Error() + ")", "", ""
	case sshconfig.NotRegular:
		return "is " + facts.FileKind(p.Mode) + ", not a regular file, so godx did not read it",
			"Replace it with a regular file holding the configuration.", "ls -l " + shellquote.POSIX(p.File)
	case sshconfig.WorldWritable:
		return fmt.Sprintf("is writable by everyone (mode %04o); ssh refuses to use a configuration someone else could change", p.Mode),
			"Make the file writable only by you.", "chmod go-w " + shellquote.POSIX(p.File)
	case sshconfig.ByteOrderMark:
		return "starts with a " + p.Encoding + " byte-order mark, which ssh reads as part of the first keyword",
			"Save the file as UTF-8 without a byte-order mark (in VS Code: click the encoding in the status bar, \"Save with Encoding\", \"UTF-8\").", ""
	case sshconfig.MissingArgument:
		return fmt.Sprintf("has `%s` without an argument", p.Text),
			fmt.Sprintf("Give `%s` its value on line %d, or delete the line.", p.Text, p.Line), ""
	case sshconfig.UnterminatedQuote:
		return fmt.Sprintf("has an unterminated quote: `%s`", p.Text),
			fmt.Sprintf("Close the quote on line %d (or escape a literal quote with a backslash).", p.Line), ""
	case sshconfig.MatchWithoutCriteria:
		return "has a `Match` line without any criteria",
			fmt.Sprintf("Complete the Match line %d (e.g. `Match host NAME`), or replace it with `Host NAME`.", p.Line), ""
	case sshconfig.MatchCriterionWithoutValue:
		return fmt.Sprintf("has the Match criterion `%s` without its value", p.Criterion),
			fmt.Sprintf("Give `%s` its value on line %d.", p.Criterion, p.Line), ""
	case sshconfig.IncludeLoop, sshconfig.IncludeTooDeep:
		what = "makes an Include loop: " + strings.Join(p.Chain, " → ")
		if p.Kind == sshconfig.IncludeTooDeep {
			what = fmt.Sprintf("nests Includes more than %d levels deep (%s → … → %s)", sshconfig.MaxIncludeDepth, p.Chain[0], p.Included())
		}
		return what, fmt.Sprintf("Remove the Include on line %d, or narrow its pattern so that it does not match %s.", p.Line, p.Included()), ""
	}
	// sshconfig.Unparsable
	return "cannot be parsed: " + p.Err.Error(), "Correct the line; `ssh -G HOST` shows how ssh itself reads the file.", ""
}

func keepaliveReportProblems(pass *check.Pass, g *keepaliveGroup, problems []sshconfig.Problem) {
	const maxReported = 5
	for i, p := range problems {
		if i == maxReported {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary: fmt.Sprintf("%s in the SSH configuration of %s %s not shown.",
					english.Count(len(problems)-maxReported, "more problem", "more problems"), g.config, english.Plural(len(problems)-maxReported, "is", "are")),
				Fix: &check.Fix{Description: "Fix the problems above, then run godx doctor again.", Commands: []string{"godx doctor --only remote/ssh-keepalive"}},
			})
			break
		}
		if p.Kind == sshconfig.TooLarge {
			keepaliveReportTooLarge(pass, g, p)
			continue
		}
		where := p.File
		if p.Line > 0 {
			where = fmt.Sprintf("%s:%d", p.File, p.Line)
		}
		what, fixText, cmd := keepaliveProblemWords(p)
		detail := "ssh refuses the configuration, so every ssh connection fails before it starts: VS Code Remote-SSH, `git` over SSH, and `go get` of modules fetched over SSH."
		if p.SSHError != "" {
			detail = fmt.Sprintf("ssh stops with `%s`", p.SSHError)
			if p.Line > 0 && p.Kind != sshconfig.IncludeLoop && p.Kind != sshconfig.IncludeTooDeep {
				detail += fmt.Sprintf(" and `%s: terminating, 1 bad configuration options`", p.File)
			}
			detail += ", so every ssh connection fails before it starts: VS Code Remote-SSH, `git` over SSH, and `go get` of modules fetched over SSH."
		} else if p.Kind == sshconfig.Unreadable {
			detail = "ssh skips a configuration file it cannot open, so the hosts it defines and the settings in it are silently missing."
		}
		severity := check.Warning
		if p.Kind == sshconfig.NotRegular {
			// godx never reads such a file (a FIFO would hang the
			// doctor); what ssh makes of it depends on its type.
			switch {
			case p.Mode&fs.ModeNamedPipe != 0:
				detail = "ssh opens its configuration files with a plain open, which on a FIFO waits until something writes to it: `ssh -G HOST` never returns, and every ssh connection (VS Code Remote-SSH, `git` over SSH, `go get` of modules fetched over SSH) hangs before it starts."
			case p.SSHError != "":
				// The detail above: ssh stops.
			case p.Mode&fs.ModeSocket != 0:
				detail = "A socket cannot be opened as a file, and ssh skips a configuration file it cannot open, so the hosts it defines and the settings in it are silently missing."
			default:
				severity = check.Info
				detail = "godx reads only regular files; the keep-alive settings ssh may read from it were not checked."
			}
		}
		fix := &check.Fix{Description: fixText}
		if fixText == "" {
			fix.Description = "Make the file readable by you."
		}
		if cmd != "" {
			fix.Commands = []string{cmd}
		}
		evidence := check.Evidence{check.F("file", where)}
		if p.File != g.config {
			evidence = append(evidence, check.F("SSH config", g.config))
		}
		if g.custom {
			evidence = append(evidence, check.F("remote.SSH.configFile", g.setting))
		}
		pass.Report(check.Finding{
			Severity: severity,
			Summary:  fmt.Sprintf("The SSH configuration %s %s.", where, what),
			Detail:   detail,
			Evidence: evidence,
			Fix:      fix,
		})
	}
}

// keepaliveReportTooLarge: a configuration file larger than godx reads.
// That is godx's limit, not ssh's, so nothing is said about ssh; the hosts
// are not judged either, since the file may set their keepalives.
func keepaliveReportTooLarge(pass *check.Pass, g *keepaliveGroup, p sshconfig.Problem) {
	limit := fmt.Sprintf("%d MiB", facts.MaxFileSize>>20)
	var aliases []string
	for _, h := range g.hosts {
		aliases = append(aliases, h.alias)
	}
	evidence := check.Evidence{check.F("file", p.File), check.F("error", p.Err.Error())}
	if p.File != g.config {
		evidence = append(evidence, check.F("SSH config", g.config))
	}
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("The SSH configuration %s is larger than godx reads (%s), so godx did not check it.", p.File, limit),
		Detail: fmt.Sprintf("godx reads files up to %s and did not look inside this one, so it cannot tell whether %s %s a ServerAliveInterval. "+
			"The size is godx's limit, not a problem with the file. `ssh -G HOST` prints the settings ssh uses for a host.", limit, strings.Join(aliases, ", "), english.Plural(len(aliases), "gets", "get")),
		Evidence: evidence,
	})
}

func keepaliveReportMissing(pass *check.Pass, g *keepaliveGroup, systemPath string, systemRead bool, missing []keepaliveMissing) {
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
	for _, m := range missing {
		aliases = append(aliases, m.host.alias)
		if !slices.Contains(targets, m.host.target) {
			targets = append(targets, m.host.target)
		}
		simple = simple && keepaliveSimpleName(m.host.target)
		loc := fmt.Sprintf("%s:%d", m.block.File, m.block.Line)
		blocks = append(blocks, fmt.Sprintf("`%s` (%s)", m.block.Text, loc))
		evidence = append(evidence, check.F(m.host.alias, fmt.Sprintf("%s block at %s; listed in %s; no ServerAliveInterval applies", m.block.Text, loc, m.host.where)))
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
			strings.Join(blocks, ", "), english.Plural(len(targets), "the host", "the hosts"), g.config, keepaliveInterval, keepaliveCountMax),
	}
	// The host names go unquoted into the Host line and the command, so
	// only names that need no quoting in either get a command.
	if simple {
		if f.GOOS() == "windows" {
			fix.Commands = []string{fmt.Sprintf("Add-Content -Encoding ascii -Path %s -Value \"`nHost %s`n    %s`n    %s\"",
				shellquote.PS(g.config), strings.Join(targets, " "), keepaliveInterval, keepaliveCountMax)}
		} else {
			fix.Commands = []string{fmt.Sprintf(`printf '\nHost %s\n    %s\n    %s\n' >> %s`,
				strings.Join(targets, " "), keepaliveInterval, keepaliveCountMax, shellquote.POSIX(g.config))}
		}
	}
	pass.Report(check.Finding{Severity: check.Info, Summary: summary, Detail: detail, Evidence: evidence, Fix: fix})
}

// keepaliveSimpleName reports whether a host name can be written into a
// Host line and a shell command without quoting.
func keepaliveSimpleName(s string) bool {
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

package debug

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// Exposed finds Delve servers that accept connections from other
// machines.
var Exposed = &check.Check{
	ID:    "debug/exposed",
	Title: "Delve exposed to the network",
	Doc: check.Doc{
		What: "Looks for Delve debug servers started on a non-loopback address: `dlv ... --headless` (and `dlv dap`) command lines in the project's .vscode/tasks.json and launch.json (and the tasks and launch sections of *.code-workspace files), " +
			"Makefiles (*.mk), shell scripts, Dockerfiles, docker-compose/compose files, .air.toml, Procfiles, Taskfiles, justfiles and .devcontainer/devcontainer.json " +
			"(the project directory and its parents up to the repository root, three directory levels deep, skipping .git, vendor, node_modules and testdata); on Linux also the command lines of running dlv processes (/proc/<pid>/cmdline).",
		Why: "A headless Delve server executes whatever its client asks: it can call any function and change memory of the debugged program, and run programs. It does not authenticate or encrypt connections. " +
			"Delve's documentation says of `dlv --headless --listen :4040`: \"the connection to Delve is unauthenticated and will allow arbitrary remote code execution: do not do this in production\", and Delve itself logs " +
			"`Listening for remote connections (connections are not authenticated nor encrypted)` when it listens on a non-loopback address. --only-same-user protects only loopback listeners.",
		How: "Error for each command line that runs a Delve server (--headless, or the dap subcommand) with --listen (or -l) on all interfaces (`:2345`, `0.0.0.0:2345`, `[::]:2345`) or on a non-loopback host or address. " +
			"Loopback listeners (127.0.0.1, localhost, [::1]), unix sockets, and Delve's default without --listen (127.0.0.1 with a random port) are fine, as are arguments after `--` (they belong to the debugged program) and commented-out lines. " +
			"A listen address godx cannot know (`$(ADDR)`, `${HOST}:2345`) is not reported. In a compose file, a Delve port published only on the host's loopback (`127.0.0.1:2345:2345`) is not reported.",
		Fix: "Listen on loopback only, `dlv debug --headless --listen=127.0.0.1:2345`, and reach it from another machine through an SSH tunnel: `ssh -L 2345:127.0.0.1:2345 you@host`, then connect to 127.0.0.1:2345. " +
			"In a container, Delve must listen on the container's interfaces, so publish its port on the host's loopback only (`docker run -p 127.0.0.1:2345:2345`, or `\"127.0.0.1:2345:2345\"` under ports in compose) and never ship a debug image to production. " +
			"Stop a running exposed dlv (kill <pid>) and restart it on loopback.",
		Errors: []string{
			"API server listening at: [::]:2345",
			"Listening for remote connections (connections are not authenticated nor encrypted)",
		},
	},
	Run: runExposed,
}

const (
	exposedMaxDepth   = 3
	exposedMaxEntries = 4000
	exposedMaxFiles   = 300
	exposedMaxSize    = 1 << 20
	exposedMaxProcs   = 8192
	exposedMaxReports = 20
)

// exposedHit is one exposed Delve command line.
type exposedHit struct {
	where   string // file:line, or "process <pid>"
	kind    string // "container", "process", or "" for scripts
	command string // as written
	addr    string // the --listen value
	file    string
	pid     string
}

func runExposed(pass *check.Pass) error {
	f := pass.Facts
	var hits []exposedHit
	var scanned []string
	var safe []string
	dirs := f.VSCodeWorkspaceDirs()

	// VS Code tasks and launch configurations (JSON, args as arrays).
	for _, file := range f.VSCodeTasks() {
		if file.Err != nil {
			continue // editor/vscode reports malformed files
		}
		scanned = append(scanned, file.Path)
		var tasks []json.RawMessage
		if file.Decode("tasks", &tasks) != nil {
			continue
		}
		for i, raw := range tasks {
			hits = append(hits, exposedTask(file, raw, []string{"tasks", strconv.Itoa(i)})...)
		}
	}
	for _, file := range f.VSCodeLaunch() {
		if file.Err != nil {
			continue
		}
		scanned = append(scanned, file.Path)
		var configs []struct {
			Name     string `json:"name"`
			Type     string `json:"type"`
			DlvFlags []any  `json:"dlvFlags"`
		}
		if file.Decode("configurations", &configs) != nil {
			continue
		}
		for i, c := range configs {
			if c.Type != "go" || len(c.DlvFlags) == 0 {
				continue
			}
			args := exposedStrings(c.DlvFlags)
			// The Go extension runs dlv dap itself; dlvFlags are added to it.
			if addr, exposed := exposedServer(append([]string{"dap"}, args...)); exposed {
				hits = append(hits, exposedHit{
					where:   file.Where("configurations", strconv.Itoa(i), "dlvFlags"),
					command: fmt.Sprintf("launch configuration %q: dlvFlags %s", c.Name, strings.Join(args, " ")),
					addr:    addr, file: file.Path,
				})
			}
		}
	}

	// Build and container files.
	if len(dirs) > 0 {
		files := exposedFiles(f, dirs[0])
		for _, p := range files {
			data, err := f.OS.ReadFile(p, exposedMaxSize)
			if err != nil {
				continue
			}
			scanned = append(scanned, p)
			fileHits, fileSafe := exposedScanText(p, string(data))
			hits = append(hits, fileHits...)
			safe = append(safe, fileSafe...)
		}
	}

	// Running Delve servers.
	procs := 0
	if f.GOOS() == "linux" {
		var ph []exposedHit
		ph, procs = exposedProcesses(f)
		hits = append(hits, ph...)
	}

	for i, h := range hits {
		if i == exposedMaxReports {
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("%d more exposed Delve command lines were found and not listed.", len(hits)-i),
				Fix:      &check.Fix{Description: "Fix the ones listed above, then run godx doctor again."},
			})
			break
		}
		pass.Report(exposedFinding(f, h))
	}
	if len(hits) == 0 {
		ev := check.Evidence{check.F("project files scanned", strconv.Itoa(len(scanned)))}
		for _, s := range safe {
			ev = append(ev, check.F("loopback only", s))
		}
		summary := fmt.Sprintf("no Delve server listening beyond loopback in %d project file(s)", len(scanned))
		if f.GOOS() == "linux" {
			summary += fmt.Sprintf(" or %d running process(es)", procs)
			ev = append(ev, check.F("processes checked", strconv.Itoa(procs)))
		}
		pass.Observe(summary, ev...)
	}
	return nil
}

func exposedFinding(f *facts.Facts, h exposedHit) check.Finding {
	port := exposedPort(h.addr)
	loop := "127.0.0.1:" + port
	ev := check.Evidence{check.F("where", h.where), check.F("command", h.command), check.F("listen address", h.addr)}
	detail := fmt.Sprintf("--listen=%s makes Delve accept connections from any machine that can reach this one. Delve does not authenticate or encrypt them, and a client can make the debugged program call any function and change its memory: "+
		"Delve's documentation warns that this \"will allow arbitrary remote code execution: do not do this in production\", and Delve logs `Listening for remote connections (connections are not authenticated nor encrypted)`.", h.addr)
	var fix *check.Fix
	switch h.kind {
	case "container":
		detail += " Inside a container Delve has to listen on the container's interfaces, so the exposure is decided by where its port is published."
		fix = &check.Fix{
			Description: fmt.Sprintf("Publish the Delve port on the host's loopback only (in %s, or on the docker run command line) and never ship this debug image to production; connect from another machine through an SSH tunnel.", h.file),
			Commands: []string{
				fmt.Sprintf("docker run -p 127.0.0.1:%s:%s ...   # compose: ports: [\"127.0.0.1:%s:%s\"]", port, port, port, port),
				fmt.Sprintf("ssh -L %s:127.0.0.1:%s you@host", port, port),
			},
		}
	case "process":
		detail += " This Delve server is running now."
		fix = &check.Fix{
			Description: fmt.Sprintf("Stop it and start it again listening on loopback (--listen=%s); connect from another machine through an SSH tunnel.", loop),
			Commands:    []string{"kill " + h.pid, fmt.Sprintf("ssh -L %s:127.0.0.1:%s you@host", port, port)},
		}
		ev = append(ev, check.F("pid", h.pid))
	default:
		fix = &check.Fix{
			Description: fmt.Sprintf("In %s, replace --listen=%s with --listen=%s, and connect from another machine through an SSH tunnel.", h.where, h.addr, loop),
			Commands:    []string{fmt.Sprintf("ssh -L %s:127.0.0.1:%s you@host", port, port)},
		}
	}
	what := h.where
	if h.kind == "process" {
		what = "The running Delve " + h.where
		return check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s accepts debugger connections from the network (--listen=%s): anyone who can reach it can run code on this machine.", what, h.addr),
			Detail:   detail, Evidence: ev, Fix: fix,
		}
	}
	return check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s starts Delve listening on %s: anyone who can reach that port can run code on this machine.", what, exposedDescribe(h.addr)),
		Detail:   detail, Evidence: ev, Fix: fix,
	}
}

func exposedDescribe(addr string) string {
	host, _ := exposedSplit(addr)
	switch host {
	case "", "0.0.0.0", "::", "*":
		return addr + " (every network interface)"
	}
	return addr + " (a non-loopback address)"
}

func exposedPort(addr string) string {
	_, port := exposedSplit(addr)
	if port == "" || strings.ContainsAny(port, "${}()") {
		return "2345"
	}
	return port
}

// exposedSplit splits host:port ("[::]:2345" -> "::", "2345").
func exposedSplit(addr string) (host, port string) {
	addr = strings.Trim(addr, `"'`)
	if strings.HasPrefix(addr, "[") {
		if i := strings.Index(addr, "]"); i > 0 {
			return addr[1:i], strings.TrimPrefix(addr[i+1:], ":")
		}
	}
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return addr, ""
	}
	return addr[:i], addr[i+1:]
}

// exposedAddr classifies a listen address: exposed (all interfaces
// or a non-loopback host); known is false when it cannot be told.
func exposedAddr(addr string) (exposed, known bool) {
	addr = strings.Trim(addr, `"'`)
	if strings.HasPrefix(addr, "unix:") {
		return false, true
	}
	if !strings.Contains(addr, ":") {
		return false, false // not host:port (a variable, or invalid for Delve)
	}
	host, _ := exposedSplit(addr)
	switch {
	case host == "", host == "0.0.0.0", host == "::", host == "*":
		return true, true
	case strings.ContainsAny(host, "$%{}()<>`"):
		return false, false
	case strings.EqualFold(host, "localhost"), strings.HasPrefix(host, "127."), host == "::1", strings.EqualFold(host, "ip6-localhost"), strings.EqualFold(host, "ip6-loopback"):
		return false, true
	}
	return true, true
}

// exposedServer looks at the arguments after `dlv`: ok is true when
// they start a Delve server listening beyond loopback.
func exposedServer(args []string) (addr string, exposed bool) {
	headless, dap := false, false
	listen := ""
	first := true
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break // the debugged program's arguments
		}
		if first && !strings.HasPrefix(a, "-") {
			first = false
			switch a {
			case "dap":
				dap = true
			case "connect", "version", "help", "completion", "log", "backend", "redirect", "substitute-path":
				return "", false
			}
			continue
		}
		switch {
		case a == "--headless" || a == "-headless" || a == "--headless=true" || a == "--headless=1":
			headless = true
		case a == "--listen" || a == "-l":
			if i+1 < len(args) {
				listen = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "--listen="):
			listen = strings.TrimPrefix(a, "--listen=")
		case strings.HasPrefix(a, "-l="):
			listen = strings.TrimPrefix(a, "-l=")
		}
	}
	if (!headless && !dap) || listen == "" {
		return "", false // Delve's default is 127.0.0.1:0
	}
	if exp, known := exposedAddr(listen); exp && known {
		return strings.Trim(listen, `"'`), true
	}
	return "", false
}

// exposedIsDlv reports whether a token names the dlv program
// (dlv, /go/bin/dlv, dlv.exe, github.com/go-delve/delve/cmd/dlv@latest).
func exposedIsDlv(tok string) bool {
	tok = strings.Trim(tok, `"'`)
	if i := strings.LastIndexAny(tok, `/\`); i >= 0 {
		tok = tok[i+1:]
	}
	if i := strings.IndexByte(tok, '@'); i >= 0 {
		tok = tok[:i]
	}
	return tok == "dlv" || strings.EqualFold(tok, "dlv.exe")
}

// exposedTokens splits a command line into words, with "" marking a
// command separator (; & | && || parentheses, backquotes).
func exposedTokens(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			// JSON and YAML list brackets, but not IPv6 ones ([::1]:2345).
			t := cur.String()
			if !strings.Contains(t, "]") {
				t = strings.TrimLeft(t, "[")
			}
			if !strings.Contains(t, "[") {
				t = strings.TrimRight(t, "]")
			}
			if t != "" {
				out = append(out, t)
			}
			cur.Reset()
		}
	}
	for _, r := range s {
		switch r {
		case ' ', '\t', '\r', '\n', '"', '\'', ',':
			flush()
		case ';', '&', '|', '(', ')', '`':
			flush()
			out = append(out, "")
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// exposedLine finds an exposed Delve server in one command line.
func exposedLine(s string) (addr string, ok bool) {
	toks := exposedTokens(s)
	for i, t := range toks {
		if !exposedIsDlv(t) {
			continue
		}
		end := len(toks)
		for j := i + 1; j < len(toks); j++ {
			if toks[j] == "" {
				end = j
				break
			}
		}
		if a, exposed := exposedServer(toks[i+1 : end]); exposed {
			return a, true
		}
	}
	return "", false
}

func exposedStrings(v []any) []string {
	var out []string
	for _, x := range v {
		switch x := x.(type) {
		case string:
			out = append(out, x)
		case map[string]any: // tasks.json {"value": "...", "quoting": ...}
			if s, ok := x["value"].(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// exposedTask checks one tasks.json task (command + args).
func exposedTask(file *facts.VSCodeFile, raw json.RawMessage, ptr []string) []exposedHit {
	var t struct {
		Label   string         `json:"label"`
		Command any            `json:"command"`
		Args    []any          `json:"args"`
		Linux   map[string]any `json:"linux"`
		OSX     map[string]any `json:"osx"`
		Windows map[string]any `json:"windows"`
	}
	if json.Unmarshal(raw, &t) != nil {
		return nil
	}
	var hits []exposedHit
	try := func(command any, args []any, sub []string) {
		var words []string
		switch c := command.(type) {
		case string:
			words = append(words, c)
		case map[string]any:
			if s, ok := c["value"].(string); ok {
				words = append(words, s)
			}
		}
		if len(words) == 0 {
			return
		}
		words = append(words, exposedStrings(args)...)
		// A shell task's command may hold the whole command line.
		line := strings.Join(words, " ")
		if addr, ok := exposedLine(line); ok {
			p := append(append([]string(nil), ptr...), sub...)
			hits = append(hits, exposedHit{
				where:   file.Where(p[0], append(p[1:], "command")...),
				command: fmt.Sprintf("task %q: %s", t.Label, line),
				addr:    addr, file: file.Path,
			})
		}
	}
	try(t.Command, t.Args, nil)
	for _, os := range []struct {
		name string
		m    map[string]any
	}{{"linux", t.Linux}, {"osx", t.OSX}, {"windows", t.Windows}} {
		name, m := os.name, os.m
		if m == nil {
			continue
		}
		cmd := m["command"]
		if cmd == nil {
			cmd = t.Command
		}
		args, _ := m["args"].([]any)
		if args == nil {
			args = t.Args
		}
		if m["command"] != nil || m["args"] != nil {
			try(cmd, args, []string{name})
		}
	}
	return hits
}

// exposedKind classifies a file name for scanning ("" = skip).
func exposedKind(name string) string {
	lower := strings.ToLower(name)
	switch {
	case lower == "makefile" || lower == "gnumakefile" || strings.HasSuffix(lower, ".mk"):
		return "make"
	case strings.HasSuffix(lower, ".sh") || strings.HasSuffix(lower, ".bash") || strings.HasSuffix(lower, ".zsh"):
		return "shell"
	case lower == "dockerfile" || strings.HasPrefix(lower, "dockerfile.") || strings.HasSuffix(lower, ".dockerfile") || lower == "containerfile":
		return "container"
	case (strings.HasPrefix(lower, "docker-compose") || strings.HasPrefix(lower, "compose")) && (strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".yaml")):
		return "compose"
	case lower == ".air.toml" || lower == "air.toml":
		return "toml"
	case lower == "procfile" || strings.HasPrefix(lower, "procfile."):
		return "shell"
	case lower == "taskfile.yml" || lower == "taskfile.yaml":
		return "yaml"
	case lower == "justfile" || lower == ".justfile":
		return "make"
	case lower == "devcontainer.json" || lower == ".devcontainer.json":
		return "json"
	}
	return ""
}

// exposedFiles walks the project (bounded) for files worth scanning.
func exposedFiles(f *facts.Facts, root string) []string {
	type dir struct {
		path  string
		depth int
	}
	queue := []dir{{root, 0}}
	var out []string
	entries := 0
	for len(queue) > 0 && len(out) < exposedMaxFiles && entries < exposedMaxEntries {
		d := queue[0]
		queue = queue[1:]
		ents, err := f.OS.ReadDir(d.path)
		if err != nil {
			continue
		}
		for _, e := range ents {
			entries++
			name := e.Name()
			p := f.JoinPath(d.path, name)
			if e.IsDir() {
				if d.depth+1 > exposedMaxDepth {
					continue
				}
				switch name {
				case ".git", "vendor", "node_modules", "testdata", ".hg", ".svn", ".idea", ".cache":
					continue
				}
				if strings.HasPrefix(name, ".") && name != ".devcontainer" && name != ".github" && name != ".vscode" {
					continue
				}
				queue = append(queue, dir{p, d.depth + 1})
				continue
			}
			if e.Type()&fs.ModeType != 0 && e.Type()&fs.ModeSymlink == 0 {
				continue // devices, sockets, pipes
			}
			if exposedKind(name) != "" {
				out = append(out, p)
				if len(out) == exposedMaxFiles {
					break
				}
			}
		}
	}
	return out
}

var exposedPortMapping = regexp.MustCompile(`^\s*-\s*["']?(?:(\[[^\]]*\]|[0-9a-zA-Z.\-]+):)?(\d+)(?:-\d+)?:(\d+)(?:/(?:tcp|udp))?["']?\s*(?:#.*)?$`)

// exposedScanText scans one text file; it returns exposed command
// lines, and compose commands that are safe because their port is
// published on loopback only.
func exposedScanText(p, data string) (hits []exposedHit, safe []string) {
	kind := exposedKind(path.Base(strings.ReplaceAll(p, `\`, "/")))
	lines := strings.Split(data, "\n")
	type logical struct {
		line int
		text string
	}
	var ls []logical
	yaml := kind == "compose" || kind == "yaml"
	for i := 0; i < len(lines); i++ {
		start := i
		text := strings.TrimRight(lines[i], "\r")
		trimmed := strings.TrimSpace(text)
		if kind != "json" && (strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "//")) {
			continue
		}
		if !yaml {
			for strings.HasSuffix(text, `\`) && i+1 < len(lines) {
				i++
				next := strings.TrimRight(lines[i], "\r")
				if strings.HasPrefix(strings.TrimSpace(next), "#") {
					continue
				}
				text = strings.TrimSuffix(text, `\`) + " " + next
			}
		} else if strings.HasSuffix(trimmed, ":") || strings.HasSuffix(trimmed, ": >") || strings.HasSuffix(trimmed, ": |") || strings.HasSuffix(trimmed, ": >-") || strings.HasSuffix(trimmed, ": |-") {
			// A block (list or folded string) under a key: one command.
			indent := len(text) - len(strings.TrimLeft(text, " "))
			for i+1 < len(lines) {
				next := strings.TrimRight(lines[i+1], "\r")
				nt := strings.TrimSpace(next)
				if nt == "" || strings.HasPrefix(nt, "#") {
					i++
					continue
				}
				if len(next)-len(strings.TrimLeft(next, " ")) <= indent {
					break
				}
				if strings.HasSuffix(nt, ":") {
					break // a nested mapping, scanned on its own
				}
				i++
				text += " " + strings.TrimPrefix(nt, "- ")
			}
		}
		ls = append(ls, logical{start + 1, text})
	}
	for _, l := range ls {
		addr, ok := exposedLine(l.text)
		if !ok {
			continue
		}
		h := exposedHit{where: fmt.Sprintf("%s:%d", p, l.line), command: exposedShorten(l.text), addr: addr, file: p}
		if kind == "container" || kind == "compose" {
			h.kind = "container"
		}
		if kind == "compose" && exposedPublishedOnLoopback(lines, exposedPort(addr)) {
			safe = append(safe, h.where+" (port published on 127.0.0.1 only)")
			continue
		}
		hits = append(hits, h)
	}
	return hits, safe
}

// exposedPublishedOnLoopback reports whether every compose port
// mapping to container port port binds a loopback host address (and there
// is at least one).
func exposedPublishedOnLoopback(lines []string, port string) bool {
	found := false
	for _, l := range lines {
		m := exposedPortMapping.FindStringSubmatch(l)
		if m == nil || m[3] != port {
			continue
		}
		host := strings.Trim(m[1], "[]")
		if !(strings.HasPrefix(host, "127.") || host == "::1" || strings.EqualFold(host, "localhost")) {
			return false
		}
		found = true
	}
	return found
}

func exposedShorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 240 {
		s = s[:237] + "..."
	}
	return s
}

// exposedProcesses reads /proc/<pid>/cmdline of every process.
func exposedProcesses(f *facts.Facts) ([]exposedHit, int) {
	ents, err := f.OS.ReadDir("/proc")
	if err != nil {
		return nil, 0
	}
	var hits []exposedHit
	n := 0
	for _, e := range ents {
		pid := e.Name()
		if pid == "" || strings.Trim(pid, "0123456789") != "" {
			continue
		}
		if n++; n > exposedMaxProcs {
			break
		}
		data, err := f.OS.ReadFile("/proc/"+pid+"/cmdline", 64<<10)
		if err != nil || len(data) == 0 {
			continue
		}
		argv := strings.Split(strings.TrimRight(string(data), "\x00"), "\x00")
		if !exposedIsDlv(argv[0]) {
			continue
		}
		if addr, ok := exposedServer(argv[1:]); ok {
			hits = append(hits, exposedHit{
				where: "process " + pid, kind: "process", pid: pid,
				command: exposedShorten(strings.Join(argv, " ")), addr: addr,
			})
		}
	}
	return hits, n
}

// Package dlvlisten finds Delve debug servers that listen beyond
// loopback: in command lines (`dlv debug --headless --listen=:2345`), in
// the project's build, script and container files, in VS Code tasks and
// launch configurations, and among running processes (Linux /proc).
//
// A headless Delve server runs whatever its client asks and does not
// authenticate connections, so one reachable from the network lets
// anyone run code on the machine. The package only finds such servers;
// the debug/exposed check decides and words what to do about them.
package dlvlisten

import "strings"

// Kind says where a Listener was found, which decides how it is fixed.
type Kind string

const (
	// Script is a command line in a Makefile, script, task or launch
	// configuration: change its --listen.
	Script Kind = ""
	// Container is a command line in a Dockerfile or compose file: Delve
	// must listen on the container's interfaces, so the fix is where the
	// port is published.
	Container Kind = "container"
	// Process is a dlv running now.
	Process Kind = "process"
)

// Listener is one Delve server listening beyond loopback.
type Listener struct {
	Where   string // file:line, or "process <pid>"
	Kind    Kind
	Command string // the command line (files and processes: whitespace collapsed, at most 240 bytes)
	Addr    string // the --listen value, unquoted
	File    string // the file it is in ("" for a process)
	PID     string // the process ID, for a Process
	// Fix, when set, is how to fix a Script listener whose address is not
	// a --listen flag (a launch configuration's "host").
	Fix string
}

// DefaultPort is the port Delve's documentation uses, shown in fixes when
// the listen address has no port godx can read.
const DefaultPort = "2345"

// SplitHostPort splits a listen address: "[::]:2345" is "::" and
// "2345", ":2345" is "" and "2345", a bare host has no port. Quotes
// around it are dropped.
func SplitHostPort(addr string) (host, port string) {
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

// Port is the address's port, or DefaultPort when it has none or it is a
// variable ($(PORT), ${PORT}).
func Port(addr string) string {
	_, port := SplitHostPort(addr)
	if port == "" || strings.ContainsAny(port, "${}()") {
		return DefaultPort
	}
	return port
}

// AllInterfaces reports whether the address listens on every network
// interface (":2345", "0.0.0.0:2345", "[::]:2345", "*:2345").
func AllInterfaces(addr string) bool {
	host, _ := SplitHostPort(addr)
	switch host {
	case "", "0.0.0.0", "::", "*":
		return true
	}
	return false
}

// Classify tells whether a listen address is reachable from other
// machines (every interface, or a host that is not loopback); known is
// false when it cannot be told (a variable, or not host:port at all).
// Unix sockets and loopback addresses are not exposed.
func Classify(addr string) (exposed, known bool) {
	addr = strings.Trim(addr, `"'`)
	if strings.HasPrefix(addr, "unix:") {
		return false, true
	}
	if !strings.Contains(addr, ":") {
		return false, false // not host:port (a variable, or invalid for Delve)
	}
	host, _ := SplitHostPort(addr)
	switch {
	case AllInterfaces(addr):
		return true, true
	case strings.ContainsAny(host, "$%{}()<>`"):
		return false, false
	case strings.EqualFold(host, "localhost"), strings.HasPrefix(host, "127."), host == "::1", strings.EqualFold(host, "ip6-localhost"), strings.EqualFold(host, "ip6-loopback"):
		return false, true
	}
	return true, true
}

// Args looks at the arguments after `dlv`: exposed is true when they
// start a Delve server (--headless, or the dap subcommand) whose --listen
// (or -l) address is known to be exposed; addr is that address,
// unquoted. Arguments after `--` belong to the debugged program, and
// without --listen Delve listens on 127.0.0.1.
func Args(args []string) (addr string, exposed bool) {
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
	if exp, known := Classify(listen); exp && known {
		return strings.Trim(listen, `"'`), true
	}
	return "", false
}

// IsDlv reports whether a word names the dlv program (dlv, /go/bin/dlv,
// dlv.exe, github.com/go-delve/delve/cmd/dlv@latest).
func IsDlv(word string) bool {
	word = strings.Trim(word, `"'`)
	if i := strings.LastIndexAny(word, `/\`); i >= 0 {
		word = word[i+1:]
	}
	if i := strings.IndexByte(word, '@'); i >= 0 {
		word = word[:i]
	}
	return word == "dlv" || strings.EqualFold(word, "dlv.exe")
}

// words splits a command line into words, with "" marking a command
// separator (; & | && || parentheses, backquotes). It is loose on
// purpose: the same line may be shell, a JSON or YAML list, or a
// Dockerfile CMD array.
func words(s string) []string {
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

// CommandLine finds a Delve server listening beyond loopback in one
// command line, which may hold several commands; addr is its address.
func CommandLine(s string) (addr string, exposed bool) {
	ws := words(s)
	for i, w := range ws {
		if !IsDlv(w) {
			continue
		}
		end := len(ws)
		for j := i + 1; j < len(ws); j++ {
			if ws[j] == "" {
				end = j
				break
			}
		}
		if a, exposed := Args(ws[i+1 : end]); exposed {
			return a, true
		}
	}
	return "", false
}

// shorten collapses whitespace and cuts a command line for display.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 240 {
		s = s[:237] + "..."
	}
	return s
}

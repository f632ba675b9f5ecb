package dlvlisten

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// VSCodeTasks finds Delve servers started by the tasks of a tasks.json
// file (or a *.code-workspace file's "tasks" object): each task's command
// and args, and its linux, osx and windows variants. A file that does not
// parse has none.
func VSCodeTasks(file *facts.VSCodeFile) []Listener {
	var tasks []json.RawMessage
	if file.Err != nil || file.Decode("tasks", &tasks) != nil {
		return nil
	}
	var out []Listener
	for i, raw := range tasks {
		out = append(out, vscodeTask(file, raw, []string{"tasks", strconv.Itoa(i)})...)
	}
	return out
}

// vscodeTask checks one task, at the JSON path ptr.
func vscodeTask(file *facts.VSCodeFile, raw json.RawMessage, ptr []string) []Listener {
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
	var out []Listener
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
		words = append(words, taskStrings(args)...)
		// A shell task's command may hold the whole command line.
		line := strings.Join(words, " ")
		if addr, ok := CommandLine(line); ok {
			p := append(append([]string(nil), ptr...), sub...)
			out = append(out, Listener{
				Where:   file.Where(p[0], append(p[1:], "command")...),
				Command: fmt.Sprintf("task %q: %s", t.Label, line),
				Addr:    addr, File: file.Path,
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
	return out
}

// taskStrings is a task's args: strings, and the value of
// {"value": "...", "quoting": ...} objects.
func taskStrings(v []any) []string {
	var out []string
	for _, x := range v {
		switch x := x.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			if s, ok := x["value"].(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// VSCodeLaunch finds launch configurations (launch.json, or a
// *.code-workspace file's "launch" object) that start a Delve server
// listening beyond loopback. A file that does not parse has none.
//
// Two kinds do:
//
//   - any configuration whose "program" is dlv itself, with "args" such as
//     --headless --listen=:2345;
//   - a Go configuration ("type": "go") for which the Go extension starts
//     Delve itself. vscode-go (goDebugFactory.ts spawnDlvDapServerProcess
//     and getSpawnConfig; debugAdapter/goDebug.ts for the legacy adapter)
//     runs `dlv dap`, then the configuration's dlvFlags, then its own
//     `--listen=<host>:<port>` with host the configuration's "host" or
//     127.0.0.1; Delve keeps the last --listen, so a --listen in dlvFlags
//     never decides (the same last-flag rule Args applies to command
//     lines), but "host" does. The extension starts nothing when the
//     configuration names a "port" with the default dlv-dap adapter (it
//     connects to a server started elsewhere) or has "mode": "remote";
//     with "console": "integratedTerminal" or "externalTerminal" Delve
//     dials the extension (--client-addr) instead of listening.
func VSCodeLaunch(file *facts.VSCodeFile) []Listener {
	var configs []struct {
		Name         string `json:"name"`
		Type         string `json:"type"`
		Mode         string `json:"mode"`
		Host         string `json:"host"`
		Port         any    `json:"port"`
		DebugAdapter string `json:"debugAdapter"`
		Console      string `json:"console"`
		DlvFlags     []any  `json:"dlvFlags"`
		Program      string `json:"program"`
		Args         any    `json:"args"`
	}
	if file.Err != nil || file.Decode("configurations", &configs) != nil {
		return nil
	}
	var out []Listener
	for i, c := range configs {
		idx := strconv.Itoa(i)
		if IsDlv(c.Program) {
			var args []string
			switch a := c.Args.(type) {
			case []any:
				args = taskStrings(a)
			case string:
				args = words(a)
			}
			if addr, exposed := Args(args); exposed {
				out = append(out, Listener{
					Where:   file.Where("configurations", idx, "args"),
					Command: fmt.Sprintf("launch configuration %q: %s %s", c.Name, c.Program, strings.Join(args, " ")),
					Addr:    addr, File: file.Path,
				})
			}
			continue
		}
		if c.Type != "go" || c.Mode == "remote" {
			continue
		}
		legacy := c.DebugAdapter == "legacy"
		port := ""
		switch p := c.Port.(type) {
		case float64:
			port = strconv.FormatFloat(p, 'f', -1, 64)
		case string:
			port = p
		}
		if !legacy && (port != "" || c.Console == "integratedTerminal" || c.Console == "externalTerminal") {
			continue
		}
		host := c.Host
		if host == "" {
			host = "127.0.0.1"
		}
		shownPort := port
		if shownPort == "" {
			shownPort = "PORT"
			if legacy {
				shownPort = "2345" // the legacy adapter's default port
			}
		}
		listen := host + ":" + shownPort
		if strings.Contains(host, ":") {
			listen = "[" + host + "]:" + shownPort
		}
		flags := taskStrings(c.DlvFlags)
		args := append(append([]string{"dap"}, flags...), "--listen="+listen)
		addr, exposed := Args(args)
		if !exposed {
			continue
		}
		cmd := fmt.Sprintf("launch configuration %q: \"host\": %q; the Go extension runs dlv dap", c.Name, c.Host)
		if len(flags) > 0 {
			cmd += " " + strings.Join(flags, " ")
		}
		if legacy {
			cmd = fmt.Sprintf("launch configuration %q: \"host\": %q; the Go extension's legacy adapter runs dlv %s %s--headless=true", c.Name, c.Host, cmp.Or(c.Mode, "debug"), strings.Join(append(flags, ""), " "))
		}
		out = append(out, Listener{
			Where:   file.Where("configurations", idx, "host"),
			Command: cmd + " --listen=" + listen,
			Addr:    addr, File: file.Path,
			Fix: fmt.Sprintf(`In %s, remove "host" (the Go extension then listens on 127.0.0.1) or set it to "127.0.0.1", and connect from another machine through an SSH tunnel.`, file.Where("configurations", idx, "host")),
		})
	}
	return out
}

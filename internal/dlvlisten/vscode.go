package dlvlisten

import (
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

// VSCodeLaunch finds Go launch configurations (launch.json, or a
// *.code-workspace file's "launch" object) whose dlvFlags make the Delve
// server the Go extension starts (`dlv dap`) listen beyond loopback. A
// file that does not parse has none.
func VSCodeLaunch(file *facts.VSCodeFile) []Listener {
	var configs []struct {
		Name     string `json:"name"`
		Type     string `json:"type"`
		DlvFlags []any  `json:"dlvFlags"`
	}
	if file.Err != nil || file.Decode("configurations", &configs) != nil {
		return nil
	}
	var out []Listener
	for i, c := range configs {
		if c.Type != "go" || len(c.DlvFlags) == 0 {
			continue
		}
		args := taskStrings(c.DlvFlags)
		// The Go extension runs dlv dap itself; dlvFlags are added to it.
		if addr, exposed := Args(append([]string{"dap"}, args...)); exposed {
			out = append(out, Listener{
				Where:   file.Where("configurations", strconv.Itoa(i), "dlvFlags"),
				Command: fmt.Sprintf("launch configuration %q: dlvFlags %s", c.Name, strings.Join(args, " ")),
				Addr:    addr, File: file.Path,
			})
		}
	}
	return out
}

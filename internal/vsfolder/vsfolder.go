// Package vsfolder reads the JSON files of Visual Studio's Open Folder
// mode and CMake presets that start programs or set their environment:
// .vs/tasks.vs.json (tasks), .vs/launch.vs.json (debug targets) and
// CMakePresets.json / CMakeUserPresets.json (each preset's environment).
// Visual Studio accepts comments in them, as VS Code does, so they are
// read as JSONC, with the line of each entry.
package vsfolder

import (
	"cmp"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// Kind of file.
const (
	Tasks   = "tasks.vs.json"
	Launch  = "launch.vs.json"
	Presets = "CMakePresets.json"
)

// Entry is one task, debug target or preset.
type Entry struct {
	Name    string
	Where   string // file:line
	Line    int
	Program string   // the program it starts ("" for a preset)
	Args    []string // its arguments
	// Env is the environment it sets, with each variable's line.
	Env []Var
}

// Var is one environment variable an entry sets.
type Var struct {
	Name, Value string
	Line        int
}

// Kind says which kind of file name is: Tasks, Launch, Presets or "".
func Kind(name string) string {
	switch strings.ToLower(name) {
	case "tasks.vs.json":
		return Tasks
	case "launch.vs.json":
		return Launch
	case "cmakepresets.json", "cmakeuserpresets.json":
		return Presets
	}
	return ""
}

// Read returns the entries of a parsed file of the given kind. A file that
// did not parse (doc.Err) has none.
func Read(doc *facts.JSONCFile, kind string) []Entry {
	if doc == nil || doc.Err != nil {
		return nil
	}
	file := &facts.VSCodeFile{Path: doc.Path, Values: doc.Root, Doc: doc}
	var key string
	switch kind {
	case Tasks:
		key = "tasks"
	case Launch:
		key = "configurations"
	case Presets:
		key = "configurePresets"
	default:
		return nil
	}
	var raws []json.RawMessage
	if file.Decode(key, &raws) != nil {
		return nil
	}
	var out []Entry
	for i, raw := range raws {
		var e struct {
			TaskLabel string          `json:"taskLabel"`
			Name      string          `json:"name"`
			Command   string          `json:"command"`
			Program   string          `json:"program"`
			Project   string          `json:"project"`
			Exe       string          `json:"exe"`
			Args      any             `json:"args"`
			EnvVars   json.RawMessage `json:"envVars"`     // tasks.vs.json
			Env       json.RawMessage `json:"env"`         // launch.vs.json
			Envir     json.RawMessage `json:"environment"` // cppdbg targets, CMake presets
		}
		if json.Unmarshal(raw, &e) != nil {
			continue
		}
		idx := strconv.Itoa(i)
		en := Entry{Name: cmp.Or(e.TaskLabel, e.Name), Where: file.Where(key, idx), Line: file.Line(key, idx)}
		en.Program = cmp.Or(e.Command, e.Program, e.Project, e.Exe)
		switch a := e.Args.(type) {
		case []any:
			for _, v := range a {
				if s, ok := v.(string); ok {
					en.Args = append(en.Args, s)
				}
			}
		case string:
			en.Args = strings.Fields(a)
		}
		for _, f := range []struct {
			name string
			raw  json.RawMessage
		}{{"envVars", e.EnvVars}, {"env", e.Env}, {"environment", e.Envir}} {
			if len(f.raw) > 0 {
				en.Env = append(en.Env, envVars(file, f.raw, key, idx, f.name)...)
			}
		}
		out = append(out, en)
	}
	return out
}

// envVars reads an environment in any of the forms Visual Studio takes:
// an object {"NAME": "value"}, an array of {"name", "value"} objects
// (cppdbg), or one string of NAME=value entries separated by NUL or
// newlines (the C++ debugger's "env").
func envVars(file *facts.VSCodeFile, raw json.RawMessage, ptr ...string) []Var {
	var out []Var
	var obj map[string]any
	if json.Unmarshal(raw, &obj) == nil {
		names := make([]string, 0, len(obj))
		for k := range obj {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if s, ok := obj[k].(string); ok {
				out = append(out, Var{Name: k, Value: s, Line: file.Line(ptr[0], append(ptr[1:], k)...)})
			}
		}
		return out
	}
	var list []struct{ Name, Value string }
	if json.Unmarshal(raw, &list) == nil {
		for i, v := range list {
			if v.Name != "" {
				out = append(out, Var{Name: v.Name, Value: v.Value, Line: file.Line(ptr[0], append(ptr[1:], strconv.Itoa(i))...)})
			}
		}
		return out
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		line := file.Line(ptr[0], ptr[1:]...)
		for _, kv := range strings.FieldsFunc(s, func(r rune) bool { return r == 0 || r == '\n' }) {
			if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
				out = append(out, Var{Name: strings.TrimSpace(k), Value: v, Line: line})
			}
		}
	}
	return out
}

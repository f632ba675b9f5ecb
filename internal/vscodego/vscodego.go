// Package vscodego says what the VS Code Go extension (golang/vscode-go)
// makes of its settings: which go command a go.alternateTools entry
// selects, and which environment a Go debug configuration gives the
// program and Delve. Reading the settings files themselves (JSON with
// comments, scopes, ${workspaceFolder}) is internal/facts'; judging them
// is the editor/vscode check's.
package vscodego

import (
	"encoding/json"

	"github.com/godx-dev/godx/internal/facts"
)

// FindTool finds the program a go.alternateTools entry names when the
// value is a name rather than a path, the way the extension does
// (getBinPathWithExplanation): in the bin directory of each GOPATH
// entry, then in GOROOT/bin, then on PATH. It returns the program ("" when
// none is found) and the directories it looked in before PATH.
func FindTool(f *facts.Facts, name, gopath, goroot string) (bin string, dirs []string) {
	for _, p := range f.SplitList(gopath) {
		if p != "" {
			dirs = append(dirs, f.JoinPath(p, "bin"))
		}
	}
	if goroot != "" {
		dirs = append(dirs, f.JoinPath(goroot, "bin"))
	}
	for _, d := range dirs {
		if p := f.JoinPath(d, f.ExeName(name)); f.IsExecutable(p) {
			return p, dirs
		}
	}
	if p, err := f.LookPath(name); err == nil {
		return p, dirs
	}
	return "", dirs
}

// LaunchEnv is the env of one Go debug configuration ("type": "go"):
// the extension passes it to the program it debugs and to the build Delve
// runs for it.
type LaunchEnv struct {
	// Index is the configuration's position in "configurations", for
	// facts.VSCodeFile.Where("configurations", strconv.Itoa(Index), "env", name).
	Index int
	Name  string
	// Env holds the variables set to a string (others are not
	// environment values VS Code passes on).
	Env map[string]string
}

// LaunchEnvs lists the Go debug configurations of a launch.json file (or
// a *.code-workspace file's "launch" object), in order. Configurations
// that are not JSON objects of the expected shape are left out, as is
// everything when "configurations" is not an array.
func LaunchEnvs(file *facts.VSCodeFile) []LaunchEnv {
	var configs []json.RawMessage
	if file.Decode("configurations", &configs) != nil {
		return nil
	}
	var out []LaunchEnv
	for i, raw := range configs {
		// A map, not a struct: VS Code's keys are case-sensitive ("Type"
		// is not "type"), and a key given twice is its last value whole
		// (encoding/json would merge two "env" objects into one struct
		// field).
		var c map[string]json.RawMessage
		var typ, name string
		if json.Unmarshal(raw, &c) != nil || json.Unmarshal(c["type"], &typ) != nil || typ != "go" {
			continue
		}
		_ = json.Unmarshal(c["name"], &name) // a configuration without a name is still run
		le := LaunchEnv{Index: i, Name: name, Env: map[string]string{}}
		var env map[string]any
		_ = json.Unmarshal(c["env"], &env) // no env, or not an object: nothing is passed
		for k, v := range env {
			if s, ok := v.(string); ok {
				le.Env[k] = s
			}
		}
		out = append(out, le)
	}
	return out
}

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
		var c struct {
			Name string         `json:"name"`
			Type string         `json:"type"`
			Env  map[string]any `json:"env"`
		}
		if json.Unmarshal(raw, &c) != nil || c.Type != "go" {
			continue
		}
		le := LaunchEnv{Index: i, Name: c.Name, Env: map[string]string{}}
		for k, v := range c.Env {
			if s, ok := v.(string); ok {
				le.Env[k] = s
			}
		}
		out = append(out, le)
	}
	return out
}

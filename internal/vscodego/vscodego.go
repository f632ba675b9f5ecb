// Package vscodego says what the VS Code Go extension (golang/vscode-go)
// makes of its settings: which go command a go.alternateTools entry
// selects, and which environment a Go debug configuration gives the
// program and Delve. Reading the settings files themselves (JSON with
// comments, scopes, ${workspaceFolder}) is internal/facts'; judging them
// is the editor/vscode check's.
package vscodego

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"

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
	// EnvFiles are the configuration's envFile paths as written (a
	// string or a list): the extension reads them and lets env override
	// them (goDebugConfiguration.ts resolveDebugConfigurationWithSubstitutedVariables).
	EnvFiles []string
	// BuildFlags and DlvFlags are the configuration's "buildFlags" (a
	// string, or a list joined with spaces) and "dlvFlags", as written.
	BuildFlags string
	DlvFlags   []string
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
		var envFile any
		_ = json.Unmarshal(c["envFile"], &envFile)
		switch ef := envFile.(type) {
		case string:
			le.EnvFiles = []string{ef}
		case []any:
			for _, p := range ef {
				if s, ok := p.(string); ok {
					le.EnvFiles = append(le.EnvFiles, s)
				}
			}
		}
		var buildFlags any
		_ = json.Unmarshal(c["buildFlags"], &buildFlags)
		switch bf := buildFlags.(type) {
		case string:
			le.BuildFlags = bf
		case []any:
			var words []string
			for _, w := range bf {
				if s, ok := w.(string); ok {
					words = append(words, s)
				}
			}
			le.BuildFlags = strings.Join(words, " ")
		}
		_ = json.Unmarshal(c["dlvFlags"], &le.DlvFlags)
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

// GoplsBuildEnv is the "build.env" object of a settings file's "gopls"
// settings: variables gopls adds to the environment of the go commands it
// runs to load packages (on top of go.toolsEnvVars). Values that are not
// strings are left out.
func GoplsBuildEnv(file *facts.VSCodeFile) map[string]string {
	var gopls map[string]json.RawMessage
	if file.Decode("gopls", &gopls) != nil {
		return nil
	}
	var env map[string]any
	if raw, ok := gopls["build.env"]; !ok || json.Unmarshal(raw, &env) != nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range env {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// EnvFileVar is one variable an env file sets, at its (1-based) line.
type EnvFileVar struct {
	Name, Value string
	Line        int
}

// ParseEnvFile reads a launch configuration's envFile the way the Go
// extension does (utils/envUtils.ts parseEnvFile): each line `KEY=VALUE`
// or `export KEY=VALUE`, KEY of letters, digits, `_`, `.` and `-`; a value
// in double quotes has `\n` turned into a newline; one leading and one
// trailing quote are dropped; `${NAME}` is replaced by the file's earlier
// value of NAME, else lookup(NAME), else "" (a `${...}` that is not a
// plain name leaves the whole value as it is); `\$` becomes `$`. Later
// lines win, so only the last line of each name is returned, in file order.
func ParseEnvFile(data []byte, lookup func(string) string) []EnvFileVar {
	s := strings.TrimPrefix(string(data), "\uFEFF")
	local := map[string]string{}
	last := map[string]int{}
	var vars []EnvFileVar
	for i, line := range strings.Split(s, "\n") {
		m := envFileLine().FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		name, value := m[2], m[3]
		if len(value) > 0 && value[0] == '"' && value[len(value)-1] == '"' {
			value = strings.ReplaceAll(value, `\n`, "\n")
		}
		if value != "" && strings.ContainsRune(`'"`, rune(value[0])) {
			value = value[1:]
		}
		if value != "" && strings.ContainsRune(`'"`, rune(value[len(value)-1])) {
			value = value[:len(value)-1]
		}
		value = envFileSubst(value, local, lookup)
		local[name] = value
		if j, ok := last[name]; ok {
			vars[j] = EnvFileVar{name, value, i + 1}
			continue
		}
		last[name] = len(vars)
		vars = append(vars, EnvFileVar{name, value, i + 1})
	}
	return vars
}

// envFileLine is the extension's /^\s*(export\s+)?([\w\.\-]+)\s*=\s*(.*)?\s*$/
// (JavaScript's `.` stops at a carriage return, which the caller drops).
var envFileLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*(export\s+)?([\w.\-]+)\s*=\s*(.*)$`) })

// envFileSubst is the extension's substituteEnvVars.
func envFileSubst(value string, local map[string]string, lookup func(string) string) string {
	var b strings.Builder
	rest := value
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		if i > 0 && rest[i-1] == '\\' {
			b.WriteString(rest[:i+2])
			rest = rest[i+2:]
			continue
		}
		end := strings.IndexByte(rest[i:], '}')
		name := ""
		if end > 0 {
			name = rest[i+2 : i+end]
		}
		if end < 0 || !envFileName().MatchString(name) {
			if end < 0 {
				b.WriteString(rest)
				break
			}
			return strings.ReplaceAll(value, `\$`, "$") // invalid: the value is kept as written
		}
		b.WriteString(rest[:i])
		v := local[name]
		if v == "" {
			v = lookup(name)
		}
		b.WriteString(v)
		rest = rest[i+end+1:]
	}
	return strings.ReplaceAll(b.String(), `\$`, "$")
}

var envFileName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z]\w*$`) })

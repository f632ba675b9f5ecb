// Package golangciconfig reads what godx needs from golangci-lint's
// configuration: which file golangci-lint would load, its `version` key
// (v2 only loads files that say "2") and its `run.go` key, and from them
// the Go version golangci-lint targets, computed as golangci-lint itself
// does (pkg/config detectGoVersion, goutil.TrimGoVersion).
//
// JSON and YAML are read with the libraries golangci-lint's loader uses
// (encoding/json; a YAML 1.2 parser, so anchors, aliases, flow and block
// styles mean what they mean there), and an unquoted YAML number is read
// as YAML does (1.20 is 1.2). TOML is read line by line for those two
// keys only: top-level `version`, and `go` in a `[run]` table, a `run.go`
// key or a one-line `run = { go = ... }`.
package golangciconfig

import (
	"bytes"
	"cmp"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
)

// Config is the configuration file golangci-lint would load and the two
// keys godx reads from it.
type Config struct {
	Path       string
	Version    string // the `version` key ("" when absent)
	HasVersion bool
	RunGo      string // run.go ("" when absent)
	Err        error  // unreadable or unparsable
}

// Target is the Go version golangci-lint targets, and where it comes from
// in words (pkg/config detectGoVersion): run.go of cfg (which may be nil),
// else go.mod's toolchain line (even when it is lower than the go line),
// else its go line, else the go command's GOVERSION; go.work is not read.
func Target(f *facts.Facts, ge *facts.GoEnv, cfg *Config) (version, from string) {
	if cfg != nil && cfg.RunGo != "" {
		return cfg.RunGo, "run.go in " + cfg.Path
	}
	if m, err := f.Module(); err == nil && m != nil && m.Mod != nil && m.Err == nil {
		if tc := m.ToolchainLine(); tc != "" {
			if v := ParseGoVersion(tc); v != "" {
				return v, "the toolchain line of " + m.Path
			}
		}
		if g := m.GoLine(); g != "" {
			return g, "the go line of " + m.Path
		}
	}
	return ParseGoVersion(ge.Get("GOVERSION")), "the go command's GOVERSION"
}

// ParseGoVersion is golangci-lint's parseGoVersion: drop "go"
// and anything from the first character that is neither a digit nor a dot.
func ParseGoVersion(v string) string {
	raw := goversion.TrimGo(v)
	if i := strings.IndexFunc(raw, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }); i >= 0 {
		raw = raw[:i]
	}
	return raw
}

var trimRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(\d\.\d+)(?:\.\d+|[a-z]+\d)`) })

// TrimGoVersion is golangci-lint's goutil.TrimGoVersion: M.m.
func TrimGoVersion(v string) string {
	if v == "" {
		return ""
	}
	if m := trimRE().FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}

// Find finds the configuration file as golangci-lint's loader does: the
// project directory, each parent up to the root, then the home directory;
// in each, viper's extension order (json, toml, yaml, yml). It is nil when
// there is none; a file that cannot be read or parsed has Err set.
func Find(f *facts.Facts) *Config {
	var dirs []string
	for d := f.Dir; ; {
		dirs = append(dirs, d)
		p := f.ParentDir(d)
		if p == d || p == "" || p == "." {
			break
		}
		d = p
	}
	home := f.Getenv("HOME")
	if f.GOOS() == "windows" {
		home = cmp.Or(f.Getenv("USERPROFILE"), home)
	}
	if home != "" {
		dup := false
		for _, d := range dirs {
			if f.SamePath(d, home) {
				dup = true
			}
		}
		if !dup {
			dirs = append(dirs, home)
		}
	}
	for _, d := range dirs {
		for _, ext := range []string{"json", "toml", "yaml", "yml"} {
			p := f.JoinPath(d, ".golangci."+ext)
			st, err := f.OS.Stat(p)
			if err != nil || st.IsDir() {
				continue
			}
			cfg := &Config{Path: p}
			data, err := f.ReadFile(p)
			if err != nil {
				cfg.Err = err
				return cfg
			}
			switch ext {
			case "json":
				cfg.Version, cfg.HasVersion, cfg.RunGo, cfg.Err = parseJSON(data)
			case "toml":
				cfg.Version, cfg.HasVersion, cfg.RunGo = parseTOML(data)
			default:
				cfg.Version, cfg.HasVersion, cfg.RunGo, cfg.Err = parseYAML(data)
			}
			return cfg
		}
	}
	return nil
}

// parseJSON reads `version` and run.go from a .golangci.json file.
func parseJSON(data []byte) (ver string, has bool, runGo string, err error) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", false, "", err
	}
	scalar := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return ""
	}
	if v, ok := doc["version"]; ok {
		ver, has = scalar(v), true
	}
	if run, ok := doc["run"].(map[string]any); ok {
		runGo = scalar(run["go"])
	}
	return ver, has, runGo, nil
}

// YAMLKeys are the nodes of the top-level `version` key and of `go` in
// the top-level `run` mapping of a YAML configuration (nil when absent),
// aliases resolved. A `run` that is not a mapping is an error, as it is
// for golangci-lint.
func YAMLKeys(data []byte) (version, runGo *yaml.Node, err error) {
	var doc struct {
		Version yaml.Node `yaml:"version"`
		Run     struct {
			Go yaml.Node `yaml:"go"`
		} `yaml:"run"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, err
	}
	return present(&doc.Version), present(&doc.Run.Go), nil
}

// present is n with an alias resolved, or nil when the key was absent.
func present(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind == 0 {
		return nil
	}
	return n
}

// YAMLString is a scalar node's value as golangci-lint reads it: an
// unquoted number is a YAML number (1.20 is 1.2); "" for anything but a
// scalar.
func YAMLString(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	quoted := n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0
	if !quoted && (n.Tag == "!!float" || n.Tag == "!!int") {
		if x, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	return n.Value
}

// parseYAML reads `version` and run.go from a YAML configuration.
func parseYAML(data []byte) (ver string, has bool, runGo string, err error) {
	v, r, err := YAMLKeys(data)
	if err != nil {
		return "", false, "", err
	}
	return YAMLString(v), v != nil, YAMLString(r), nil
}

var numberRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`) })

// tomlScalar reads a plain or quoted TOML value, dropping a trailing
// comment; an unquoted number is read as a number (1.20 is 1.2).
func tomlScalar(s string) string { return scalar(s, "#") }

func scalar(s, comment string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if q := s[0]; q == '"' || q == '\'' {
		if end := strings.IndexByte(s[1:], q); end >= 0 {
			return s[1 : 1+end]
		}
		return s[1:]
	}
	if i := strings.Index(s, comment); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if numberRE().MatchString(s) {
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	return s
}

// flowGet reads key from a one-line flow mapping "{a: 1, go: '1.22'}".
func flowGet(s, key string, scalar func(string) string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "{")
	if i := strings.LastIndex(s, "}"); i >= 0 {
		s = s[:i]
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			k, v, ok = strings.Cut(part, "=")
		}
		if ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return scalar(v)
		}
	}
	return ""
}

// parseTOML reads top-level `version`, and `go` in the [run]
// table (or a top-level `run.go` key), line by line.
func parseTOML(data []byte) (ver string, has bool, runGo string) {
	table := ""
	for _, line := range strings.Split(string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), "\n") {
		s := strings.TrimSpace(line)
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if strings.HasPrefix(s, "[") {
			table = strings.Trim(strings.TrimSpace(strings.Trim(s, "[]")), `"`)
			continue
		}
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		switch {
		case table == "" && k == "version":
			ver, has = tomlScalar(v), true
		case table == "" && (k == "run.go" || k == `run."go"`):
			runGo = tomlScalar(v)
		case table == "" && k == "run" && strings.HasPrefix(strings.TrimSpace(v), "{"):
			runGo = flowGet(v, "go", tomlScalar)
		case table == "run" && k == "go":
			runGo = tomlScalar(v)
		}
	}
	return ver, has, runGo
}

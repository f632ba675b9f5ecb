package facts

import (
	"bytes"
	"strings"
)

// Source says where a Go setting's effective value comes from. The go
// command's precedence is: process environment, then the `go env -w` file
// (GOENV), then $GOROOT/go.env, then its built-in default.
type Source string

const (
	FromEnvironment Source = "environment"
	FromEnvFile     Source = "go env -w file"
	FromGorootEnv   Source = "$GOROOT/go.env"
	FromDefault     Source = "default"
	FromGoMod       Source = "go.mod"
	FromGoWork      Source = "go.work"
)

// Definition is one place that defines a setting; Value is what that place
// says, verbatim (the effective value can differ: CGO_ENABLED=yes is 0).
type Definition struct {
	Source Source `json:"source"`
	Origin string `json:"origin,omitempty"` // file path, when the source is a file
	Value  string `json:"value"`
}

// Where names the place that defines a setting, worded for a sentence
// ("GOFLAGS is set in …", "GOTOOLCHAIN=local (from …)"): "the
// environment", "the go env -w file /home/u/.config/go/env",
// "/usr/local/go/go.env", "the default". Every check says it this way.
func (d Definition) Where() string {
	switch d.Source {
	case FromEnvironment:
		return "the environment"
	case FromEnvFile:
		return "the " + d.Label()
	case FromDefault:
		return "the default"
	case "":
		return "an unknown source"
	}
	return d.Label()
}

// Label is the short form, for parentheses and evidence keys:
// "GOROOT (environment variable)", "GOFLAGS (go env -w file
// /home/u/.config/go/env)", "GOSUMDB (/usr/local/go/go.env)", "GOPATH
// (default)".
func (d Definition) Label() string {
	switch d.Source {
	case FromEnvironment:
		return "environment variable"
	case FromEnvFile:
		if d.Origin == "" {
			return string(d.Source)
		}
		return string(d.Source) + " " + d.Origin
	case FromDefault:
		return "default"
	case "":
		return "unknown source"
	}
	// A file that is its own source ($GOROOT/go.env, go.mod, go.work) is
	// named by its path, which says what it is.
	if d.Origin != "" {
		return d.Origin
	}
	return string(d.Source)
}

// Setting is a Go setting's effective value and its provenance.
type Setting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Definition
	// Overridden lists definitions that lost to the effective one.
	Overridden []Definition `json:"overridden,omitempty"`
	// Note explains a derived default ("$GOPATH/pkg/mod", "no C compiler").
	Note string `json:"note,omitempty"`
}

// Where is the effective definition's Where; for a nil setting (godx
// could not resolve it), "an unknown source".
func (s *Setting) Where() string {
	if s == nil {
		return Definition{}.Where()
	}
	return s.Definition.Where()
}

// Label is the effective definition's Label; for a nil setting,
// "unknown source".
func (s *Setting) Label() string {
	if s == nil {
		return Definition{}.Label()
	}
	return s.Definition.Label()
}

// Provenance is Label, and for a default also the note that explains its
// value: "default: $GOPATH/pkg/mod".
func (s *Setting) Provenance() string {
	if s != nil && s.Source == FromDefault && s.Note != "" {
		return "default: " + s.Note
	}
	return s.Label()
}

// SettingNames are the settings godx reports, in display order.
var SettingNames = []string{
	"GOROOT", "GOPATH", "GOBIN", "GOMODCACHE", "GOCACHE", "GOENV", "GOFLAGS",
	"GO111MODULE", "GOTOOLCHAIN", "GOVERSION", "GOMOD", "GOWORK",
	"GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOVCS", "GOAUTH",
	"CGO_ENABLED", "CC", "CXX", "GOOS", "GOARCH", "GOHOSTOS", "GOHOSTARCH",
	"GOEXPERIMENT", "GODEBUG", "GOTMPDIR", "GOTELEMETRY",
}

// DefaultNote says how the go command derives the default of a setting
// on goos ("" when nothing needs saying), in that system's own notation:
// `$HOME/go` on Unix, `%USERPROFILE%\go` on Windows.
func DefaultNote(goos, name string) string {
	win := goos == "windows"
	pick := func(unix, windows string) string {
		if win {
			return windows
		}
		return unix
	}
	switch name {
	case "GOROOT":
		return "the directory the go command was installed in"
	case "GOPATH":
		return pick("$HOME/go", `%USERPROFILE%\go`)
	case "GOBIN":
		return pick("empty: go install writes to the first $GOPATH/bin", `empty: go install writes to the first GOPATH entry's \bin`)
	case "GOMODCACHE":
		return pick("$GOPATH/pkg/mod", `the first GOPATH entry + \pkg\mod`)
	case "GOCACHE":
		switch goos {
		case "windows":
			return `%LocalAppData%\go-build`
		case "darwin":
			return "$HOME/Library/Caches/go-build"
		}
		return "the user cache directory + /go-build"
	case "GOENV":
		switch goos {
		case "windows":
			return `%AppData%\go\env`
		case "darwin":
			return "$HOME/Library/Application Support/go/env"
		}
		return "the user config directory + /go/env"
	case "GO111MODULE":
		return "empty: module mode (Go 1.16+)"
	case "GOTOOLCHAIN":
		return "nothing sets it, so the go command never switches toolchains (as with local)"
	case "GOPRIVATE":
		return "empty"
	case "GONOPROXY", "GONOSUMDB":
		return pick("$GOPRIVATE", "the value of GOPRIVATE")
	case "GOOS":
		return "the host OS"
	case "GOARCH":
		return "the host architecture"
	}
	return ""
}

// Settings is the provenance of every Go setting.
type Settings struct {
	List []Setting
	// EnvFile is the `go env -w` file ("" when GOENV=off); EnvFileVars its
	// contents (nil when it does not exist).
	EnvFile     string
	EnvFileVars map[string]string
	EnvFileErr  error
	// GorootEnvFile is $GOROOT/go.env and GorootEnvVars its contents.
	GorootEnvFile string
	GorootEnvVars map[string]string
}

// Get returns the named setting, or nil.
func (s *Settings) Get(name string) *Setting {
	for i := range s.List {
		if s.List[i].Name == name {
			return &s.List[i]
		}
	}
	return nil
}

// Settings resolves every setting's source once.
func (f *Facts) Settings() (*Settings, error) { return f.settings() }

// ParseEnvFile reads the user's go env file (the one `go env -w` writes)
// exactly as cmd/go does (cfg.readEnvFile): lines of KEY=VALUE whose key
// starts with an upper-case letter; anything else is silently ignored; no
// trimming; a later line for a name replaces an earlier one.
func ParseEnvFile(data []byte) map[string]string { return parseEnvFile(data, false) }

// ParseGorootEnvFile reads $GOROOT/go.env as cmd/go does: the same lines
// as ParseEnvFile, but the first line for a name wins, because cmd/go
// never replaces a value it already has from that file (checked with
// go1.26.8: "GOPROXY=first\nGOPROXY=second" gives first).
func ParseGorootEnvFile(data []byte) map[string]string { return parseEnvFile(data, true) }

func parseEnvFile(data []byte, firstWins bool) map[string]string {
	vars := map[string]string{}
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		i := bytes.IndexByte(line, '=')
		if i < 0 || line[0] < 'A' || 'Z' < line[0] {
			continue
		}
		key := string(line[:i])
		if _, seen := vars[key]; seen && firstWins {
			continue
		}
		vars[key] = string(line[i+1:])
	}
	return vars
}

func (f *Facts) loadSettings() (*Settings, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return nil, err
	}
	s := &Settings{EnvFile: ge.Get("GOENV")}
	if s.EnvFile == "off" {
		s.EnvFile = ""
	}
	if s.EnvFile != "" {
		data, err := f.ReadFile(s.EnvFile)
		switch {
		case err == nil:
			s.EnvFileVars = ParseEnvFile(data)
		case !IsNotExist(err):
			s.EnvFileErr = err
		}
	}
	if goroot := ge.Get("GOROOT"); goroot != "" {
		s.GorootEnvFile = f.JoinPath(goroot, "go.env")
		if data, err := f.ReadFile(s.GorootEnvFile); err == nil {
			s.GorootEnvVars = ParseGorootEnvFile(data)
		}
	}
	for _, name := range SettingNames {
		s.List = append(s.List, f.resolveSetting(name, ge, s))
	}
	return s, nil
}

// resolveSetting applies cmd/go's precedence. The effective value is what
// `go env` printed, except GOTOOLCHAIN: godx runs go env with
// GOTOOLCHAIN=local (so looking never downloads), so it resolves that one
// itself from the same sources.
func (f *Facts) resolveSetting(name string, ge *GoEnv, s *Settings) Setting {
	var defs []Definition
	if v, ok := f.LookupEnv(name); ok && v != "" {
		defs = append(defs, Definition{Source: FromEnvironment, Value: v})
	}
	if v, ok := s.EnvFileVars[name]; ok && name != "GOENV" {
		defs = append(defs, Definition{Source: FromEnvFile, Origin: s.EnvFile, Value: v})
	}
	if v, ok := s.GorootEnvVars[name]; ok && name != "GOROOT" {
		defs = append(defs, Definition{Source: FromGorootEnv, Origin: s.GorootEnvFile, Value: v})
	}
	st := Setting{Name: name, Value: ge.Get(name)}
	if len(defs) > 0 {
		st.Definition = defs[0]
		st.Overridden = defs[1:]
	} else {
		st.Definition = Definition{Source: FromDefault}
		st.Note = DefaultNote(f.GOOS(), name)
	}
	switch name {
	case "GOTOOLCHAIN":
		// toolchain.Select: an empty GOTOOLCHAIN (a go.env without the
		// line) means no switching at all.
		st.Value = st.Definition.Value
	case "GOMOD":
		st.Definition = Definition{Source: FromDefault}
		switch st.Value {
		case "":
			st.Note = "modules are off (GO111MODULE=off)"
		case devNull(f.GOOS()):
			st.Note = "module mode, but no go.mod in this directory or any parent"
		default:
			st.Note = "found by searching up from " + f.Dir
		}
	case "GOWORK":
		if st.Source == FromDefault && st.Value != "" {
			st.Note = "found by searching up from " + f.Dir
		}
	case "CGO_ENABLED":
		if st.Source == FromDefault {
			st.Note = "1 when a C compiler is found on PATH and not cross-compiling"
			if st.Value == "0" {
				st.Note = "0 because no C compiler (" + firstWord(ge.Get("CC")) + ") was found on PATH, or cross-compiling"
			}
		}
	case "GOVERSION":
		st.Definition = Definition{Source: FromDefault}
		st.Note = "version of the go command on PATH (" + ge.Go.Path + ")"
	}
	if st.Source == FromDefault {
		st.Definition.Value = st.Value
	}
	return st
}

// DevNull is what `go env GOMOD` prints in module mode outside any module.
func (f *Facts) DevNull() string { return devNull(f.GOOS()) }

// DevNullFor is the null device name on goos.
func DevNullFor(goos string) string { return devNull(goos) }

func devNull(goos string) string {
	if goos == "windows" {
		return "NUL"
	}
	return "/dev/null"
}

func firstWord(s string) string {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}

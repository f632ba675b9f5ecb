// Package bugreport gathers what a Go bug report needs beyond `go env`
// (golang/go's proposal for `go env -bug-report`: "-changed isn't good
// enough, the defaults depend on how go was built"): how the go command
// and the compiler were built, every Go setting with its source, the
// Go-related environment, tool versions with the Go that built them, the
// editor's Go settings, the OS and its emulation facts, and the doctor's
// report. Redact makes the whole bundle safe to paste into a public issue.
package bugreport

import (
	"bytes"
	"encoding/json"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/buildversion"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/redact"
	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/toolversion"
)

// Schema names the JSON document.
const Schema = "godx.bugreport/v1"

// Bundle is one bug report.
type Bundle struct {
	Schema string            `json:"schema"`
	Godx   buildversion.Info `json:"godx"`
	System System            `json:"system"`
	// GoBuild is how the go command and the compiler were built.
	GoBuild []Binary `json:"go_build"`
	// Env is the `godx env --json` document (every Go setting and its
	// source); EnvText, for the Markdown only, is the same as `godx env`
	// prints it, laid out after redaction.
	Env     json.RawMessage `json:"env,omitempty"`
	EnvText string          `json:"-"`
	// Variables are the environment variables on the Go allowlist.
	Variables Variables      `json:"variables"`
	Netrc     Netrc          `json:"netrc"`
	Tools     []Tool         `json:"tools"`
	Editor    []Editor       `json:"editor"`
	Doctor    *report.Report `json:"doctor"`
}

// System is the OS, architecture and emulation facts.
type System struct {
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	// NativeArch is the machine's own CPU when the OS can tell it
	// (macOS, Windows); Translated means godx runs emulated (Rosetta 2,
	// x64 on Arm).
	NativeArch string `json:"native_arch,omitempty"`
	Translated bool   `json:"translated,omitempty"`
	// WSL is 1 or 2 inside the Windows Subsystem for Linux.
	WSL       int    `json:"wsl,omitempty"`
	WSLDistro string `json:"wsl_distro,omitempty"`
	Kernel    string `json:"kernel,omitempty"`
}

// Binary is the build information of one Go executable.
type Binary struct {
	Name      string     `json:"name"` // "go", "compile"
	Path      string     `json:"path"`
	GoVersion string     `json:"go_version,omitempty"`
	Package   string     `json:"package,omitempty"`
	Settings  []KeyValue `json:"settings,omitempty"` // -buildmode, CGO_ENABLED, GOAMD64, vcs, ...
	Error     string     `json:"error,omitempty"`
}

// KeyValue is one named value.
type KeyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Variables are the environment's Go variables; the values of all others
// are left out (Omitted counts them).
type Variables struct {
	Go      []KeyValue `json:"go"`
	Omitted int        `json:"omitted"`
}

// Netrc says whether the go command finds a .netrc (credentials for
// private modules); its content never enters the report.
type Netrc struct {
	Path     string `json:"path,omitempty"`
	Exists   bool   `json:"exists"`
	Machines int    `json:"machines,omitempty"`
}

// Tool is one installed Go tool.
type Tool struct {
	Name      string `json:"name"`
	Path      string `json:"path,omitempty"`
	Found     string `json:"found"`
	Module    string `json:"module,omitempty"`
	Version   string `json:"version,omitempty"`
	BuiltWith string `json:"built_with,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Editor is one VS Code settings file: its Go settings with their values
// (as JSON), the others only counted.
type Editor struct {
	Path     string     `json:"path"`
	Scope    string     `json:"scope"`
	Product  string     `json:"product,omitempty"`
	Settings []KeyValue `json:"go_settings"`
	Omitted  int        `json:"other_settings_omitted"`
	Error    string     `json:"error,omitempty"`
}

// Tools are the tools whose versions a report lists.
var Tools = []string{"gopls", "dlv", "staticcheck", "golangci-lint"}

// extraVariables are variables on the allowlist besides those `go env`
// reports and the settings godx tracks: where the go command and its
// tools look (PATH, HOME, XDG folders), runtime knobs, and WSL's markers.
var extraVariables = []string{
	"PATH", "Path", "HOME", "USERPROFILE", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME",
	"LOCALAPPDATA", "APPDATA", "SHELL", "NETRC", "GOGC", "GOMAXPROCS", "GOMEMLIMIT", "GOTRACEBACK",
	"GORACE", "GOCOVERDIR", "GOFIPS140", "GOROOT_FINAL", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS",
	"CGO_LDFLAGS", "CGO_FFLAGS", "PKG_CONFIG", "AR", "FC", "WSL_DISTRO_NAME", "WSLENV",
}

// Collect fills everything but Env, EnvText and Doctor from the facts of a
// finished doctor run (their commands are done; files are read now).
func Collect(f *facts.Facts) *Bundle {
	b := &Bundle{Schema: Schema, Godx: buildversion.Get(), Tools: []Tool{}, Editor: []Editor{}}
	b.System = System{GOOS: f.GOOS(), GOARCH: f.GOARCH()}
	if cpu, err := f.NativeCPU(); err == nil {
		b.System.NativeArch, b.System.Translated = cpu.Arch, cpu.Translated
	}
	if w := f.WSL(); w.Version > 0 {
		b.System.WSL, b.System.WSLDistro, b.System.Kernel = w.Version, w.Distro, w.Kernel
	}
	ge, err := f.GoEnv()
	if err == nil {
		for _, bin := range []struct{ name, dir string }{{"go", f.JoinPath(ge.Get("GOROOT"), "bin")}, {"compile", ge.Get("GOTOOLDIR")}} {
			if bin.dir != "" {
				b.GoBuild = append(b.GoBuild, binaryOf(f, bin.name, f.JoinPath(bin.dir, f.ExeName(bin.name))))
			}
		}
	}
	b.Variables = variables(f, ge)
	b.Netrc = netrc(f)
	for _, name := range Tools {
		relevant, _ := toolversion.Candidates(f, name)
		for _, t := range relevant {
			tool := Tool{Name: name, Path: t.Path, Found: toolversion.Found(t), BuiltWith: t.BuiltWith(), Module: t.ModulePath(), Version: t.ModuleVersion()}
			if t.IsDirective() {
				tool.Module, tool.Version = t.ToolModule, t.ToolVersion
			}
			if t.Err != nil {
				tool.Error = t.Err.Error()
			}
			b.Tools = append(b.Tools, tool)
		}
	}
	for _, file := range f.VSCodeSettings() {
		b.Editor = append(b.Editor, editorOf(file))
	}
	return b
}

func binaryOf(f *facts.Facts, name, p string) Binary {
	bin := Binary{Name: name, Path: p}
	bi, err := f.ReadBuildInfo(p)
	if err != nil {
		bin.Error = err.Error()
		return bin
	}
	bin.GoVersion, bin.Package = bi.GoVersion, bi.Path
	for _, s := range bi.Settings {
		bin.Settings = append(bin.Settings, KeyValue{s.Key, s.Value})
	}
	return bin
}

// variables keeps the allowlisted variables of the environment, sorted.
func variables(f *facts.Facts, ge *facts.GoEnv) Variables {
	allow := map[string]bool{}
	for _, n := range append(slices.Clone(facts.SettingNames), extraVariables...) {
		allow[n] = true
	}
	if ge != nil {
		for n := range ge.Vars {
			allow[n] = true
		}
	}
	v := Variables{Go: []KeyValue{}}
	for _, kv := range f.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		if name == "" {
			continue // Windows' "=C:=C:\..." entries
		}
		if allow[name] {
			v.Go = append(v.Go, KeyValue{name, value})
		} else {
			v.Omitted++
		}
	}
	slices.SortFunc(v.Go, func(a, b KeyValue) int { return strings.Compare(a.Key, b.Key) })
	return v
}

// netrc is where the go command reads credentials from ($NETRC, else
// ~/.netrc, or ~/_netrc on Windows) and how many machines it lists.
func netrc(f *facts.Facts) Netrc {
	p, _ := f.LookupEnv("NETRC")
	if p == "" {
		home := f.UserHomeDir()
		if home == "" {
			return Netrc{}
		}
		name := ".netrc"
		if f.GOOS() == "windows" {
			name = "_netrc"
		}
		p = f.JoinPath(home, name)
	}
	n := Netrc{Path: p}
	data, err := f.ReadFile(p)
	if err != nil {
		return n
	}
	n.Exists = true
	fields := strings.Fields(string(data))
	for _, w := range fields {
		if w == "machine" || w == "default" {
			n.Machines++
		}
	}
	return n
}

// goSetting reports whether a VS Code settings key is about Go: the Go
// extension's go.* settings, gopls's, and the [go], [go.mod], [go.work]
// and [gotmpl] language blocks.
func goSetting(key string) bool {
	return strings.HasPrefix(key, "go.") || strings.HasPrefix(key, "gopls") || strings.HasPrefix(key, "[go")
}

func editorOf(file *facts.VSCodeFile) Editor {
	e := Editor{Path: file.Path, Scope: file.Scope, Product: file.Product, Settings: []KeyValue{}}
	if file.Err != nil {
		e.Error = file.Err.Error()
		return e
	}
	keys := make([]string, 0, len(file.Values))
	for k := range file.Values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !goSetting(k) {
			e.Omitted++
			continue
		}
		var buf bytes.Buffer
		if json.Compact(&buf, file.Values[k]) != nil {
			buf.Reset()
			buf.Write(file.Values[k])
		}
		e.Settings = append(e.Settings, KeyValue{k, buf.String()})
	}
	return e
}

// Redact returns the bundle as a JSON document in which every string has
// been through id (credentials hidden, home → ~, user and host names
// replaced), member order kept.
func Redact(b *Bundle, id *redact.Identity) ([]byte, error) {
	data, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	return id.JSON(data)
}

// Decode reads a (redacted) document back into a Bundle for rendering.
func Decode(data []byte) (*Bundle, error) {
	var b Bundle
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, err
	}
	if b.Doctor != nil {
		b.Doctor.Duration = msDuration(b.Doctor.DurationMS)
		for i := range b.Doctor.Checks {
			b.Doctor.Checks[i].Duration = msDuration(b.Doctor.Checks[i].DurationMS)
		}
	}
	return &b, nil
}

// Names of the person and machine, for redact.NewIdentity: the user
// variables and the home folder's last element.
func UserNames(f *facts.Facts) []string {
	var names []string
	for _, v := range []string{"USER", "LOGNAME", "USERNAME"} {
		if s, ok := f.LookupEnv(v); ok && s != "" {
			names = append(names, s)
		}
	}
	if home := f.UserHomeDir(); home != "" {
		names = append(names, path.Base(strings.ReplaceAll(home, `\`, "/")))
	}
	return names
}

func msDuration(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }

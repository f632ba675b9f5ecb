// Package contexts finds the environments Go runs under on this machine —
// godx's own shell, what a new login terminal would get, each running
// editor, its gopls and dlv, VS Code with its Go settings applied, each
// launch.json configuration, and the Windows side of WSL — and compares
// the Go settings each one resolves.
//
// A context's environment is held in memory only: environments hold
// secrets, so nothing here writes one to disk, and Visible decides what
// may be shown (Go settings and PATH; other variables by name at most).
package contexts

import (
	"slices"
	"sort"
	"strings"

	"github.com/godx-dev/godx/internal/redact"
)

// Kind is what a context stands for.
type Kind string

const (
	KindShell   Kind = "shell"   // godx's own process
	KindLogin   Kind = "login"   // a new login terminal
	KindEditor  Kind = "editor"  // a running editor process
	KindTool    Kind = "tool"    // a running gopls or dlv
	KindVSCode  Kind = "vscode"  // VS Code's Go settings applied to the editor's environment
	KindLaunch  Kind = "launch"  // a launch.json configuration
	KindWindows Kind = "windows" // the Windows side, seen from WSL
)

// Context is one environment Go runs under.
type Context struct {
	// Name is how the user names it: "shell", "login", "code@4000",
	// "gopls@4121", "vscode", "launch:Debug server", "windows".
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Program is what runs there, for people: "VS Code", "gopls",
	// "your login shell (zsh)".
	Program string `json:"program"`
	PID     int    `json:"pid,omitempty"`
	// Owner is the editor a gopls or dlv belongs to ("VS Code (pid 4000)"),
	// or the context an override context builds on.
	Owner string `json:"owner,omitempty"`
	// Dir is the working directory ("" when unknown).
	Dir string `json:"dir,omitempty"`
	// Overrides lists what an editor context applies on top of the
	// process environment, each with where it comes from.
	Overrides []string `json:"overrides,omitempty"`
	// Err says why the context could not be read; Env is then nil.
	Err error `json:"-"`
	// Env is the full environment, in memory only (never serialised).
	Env []string `json:"-"`
}

// GoVars are the environment variables godx shows and compares: the ones
// that change which Go runs and how it builds. PATH is shown too.
var GoVars = []string{
	"GOROOT", "GOPATH", "GOBIN", "GOFLAGS", "GOTOOLCHAIN", "GOWORK", "GO111MODULE",
	"GOPROXY", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOENV",
	"GOOS", "GOARCH", "GOEXPERIMENT", "GODEBUG", "GOMODCACHE", "GOCACHE",
	"CGO_ENABLED", "CC", "CXX", "CGO_CFLAGS", "CGO_LDFLAGS",
}

// Shown reports whether a variable's value may be printed: Go settings
// and PATH. Every other value may hold a secret (tokens, passwords).
func Shown(name string) bool {
	up := strings.ToUpper(name)
	return up == "PATH" || slices.Contains(GoVars, up)
}

// Var is a variable as it may be shown.
type Var struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Visible is what of env may be printed: the Go settings and PATH (with
// URL passwords hidden, as GOPROXY can carry them), sorted by name; and
// how many other variables were hidden, with their names only when
// showNames is set.
func Visible(env []string, showNames bool) (shown []Var, hidden int, names []string) {
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			continue
		}
		if Shown(k) {
			shown = append(shown, Var{Name: k, Value: redact.Passwords(v)})
			continue
		}
		hidden++
		if showNames {
			names = append(names, k)
		}
	}
	sort.Slice(shown, func(i, j int) bool { return shown[i].Name < shown[j].Name })
	sort.Strings(names)
	return shown, hidden, names
}

// Lookup is env's value of key, first definition winning (as getenv).
// Windows names are matched without case.
func Lookup(env []string, key string, windows bool) (string, bool) {
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if ok && (k == key || windows && strings.EqualFold(k, key)) {
			return v, true
		}
	}
	return "", false
}

// Set returns env with key set to value (replacing every definition).
func Set(env []string, key, value string, windows bool) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if k == key || windows && strings.EqualFold(k, key) {
			continue
		}
		out = append(out, kv)
	}
	return append(out, key+"="+value)
}

package toolchain

import (
	"errors"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// Env is the go command godx drives and what `go env` says about it.
type Env struct {
	Facts *facts.Facts
	// Go is the go command on PATH; it runs every download and query.
	Go string
	// Vars is `go env -json` (run with GOTOOLCHAIN=local).
	Vars map[string]string
}

// ErrNoGo means there is no go command to download toolchains with.
var ErrNoGo = errors.New(`no go command on PATH: godx toolchain downloads and verifies toolchains with the go command, so it needs one Go installed first.
Install Go once from https://go.dev/dl/ (the installer, or the archive unpacked into a new directory with its bin directory added to PATH),
open a new terminal, then run "godx toolchain install VERSION" for every other version`)

// noGoError is ErrNoGo, unless a Go is installed in one of the usual
// places (or in ~/sdk) and only missing from PATH: then it says where.
func noGoError(fx *facts.Facts) error {
	e := &Env{Facts: fx}
	dirs := e.installDirs()
	sdk := fx.JoinPath(e.home(), "sdk")
	if entries, err := fx.OS.ReadDir(sdk); err == nil && e.home() != "" {
		for _, d := range entries {
			if d.IsDir() && strings.HasPrefix(d.Name(), "go") {
				dirs = append(dirs, fx.JoinPath(sdk, d.Name()))
			}
		}
	}
	for _, dir := range dirs {
		if name, ok := e.gorootRelease(dir); ok {
			return &notOnPathError{fmt.Sprintf("no go command on PATH, but %s is installed in %s: add %s to PATH (and open a new terminal); "+
				"godx toolchain uses that go command to download and verify every other version", name, dir, fx.JoinPath(dir, "bin"))}
		}
	}
	return ErrNoGo
}

// notOnPathError is ErrNoGo with the Go found off PATH.
type notOnPathError struct{ msg string }

func (e *notOnPathError) Error() string { return e.msg }
func (e *notOnPathError) Unwrap() error { return ErrNoGo }

// NewEnv finds the go command and reads its environment.
func NewEnv(fx *facts.Facts) (*Env, error) {
	ge, err := fx.GoEnv()
	if errors.Is(err, facts.ErrNoGo) {
		return nil, noGoError(fx)
	}
	if err != nil {
		return nil, fmt.Errorf("%v (run `godx doctor` for a diagnosis)", err)
	}
	return &Env{Facts: fx, Go: ge.Go.Path, Vars: ge.Vars}, nil
}

// Get returns one `go env` variable.
func (e *Env) Get(key string) string { return e.Vars[key] }

// GOOS and GOARCH of the toolchains to install: the go command's host
// platform, which is what GOTOOLCHAIN switching downloads.
func (e *Env) GOOS() string   { return e.Get("GOHOSTOS") }
func (e *Env) GOARCH() string { return e.Get("GOHOSTARCH") }

// ModVersion is the module version of release name for this host.
func (e *Env) ModVersion(name string) (string, error) {
	return ModVersion(name, e.GOOS(), e.GOARCH())
}

// ModCache is GOMODCACHE.
func (e *Env) ModCache() string { return e.Get("GOMODCACHE") }

// Dir is where the module cache keeps the unpacked toolchain modVer.
func (e *Env) Dir(modVer string) string {
	return e.Facts.JoinPath(e.ModCache(), "golang.org", "toolchain@"+modVer)
}

// DownloadFile is one of the module cache's files for modVer: ext is
// "zip", "ziphash", "info", "mod", "lock" or "partial".
func (e *Env) DownloadFile(modVer, ext string) string {
	return e.Facts.JoinPath(e.ModCache(), "cache", "download", "golang.org", "toolchain", "@v", modVer+"."+ext)
}

// SumDBName is the checksum database's name (the first word of GOSUMDB,
// without its key), or "" when GOSUMDB=off.
func (e *Env) SumDBName() string {
	v := strings.Fields(e.Get("GOSUMDB"))
	if len(v) == 0 || v[0] == "off" {
		return ""
	}
	name, _, _ := strings.Cut(v[0], "+")
	return name
}

// FileProxyOnly reports GOPROXY set to one file:// URL, the one case in
// which the go command does not consult the checksum database for
// toolchains (it is meant for testing a locally built distribution).
func (e *Env) FileProxyOnly() bool {
	p := e.Get("GOPROXY")
	return strings.HasPrefix(p, "file://") && !strings.ContainsAny(p, ",|")
}

// Environ is the environment for the go commands godx runs: the user's,
// with toolchain switching off (godx runs the go command on PATH, never
// another one), module mode on, no workspace, and GOFLAGS without -mod
// flags (the commands run outside any module).
func (e *Env) Environ() []string {
	var flags []string
	for _, fl := range strings.Fields(e.Get("GOFLAGS")) {
		if strings.HasPrefix(fl, "-mod=") || strings.HasPrefix(fl, "--mod=") {
			continue
		}
		flags = append(flags, fl)
	}
	set := map[string]string{
		"GOTOOLCHAIN": "local",
		"GO111MODULE": "on",
		"GOWORK":      "off",
		"GOFLAGS":     strings.Join(flags, " "),
	}
	windows := e.Facts.GOOS() == "windows"
	var env []string
	for _, kv := range e.Facts.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if windows {
			k = strings.ToUpper(k)
		}
		if _, ok := set[k]; ok {
			continue
		}
		env = append(env, kv)
	}
	for _, k := range []string{"GOTOOLCHAIN", "GO111MODULE", "GOWORK", "GOFLAGS"} {
		env = append(env, k+"="+set[k])
	}
	return env
}

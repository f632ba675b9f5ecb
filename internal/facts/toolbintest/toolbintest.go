// Package toolbintest builds real Go executables for tests whose embedded
// build information (debug/buildinfo) says what a scenario needs: the main
// module path and version of a tool, the Go that built it, its GOOS/GOARCH.
//
//	p := toolbintest.Build(t, "golang.org/x/tools/gopls", "v0.20.0", "go1.21.0")
//	// p is <t.TempDir()>/gopls; debug/buildinfo says main module
//	// golang.org/x/tools/gopls v0.20.0, built with go1.21.0.
//
// How: a tiny `func main() {}` module named modulePath is built with the
// local go command (GOTOOLCHAIN=local; the one that built the test binary).
// A real version ("v0.20.0") comes from `go install module/pkg@version`
// through a throw-away file:// GOPROXY (no network); version "" or
// "(devel)" is a plain local `go build`, which buildinfo reports as
// "(devel)". An older build Go is simulated by rewriting the Go version
// string inside the binary's build-info blob (it must not be longer than
// the local one: go1.26.8 -> go1.21.0 or go1.18). Nothing is downloaded.
//
// Builds are slow on small machines, so each distinct binary is built once
// per test process and kept in memory; every call writes a fresh copy.
package toolbintest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/godx-dev/godx/internal/wintest/wine"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// Option changes what Build makes.
type Option func(*spec)

type spec struct {
	pkg        string // package directory inside the module ("cmd/dlv"); "" = module root
	goos       string
	goarch     string
	noSettings bool
	notGo      bool
	dir        string
	name       string
}

// Package puts the main package in a subdirectory of the module, e.g.
// Package("cmd/dlv") for module github.com/go-delve/delve; buildinfo's Path
// becomes module + "/cmd/dlv" and the binary is named "dlv".
func Package(subdir string) Option { return func(s *spec) { s.pkg = strings.Trim(subdir, "/") } }

// Target cross-compiles for goos/goarch (e.g. "linux", "arm64" for a
// binary built for the wrong architecture). Windows targets get ".exe".
func Target(goos, goarch string) Option {
	return func(s *spec) { s.goos, s.goarch = goos, goarch }
}

// NoSettings removes the build settings (GOOS, GOARCH, -compiler, ...)
// from the build information, as in binaries built before Go 1.18.
func NoSettings() Option { return func(s *spec) { s.noSettings = true } }

// NotGo destroys the build-info blob so the file is a valid executable
// that debug/buildinfo says is "not a Go executable".
func NotGo() Option { return func(s *spec) { s.notGo = true } }

// Into writes the binary into dir (created if needed) instead of a new
// t.TempDir(), e.g. a test's GOBIN.
func Into(dir string) Option { return func(s *spec) { s.dir = dir } }

// Name sets the file name (default: the command name of the package, as
// `go install` names it; ".exe" is added for Windows targets).
func Name(name string) Option { return func(s *spec) { s.name = name } }

// Build writes a Go executable whose build information says main module
// modulePath at version (""/"(devel)" for a local build), built with
// goVersion ("" = the local go's version; otherwise no longer than it), and
// returns its path. It fails the test if the build fails and skips it when
// no go command is available.
func Build(t testing.TB, modulePath, version, goVersion string, opts ...Option) string {
	t.Helper()
	s := &spec{}
	for _, o := range opts {
		o(s)
	}
	data := bytesFor(t, modulePath, version, goVersion, s)
	dir := s.dir
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, fileName(modulePath, s))
	if err := os.WriteFile(p, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// Bytes is Build's executable as bytes, for in-memory fakes
// (factstest.OS.AddFile(path, string(b), 0o755)).
func Bytes(t testing.TB, modulePath, version, goVersion string, opts ...Option) []byte {
	t.Helper()
	s := &spec{}
	for _, o := range opts {
		o(s)
	}
	return bytesFor(t, modulePath, version, goVersion, s)
}

// LocalGoVersion is the version of the go command Build uses ("go1.26.8").
func LocalGoVersion(t testing.TB) string {
	t.Helper()
	tc := toolchain(t)
	return tc.version
}

func fileName(modulePath string, s *spec) string {
	name := s.name
	if name == "" {
		name = commandName(path.Join(modulePath, s.pkg))
	}
	if s.goos == "windows" && !strings.HasSuffix(name, ".exe") {
		name += ".exe"
	}
	return name
}

// commandName mirrors cmd/go: the last path element, or the one before a
// major version suffix.
func commandName(pkg string) string {
	dir, elem := path.Split(pkg)
	if dir != "" && len(elem) >= 2 && elem[0] == 'v' && elem[1] != '0' && !(elem[1] == '1' && len(elem) == 2) && strings.Trim(elem[1:], "0123456789") == "" {
		_, elem = path.Split(strings.TrimSuffix(dir, "/"))
	}
	return elem
}

// --- the local go command, found once ------------------------------------

// initEnv is the environment before any test changed it (t.Setenv of HOME,
// PATH or GOFLAGS must not change how binaries are built).
var initEnv = os.Environ()

type goToolchain struct {
	gobin, version, gocache string
	err                     error
}

var (
	tcOnce sync.Once
	tc     goToolchain
)

func toolchain(t testing.TB) goToolchain {
	t.Helper()
	tcOnce.Do(func() {
		var candidates []string
		// go test puts the go command that runs it first on PATH.
		if p, err := exec.LookPath("go"); err == nil {
			candidates = append(candidates, p)
		}
		tc.err = fmt.Errorf("no go command found")
		for _, c := range candidates {
			cmd := exec.Command(c, "env", "GOVERSION", "GOCACHE")
			cmd.Env = append(baseEnv(), "GOTOOLCHAIN=local", "GOFLAGS=")
			out, err := cmd.Output()
			if err != nil {
				continue
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "go1") {
				continue
			}
			tc = goToolchain{gobin: c, version: strings.TrimSpace(lines[0]), gocache: strings.TrimSpace(lines[1])}
			break
		}
	})
	if tc.err != nil {
		t.Skipf("toolbintest: %v", tc.err)
	}
	return tc
}

// baseEnv is initEnv without the variables that would change a build.
func baseEnv() []string {
	var env []string
	for _, kv := range initEnv {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "GOFLAGS", "GOTOOLCHAIN", "GOOS", "GOARCH", "GOBIN", "GOPATH", "GOMODCACHE",
			"GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOWORK", "GO111MODULE",
			"GOENV", "CGO_ENABLED", "GOEXPERIMENT":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOENV=off", "GOWORK=off", "GO111MODULE=on", "CGO_ENABLED=0")
}

// --- building, once per distinct binary --------------------------------------

var (
	cacheMu sync.Mutex
	cache   = map[string]func() ([]byte, error){}
	buildMu sync.Mutex // one go build at a time: small CI machines
)

// wineBroken holds the first build failure that showed this go command
// runs under Wine 8, where it cannot build (see internal/wintest/wine).
var wineBroken atomic.Pointer[string]

func bytesFor(t testing.TB, modulePath, version, goVersion string, s *spec) []byte {
	t.Helper()
	tc := toolchain(t)
	if version == "(devel)" {
		version = ""
	}
	if version != "" && !strings.HasPrefix(version, "v") {
		t.Fatalf("toolbintest: version %q must be a semantic version like v0.20.0", version)
	}
	if err := module.CheckPath(modulePath); err != nil {
		t.Fatalf("toolbintest: %v", err)
	}
	if goVersion != "" && len(goVersion) > len(tc.version) {
		t.Fatalf("toolbintest: cannot record Go version %q: the local go is %s and the new version must not be longer", goVersion, tc.version)
	}
	buildKey := fmt.Sprintf("%s@%s pkg=%s %s/%s", modulePath, version, s.pkg, s.goos, s.goarch)
	cacheMu.Lock()
	fn, ok := cache[buildKey]
	if !ok {
		fn = sync.OnceValues(func() ([]byte, error) {
			buildMu.Lock()
			defer buildMu.Unlock()
			return build(tc, modulePath, version, s)
		})
		cache[buildKey] = fn
	}
	cacheMu.Unlock()
	if wine.Detected() {
		// Trying would cost a slow build of the standard library first.
		t.Skip("toolbintest: the official go.exe cannot build under Wine 8 (its os.RemoveAll fails there; internal/wintest/wine)")
	}
	if msg := wineBroken.Load(); msg != nil {
		t.Skipf("toolbintest: the go command cannot build under Wine 8 (os.RemoveAll fails there): %s", *msg)
	}
	data, err := fn()
	if err != nil && wine.RemoveAllBroken(err.Error()) {
		// Every later build would fail the same way, each after a
		// slow build: skip them at once.
		msg := err.Error()
		wineBroken.Store(&msg)
		t.Skipf("toolbintest: the go command cannot build under Wine 8 (os.RemoveAll fails there): %v", err)
	}
	if err != nil {
		t.Fatalf("toolbintest: building %s@%s: %v", modulePath, version, err)
	}
	data = bytes.Clone(data)
	if goVersion != "" || s.noSettings || s.notGo {
		if err := rewrite(data, goVersion, s); err != nil {
			t.Fatalf("toolbintest: %s@%s: %v", modulePath, version, err)
		}
	}
	return data
}

func build(tc goToolchain, modulePath, version string, s *spec) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "toolbintest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	src := filepath.Join(tmp, "src")
	goMod := "module " + modulePath + "\n\ngo 1.18\n"
	mainGo := "// Command " + commandName(path.Join(modulePath, s.pkg)) + " is a stand-in built by toolbintest.\npackage main\n\nfunc main() {}\n"
	if err := os.MkdirAll(filepath.Join(src, filepath.FromSlash(s.pkg)), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte(goMod), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(s.pkg), "main.go"), []byte(mainGo), 0o644); err != nil {
		return nil, err
	}

	gopath := filepath.Join(tmp, "gopath")
	env := append(baseEnv(),
		"GOTOOLCHAIN=local", "GOFLAGS=-buildvcs=false -modcacherw", "GOCACHE="+tc.gocache,
		"GOPATH="+gopath, "GOSUMDB=off", "GONOSUMDB=*", "GOPROXY=off")
	if s.goos != "" {
		env = append(env, "GOOS="+s.goos)
	}
	if s.goarch != "" {
		env = append(env, "GOARCH="+s.goarch)
	}
	pkgPath := path.Join(modulePath, s.pkg)
	out := filepath.Join(tmp, "out")

	var cmd *exec.Cmd
	if version == "" {
		cmd = exec.Command(tc.gobin, "build", "-o", out, "./"+s.pkg)
		cmd.Dir = src
	} else {
		proxy := filepath.Join(tmp, "proxy")
		if err := writeProxy(proxy, src, modulePath, version, goMod); err != nil {
			return nil, err
		}
		proxyURL := "file://" + filepath.ToSlash(proxy)
		if !strings.HasPrefix(proxyURL, "file:///") {
			proxyURL = "file:///" + strings.TrimPrefix(proxyURL, "file://") // C:/x on Windows
		}
		env = append(env, "GOPROXY="+proxyURL)
		cmd = exec.Command(tc.gobin, "install", pkgPath+"@"+version)
		cmd.Dir = tmp
	}
	cmd.Env = env
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, msg)
	}
	if version != "" {
		// go install puts cross-compiled binaries in $GOPATH/bin/GOOS_GOARCH.
		name := commandName(pkgPath)
		goos, goarch := s.goos, s.goarch
		if goos == "" {
			goos = runtime.GOOS
		}
		if goarch == "" {
			goarch = runtime.GOARCH
		}
		if goos == "windows" {
			name += ".exe"
		}
		out = filepath.Join(gopath, "bin", name)
		if goos != runtime.GOOS || goarch != runtime.GOARCH {
			out = filepath.Join(gopath, "bin", goos+"_"+goarch, name)
		}
	}
	return os.ReadFile(out)
}

// writeProxy lays out a GOPROXY directory serving modulePath@version.
func writeProxy(proxy, src, modulePath, version, goMod string) error {
	esc, err := module.EscapePath(modulePath)
	if err != nil {
		return err
	}
	escVer, err := module.EscapeVersion(version)
	if err != nil {
		return err
	}
	dir := filepath.Join(proxy, filepath.FromSlash(esc), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string]string{
		"list":           version + "\n",
		escVer + ".info": `{"Version":"` + version + `","Time":"2026-01-01T00:00:00Z"}` + "\n",
		escVer + ".mod":  goMod,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			return err
		}
	}
	zf, err := os.Create(filepath.Join(dir, escVer+".zip"))
	if err != nil {
		return err
	}
	if err := modzip.CreateFromDir(zf, module.Version{Path: modulePath, Version: version}, src); err != nil {
		zf.Close()
		return err
	}
	return zf.Close()
}

// --- rewriting the build-info blob ------------------------------------------

var magic = []byte("\xff Go buildinf:")

// rewrite edits the Go 1.18+ build-info blob in place: header (32 bytes),
// then varint-length-prefixed version and modinfo strings.
func rewrite(data []byte, goVersion string, s *spec) error {
	at := bytes.Index(data, magic)
	if at < 0 {
		return fmt.Errorf("no build-info blob found")
	}
	if s.notGo {
		copy(data[at:], bytes.Repeat([]byte{0}, len(magic)))
		return nil
	}
	const headerSize = 32
	if data[at+15]&0x2 == 0 {
		return fmt.Errorf("build-info blob is not in the Go 1.18+ inline format")
	}
	vAt := at + headerSize
	vLen := int(data[vAt])
	if vLen >= 0x80 {
		return fmt.Errorf("unexpected version length")
	}
	oldVersion := data[vAt+1 : vAt+1+vLen]
	modAt := vAt + 1 + vLen
	modLen, n := uvarint(data[modAt:])
	if n <= 0 || modAt+n+modLen > len(data) {
		return fmt.Errorf("unreadable modinfo length")
	}
	mod := bytes.Clone(data[modAt : modAt+n+modLen]) // length prefix + string
	if s.noSettings {
		// Hide "build\tKEY=VALUE" lines: ParseBuildInfo ignores unknown lines.
		mod = bytes.ReplaceAll(mod, []byte("\nbuild\t"), []byte("\nxuild\t"))
	}
	newVersion := oldVersion
	if goVersion != "" {
		newVersion = []byte(goVersion)
	}
	if len(newVersion) > vLen {
		//lint:ignore ST1005 Go is a proper noun
		return fmt.Errorf("Go version %q is longer than %q", newVersion, oldVersion)
	}
	end := modAt + n + modLen
	var blob []byte
	blob = append(blob, byte(len(newVersion)))
	blob = append(blob, newVersion...)
	blob = append(blob, mod...)
	for len(blob) < end-vAt {
		blob = append(blob, 0)
	}
	copy(data[vAt:end], blob)
	return nil
}

func uvarint(b []byte) (int, int) {
	var x uint64
	var s uint
	for i, c := range b {
		if i == 10 {
			return 0, -1
		}
		if c < 0x80 {
			return int(x | uint64(c)<<s), i + 1
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	return 0, 0
}

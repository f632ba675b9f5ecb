// Package toolchaintest builds a local file:// GOPROXY holding small fake
// golang.org/toolchain modules, so that installs, listing, removal and
// verification run offline against the real go command: with GOPROXY set
// to a single file:// URL the go command does not consult the checksum
// database for toolchains (and GOSUMDB=off keeps it from trying).
package toolchaintest

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

// Files is the content of a fake toolchain: a few files in a real
// toolchain's layout, with bin/go a shell script that answers `go version`.
func Files(name, goos, goarch string) map[string]string {
	return map[string]string{
		"VERSION":                  name + "\ntime 2026-01-01T00:00:00Z\n",
		"LICENSE":                  "fake license\n",
		"README.md":                "# fake Go " + name + "\n",
		"go.env":                   "GOTOOLCHAIN=auto\n",
		"bin/go":                   "#!/bin/sh\nif [ \"$1\" = version ]; then echo \"go version " + name + " " + goos + "/" + goarch + "\"; exit 0; fi\necho \"fake " + name + ": $*\" >&2\nexit 3\n",
		"bin/gofmt":                "#!/bin/sh\nexit 0\n",
		"lib/time/README":          "zoneinfo\n",
		"lib/wasm/go_js_wasm_exec": "#!/bin/sh\nexit 0\n",
		"pkg/tool/" + goos + "_" + goarch + "/compile": "#!/bin/sh\nexit 0\n",
		"pkg/tool/" + goos + "_" + goarch + "/link":    "#!/bin/sh\nexit 0\n",
		"src/_go.mod":        "module std\n\ngo 1.99\n",
		"src/cmd/_go.mod":    "module cmd\n\ngo 1.99\n",
		"src/fmt/print.go":   "package fmt\n",
		"src/cmd/go/main.go": "package main\n\nfunc main() {}\n",
	}
}

// Release is one toolchain module in the proxy.
type Release struct {
	Name, GOOS, GOARCH string
	// Files overrides Files(Name, GOOS, GOARCH) when not nil.
	Files map[string]string
}

// ModVersion is the module version of r.
func (r Release) ModVersion() string { return "v0.0.1-" + r.Name + "." + r.GOOS + "-" + r.GOARCH }

// Host is release name for the machine the tests run on.
func Host(name string) Release {
	return Release{Name: name, GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
}

type memFile struct {
	path string
	data []byte
}

func (f memFile) Path() string                 { return f.path }
func (f memFile) Lstat() (fs.FileInfo, error)  { return memInfo{f}, nil }
func (f memFile) Open() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(f.data)), nil }

type memInfo struct{ f memFile }

func (i memInfo) Name() string       { return filepath.Base(i.f.path) }
func (i memInfo) Size() int64        { return int64(len(i.f.data)) }
func (i memInfo) Mode() fs.FileMode  { return 0o644 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// Zip is the module zip of r, built with golang.org/x/mod/zip.
func Zip(r Release) ([]byte, error) {
	files := r.Files
	if files == nil {
		files = Files(r.Name, r.GOOS, r.GOARCH)
	}
	var list []modzip.File
	for p, data := range files {
		list = append(list, memFile{p, []byte(data)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path() < list[j].Path() })
	var buf bytes.Buffer
	err := modzip.Create(&buf, module.Version{Path: "golang.org/toolchain", Version: r.ModVersion()}, list)
	return buf.Bytes(), err
}

// WriteProxy writes a GOPROXY directory tree with the releases into dir
// and returns its file:// URL.
func WriteProxy(dir string, releases ...Release) (string, error) {
	at := filepath.Join(dir, "golang.org", "toolchain", "@v")
	if err := os.MkdirAll(at, 0o777); err != nil {
		return "", err
	}
	var list []string
	for _, r := range releases {
		z, err := Zip(r)
		if err != nil {
			return "", err
		}
		v := r.ModVersion()
		for ext, data := range map[string][]byte{
			".zip":  z,
			".mod":  []byte("module golang.org/toolchain\n"),
			".info": []byte(fmt.Sprintf(`{"Version":%q,"Time":"2026-01-01T00:00:00Z"}`, v)),
		} {
			if err := os.WriteFile(filepath.Join(at, v+ext), data, 0o666); err != nil {
				return "", err
			}
		}
		list = append(list, v)
	}
	if err := os.WriteFile(filepath.Join(at, "list"), []byte(strings.Join(list, "\n")+"\n"), 0o666); err != nil {
		return "", err
	}
	return FileURL(dir), nil
}

// FileURL is the file:// URL of a directory.
func FileURL(dir string) string {
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // file:///C:/x
	}
	return "file://" + p
}

// Sandbox is a hermetic Go setup for one test: its own HOME, GOPATH,
// module cache, go env file and godx cache, and a file:// GOPROXY.
type Sandbox struct {
	Home, GOPATH, ModCache, Proxy, ProxyURL string
}

// Setup builds a Sandbox with the releases in its proxy and points the
// process environment at it (t.Setenv). The real go command must be on
// PATH. The module cache is made writable again when the test ends, so
// that t.TempDir can delete it.
func Setup(t testing.TB, releases ...Release) *Sandbox {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake toolchains' bin/go is a shell script")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	root := t.TempDir()
	s := &Sandbox{
		Home:   filepath.Join(root, "home"),
		GOPATH: filepath.Join(root, "gopath"),
		Proxy:  filepath.Join(root, "proxy"),
	}
	s.ModCache = filepath.Join(s.GOPATH, "pkg", "mod")
	t.Cleanup(func() { MakeWritable(s.ModCache) })
	for _, d := range []string{s.Home, s.GOPATH} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if s.ProxyURL, err = WriteProxy(s.Proxy, releases...); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"HOME":            s.Home,
		"XDG_CACHE_HOME":  filepath.Join(s.Home, ".cache"),
		"XDG_CONFIG_HOME": filepath.Join(s.Home, ".config"),
		"GOENV":           filepath.Join(s.Home, ".config", "go", "env"),
		"GOPATH":          s.GOPATH,
		"GOMODCACHE":      "",
		"GOBIN":           "",
		"GOPROXY":         s.ProxyURL,
		"GOSUMDB":         "off",
		"GOFLAGS":         "",
		"GOTOOLCHAIN":     "local",
		"GONOSUMDB":       "",
		"GOPRIVATE":       "",
		"GOROOT":          "",
	} {
		t.Setenv(k, v)
	}
	return s
}

// MakeWritable gives the owner write permission on every directory under
// dir (the module cache makes them read-only).
func MakeWritable(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
}

// Large is a fake toolchain shaped like a real one for benchmarks: the
// files of Files plus n source-like files totalling about size bytes,
// which compress about as well as a real toolchain does (to roughly 40%).
func Large(name, goos, goarch string, n, size int) Release {
	files := Files(name, goos, goarch)
	const alphabet = "abcdefghijklmnop \n\t(){};=.,"
	seed := uint64(1)
	per := size / n
	for i := range n {
		b := make([]byte, per)
		for j := range b {
			seed = seed*6364136223846793005 + 1442695040888963407
			b[j] = alphabet[(seed>>33)%uint64(len(alphabet))]
		}
		files[fmt.Sprintf("src/pkg%03d/file%04d.go", i%200, i)] = string(b)
	}
	return Release{Name: name, GOOS: goos, GOARCH: goarch, Files: files}
}

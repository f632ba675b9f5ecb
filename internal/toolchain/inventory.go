package toolchain

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
)

// Where a toolchain was found.
const (
	SourceModCache   = "module cache" // golang.org/toolchain, installed by godx or GOTOOLCHAIN switching
	SourceDL         = "golang.org/dl"
	SourcePath       = "PATH"
	SourceInstallDir = "install directory"
)

// Toolchain is one Go installation.
type Toolchain struct {
	Name string `json:"name"` // go1.22.5 (the first line of VERSION)
	Dir  string `json:"dir"`  // its GOROOT
	// Source says where godx found it.
	Source string `json:"source"`
	// ModVersion, GOOS and GOARCH are set for module cache toolchains.
	ModVersion string `json:"module_version,omitempty"`
	GOOS       string `json:"goos,omitempty"`
	GOARCH     string `json:"goarch,omitempty"`
	// Size is the bytes of its files (-1 when unknown).
	Size int64 `json:"size"`
	// Commands are the commands on PATH that run it (go, go1.22.5).
	Commands []string `json:"commands,omitempty"`
	// Active: the go command runs this toolchain in the directory asked about.
	Active bool `json:"active"`
	// Partial: the go command has not finished unpacking it.
	Partial bool `json:"partial,omitempty"`
}

// Inventory is every toolchain godx can see, and the one that runs here.
type Inventory struct {
	Schema string `json:"schema"`
	Dir    string `json:"dir"`
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	// Go is the go command on PATH.
	Go         string      `json:"go"`
	Choice     *Choice     `json:"active"`
	ChoiceErr  string      `json:"active_error,omitempty"`
	ActiveDir  string      `json:"active_dir,omitempty"`
	Toolchains []Toolchain `json:"toolchains"`
}

// List finds the installed toolchains: the module cache
// (golang.org/toolchain@…), golang.org/dl's ~/sdk/goX, the go commands on
// PATH (go and goX.Y.Z), and the usual install directories of this OS. It
// marks the one the go command runs in fx.Dir, taking GOTOOLCHAIN and the
// go.work/go.mod lines into account. Sizes come from a cache in godx's
// cache directory; a toolchain seen for the first time is measured once.
func (e *Env) List() *Inventory {
	fx := e.Facts
	inv := &Inventory{Schema: "godx.toolchains/v1", Dir: fx.Dir, GOOS: e.GOOS(), GOARCH: e.GOARCH(), Go: e.Go}
	byDir := map[string]int{}
	add := func(t Toolchain) int {
		key := e.key(t.Dir)
		if i, ok := byDir[key]; ok {
			return i
		}
		inv.Toolchains = append(inv.Toolchains, t)
		byDir[key] = len(inv.Toolchains) - 1
		return byDir[key]
	}
	goroot := func(dir, source string) int {
		name, ok := e.gorootRelease(dir)
		if !ok {
			return -1
		}
		return add(Toolchain{Name: name, Dir: dir, Source: source, Size: -1})
	}

	// 1. The module cache.
	if mc := e.ModCache(); mc != "" {
		entries, _ := fx.OS.ReadDir(fx.JoinPath(mc, "golang.org"))
		for _, d := range entries {
			v, ok := strings.CutPrefix(d.Name(), "toolchain@")
			if !ok || !d.IsDir() {
				continue
			}
			name, goos, goarch, ok := ParseModVersion(v)
			if !ok {
				continue
			}
			add(Toolchain{Name: name, Dir: e.Dir(v), Source: SourceModCache, ModVersion: v, GOOS: goos, GOARCH: goarch,
				Size: -1, Partial: fx.Exists(e.DownloadFile(v, "partial"))})
		}
	}
	// 2. golang.org/dl downloads.
	sdk := fx.JoinPath(e.home(), "sdk")
	if entries, err := fx.OS.ReadDir(sdk); err == nil {
		for _, d := range entries {
			if d.IsDir() && strings.HasPrefix(d.Name(), "go") {
				goroot(fx.JoinPath(sdk, d.Name()), SourceDL)
			}
		}
	}
	// 3. The go commands on PATH: go, and goX.Y.Z commands (golang.org/dl
	// wrappers, `godx toolchain link`, hand-made links).
	for _, p := range fx.LookPathAll("go") {
		if i := goroot(e.binRoot(p), SourcePath); i >= 0 {
			inv.Toolchains[i].Commands = appendNew(inv.Toolchains[i].Commands, p)
		}
	}
	for _, c := range e.versionCommands() {
		dir := e.binRoot(c.path)
		if _, ok := e.gorootRelease(dir); !ok {
			dir = e.linkTarget(c.path)
		}
		if _, ok := e.gorootRelease(dir); !ok {
			dir = fx.JoinPath(sdk, c.name) // a golang.org/dl wrapper
		}
		if i := goroot(dir, SourcePath); i >= 0 {
			inv.Toolchains[i].Commands = appendNew(inv.Toolchains[i].Commands, c.path)
		}
	}
	// 4. Usual install directories.
	for _, dir := range e.installDirs() {
		goroot(dir, SourceInstallDir)
	}

	e.markActive(inv)
	e.fillSizes(inv.Toolchains)
	sort.SliceStable(inv.Toolchains, func(i, j int) bool {
		a, b := inv.Toolchains[i], inv.Toolchains[j]
		if c := goversion.Compare(a.Name, b.Name); c != 0 {
			return c > 0
		}
		return a.Dir < b.Dir
	})
	return inv
}

// markActive works out the toolchain that runs in fx.Dir and where it
// comes from: the go command on PATH, a goX.Y.Z command on PATH (the go
// command looks there first), or the module cache.
func (e *Env) markActive(inv *Inventory) {
	fx := e.Facts
	value := e.gotoolchain()
	kind, goLine, tcLine, path := ModuleLines(fx)
	if e.Get("GOMOD") == "" && kind == "go.mod" {
		kind = "" // modules off: no switching
	}
	c, err := selectFile(value, e.Get("GOVERSION"), kind, goLine, tcLine, gotoolchain.ShortPath(fx, path))
	if err != nil {
		inv.ChoiceErr = err.Error()
		return
	}
	inv.Choice = &c
	switch {
	case c.Local:
		inv.ActiveDir = e.Get("GOROOT")
	default:
		if p, err := fx.LookPath(c.Name); err == nil {
			inv.ActiveDir = e.binRoot(p)
			if _, ok := e.gorootRelease(inv.ActiveDir); !ok {
				inv.ActiveDir = e.linkTarget(p)
			}
		} else if !c.PathOnly {
			if mv, err := e.ModVersion(c.Name); err == nil && e.Installed(mv) {
				inv.ActiveDir = e.Dir(mv)
			}
		}
	}
	if inv.ActiveDir == "" {
		return
	}
	key := e.key(inv.ActiveDir)
	for i := range inv.Toolchains {
		if e.key(inv.Toolchains[i].Dir) == key {
			inv.Toolchains[i].Active = true
		}
	}
}

// key identifies a directory: cleaned, symlinks resolved, case-folded
// where file systems usually ignore case.
func (e *Env) key(dir string) string {
	fx := e.Facts
	if r, err := fx.OS.EvalSymlinks(dir); err == nil {
		dir = r
	}
	dir = fx.CleanPath(dir)
	if g := fx.GOOS(); g == "windows" || g == "darwin" {
		dir = strings.ToLower(dir)
	}
	return dir
}

// gorootRelease reads a GOROOT's release from its VERSION file; ok is
// false unless dir holds a Go release with a bin/go.
func (e *Env) gorootRelease(dir string) (string, bool) {
	if dir == "" {
		return "", false
	}
	fx := e.Facts
	data, err := fx.OS.ReadFile(fx.JoinPath(dir, "VERSION"), 4096)
	if err != nil {
		return "", false
	}
	name, ok := ReleaseFromVersionFile(data)
	if !ok || !fx.Exists(fx.JoinPath(dir, "bin", fx.ExeName("go"))) {
		return "", false
	}
	return name, true
}

// binRoot is the GOROOT a go command at p belongs to: <root>/bin/go,
// after resolving symbolic links.
func (e *Env) binRoot(p string) string {
	fx := e.Facts
	if r, err := fx.OS.EvalSymlinks(p); err == nil {
		p = r
	}
	return fx.ParentDir(fx.ParentDir(p))
}

func (e *Env) home() string {
	if e.Facts.GOOS() == "windows" {
		return e.Facts.Getenv("USERPROFILE")
	}
	return e.Facts.Getenv("HOME")
}

type versionCommand struct{ name, path string }

// versionCommands lists goX.Y.Z commands on PATH, first one of each name.
func (e *Env) versionCommands() []versionCommand {
	fx := e.Facts
	seen := map[string]bool{}
	var out []versionCommand
	for _, dir := range fx.PathDirs() {
		if dir == "" || !fx.IsAbs(dir) {
			continue
		}
		entries, err := fx.OS.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, d := range entries {
			name := d.Name()
			if !strings.HasPrefix(name, "go1") {
				continue
			}
			if fx.GOOS() == "windows" {
				ext := strings.ToLower(filepath.Ext(name))
				if ext != ".exe" && ext != ".cmd" && ext != ".bat" {
					continue
				}
				name = name[:len(name)-len(ext)]
			}
			if !namePattern().MatchString(name) || seen[name] {
				continue
			}
			p := fx.JoinPath(dir, d.Name())
			if !fx.IsExecutable(p) {
				continue
			}
			seen[name] = true
			out = append(out, versionCommand{name, p})
		}
	}
	return out
}

// installDirs are the usual places Go is installed on this OS.
func (e *Env) installDirs() []string {
	fx := e.Facts
	home := e.home()
	var dirs []string
	globs := func(parent, prefix, sub string) {
		entries, err := fx.OS.ReadDir(parent)
		if err != nil {
			return
		}
		for _, d := range entries {
			if strings.HasPrefix(d.Name(), prefix) {
				dirs = append(dirs, fx.JoinPath(parent, d.Name(), sub))
			}
		}
	}
	switch fx.GOOS() {
	case "windows":
		for _, v := range []string{"ProgramFiles", "ProgramFiles(x86)"} {
			if p := fx.Getenv(v); p != "" {
				dirs = append(dirs, fx.JoinPath(p, "Go"))
			}
		}
		dirs = append(dirs, `C:\Go`)
		if home != "" {
			dirs = append(dirs, fx.JoinPath(home, "scoop", "apps", "go", "current"))
		}
	default:
		dirs = append(dirs, "/usr/local/go", "/usr/lib/go", "/usr/lib/golang", "/snap/go/current", "/opt/go")
		globs("/usr/lib", "go-", "")
		globs("/usr/local/Cellar/go", "", "libexec")
		globs("/opt/homebrew/Cellar/go", "", "libexec")
		globs("/home/linuxbrew/.linuxbrew/Cellar/go", "", "libexec")
	}
	if home != "" {
		globs(fx.JoinPath(home, ".g", "versions"), "", "")
		globs(fx.JoinPath(home, ".goenv", "versions"), "", "")
		globs(fx.JoinPath(home, ".gvm", "gos"), "go", "")
		globs(fx.JoinPath(home, ".local", "share", "mise", "installs", "go"), "", "")
		globs(fx.JoinPath(home, ".asdf", "installs", "golang"), "", "go")
		globs(fx.JoinPath(home, ".gobrew", "versions"), "", "go")
	}
	return dirs
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// sizeCache remembers tree sizes by directory, with a stamp (directory and
// VERSION modification times) that changes when the tree is replaced.
type sizeCache map[string]struct {
	Stamp string `json:"stamp"`
	Size  int64  `json:"size"`
}

const sizeCacheFile = "toolchain-sizes.json"

func (e *Env) fillSizes(ts []Toolchain) {
	fx := e.Facts
	dir, err := fx.CacheDir()
	if err != nil {
		return
	}
	file := fx.JoinPath(dir, sizeCacheFile)
	cache := sizeCache{}
	if data, err := fx.ReadFile(file); err == nil {
		json.Unmarshal(data, &cache)
	}
	changed := false
	for i := range ts {
		t := &ts[i]
		if t.Partial {
			continue
		}
		stamp := e.stamp(t.Dir)
		if c, ok := cache[t.Dir]; ok && c.Stamp == stamp {
			t.Size = c.Size
			continue
		}
		if n, err := e.treeSize(t.Dir); err == nil {
			t.Size = n
			cache[t.Dir] = struct {
				Stamp string `json:"stamp"`
				Size  int64  `json:"size"`
			}{stamp, n}
			changed = true
		}
	}
	// Forget directories that are gone.
	for d := range cache {
		if !fx.Exists(d) {
			delete(cache, d)
			changed = true
		}
	}
	if changed {
		if data, err := json.Marshal(cache); err == nil && fx.OS.MkdirAll(dir) == nil {
			fx.OS.WriteFile(file, data)
		}
	}
}

func (e *Env) stamp(dir string) string {
	fx := e.Facts
	var parts []string
	for _, p := range []string{dir, fx.JoinPath(dir, "VERSION"), fx.JoinPath(dir, "bin")} {
		if st, err := fx.OS.Stat(p); err == nil {
			parts = append(parts, strconv.FormatInt(st.ModTime().UnixNano(), 36))
		}
	}
	return strings.Join(parts, ".")
}

// treeSize adds up the sizes of the regular files under dir.
func (e *Env) treeSize(dir string) (int64, error) {
	fx := e.Facts
	entries, err := fx.OS.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, d := range entries {
		switch {
		case d.IsDir():
			s, err := e.treeSize(fx.JoinPath(dir, d.Name()))
			if err != nil {
				return 0, err
			}
			n += s
		case d.Type().IsRegular():
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
	}
	return n, nil
}

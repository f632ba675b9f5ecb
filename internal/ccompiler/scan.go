package ccompiler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
)

// Package is a package directory of the main module with cgo files for
// the target platform.
type Package struct {
	Dir        string
	ImportPath string
	CgoFiles   []string // files importing "C" that build for the target when cgo is on
	Fallback   bool     // some non-test file builds when cgo is off
}

// Scan is what a walk of the main module found.
type Scan struct {
	Root   string
	Pkgs   []Package
	Files  int    // .go files read
	Dirs   int    // directories visited
	Capped string // why the walk stopped early ("" when it finished)
}

// Packages is s.Pkgs, or nil for a nil Scan (no module was scanned).
func (s *Scan) Packages() []Package {
	if s == nil {
		return nil
	}
	return s.Pkgs
}

// Limits bound a walk, so that a huge tree cannot stall the doctor.
type Limits struct {
	Dirs, Files, Bytes int
	Time               time.Duration
}

// DefaultLimits bound the walk ModuleScan makes (a variable so that tests
// can lower it).
var DefaultLimits = Limits{Dirs: 3000, Files: 10000, Bytes: 256 << 20, Time: 2 * time.Second}

// ModuleScan is the walk of the main module (GOMOD) for the target
// GOOS/GOARCH and GOFLAGS of `go env`, made once per doctor run. It is nil
// outside a module; the error is go env's when the go command is not
// usable.
var ModuleScan = facts.NewFact("cgo packages of the main module", func(f *facts.Facts) (*Scan, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return nil, err
	}
	gomod := ge.Get("GOMOD")
	if gomod == "" || gomod == f.DevNull() {
		return nil, nil
	}
	s := ScanModule(f.Context(), f, ge, gomod, DefaultLimits)
	return &s, nil
})

// ScanModule walks the module whose go.mod is gomod, breadth first, for
// packages with files that import "C" and build for the target. Like the
// go command it skips testdata, vendor, directories starting with . or _
// and nested modules; it reads _test.go files not at all (cgo is not
// allowed in tests). It stops early at lim or when ctx ends, and says so
// in Capped.
func ScanModule(ctx context.Context, f *facts.Facts, ge *facts.GoEnv, gomod string, lim Limits) Scan {
	root := f.ParentDir(gomod)
	modPath := ""
	if m, err := f.Module(); err == nil && m != nil && m.Mod != nil && m.Mod.Module != nil {
		modPath = m.Mod.Module.Mod.Path
	} else if data, err := f.ReadFile(gomod); err == nil {
		modPath = strings.Trim(gotoolchain.GoModLookup(data, "module"), `"`)
	}
	scan := Scan{Root: root}
	files := map[string][]byte{}
	on := buildContext(ge, true, files)
	off := buildContext(ge, false, files)
	start := time.Now()
	totalBytes := 0

	type dirRel struct{ dir, rel string }
	queue := []dirRel{{root, ""}}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		switch {
		case scan.Dirs >= lim.Dirs:
			scan.Capped = fmt.Sprintf("after %d directories", lim.Dirs)
		case scan.Files >= lim.Files:
			scan.Capped = fmt.Sprintf("after %d files", lim.Files)
		case totalBytes >= lim.Bytes:
			scan.Capped = fmt.Sprintf("after %d MiB", lim.Bytes>>20)
		case time.Since(start) > lim.Time || (ctx != nil && ctx.Err() != nil):
			scan.Capped = "time limit reached"
		}
		if scan.Capped != "" {
			break
		}
		entries, err := f.OS.ReadDir(d.dir)
		if err != nil {
			continue
		}
		if d.rel != "" && hasFile(entries, "go.mod") {
			continue // a nested module is not part of the main module
		}
		scan.Dirs++
		var names []string
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() {
				if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" {
					continue
				}
				rel := name
				if d.rel != "" {
					rel = d.rel + "/" + name
				}
				queue = append(queue, dirRel{f.JoinPath(d.dir, name), rel})
				continue
			}
			if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				continue
			}
			names = append(names, name)
		}
		// Read the directory's files; parse only those that mention "C".
		clear(files)
		var cgoNames []string
		for _, name := range names {
			if scan.Files >= lim.Files {
				scan.Capped = fmt.Sprintf("after %d files", lim.Files)
				break
			}
			data, err := f.ReadFile(f.JoinPath(d.dir, name))
			if err != nil {
				continue
			}
			scan.Files++
			totalBytes += len(data)
			files[name] = data
			if importsC(name, data) {
				cgoNames = append(cgoNames, name)
			}
		}
		if len(cgoNames) == 0 {
			continue
		}
		pkg := Package{Dir: d.dir, ImportPath: modPath}
		if d.rel != "" {
			pkg.ImportPath = strings.TrimSuffix(modPath, "/") + "/" + d.rel
		}
		if modPath == "" {
			pkg.ImportPath = d.dir
		}
		isCgo := map[string]bool{}
		for _, n := range cgoNames {
			isCgo[n] = true
			if ok, err := on.MatchFile("", n); err == nil && ok {
				pkg.CgoFiles = append(pkg.CgoFiles, n)
			}
		}
		if len(pkg.CgoFiles) == 0 {
			continue // its cgo files are for other platforms
		}
		for _, n := range names {
			if _, read := files[n]; !read || isCgo[n] {
				continue
			}
			if ok, err := off.MatchFile("", n); err == nil && ok {
				pkg.Fallback = true
				break
			}
		}
		scan.Pkgs = append(scan.Pkgs, pkg)
	}
	clear(files)
	sort.Slice(scan.Pkgs, func(i, j int) bool { return scan.Pkgs[i].ImportPath < scan.Pkgs[j].ImportPath })
	return scan
}

// DescribePackages lists cgo packages for a finding's evidence: import
// path and cgo files of the first five, and how many more there are.
func DescribePackages(pkgs []Package) string {
	if len(pkgs) == 0 {
		return "none (no package of the module imports \"C\")"
	}
	var parts []string
	for i, p := range pkgs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(pkgs)-5))
			break
		}
		s := p.ImportPath + " (" + strings.Join(p.CgoFiles, ", ")
		if p.Fallback {
			s += "; has a cgo-less fallback"
		}
		parts = append(parts, s+")")
	}
	return strings.Join(parts, "; ")
}

// buildContext evaluates build constraints like the go command for the
// target, reading files from memory only.
func buildContext(ge *facts.GoEnv, cgo bool, files map[string][]byte) *build.Context {
	var release []string
	// go1.1 … go1.N, as go/build's default context for Go 1.N.
	for i := 1; i <= goversion.Minor(goversion.Local(ge.Get("GOVERSION"))); i++ {
		release = append(release, fmt.Sprintf("go1.%d", i))
	}
	return &build.Context{
		GOOS: ge.Get("GOOS"), GOARCH: ge.Get("GOARCH"), CgoEnabled: cgo, Compiler: "gc",
		BuildTags:   buildTags(ge.Get("GOFLAGS")),
		ReleaseTags: release,
		JoinPath:    func(elem ...string) string { return elem[len(elem)-1] },
		OpenFile: func(name string) (io.ReadCloser, error) {
			data, ok := files[name]
			if !ok {
				return nil, fs.ErrNotExist
			}
			return io.NopCloser(bytes.NewReader(data)), nil
		},
		ReadDir: func(string) ([]fs.FileInfo, error) { return nil, errors.New("not used") },
		IsDir:   func(string) bool { return false },
	}
}

// buildTags reads -tags from GOFLAGS.
func buildTags(goflags string) []string {
	var tags []string
	for _, fl := range strings.Fields(goflags) {
		fl = strings.TrimPrefix(strings.TrimPrefix(fl, "-"), "-")
		if v, ok := strings.CutPrefix(fl, "tags="); ok {
			tags = strings.FieldsFunc(v, func(r rune) bool { return r == ',' })
		}
	}
	return tags
}

// importsC reports whether a Go file imports "C": a byte search first,
// then the import block only.
func importsC(name string, data []byte) bool {
	if !bytes.Contains(data, []byte(`"C"`)) && !bytes.Contains(data, []byte("`C`")) {
		return false
	}
	file, _ := parser.ParseFile(token.NewFileSet(), name, data, parser.ImportsOnly)
	if file == nil {
		return false
	}
	for _, imp := range file.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == "C" {
			return true
		}
	}
	return false
}

func hasFile(entries []fs.DirEntry, name string) bool {
	for _, e := range entries {
		if e.Name() == name && !e.IsDir() {
			return true
		}
	}
	return false
}

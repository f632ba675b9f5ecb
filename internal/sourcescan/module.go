package sourcescan

import (
	"bytes"
	"path"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/textfix"
)

// tree is one tree to walk.
type tree struct {
	dir       string
	module    bool     // a module root: stop at nested modules, honour ignore directives
	vendor    bool     // walk <dir>/vendor: the build uses vendoring
	ignoreRel []string // ignore "./x" directives, normalised "/x/"
	ignoreAny []string // ignore "x" directives, normalised "/x/"
}

// moduleRoot describes a module root to walk, and returns its
// go line.
func moduleRoot(f *facts.Facts, dir, gomod string) (*tree, string) {
	data, _ := f.ReadFile(gomod)
	return rootFrom(dir, gomod, data)
}

// rootFrom reads go.mod's go line and ignore directives
// leniently (a leading BOM removed): the scan needs them even when the
// file is broken (module/gomod reports that).
func rootFrom(dir, gomod string, data []byte) (*tree, string) {
	r := &tree{dir: dir, module: true}
	m, err := modfile.ParseLax(gomod, bytes.TrimPrefix(data, []byte(textfix.BOM)), nil)
	if err != nil || m == nil {
		return r, ""
	}
	goLine := ""
	if m.Go != nil {
		goLine = m.Go.Version
	}
	for _, ig := range m.Ignore {
		p, rel := strings.CutPrefix(ig.Path, "./")
		p = normalizePath(p)
		if rel {
			r.ignoreRel = append(r.ignoreRel, p)
		} else {
			r.ignoreAny = append(r.ignoreAny, p)
		}
	}
	return r, goLine
}

// normalizePath is cmd/go's search.normalizePath: "/x/".
func normalizePath(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// goFlagsMod finds -mod=X in GOFLAGS.
func goFlagsMod(goflags string) (mode string, explicit bool) {
	for _, fl := range strings.Fields(goflags) {
		fl = strings.TrimPrefix(fl, "-")
		if v, ok := strings.CutPrefix(fl, "-mod="); ok {
			mode, explicit = v, true
		} else if v, ok := strings.CutPrefix(fl, "mod="); ok {
			mode, explicit = v, true
		}
	}
	return mode, explicit
}

// vendoring applies cmd/go's setDefaultBuildMod: vendor/ is used
// with an explicit -mod=vendor, or by default when the go line is at least
// 1.14 and vendor/modules.txt was made in the same (workspace or single
// module) mode. It returns why vendor/ is read, or "".
func vendoring(f *facts.Facts, dir, goLine string, workspace bool, mod string, explicit bool) string {
	vdir := f.JoinPath(dir, "vendor")
	st, err := f.OS.Stat(vdir)
	if err != nil || !st.IsDir() {
		return ""
	}
	if explicit {
		if mod == "vendor" {
			return "GOFLAGS has -mod=vendor"
		}
		return ""
	}
	if goLine == "" || goversion.Compare(goLine, "go1.14") < 0 {
		return ""
	}
	data, err := f.ReadFile(f.JoinPath(vdir, "modules.txt"))
	forWork := false
	if err == nil {
		line, _, _ := strings.Cut(string(data[:min(len(data), 512)]), "\n")
		if ann, ok := strings.CutPrefix(line, "## "); ok {
			for e := range strings.SplitSeq(ann, ";") {
				if strings.TrimSpace(e) == "workspace" {
					forWork = true
				}
			}
		}
	}
	if forWork != workspace {
		return ""
	}
	file := "go.mod"
	if workspace {
		file = "go.work"
	}
	return "the " + file + " go line is " + goLine + " (≥ 1.14) and vendor/ exists, so the go command builds from it"
}

// readModFile reads the first bytes of a go.mod, go.sum, go.work or
// go.work.sum and returns it when it starts with a UTF-8 BOM.
func readModFile(f *facts.Facts, p string) *File {
	fh, err := f.OS.Open(p)
	if err != nil {
		return nil
	}
	defer fh.Close()
	var head [512]byte
	n, _ := fh.ReadAt(head[:], 0)
	if !bytes.HasPrefix(head[:n], []byte(textfix.BOM)) {
		return nil
	}
	first, _, _ := bytes.Cut(head[len(textfix.BOM):n], []byte("\n"))
	return &File{
		Path: p, Rel: relPath(f, p), Kind: path.Base(strings.ReplaceAll(p, `\`, "/")),
		LeadingBOM: true, FirstLine: strings.TrimRight(string(first), "\r"), Size: int(fh.Size()),
	}
}

// relPath is how a path is shown: relative to the project directory
// when inside it.
func relPath(f *facts.Facts, p string) string {
	sep := "/"
	if f.GOOS() == "windows" {
		sep = `\`
	}
	if rel, ok := strings.CutPrefix(p, strings.TrimSuffix(f.Dir, sep)+sep); ok {
		return rel
	}
	return p
}

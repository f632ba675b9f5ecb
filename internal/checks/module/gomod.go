package module

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/buildgraph"
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goflags"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modvendor"
	"github.com/godx-dev/godx/internal/shellquote"
	"github.com/godx-dev/godx/internal/textfix"
)

// GoMod parses the go.mod and go.work in effect the way the go command
// does and reports what stops it from reading them.
var GoMod = &check.Check{
	ID:    "module/gomod",
	Title: "go.mod and go.work syntax",
	Doc: check.Doc{
		What: "Reads the go.mod of the main module (`go env GOMOD`) and the go.work in effect (`go env GOWORK`) and parses them with golang.org/x/mod/modfile, the parser the go command itself uses.",
		Why: "A go.mod or go.work the go command cannot read stops every build, test and `go mod` command in the module. " +
			"The most baffling cases are invisible in an editor: a UTF-8 byte order mark (BOM) that Windows editors such as Notepad or PowerShell 5.1 put at the start of the file, and a file saved as UTF-16.",
		How: "Error for a file that cannot be read (permission denied), info for one larger than godx reads (16 MiB, not checked), for each syntax error (with file and line), for a go.mod or go.work that starts with a BOM or is UTF-16 encoded, and for a go.mod without a module line. " +
			"Error, outside workspace and vendor mode and without -mod=mod, for a go.mod the go command would have to rewrite before it builds (`go: updates to go.mod needed`): a toolchain line it drops (equal to the go line, `default`, or older than Go 1.21), or a go line older than a direct dependency's Go 1.21+ go line (from go 1.17 on only once a package of it is imported, which the go command's own package load tells). " +
			"This check owns the BOM of these two files: source/bom reports BOMs in go.sum, go.work.sum, .go files and the go.mod of the other modules of go.work, so each problem is one finding. " +
			"A file that uses syntax newer than this parser knows, and whose go line asks for a newer Go than the go command on PATH, is left to module/toolchain. When both files parse, the module path and go line are reported.",
		Fix: "Fix the line the error names. For a BOM, `godx fix` strips exactly the first three bytes (or re-save the file as \"UTF-8\" without BOM); for UTF-16, convert the file to UTF-8 (the printed iconv or PowerShell command; not automatic). Then `go mod tidy` (or `go work use`) checks it.",
		Errors: []string{
			"go: errors parsing go.mod:\ngo.mod:1: unexpected input character '\\ufeff'",
			"go: errors parsing go.mod:\ngo.mod:1:4: unexpected input character '\\x00'",
			"go: errors parsing go.work:\ngo.work:1: unexpected input character '\\ufeff'",
			"go.mod:7: unknown directive: bogus",
			"go: error reading go.mod: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod",
			"go: open /path/to/go.mod: permission denied",
			"go: reading go.work: open go.work: permission denied",
		},
	},
	Requires: []facts.Requirement{buildgraph.Of},
	Run:      runGoMod,
}

func runGoMod(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("`go env` did not work (see go/installed)")
	}
	if ge.Get("GOMOD") == "" {
		return check.Skip("GOPATH mode: the go command reads no go.mod (see module/mode)")
	}
	m, err := f.Module()
	if err != nil {
		return check.Skip("cannot read the module: %v", err)
	}
	w, err := f.Workspace()
	if err != nil {
		return check.Skip("cannot read the workspace: %v", err)
	}
	if m == nil && w == nil {
		return check.Skip("no go.mod or go.work in effect (see module/mode)")
	}
	if m != nil && w == nil {
		// -modfile in GOFLAGS: builds read that file instead of go.mod
		// (go env GOMOD still names go.mod). A missing one is
		// module/goflags'.
		if alt, set := gomodModfile(f, ge); set {
			if alt == nil {
				return check.Skip("GOFLAGS sets -modfile to a file that cannot be read (see module/goflags)")
			}
			m = alt
		}
	}
	var seen []string
	var ev check.Evidence
	ok := true
	// In workspace mode the go command loads only the modules go.work
	// lists, and prefixes their errors with the module's directory.
	wsPrefix, listed := "", true
	if m != nil && w != nil && w.Work != nil {
		listed = false
		for _, u := range w.Work.Use {
			dir := filepath.FromSlash(u.Path)
			if !f.IsAbs(dir) {
				dir = filepath.Join(filepath.Dir(w.Path), dir)
			}
			if f.SamePath(filepath.Clean(dir), filepath.Dir(m.Path)) {
				listed = true
				wsPrefix = "cannot load module " + gotoolchain.ShortPath(f, filepath.Dir(m.Path)) + " listed in go.work file: "
			}
		}
	}
	if m != nil && listed {
		if gomodCheck(pass, ge, m, "go.mod", wsPrefix) {
			name := ""
			if m.Mod.Module != nil {
				name = m.Mod.Module.Mod.Path
			}
			if w == nil {
				if mode := gomodBuildMode(f, ge, m); mode.readonly {
					gomodToolchainDropped(pass, m, mode.dirty)
					if mode.graph {
						gomodDepsNewer(pass, ge, m, mode.dirty)
					}
				}
			}
			seen = append(seen, fmt.Sprintf("module %s, go %s", name, showEmpty(m.GoLine())))
			ev = append(ev, check.F("go.mod", m.Path), check.F("module", name), check.F("go line", m.GoLine()))
			if tc := m.ToolchainLine(); tc != "" {
				ev = append(ev, check.F("toolchain line", tc))
			}
		} else {
			ok = false
		}
	}
	if w != nil && !(w.Err != nil && facts.IsNotExist(w.Err)) { // a missing go.work is module/gowork's finding
		if gomodCheck(pass, ge, w, "go.work", "") {
			seen = append(seen, fmt.Sprintf("go.work uses %s", english.Count(len(w.Work.Use), "module", "modules")))
			ev = append(ev, check.F("go.work", w.Path), check.F("go.work go line", w.GoLine()))
		} else {
			ok = false
		}
	}
	if ok && len(seen) > 0 {
		pass.Observe(strings.Join(seen, "; "), ev...)
	}
	return nil
}

// gomodCheck reports the problems of one file; it returns true when
// the file is fine.
func gomodCheck(pass *check.Pass, ge *facts.GoEnv, mf *facts.ModFile, kind, wsPrefix string) bool {
	f := pass.Facts
	short := gotoolchain.ShortPath(f, mf.Path)
	if mf.Err == nil {
		if kind == "go.mod" && (mf.Mod == nil || mf.Mod.Module == nil) {
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("%s has no module line.", mf.Path),
				Detail: "Without a module declaration the go command cannot load the module:\n" +
					fmt.Sprintf("  go: %serror reading %s: missing module declaration. To specify the module path:\n  \tgo mod edit -module=example.com/mod", wsPrefix, short),
				Evidence: check.Evidence{check.F("file", mf.Path)},
				Position: check.At(mf.Path, 0, 0),
				Fix: &check.Fix{
					Description: "Add the module path (usually the repository path) to go.mod.",
					Commands:    []string{shellquote.Join(shellquote.ForGOOS(f.GOOS()), "go", "mod", "edit", "-module=example.com/yourmodule", mf.Path)},
				},
			})
			return false
		}
		return true
	}
	if errors.Is(mf.Err, facts.ErrTooLarge) {
		// godx's own limit, not the go command's: it reads go.mod whole,
		// so nothing is known to be wrong with the file.
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s is larger than godx reads (%d MiB), so godx did not check it.", mf.Path, facts.MaxFileSize>>20),
			Detail: "The go command reads " + kind + " whole, so a file this large is not an error in itself; godx only reads files up to " +
				fmt.Sprintf("%d MiB", facts.MaxFileSize>>20) + " and did not look inside this one. `go mod edit -json` shows what the go command makes of it.",
			Evidence: check.Evidence{check.F("file", mf.Path), check.F("error", mf.Err.Error())},
		})
		return false
	}
	var list modfile.ErrorList
	if !errors.As(mf.Err, &list) || len(list) == 0 {
		// Not a syntax error: the file could not be read.
		quoted := "go: open " + mf.Path + ": " + gomodOSError(mf.Err)
		if kind == "go.work" {
			quoted = "go: reading go.work: open " + short + ": " + gomodOSError(mf.Err)
		}
		fix := &check.Fix{Description: fmt.Sprintf("Make %s readable by your user (check its owner and permissions; it was perhaps created with sudo).", mf.Path)}
		if f.GOOS() != "windows" {
			q := shellquote.POSIX(mf.Path)
			fix.Commands = []string{"ls -l " + q, "sudo chown $(id -u):$(id -g) " + q + " && chmod u+rw " + q}
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s cannot be read: %s.", mf.Path, gomodOSError(mf.Err)),
			Detail:   "Every go command in the module needs to read " + kind + "; they all fail with\n  " + quoted,
			Evidence: check.Evidence{check.F("file", mf.Path), check.F("error", mf.Err.Error())},
			Fix:      fix,
		})
		return false
	}

	// The go command reports a "go line too new" error instead of the syntax
	// errors when the file parses leniently and asks for a newer Go: newer
	// syntax is then the toolchain's business (module/toolchain).
	if gl := gomodLaxGoLine(mf, kind); gl != "" && goversion.Compare(gl, ge.Get("GOVERSION")) > 0 {
		pass.Observe(fmt.Sprintf("%s needs go %s, newer than the go command on PATH (%s); its syntax is left to that version", kind, gl, ge.Get("GOVERSION")),
			check.F("file", mf.Path), check.F("go line", gl), check.F("parse error", mf.Err.Error()))
		return false
	}

	lines := make([]string, 0, len(list))
	for _, e := range list {
		c := e
		c.Filename = short
		lines = append(lines, c.Error())
	}
	first := list[0]
	ev := check.Evidence{check.F("file", mf.Path), check.F("line", strconv.Itoa(first.Pos.Line))}
	quoted := "  go: " + wsPrefix + "errors parsing " + short + ":\n  " + strings.Join(lines, "\n  ")
	if kind == "go.work" {
		quoted = "  go: errors parsing go.work:\n  " + strings.Join(lines, "\n  ")
	}
	data := mf.Data
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		ev = append(ev, check.F("first bytes", "EF BB BF (UTF-8 byte order mark)"))
		// module/gomod owns the BOM of the go.mod and go.work it parses
		// (source/bom leaves them alone), so it carries the automatic fix.
		fix := textfix.ToUTF8Fix(f.GOOS(), mf.Path, "Strip the byte order mark: `godx fix` removes exactly those three bytes; in an editor, save with encoding \"UTF-8\" (not \"UTF-8 with BOM\").", "")
		fix.Auto = check.EditFix(mf.Path, textfix.StripBOM)
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s starts with a UTF-8 byte order mark (BOM), which the go command cannot parse.", mf.Path),
			Position: check.At(mf.Path, 1, 1),
			Detail: "The three invisible bytes EF BB BF at the start of the file are a byte order mark, typically written by a Windows editor (Notepad, Visual Studio, PowerShell 5.1 `Out-File`/`Set-Content -Encoding UTF8`). " +
				kind + " must be plain UTF-8 without a BOM; every go command in the module fails with\n" + quoted,
			Evidence: ev,
			Fix:      fix,
		})
	case gomodUTF16(data) != "":
		ev = append(ev, check.F("encoding", gomodUTF16(data)+" (every other byte is NUL)"))
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is encoded as UTF-16, not UTF-8.", mf.Path),
			Position: check.At(mf.Path, 0, 0),
			Detail:   "The file was probably written by Windows PowerShell 5.1 (`>` or `Out-File` default to UTF-16) or saved as \"Unicode\" by an editor. The go command reads it byte by byte and fails with\n" + quoted,
			Evidence: ev,
			Fix:      textfix.ToUTF8Fix(f.GOOS(), mf.Path, "Convert the file to UTF-8 without BOM (in an editor: save with encoding \"UTF-8\").", gomodUTF16(data)),
		})
	default:
		ev = append(ev, check.F("errors", strings.Join(lines, "\n")))
		summary := fmt.Sprintf("%s does not parse: %s", mf.Path, lines[0])
		if len(lines) > 1 {
			summary = fmt.Sprintf("%s has %d syntax errors; the first is %s", mf.Path, len(lines), lines[0])
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  summary,
			Position: check.At(mf.Path, first.Pos.Line, 0),
			Detail:   "The go command refuses to load a " + kind + " it cannot parse; every build, test and module command fails with\n" + quoted,
			Evidence: ev,
			Fix: &check.Fix{
				Description: fmt.Sprintf("Edit %s at line %d (`go help %s` describes the syntax; merge conflict markers and hand edits are the usual causes).", mf.Path, first.Pos.Line, gomodHelpTopic(kind)),
			},
		})
	}
	return false
}

// gomodModfile is the file GOFLAGS' -modfile names, read and parsed like
// go.mod; set is false without -modfile, and the file nil when it
// cannot be read.
func gomodModfile(f *facts.Facts, ge *facts.GoEnv) (m *facts.ModFile, set bool) {
	entries, _ := goflags.Split(ge.Get("GOFLAGS"))
	path := ""
	for _, e := range entries {
		if e.Name == "modfile" && e.HasValue {
			path, set = e.Value, true
		}
	}
	if !set {
		return nil, false
	}
	if !f.IsAbs(path) {
		path = filepath.Join(f.Dir, path)
	}
	data, err := f.ReadFile(path)
	if err != nil {
		return nil, true
	}
	m = &facts.ModFile{Path: path, Data: data}
	m.Mod, m.Err = modfile.Parse(path, data, nil)
	return m, true
}

// gomodMode is how builds treat go.mod (modload.setDefaultBuildMod).
type gomodMode struct {
	// readonly: builds may not write go.mod (not -mod=mod).
	readonly bool
	// graph: the module graph comes from the go.mod files (not vendor).
	graph bool
	// dirty is the go command's error when go.mod needs an update
	// (modload.goModDirtyError), as it prints it.
	dirty string
}

func gomodBuildMode(f *facts.Facts, ge *facts.GoEnv, m *facts.ModFile) gomodMode {
	const tidy = "to update it:\n  \tgo mod tidy"
	entries, _ := goflags.Split(ge.Get("GOFLAGS"))
	for _, e := range entries {
		if e.Name == "mod" && e.HasValue {
			return gomodMode{readonly: e.Value != "mod", graph: e.Value != "vendor",
				dirty: "go: updates to go.mod needed, disabled by -mod=" + e.Value + "; " + tidy}
		}
	}
	root := filepath.Dir(m.Path)
	st, err := f.OS.Stat(filepath.Join(root, "vendor"))
	goLine := m.GoLine()
	if err != nil || !st.IsDir() || goLine == "" {
		return gomodMode{readonly: true, graph: true, dirty: "go: updates to go.mod needed; " + tidy}
	}
	mode, reason := "vendor", "Go version in go.mod is at least 1.14 and vendor directory exists."
	switch {
	case goversion.Compare(goLine, "1.14") < 0:
		mode, reason = "readonly", "Go version in go.mod is "+goLine+", so vendor directory was not used."
	case !modvendor.UsedByDefault(f, root, goLine, false):
		mode, reason = "readonly", "Outside workspace mode, but vendor directory is for a workspace."
	}
	return gomodMode{readonly: true, graph: mode != "vendor",
		dirty: "go: updates to go.mod needed, disabled by -mod=" + mode + "\n  \t(" + reason + ")\n  \t" + tidy}
}

func gomodHelpTopic(kind string) string {
	if kind == "go.work" {
		return "work"
	}
	return "go.mod"
}

// gomodUTF16 names the UTF-16 flavour of data for iconv, or "".
func gomodUTF16(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		return "UTF-16"
	case len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0:
		return "UTF-16LE"
	case len(data) >= 4 && data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		return "UTF-16BE"
	}
	return ""
}

// gomodLaxGoLine is the go line of a file that fails strict parsing
// but parses leniently ("" otherwise).
func gomodLaxGoLine(mf *facts.ModFile, kind string) string {
	if kind == "go.work" {
		// cmd/go has no lenient pass for go.work files.
		return ""
	}
	lax, err := modfile.ParseLax(mf.Path, mf.Data, nil)
	if err != nil || lax.Go == nil {
		return ""
	}
	return lax.Go.Version
}

func gomodOSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

package source

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/sourcescan"
	"github.com/godx-dev/godx/internal/textfix"
)

// BOM finds UTF-8 byte order marks in the module's Go sources, in
// go.sum and go.work.sum, and in the go.mod of workspace modules that
// module/gomod does not parse (module/gomod owns the BOM of the go.mod and
// go.work it reads: one problem, one finding).
var BOM = &check.Check{
	ID:    "source/bom",
	Title: "Byte order marks",
	Doc: check.Doc{
		What: "Reads every .go file the go command would compile in the main module (and in the modules of go.work), plus go.sum, go.work.sum and the go.mod files of the other modules go.work lists, and looks for the UTF-8 byte order mark (BOM), the invisible bytes EF BB BF that Windows editors such as Notepad, Visual Studio and PowerShell 5.1 put at the start of a file.",
		Why: "A BOM at the very start of a .go file compiles (Go 1.17 and later), but gofmt removes it, so `gofmt -l` and format checks in CI flag the file. " +
			"A BOM anywhere else in a .go file — even inside a string literal — is a compile error. " +
			"A go.mod with a BOM cannot be parsed, which stops every go command in the workspace; a BOM in go.sum silently spoils its first line and surfaces much later as a misleading `missing go.sum entry`.",
		How: "Info for a BOM at the start of a .go file (an error when the go command on PATH is older than Go 1.17, which mishandles it); " +
			"error, with file:line:column and whether it sits in a string, rune literal, comment or code, for a BOM later in a .go file; " +
			"error for a BOM at the start of go.sum or go.work.sum, and of the go.mod of a module go.work lists other than the one the project directory is in. " +
			"A BOM in the go.mod and go.work the go command reads first (`go env GOMOD`, `go env GOWORK`) is module/gomod's finding, not repeated here. " +
			"Files are found with the go command's own directory rules, without running it: directories whose names start with . or _ are skipped, as are nested modules, vendor/ (unless the build uses vendoring), directories named by go.mod ignore directives, and Go's own trees (GOROOT, the module and build caches) when a module is rooted above them; symbolic links to directories are not followed and symlinked files are read only when they point inside the module; files over 16 MiB are not read (source/encoding lists them). " +
			"Problems under testdata/ are one info: those files are never compiled. " +
			"source/bom, source/encoding and source/line-endings share one parallel scan.",
		Fix: "`godx fix` strips a leading BOM from .go files, go.sum, go.work.sum and go.mod (for a .go file, `gofmt -w` also does it, along with formatting). " +
			"A BOM in the middle of a .go file is not removed automatically, since it may be data: inside a string or rune literal write it as the escape \\uFEFF (\"\\uFEFF\", '\\uFEFF'), which is the same value; inside a raw string literal end the literal and concatenate \"\\uFEFF\"; in a comment or between tokens delete it.",
		Errors: []string{
			"./main.go:4:1: invalid BOM in the middle of the file",
			"main.go:4:1: illegal byte order mark",
			"go: cannot load module b listed in go.work file: errors parsing b/go.mod:\nb/go.mod:1: unexpected input character '\\ufeff'",
			"main.go:2:8: missing go.sum entry for module providing package golang.org/x/mod/semver (imported by example.com/sum); to add: …",
		},
	},
	Requires: []facts.Requirement{sourcescan.Project},
	Run:      runBOM,
}

func runBOM(pass *check.Pass) error {
	sc, err := scanResult(pass)
	if err != nil {
		return err
	}
	var modFiles []*sourcescan.File
	var owned []string
	for _, mf := range sc.ModFiles {
		if bomOwnedByGoMod(pass.Facts, mf) {
			owned = append(owned, mf.Rel)
			continue
		}
		modFiles = append(modFiles, mf)
		bomModFile(pass, mf)
	}
	compiled, testdata := scanSplit(sc.Problems, func(p *sourcescan.File) bool {
		return p.UTF16 == "" && (p.LeadingBOM || p.MidBOM.Count > 0)
	})
	old := sc.GoVersion != "" && goversion.IsValid(sc.GoVersion) && goversion.Compare(sc.GoVersion, "go1.17") < 0
	for _, p := range compiled {
		if p.MidBOM.Count > 0 {
			bomMiddle(pass, p)
		}
		if p.LeadingBOM {
			bomLeading(pass, p, old, sc.GoVersion)
		}
	}
	scanTestdata(pass, testdata, "contains a byte order mark", "contain a byte order mark", func(p *sourcescan.File) string {
		if p.MidBOM.Count > 0 {
			return "BOM at " + p.MidBOM.Pos()
		}
		return "leading BOM"
	})
	n := len(compiled) + len(modFiles)
	var summary string
	switch n {
	case 0:
		summary = "no byte order marks"
	case 1:
		summary = "1 file with a byte order mark"
	default:
		summary = fmt.Sprintf("%d files with a byte order mark", n)
	}
	if len(owned) > 0 {
		summary += fmt.Sprintf(" (and %s: module/gomod reports it)", strings.Join(owned, ", "))
	}
	scanObserve(pass, sc, summary)
	return nil
}

// bomOwnedByGoMod reports whether mf is the go.mod or go.work that
// module/gomod parses (`go env GOMOD`, `go env GOWORK`): their BOM is its
// finding, with the same automatic fix. The go.mod of another module of the
// workspace is not read by module/gomod, so source/bom reports it.
func bomOwnedByGoMod(f *facts.Facts, mf *sourcescan.File) bool {
	if mf.Kind != "go.mod" && mf.Kind != "go.work" {
		return false
	}
	ge, err := f.GoEnv()
	if err != nil {
		return false
	}
	for _, v := range []string{"GOMOD", "GOWORK"} {
		if p := ge.Get(v); p != "" && p != "off" && p != f.DevNull() && f.SamePath(mf.Path, p) {
			return true
		}
	}
	return false
}

// bomLeading reports a BOM at the start of a .go file.
func bomLeading(pass *check.Pass, p *sourcescan.File, old bool, goVersion string) {
	fd := check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("%s starts with a UTF-8 byte order mark (BOM).", p.Rel),
		Detail: "The go command skips a BOM at the very start of a file, so this builds, but gofmt removes it: `gofmt -l` lists the file and format checks in CI fail until it is gone. " +
			"It was probably saved by a Windows editor as \"UTF-8 with BOM\".",
		Evidence: scanEvidence(p, check.F("first bytes", "EF BB BF (UTF-8 byte order mark)")),
		Position: check.At(p.Path, 1, 1),
		Fix: &check.Fix{
			Description: "Remove the BOM: `godx fix` strips exactly those three bytes; `gofmt -w` removes it too, but also reformats the file. In an editor, save with encoding \"UTF-8\" (not \"UTF-8 with BOM\").",
			Commands:    []string{scanGofmtCommand(pass.Facts.GOOS(), p)},
			Auto:        check.EditFix(p.Path, textfix.StripBOM),
		},
	}
	if old {
		fd.Severity = check.Error
		fd.Detail = fmt.Sprintf("The go command on PATH is %s; before Go 1.17 the go command did not skip a leading BOM when reading imports and directives (golang/go#35726), so builds fail with errors such as `main.go:5:2: cannot find package` or `invalid go:embed: build system did not supply embed configuration`.", goVersion)
		fd.Evidence = append(fd.Evidence, check.F("go command", goVersion))
	}
	pass.Report(fd)
}

// bomMiddle reports BOMs after the start of a .go file: compile
// errors. They are never removed automatically.
func bomMiddle(pass *check.Pass, p *sourcescan.File) {
	h := p.MidBOM
	where := "in " + h.Context
	if h.Context == sourcescan.InCode {
		where = "between tokens"
	}
	more := ""
	if h.Count > 1 {
		more = fmt.Sprintf(" (%d in all; the first is shown)", h.Count)
	}
	var how string
	switch h.Context {
	case sourcescan.InString:
		how = "It is part of a string literal: write it as the escape \\uFEFF instead of the raw character. The string's value stays exactly the same, and the source becomes valid."
	case sourcescan.InRawString:
		how = "It is inside a raw (backquoted) string literal, where escapes do not work: end the literal before it and concatenate \"\\uFEFF\" (`before` + \"\\uFEFF\" + `after`). The value stays the same."
	case sourcescan.InRune:
		how = "It is a rune literal: write it as '\\uFEFF'. The value stays the same."
	case sourcescan.InComment:
		how = fmt.Sprintf("It is in a comment, where it means nothing: delete the invisible character at line %d, column %d (search for U+FEFF in your editor).", h.Line, h.Col)
	default:
		how = fmt.Sprintf("It is between tokens, where it means nothing: delete the invisible character at line %d, column %d (search for U+FEFF in your editor).", h.Line, h.Col)
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s has a byte order mark (U+FEFF) in the middle of the file, at %s, %s%s.", p.Rel, h.Pos(), where, more),
		Detail: "A BOM is only allowed as the very first character of a Go file; anywhere else — even inside a string literal — the compiler rejects the file:\n" +
			fmt.Sprintf("  %s:%s: invalid BOM in the middle of the file\n", scanShown(p.Rel), h.Pos()) +
			fmt.Sprintf("gofmt and go vet (and the go command itself when the BOM is in the package clause or imports) say:\n  %s:%s: illegal byte order mark\n", p.Rel, h.Pos()) +
			"Typically it is text pasted from another file that started with a BOM.",
		Evidence: scanEvidence(p,
			check.F("position", h.Pos()),
			check.F("byte offset", strconv.Itoa(h.Offset)),
			check.F("inside", h.Context),
			check.F("count", strconv.Itoa(h.Count))),
		Fix:      &check.Fix{Description: how + " godx does not change this automatically: inside a literal the character is data."},
		Position: check.At(p.Path, h.Line, h.Col),
	})
}

// bomModFile reports a go.sum, go.work.sum or workspace module's
// go.mod (one module/gomod does not parse) that starts with a BOM.
func bomModFile(pass *check.Pass, mf *sourcescan.File) {
	f := pass.Facts
	var summary, detail string
	switch mf.Kind {
	case "go.mod", "go.work":
		dir := "."
		if i := strings.LastIndexAny(mf.Rel, `/\`); i > 0 {
			dir = mf.Rel[:i]
		}
		summary = fmt.Sprintf("%s starts with a UTF-8 byte order mark (BOM), which the go command cannot parse.", mf.Rel)
		detail = "It is the go.mod of a module listed in go.work; " + mf.Kind + " must be plain UTF-8 without a BOM, and every go command in the workspace fails with\n" +
			fmt.Sprintf("  go: cannot load module %s listed in go.work file: errors parsing %s:\n  %s:1: unexpected input character '\\ufeff'", dir, mf.Rel, mf.Rel)
	default: // go.sum, go.work.sum
		summary = fmt.Sprintf("%s starts with a UTF-8 byte order mark (BOM); the go command silently loses its first line.", mf.Rel)
		detail = "The go command does not reject the file: it reads the BOM as part of the first line's module path, so that checksum no longer matches anything. " +
			"Builds then fail far from the cause, with a misleading\n" +
			"  missing go.sum entry for module providing package …\n" +
			"for the module on that line."
	}
	ev := scanEvidence(mf, check.F("first bytes", "EF BB BF (UTF-8 byte order mark)"))
	if mf.FirstLine != "" {
		ev = append(ev, check.F("first line", mf.FirstLine))
	}
	fix := textfix.ToUTF8Fix(f.GOOS(), mf.Path, "Strip the byte order mark: `godx fix` does it, or in an editor save the file with encoding \"UTF-8\" (not \"UTF-8 with BOM\").", "")
	fix.Auto = check.EditFix(mf.Path, textfix.StripBOM)
	pass.Report(check.Finding{Severity: check.Error, Summary: summary, Detail: detail, Evidence: ev, Fix: fix, Position: check.At(mf.Path, 1, 1)})
}

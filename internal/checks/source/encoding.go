package source

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/shellquote"
	"github.com/godx-dev/godx/internal/sourcescan"
	"github.com/godx-dev/godx/internal/textfix"
)

// Encoding finds Go files that are not UTF-8: UTF-16, NUL bytes,
// invalid UTF-8 sequences.
var Encoding = &check.Check{
	ID:    "source/encoding",
	Title: "Source encoding",
	Doc: check.Doc{
		What: "Reads every .go file the go command would compile in the main module (and in the modules of go.work) and checks that it is UTF-8 text: no UTF-16, no NUL bytes, no byte sequences that are not UTF-8.",
		Why: "The Go specification requires source files to be UTF-8, and the compiler rejects anything else. " +
			"Files get other encodings from Windows PowerShell 5.1 (`>` and `Out-File` write UTF-16), from editors set to a legacy code page (Windows-1252, Latin-1, Shift-JIS), and from binary data saved with a .go name; the resulting errors point at an invisible character.",
		How: "Error for a UTF-16 file (recognised by its byte order mark FF FE or FE FF, or by every other byte being NUL), with the go command's message for the Go version on PATH; " +
			"error, with file:line:column of the first one and the count, for NUL bytes and for bytes that are not UTF-8 (each is a compile error). " +
			"Warning for a file or directory godx cannot read (the go command cannot either); info for a file over 16 MiB, which godx does not read. " +
			"Problems under testdata/ are one info: those files are never compiled. " +
			"The files are found and read by the scan shared with source/bom (see `godx explain source/bom` for the directory rules): each file is read once, searched for NUL, BOM and CR bytes, and only then validated as UTF-8.",
		Fix: "Convert the file to UTF-8: in an editor, reopen it with its real encoding and save it as \"UTF-8\"; on the command line, `iconv -f UTF-16 -t UTF-8` (or the legacy code page, e.g. WINDOWS-1252). " +
			"A string that must hold arbitrary bytes uses escapes (\"\\x00\", \"\\xff\"); binary data belongs in a separate file loaded with //go:embed.",
		Errors: []string{
			"main.go:1:1: illegal UTF-8 encoding (got UTF-16)",
			"read /path/to/main.go: unexpected NUL in input",
			"./main.go:4:5: invalid NUL character",
			"main.go:4:5: illegal character NUL",
			"./main.go:3:8: invalid UTF-8 encoding",
			"main.go:3:8: illegal UTF-8 encoding",
		},
	},
	Requires: []facts.Requirement{sourcescan.Project},
	Run:      runEncoding,
}

func runEncoding(pass *check.Pass) error {
	sc, err := scanResult(pass)
	if err != nil {
		return err
	}
	compiled, testdata := scanSplit(sc.Problems, func(p *sourcescan.File) bool {
		return p.UTF16 != "" || p.NUL.Count > 0 || p.BadUTF8.Count > 0
	})
	for _, p := range compiled {
		switch {
		case p.UTF16 != "":
			encodingUTF16(pass, p, sc.GoVersion)
		default:
			if p.NUL.Count > 0 {
				encodingNUL(pass, p)
			}
			if p.BadUTF8.Count > 0 {
				encodingBadUTF8(pass, p)
			}
		}
	}
	scanTestdata(pass, testdata, "is not UTF-8 text", "are not UTF-8 text", encodingDescribe)
	var tdIssues []*sourcescan.File
	for _, is := range sc.Failed {
		if is.Testdata {
			tdIssues = append(tdIssues, &sourcescan.File{Rel: is.Rel})
			continue
		}
		encodingFailed(pass, is)
	}
	scanTestdata(pass, tdIssues, "cannot be read", "cannot be read", func(*sourcescan.File) string { return "unreadable" })
	for _, is := range sc.TooLarge {
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s is larger than 16 MiB; godx did not read it.", is.Rel),
			Detail:   "godx reads at most 16 MiB of any file so that the doctor stays fast and bounded, so its encoding, byte order marks and line endings were not checked. The go command does compile it; files this large are usually generated data, often better kept in a separate file loaded with //go:embed.",
			Evidence: check.Evidence{check.F("file", is.Path), check.F("error", is.Err.Error())},
		})
	}
	if sc.Cancelled {
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("The source scan stopped early: the doctor ran out of time after %d files.", sc.Files),
			Detail:   "The scan is bounded by the doctor's time budget; files it did not reach were not checked by source/bom, source/encoding or source/line-endings.",
			Evidence: check.Evidence{check.F("files read", strconv.Itoa(sc.Files)), check.F("scan time", sc.Duration.String())},
		})
	}
	if len(compiled) == 0 {
		scanObserve(pass, sc, "all UTF-8")
	} else {
		scanObserve(pass, sc, fmt.Sprintf("%d not UTF-8", len(compiled)))
	}
	return nil
}

func encodingDescribe(p *sourcescan.File) string {
	switch {
	case p.UTF16 != "":
		return p.UTF16
	case p.NUL.Count > 0:
		return "NUL byte at " + p.NUL.Pos()
	}
	return "invalid UTF-8 at " + p.BadUTF8.Pos()
}

func encodingUTF16(pass *check.Pass, p *sourcescan.File, goVersion string) {
	var says string
	switch {
	case p.UTF16BOM && (goVersion == "" || !goversion.IsValid(goVersion) || goversion.Compare(goVersion, "go1.26") >= 0):
		says = fmt.Sprintf("  %s:1:1: illegal UTF-8 encoding (got UTF-16)\n(Go 1.25 and older: `read %s: unexpected NUL in input`)", p.Rel, p.Path)
	default:
		says = fmt.Sprintf("  read %s: unexpected NUL in input", p.Path)
		if p.UTF16BOM {
			says += fmt.Sprintf("\n(Go 1.26 and newer: `%s:1:1: illegal UTF-8 encoding (got UTF-16)`)", p.Rel)
		}
	}
	first := "starts with the UTF-16 byte order mark FF FE"
	if p.UTF16 == "UTF-16BE" {
		first = "starts with the UTF-16 byte order mark FE FF"
	}
	if !p.UTF16BOM {
		first = "has no byte order mark, but every other byte is NUL"
	}
	iconvFrom := p.UTF16
	if p.UTF16BOM {
		iconvFrom = "UTF-16" // iconv reads the byte order from the BOM and drops it
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s is encoded as %s, not UTF-8.", p.Rel, p.UTF16),
		Detail: "Go source must be UTF-8. The file was probably written by Windows PowerShell 5.1 (`>` and `Out-File` default to UTF-16) or saved as \"Unicode\" by an editor. The go command stops with\n" +
			says,
		Evidence: scanEvidence(p, check.F("encoding", p.UTF16+" (the file "+first+")"), check.F("size", strconv.Itoa(p.Size)+" bytes")),
		Fix:      textfix.ToUTF8Fix(pass.Facts.GOOS(), p.Path, "Convert the file to UTF-8 (in an editor: save with encoding \"UTF-8\").", iconvFrom),
		Position: check.At(p.Path, 1, 1),
	})
}

func encodingNUL(pass *check.Pass, p *sourcescan.File) {
	h := p.NUL
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s contains %s, the first at %s.", p.Rel, english.Plural(h.Count, "a NUL byte", english.Count(h.Count, "NUL byte", "NUL bytes")), h.Pos()),
		Detail: "Go source must be UTF-8 text without NUL bytes; the compiler rejects each one:\n" +
			fmt.Sprintf("  %s:%s: invalid NUL character\n", scanShown(p.Rel), h.Pos()) +
			fmt.Sprintf("When the NUL is in the package clause or imports, the go command stops earlier with `read %s: unexpected NUL in input`; gofmt and go vet say `%s:%s: illegal character NUL`. ", p.Path, p.Rel, h.Pos()) +
			"NUL bytes come from binary data saved with a .go name, a broken merge or a crashed editor.",
		Evidence: scanEvidence(p, check.F("position", h.Pos()), check.F("line", h.Text), check.F("count", strconv.Itoa(h.Count))),
		Fix:      &check.Fix{Description: fmt.Sprintf("Remove the NUL bytes (the first is at line %d, column %d); if a string must hold one, write the escape \\x00. Binary data belongs in a separate file loaded with //go:embed.", h.Line, h.Col)},
		Position: check.At(p.Path, h.Line, h.Col),
	})
}

func encodingBadUTF8(pass *check.Pass, p *sourcescan.File) {
	h := p.BadUTF8
	fix := &check.Fix{Description: fmt.Sprintf("Convert the file from the encoding it was written in to UTF-8 (in an editor: reopen it with that encoding and save as \"UTF-8\"); the first bad byte is at line %d, column %d. A string that must hold arbitrary bytes uses escapes such as \\x%02x.", h.Line, h.Col, h.Byte)}
	if pass.Facts.GOOS() != "windows" {
		q, tmp := shellquote.POSIX(p.Path), shellquote.POSIX(p.Path+".tmp")
		fix.Description += " If it was written as Windows-1252 (the usual case for files from Windows editors):"
		fix.Commands = []string{fmt.Sprintf("iconv -f WINDOWS-1252 -t UTF-8 %s > %s && mv %s %s", q, tmp, tmp, q)}
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s is not valid UTF-8: %s, the first (0x%02X) at %s.", p.Rel, english.Plural(h.Count, "an invalid byte", english.Count(h.Count, "invalid byte", "invalid bytes")), h.Byte, h.Pos()),
		Detail: "Go source must be UTF-8; the compiler rejects every byte that is not part of a UTF-8 sequence, even inside strings and comments:\n" +
			fmt.Sprintf("  %s:%s: invalid UTF-8 encoding\n", scanShown(p.Rel), h.Pos()) +
			fmt.Sprintf("(gofmt, go vet, and the go command when it is in the package clause or imports: `%s:%s: illegal UTF-8 encoding`). ", p.Rel, h.Pos()) +
			"The file was most likely saved in a legacy encoding such as Windows-1252, Latin-1 or Shift-JIS.",
		Evidence: scanEvidence(p, check.F("position", h.Pos()), check.F("byte", fmt.Sprintf("0x%02X", h.Byte)), check.F("line", h.Text), check.F("count", strconv.Itoa(h.Count))),
		Fix:      fix,
		Position: check.At(p.Path, h.Line, h.Col),
	})
}

func encodingFailed(pass *check.Pass, is sourcescan.Issue) {
	what, why := "file", "the go command cannot read it either, so building its package fails"
	var pe *fs.PathError
	msg := is.Err.Error()
	if errors.As(is.Err, &pe) {
		msg = pe.Err.Error()
		if pe.Op == "open" || pe.Op == "readdirent" {
			if st, err := pass.Facts.OS.Stat(is.Path); err == nil && st.IsDir() {
				what, why = "directory", "the go command cannot list it either: `./...` patterns report the error and skip its packages"
			}
		}
	}
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("The %s %s cannot be read: %s.", what, is.Rel, msg),
		Detail:   "godx could not check its encoding, and " + why + ". It was perhaps created by another user (with sudo, or by a container).",
		Evidence: check.Evidence{check.F(what, is.Path), check.F("error", is.Err.Error())},
		Fix:      &check.Fix{Description: fmt.Sprintf("Make the %s readable by your user (check its owner and permissions).", what)},
	})
}

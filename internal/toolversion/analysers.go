package toolversion

import (
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modversion"
)

// Analysers (staticcheck, golangci-lint, gopls) do not compile code: they
// ask the go command in the project directory to list the packages
// (`go list -export -deps`, through golang.org/x/tools/go/packages), read
// the export data that go command's compiler wrote for the dependencies,
// type-check the rest from source with the go/types compiled into the
// tool, and only then analyse. Three versions meet there:
//
//   - the Go that loads the packages: the go command that runs in the
//     project directory (the one on PATH, or the toolchain GOTOOLCHAIN
//     switches to), which picks the standard library's files with its own
//     release tags and writes its own export data format;
//   - the Go that built the tool, whose go/types must understand that
//     standard library and the module's language version;
//   - the tool's release, whose copy of x/tools decodes the export data.
//
// Measured with real builds (staticcheck 2025.1.1, 2026.1 and 2026.2.2,
// golangci-lint v2.15.0, built with go1.26.8 and go1.27.3, run with either
// go on PATH on a `go 1.22` module that imports fmt): a tool built with an
// older Go language version than the loading go command fails even when
// the module's go line is old, and staticcheck releases whose x/tools
// predates the loader's export data fail whichever Go built them.

// LoaderNewer reports whether the go command of Go loader (GOVERSION of
// the Go that runs in the project) is a newer language version than the
// Go built that built an analyser: the analyser then type-checks a
// standard library written for a newer Go and fails. Versions that are
// not Go versions are never newer.
func LoaderNewer(built, loader string) bool {
	b, l := goversion.Local(built), goversion.Local(loader)
	if !goversion.IsValid(b) || !goversion.IsValid(l) {
		return false
	}
	return goversion.Compare(goversion.Lang(l), goversion.Lang(b)) > 0
}

// staticcheckExportData is, per minor version of honnef.co/go/tools, the
// first Go minor release whose export data that release's x/tools cannot
// decode (staticcheck then stops at the first import):
//
//   - 2024.1.x (v0.5): Go 1.24, which writes unified export data version 2
//     (generic type aliases on by default); that x/tools'
//     internal/pkgbits decoder accepts versions 0 and 1 only and panics
//     `unsupported version: 2`, turned by gcimporter's UImportData into
//     `internal error in importing "…" (unsupported version: 2); please
//     report an issue` (read in the x/tools source; 2024.1.1 itself does
//     not compile with Go 1.26, so it could not be run here);
//   - 2025.1.x and 2026.1 (v0.6, v0.7): Go 1.27, whose export data is
//     version 5 (observed: `cannot decode "internal/cpu", export data
//     version 5 is greater than maximum supported version 2`, with builds
//     by go1.26.8 and by go1.27.3 alike).
//
// 2026.2.2 (v0.8.2) built with go1.27.3 reads go1.27.3's export data.
var staticcheckExportData = map[int]int{5: 24, 6: 27, 7: 27}

// StaticcheckExportDataError is what staticcheck release modVersion prints
// when the go command of Go loader wrote export data it cannot decode, and
// ok reports whether that is known to happen. pkg names the imported
// package in the message ("<package>" for a template).
func StaticcheckExportDataError(modVersion, loader, pkg string) (msg string, ok bool) {
	v := modversion.Release(modVersion)
	major, minor, _, parsed := modversion.Parts(v)
	l := goversion.Local(loader)
	if v == "" || !parsed || major != 0 || !goversion.IsValid(l) {
		return "", false
	}
	first, known := staticcheckExportData[minor]
	if !known || goversion.Minor(l) < first {
		return "", false
	}
	q := `"` + pkg + `"`
	if minor == 5 {
		return "-: internal error in importing " + q + " (unsupported version: 2); please report an issue (compile)", true
	}
	version := "5"
	if goversion.Minor(l) != 27 {
		version = "<N>" // only go1.27's number has been seen
	}
	return "-: internal error in importing " + q + " (cannot decode " + q + ", export data version " + version + " is greater than maximum supported version 2); please report an issue (compile)", true
}

// AnalyserLoadError is an example of what an analyser built with Go built
// prints when the go command of Go loader is newer, on goos, when one has
// been observed for that pair ("" otherwise). goroot is how the loader's
// GOROOT is shown (staticcheck prints it absolute, golangci-lint relative
// to the project); suffix is the tool's tag for type errors: "compile"
// for staticcheck, "typecheck" for golangci-lint. Both tools stop at the
// first standard-library file the older go/types cannot type-check.
func AnalyserLoadError(built, loader, goos, goroot, suffix string) string {
	b, l := goversion.Lang(goversion.LocalToolchain(built)), goversion.Lang(goversion.LocalToolchain(loader))
	if b == "go1.26" && l == "go1.27" && goos == "linux" {
		// go1.27's internal/poll renamed splicePipe's fields; a go1.26
		// go/types given go1.27's file list mixes the two (staticcheck
		// 2026.2.2 and golangci-lint v2.15.0 built with go1.26.8).
		pos := goroot + "/src/internal/poll/splice_linux.go:237:21: "
		if suffix == "compile" {
			pos = "-: " + pos
		}
		return pos + "unknown field rfd in struct literal of type splicePipe (" + suffix + ")"
	}
	return ""
}

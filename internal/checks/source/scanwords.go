// The wording the three source checks share: how a file and the scan are
// shown, the one info for files under testdata/, and the gofmt command.

package source

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/shellquote"
	"github.com/godx-dev/godx/internal/sourcescan"
)

// scanResult runs (or reuses) the scan for one check; a scan that
// cannot apply becomes the check's Skip.
func scanResult(pass *check.Pass) (*sourcescan.Scan, error) {
	sc, err := check.ResultOf(pass, sourcescan.Project)
	var na *sourcescan.NotApplicableError
	if errors.As(err, &na) {
		return nil, check.Skip("%s", na.Reason)
	}
	return sc, err
}

// scanObserve records what was scanned: summary says what the check
// concluded, the evidence what the walk covered.
func scanObserve(pass *check.Pass, sc *sourcescan.Scan, summary string) {
	summary += fmt.Sprintf(" (%s .go files, %s)", strconv.Itoa(sc.Files), scanSize(sc.Bytes))
	if sc.Cancelled {
		summary += "; the scan stopped early: the doctor ran out of time"
	}
	ev := check.Evidence{
		check.F("scanned", fmt.Sprintf("%d .go files, %d bytes, in %d directories", sc.Files, sc.Bytes, sc.Dirs)),
		check.F("trees", strings.Join(sc.Roots, ", ")),
	}
	if len(sc.Unloadable) > 0 {
		ev = append(ev, check.F("not scanned", strings.Join(sc.Unloadable, ", ")+" (listed in go.work, but the go command cannot load a module there: see module/gowork)"))
	}
	if sc.Vendor != "" {
		ev = append(ev, check.F("vendor/", "read: "+sc.Vendor))
	} else {
		ev = append(ev, check.F("vendor/", "not read (not used by the build)"))
	}
	ev = append(ev, check.F("scan time", sc.Duration.Round(100*time.Microsecond).String()))
	pass.Observe(summary, ev...)
}

// scanSize prints a byte count in the largest fitting unit.
func scanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// scanTestdata reports the problems found under testdata/ as one
// info: the go command never compiles those files, and test inputs often
// hold odd bytes on purpose. one and many finish the summary ("contains a
// BOM", "contain a BOM"); describe says what is wrong with one file.
func scanTestdata(pass *check.Pass, files []*sourcescan.File, one, many string, describe func(*sourcescan.File) string) {
	if len(files) == 0 {
		return
	}
	const show = 20
	var ev check.Evidence
	for i, p := range files {
		if i == show {
			ev = append(ev, check.F("more", fmt.Sprintf("%d more files", len(files)-show)))
			break
		}
		ev = append(ev, check.F(p.Rel, describe(p)))
	}
	summary := "1 file under testdata/ " + one + "."
	if len(files) > 1 {
		summary = fmt.Sprintf("%d files under testdata/ %s.", len(files), many)
	}
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary:  summary,
		Detail: "The go command never compiles files under testdata/, so this breaks no build; test inputs often contain such bytes on purpose. " +
			"It matters only if a test feeds these files to the Go parser or formatter. godx fix leaves them alone.",
		Evidence: ev,
	})
}

// scanSplit separates the files under testdata/ from the others.
func scanSplit(files []*sourcescan.File, keep func(*sourcescan.File) bool) (compiled, testdata []*sourcescan.File) {
	for _, p := range files {
		switch {
		case !keep(p):
		case p.Testdata:
			testdata = append(testdata, p)
		default:
			compiled = append(compiled, p)
		}
	}
	return compiled, testdata
}

// scanGofmtCommand is the manual alternative to `godx fix` for .go files.
func scanGofmtCommand(goos string, p *sourcescan.File) string {
	return shellquote.Join(shellquote.ForGOOS(goos), "gofmt", "-w", p.Rel)
}

// scanShown is a file's path as go build prints it in errors when
// run in the project directory: "sub/x.go", or "./x.go" in that directory.
func scanShown(rel string) string {
	if strings.ContainsAny(rel, `/\`) {
		return rel
	}
	return "./" + rel
}

// scanEvidence starts a file's evidence: its path, and the file a
// symlink points to.
func scanEvidence(p *sourcescan.File, more ...check.Field) check.Evidence {
	ev := check.Evidence{check.F("file", p.Path)}
	if p.Target != "" {
		ev = append(ev, check.F("symlink to", p.Target))
	}
	return append(ev, more...)
}

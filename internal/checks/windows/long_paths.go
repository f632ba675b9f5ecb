package windows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"golang.org/x/mod/module"
)

// LongPaths checks whether Windows allows paths over 260
// characters, and whether the project or its modules need them.
var LongPaths = &check.Check{
	ID:    "windows/long-paths",
	Title: "Long paths (Windows)",
	Doc: check.Doc{
		What: "Reads LongPathsEnabled under HKLM\\SYSTEM\\CurrentControlSet\\Control\\FileSystem, and `git config core.longpaths`. When long paths are disabled it measures the longest path in the project directory and in the module cache directories of the modules go.mod requires (a bounded walk).",
		Why: "Without LongPathsEnabled=1, most Windows programs cannot open a path of 260 characters or more (MAX_PATH). The module cache nests deeply (C:\\Users\\you\\go\\pkg\\mod\\github.com\\org\\repo@v1.2.3\\...), so dependency files pass that limit. " +
			"The go command itself copes (it adds the \\\\?\\ prefix to long paths), but git fails with `Filename too long` (unless core.longpaths is true), and cgo's MinGW gcc, Explorer, older PowerShell and zip tools fail or cannot delete such files.",
		How: "Warning when LongPathsEnabled is 0 or missing and a path under the project or a required module is 260 characters or longer. Info when long paths are disabled but no such path was found (yet). " +
			"No finding when LongPathsEnabled is 1. Skipped on other systems and when the registry cannot be read. " +
			"Lengths are counted as Windows counts them, in UTF-16 code units. The walk reads at most 20,000 entries and stops before the check's time runs out (a tenth of it is kept for the report); " +
			"the finding then says how many entries it saw and that it stopped early.",
		Fix: "From an administrator PowerShell: `New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\FileSystem' -Name 'LongPathsEnabled' -Value 1 -PropertyType DWORD -Force`, then restart the programs that should see it; " +
			"and for git: `git config --global core.longpaths true`.",
		Errors: []string{
			"error: unable to create file <path>: Filename too long",
			"fatal: cannot create directory at '<path>': Filename too long",
		},
	},
	Run: runLongPaths,
}

const (
	longPathsKey   = `HKLM\SYSTEM\CurrentControlSet\Control\FileSystem`
	longPathsLimit = 260 // MAX_PATH, including the terminating NUL
	longPathsWalk  = 20000
	longPathsPS    = `New-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\FileSystem' -Name 'LongPathsEnabled' -Value 1 -PropertyType DWORD -Force`
)

// longPathsScan is the result of the bounded walk.
type longPathsScan struct {
	longest  string
	length   int // longest's length (longPathsLen)
	over     int // paths of longPathsLimit characters or more
	entries  int
	complete bool
	stopped  string // why it is not complete
}

// longPathsLen is a path's length as MAX_PATH counts it: in UTF-16 code
// units (a user name such as "Zoë" is 3, not 4 bytes' worth).
func longPathsLen(p string) int {
	n := 0
	for _, r := range p {
		n += utf16.RuneLen(r)
	}
	return n
}

// longPathsStop is the walk's stop test: true once ctx is done, or once
// less than a tenth of the time the check had when the walk started (at
// least longPathsReserve) is left before ctx's deadline. A big tree on a
// slow file system (a 27,000-entry project under Wine) then ends in a
// report of what was seen, not in a check abandoned as timed out.
func longPathsStop(ctx context.Context, now func() time.Time) func() bool {
	deadline, ok := ctx.Deadline()
	if !ok {
		return func() bool { return ctx.Err() != nil }
	}
	reserve := max(deadline.Sub(now())/10, longPathsReserve)
	return func() bool { return ctx.Err() != nil || deadline.Sub(now()) < reserve }
}

// longPathsReserve is the least time the walk leaves for the report.
const longPathsReserve = 250 * time.Millisecond

func runLongPaths(pass *check.Pass) error {
	f := pass.Facts
	if f.GOOS() != "windows" {
		return check.Skip("not Windows")
	}
	v, err := f.WinRegistry().RegInteger(longPathsKey, "LongPathsEnabled")
	value := fmt.Sprint(v)
	switch {
	case errors.Is(err, facts.ErrWinRegistryUnavailable):
		return check.Skip("the Windows registry is not available")
	case facts.IsNotExist(err):
		v, value = 0, "not set (Windows treats it as 0)"
	case err != nil:
		return check.Skip("cannot read %s\\LongPathsEnabled: %v", longPathsKey, err)
	}
	ev := check.Evidence{check.F(longPathsKey+`\LongPathsEnabled`, value)}
	if v == 1 {
		pass.Observe("Long paths are enabled (LongPathsEnabled=1)", ev...)
		return nil
	}
	// git first: the walk then takes what time is left.
	gitLong, gitSeen := longPathsGit(pass)
	scan := longPathsMeasure(pass, longPathsStop(pass.Context, time.Now))
	if scan.longest != "" {
		ev = append(ev, check.F("longest path seen", fmt.Sprintf("%d characters: %s", scan.length, scan.longest)))
	}
	walked := fmt.Sprintf("%d files and directories (project and required modules)", scan.entries)
	if !scan.complete {
		walked += "; " + scan.stopped + ", there may be longer ones"
	}
	ev = append(ev, check.F("looked at", walked))
	if gitSeen != "" {
		ev = append(ev, check.F("git config core.longpaths", gitSeen))
	}
	cmds := []string{longPathsPS}
	if !gitLong {
		cmds = append(cmds, "git config --global core.longpaths true")
	}
	fix := &check.Fix{
		Description: "Enable long paths for Windows programs from an administrator PowerShell (programs started afterwards see it; some need a sign-out), and let git create long paths.",
		Commands:    cmds,
	}
	if scan.over > 0 {
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("Windows long paths are disabled (LongPathsEnabled %s) and %d %s under the project or its modules %s %d characters or longer (longest %d: %s).",
				value, scan.over, english.Plural(scan.over, "path", "paths"), english.Plural(scan.over, "is", "are"), longPathsLimit, scan.length, scan.longest),
			Detail: "The go command copes with long paths (it adds the \\\\?\\ prefix), but most other Windows programs stop at 260 characters (MAX_PATH): git fails with `error: unable to create file ...: Filename too long` unless core.longpaths is true, " +
				"cgo builds with MinGW gcc cannot open long include paths, and Explorer, older PowerShell and zip tools fail to copy or delete these files (a module cache that cannot be cleaned).",
			Evidence: ev,
			Fix:      fix,
		})
		return nil
	}
	summary := fmt.Sprintf("Windows long paths are disabled (LongPathsEnabled %s); no path of %d characters or more was found under the project or its modules so far.", value, longPathsLimit)
	if !scan.complete {
		summary = fmt.Sprintf("Windows long paths are disabled (LongPathsEnabled %s); no path of %d characters or more among the first %d files and directories under the project and its modules (the walk %s).",
			value, longPathsLimit, scan.entries, scan.stopped)
	}
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary:  summary,
		Detail: "Dependencies nest deeply in the module cache (C:\\Users\\you\\go\\pkg\\mod\\...), and a new dependency can pass the limit. The go command copes, but git (`Filename too long`), MinGW gcc for cgo, Explorer and older PowerShell fail on such paths. " +
			"Enabling long paths now avoids that surprise.",
		Evidence: ev,
		Fix:      fix,
	})
	return nil
}

// longPathsMeasure walks the project and the required modules'
// directories in the module cache, at most longPathsWalk entries, until
// stop says the time is up.
func longPathsMeasure(pass *check.Pass, stop func() bool) longPathsScan {
	f := pass.Facts
	roots := []string{f.Dir}
	if ge, err := f.GoEnv(); err == nil {
		if mf, err := f.Module(); err == nil && mf != nil && mf.Mod != nil && ge.Get("GOMODCACHE") != "" {
			for _, r := range mf.Mod.Require {
				p, err1 := module.EscapePath(r.Mod.Path)
				v, err2 := module.EscapeVersion(r.Mod.Version)
				if err1 == nil && err2 == nil {
					roots = append(roots, f.JoinPath(ge.Get("GOMODCACHE"), p+"@"+v))
				}
			}
		}
	}
	s := longPathsScan{complete: true}
	queue := append([]string(nil), roots...)
	for len(queue) > 0 {
		if s.entries >= longPathsWalk {
			s.complete, s.stopped = false, fmt.Sprintf("stopped early at godx's limit of %d entries", longPathsWalk)
			break
		}
		if stop() {
			s.complete, s.stopped = false, "stopped early, before the check's time ran out"
			break
		}
		dir := queue[0]
		queue = queue[1:]
		entries, err := f.OS.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			s.entries++
			p := f.JoinPath(dir, e.Name())
			n := longPathsLen(p)
			if n > s.length {
				s.longest, s.length = p, n
			}
			if n >= longPathsLimit {
				s.over++
			}
			if e.IsDir() && e.Name() != ".git" {
				queue = append(queue, p)
			}
		}
	}
	return s
}

// longPathsGit reads core.longpaths as git sees it in the project.
func longPathsGit(pass *check.Pass) (enabled bool, shown string) {
	f := pass.Facts
	git, err := f.LookPath("git")
	if err != nil {
		return false, ""
	}
	res := f.Run(pass.Context, facts.Command{Path: git, Args: []string{"config", "--get", "core.longpaths"}, Dir: f.Dir})
	out := strings.ToLower(strings.TrimSpace(string(res.Stdout)))
	switch {
	case res.TimedOut:
		return false, ""
	case res.Err != nil && res.ExitCode == 1:
		return false, "not set (false)"
	case res.Err != nil:
		return false, ""
	}
	switch out {
	case "true", "yes", "on", "1":
		return true, out
	}
	return false, out
}

package windows

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Defender notes, where Defender's exclusion list is readable,
// that Go's caches or the project are scanned on every access.
var Defender = &check.Check{
	ID:    "windows/defender",
	Title: "Defender scanning (Windows)",
	Doc: check.Doc{
		What: "Best effort: reads Microsoft Defender's path exclusions from HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths and the policy key HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Exclusions\\Paths, " +
			"and whether real-time protection is switched off, then tells whether GOCACHE, GOMODCACHE and the project directory are excluded from real-time scanning (a folder exclusion covers its subfolders; %VAR% and * in exclusions are understood).",
		Why: "Real-time scanning inspects files as they are written and opened. A build writes and reads thousands of files in the build cache, module downloads unpack thousands of files, and every test binary is scanned before it runs, so builds and tests are noticeably slower with scanning on. " +
			"Excluding the caches is a trade-off: files there are no longer scanned.",
		How: "Info when one of those directories is not excluded; never a warning or an error. Skipped on other systems, when real-time protection is off, and when the exclusion list cannot be read — " +
			"Windows lets only administrators read it, so from a normal terminal this check usually says nothing rather than guess.",
		Fix: "From an administrator PowerShell, exclude the directories you trust: `Add-MpPreference -ExclusionPath 'C:\\Users\\you\\AppData\\Local\\go-build'` (GOCACHE) and the same for GOMODCACHE and your projects folder. " +
			"On Windows 11, a Dev Drive (with Defender's performance mode) is the alternative that keeps scanning on.",
	},
	Run: runDefender,
}

const (
	defenderKey       = `HKLM\SOFTWARE\Microsoft\Windows Defender`
	defenderPolicyKey = `HKLM\SOFTWARE\Policies\Microsoft\Windows Defender`
)

func runDefender(pass *check.Pass) error {
	f := pass.Facts
	if f.GOOS() != "windows" {
		return check.Skip("not Windows")
	}
	reg := f.WinRegistry()
	exclusions, err := reg.RegValueNames(defenderKey + `\Exclusions\Paths`)
	switch {
	case errors.Is(err, facts.ErrWinRegistryUnavailable):
		return check.Skip("the Windows registry is not available")
	case errors.Is(err, fs.ErrPermission):
		return check.Skip("Defender's exclusion list can only be read by an administrator (run godx from an administrator terminal to check it)")
	case facts.IsNotExist(err):
		return check.Skip("no Defender exclusion list in the registry (Defender may not be installed); not guessing")
	case err != nil:
		return check.Skip("cannot read Defender's exclusion list: %v", err)
	}
	policy, err := reg.RegValueNames(defenderPolicyKey + `\Exclusions\Paths`)
	switch {
	case err == nil:
		exclusions = append(exclusions, policy...)
	case !facts.IsNotExist(err):
		return check.Skip("cannot read Defender's policy exclusion list: %v", err)
	}
	for _, key := range []string{defenderKey, defenderPolicyKey} {
		if v, err := reg.RegInteger(key+`\Real-Time Protection`, "DisableRealtimeMonitoring"); err == nil && v == 1 {
			return check.Skip("Defender real-time protection is off (%s\\Real-Time Protection\\DisableRealtimeMonitoring=1)", key)
		}
	}
	if v, err := reg.RegInteger(defenderKey, "DisableAntiSpyware"); err == nil && v == 1 {
		return check.Skip("Defender is switched off (%s\\DisableAntiSpyware=1)", defenderKey)
	}

	type target struct{ name, dir string }
	targets := []target{{"project", f.Dir}}
	if ge, err := f.GoEnv(); err == nil {
		for _, n := range []string{"GOCACHE", "GOMODCACHE"} {
			if d := ge.Get(n); d != "" && f.IsAbs(d) {
				targets = append(targets, target{n, d})
			}
		}
	}
	lookup := facts.EnvLookup(f.Environ())
	ev := check.Evidence{check.F("Defender path exclusions", fmt.Sprint(len(exclusions)))}
	var scanned []target
	for _, t := range targets {
		by := ""
		for _, e := range exclusions {
			if defenderCovers(f, facts.ExpandWindowsVars(e, lookup), t.dir) {
				by = e
				break
			}
		}
		if by != "" {
			ev = append(ev, check.F(t.name+" "+t.dir, "excluded by "+by))
		} else {
			ev = append(ev, check.F(t.name+" "+t.dir, "scanned"))
			scanned = append(scanned, t)
		}
	}
	if len(scanned) == 0 {
		pass.Observe("Defender excludes the project and Go's caches from real-time scanning", ev...)
		return nil
	}
	var names, cmds []string
	for _, t := range scanned {
		names = append(names, fmt.Sprintf("%s (%s)", t.name, t.dir))
		cmds = append(cmds, "Add-MpPreference -ExclusionPath "+shellquote.PS(t.dir))
	}
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("Microsoft Defender scans %s on every access: Go builds and tests are slower.", strings.Join(names, ", ")),
		Detail: "Real-time scanning inspects each file as it is written and opened; a build reads and writes thousands of files in the build cache, module downloads unpack thousands of files into the module cache, and each test binary is scanned before it runs. " +
			"Excluding these directories speeds that up, at a price: files there are no longer scanned, so exclude only directories that hold your own code and the modules you build.",
		Evidence: ev,
		Fix: &check.Fix{
			Description: "From an administrator PowerShell, exclude the directories from real-time scanning (or, on Windows 11, move them to a Dev Drive, where Defender's performance mode applies).",
			Commands:    cmds,
		},
	})
	return nil
}

// defenderCovers reports whether a Defender folder exclusion
// (already expanded) covers dir: dir is the folder or inside it; * and ?
// match within one path element.
func defenderCovers(f *facts.Facts, excl, dir string) bool {
	excl = strings.TrimSpace(excl)
	if excl == "" {
		return false
	}
	if !strings.ContainsAny(excl, "*?") {
		return f.PathWithin(dir, excl)
	}
	pat := strings.Split(strings.ToLower(strings.TrimRight(f.CleanPath(excl), `\`)), `\`)
	parts := strings.Split(strings.ToLower(strings.TrimRight(f.CleanPath(dir), `\`)), `\`)
	if len(parts) == len(pat)-1 && pat[len(pat)-1] == "*" {
		pat = pat[:len(pat)-1] // C:\dir\* excludes everything in C:\dir
	}
	if len(parts) < len(pat) {
		return false
	}
	for i, p := range pat {
		if ok, err := path.Match(p, parts[i]); err != nil || !ok {
			return false
		}
	}
	return true
}

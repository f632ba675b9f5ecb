package windows

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/winenv"
)

// StalePath compares this process's environment with the one a
// newly started process would get, to catch terminals and IDEs started
// before Go (or a PATH change) was installed.
var StalePath = &check.Check{
	ID:    "windows/stale-path",
	Title: "Stale PATH (Windows)",
	Doc: check.Doc{
		What: "Builds the environment a program started now would get — the current user's default environment block (CreateEnvironmentBlock without inheritance, via golang.org/x/sys/windows Token.Environ(false)), " +
			"or, when that fails, the Path values of HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment and HKCU\\Environment with %VAR% references expanded — and compares its PATH, GOROOT and GOPATH with this process's. " +
			"Both PATH lists are normalised (variables expanded, quotes and trailing backslashes dropped, cleaned, compared case-insensitively). It also resolves go.exe in both lists.",
		Why: "On Windows a process's environment is a snapshot taken when it started. Installers (the Go MSI, winget, Scoop) and the System Properties dialog change the registry; only Explorer rebuilds its environment, " +
			"so a terminal or an IDE that was already running — and every terminal the IDE opens — keeps the old PATH. Go then seems missing or old right after installing it: " +
			"VS Code says `Failed to find the \"go\" binary in either GOROOT() or PATH(...). Check PATH, or Install Go and reload the window.` and the shell says `'go' is not recognized as an internal or external command, operable program or batch file.`",
		How: "Warning when PATH entries that a new process gets are missing from this process and one of them holds go.exe or a Go-related tool (gofmt, gopls, dlv, gcc, git, or the GOPATH/GOBIN bin directory) — especially when go.exe is then not found, or another go.exe runs. " +
			"Info when the missing entries hold nothing Go-related. Missing entries that do not exist on disk are ignored. Extra entries in this process are normal (IDEs, shells and virtual environments add them) and only listed as evidence. " +
			"Warning when GOROOT or GOPATH is set for new processes but not in this one; info when the values differ (the shell or IDE may set its own). Skipped on other systems and when neither source can be read.",
		Fix: "Restart the program this terminal came from: close the terminal and open a new one; when it runs inside VS Code, fully quit VS Code (File > Exit, every window) and start it again — opening a new terminal inside it is not enough. " +
			"To refresh only the current PowerShell session: `$env:Path = [Environment]::GetEnvironmentVariable('Path','Machine') + ';' + [Environment]::GetEnvironmentVariable('Path','User')`.",
		Errors: []string{
			"'go' is not recognized as an internal or external command, operable program or batch file.",
			"go : The term 'go' is not recognized as the name of a cmdlet, function, script file, or operable program.",
			"Failed to find the \"go\" binary in either GOROOT() or PATH(C:\\Windows\\system32;C:\\Windows). Check PATH, or Install Go and reload the window.",
		},
	},
	Run: runStalePath,
}

// stalePathRefresh reloads PATH from the registry in the current
// PowerShell session.
const stalePathRefresh = "$env:Path = [Environment]::GetEnvironmentVariable('Path','Machine') + ';' + [Environment]::GetEnvironmentVariable('Path','User')"

func runStalePath(pass *check.Pass) error {
	f := pass.Facts
	if f.GOOS() != "windows" {
		return check.Skip("not Windows")
	}
	fresh, err := winenv.New(f, "GOROOT", "GOPATH", "GOBIN")
	if err != nil {
		return check.Skip("cannot tell what environment a new process would get: %v", err)
	}
	procLookup := facts.EnvLookup(f.Environ())
	freshDirs := winenv.List(f, fresh.Path, fresh.Lookup)
	procDirs := winenv.List(f, f.Getenv("PATH"), procLookup)
	inProc := map[string]bool{}
	for _, d := range procDirs {
		inProc[winenv.Key(d)] = true
	}
	inFresh := map[string]bool{}
	for _, d := range freshDirs {
		inFresh[winenv.Key(d)] = true
	}
	var missing, missingGone, extra []string
	for _, d := range freshDirs {
		if inProc[winenv.Key(d)] {
			continue
		}
		if st, err := f.OS.Stat(d); err == nil && st.IsDir() {
			missing = append(missing, d)
		} else {
			missingGone = append(missingGone, d)
		}
	}
	for _, d := range procDirs {
		if !inFresh[winenv.Key(d)] {
			extra = append(extra, d)
		}
	}
	ide := stalePathIDE(f)
	ev := check.Evidence{
		check.F("environment of a new process", fresh.Source),
		check.F("PATH entries (this process / a new process)", fmt.Sprintf("%d / %d", len(procDirs), len(freshDirs))),
	}
	if ide != "" {
		ev = append(ev, check.F("this process was started by", ide))
	}
	if len(missing) > 0 {
		ev = append(ev, check.F("missing from this process", strings.Join(missing, "; ")))
	}
	if len(missingGone) > 0 {
		ev = append(ev, check.F("missing but not on disk (ignored)", strings.Join(missingGone, "; ")))
	}
	if len(extra) > 0 {
		ev = append(ev, check.F("only in this process (normal: shells and IDEs add entries)", strings.Join(extra, "; ")))
	}

	reported := false
	if len(missing) > 0 {
		stalePathReportPath(pass, fresh, freshDirs, missing, ide, ev)
		reported = true
	}
	for _, name := range []string{"GOROOT", "GOPATH"} {
		if stalePathReportVar(pass, fresh, name, ide) {
			reported = true
		}
	}
	if !reported {
		pass.Observe(fmt.Sprintf("This process's PATH has every entry a new process would get (%d entries; environment from %s)", len(freshDirs), fresh.Source), ev...)
	}
	return nil
}

// stalePathTools lists the Go-related programs in dir.
func stalePathTools(f *facts.Facts, dir string, binDirs []string) []string {
	var found []string
	for _, b := range binDirs {
		if b != "" && f.SamePath(dir, b) {
			found = append(found, "Go-installed tools (GOPATH/GOBIN bin)")
			break
		}
	}
	for _, t := range []string{"go", "gofmt", "gopls", "dlv", "gcc", "git"} {
		if f.Exists(f.JoinPath(dir, t+".exe")) {
			found = append(found, t+".exe")
		}
	}
	return found
}

// stalePathIDE names the program that started this process, when
// its environment says so.
func stalePathIDE(f *facts.Facts) string {
	switch {
	case f.Getenv("TERM_PROGRAM") == "vscode" || f.Getenv("VSCODE_PID") != "" || f.Getenv("VSCODE_IPC_HOOK_CLI") != "" || f.Getenv("VSCODE_GIT_IPC_HANDLE") != "":
		return "VS Code"
	case strings.HasPrefix(f.Getenv("TERMINAL_EMULATOR"), "JetBrains"):
		return "a JetBrains IDE (GoLand)"
	case f.Getenv("WT_SESSION") != "":
		return "Windows Terminal"
	}
	return ""
}

// stalePathRestart says what to restart, naming the IDE case.
func stalePathRestart(ide string) string {
	switch ide {
	case "VS Code":
		return "This terminal runs inside VS Code, which passes the environment it started with to every terminal and to the Go extension: fully quit VS Code (File > Exit, all windows; closing a window or opening a new terminal is not enough) and start it again."
	case "a JetBrains IDE (GoLand)":
		return "This terminal runs inside a JetBrains IDE, which passes the environment it started with to its terminals and tools: exit the IDE (File > Exit) and start it again."
	case "Windows Terminal":
		return "Close Windows Terminal (all its windows) and start it again; a terminal started from the Start menu or Explorer gets the new environment."
	}
	return "Restart your terminal, and any IDE you run Go from (fully quit VS Code: File > Exit — opening a new terminal inside it is not enough); programs started from the Start menu or Explorer get the new environment."
}

func stalePathReportPath(pass *check.Pass, fresh *winenv.Env, freshDirs, missing []string, ide string, ev check.Evidence) {
	f := pass.Facts
	binDirs := []string{f.Getenv("GOBIN"), fresh.Vars["GOBIN"]}
	for _, gp := range []string{f.Getenv("GOPATH"), fresh.Vars["GOPATH"]} {
		for _, e := range f.SplitList(gp) {
			binDirs = append(binDirs, f.JoinPath(e, "bin"))
		}
	}
	if up := f.Getenv("USERPROFILE"); up != "" && f.Getenv("GOPATH") == "" {
		binDirs = append(binDirs, f.JoinPath(up, "go", "bin"))
	}
	var relevant []string
	for _, d := range missing {
		if tools := stalePathTools(f, d, binDirs); len(tools) > 0 {
			relevant = append(relevant, d+" ("+strings.Join(tools, ", ")+")")
		}
	}
	freshGo := winenv.LookPath(f, freshDirs, "go")
	procGo, _ := f.LookPath("go")
	procGo = f.CleanPath(procGo)
	goMissing := false
	if freshGo != "" {
		k := winenv.Key(f.ParentDir(freshGo))
		for _, d := range missing {
			if winenv.Key(d) == k {
				goMissing = true
			}
		}
	}
	ev = append(ev, check.F("go.exe for a new process", cmp.Or(freshGo, "not found")), check.F("go.exe for this process", cmp.Or(procGo, "not found")))
	fix := &check.Fix{Description: stalePathRestart(ide) + " To refresh only the current PowerShell session, run the command below.", Commands: []string{stalePathRefresh}}
	started := "this process (or the terminal or IDE that started it) is older than the change"
	count := fmt.Sprintf("%d PATH %s that new programs get %s missing here", len(missing), english.Plural(len(missing), "entry", "entries"), english.Plural(len(missing), "is", "are"))
	switch {
	case goMissing && procGo == "":
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("go is not on this process's PATH, but a newly started program would find %s: this terminal or IDE was started before Go was installed.", freshGo),
			Detail: "Windows gives each process a copy of the environment when it starts; the installer changed the PATH in the registry, and only programs started since then see it. " +
				"Here `go` fails with `'go' is not recognized as an internal or external command, operable program or batch file.` (PowerShell: `The term 'go' is not recognized ...`), and VS Code's Go extension says `Failed to find the \"go\" binary in either GOROOT() or PATH(...)`.",
			Evidence: ev,
			Fix:      fix,
		})
	case goMissing && !f.SamePath(procGo, freshGo):
		pv, nv := stalePathGoVersion(f, procGo), stalePathGoVersion(f, freshGo)
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("This process runs %s%s, but a newly started program would run %s%s: %s.", procGo, pv, freshGo, nv, started),
			Detail:   "Windows gives each process a copy of the environment when it starts; the PATH in the registry now leads to another go.exe (usually a newer install), and only programs started since the change see it. Until then builds, `go version` and the editor use the old Go.",
			Evidence: ev,
			Fix:      fix,
		})
	case len(relevant) > 0:
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("%s, with Go-related programs: %s.", count, strings.Join(relevant, "; ")),
			Detail:   "Windows gives each process a copy of the environment when it starts, and " + started + ". Programs in those directories are not found here (`'gopls' is not recognized as an internal or external command ...`; editors report the tool as missing) although they work in a new terminal.",
			Evidence: ev,
			Fix:      fix,
		})
	default:
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s (%s); none holds Go-related programs.", count, strings.Join(missing, "; ")),
			Detail:   "Windows gives each process a copy of the environment when it starts, and " + started + ". Go is not affected, but programs in those directories are not found here.",
			Evidence: ev,
			Fix:      fix,
		})
	}
}

// stalePathReportVar compares GOROOT or GOPATH.
func stalePathReportVar(pass *check.Pass, fresh *winenv.Env, name, ide string) bool {
	f := pass.Facts
	nv, newSet := fresh.Vars[name]
	pv, procSet := f.LookupEnv(name)
	procSet = procSet && pv != ""
	ev := check.Evidence{
		check.F(name+" for a new process", cmp.Or(nv, "not set")),
		check.F(name+" in this process", cmp.Or(pv, "not set")),
		check.F("environment of a new process", fresh.Source),
	}
	if ide != "" {
		ev = append(ev, check.F("this process was started by", ide))
	}
	switch {
	case newSet && !procSet:
		effect := "the go command here uses the default GOPATH (%USERPROFILE%\\go), so modules, `go install`ed tools and their bin directory differ between this terminal and new ones."
		if name == "GOROOT" {
			effect = "the go command here finds its own installation, while new terminals use " + nv + " (go/goroot checks whether that GOROOT is right)."
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("%s is set for new programs (%s) but not in this process: it was set after this terminal or IDE started.", name, nv),
			Detail:   "Windows gives each process a copy of the environment when it starts, so a variable set since then (System Properties, `setx`, an installer) is missing here: " + effect,
			Evidence: ev,
			Fix: &check.Fix{
				Description: stalePathRestart(ide) + " To set it in the current PowerShell session only, run the command below.",
				Commands:    []string{settingfix.ShellSet("windows", name, nv)},
			},
		})
		return true
	case newSet && procSet && !f.SamePath(nv, pv) && nv != pv:
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s is %s in this process but %s for new programs.", name, pv, nv),
			Detail:   "Either it changed in the Windows environment settings after this terminal or IDE started, or the shell profile or IDE sets its own value. New terminals will use " + nv + ".",
			Evidence: ev,
			Fix:      &check.Fix{Description: stalePathRestart(ide) + " If the value here is the one you want, set it in the Windows environment settings instead."},
		})
		return true
	case !newSet && procSet:
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s is set in this process (%s) but not for new programs.", name, pv),
			Detail:   "Either it was removed from the Windows environment settings after this terminal or IDE started, or the shell profile, the IDE or a script sets it. New terminals will not have it.",
			Evidence: ev,
			Fix:      &check.Fix{Description: stalePathRestart(ide) + " If you want the value, set it in the Windows environment settings (System Properties > Environment Variables)."},
		})
		return true
	}
	return false
}

// stalePathGoVersion is " (go1.N.M)" from the VERSION file next to
// a go.exe, or "".
func stalePathGoVersion(f *facts.Facts, goExe string) string {
	if goExe == "" {
		return ""
	}
	if v, err := f.GorootVersion(f.ParentDir(f.ParentDir(goExe))); err == nil && strings.HasPrefix(v, "go") {
		return " (" + v + ")"
	}
	return ""
}

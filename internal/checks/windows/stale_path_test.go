package windows

import (
	"errors"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/winenv"
)

// stalePathTestOS is a clean Windows machine: Go installed in
// C:\Program Files\Go, GOPATH\bin on PATH, and this process's PATH the
// same as a new process's (spelled differently: case, trailing
// backslashes, an unexpanded variable).
func stalePathTestOS(t *testing.T) *factstest.WinOS {
	t.Helper()
	w := factstest.NewWindows()
	w.AddGo("C:/Program Files/Go", "go1.26.8", nil)
	w.AddDir("C:/Windows/system32")
	w.AddFile("C:/Users/me/go/bin/gopls.exe", "MZ", 0)
	w.Setenv("PATH", `C:\Windows\system32;C:\Program Files\Go\bin;C:\Users\me\go\bin`)
	w.Fresh = []string{`SystemRoot=C:\Windows`, `USERPROFILE=C:\Users\me`, `Path=C:\WINDOWS\System32\;"C:\Program Files\Go\bin\";%USERPROFILE%\go\bin;;`}
	return w
}

func TestStalePath_CleanHasNoFinding(t *testing.T) {
	w := stalePathTestOS(t)
	w.Setenv("PATH", `C:\Windows\system32;C:\Program Files\Go\bin;C:\Users\me\go\bin;C:\Users\me\AppData\Local\Programs\Microsoft VS Code\bin`)
	r := checktest.Run(t, StalePath, w, facts.Options{})
	checktest.Clean(t, r, "every entry")
	if !strings.Contains(checktest.Text(check.Finding{Evidence: r.Evidence}), "Microsoft VS Code") {
		t.Errorf("extra entry not in evidence: %v", r.Evidence)
	}
}

// Go installed while VS Code was running: its terminals have no go.
func TestStalePath_GoInstalledAfterIDEStarted(t *testing.T) {
	w := stalePathTestOS(t)
	w.Setenv("PATH", `C:\Windows\system32`)
	w.Setenv("TERM_PROGRAM", "vscode")
	r := checktest.Run(t, StalePath, w, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "go is not on this process's PATH", `C:\Program Files\Go\bin\go.exe`, "fully quit VS Code", "not recognized", "GetEnvironmentVariable('Path','Machine')")
	if len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != stalePathRefresh {
		t.Errorf("commands = %q", fd.Fix.Commands)
	}
}

// The old Go keeps running until the terminal restarts.
func TestStalePath_OldGoStillRuns(t *testing.T) {
	w := stalePathTestOS(t)
	w.AddGo("C:/Go", "go1.20.14", nil)
	w.Setenv("PATH", `C:\Go\bin;C:\Windows\system32;C:\Users\me\go\bin`)
	r := checktest.Run(t, StalePath, w, facts.Options{})
	checktest.Only(t, r, check.Warning, `This process runs C:\Go\bin\go.exe (go1.20.14)`, `C:\Program Files\Go\bin\go.exe (go1.26.8)`, "Restart your terminal")
}

// An IDE putting another Go first is not staleness: go/path-shadowing's
// business, not this check's.
func TestStalePath_InjectedGoIsNotStale(t *testing.T) {
	w := stalePathTestOS(t)
	w.AddGo("C:/sdk/go1.25.0", "go1.25.0", nil)
	w.Setenv("PATH", `C:\sdk\go1.25.0\bin;C:\Windows\system32;C:\Program Files\Go\bin;C:\Users\me\go\bin`)
	r := checktest.Run(t, StalePath, w, facts.Options{})
	checktest.Clean(t, r)
}

func TestStalePath_MissingGoBinIsWarning(t *testing.T) {
	w := stalePathTestOS(t)
	w.Setenv("PATH", `C:\Windows\system32;C:\Program Files\Go\bin`)
	r := checktest.Run(t, StalePath, w, facts.Options{})
	checktest.Only(t, r, check.Warning, `C:\Users\me\go\bin (Go-installed tools (GOPATH/GOBIN bin), gopls.exe)`)
}

func TestStalePath_MissingOtherEntryIsInfo(t *testing.T) {
	w := stalePathTestOS(t)
	w.AddFile("C:/Program Files/nodejs/node.exe", "MZ", 0)
	w.Fresh = append(w.Fresh[:2], `Path=C:\Windows\system32;C:\Program Files\Go\bin;C:\Users\me\go\bin;C:\Program Files\nodejs;C:\Gone\bin`)
	r := checktest.Run(t, StalePath, w, facts.Options{})
	fd := checktest.Only(t, r, check.Info, `C:\Program Files\nodejs`, "none holds Go-related programs")
	if strings.Contains(fd.Summary, `C:\Gone`) || !strings.Contains(checktest.Text(fd), `missing but not on disk (ignored): C:\Gone\bin`) {
		t.Errorf("a missing entry that does not exist must only be evidence:\n%s", checktest.Text(fd))
	}
}

// Without the token's block, the registry (system Path, then user Path,
// REG_EXPAND_SZ expanded) says the same.
func TestStalePath_RegistryFallback(t *testing.T) {
	w := stalePathTestOS(t)
	w.Fresh = nil
	w.FreshErr = errors.New("CreateEnvironmentBlock: access denied")
	w.SetReg(winenv.SystemKey, "Path", `%SystemRoot%\system32;C:\Program Files\Go\bin`, true)
	w.SetReg(winenv.UserKey, "Path", `%USERPROFILE%\go\bin;%GOBIN%`, true)
	w.SetReg(winenv.UserKey, "GOBIN", `C:\Users\me\tools`, false)
	w.AddFile("C:/Users/me/tools/dlv.exe", "MZ", 0)
	r := checktest.Run(t, StalePath, w, facts.Options{})
	checktest.Only(t, r, check.Warning, `C:\Users\me\tools (Go-installed tools (GOPATH/GOBIN bin), dlv.exe)`, "the registry", "access denied")
}

func TestStalePath_GopathSetAfterStart(t *testing.T) {
	w := stalePathTestOS(t)
	w.Fresh = append(w.Fresh, `GOPATH=D:\go`)
	r := checktest.Run(t, StalePath, w, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, `GOPATH is set for new programs (D:\go) but not in this process`, "Restart your terminal")
	if fd.Fix.Commands[0] != `$env:GOPATH = 'D:\go'` {
		t.Errorf("commands = %q", fd.Fix.Commands)
	}
}

func TestStalePath_GorootDiffersIsInfo(t *testing.T) {
	w := stalePathTestOS(t)
	w.Fresh = append(w.Fresh, `GOROOT=C:\Program Files\Go`)
	w.Setenv("GOROOT", `C:\Go`)
	r := checktest.Run(t, StalePath, w, facts.Options{})
	checktest.Only(t, r, check.Info, `GOROOT is C:\Go in this process but C:\Program Files\Go for new programs`)
}

func TestStalePath_Skips(t *testing.T) {
	for name, sys := range map[string]facts.OS{
		"linux": factstest.New(),
		"windows without a registry": func() facts.OS {
			o := factstest.New()
			o.OSName, o.Wd = "windows", `C:\work`
			o.AddDir("C:/work")
			return o
		}(),
		"nothing readable": func() facts.OS {
			w := factstest.NewWindows()
			w.FreshErr = errors.New("denied")
			w.AddRegKey(winenv.UserKey)
			return w
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			checktest.Skipped(t, checktest.Run(t, StalePath, sys, facts.Options{}))
		})
	}
}

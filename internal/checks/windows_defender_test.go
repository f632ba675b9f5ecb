package checks

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const windowsDefenderTestPaths = windowsDefenderKey + `\Exclusions\Paths`

func windowsDefenderTestOS(t *testing.T) *factstest.WinOS {
	t.Helper()
	w := factstest.NewWindows()
	w.AddGo("C:/Program Files/Go", "go1.26.8", map[string]string{"GOCACHE": `C:\Users\me\AppData\Local\go-build`, "GOMODCACHE": `C:\Users\me\go\pkg\mod`})
	w.Setenv("PATH", `C:\Program Files\Go\bin`)
	w.AddRegKey(windowsDefenderTestPaths)
	return w
}

func TestWindowsDefender_NothingExcludedIsInfo(t *testing.T) {
	w := windowsDefenderTestOS(t)
	r := checktest.Run(t, WindowsDefender, w, facts.Options{})
	fd := checktest.Only(t, r, check.Info, `project (C:\work)`, `GOCACHE (C:\Users\me\AppData\Local\go-build)`, `GOMODCACHE (C:\Users\me\go\pkg\mod)`, "no longer scanned")
	want := "Add-MpPreference -ExclusionPath 'C:\\Users\\me\\AppData\\Local\\go-build'"
	if len(fd.Fix.Commands) != 3 || fd.Fix.Commands[1] != want {
		t.Errorf("commands = %q", fd.Fix.Commands)
	}
}

func TestWindowsDefender_ExcludedHasNoFinding(t *testing.T) {
	w := windowsDefenderTestOS(t)
	w.SetRegInt(windowsDefenderTestPaths, `%LOCALAPPDATA%\go-build`, 0)
	w.SetRegInt(windowsDefenderTestPaths, `c:\users\me\go\`, 0)
	w.SetRegInt(windowsDefenderKey+`\Exclusions\Processes`, `go.exe`, 0)
	w.AddRegKey(windowsDefenderPolicyKey + `\Exclusions\Paths`)
	w.SetRegInt(windowsDefenderPolicyKey+`\Exclusions\Paths`, `C:\wor*`, 0)
	r := checktest.Run(t, WindowsDefender, w, facts.Options{})
	checktest.Clean(t, r, "excludes")
}

func TestWindowsDefender_PartlyExcluded(t *testing.T) {
	w := windowsDefenderTestOS(t)
	w.SetRegInt(windowsDefenderTestPaths, `C:\work\*`, 0)
	w.SetRegInt(windowsDefenderTestPaths, `C:\Users\*\AppData\Local\go-build`, 0)
	r := checktest.Run(t, WindowsDefender, w, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "GOMODCACHE")
	if strings.Contains(fd.Summary, "GOCACHE") || strings.Contains(fd.Summary, "project") {
		t.Errorf("summary = %q", fd.Summary)
	}
}

// Unreadable (not an administrator), off, or not Windows: say nothing.
func TestWindowsDefender_Skips(t *testing.T) {
	denied := windowsDefenderTestOS(t)
	denied.DenyReg(windowsDefenderTestPaths)
	off := windowsDefenderTestOS(t)
	off.SetRegInt(windowsDefenderKey+`\Real-Time Protection`, "DisableRealtimeMonitoring", 1)
	missing2 := factstest.NewWindows()
	for name, tc := range map[string]struct {
		sys  facts.OS
		want string
	}{
		"denied": {denied, "administrator"},
		"off":    {off, "real-time protection is off"},
		"no key": {missing2, "no Defender exclusion list"},
		"linux":  {factstest.New(), "not Windows"},
	} {
		t.Run(name, func(t *testing.T) {
			checktest.Skipped(t, checktest.Run(t, WindowsDefender, tc.sys, facts.Options{}), tc.want)
		})
	}
}

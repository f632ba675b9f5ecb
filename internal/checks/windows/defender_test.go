package windows

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const defenderTestPaths = defenderKey + `\Exclusions\Paths`

func defenderTestOS(t *testing.T) *factstest.WinOS {
	t.Helper()
	w := factstest.NewWindows()
	w.AddGo("C:/Program Files/Go", "go1.26.8", map[string]string{"GOCACHE": `C:\Users\me\AppData\Local\go-build`, "GOMODCACHE": `C:\Users\me\go\pkg\mod`})
	w.Setenv("PATH", `C:\Program Files\Go\bin`)
	w.AddRegKey(defenderTestPaths)
	return w
}

func TestDefender_NothingExcludedIsInfo(t *testing.T) {
	w := defenderTestOS(t)
	r := checktest.Run(t, Defender, w, facts.Options{})
	fd := checktest.Only(t, r, check.Info, `project (C:\work)`, `GOCACHE (C:\Users\me\AppData\Local\go-build)`, `GOMODCACHE (C:\Users\me\go\pkg\mod)`, "no longer scanned")
	want := "Add-MpPreference -ExclusionPath 'C:\\Users\\me\\AppData\\Local\\go-build'"
	if len(fd.Fix.Commands) != 3 || fd.Fix.Commands[1] != want {
		t.Errorf("commands = %q", fd.Fix.Commands)
	}
}

func TestDefender_ExcludedHasNoFinding(t *testing.T) {
	w := defenderTestOS(t)
	w.SetRegInt(defenderTestPaths, `%LOCALAPPDATA%\go-build`, 0)
	w.SetRegInt(defenderTestPaths, `c:\users\me\go\`, 0)
	w.SetRegInt(defenderKey+`\Exclusions\Processes`, `go.exe`, 0)
	w.AddRegKey(defenderPolicyKey + `\Exclusions\Paths`)
	w.SetRegInt(defenderPolicyKey+`\Exclusions\Paths`, `C:\wor*`, 0)
	r := checktest.Run(t, Defender, w, facts.Options{})
	checktest.Clean(t, r, "excludes")
}

func TestDefender_PartlyExcluded(t *testing.T) {
	w := defenderTestOS(t)
	w.SetRegInt(defenderTestPaths, `C:\work\*`, 0)
	w.SetRegInt(defenderTestPaths, `C:\Users\*\AppData\Local\go-build`, 0)
	r := checktest.Run(t, Defender, w, facts.Options{})
	fd := checktest.Only(t, r, check.Info, "GOMODCACHE")
	if strings.Contains(fd.Summary, "GOCACHE") || strings.Contains(fd.Summary, "project") {
		t.Errorf("summary = %q", fd.Summary)
	}
}

// Unreadable (not an administrator), off, or not Windows: say nothing.
func TestDefender_Skips(t *testing.T) {
	denied := defenderTestOS(t)
	denied.DenyReg(defenderTestPaths)
	off := defenderTestOS(t)
	off.SetRegInt(defenderKey+`\Real-Time Protection`, "DisableRealtimeMonitoring", 1)
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
			checktest.Skipped(t, checktest.Run(t, Defender, tc.sys, facts.Options{}), tc.want)
		})
	}
}

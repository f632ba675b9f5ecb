package wintest_test

import (
	"testing"

	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/wintest"
	"github.com/godx-dev/godx/internal/wintest/winreg"
)

// noGoPath is the machine Path without Go.
const noGoPath = `C:\windows\system32;C:\windows;C:\windows\system32\wbem`

// The go command comes from the machine Path in the registry, as the MSI
// installs it: a new terminal has it, and godx finds and runs it.
func TestGoFromMachinePath(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	r := u.Doctor(t, dir, nil, "--offline", "--only", "go/installed,go/path-shadowing,windows/stale-path")
	wintest.Expect(t, r, "go/installed", report.OK, `C:\Program Files\Go\bin\go.exe`, h.GoVersion)
	wintest.Expect(t, r, "go/path-shadowing", report.OK, "one go command on PATH")
	wintest.Expect(t, r, "windows/stale-path", report.OK)
	if r.Context.GOOS != "windows" || r.Context.Go != `C:\Program Files\Go\bin\go.exe` {
		t.Errorf("context %+v", r.Context)
	}
}

// The terminal was opened before the installer added Go to the machine
// Path: this process has no go, a new one would.
func TestStalePathAfterInstall(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	r := u.Doctor(t, dir, []string{"Path=" + noGoPath}, "--offline", "--only", "go/installed,windows/stale-path")
	wintest.Expect(t, r, "go/installed", report.Error)
	wintest.Expect(t, r, "windows/stale-path", report.Warning, `C:\Program Files\Go\bin\go.exe`)
}

// go.exe only on this process's PATH (set by a script, not in the
// registry): godx uses it, and an entry the registry lacks is no
// staleness.
func TestGoFromEnvironmentOnly(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	h.SetRegistry(t, winreg.Set(wintest.SystemEnvKey, "PATH", noGoPath, true))
	r := u.Doctor(t, dir, nil, "--offline", "--only", "go/installed,windows/stale-path")
	wintest.Expect(t, r, "go/installed", report.OK, `C:\Program Files\Go\bin\go.exe`)
	wintest.Expect(t, r, "windows/stale-path", report.OK)
}

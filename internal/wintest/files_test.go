package wintest_test

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/wintest"
	"github.com/godx-dev/godx/internal/wintest/winreg"
)

// godx fix converts CRLF .go files (what git's core.autocrlf=true checks
// out) to LF, backs them up under %LocalAppData%\godx, and undoes it.
func TestFixCRLFAndUndo(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	crlf := "package main\r\n\r\nimport \"fmt\"\r\n\r\nfunc main() { fmt.Println(\"hi\") }\r\n"
	file := u.WriteFile(t, `src\app\main.go`, crlf)

	r := u.Doctor(t, dir, nil, "--offline", "--only", "source/line-endings")
	wintest.Expect(t, r, "source/line-endings", report.Info, "main.go uses Windows line endings (CRLF)")

	res := u.Godx(t, dir, nil, "fix", "--yes", "--offline", "--only", "source/line-endings", "--timeout", wintest.Budget)
	if res.ExitCode != 0 {
		t.Fatalf("godx fix: %s", res)
	}
	if got := u.ReadFile(t, `src\app\main.go`); got != strings.ReplaceAll(crlf, "\r\n", "\n") {
		t.Errorf("after the fix %s is %q", file, got)
	}
	backups := h.Host(u.Path(`AppData\Local\godx\backups`))
	if !wintest.HasFile(backups, "journal.jsonl") {
		t.Errorf("no backup journal (journal.jsonl) under %s", backups)
	}
	r = u.Doctor(t, dir, nil, "--offline", "--only", "source/line-endings")
	wintest.Expect(t, r, "source/line-endings", report.OK)

	if res := u.Godx(t, dir, nil, "fix", "--undo"); res.ExitCode != 0 {
		t.Fatalf("godx fix --undo: %s", res)
	}
	if got := u.ReadFile(t, `src\app\main.go`); got != crlf {
		t.Errorf("after the undo %s is %q", file, got)
	}
}

// Windows PowerShell's profile: install the block and the user Path entry,
// uninstall both, and undo the uninstall.
func TestPowerShellProfileInstallUninstallUndo(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	h.SetRegistry(t, winreg.Delete(wintest.UserEnvKey, "Path")) // restored when the test ends
	profile := `Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`
	bin := u.Path(`go\bin`)

	res := u.Godx(t, dir, nil, "shell-init", "--install", "--shell", "powershell", "--scope", "user")
	if res.ExitCode != 0 {
		t.Fatalf("install: %s", res)
	}
	got := u.ReadFile(t, profile)
	if !strings.Contains(got, "# >>> godx >>>") || !strings.Contains(got, bin) && !strings.Contains(got, `$HOME\go\bin`) {
		t.Errorf("profile after install:\n%s\n%s", got, res)
	}
	if v, ok := h.Registry(t, wintest.UserEnvKey, "Path"); !ok || !strings.Contains(v, bin) && !strings.Contains(v, `%USERPROFILE%\go\bin`) {
		t.Errorf("user Path after install: %q (exists %v)\n%s", v, ok, res)
	}
	again := u.Godx(t, dir, nil, "shell-init", "--install", "--shell", "powershell", "--scope", "user")
	if again.ExitCode != 0 || u.ReadFile(t, profile) != got {
		t.Errorf("a second install changed something: %s", again)
	}

	res = u.Godx(t, dir, nil, "shell-init", "--uninstall", "--shell", "powershell", "--scope", "user")
	if res.ExitCode != 0 {
		t.Fatalf("uninstall: %s", res)
	}
	if after := u.ReadFile(t, profile); strings.Contains(after, "godx") {
		t.Errorf("profile after uninstall:\n%s", after)
	}
	if v, _ := h.Registry(t, wintest.UserEnvKey, "Path"); strings.Contains(strings.ToLower(v), `go\bin`) {
		t.Errorf("user Path after uninstall: %q", v)
	}

	if res := u.Godx(t, dir, nil, "fix", "--undo"); res.ExitCode != 0 {
		t.Fatalf("undo: %s", res)
	}
	if restored := u.ReadFile(t, profile); restored != got {
		t.Errorf("profile after undoing the uninstall:\n%s", restored)
	}
}

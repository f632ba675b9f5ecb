package wintest_test

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/wintest"
)

// A user name with a space and non-ASCII letters: every check runs, the
// paths are shown as they are, and commands quote them for PowerShell.
func TestNonASCIIUserWithSpaces(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "Zoë Ünal")
	dir := u.Module(t, `src\mein projekt`)
	r := u.Doctor(t, dir, nil, "--offline")
	for _, c := range r.Checks {
		if c.Status == report.Timeout || c.Status == report.Crashed || c.Status == report.Error {
			t.Errorf("%s: %s\n%s", c.ID, c.Status, wintest.Text(c))
		}
	}
	if r.Context.Dir != dir {
		t.Errorf("dir %q, want %q", r.Context.Dir, dir)
	}
	bin := u.Path(`go\bin`)
	wintest.Expect(t, r, "go/gobin-path", report.Info, bin, "';"+bin+"', 'User')")
	wintest.Expect(t, r, "go/gopath", report.OK, u.Path("go"))

	env := u.Godx(t, dir, nil, "env", "GOPATH", "GOMODCACHE")
	if !strings.Contains(env.Stdout, u.Path("go")) || !strings.Contains(env.Stdout, u.Path(`go\pkg\mod`)) {
		t.Errorf("godx env:\n%s", env)
	}

	res := u.Godx(t, dir, nil, "shell-init", "--install", "--shell", "pwsh")
	profile := u.ReadFile(t, `Documents\PowerShell\Microsoft.PowerShell_profile.ps1`)
	if res.ExitCode != 0 || !strings.Contains(profile, "# >>> godx >>>") {
		t.Errorf("pwsh profile of %s:\n%s\n%s", u.Name, profile, res)
	}
}

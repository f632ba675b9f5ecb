package wintest_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/wintest"
	"github.com/godx-dev/godx/internal/wintest/winreg"
)

// godx env names defaults in Windows notation and reads the real go.exe.
func TestEnvWindowsDefaults(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	res := u.Godx(t, dir, nil, "env", "--json")
	if res.ExitCode != 0 {
		t.Fatalf("godx env: %s", res)
	}
	var doc struct {
		Go       string `json:"go"`
		Settings []struct {
			Name, Value, Source, Note string
		} `json:"settings"`
	}
	if err := json.Unmarshal([]byte(res.Stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, res)
	}
	want := map[string][2]string{ // value, note
		"GOPATH":     {u.Path("go"), `%USERPROFILE%\go`},
		"GOMODCACHE": {u.Path(`go\pkg\mod`), `the first GOPATH entry + \pkg\mod`},
		"GOCACHE":    {u.Path(`AppData\Local\go-build`), `%LocalAppData%\go-build`},
		"GOENV":      {u.Path(`AppData\Roaming\go\env`), `%AppData%\go\env`},
	}
	for _, s := range doc.Settings {
		if w, ok := want[s.Name]; ok {
			if s.Value != w[0] || s.Source != "default" || s.Note != w[1] {
				t.Errorf("%s = %q (%s: %q), want %q (default: %q)", s.Name, s.Value, s.Source, s.Note, w[0], w[1])
			}
			delete(want, s.Name)
		}
	}
	if len(want) > 0 || doc.Go != `C:\Program Files\Go\bin\go.exe` {
		t.Errorf("go %q; settings missing: %v", doc.Go, want)
	}
	text := u.Godx(t, dir, nil, "env", "GOPATH")
	if !strings.Contains(text.Stdout, `default: %USERPROFILE%\go`) || strings.Contains(text.Stdout, "$HOME") {
		t.Errorf("godx env GOPATH:\n%s", text.Stdout)
	}
}

// GOROOT and GOPATH set in the user's environment (System Properties >
// Environment Variables): a new terminal has them; one opened before does
// not; a GOROOT naming an uninstalled Go breaks every go command.
func TestUserEnvironmentGOROOTAndGOPATH(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	// The variables reference system ones (%SystemDrive%), not the
	// profile's: Wine's environment block is its own user's, whatever
	// profile the scenario gives the process.
	h.SetRegistry(t,
		winreg.Set(wintest.UserEnvKey, "GOPATH", `%SystemDrive%\work\gopath`, true),
		winreg.Set(wintest.UserEnvKey, "GOROOT", `C:\Go`, false))

	// A terminal opened after the change has both.
	fresh := []string{`GOPATH=C:\work\gopath`, `GOROOT=C:\Go`}
	r := u.Doctor(t, dir, fresh, "--offline", "--only", "go/installed,go/goroot,windows/stale-path")
	wintest.Expect(t, r, "go/goroot", report.Error, `GOROOT is set (environment variable) to C:\Go, which does not exist`)
	wintest.Expect(t, r, "windows/stale-path", report.OK)
	env := u.Godx(t, dir, fresh, "env", "GOPATH")
	if !strings.Contains(env.Stdout, `C:\work\gopath`) || !strings.Contains(env.Stdout, "environment") {
		t.Errorf("godx env GOPATH:\n%s", env)
	}

	// One opened before has neither: godx says a restart brings them.
	r = u.Doctor(t, dir, nil, "--offline", "--only", "windows/stale-path")
	c := wintest.Expect(t, r, "windows/stale-path", report.Warning, "GOROOT is set for new programs",
		`GOPATH is set for new programs (C:\work\gopath)`, `$env:GOPATH = 'C:\work\gopath'`)
	if strings.Contains(wintest.Text(c), "%SystemDrive%") {
		t.Errorf("the user's GOPATH is shown unexpanded:\n%s", wintest.Text(c))
	}
}

// The go env -w file lives in %APPDATA%\go\env: godx reads it, names it as
// the source, and godx fix changes it through the real go.exe.
func TestEnvFileInAppData(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	u.WriteFile(t, `src\app\go.mod`, "module example.com/app\n\ngo 1.26\n\nrequire example.com/dep v1.0.0\n")
	envFile := u.WriteFile(t, `AppData\Roaming\go\env`, "GOFLAGS=-mod=vendor\nGOPRIVATE=example.com\n")

	r := u.Doctor(t, dir, nil, "--offline", "--only", "module/goflags,go/env-file")
	wintest.Expect(t, r, "module/goflags", report.Error, "-mod=vendor", "go env -w file "+envFile, "go env -u GOFLAGS")

	res := u.Godx(t, dir, nil, "fix", "--yes", "--offline", "--only", "module/goflags", "--timeout", wintest.Budget)
	if res.ExitCode != 0 {
		t.Fatalf("godx fix: %s", res)
	}
	got := u.ReadFile(t, `AppData\Roaming\go\env`)
	if strings.Contains(got, "GOFLAGS") || !strings.Contains(got, "GOPRIVATE=example.com") {
		t.Errorf("env file after the fix:\n%s", got)
	}
	r = u.Doctor(t, dir, nil, "--offline", "--only", "module/goflags")
	wintest.Expect(t, r, "module/goflags", report.OK)
}

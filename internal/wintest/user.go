package wintest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// User is a Windows user of one scenario: a profile folder of its own
// and the environment a terminal the user opens gets.
type User struct {
	h       *Harness
	Name    string
	Profile string // C:\users\<Name>
	env     []string
}

// NewUser creates the profile C:\users\<name> (Documents, AppData\Roaming,
// AppData\Local\Temp) and removes it when the test ends. Its environment
// is that of a new process on Windows: the system variables, the user's
// folders, PATH = the machine Path (the harness's registry value) with Go's
// bin. Names with spaces and non-ASCII letters are real Windows user names.
func (h *Harness) NewUser(t testing.TB, name string) *User {
	t.Helper()
	u := &User{h: h, Name: name, Profile: `C:\users\` + name}
	for _, d := range []string{`Documents`, `AppData\Roaming`, `AppData\Local\Temp`} {
		if err := os.MkdirAll(h.Host(u.Profile+`\`+d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { os.RemoveAll(h.Host(u.Profile)) })
	local := u.Profile + `\AppData\Local`
	u.env = []string{
		`ALLUSERSPROFILE=C:\ProgramData`,
		`APPDATA=` + u.Profile + `\AppData\Roaming`,
		`CommonProgramFiles=C:\Program Files\Common Files`,
		`COMPUTERNAME=WINTEST`,
		`ComSpec=C:\windows\system32\cmd.exe`,
		`HOMEDRIVE=C:`,
		`HOMEPATH=\users\` + name,
		`LOCALAPPDATA=` + local,
		`NUMBER_OF_PROCESSORS=2`,
		`OS=Windows_NT`,
		`Path=` + SystemPath,
		`PATHEXT=.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC`,
		`PROCESSOR_ARCHITECTURE=AMD64`,
		`ProgramData=C:\ProgramData`,
		`ProgramFiles=C:\Program Files`,
		`ProgramFiles(x86)=C:\Program Files (x86)`,
		`ProgramW6432=C:\Program Files`,
		`PSModulePath=C:\Program Files\WindowsPowerShell\Modules;C:\windows\system32\WindowsPowerShell\v1.0\Modules`,
		`PUBLIC=C:\users\Public`,
		`SystemDrive=C:`,
		`SystemRoot=C:\windows`,
		`TEMP=` + local + `\Temp`,
		`TMP=` + local + `\Temp`,
		`USERDOMAIN=WINTEST`,
		`USERNAME=` + name,
		`USERPROFILE=` + u.Profile,
		`windir=C:\windows`,
	}
	return u
}

// Env is the user's environment with changes: NAME=VALUE sets (names
// are case-insensitive, as on Windows), -NAME removes.
func (u *User) Env(changes ...string) []string {
	env := append([]string(nil), u.env...)
	for _, c := range changes {
		name, _, set := strings.Cut(strings.TrimPrefix(c, "-"), "=")
		env = removeVar(env, name)
		if set && !strings.HasPrefix(c, "-") {
			env = append(env, c)
		}
	}
	return env
}

func removeVar(env []string, name string) []string {
	out := env[:0]
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); !strings.EqualFold(k, name) {
			out = append(out, kv)
		}
	}
	return out
}

// Getenv returns a variable of the user's base environment.
func (u *User) Getenv(name string) string {
	for _, kv := range u.env {
		if k, v, _ := strings.Cut(kv, "="); strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// Path is the Windows path of a file under the profile (`src\app`).
func (u *User) Path(rel string) string { return u.Profile + `\` + rel }

// WriteFile writes a file under the profile (creating its folders),
// given a path relative to the profile.
func (u *User) WriteFile(t testing.TB, rel, content string) string {
	t.Helper()
	p := u.h.Host(u.Path(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return u.Path(rel)
}

// ReadFile reads a file under the profile ("" when it does not exist).
func (u *User) ReadFile(t testing.TB, rel string) string {
	t.Helper()
	data, err := os.ReadFile(u.h.Host(u.Path(rel)))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(data)
}

// Module writes a small module (go.mod and main.go, LF line endings)
// under the profile and returns its Windows path.
func (u *User) Module(t testing.TB, rel string) string {
	t.Helper()
	u.WriteFile(t, rel+`\go.mod`, "module example.com/app\n\ngo 1.26\n")
	u.WriteFile(t, rel+`\main.go`, "package main\n\nfunc main() {}\n")
	return u.Path(rel)
}

// Run runs a program as this user in dir with the user's environment
// plus changes (see Env).
func (u *User) Run(t testing.TB, dir string, changes []string, args ...string) *Result {
	t.Helper()
	return u.h.Run(t, Cmd{Env: u.Env(changes...), Dir: dir, Args: args})
}

// Godx runs godx.exe as this user in dir.
func (u *User) Godx(t testing.TB, dir string, changes []string, args ...string) *Result {
	t.Helper()
	return u.Run(t, dir, changes, append([]string{u.h.Godx()}, args...)...)
}

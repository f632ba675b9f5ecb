package shellinit

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/shellprofile"
)

// fakeUserEnv is the registry's user Path.
type fakeUserEnv struct {
	path      string
	sets      int
	broadcast int
	failSet   bool
}

func (u *fakeUserEnv) Path() (string, error) { return u.path, nil }
func (u *fakeUserEnv) SetPath(v string) error {
	if u.failSet {
		return errors.New("access denied")
	}
	u.path = v
	u.sets++
	return nil
}
func (u *fakeUserEnv) Broadcast() error { u.broadcast++; return nil }

func winExpand(s string) string {
	return expandWindows(s, func(k string) string {
		if strings.EqualFold(k, "USERPROFILE") {
			return `C:\Users\u`
		}
		return ""
	})
}

func TestUserPath_AddOnceAndRemoveOnlyWhatGodxAdded(t *testing.T) {
	state := t.TempDir()
	u := &fakeUserEnv{path: `%USERPROFILE%\AppData\Local\Microsoft\WindowsApps;C:\Tools\`}
	now := time.Unix(0, 0)
	added, err := addUserPath(u, []string{`C:\Users\u\go\bin`, `c:\tools`}, state, winExpand, now)
	if err != nil || len(added) != 1 || added[0] != `C:\Users\u\go\bin` {
		t.Fatalf("added %q, %v", added, err)
	}
	want := `%USERPROFILE%\AppData\Local\Microsoft\WindowsApps;C:\Tools\;C:\Users\u\go\bin`
	if u.path != want {
		t.Errorf("path = %q", u.path)
	}
	// Again: nothing to do (also when written with a variable).
	added, err = addUserPath(u, []string{`%USERPROFILE%\go\bin`}, state, winExpand, now)
	if err != nil || len(added) != 0 || u.sets != 1 {
		t.Errorf("second add: %q %v sets=%d", added, err, u.sets)
	}
	// The user adds something else meanwhile; uninstall leaves it.
	u.path += `;D:\mine`
	removed, err := removeUserPath(u, state, winExpand, now)
	if err != nil || len(removed) != 1 {
		t.Fatalf("removed %q, %v", removed, err)
	}
	if u.path != `%USERPROFILE%\AppData\Local\Microsoft\WindowsApps;C:\Tools\;D:\mine` {
		t.Errorf("after uninstall: %q", u.path)
	}
	removed, _ = removeUserPath(u, state, winExpand, now)
	if len(removed) != 0 {
		t.Errorf("second uninstall removed %q", removed)
	}
}

func TestUserPath_AlreadyThereIsNotRecorded(t *testing.T) {
	state := t.TempDir()
	u := &fakeUserEnv{path: `C:\Users\u\go\bin`}
	addUserPath(u, []string{`C:\Users\u\go\bin`}, state, winExpand, time.Now())
	removed, _ := removeUserPath(u, state, winExpand, time.Now())
	if len(removed) != 0 || u.path != `C:\Users\u\go\bin` {
		t.Errorf("godx removed an entry it did not add: %q", u.path)
	}
}

func TestUserPath_FailedWriteChangesNothing(t *testing.T) {
	u := &fakeUserEnv{path: `C:\x`, failSet: true}
	if _, err := addUserPath(u, []string{`C:\y`}, t.TempDir(), winExpand, time.Now()); err == nil || u.path != `C:\x` {
		t.Errorf("err = %v, path = %q", err, u.path)
	}
}

func TestExpandWindows(t *testing.T) {
	for in, want := range map[string]string{
		`%USERPROFILE%\go\bin`: `C:\Users\u\go\bin`,
		`%NOPE%\x`:             `%NOPE%\x`,
		`100%`:                 `100%`,
		`%%`:                   `%%`,
	} {
		if got := winExpand(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func newFacts(t *testing.T, o *factstest.OS) *facts.Facts {
	t.Helper()
	fx, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

func TestWantedDirs_GorootBinOnlyWhenNeeded(t *testing.T) {
	o := factstest.New()
	o.Setenv("HOME", "/home/u")
	o.Setenv("PATH", "/usr/bin")
	o.AddDir("/home/u")
	o.AddFile("/usr/local/go/bin/go", "", 0o755)

	// No go on PATH: the installation found in /usr/local/go is added.
	dirs, notes, _ := wantedDirs(newFacts(t, o), shellprofile.Bash, nil)
	if strings.Join(dirs, ",") != "/home/u/go/bin,/usr/local/go/bin" || len(notes) != 1 || !strings.Contains(notes[0], "GOROOT is not set") {
		t.Errorf("no go: %q %q", dirs, notes)
	}
	block := []byte(shellprofile.Block(shellprofile.Bash, "linux", "/home/u", dirs))

	// go on PATH through godx's block: still needed.
	o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.Setenv("PATH", "/usr/bin:/home/u/go/bin:/usr/local/go/bin")
	dirs, notes, _ = wantedDirs(newFacts(t, o), shellprofile.Bash, block)
	if strings.Join(dirs, ",") != "/home/u/go/bin,/usr/local/go/bin" || len(notes) != 0 {
		t.Errorf("go from the block: %q %q", dirs, notes)
	}

	// go on PATH by other means: not added, GOBIN from go env.
	o.AddGo("/usr/local/go", "go1.26.8", map[string]string{"GOBIN": "/home/u/bin"})
	dirs, _, _ = wantedDirs(newFacts(t, o), shellprofile.Bash, nil)
	if strings.Join(dirs, ",") != "/home/u/bin" {
		t.Errorf("go on PATH: %q", dirs)
	}
}

func TestProfilePath_AsksPowerShellOnWindows(t *testing.T) {
	o := factstest.New()
	o.OSName = "windows"
	o.Setenv("USERPROFILE", `C:\Users\u`)
	o.Setenv("PATH", `C:\Program Files\PowerShell\7`)
	o.Setenv("PATHEXT", ".EXE")
	o.AddFile(`C:/Program Files/PowerShell/7/pwsh.exe`, "", 0o755)
	o.AddCommand(`C:/Program Files/PowerShell/7/pwsh.exe`, func(ctx context.Context, c facts.Command) facts.Result {
		return factstest.Output(`C:\Users\u\OneDrive\Documents\PowerShell\Microsoft.PowerShell_profile.ps1` + "\r\n")
	})
	o.Wd = `C:\Users\u`
	o.AddDir(`C:/Users/u`)
	p, err := profilePath(context.Background(), newFacts(t, o), shellprofile.Pwsh)
	if err != nil || p != `C:\Users\u\OneDrive\Documents\PowerShell\Microsoft.PowerShell_profile.ps1` {
		t.Errorf("pwsh: %q, %v", p, err)
	}
	// Windows PowerShell is not installed here: the default location.
	p, err = profilePath(context.Background(), newFacts(t, o), shellprofile.PowerShell)
	if err != nil || !strings.HasSuffix(p, `Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`) {
		t.Errorf("powershell: %q, %v", p, err)
	}
}

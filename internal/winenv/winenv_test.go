package winenv_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/winenv"
)

func newFacts(t *testing.T, o facts.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestNew_EnvironmentBlock(t *testing.T) {
	w := factstest.NewWindows()
	w.Fresh = []string{`Path=C:\Go\bin;%USERPROFILE%\go\bin`, `gopath=D:\go`, `GOROOT=`, `USERPROFILE=C:\Users\new`}
	w.SetReg(winenv.UserKey, "Path", `C:\registry\is\not\read`, false)
	env, err := winenv.New(newFacts(t, w), "GOPATH", "GOROOT", "GOBIN")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(env.Source, "environment block") || env.Path != `C:\Go\bin;%USERPROFILE%\go\bin` {
		t.Errorf("source %q, path %q", env.Source, env.Path)
	}
	// Names are case-insensitive; an empty value is not set.
	if len(env.Vars) != 1 || env.Vars["GOPATH"] != `D:\go` {
		t.Errorf("vars = %v", env.Vars)
	}
	if v, _ := env.Lookup("UserProfile"); v != `C:\Users\new` {
		t.Errorf("Lookup(UserProfile) = %q, want the new environment's", v)
	}
}

// A block whose REG_EXPAND_SZ values were left unexpanded (Wine's
// CreateEnvironmentBlock) still gives the values a new process uses.
func TestNew_EnvironmentBlockExpandsLeftoverReferences(t *testing.T) {
	w := factstest.NewWindows()
	w.Fresh = []string{`Path=C:\Go\bin`, `GOPATH=%USERPROFILE%\gopath`, `USERPROFILE=C:\Users\Zoë Ünal`, `GOBIN=%NOSUCH%\bin`}
	env, err := winenv.New(newFacts(t, w), "GOPATH", "GOBIN")
	if err != nil {
		t.Fatal(err)
	}
	if env.Vars["GOPATH"] != `C:\Users\Zoë Ünal\gopath` || env.Vars["GOBIN"] != `%NOSUCH%\bin` {
		t.Errorf("vars = %q", env.Vars)
	}
}

func TestNew_RegistryFallback(t *testing.T) {
	w := factstest.NewWindows()
	w.FreshErr = errors.New("CreateEnvironmentBlock: access denied")
	w.SetReg(winenv.SystemKey, "Path", `%SystemRoot%\system32;C:\Program Files\Go\bin`, true)
	w.SetReg(winenv.SystemKey, "GOPATH", `C:\sys\go`, false)
	w.SetReg(winenv.UserKey, "Path", `%USERPROFILE%\go\bin;%GOBIN%`, true)
	w.SetReg(winenv.UserKey, "GOPATH", `%USERPROFILE%\go`, true)
	w.SetReg(winenv.UserKey, "GOBIN", `C:\Users\me\tools`, false)
	f := newFacts(t, w)
	env, err := winenv.New(f, "GOPATH", "GOBIN", "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(env.Source, "the registry") || !strings.Contains(env.Source, "access denied") {
		t.Errorf("source = %q", env.Source)
	}
	// The system Path, then the user's.
	if env.Path != `%SystemRoot%\system32;C:\Program Files\Go\bin;%USERPROFILE%\go\bin;%GOBIN%` {
		t.Errorf("path = %q", env.Path)
	}
	// The user's value wins, expanded with this process's variables.
	if env.Vars["GOPATH"] != `C:\Users\me\go` || env.Vars["GOBIN"] != `C:\Users\me\tools` || len(env.Vars) != 2 {
		t.Errorf("vars = %v", env.Vars)
	}
	got := winenv.List(f, env.Path, env.Lookup)
	want := []string{`C:\Windows\system32`, `C:\Program Files\Go\bin`, `C:\Users\me\go\bin`, `C:\Users\me\tools`}
	if !slices.Equal(got, want) {
		t.Errorf("List = %q, want %q", got, want)
	}
}

func TestNew_Unavailable(t *testing.T) {
	// Not Windows: no registry at all.
	if _, err := winenv.New(newFacts(t, factstest.New())); !errors.Is(err, facts.ErrWinRegistryUnavailable) {
		t.Errorf("Linux: err = %v", err)
	}
	// Windows, but neither the block nor a Path value.
	w := factstest.NewWindows()
	w.FreshErr = errors.New("denied")
	w.AddRegKey(winenv.UserKey)
	_, err := winenv.New(newFacts(t, w))
	if err == nil || !strings.Contains(err.Error(), "no Path value") || !strings.Contains(err.Error(), "denied") {
		t.Errorf("no Path: err = %v", err)
	}
}

func TestList(t *testing.T) {
	f := newFacts(t, factstest.NewWindows())
	lookup := facts.EnvLookup([]string{`USERPROFILE=C:\Users\me`})
	got := winenv.List(f, `C:\WINDOWS\System32\;"C:\Program Files\Go\bin\";%USERPROFILE%\go\bin;;c:\windows\system32; %UNSET%\bin ;C:\`, lookup)
	want := []string{`C:\WINDOWS\System32`, `C:\Program Files\Go\bin`, `C:\Users\me\go\bin`, `%UNSET%\bin`, `C:\`}
	if !slices.Equal(got, want) {
		t.Errorf("List = %q, want %q", got, want)
	}
	if winenv.Key(`C:\Go\BIN\`) != winenv.Key(`c:\go\bin`) {
		t.Error("Key must ignore case and trailing backslashes")
	}
}

func TestLookPath(t *testing.T) {
	w := factstest.NewWindows()
	w.AddFile("C:/a/go.bat", "@echo off", 0o755)
	w.AddFile("C:/b/go.exe", "MZ", 0o755)
	f := newFacts(t, w)
	if got := winenv.LookPath(f, []string{`relative\dir`, `C:\b`, `C:\a`}, "go"); got != `C:\b\go.exe` {
		t.Errorf("LookPath = %q", got)
	}
	// PATHEXT order within one directory: .COM before .EXE before .BAT.
	if got := winenv.LookPath(f, []string{`C:\a`, `C:\b`}, "go"); got != `C:\a\go.bat` {
		t.Errorf("LookPath = %q", got)
	}
	if got := winenv.LookPath(f, []string{`C:\a`}, "gopls"); got != "" {
		t.Errorf("LookPath(gopls) = %q", got)
	}
}

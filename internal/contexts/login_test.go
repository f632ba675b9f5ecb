package contexts

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

// profiles are the startup files each shell reads as a login, interactive
// shell; each puts $HOME/sdk/bin first on PATH, sets GOFLAGS, and prints
// a banner (which must not end up in the environment).
var profiles = map[string]map[string]string{
	"bash": {".bash_profile": "echo welcome\n. ~/.bashrc\n", ".bashrc": "export PATH=$HOME/sdk/bin:$PATH\nexport GOFLAGS=-mod=mod\n"},
	"zsh":  {".zshrc": "echo welcome\nexport PATH=$HOME/sdk/bin:$PATH\nexport GOFLAGS=-mod=mod\n"},
	"fish": {".config/fish/config.fish": "echo welcome\nset -gx PATH $HOME/sdk/bin $PATH\nset -gx GOFLAGS -mod=mod\n"},
}

func loginFacts(t *testing.T, home, shell string) *facts.Facts {
	t.Helper()
	env := []string{"HOME=" + home, "SHELL=" + shell, "PATH=/usr/bin:/bin", "XDG_CONFIG_HOME=" + filepath.Join(home, ".config")}
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: home, Environ: env, CommandTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestLoginShells(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix shells")
	}
	for name, files := range profiles {
		t.Run(name, func(t *testing.T) {
			shell, err := exec.LookPath(name)
			if err != nil {
				t.Skip(name, "is not installed")
			}
			home := t.TempDir()
			for rel, data := range files {
				p := filepath.Join(home, rel)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			c := Login(context.Background(), loginFacts(t, home, shell), time.Minute)
			if c.Err != nil {
				t.Fatal(c.Err)
			}
			path, _ := Lookup(c.Env, "PATH", false)
			flags, _ := Lookup(c.Env, "GOFLAGS", false)
			if !strings.HasPrefix(path, filepath.Join(home, "sdk/bin")+":") || flags != "-mod=mod" {
				t.Errorf("PATH=%q GOFLAGS=%q", path, flags)
			}
			for _, kv := range c.Env {
				if strings.Contains(kv, "welcome") {
					t.Errorf("the banner leaked into the environment: %q", kv)
				}
			}
		})
	}
}

// TestLoginHangs: a profile that waits forever is killed at the timeout
// and reported; its child does not outlive godx.
func TestLoginHangs(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	home := t.TempDir()
	os.WriteFile(filepath.Join(home, ".bash_profile"), []byte("sleep 1000\n"), 0o644)
	start := time.Now()
	c := Login(context.Background(), loginFacts(t, home, bash), 500*time.Millisecond)
	if c.Err == nil || !strings.Contains(c.Err.Error(), "did not finish within 500ms and was killed") {
		t.Fatalf("err = %v", c.Err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestLoginUnknownShell(t *testing.T) {
	home := t.TempDir()
	c := Login(context.Background(), loginFacts(t, home, "/bin/tcsh"), time.Second)
	want := "the login shell /bin/tcsh is not one godx knows how to start (bash, zsh, fish, PowerShell)"
	if runtime.GOOS == "windows" {
		// SHELL means nothing there: a new terminal runs PowerShell,
		// which this PATH (/usr/bin:/bin) does not hold.
		want = "neither pwsh nor powershell is on PATH"
	}
	if c.Err == nil || c.Err.Error() != want {
		t.Errorf("err = %v", c.Err)
	}
}

func TestParseLoginOutput(t *testing.T) {
	env, err := ParseLoginOutput([]byte("banner\x00with NUL\n\x00GODX-ENV\x00PATH=/a\x00GOFLAGS=-x\x00"))
	if err != nil || !reflect.DeepEqual(env, []string{"PATH=/a", "GOFLAGS=-x"}) {
		t.Errorf("%q %v", env, err)
	}
	if _, err := ParseLoginOutput([]byte("exit")); err == nil {
		t.Error("no marker: no error")
	}
	cmd, _ := LoginCommand(`C:\Program Files\PowerShell\7\pwsh.exe`)
	if cmd.Args[0] != "-NoLogo" {
		t.Errorf("pwsh args %q", cmd.Args)
	}
}

package ctxcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

const fakeGo = `#!/bin/sh
root=$(cd "$(dirname "$0")/.." && pwd)
case "$1" in
env) printf '{"GOROOT": "%s", "GOVERSION": "@V@", "GOENV": "off", "GOPATH": "%s/go", "GOFLAGS": "%s"}\n' "$root" "$HOME" "$GOFLAGS" ;;
version) echo "go version @V@ linux/amd64" ;;
*) exit 2 ;;
esac
`

// TestLoginStaleTerminal: the profile of a real bash puts a newer go
// first on PATH; this shell still has the old one.
func TestLoginStaleTerminal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix shells")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	d := t.TempDir()
	home := filepath.Join(d, "home")
	for dir, v := range map[string]string{"old": "go1.25.1", "home/sdk/go1.26.8": "go1.26.8"} {
		os.MkdirAll(filepath.Join(d, dir, "bin"), 0o755)
		os.WriteFile(filepath.Join(d, dir, "bin", "go"), []byte(strings.ReplaceAll(fakeGo, "@V@", v)), 0o755)
	}
	os.WriteFile(filepath.Join(home, ".bash_profile"), []byte("export PATH=$HOME/sdk/go1.26.8/bin:"+filepath.Join(d, "old", "bin")+":$PATH\n"), 0o644)
	env := []string{"PATH=" + filepath.Join(d, "old", "bin") + ":/usr/bin:/bin", "HOME=" + home, "SHELL=" + bash}
	r := checktest.Run(t, Login, facts.System{}, facts.Options{Dir: d, Environ: env})
	fd := checktest.Only(t, r, check.Info, "This terminal is stale: a new terminal differs in go and GOROOT.")
	want := "a new terminal runs " + filepath.Join(home, "sdk/go1.26.8/bin/go") + " (go1.26.8); your shell runs " + filepath.Join(d, "old/bin/go") + " (go1.25.1): a new terminal checks your code against Go 1.26."
	if !strings.HasPrefix(fd.Detail, want) {
		t.Errorf("detail %q\nwant %q", fd.Detail, want)
	}

	// A profile that hangs is killed and reported.
	defer func(d time.Duration) { loginLimit = d }(loginLimit)
	loginLimit = 500 * time.Millisecond
	os.WriteFile(filepath.Join(home, ".bash_profile"), []byte("sleep 1000\n"), 0o644)
	r = checktest.Run(t, Login, facts.System{}, facts.Options{Dir: d, Environ: env})
	checktest.Only(t, r, check.Info, "godx could not see what a new terminal gets: "+bash+" -l -i did not finish within 500ms and was killed: a profile (.bash_profile, .zshrc, config.fish...) may wait for input or a slow command.")
}

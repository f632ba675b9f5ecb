package goenvfile_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

// TestReadersAgreeWithRealGo gives the real go command a go env -w file
// and a $GOROOT/go.env with lines godx might misread (a name twice,
// spaces, CR, lower case, no '=', an empty name, a NUL byte)
// and compares what `go env -json` prints with what ParseEnvFile and
// ParseGorootEnvFile say applies. The variables compared are printed by
// go env as set, without validation.
func TestReadersAgreeWithRealGo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the GOROOT stand-in is made of symbolic links")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(goBin, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	realRoot := strings.TrimSpace(string(out))
	// A GOROOT whose go.env the test writes: links to everything else of
	// the real one.
	dir := t.TempDir()
	root := filepath.Join(dir, "goroot")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(realRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() != "go.env" {
			if err := os.Symlink(filepath.Join(realRoot, e.Name()), filepath.Join(root, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	names := []string{"GOPROXY", "GOSUMDB", "GOPRIVATE", "GOVCS"}
	for _, tc := range []struct{ name, user, goroot string }{
		{"a name twice in each file",
			"GOPRIVATE=user-first\nGOPRIVATE=user-last\n",
			"GOPROXY=goroot-first\nGOPROXY=goroot-last\nGOPRIVATE=goroot\n"},
		{"lines cmd/go skips",
			"  GOPROXY=spaces\ngoproxy=lower\nexport GOSUMDB=export\nGOVCS\n=GOVCS=x\n",
			"# GOPROXY=comment\nGOSUMDB=goroot\nGOVCS=public:git\n"},
		{"values kept verbatim",
			"GOPROXY= spaced \r\nGOSUMDB=\"quoted\"\nGOVCS=a=b\x00c\n",
			"GOPRIVATE=x\r"},
		{"no final newline", "GOPROXY=last-line", "GOSUMDB=root-last-line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			user := filepath.Join(dir, "env")
			if err := os.WriteFile(user, []byte(tc.user), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, "go.env"), []byte(tc.goroot), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(goBin, append([]string{"env", "-json"}, names...)...)
			cmd.Env = append(os.Environ(), "GOENV="+user, "GOROOT="+root, "GOTOOLCHAIN=local", "GOFLAGS=")
			for _, n := range names {
				cmd.Env = append(cmd.Env, n+"=")
			}
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go env: %v", err)
			}
			var got map[string]string
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("go env -json: %v\n%s", err, out)
			}
			userVars, rootVars := facts.ParseEnvFile([]byte(tc.user)), facts.ParseGorootEnvFile([]byte(tc.goroot))
			for _, n := range names {
				want, ok := userVars[n]
				if !ok {
					want, ok = rootVars[n]
				}
				if ok && want != got[n] {
					t.Errorf("%s: go env prints %q, godx reads %q", n, got[n], want)
				}
			}
		})
	}
}

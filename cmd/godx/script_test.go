package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/godx-dev/godx/internal/cli/root"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"godx": func() { os.Exit(root.Main()) },
	})
}

// TestScripts runs the end-to-end scenarios in testdata/script: each file is
// one user session in one (usually broken) environment. The environment is
// hermetic: HOME is a fresh folder under $WORK, and nothing from the
// developer's Go configuration (GOFLAGS, GOTOOLCHAIN, go env -w file) leaks
// in. The real go command on PATH is available to the scripts.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "..", "testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, "home")
			if err := os.MkdirAll(home, 0o755); err != nil {
				return err
			}
			env.Setenv("HOME", home)
			env.Setenv("USERPROFILE", home)
			// Keep the real build cache: some scenarios build code, and a
			// cold cache per script would make the suite slow.
			if cache, err := os.UserCacheDir(); err == nil {
				env.Setenv("GOCACHE", filepath.Join(cache, "go-build"))
			}
			return nil
		},
	})
}

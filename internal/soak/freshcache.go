package soak

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goenvfile"
)

// freshCacheEnv is the environment of a build whose build cache must be
// a fresh, empty folder (its caller adds GOCACHE). GOCACHEPROG, when set, answers the go
// command's cache requests instead of GOCACHE, so such a build would be
// handed cached results and prove nothing about reproducibility: it is
// left out of these builds, removed from the environment and, when the
// go env file sets it, from a copy of that file the build reads instead
// (GOENV), so every other setting is the user's. (An empty GOCACHEPROG=
// in the environment would not do: the go command then reads the file.)
func freshCacheEnv(ctx context.Context, goCmd, dir, tmp string, env []string) []string {
	out := make([]string, 0, len(env)+2)
	for _, kv := range env {
		if !strings.HasPrefix(kv, "GOCACHEPROG=") {
			out = append(out, kv)
		}
	}
	res := facts.System{}.Run(ctx, facts.Command{Path: goCmd, Args: []string{"env", "GOENV"}, Dir: dir, Env: out})
	file := strings.TrimSpace(string(res.Stdout))
	if res.Err != nil || file == "" || file == "off" {
		return out
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return out
	}
	trimmed := goenvfile.Unset(data, "GOCACHEPROG")
	if string(trimmed) == string(data) {
		return out
	}
	copyFile := filepath.Join(tmp, "goenv-without-gocacheprog")
	if err := os.WriteFile(copyFile, trimmed, 0o644); err != nil {
		return out
	}
	return append(out, "GOENV="+copyFile)
}

package difftest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/checks"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/diagnose"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// Checked are the checks whose verdicts the harness compares with the go
// command; go/installed is run too, since it speaks when `go env` fails.
var Checked = []string{
	"go/installed", "go/goroot", "go/gopath", "module/mode", "module/gomod",
	"module/toolchain", "module/gowork", "module/goflags", "cgo/compiler",
}

// GoCommands are the go commands run in every scenario, in this order
// (the first may download a toolchain the others then find cached).
// `go env -json` is what godx, gopls and editors run.
var GoCommands = [][]string{{"version"}, {"env"}, {"env", "-json"}, {"build", "./..."}, {"list", "./..."}}

// GoRun is one go command's outcome.
type GoRun struct {
	Args           []string
	Stdout, Stderr string // paths normalised (Normalize)
	Exit           int
}

// Failed reports whether the command exited non-zero.
func (r *GoRun) Failed() bool { return r.Exit != 0 }

// Outcome is a scenario after both sides ran.
type Outcome struct {
	Scenario Scenario
	Go       []*GoRun
	Report   *report.Report
	// Normalize turns the scenario's paths into placeholders, so that
	// godx's texts and the go command's can be compared.
	Normalize func(string) string
}

// Limit bounds every command and check of the harness: generous, so that
// a loaded machine slows the harness down but never fails it.
const Limit = 2 * time.Minute

// Run materialises s under dir (which must not exist yet), runs godx's
// doctor and then the go commands, and removes nothing: the caller owns
// dir.
func (fx *Fixture) Run(ctx context.Context, s Scenario, dir string) (*Outcome, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	if root, err = filepath.EvalSymlinks(root); err != nil {
		return nil, err
	}
	expand := strings.NewReplacer("$ROOT", root, "$HOME", filepath.Join(root, "home"), "$GOROOT", fx.GOROOT, "$PROXY", fx.Proxy).Replace
	for _, d := range []string{"home", "modcache", filepath.FromSlash(s.Dir)} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(s.Files))
	for name := range s.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(root, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				return nil, err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, []byte(expand(s.Files[name])), 0o644); err != nil {
			return nil, err
		}
	}
	for name, target := range s.Links {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.Symlink(expand(target), p); err != nil {
			return nil, err
		}
	}
	for _, name := range s.Cached {
		if err := fx.cache(name, filepath.Join(root, "modcache")); err != nil {
			return nil, err
		}
	}
	path := []string{filepath.Dir(fx.Go)}
	if len(s.OnPath) > 0 {
		bin := filepath.Join(root, "bin")
		if err := os.MkdirAll(bin, 0o755); err != nil {
			return nil, err
		}
		for _, name := range s.OnPath {
			if err := os.WriteFile(filepath.Join(bin, name), []byte(FakeGo(name, fx.Go)), 0o755); err != nil {
				return nil, err
			}
		}
		path = append([]string{bin}, path...)
	}
	if !s.NoCC {
		path = append(path, fx.CCDirs...)
	}
	env := map[string]string{
		"PATH":       strings.Join(path, string(os.PathListSeparator)),
		"HOME":       filepath.Join(root, "home"),
		"GOMODCACHE": filepath.Join(root, "modcache"),
		"GOCACHE":    fx.GOCACHE,
		"GOPROXY":    fx.Proxy,
		"GOSUMDB":    "off",
		// Nothing may reach the network: a request goes to a closed
		// loopback port and fails at once.
		"HTTP_PROXY": "http://127.0.0.1:1", "HTTPS_PROXY": "http://127.0.0.1:1",
		"LC_ALL": "C",
	}
	for _, k := range s.Unset {
		delete(env, k)
	}
	for k, v := range s.Env {
		env[k] = expand(v)
	}
	environ := make([]string, 0, len(env))
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	sort.Strings(environ)
	wd := filepath.Join(root, filepath.FromSlash(s.Dir))

	out := &Outcome{Scenario: s, Normalize: normalizer(root, fx.GOROOT)}
	// godx first: it must see the machine as the user does before typing
	// the go command (which may download a toolchain).
	if out.Report, err = Doctor(ctx, environ, wd); err != nil {
		return nil, err
	}
	for _, args := range GoCommands {
		out.Go = append(out.Go, fx.goRun(ctx, environ, wd, args, out.Normalize))
	}
	return out, nil
}

// Doctor runs godx's doctor through its one pipeline (the code behind
// `godx doctor`), on the real machine but with environ as the process
// environment and wd as the current directory.
func Doctor(ctx context.Context, environ []string, wd string) (*report.Report, error) {
	ios, _, _, _ := iostreams.Test()
	f := &command.Factory{IO: ios, OS: sandboxOS{env: environ, wd: wd}, Checks: checks.All}
	res, err := diagnose.Run(ctx, f, diagnose.Options{
		Only: Checked, Offline: true,
		Timeout: 3 * Limit, CheckTimeout: Limit, CommandLimit: Limit,
	})
	if err != nil {
		return nil, err
	}
	return res.Report, nil
}

// sandboxOS is the real machine with another environment and directory.
type sandboxOS struct {
	facts.System
	env []string
	wd  string
}

func (o sandboxOS) Environ() []string      { return o.env }
func (o sandboxOS) Getwd() (string, error) { return o.wd, nil }

func (fx *Fixture) goRun(ctx context.Context, environ []string, wd string, args []string, norm func(string) string) *GoRun {
	ctx, cancel := context.WithTimeout(ctx, Limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, fx.Go, args...)
	cmd.Dir, cmd.Env = wd, environ
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := &GoRun{Args: args, Stdout: norm(stdout.String()), Stderr: norm(stderr.String())}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.Exit = ee.ExitCode()
	default:
		r.Exit = -1
		r.Stderr += fmt.Sprintf("\ndifftest: %v", err)
	}
	return r
}

// cache puts toolchain name (from the template) into the module cache mc.
func (fx *Fixture) cache(name, mc string) error {
	ver := "v0.0.1-" + name + "." + toolchaintest.Host(name).GOOS + "-" + toolchaintest.Host(name).GOARCH
	if err := copyTree(filepath.Join(fx.CachedTemplate, "golang.org", "toolchain@"+ver), filepath.Join(mc, "golang.org", "toolchain@"+ver)); err != nil {
		return err
	}
	dl := filepath.Join("cache", "download", "golang.org", "toolchain", "@v")
	entries, err := os.ReadDir(filepath.Join(fx.CachedTemplate, dl))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ver+".") {
			if err := copyTree(filepath.Join(fx.CachedTemplate, dl, e.Name()), filepath.Join(mc, dl, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// Cleanup removes a scenario's directory (the go command leaves the
// module cache read-only).
func Cleanup(dir string) error {
	toolchaintest.MakeWritable(dir)
	return os.RemoveAll(dir)
}

// normalizer replaces the scenario root and GOROOT with placeholders.
func normalizer(root, goroot string) func(string) string {
	r := strings.NewReplacer(root, "$ROOT", goroot, "$GOROOT")
	return r.Replace
}

package difftest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// FakeMarker starts the line a fake toolchain prints on stderr before it
// hands a command to the local go command.
const FakeMarker = "difftest-fake-toolchain:"

// Fixture is what every scenario shares: the local go command, the
// file:// proxy of fake toolchains and a module cache holding one of them.
type Fixture struct {
	Root    string // holds the proxy, the cache template and the scenarios
	Go      string // the local go command
	GOROOT  string // its installation
	GOCACHE string // the build cache every scenario shares (safe: content-addressed)
	Proxy   string // file:// URL
	Vers    Versions
	// CachedTemplate is a module cache holding each fake toolchain,
	// copied into a scenario's module cache for Scenario.Cached.
	CachedTemplate string
	// CCDirs are the PATH directories a scenario gets unless NoCC: the
	// system directories (C compiler, sh).
	CCDirs []string
}

// NewFixture builds the fixture under root with the go command on PATH.
func NewFixture(ctx context.Context, root string) (*Fixture, error) {
	if runtime.GOOS == "windows" {
		return nil, fmt.Errorf("the fake toolchains are shell scripts")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return nil, err
	}
	if goCmd, err = filepath.EvalSymlinks(goCmd); err != nil {
		return nil, err
	}
	fx := &Fixture{Root: root, Go: goCmd}
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOROOT", "GOVERSION", "GOCACHE").Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		return nil, fmt.Errorf("go env printed %q", out)
	}
	fx.GOROOT, fx.GOCACHE = lines[0], lines[2]
	if fx.Vers, err = NewVersions(strings.TrimPrefix(lines[1], "go")); err != nil {
		return nil, err
	}
	var releases []toolchaintest.Release
	for _, name := range fx.Vers.Fakes() {
		r := toolchaintest.Host(name)
		r.Files = toolchaintest.Files(name, r.GOOS, r.GOARCH)
		r.Files["bin/go"] = FakeGo(name, filepath.Join(fx.GOROOT, "bin", "go"))
		releases = append(releases, r)
	}
	if fx.Proxy, err = toolchaintest.WriteProxy(filepath.Join(root, "proxy"), releases...); err != nil {
		return nil, err
	}
	fx.CachedTemplate = filepath.Join(root, "modcache-template")
	for _, name := range fx.Vers.Fakes() {
		// The go command's own download and unpacking, as a user's first
		// switch would do it.
		cmd := exec.CommandContext(ctx, goCmd, "version")
		cmd.Dir = root
		cmd.Env = []string{
			"PATH=" + filepath.Dir(goCmd) + string(os.PathListSeparator) + "/usr/bin:/bin",
			"HOME=" + filepath.Join(root, "home"), "GOMODCACHE=" + fx.CachedTemplate,
			"GOPROXY=" + fx.Proxy, "GOSUMDB=off", "GOTOOLCHAIN=" + name, "GOCACHE=" + fx.GOCACHE,
			"HTTP_PROXY=http://127.0.0.1:1", "HTTPS_PROXY=http://127.0.0.1:1",
		}
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "go version "+name+" ") {
			return nil, fmt.Errorf("installing the fake %s: %v\n%s", name, err, out)
		}
	}
	for _, d := range []string{"/usr/local/bin", "/usr/bin", "/bin"} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			fx.CCDirs = append(fx.CCDirs, d)
		}
	}
	return fx, nil
}

// FakeGo is bin/go of a fake toolchain: `go version` names the fake;
// every other command is handed to the local go command with its own
// installation (a switched-to toolchain never sees the user's GOROOT) and
// GOTOOLCHAIN=local, so that a fake go1.27.0 behaves like the local go
// except for its name and for refusing nothing a newer Go would accept.
func FakeGo(name, localGo string) string {
	return "#!/bin/sh\n" +
		"if [ \"$1\" = version ] && [ $# -eq 1 ]; then echo \"go version " + name + " " + runtime.GOOS + "/" + runtime.GOARCH + "\"; exit 0; fi\n" +
		"echo \"" + FakeMarker + " " + name + "\" >&2\n" +
		"unset GOROOT GOTOOLCHAIN_INTERNAL_SWITCH_VERSION GOTOOLCHAIN_INTERNAL_SWITCH_COUNT\n" +
		"GOTOOLCHAIN=local\nexport GOTOOLCHAIN\n" +
		"exec '" + localGo + "' \"$@\"\n"
}

// copyTree copies a module cache template: files keep their modes,
// directories are left writable so that the scenario can be removed.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm()|0o200)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

// Package wintest runs godx.exe and the official Windows go.exe as real
// Windows processes, under Wine, for the end-to-end tests in this
// directory. The harness itself (a Wine prefix with the Windows Go
// installed as the MSI does it) is built by .ci/wine/setup; the tests are
// skipped unless GODX_WINE_ROOT names a harness that is ready. See
// README.md, "Tested on Windows".
//
// Each scenario gets a user of its own: a profile folder under C:\users
// and the environment a new terminal of that user would have (the
// launcher program starts godx.exe with exactly that environment block,
// since Wine would otherwise put its own user's folders and Unix
// variables in). Registry edits are undone when the test ends; scenarios
// share one prefix, so they do not run in parallel.
package wintest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/wintest/winreg"
)

// Keys the scenarios edit.
const (
	SystemEnvKey = `HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment`
	UserEnvKey   = `HKCU\Environment`
	FileSystem   = `HKLM\SYSTEM\CurrentControlSet\Control\FileSystem`
	// GoRoot is where .ci/wine/setup installs the Windows Go, and
	// SystemPath the machine Path it writes (expanded).
	GoRoot     = `C:\Program Files\Go`
	SystemPath = `C:\windows\system32;C:\windows;C:\windows\system32\wbem;C:\windows\system32\WindowsPowershell\v1.0\;C:\Program Files\Go\bin`
)

// CommandTimeout bounds one program run under Wine: generous, so that a
// busy machine slows the suite down but only a hang fails it.
const CommandTimeout = 3 * time.Minute

// Harness is a ready Wine prefix and the programs built for it.
type Harness struct {
	Root      string // GODX_WINE_ROOT
	Prefix    string // the Wine prefix (Unix path)
	GoVersion string // the Windows Go installed in GoRoot ("go1.26.11")
	Overlay   string // the go build -overlay for binaries run here
	run       string // .ci/wine/run
	bin       string // C:\godx-test\bin, where godx.exe and the launcher are (Unix path)
}

// Open returns the harness named by GODX_WINE_ROOT, or "" and the reason
// it is not usable. repo is the module's root directory.
func Open(repo string) (*Harness, string) {
	root := os.Getenv("GODX_WINE_ROOT")
	if root == "" {
		return nil, "GODX_WINE_ROOT is not set (the Windows suite runs under Wine: .ci/wine/setup)"
	}
	ready, err := os.ReadFile(filepath.Join(root, "ready"))
	if err != nil {
		return nil, fmt.Sprintf("the Wine harness in %s is not ready (run .ci/wine/setup): %v", root, err)
	}
	h := &Harness{
		Root:      root,
		Prefix:    filepath.Join(root, "prefix"),
		GoVersion: strings.TrimSpace(string(ready)),
		Overlay:   filepath.Join(root, "overlay.json"),
		run:       filepath.Join(repo, ".ci", "wine", "run"),
	}
	h.bin = h.Host(`C:\godx-test\bin`)
	return h, ""
}

// Build cross-compiles the launcher, fakego and godx (the package
// cmd/godx of repo) for windows/amd64 into C:\godx-test\bin.
func (h *Harness) Build(repo string) error {
	if err := os.MkdirAll(h.bin, 0o755); err != nil {
		return err
	}
	for _, p := range []struct{ pkg, exe string }{
		{"./internal/wintest/launcher", "launcher.exe"},
		{"./internal/wintest/fakego", "fakego.exe"},
		{"./cmd/godx", "godx.exe"},
	} {
		cmd := exec.Command("go", "build", "-overlay", h.Overlay, "-o", filepath.Join(h.bin, p.exe), p.pkg)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", p.pkg, err, out)
		}
	}
	return nil
}

// Godx is godx.exe's Windows path.
func (h *Harness) Godx() string { return `C:\godx-test\bin\godx.exe` }

// FakeGo is the Linux path of fakego.exe, a go.exe for fake toolchains.
func (h *Harness) FakeGo() string { return filepath.Join(h.bin, "fakego.exe") }

// StartServer keeps the prefix's wineserver running between programs
// (starting one costs seconds). It reports whether it started it: a
// server already running (wineserver -p exits 2) is left to its owner.
//
// It then starts Wine's own services (winedevice.exe, services.exe...)
// with a trivial program whose output goes nowhere: they outlive the
// program that started them and keep its stdout and stderr open, so the
// first program a test waits for would otherwise never seem to finish.
func (h *Harness) StartServer() (started bool, err error) {
	err = h.wineserver("-p")
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 2 {
		err = nil // already running
	} else if err == nil {
		started = true
	}
	if err != nil {
		return false, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), CommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.run, "cmd.exe", "/c", "exit")
	cmd.Env = append(os.Environ(), "GODX_WINE_ROOT="+h.Root)
	return started, cmd.Run()
}

// StopServer stops the prefix's wineserver and every Windows program
// still running in it.
func (h *Harness) StopServer() error { return h.wineserver("-k") }

func (h *Harness) wineserver(arg string) error {
	cmd := exec.Command("wineserver", arg)
	cmd.Env = append(os.Environ(), "WINEPREFIX="+h.Prefix)
	return cmd.Run()
}

// Host is the Linux path of a Windows path on drive C: (or Z:, Wine's
// view of the Linux root).
func (h *Harness) Host(win string) string {
	rest := strings.ReplaceAll(win[2:], `\`, "/")
	switch strings.ToUpper(win[:2]) {
	case "C:":
		return filepath.Join(h.Prefix, "drive_c", rest)
	case "Z:":
		return filepath.Clean("/" + rest)
	}
	panic("wintest: not a C: or Z: path: " + win)
}

// Win is the Windows path of a Linux path.
func (h *Harness) Win(host string) string {
	c := filepath.Join(h.Prefix, "drive_c")
	if rel, err := filepath.Rel(c, host); err == nil && !strings.HasPrefix(rel, "..") {
		return `C:\` + strings.ReplaceAll(rel, "/", `\`)
	}
	return `Z:` + strings.ReplaceAll(host, "/", `\`)
}

// Result is a finished program.
type Result struct {
	Args           []string
	Stdout, Stderr string
	ExitCode       int
}

// String shows the run for a failure message.
func (r *Result) String() string {
	return fmt.Sprintf("%q: exit %d\n--- stdout\n%s--- stderr\n%s", r.Args, r.ExitCode, r.Stdout, r.Stderr)
}

// Cmd is a program to start in the prefix.
type Cmd struct {
	Env  []string // the complete environment (User.Env)
	Dir  string   // Windows path
	Args []string // Args[0]: a Windows path, or a name looked up in Env's PATH
}

// Run starts c through the launcher and waits for it. A failure of the
// harness itself (not the program's exit status) fails the test.
func (h *Harness) Run(t testing.TB, c Cmd) *Result {
	t.Helper()
	data, err := json.Marshal(struct {
		Env  []string `json:"env"`
		Dir  string   `json:"dir"`
		Args []string `json:"args"`
	}{c.Env, c.Dir, c.Args})
	if err != nil {
		t.Fatal(err)
	}
	res := h.launch(t, "run", data)
	res.Args = c.Args
	if res.ExitCode == 125 && strings.HasPrefix(res.Stderr, "launcher:") {
		t.Fatalf("launcher failed: %s", res)
	}
	return res
}

// SetRegistry applies ops in the prefix's registry and restores every
// value they touched when the test ends.
func (h *Harness) SetRegistry(t testing.TB, ops ...winreg.Op) {
	t.Helper()
	data, err := json.Marshal(ops)
	if err != nil {
		t.Fatal(err)
	}
	res := h.launch(t, "reg", data)
	var undo []winreg.Op
	if res.ExitCode != 0 || json.Unmarshal([]byte(res.Stdout), &undo) != nil {
		t.Fatalf("registry edit failed: %s", res)
	}
	t.Cleanup(func() {
		if len(undo) == 0 {
			return
		}
		data, _ := json.Marshal(undo)
		if res := h.launch(t, "reg", data); res.ExitCode != 0 {
			t.Errorf("registry restore failed: %s", res)
		}
	})
}

// Registry returns a value of the prefix's registry: its data, and
// false when it does not exist.
func (h *Harness) Registry(t testing.TB, key, name string) (string, bool) {
	t.Helper()
	data, _ := json.Marshal([]winreg.Op{{Key: key, Name: name}})
	res := h.launch(t, "query", data)
	var cur []winreg.Op
	if res.ExitCode != 0 || json.Unmarshal([]byte(res.Stdout), &cur) != nil || len(cur) != 1 {
		t.Fatalf("registry query failed: %s", res)
	}
	return cur[0].Value, cur[0].Type != ""
}

// launch runs the launcher with a request file.
func (h *Harness) launch(t testing.TB, mode string, request []byte) *Result {
	t.Helper()
	dir, err := os.MkdirTemp(h.Root, "launch-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "request.json")
	if err := os.WriteFile(file, request, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), CommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.run, `C:\godx-test\bin\launcher.exe`, mode, h.Win(file))
	cmd.Env = append(os.Environ(), "GODX_WINE_ROOT="+h.Root)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// Should a Wine service start now after all (see StartServer), it
	// would hold the pipes open: stop waiting for them once the program
	// has exited and its output is read.
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	res := &Result{Stdout: stdout.String(), Stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		res.ExitCode = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("wine: %v\n%s", err, res)
	}
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish within %v\n%s", mode, CommandTimeout, res)
	}
	return res
}

// LinkTree copies the directory tree src to dst (both Linux paths) with
// hard links: a second Go installation in seconds and without its 250 MB.
// Nothing may write to a linked file: it is the original's content.
func LinkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return os.Link(p, target)
	})
}

// HasFile reports whether a file called name exists anywhere under dir
// (a Linux path).
func HasFile(dir, name string) bool {
	found := false
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == name {
			found = true
		}
		return nil
	})
	return found
}

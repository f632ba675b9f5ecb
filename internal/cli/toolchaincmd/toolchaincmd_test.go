package toolchaincmd_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/toolchaincmd"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// run runs `godx toolchain args...` in dir and returns stdout, stderr and
// the error.
func run(t testing.TB, dir string, args ...string) (string, string, error) {
	t.Helper()
	return runIO(t, nil, dir, args...)
}

func runIO(t testing.TB, setup func(*iostreams.IOStreams), dir string, args ...string) (string, string, error) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	if setup != nil {
		setup(ios)
	}
	f := &command.Factory{IO: ios, OS: facts.System{}}
	cmd := toolchaincmd.NewCmd(f)
	cmd.SetArgs(append(args, "--dir", dir))
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

func mustRun(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, errOut, err := run(t, dir, args...)
	if err != nil {
		t.Fatalf("godx toolchain %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

func exitCode(err error) int {
	var e *command.ExitError
	if errors.As(err, &e) {
		return e.Code
	}
	return -1
}

func host(names ...string) []toolchaintest.Release {
	var rs []toolchaintest.Release
	for _, n := range names {
		rs = append(rs, toolchaintest.Host(n))
	}
	return rs
}

func modDir(s *toolchaintest.Sandbox, name string) string {
	return filepath.Join(s.ModCache, "golang.org", "toolchain@"+toolchaintest.Host(name).ModVersion())
}

func TestInstallAndList(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.98.2", "go1.99.0", "go1.99.1", "go1.100rc1")...)
	out, errOut, err := run(t, s.Home, "install", "1.99")
	if err != nil {
		t.Fatal(err, errOut)
	}
	for _, want := range []string{"installed go1.99.1 in " + modDir(s, "go1.99.1"), "go version go1.99.1", "not checked against a checksum database"} {
		if !strings.Contains(out, want) {
			t.Errorf("install output lacks %q:\n%s", want, out)
		}
	}
	// Plain progress lines on a pipe.
	for _, want := range []string{"1.99: go1.99.1 (the newest go1.99 release)", "downloading go1.99.1 for ", "GOPROXY=file://"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "\r") {
		t.Errorf("terminal control characters on a pipe: %q", errOut)
	}
	out = mustRun(t, s.Home, "install", "go1.99.1")
	if !strings.Contains(out, "go1.99.1 is already installed in") {
		t.Errorf("second install: %s", out)
	}
	out = mustRun(t, s.Home, "install", "latest", "go1.100rc1", "1.98.2")
	if !strings.Contains(out, "go1.99.1 is already installed") {
		t.Errorf("install latest: %s", out)
	}

	out = mustRun(t, s.Home, "list")
	for _, want := range []string{"go1.100rc1", "go1.99.1", "go1.98.2", "module cache", "* runs in " + s.Home} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "go1.99.0") {
		t.Errorf("list shows a toolchain that was not installed:\n%s", out)
	}
	var inv toolchain.Inventory
	if err := json.Unmarshal([]byte(mustRun(t, s.Home, "list", "--json")), &inv); err != nil {
		t.Fatal(err)
	}
	if inv.Schema != "godx.toolchains/v1" || inv.Choice == nil || !inv.Choice.Local {
		t.Errorf("json inventory = %+v", inv)
	}
	n := 0
	for _, tc := range inv.Toolchains {
		if tc.Source == toolchain.SourceModCache {
			n++
			if tc.Size <= 0 || tc.Active {
				t.Errorf("%+v", tc)
			}
		}
	}
	if n != 3 || inv.Toolchains[0].Name != "go1.100rc1" {
		t.Errorf("module cache toolchains = %d, first %s; want 3, newest first", n, inv.Toolchains[0].Name)
	}
}

func TestInstallTerminalProgress(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.99.1")...)
	saved := toolchain.ProgressInterval
	toolchain.ProgressInterval = time.Millisecond // report at once
	defer func() { toolchain.ProgressInterval = saved }()
	_, errOut, err := runIO(t, func(ios *iostreams.IOStreams) { ios.SetStderrTTY(true) }, s.Home, "install", "1.99.1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut, "\r\x1b[K") || strings.Contains(errOut, "downloading go1.99.1 for") {
		t.Errorf("stderr on a terminal = %q", errOut)
	}
	if !strings.HasSuffix(errOut, "\r\x1b[K") {
		t.Errorf("the live line is not cleared at the end: %q", errOut)
	}
}

func TestInstallGoMod(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.99.0", "go1.99.1")...)
	os.WriteFile(filepath.Join(s.Home, "go.mod"), []byte("module m\n\ngo 1.99\n"), 0o666)
	out, errOut, err := run(t, s.Home, "install", "go.mod")
	if err != nil {
		t.Fatal(err, errOut)
	}
	// go 1.99 means go1.99.0 to the go command.
	if !strings.Contains(out, "installed go1.99.0") || !strings.Contains(errOut, "go.mod go line") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errOut)
	}
}

func TestInstallErrors(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.99.1", "go1.100rc1")...)
	for _, c := range []struct{ arg, want string }{
		{"../../etc/passwd", "is not a Go version"},
		{"1.99.1/../../x", "is not a Go version"},
		{"1.99.2", "go1.99.2 is not available for"},
		{"1.98", "offers no go1.98 release"},
		{"1.100", "only pre-releases: go1.100rc1"},
		{"go.mod", "no go.mod or go.work"},
	} {
		_, _, err := run(t, s.Home, "install", c.arg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("install %s: %v, want %q", c.arg, err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(s.ModCache, "golang.org")); err == nil {
		entries, _ := os.ReadDir(filepath.Join(s.ModCache, "golang.org"))
		if len(entries) != 0 {
			t.Errorf("failed installs left %v", entries)
		}
	}
}

func TestNoGoCommand(t *testing.T) {
	s := toolchaintest.Setup(t)
	t.Setenv("PATH", t.TempDir())
	_, _, err := run(t, s.Home, "list")
	// (this machine's /usr/local/go, when there is one, is named as
	// installed but not on PATH)
	if err == nil || !strings.Contains(err.Error(), "no go command on PATH") ||
		!strings.Contains(err.Error(), "godx toolchain install VERSION") && !strings.Contains(err.Error(), "to PATH") {
		t.Fatalf("err = %v", err)
	}
}

func TestListRemote(t *testing.T) {
	s := toolchaintest.Setup(t, append(host("go1.98.2", "go1.99.1", "go1.100rc1"),
		toolchaintest.Release{Name: "go1.101.0", GOOS: "plan9", GOARCH: "arm"})...)
	mustRun(t, s.Home, "install", "1.99.1")
	out := mustRun(t, s.Home, "list", "--remote")
	if !strings.Contains(out, "go1.99.1  installed: "+modDir(s, "go1.99.1")) || strings.Contains(out, "go1.100rc1") ||
		strings.Contains(out, "go1.101.0") || !strings.Contains(out, "fetched now") {
		t.Errorf("list --remote:\n%s", out)
	}
	if strings.Index(out, "go1.99.1") > strings.Index(out, "go1.98.2") {
		t.Errorf("not newest first:\n%s", out)
	}
	out = mustRun(t, s.Home, "list", "--remote", "--all")
	if !strings.Contains(out, "go1.100rc1") || !strings.Contains(out, "cached") {
		t.Errorf("list --remote --all:\n%s", out)
	}
	// The cached list is used for a day, and offline.
	os.RemoveAll(filepath.Join(s.Proxy, "golang.org"))
	out = mustRun(t, s.Home, "list", "--remote", "--offline", "--json")
	var doc toolchaincmd.Releases
	if err := json.Unmarshal([]byte(out), &doc); err != nil || !doc.Cached || len(doc.Releases) != 2 {
		t.Errorf("offline list: %v %+v", err, doc)
	}
	if _, _, err := run(t, s.Home, "list", "--remote", "--refresh"); err == nil {
		t.Error("--refresh with the proxy gone succeeded")
	}
}

func TestUseProject(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.99.1")...)
	gomod := filepath.Join(s.Home, "go.mod")
	os.WriteFile(gomod, []byte("module m\n\ngo 1.22\n"), 0o666)
	out := mustRun(t, s.Home, "use", "1.99.1")
	data, _ := os.ReadFile(gomod)
	if !strings.Contains(string(data), "toolchain go1.99.1") || !strings.Contains(string(data), "go 1.22\n") {
		t.Errorf("go.mod = %s", data)
	}
	for _, want := range []string{"toolchain go1.99.1 (was (none))", "undo: go mod edit -toolchain=none " + gomod,
		"GOTOOLCHAIN=local ignores toolchain lines", "not installed yet"} {
		if !strings.Contains(out, want) {
			t.Errorf("use output lacks %q:\n%s", want, out)
		}
	}
	// The go line is never lowered.
	os.WriteFile(gomod, []byte("module m\n\ngo 1.100.0\n"), 0o666)
	_, _, err := run(t, s.Home, "use", "--project", "1.99.1")
	if err == nil || !strings.Contains(err.Error(), "newer than go1.99.1") {
		t.Errorf("err = %v", err)
	}
	if data, _ := os.ReadFile(gomod); strings.Contains(string(data), "toolchain") {
		t.Errorf("go.mod changed: %s", data)
	}
	// Outside a module: --global is needed.
	if _, _, err := run(t, t.TempDir(), "use", "1.99.1"); !command.IsUsage(err) {
		t.Errorf("use outside a module: %v", err)
	}
}

func TestUseGlobal(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.99.1")...)
	os.Unsetenv("GOTOOLCHAIN") // so that the go env file decides
	t.Cleanup(func() { os.Setenv("GOTOOLCHAIN", "local") })
	out := mustRun(t, s.Home, "use", "--global", "1.99.1")
	env, _ := os.ReadFile(os.Getenv("GOENV"))
	if !strings.Contains(string(env), "GOTOOLCHAIN=go1.99.1+auto") {
		t.Errorf("go env file = %q", env)
	}
	if !strings.Contains(out, "undo: GOTOOLCHAIN=local go env -u GOTOOLCHAIN") {
		t.Errorf("output:\n%s", out)
	}
	out = mustRun(t, s.Home, "use", "--global", "--exact", "1.99.1")
	env, _ = os.ReadFile(os.Getenv("GOENV"))
	if !strings.Contains(string(env), "GOTOOLCHAIN=go1.99.1\n") || !strings.Contains(out, "(was go1.99.1+auto)") ||
		!strings.Contains(out, "undo: go env -w GOTOOLCHAIN=go1.99.1+auto") {
		t.Errorf("go env file = %q\noutput:\n%s", env, out)
	}
	// Set in the environment: the go env file does not count; say so.
	t.Setenv("GOTOOLCHAIN", "local")
	out = mustRun(t, s.Home, "use", "--global", "1.99.1")
	if !strings.Contains(out, "is set in your environment and overrides the go env file") {
		t.Errorf("output:\n%s", out)
	}
}

func TestLink(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.99.1")...)
	gobin := filepath.Join(s.Home, "bin")
	t.Setenv("GOBIN", gobin)
	if _, _, err := run(t, s.Home, "link", "1.99.1"); err == nil || !strings.Contains(err.Error(), "not installed") {
		t.Fatalf("link before install: %v", err)
	}
	mustRun(t, s.Home, "install", "1.99.1")
	out := mustRun(t, s.Home, "link", "1.99.1")
	link := filepath.Join(gobin, "go1.99.1")
	if !strings.Contains(out, link+" runs go1.99.1") || !strings.Contains(out, "is not on PATH") {
		t.Errorf("link output:\n%s", out)
	}
	res, err := exec.Command(link, "version").Output()
	if err != nil || !strings.Contains(string(res), "go version go1.99.1") {
		t.Fatalf("%s version: %s %v", link, res, err)
	}
	// With GOBIN on PATH the go command's own switching runs it.
	t.Setenv("PATH", gobin+string(os.PathListSeparator)+os.Getenv("PATH"))
	sw := exec.Command("go", "version")
	sw.Dir = s.Home
	sw.Env = append(os.Environ(), "GOTOOLCHAIN=go1.99.1", "GODEBUG=toolchaintrace=1")
	res, err = sw.CombinedOutput()
	if err != nil || !strings.Contains(string(res), "go version go1.99.1") || !strings.Contains(string(res), "PATH") {
		t.Errorf("GOTOOLCHAIN=go1.99.1 go version: %s %v", res, err)
	}
	inv := mustRun(t, s.Home, "list")
	if !strings.Contains(inv, link) {
		t.Errorf("list does not show the link:\n%s", inv)
	}
	// A file godx did not make is left alone.
	other := filepath.Join(gobin, "go1.98.0")
	os.WriteFile(other, []byte("#!/bin/sh\n"), 0o755)
	if _, _, err := run(t, s.Home, "link", "--remove", "1.98.0"); err == nil {
		t.Error("link --remove removed a foreign file")
	}
	out = mustRun(t, s.Home, "link", "--remove", "1.99.1")
	if _, err := os.Stat(link); err == nil || !strings.Contains(out, "removed "+link) {
		t.Errorf("link --remove: %s", out)
	}
}

func TestRemoveAndPrune(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.97.0", "go1.98.2", "go1.99.1")...)
	t.Setenv("GOBIN", filepath.Join(s.Home, "bin"))
	mustRun(t, s.Home, "install", "1.97.0", "1.98.2", "1.99.1")
	mustRun(t, s.Home, "link", "1.98.2")
	// Something else in the module cache must survive.
	other := filepath.Join(s.ModCache, "example.com", "m@v1.0.0")
	os.MkdirAll(other, 0o555)

	out := mustRun(t, s.Home, "remove", "1.98.2")
	dl := filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v")
	mv := toolchaintest.Host("go1.98.2").ModVersion()
	for _, gone := range []string{modDir(s, "go1.98.2"), filepath.Join(dl, mv+".zip"), filepath.Join(dl, mv+".ziphash"), filepath.Join(s.Home, "bin", "go1.98.2")} {
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("%s still exists", gone)
		}
	}
	for _, kept := range []string{modDir(s, "go1.97.0"), modDir(s, "go1.99.1"), other, filepath.Join(dl, mv+".info")} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("%s was removed: %v", kept, err)
		}
	}
	if !strings.Contains(out, "removed go1.98.2") || !strings.Contains(out, "and its command") {
		t.Errorf("remove output:\n%s", out)
	}
	// The toolchain in use is kept unless --force.
	t.Setenv("GOTOOLCHAIN", "go1.97.0+auto")
	if _, _, err := run(t, s.Home, "remove", "1.97.0"); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("remove in use: %v", err)
	}
	out = mustRun(t, s.Home, "prune", "--keep", "0", "--dry-run")
	if !strings.Contains(out, "keep go1.97.0: in use, go commands in "+s.Home+" run it (GOTOOLCHAIN=go1.97.0+auto)") || !strings.Contains(out, "would remove go1.99.1") {
		t.Errorf("prune --dry-run:\n%s", out)
	}
	if _, err := os.Stat(modDir(s, "go1.99.1")); err != nil {
		t.Error("--dry-run removed something")
	}
	out = mustRun(t, s.Home, "prune", "--keep", "0")
	if _, err := os.Stat(modDir(s, "go1.99.1")); err == nil || !strings.Contains(out, "removed go1.99.1") {
		t.Errorf("prune:\n%s", out)
	}
	if _, err := os.Stat(modDir(s, "go1.97.0")); err != nil {
		t.Error("prune removed the toolchain in use")
	}
	mustRun(t, s.Home, "remove", "--force", "1.97.0")
	if _, err := os.Stat(modDir(s, "go1.97.0")); err == nil {
		t.Error("remove --force kept it")
	}
	// Not installed, and never outside the module cache.
	if _, _, err := run(t, s.Home, "remove", "1.97.0"); err == nil {
		t.Error("removing a toolchain that is not installed succeeded")
	}
	if _, _, err := run(t, s.Home, "remove", "../../example.com"); !command.IsUsage(err) {
		t.Errorf("remove ../..: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("the rest of the module cache was touched")
	}
}

func TestPruneKeepsNewest(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.97.0", "go1.98.2", "go1.99.1")...)
	mustRun(t, s.Home, "install", "1.97.0", "1.98.2", "1.99.1")
	out := mustRun(t, s.Home, "prune", "--keep", "2")
	if !strings.Contains(out, "keep go1.99.1") || !strings.Contains(out, "keep go1.98.2") || !strings.Contains(out, "removed go1.97.0") {
		t.Errorf("prune --keep 2:\n%s", out)
	}
	// A toolchain whose unpacking is unfinished (the go command's
	// .partial file) may be an install running now: prune leaves it.
	partial := filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v", toolchaintest.Host("go1.98.2").ModVersion()+".partial")
	if err := os.WriteFile(partial, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out = mustRun(t, s.Home, "prune", "--keep", "0", "--force")
	if !strings.Contains(out, "keep go1.98.2: its unpacking is unfinished") || !strings.Contains(out, "removed go1.99.1") {
		t.Errorf("prune with an unfinished unpack:\n%s", out)
	}
	if _, err := os.Stat(modDir(s, "go1.98.2")); err != nil {
		t.Error("prune removed a toolchain being unpacked")
	}
}

func TestVerify(t *testing.T) {
	s := toolchaintest.Setup(t, host("go1.99.1")...)
	mustRun(t, s.Home, "install", "1.99.1")
	out := mustRun(t, s.Home, "verify", "1.99.1")
	if !strings.Contains(out, "OK: identical to the official go1.99.1 release") {
		t.Errorf("verify:\n%s", out)
	}
	dir := modDir(s, "go1.99.1")
	toolchaintest.MakeWritable(dir)
	os.Chmod(filepath.Join(dir, "bin", "gofmt"), 0o755)
	os.WriteFile(filepath.Join(dir, "bin", "gofmt"), []byte("#!/bin/sh\necho evil\n"), 0o755)
	os.WriteFile(filepath.Join(dir, "bin", "extra"), []byte("x"), 0o755)
	os.Remove(filepath.Join(dir, "src", "cmd", "go", "main.go"))
	out, _, err := run(t, s.Home, "verify", "go1.99.1")
	if exitCode(err) != 1 {
		t.Fatalf("verify of a tampered tree: %v", err)
	}
	for _, want := range []string{"MODIFIED", "modified bin/gofmt", "missing  src/cmd/go/main.go", "extra    bin/extra", "1 modified, 1 missing, 1 extra"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	// --goroot and --json.
	out, _, _ = run(t, s.Home, "verify", "--goroot", dir, "--json")
	var v toolchain.Verification
	if err := json.Unmarshal([]byte(out), &v); err != nil || v.Match || v.Diff == nil || len(v.Diff.Modified) != 1 {
		t.Errorf("verify --json: %v %s", err, out)
	}
	if _, _, err := run(t, s.Home, "verify", "--goroot", t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a Go installation") {
		t.Errorf("verify of an empty dir: %v", err)
	}
}

// Two godx processes installing the same version at once both succeed:
// the go command's lock on the module cache serialises them.
func TestInstallConcurrentProcesses(t *testing.T) {
	if os.Getenv("GODX_TOOLCHAINCMD_HELPER") == "install" {
		return
	}
	s := toolchaintest.Setup(t, host("go1.99.1")...)
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 3)
	errs := make([]error, 3)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperInstall$")
			cmd.Env = append(os.Environ(), "GODX_TOOLCHAINCMD_HELPER=install", "GODX_HELPER_DIR="+s.Home)
			cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
			errs[i] = cmd.Run()
		}()
	}
	wg.Wait()
	installed := 0
	for i := range outs {
		if errs[i] != nil {
			t.Errorf("process %d: %v\n%s", i, errs[i], outs[i].String())
		}
		if strings.Contains(outs[i].String(), "installed go1.99.1") {
			installed++
		}
	}
	if installed == 0 {
		t.Error("no process reports the install")
	}
	mustRun(t, s.Home, "verify", "1.99.1")
}

func TestHelperInstall(t *testing.T) {
	if os.Getenv("GODX_TOOLCHAINCMD_HELPER") != "install" {
		t.Skip("helper process for TestInstallConcurrentProcesses")
	}
	out, errOut, err := run(t, os.Getenv("GODX_HELPER_DIR"), "install", "1.99.1")
	os.Stdout.WriteString(out + errOut)
	if err != nil {
		t.Fatal(err)
	}
}

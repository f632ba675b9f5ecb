package wintest_test

import (
	"os"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
	"github.com/godx-dev/godx/internal/wintest"
)

// godx toolchain install, list, verify, use and remove through a file://
// GOPROXY holding a small windows-amd64 toolchain, with the real go.exe
// doing the download.
func TestToolchainFileProxy(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "Dev User")
	dir := u.Module(t, `src\app`)
	fakego, err := os.ReadFile(h.FakeGo())
	if err != nil {
		t.Fatal(err)
	}
	files := toolchaintest.Files("go1.99.1", "windows", "amd64")
	delete(files, "bin/go")
	files["bin/go.exe"] = string(fakego)
	if _, err := toolchaintest.WriteProxy(h.Host(u.Path("proxy")), toolchaintest.Release{Name: "go1.99.1", GOOS: "windows", GOARCH: "amd64", Files: files}); err != nil {
		t.Fatal(err)
	}
	env := []string{"GOPROXY=file:///" + strings.ReplaceAll(u.Path("proxy"), `\`, "/"), "GOSUMDB=off"}
	run := func(want int, args ...string) *wintest.Result {
		t.Helper()
		res := u.Godx(t, dir, env, append([]string{"toolchain"}, args...)...)
		if res.ExitCode != want {
			t.Fatalf("exit %d, want %d: %s", res.ExitCode, want, res)
		}
		return res
	}
	modDir := u.Path(`go\pkg\mod\golang.org\toolchain@v0.0.1-go1.99.1.windows-amd64`)

	res := run(0, "install", "1.99.1")
	if !strings.Contains(res.Stdout+res.Stderr, "go1.99.1") {
		t.Errorf("install: %s", res)
	}
	if _, err := os.Stat(h.Host(modDir + `\bin\go.exe`)); err != nil {
		t.Errorf("not installed in the module cache: %v", err)
	}
	res = run(0, "list")
	if !strings.Contains(res.Stdout, "go1.99.1") || !strings.Contains(res.Stdout, h.GoVersion) {
		t.Errorf("list: %s", res)
	}
	res = run(0, "verify", "1.99.1")
	if !strings.Contains(res.Stdout+res.Stderr, "go1.99.1") {
		t.Errorf("verify: %s", res)
	}
	run(0, "use", "1.99.1", "--global")
	if got := u.ReadFile(t, `AppData\Roaming\go\env`); !strings.Contains(got, "GOTOOLCHAIN=go1.99.1+auto") {
		t.Errorf("go env -w file after use:\n%s", got)
	}
	// Removing needs os.RemoveAll, which Wine 8 breaks without the
	// harness's overlay (README, "Tested on Windows").
	run(0, "remove", "1.99.1", "--force")
	if _, err := os.Stat(h.Host(modDir)); !os.IsNotExist(err) {
		t.Errorf("still in the module cache after remove: %v", err)
	}
}

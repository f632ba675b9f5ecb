package toolchain_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// newEnv builds the toolchain environment for dir on the real machine.
func newEnv(t testing.TB, dir string) *toolchain.Env {
	t.Helper()
	fx, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir, CommandTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	e, err := toolchain.NewEnv(fx)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestInstall(t *testing.T) {
	s := toolchaintest.Setup(t, toolchaintest.Host("go1.99.1"))
	e := newEnv(t, s.Home)
	var mu sync.Mutex
	var phases []string
	r, err := e.Install(context.Background(), "go1.99.1", func(ev toolchain.Event) {
		mu.Lock()
		defer mu.Unlock()
		if len(phases) == 0 || phases[len(phases)-1] != ev.Phase {
			phases = append(phases, ev.Phase)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	mv := toolchaintest.Host("go1.99.1").ModVersion()
	if want := filepath.Join(s.ModCache, "golang.org", "toolchain@"+mv); r.Dir != want {
		t.Errorf("Dir = %s, want %s", r.Dir, want)
	}
	if r.Already || !strings.HasPrefix(r.Sum, "h1:") || !strings.Contains(r.GoVersion, "go version go1.99.1") {
		t.Errorf("result = %+v", r)
	}
	if !strings.Contains(r.Verified, "file://") {
		t.Errorf("Verified = %q, want it to say the file proxy was trusted as is", r.Verified)
	}
	// The go command's post-unpack steps: execute bits and go.mod copies.
	for _, p := range []string{"bin/go", "bin/gofmt", "pkg/tool/" + e.GOOS() + "_" + e.GOARCH() + "/compile", "lib/wasm/go_js_wasm_exec"} {
		st, err := os.Stat(filepath.Join(r.Dir, p))
		if err != nil || st.Mode()&0o111 == 0 {
			t.Errorf("%s: not executable (%v, %v)", p, st.Mode(), err)
		}
	}
	if st, _ := os.Stat(filepath.Join(r.Dir, "lib/time/README")); st.Mode()&0o111 != 0 {
		t.Errorf("lib/time/README made executable")
	}
	for _, p := range []string{"src/go.mod", "src/cmd/go.mod"} {
		data, err := os.ReadFile(filepath.Join(r.Dir, p))
		if err != nil || !strings.HasPrefix(string(data), "module ") {
			t.Errorf("%s: %q %v", p, data, err)
		}
	}
	if !toolchain.Prepared(r.Dir, e.GOOS()) {
		t.Error("not Prepared after install")
	}
	// The module cache stays read-only, as the go command leaves it.
	if st, _ := os.Stat(filepath.Join(r.Dir, "src")); st.Mode()&0o200 != 0 {
		t.Errorf("src is writable after install: %v", st.Mode())
	}
	t.Logf("phases: %v", phases)

	// Again: already installed, nothing changes.
	r2, err := e.Install(context.Background(), "go1.99.1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !r2.Already || r2.Prepared {
		t.Errorf("second install = %+v, want Already and nothing prepared", r2)
	}
}

// An install by godx is what GOTOOLCHAIN switching uses: the go command
// runs the installed toolchain without downloading anything.
func TestInstallSharedWithGOTOOLCHAIN(t *testing.T) {
	s := toolchaintest.Setup(t, toolchaintest.Host("go1.99.1"))
	e := newEnv(t, s.Home)
	if _, err := e.Install(context.Background(), "go1.99.1", nil); err != nil {
		t.Fatal(err)
	}
	// A proxy with nothing in it: any download would fail. (GOPROXY=off
	// cannot be used: without a file:// proxy the go command re-checks a
	// cached toolchain with the checksum database, which GOSUMDB=off stops.)
	t.Setenv("GOPROXY", toolchaintest.FileURL(t.TempDir()))
	t.Setenv("GOTOOLCHAIN", "go1.99.1")
	out, err := runGo(t, s.Home, "version")
	if err != nil || !strings.Contains(out, "go version go1.99.1") {
		t.Fatalf("GOTOOLCHAIN=go1.99.1 go version: %s %v", out, err)
	}
}

// The go command's own switch unpacks a toolchain; godx sees it as
// installed and prepared (the same steps, in the same order).
func TestInstallAfterGOTOOLCHAIN(t *testing.T) {
	s := toolchaintest.Setup(t, toolchaintest.Host("go1.99.1"))
	t.Setenv("GOTOOLCHAIN", "go1.99.1")
	if out, err := runGo(t, s.Home, "version"); err != nil || !strings.Contains(out, "go1.99.1") {
		t.Fatalf("GOTOOLCHAIN=go1.99.1 go version: %s %v", out, err)
	}
	t.Setenv("GOTOOLCHAIN", "local")
	e := newEnv(t, s.Home)
	r, err := e.Install(context.Background(), "go1.99.1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Already || r.Prepared {
		t.Errorf("install after the go command's switch = %+v, want already installed and prepared", r)
	}
}

func TestInstallConcurrent(t *testing.T) {
	s := toolchaintest.Setup(t, toolchaintest.Host("go1.99.1"))
	e := newEnv(t, s.Home)
	const n = 3
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.Install(context.Background(), "go1.99.1", nil)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("install %d: %v", i, err)
		}
	}
	if !e.Installed(toolchaintest.Host("go1.99.1").ModVersion()) {
		t.Fatal("not installed")
	}
}

func TestInstallUnknownVersion(t *testing.T) {
	s := toolchaintest.Setup(t, toolchaintest.Host("go1.99.1"))
	e := newEnv(t, s.Home)
	_, err := e.Install(context.Background(), "go1.99.7", nil)
	if err == nil || !strings.Contains(err.Error(), "go1.99.7 is not available for") || !strings.Contains(err.Error(), "godx toolchain list --remote") {
		t.Fatalf("err = %v", err)
	}
}

func TestInstallSumDBOff(t *testing.T) {
	s := toolchaintest.Setup(t, toolchaintest.Host("go1.99.1"))
	t.Setenv("GOPROXY", s.ProxyURL+",off") // no longer a single file:// URL
	e := newEnv(t, s.Home)
	_, err := e.Install(context.Background(), "go1.99.1", nil)
	if err == nil || !strings.Contains(err.Error(), "checksum database disabled by GOSUMDB=off") || !strings.Contains(err.Error(), "always verified") {
		t.Fatalf("err = %v", err)
	}
}

func TestInstallRejectsBadNames(t *testing.T) {
	s := toolchaintest.Setup(t)
	e := newEnv(t, s.Home)
	for _, bad := range []string{"../../etc", "go1.22.5/../../x", "go1.22.5.linux-amd64", "1.22.05", "go1.22.5 ", "gotip", ""} {
		if _, err := e.Install(context.Background(), bad, nil); err == nil {
			t.Errorf("Install(%q) succeeded", bad)
		}
	}
}

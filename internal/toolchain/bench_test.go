package toolchain_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// BenchmarkInstallCold compares a cold `godx toolchain install` (go env,
// go mod download, preparing the tree, running the new go version) with
// the go command's own cold switch, `GOTOOLCHAIN=go1.99.1 go version`,
// each into an empty module cache, from a local file:// proxy holding a
// toolchain shaped like a real one (GODX_BENCH_FILES files, GODX_BENCH_MB
// megabytes; default 3000 files, 60 MB). The two alternate, so that disk
// noise hits both alike; the module caches live in GODX_BENCH_DIR when set
// (a tmpfs such as /dev/shm takes the disk out of the comparison). It
// reports seconds per install of each and their ratio: they share the
// mechanism, so the ratio is the cost of godx's extra steps.
func BenchmarkInstallCold(b *testing.B) {
	files, mb := benchEnvInt("GODX_BENCH_FILES", 3000), benchEnvInt("GODX_BENCH_MB", 60)
	rel := toolchaintest.Large("go1.99.1", runtime.GOOS, runtime.GOARCH, files, mb<<20)
	s := toolchaintest.Setup(b, rel)
	root := b.TempDir()
	if d := os.Getenv("GODX_BENCH_DIR"); d != "" {
		var err error
		if root, err = os.MkdirTemp(d, "godx-bench-"); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(root) })
	}
	n := 0
	clean := func(dir string) {
		toolchaintest.MakeWritable(dir)
		os.RemoveAll(dir)
	}
	godx := func() time.Duration {
		n++
		dir := filepath.Join(root, strconv.Itoa(n))
		defer clean(dir)
		os.Setenv("GOMODCACHE", dir)
		start := time.Now()
		fx, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: s.Home, CommandTimeout: time.Minute})
		if err != nil {
			b.Fatal(err)
		}
		e, err := toolchain.NewEnv(fx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Install(context.Background(), "go1.99.1", nil); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	gotoolchain := func() time.Duration {
		n++
		dir := filepath.Join(root, strconv.Itoa(n))
		defer clean(dir)
		os.Setenv("GOMODCACHE", dir)
		start := time.Now()
		cmd := exec.Command("go", "version")
		cmd.Dir = s.Home
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN=go1.99.1")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "go1.99.1") {
			b.Fatalf("%s %v", out, err)
		}
		return time.Since(start)
	}
	b.Cleanup(func() { os.Unsetenv("GOMODCACHE") })
	godx() // warm the page cache with the proxy's zip
	var tg, tt time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			tg += godx()
			tt += gotoolchain()
		} else {
			tt += gotoolchain()
			tg += godx()
		}
	}
	b.ReportMetric(tg.Seconds()/float64(b.N), "godx-s/op")
	b.ReportMetric(tt.Seconds()/float64(b.N), "gotoolchain-s/op")
	b.ReportMetric(float64(tg)/float64(tt), "ratio")
}

// BenchmarkList is `godx toolchain list` (go env, settings, the module
// cache, ~/sdk, PATH and the usual install directories) with 10
// toolchains in the module cache; sizes come from godx's cache after the
// first run. The target is under 50 ms.
func BenchmarkList(b *testing.B) {
	var rels []toolchaintest.Release
	for i := range 10 {
		rels = append(rels, toolchaintest.Host("go1.99."+strconv.Itoa(i)))
	}
	s := toolchaintest.Setup(b, rels...)
	e := newEnv(b, s.Home)
	for _, r := range rels {
		if _, err := e.Install(context.Background(), r.Name, nil); err != nil {
			b.Fatal(err)
		}
	}
	list := func() *toolchain.Inventory {
		fx, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: s.Home})
		if err != nil {
			b.Fatal(err)
		}
		e, err := toolchain.NewEnv(fx)
		if err != nil {
			b.Fatal(err)
		}
		return e.List()
	}
	list() // measures sizes once
	for b.Loop() {
		if inv := list(); len(inv.Toolchains) < 10 {
			b.Fatalf("%d toolchains", len(inv.Toolchains))
		}
	}
}

func benchEnvInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

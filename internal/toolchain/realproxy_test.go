package toolchain_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// TestRealProxy installs a real Go toolchain through your GOPROXY (with
// your GOSUMDB: the go command checks it against the checksum database),
// into a temporary module cache, then verifies it and removes it. It
// downloads about 70 MB, so it runs only when asked:
//
//	GODX_TEST_REAL_PROXY=1 go test ./internal/toolchain -run TestRealProxy -v
//
// GODX_TEST_REAL_PROXY_VERSION picks the release (default 1.21.13).
func TestRealProxy(t *testing.T) {
	if os.Getenv("GODX_TEST_REAL_PROXY") == "" {
		t.Skip("set GODX_TEST_REAL_PROXY=1 to install a real toolchain through your GOPROXY (downloads ~70 MB)")
	}
	spec := os.Getenv("GODX_TEST_REAL_PROXY_VERSION")
	if spec == "" {
		spec = "1.21.13"
	}
	mc := t.TempDir()
	t.Cleanup(func() { toolchaintest.MakeWritable(mc) })
	t.Setenv("GOMODCACHE", mc)
	t.Setenv("GOTOOLCHAIN", "local")
	dir := t.TempDir()
	e := newEnv(t, dir)
	if e.SumDBName() == "" {
		t.Skip("GOSUMDB=off: toolchain downloads need the checksum database")
	}
	name, _, err := e.Resolve(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	var last toolchain.Event
	r, err := e.Install(context.Background(), name, func(ev toolchain.Event) { last = ev })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("installed %s in %s: %s (%v), last progress %+v", name, r.Dir, r.GoVersion, r.Duration, last)
	if !strings.Contains(r.Verified, "checksum database") || strings.Contains(r.Verified, "not checked") {
		t.Errorf("verified = %q", r.Verified)
	}
	v, err := e.Verify(context.Background(), r.Dir, name)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Match || v.Expected.Kind != toolchain.FromSumDB {
		t.Errorf("verify = %+v, expected %+v", v, v.Expected)
	}
	rem, err := e.Remote(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(rem.Names) == 0 || !strings.Contains(" "+strings.Join(rem.Names, " ")+" ", " "+name+" ") {
		t.Errorf("remote list (%d) lacks %s", len(rem.Names), name)
	}
	if _, err := e.Remove(r.ModVersion); err != nil {
		t.Fatal(err)
	}
	if e.Installed(r.ModVersion) {
		t.Error("still installed after Remove")
	}
}

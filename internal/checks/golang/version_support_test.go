package golang

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/goreleases"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

const goVersionSupportTURL = "https://proxy.example.invalid/golang.org/toolchain/@v/list"

// goVersionSupportTList is a proxy answer: every platform, pre-releases and
// final releases, newest go1.28.1.
const goVersionSupportTList = `v0.0.1-go1.26.9.linux-amd64
v0.0.1-go1.26.9.windows-amd64
v0.0.1-go1.27.5.linux-amd64
v0.0.1-go1.28rc1.linux-amd64
v0.0.1-go1.28.0.linux-amd64
v0.0.1-go1.28.1.darwin-arm64
v0.0.1-go1.29rc1.linux-amd64
v0.0.1-go1.9beta2.linux-amd64
v0.0.1-go1.20.linux-amd64
garbage line
`

// goVersionSupportTCountingOS counts Fetch calls and can fail them.
type goVersionSupportTCountingOS struct {
	*factstest.Machine
	fetches atomic.Int32
	fail    error
}

func (o *goVersionSupportTCountingOS) Fetch(ctx context.Context, url string) ([]byte, error) {
	o.fetches.Add(1)
	if o.fail != nil {
		return nil, o.fail
	}
	return o.Machine.Fetch(ctx, url)
}

// goVersionSupportTNew is a Linux machine with goVersion in /usr/local/go,
// on PATH.
func goVersionSupportTNew(t *testing.T, goVersion string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", goVersion)
}

func TestGoVersionSupport_NewestIsClean(t *testing.T) {
	builtin := goversion.Builtin()
	o := goVersionSupportTNew(t, builtin[len(builtin)-1])
	r := checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	checktest.Clean(t, r, "is supported")
	if got := checktest.Evidence(r.Evidence, "release list"); got != "built-in table (updated 2026-11)" {
		t.Errorf("release list = %q", got)
	}
}

func TestGoVersionSupport_OldReleaseOfflineUsesTable(t *testing.T) {
	o := goVersionSupportTNew(t, "go1.25.3")
	r := checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	fd := checktest.OnlyWithFix(t, r, check.Warning,
		"Go 1.25.3 is no longer supported", "go1.27.4", "go1.27 and go1.26",
		"built-in table (updated 2026-11)", "not queried (offline)",
		"go: go.mod requires go >= 1.27.0 (running go 1.25.3; GOTOOLCHAIN=local)",
		"sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf go1.27.4.linux-amd64.tar.gz")
	if got := checktest.Evidence(fd.Evidence, "local Go (go env GOVERSION)"); got != "go1.25.3" {
		t.Errorf("local evidence = %q", got)
	}
}

func TestGoVersionSupport_PatchLagIsInfo(t *testing.T) {
	o := goVersionSupportTNew(t, "go1.26.8")
	r := checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Info, "A newer go1.26 patch release exists: go1.26.11 (local go is go1.26.8)", "go1.26.11.linux-amd64.tar.gz")
}

func TestGoVersionSupport_ProxyAnswerAndCache(t *testing.T) {
	o := &goVersionSupportTCountingOS{Machine: goVersionSupportTNew(t, "go1.26.8")}
	o.URLs[goVersionSupportTURL] = []byte(goVersionSupportTList)
	r := checktest.Run(t, VersionSupport, o, facts.Options{})
	fd := checktest.OnlyWithFix(t, r, check.Warning,
		"Go 1.26.8 is no longer supported: the newest release is go1.28.1", "go1.28 and go1.27",
		goVersionSupportTURL+" (fetched 2026-11-21T12:00:00Z)")
	if strings.Contains(checktest.Evidence(fd.Evidence, "newest Go release"), "rc") {
		t.Errorf("a release candidate counted as newest: %+v", fd.Evidence)
	}
	if got := checktest.Evidence(fd.Evidence, "newest go1.26 release"); got != "go1.26.9" {
		t.Errorf("newest go1.26 = %q", got)
	}
	cacheFile := "/home/u/.cache/godx/go-toolchain-versions.json"
	data, err := o.ReadFile(cacheFile, 1<<20)
	if err != nil {
		t.Fatalf("cache not written: %v", err)
	}
	var c goreleases.CacheEntry
	if err := json.Unmarshal(data, &c); err != nil || c.Proxy != goVersionSupportTURL || len(c.Versions) != 5 {
		t.Fatalf("cache = %s (%v)", data, err)
	}

	// Within a day the cached answer is used, without asking the proxy.
	delete(o.URLs, goVersionSupportTURL)
	o.Time = time.Date(2026, 11, 22, 11, 0, 0, 0, time.UTC)
	r = checktest.Run(t, VersionSupport, o, facts.Options{})
	fd = checktest.OnlyWithFix(t, r, check.Warning, "go1.28.1", "(cached "+cacheFile+", fetched 2026-11-21T12:00:00Z)")
	if n := o.fetches.Load(); n != 1 {
		t.Errorf("proxy asked %d times, want 1", n)
	}

	// A day later the proxy is asked again; it fails (404 now), which is
	// not a finding: the stale answer, newer than the table, is used.
	o.Time = time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC)
	r = checktest.Run(t, VersionSupport, o, facts.Options{})
	fd = checktest.OnlyWithFix(t, r, check.Warning, "go1.28.1", "out of date", "404 Not Found")
	if n := o.fetches.Load(); n != 2 {
		t.Errorf("proxy asked %d times, want 2", n)
	}
	// The failure is remembered for an hour.
	o.Time = o.Time.Add(30 * time.Minute)
	checktest.Run(t, VersionSupport, o, facts.Options{})
	if n := o.fetches.Load(); n != 2 {
		t.Errorf("proxy asked %d times within the retry hour, want 2", n)
	}
	// Offline never asks.
	o.Time = o.Time.Add(2 * time.Hour)
	checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	if n := o.fetches.Load(); n != 2 {
		t.Errorf("proxy asked %d times offline, want 2", n)
	}
}

// A query that godx's own budget cut short is not remembered as the
// proxy's failure: the next run asks again.
func TestGoVersionSupport_CutShortQueryIsNotRemembered(t *testing.T) {
	o := &goVersionSupportTCountingOS{Machine: goVersionSupportTNew(t, "go1.27.4"),
		fail: fmt.Errorf("%w: %w", facts.ErrCutShort, context.DeadlineExceeded)}
	r := checktest.Run(t, VersionSupport, o, facts.Options{})
	checktest.Clean(t, r)
	if got := checktest.Evidence(r.Evidence, "proxy query"); !strings.Contains(got, "not remembered") {
		t.Errorf("proxy query evidence = %q", got)
	}
	o.Time = o.Now().Add(time.Minute)
	checktest.Run(t, VersionSupport, o, facts.Options{})
	if n := o.fetches.Load(); n != 2 {
		t.Errorf("proxy asked %d times, want 2: a cut-short failure must not be cached", n)
	}
}

func TestGoVersionSupport_UnreachableProxyFallsBackSilently(t *testing.T) {
	o := &goVersionSupportTCountingOS{Machine: goVersionSupportTNew(t, "go1.27.4"), fail: errors.New("dial tcp: lookup proxy.example.invalid: no such host")}
	r := checktest.Run(t, VersionSupport, o, facts.Options{})
	checktest.Clean(t, r) // an unreachable proxy is not a finding
	if got := checktest.Evidence(r.Evidence, "release list"); got != "built-in table (updated 2026-11)" {
		t.Errorf("release list = %q", got)
	}
	if got := checktest.Evidence(r.Evidence, "proxy query"); !strings.Contains(got, "no such host") || !strings.Contains(got, "built-in table") {
		t.Errorf("proxy query evidence = %q", got)
	}
}

func TestGoVersionSupport_GoproxyDirectOrOffUsesTable(t *testing.T) {
	for _, v := range []string{"direct", "off", "direct,https://proxy.example.invalid"} {
		o := &goVersionSupportTCountingOS{Machine: goVersionSupportTNew(t, "go1.27.4")}
		o.Export("GOPROXY=" + v)
		r := checktest.Run(t, VersionSupport, o, facts.Options{})
		checktest.Clean(t, r)
		if n := o.fetches.Load(); n != 0 {
			t.Errorf("GOPROXY=%s: proxy asked %d times", v, n)
		}
		if got := checktest.Evidence(r.Evidence, "GOPROXY (environment variable)"); got != v {
			t.Errorf("GOPROXY=%s: evidence %+v", v, r.Evidence)
		}
	}
}

func TestGoVersionSupport_ProxyCredentialsAreRedacted(t *testing.T) {
	o := &goVersionSupportTCountingOS{Machine: goVersionSupportTNew(t, "go1.25.1"), fail: errors.New(`Get "https://me:s3cret@proxy.example.invalid/golang.org/toolchain/@v/list": EOF`)}
	o.Export("GOPROXY=https://me:s3cret@proxy.example.invalid")
	r := checktest.Run(t, VersionSupport, o, facts.Options{})
	data, _ := json.Marshal(r)
	if strings.Contains(string(data), "s3cret") {
		t.Errorf("password leaked: %s", data)
	}
	checktest.OnlyWithFix(t, r, check.Warning, "me:xxxxx@proxy.example.invalid")
}

func TestGoVersionSupport_PreReleaseAndDevel(t *testing.T) {
	o := goVersionSupportTNew(t, "go1.28rc1")
	r := checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Info, "pre-release (go1.28rc1)", "go1.28.0")

	o = goVersionSupportTNew(t, "go1.27rc2")
	r = checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Info, "pre-release (go1.27rc2)", "the newest go1.27 release is go1.27.4")

	o = goVersionSupportTNew(t, "go1.24rc1")
	r = checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Warning, "no longer supported")

	o = goVersionSupportTNew(t, "devel go1.28-4d5e6f7a Tue Nov 3 10:00:00 2026 +0000")
	r = checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Info, "development build")
}

func TestGoVersionSupport_NewerThanTable(t *testing.T) {
	o := goVersionSupportTNew(t, "go1.29.0 X:nodwarf5")
	r := checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	checktest.Clean(t, r, "newer than every release godx knows of")
}

func TestGoVersionSupport_NoGoIsSkipped(t *testing.T) {
	checktest.Skipped(t, checktest.Run(t, VersionSupport, factstest.NewMachine(t).Linux(), facts.Options{Offline: true}))
}

func TestGoVersionSupport_WindowsFix(t *testing.T) {
	o := factstest.NewMachine(t).Windows().
		Path(`C:\Program Files\Go\bin`).
		Go(`C:\Program Files\Go`, "go1.24.2")
	r := checktest.Run(t, VersionSupport, o, facts.Options{Offline: true})
	checktest.OnlyWithFix(t, r, check.Warning, "winget upgrade --id GoLang.Go", "go1.27.4")
}

// TestGoVersionSupport_RealMachine runs against the real go with a local
// file:// GOPROXY and a temporary cache directory.
func TestGoVersionSupport_RealMachine(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	goroot := filepath.Dir(filepath.Dir(gobin))
	out, err := exec.Command(gobin, "env", "GOVERSION").Output()
	if err != nil {
		t.Skip("go env failed")
	}
	local := strings.TrimSpace(string(out))
	minor := goversion.Minor(goversion.Local(local))
	if minor <= 0 {
		t.Skipf("unusual local go %q", local)
	}
	proxy := t.TempDir()
	listDir := filepath.Join(proxy, "golang.org", "toolchain", "@v")
	if err := os.MkdirAll(listDir, 0o755); err != nil {
		t.Fatal(err)
	}
	newest := fmt.Sprintf("go1.%d.3", minor+2)
	list := "v0.0.1-" + newest + fmt.Sprintf(".linux-amd64\nv0.0.1-go1.%d.0.linux-amd64\n", minor+1)
	if err := os.WriteFile(filepath.Join(listDir, "list"), []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	home, _ := checktest.FreshUser(t)
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	proxyURL := toolchaintest.FileURL(proxy) // file:///C:/… on Windows
	t.Setenv("GOPROXY", proxyURL)
	t.Setenv("PATH", filepath.Join(goroot, "bin"))
	t.Chdir(home)
	r := checktest.Run(t, VersionSupport, facts.System{}, facts.Options{})
	checktest.OnlyWithFix(t, r, check.Warning, "no longer supported", "the newest release is "+newest, proxyURL+"/golang.org/toolchain/@v/list (fetched ")
	if _, err := os.Stat(filepath.Join(cache, "godx", goreleases.CacheFile)); err != nil {
		t.Errorf("cache file: %v", err)
	}
	// Offline, within a day, the cached answer is used.
	r = checktest.Run(t, VersionSupport, facts.System{}, facts.Options{Offline: true})
	fd := checktest.OnlyWithFix(t, r, check.Warning, newest)
	if got := checktest.Evidence(fd.Evidence, "release list"); !strings.Contains(got, "(cached ") {
		t.Errorf("offline run within a day should use the cache: %q", got)
	}
}

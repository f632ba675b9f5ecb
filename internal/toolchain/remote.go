package toolchain

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
)

// Remote is the list of releases available through GOPROXY for this host.
type Remote struct {
	// Names are release names, newest first (release candidates included).
	Names   []string  `json:"names"`
	GOPROXY string    `json:"goproxy"`
	GOOS    string    `json:"goos"`
	GOARCH  string    `json:"goarch"`
	Fetched time.Time `json:"fetched"`
	// Cache is the file the list was read from ("" when just fetched).
	Cache string `json:"-"`
}

// RemoteTTL is how long a fetched list is reused.
const RemoteTTL = 24 * time.Hour

const remoteCacheFile = "toolchain-remote.json"

// Remote lists the releases GOPROXY offers for this host, asking the go
// command (`go list -m -versions -json golang.org/toolchain`, so GOPROXY,
// GONOPROXY, GOINSECURE and credentials work as they do for the go
// command). The answer is cached for a day; refresh ignores the cache;
// offline, any cached answer is used.
func (e *Env) Remote(ctx context.Context, refresh bool) (*Remote, error) {
	fx := e.Facts
	cacheDir, cerr := fx.CacheDir()
	file := ""
	if cerr == nil {
		file = fx.JoinPath(cacheDir, remoteCacheFile)
		if data, err := fx.ReadFile(file); err == nil && (!refresh || fx.Offline) {
			var r Remote
			if json.Unmarshal(data, &r) == nil && r.GOPROXY == e.Get("GOPROXY") && r.GOOS == e.GOOS() && r.GOARCH == e.GOARCH() &&
				(fx.Offline || fx.OS.Now().Sub(r.Fetched) < RemoteTTL) {
				r.Cache = file
				return &r, nil
			}
		}
	}
	if fx.Offline {
		return nil, fmt.Errorf("the list of Go releases is not cached and godx is offline")
	}
	res := fx.Run(ctx, facts.Command{Path: e.Go, Args: []string{"list", "-m", "-versions", "-json", Module}, Dir: e.Get("GOROOT"), Env: e.Environ()})
	if res.Err != nil {
		return nil, fmt.Errorf("listing %s through GOPROXY=%s: %v", Module, e.Get("GOPROXY"), goError(res))
	}
	var out struct{ Versions []string }
	if err := json.Unmarshal(res.Stdout, &out); err != nil {
		return nil, fmt.Errorf("unreadable go list output: %v", err)
	}
	r := &Remote{GOPROXY: e.Get("GOPROXY"), GOOS: e.GOOS(), GOARCH: e.GOARCH(), Fetched: fx.OS.Now()}
	for _, v := range out.Versions {
		if name, goos, goarch, ok := ParseModVersion(v); ok && goos == r.GOOS && goarch == r.GOARCH {
			r.Names = append(r.Names, name)
		}
	}
	slices.SortFunc(r.Names, func(a, b string) int { return goversion.Compare(b, a) })
	r.Names = slices.Compact(r.Names)
	if file != "" {
		if data, err := json.Marshal(r); err == nil && fx.OS.MkdirAll(cacheDir) == nil {
			fx.OS.WriteFile(file, data)
		}
	}
	return r, nil
}

// Stable is the final releases of the list, newest first.
func (r *Remote) Stable() []string {
	var out []string
	for _, n := range r.Names {
		if goversion.IsStable(n) {
			out = append(out, n)
		}
	}
	return out
}

// Resolve turns a user's version argument into a release name:
// "1.22.5"/"go1.22.5" (that release), "1.22" (its newest patch release),
// "latest" or "stable" (the newest final release), "go.mod" (what the
// current module needs). Only lookups that need it ask GOPROXY.
func (e *Env) Resolve(ctx context.Context, spec string) (name, how string, err error) {
	switch strings.ToLower(strings.TrimSpace(spec)) {
	case "latest", "stable":
		r, err := e.Remote(ctx, false)
		if err != nil {
			return "", "", err
		}
		if s := r.Stable(); len(s) > 0 {
			return s[0], "the newest release through GOPROXY=" + r.GOPROXY, nil
		}
		return "", "", fmt.Errorf("GOPROXY=%s lists no Go release for %s/%s", r.GOPROXY, r.GOOS, r.GOARCH)
	case "go.mod", "gomod", "mod":
		n, from, err := ModuleNeeds(e.Facts)
		if err != nil {
			return "", "", err
		}
		if name, err = ParseName(n); err != nil {
			return "", "", fmt.Errorf("%s: %v", from, err)
		}
		return name, "what " + from + " asks for", nil
	}
	name, err = ParseName(spec)
	if err != nil {
		return "", "", err
	}
	// "1.22" asks for the newest 1.22 release, also before Go 1.21, when
	// go1.20 was itself a release.
	if goversion.Lang(name) != name {
		return name, "", nil
	}
	r, err := e.Remote(ctx, false)
	if err != nil {
		return "", "", fmt.Errorf("%s names a Go language version, and finding its newest patch release failed: %v", name, err)
	}
	var pre []string
	for _, n := range r.Names {
		if goversion.Lang(n) != name {
			continue
		}
		if goversion.IsStable(n) {
			return n, "the newest " + name + " release", nil
		}
		pre = append(pre, n)
	}
	if len(pre) > 0 {
		return "", "", fmt.Errorf("there is no %s release yet, only pre-releases: %s (name one to install it)", name, strings.Join(pre, ", "))
	}
	return "", "", fmt.Errorf("GOPROXY=%s offers no %s release for %s/%s", r.GOPROXY, name, r.GOOS, r.GOARCH)
}

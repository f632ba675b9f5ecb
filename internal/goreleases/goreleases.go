// Package goreleases knows which Go releases exist: the versions of the
// golang.org/toolchain module on the first proxy in GOPROXY (cached for a
// day in godx's cache directory), or offline, or when the proxy fails, the
// newer of a stale cached answer and goversion's built-in table. Known is
// computed once per doctor run and shared by go/version-support,
// host/distro-go and the tool checks.
package goreleases

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goproxy"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/redact"
	"github.com/godx-dev/godx/internal/toolchain"
)

const (
	CacheFile = "go-toolchain-versions.json"
	CacheTTL  = 24 * time.Hour
	RetryTTL  = time.Hour
)

// Releases is what godx knows about Go releases and where
// that knowledge came from.
type Releases struct {
	Versions []string      // final releases, oldest first (never empty)
	Source   string        // where the list came from, for the evidence
	Notes    []check.Field // how the proxy query went, when it matters
}

// CacheEntry is godx's cache file for the proxy's answer.
type CacheEntry struct {
	Proxy    string    `json:"proxy"` // redacted proxy URL the answer came from
	Fetched  time.Time `json:"fetched,omitzero"`
	Versions []string  `json:"versions,omitempty"`
	Failed   time.Time `json:"failed,omitzero"` // last failed query
	Error    string    `json:"error,omitempty"`
}

// Known is the newest knowledge of Go releases: a fresh cached proxy
// answer, a new proxy answer, or (offline, or when the proxy fails) the
// newer of a stale cached answer and the built-in table. It is computed
// once per doctor run: host/distro-go and the tools/* checks ask for it
// too. It fails only without a working go command.
var Known = facts.NewFact("Go releases", load)

func load(f *facts.Facts) (Releases, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return Releases{}, err
	}
	table := Releases{
		Versions: goversion.Builtin(),
		Source:   "built-in table (updated " + goversion.BuiltinUpdated().Format("2006-01") + ")",
	}
	goproxyValue := ge.Get("GOPROXY")
	proxyField := check.F("GOPROXY", redact.Passwords(goproxyValue))
	if s, err := f.Settings(); err == nil {
		if st := s.Get("GOPROXY"); st != nil {
			proxyField = check.F("GOPROXY ("+st.Label()+")", redact.Passwords(goproxyValue))
		}
	}
	proxy, why := FirstProxy(goproxyValue, f.IsAbs)
	if proxy == "" {
		table.Notes = append(table.Notes, proxyField, check.F("proxy query", why+"; using the built-in table"))
		return table, nil
	}
	listURL := strings.TrimSuffix(proxy, "/") + "/golang.org/toolchain/@v/list"
	shown := redact.Passwords(listURL)
	now := f.OS.Now()

	cacheFile := ""
	var cached CacheEntry
	if dir, err := f.CacheDir(); err == nil {
		cacheFile = f.JoinPath(dir, CacheFile)
		if data, err := f.ReadFile(cacheFile); err == nil {
			if json.Unmarshal(data, &cached) != nil || cached.Proxy != shown {
				cached = CacheEntry{}
			}
		}
	}
	cached.Proxy = shown
	within := func(t time.Time, d time.Duration) bool {
		return !t.IsZero() && !now.Before(t) && now.Sub(t) < d
	}
	if within(cached.Fetched, CacheTTL) && len(cached.Versions) > 0 {
		return Releases{
			Versions: goversion.SortReleases(cached.Versions),
			Source:   fmt.Sprintf("%s (cached %s, fetched %s)", shown, cacheFile, cached.Fetched.UTC().Format(time.RFC3339)),
		}, nil
	}

	// No fresh answer: ask the proxy unless offline or it failed recently.
	var failure string
	switch {
	case f.Offline:
		failure = "not queried (offline)"
	case within(cached.Failed, RetryTTL):
		failure = fmt.Sprintf("%s failed at %s (%s); not retried for an hour", shown, cached.Failed.UTC().Format(time.RFC3339), cached.Error)
	default:
		data, err := f.Fetch(f.Context(), listURL)
		var versions []string
		if err == nil {
			versions = ParseList(data)
			if len(versions) == 0 {
				err = errors.New("the answer lists no Go release")
			}
		}
		if err == nil {
			cached.Fetched, cached.Versions, cached.Failed, cached.Error = now, versions, time.Time{}, ""
			rel := Releases{
				Versions: versions,
				Source:   fmt.Sprintf("%s (fetched %s)", shown, now.UTC().Format(time.RFC3339)),
			}
			if werr := save(f, cacheFile, cached); werr != nil {
				rel.Notes = append(rel.Notes, check.F("cache", "not saved: "+werr.Error()))
			}
			return rel, nil
		}
		msg := redact.Passwords(err.Error())
		failure = fmt.Sprintf("%s failed: %s", shown, msg)
		// A failure is remembered for an hour (best effort) so that a
		// dead proxy does not slow every run down, unless godx's own
		// budget cut the request short: that says nothing about the proxy.
		if !errors.Is(err, facts.ErrCutShort) {
			cached.Failed, cached.Error = now, msg
			save(f, cacheFile, cached)
		} else {
			failure += " (not remembered: the doctor's time ran out, not the proxy's)"
		}
	}
	// A stale proxy answer newer than the table beats the table.
	if len(cached.Versions) > 0 && cached.Fetched.After(goversion.BuiltinUpdated()) {
		return Releases{
			Versions: goversion.SortReleases(cached.Versions),
			Source:   fmt.Sprintf("%s (cached %s, fetched %s; out of date)", shown, cacheFile, cached.Fetched.UTC().Format(time.RFC3339)),
			Notes:    []check.Field{proxyField, check.F("proxy query", failure)},
		}, nil
	}
	table.Notes = append(table.Notes, proxyField, check.F("proxy query", failure+"; using the built-in table"))
	return table, nil
}

func save(f *facts.Facts, file string, c CacheEntry) error {
	if file == "" {
		return errors.New("no user cache directory")
	}
	data, err := json.MarshalIndent(c, "", "\t")
	if err != nil {
		return err
	}
	if err := f.OS.MkdirAll(f.ParentDir(file)); err != nil {
		return err
	}
	return f.OS.WriteFile(file, append(data, '\n'))
}

// FirstProxy returns the proxy the go command would ask first
// for golang.org/toolchain, with GOPROXY parsed as the go command parses
// it (goproxy.Parse). It returns "" and the reason when there is none.
func FirstProxy(value string, isAbs func(string) bool) (proxy, why string) {
	list, err := goproxy.Parse(value, isAbs)
	if err != nil {
		return "", "GOPROXY cannot be used: " + redact.Passwords(err.Error())
	}
	switch first := list[0]; {
	case first.Off():
		return "", "GOPROXY is off before any proxy URL"
	case first.Direct():
		return "", "GOPROXY says direct before any proxy URL"
	default:
		return first.URL, ""
	}
}

// ParseList reads a golang.org/toolchain version list
// (lines like v0.0.1-go1.27.4.linux-amd64, any platform) and returns the
// final releases, oldest first.
func ParseList(data []byte) []string {
	seen := map[string]bool{}
	var out []string
	for line := range strings.Lines(string(data)) {
		name, _, _, ok := toolchain.ParseModVersion(strings.TrimSpace(line))
		if ok && goversion.IsStable(name) && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return goversion.SortReleases(out)
}

// Newest is the newest final release known.
func (r Releases) Newest() string { return r.Versions[len(r.Versions)-1] }

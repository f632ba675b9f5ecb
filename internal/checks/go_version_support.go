package checks

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/redact"
	"github.com/godx-dev/godx/internal/toolchain"
)

// GoVersionSupport compares the local go with the newest Go releases.
var GoVersionSupport = &check.Check{
	ID:    "go/version-support",
	Title: "Go release support",
	Doc: check.Doc{
		What: "Compares the version of the go command on PATH (`go env GOVERSION`, run with GOTOOLCHAIN=local) with the newest Go releases. " +
			"The list of releases comes from the module proxy in GOPROXY (the versions of the golang.org/toolchain module, the same list `go list -m -versions golang.org/toolchain` prints), " +
			"cached for a day in godx's cache directory; offline, or when the proxy cannot be reached, godx uses a table of releases built into it.",
		Why: "Go supports only the two newest major releases: each major release gets security fixes and critical bug fixes until there are two newer ones. " +
			"An older go gets no more fixes, cannot build modules whose go line asks for a newer Go, and tools such as gopls support only the go command of the two newest releases. " +
			"Within a supported release, only the newest patch release has all published fixes.",
		How: "Warning when the local go is older than the two newest major releases (with go1.27.x the newest, go1.26.x is still supported and go1.25.x is not). " +
			"Info when a newer patch release of the local major release exists, when the local go is a release candidate or beta, and when it is a development build. " +
			"The release list is read from the first proxy URL in GOPROXY (entries separated by ',' or '|'; the search stops at \"direct\" or \"off\", as the go command's does) at <proxy>/golang.org/toolchain/@v/list, " +
			"counting only final releases; the answer is cached for 24 hours, and a failed query is not retried for an hour. " +
			"A proxy that cannot be reached is not a finding of this check: the built-in table is used instead and the evidence says so. The evidence always names where the release list came from.",
		Fix: "Install the newest release from https://go.dev/dl/ the same way the current one was installed (on Linux, remove /usr/local/go before unpacking the new archive; do not unpack over it), " +
			"or use your package manager (`brew upgrade go`, `winget upgrade --id GoLang.Go`). " +
			"To try a release without replacing the installed one: `go install golang.org/dl/go1.N.P@latest` then `go1.N.P download`.",
		Errors: []string{
			"go: go.mod requires go >= 1.27.0 (running go 1.25.3; GOTOOLCHAIN=local)",
			"go: golang.org/x/tools/gopls@latest: golang.org/x/tools/gopls@v0.24.0 requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)",
		},
	},
	Network: check.OptionalNetwork,
	// go env (bounded by the command timeout) plus one proxy request
	// (bounded by the 3s fetch timeout) plus a small cache file.
	Timeout:  10 * time.Second,
	Requires: []facts.Requirement{goReleases},
	Run:      runGoVersionSupport,
}

const (
	goVersionSupportCacheFile = "go-toolchain-versions.json"
	goVersionSupportCacheTTL  = 24 * time.Hour
	goVersionSupportRetryTTL  = time.Hour
)

// goVersionSupportReleases is what godx knows about Go releases and where
// that knowledge came from.
type goVersionSupportReleases struct {
	versions []string // final releases, oldest first
	source   string   // for the evidence
	notes    []check.Field
}

// goVersionSupportCache is godx's cache file for the proxy's answer.
type goVersionSupportCache struct {
	Proxy    string    `json:"proxy"` // redacted proxy URL the answer came from
	Fetched  time.Time `json:"fetched,omitzero"`
	Versions []string  `json:"versions,omitempty"`
	Failed   time.Time `json:"failed,omitzero"` // last failed query
	Error    string    `json:"error,omitempty"`
}

func runGoVersionSupport(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("no working go command (see go/installed)")
	}
	gover := ge.Get("GOVERSION")
	local := goversion.TrimExperiments(gover) // "go1.26.8 X:nodwarf5" -> "go1.26.8"
	ev := check.Evidence{
		check.F("go command", ge.Go.Path),
		check.F("local Go (go env GOVERSION)", gover),
	}
	if strings.HasPrefix(gover, "devel") {
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("The go command at %s is a development build (%s).", ge.Go.Path, gover),
			Detail:   "Development builds of Go are not releases: Go's release support policy (security fixes for the two newest major releases) does not apply to them, and godx cannot compare them with the release list.",
			Evidence: ev,
			Fix: &check.Fix{
				Description: "If this is not on purpose, put an official release first on PATH (https://go.dev/dl/).",
			},
		})
		return nil
	}
	if !goversion.IsValid(local) {
		return check.Skip("unrecognised Go version %q", gover)
	}

	rel, err := check.ResultOf(pass, goReleases)
	if err != nil {
		return err
	}
	ev = append(ev, check.F("release list", rel.source))
	ev = append(ev, rel.notes...)
	newest := rel.versions[len(rel.versions)-1]
	newer, older := goversion.Supported(newest)
	supported := []string{newer, older}
	ev = append(ev,
		check.F("newest Go release", newest),
		check.F("supported major releases", strings.Join(supported, " and ")),
	)
	latestPatch := ""
	for _, v := range rel.versions {
		if goversion.Lang(v) == goversion.Lang(local) {
			latestPatch = v
		}
	}
	if latestPatch != "" {
		ev = append(ev, check.F("newest "+goversion.Lang(local)+" release", latestPatch))
	}
	localShort := goversion.TrimGo(local)

	if !goversion.IsSupported(local, newest) {
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("Go %s is no longer supported: the newest release is %s, and Go supports only the two newest major releases (%s).",
				localShort, newest, strings.Join(supported, " and ")),
			Detail: fmt.Sprintf("Each major Go release gets security fixes and critical bug fixes only until there are two newer major releases, so %s gets no more fixes. "+
				"Modules and tools that need a newer Go do not build with it: `go: go.mod requires go >= %s.0 (running go %s; GOTOOLCHAIN=local)`. "+
				"gopls supports only the go command of the two newest major releases.",
				goversion.Lang(local), goversion.TrimGo(goversion.Lang(newest)), localShort),
			Evidence: ev,
			Fix:      goVersionSupportFix(ge, newest),
		})
		return nil
	}
	if !goversion.IsStable(local) { // a release candidate or beta
		detail := "Release candidates and betas are for testing the next release; security fixes go into the final release and its patch releases."
		if latestPatch != "" {
			detail += fmt.Sprintf(" The final release is out: the newest %s release is %s.", goversion.Lang(local), latestPatch)
		}
		fix := &check.Fix{Description: fmt.Sprintf("Install %s.0 from https://go.dev/dl/ when it is released.", goversion.Lang(local))}
		if latestPatch != "" {
			fix = goVersionSupportFix(ge, latestPatch)
		}
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("The local go is a pre-release (%s).", local),
			Detail:   detail,
			Evidence: ev,
			Fix:      fix,
		})
		return nil
	}
	if latestPatch != "" && goversion.Compare(local, latestPatch) < 0 {
		lang := goversion.Lang(local)
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("A newer %s patch release exists: %s (local go is %s).", lang, latestPatch, local),
			Detail: fmt.Sprintf("%s is still supported, but Go publishes its security fixes and critical bug fixes only as new patch releases; %s has every fix published so far for %s. "+
				"Patch releases do not change the language or the standard library's API.", lang, latestPatch, lang),
			Evidence: ev,
			Fix:      goVersionSupportFix(ge, latestPatch),
		})
		return nil
	}
	summary := fmt.Sprintf("Go %s is supported (newest release %s)", localShort, newest)
	if goversion.Minor(local) > goversion.Minor(newest) {
		summary = fmt.Sprintf("Go %s is newer than every release godx knows of (newest known %s)", localShort, newest)
	}
	pass.Observe(summary, ev...)
	return nil
}

// goReleases is the newest knowledge of Go releases: a fresh cached proxy
// answer, a new proxy answer, or (offline, or when the proxy fails) the
// newer of a stale cached answer and the built-in table. It is computed
// once per doctor run: host/distro-go and the tools/* checks ask for it
// too. It fails only without a working go command.
var goReleases = facts.NewFact("Go releases", goVersionSupportLoad)

func goVersionSupportLoad(f *facts.Facts) (goVersionSupportReleases, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return goVersionSupportReleases{}, err
	}
	table := goVersionSupportReleases{
		versions: goversion.Builtin(),
		source:   "built-in table (updated " + goversion.BuiltinUpdated().Format("2006-01") + ")",
	}
	goproxy := ge.Get("GOPROXY")
	proxyField := check.F("GOPROXY", redact.Passwords(goproxy))
	if s, err := f.Settings(); err == nil {
		if st := s.Get("GOPROXY"); st != nil {
			proxyField = check.F("GOPROXY ("+st.Label()+")", redact.Passwords(goproxy))
		}
	}
	proxy, why := goVersionSupportProxy(goproxy, f.IsAbs)
	if proxy == "" {
		table.notes = append(table.notes, proxyField, check.F("proxy query", why+"; using the built-in table"))
		return table, nil
	}
	listURL := strings.TrimSuffix(proxy, "/") + "/golang.org/toolchain/@v/list"
	shown := redact.Passwords(listURL)
	now := f.OS.Now()

	cacheFile := ""
	var cached goVersionSupportCache
	if dir, err := f.CacheDir(); err == nil {
		cacheFile = f.JoinPath(dir, goVersionSupportCacheFile)
		if data, err := f.ReadFile(cacheFile); err == nil {
			if json.Unmarshal(data, &cached) != nil || cached.Proxy != shown {
				cached = goVersionSupportCache{}
			}
		}
	}
	cached.Proxy = shown
	within := func(t time.Time, d time.Duration) bool {
		return !t.IsZero() && !now.Before(t) && now.Sub(t) < d
	}
	if within(cached.Fetched, goVersionSupportCacheTTL) && len(cached.Versions) > 0 {
		return goVersionSupportReleases{
			versions: goversion.SortReleases(cached.Versions),
			source:   fmt.Sprintf("%s (cached %s, fetched %s)", shown, cacheFile, cached.Fetched.UTC().Format(time.RFC3339)),
		}, nil
	}

	// No fresh answer: ask the proxy unless offline or it failed recently.
	var failure string
	switch {
	case f.Offline:
		failure = "not queried (offline)"
	case within(cached.Failed, goVersionSupportRetryTTL):
		failure = fmt.Sprintf("%s failed at %s (%s); not retried for an hour", shown, cached.Failed.UTC().Format(time.RFC3339), cached.Error)
	default:
		data, err := f.Fetch(f.Context(), listURL)
		var versions []string
		if err == nil {
			versions = goVersionSupportParseList(data)
			if len(versions) == 0 {
				err = errors.New("the answer lists no Go release")
			}
		}
		if err == nil {
			cached.Fetched, cached.Versions, cached.Failed, cached.Error = now, versions, time.Time{}, ""
			rel := goVersionSupportReleases{
				versions: versions,
				source:   fmt.Sprintf("%s (fetched %s)", shown, now.UTC().Format(time.RFC3339)),
			}
			if werr := goVersionSupportSave(f, cacheFile, cached); werr != nil {
				rel.notes = append(rel.notes, check.F("cache", "not saved: "+werr.Error()))
			}
			return rel, nil
		}
		msg := redact.Passwords(err.Error())
		failure = fmt.Sprintf("%s failed: %s", shown, msg)
		cached.Failed, cached.Error = now, msg
		goVersionSupportSave(f, cacheFile, cached) // best effort: remembers the failure for an hour
	}
	// A stale proxy answer newer than the table beats the table.
	if len(cached.Versions) > 0 && cached.Fetched.After(goversion.BuiltinUpdated()) {
		return goVersionSupportReleases{
			versions: goversion.SortReleases(cached.Versions),
			source:   fmt.Sprintf("%s (cached %s, fetched %s; out of date)", shown, cacheFile, cached.Fetched.UTC().Format(time.RFC3339)),
			notes:    []check.Field{proxyField, check.F("proxy query", failure)},
		}, nil
	}
	table.notes = append(table.notes, proxyField, check.F("proxy query", failure+"; using the built-in table"))
	return table, nil
}

func goVersionSupportSave(f *facts.Facts, file string, c goVersionSupportCache) error {
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

// goVersionSupportProxy returns the proxy the go command would ask first
// for golang.org/toolchain, following cmd/go's GOPROXY parsing: entries
// separated by ',' or '|', "off" and "direct" end the list, a bare host
// means https. It returns "" and the reason when there is none.
func goVersionSupportProxy(goproxy string, isAbs func(string) bool) (proxy, why string) {
	rest := goproxy
	for rest != "" {
		entry := rest
		if i := strings.IndexAny(rest, ",|"); i >= 0 {
			entry, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		entry = strings.TrimSpace(entry)
		switch entry {
		case "":
			continue
		case "off":
			return "", "GOPROXY is off before any proxy URL"
		case "direct":
			return "", "GOPROXY says direct before any proxy URL"
		}
		if strings.ContainsAny(entry, ".:/") && !strings.Contains(entry, ":/") && !isAbs(entry) && !strings.HasPrefix(entry, "/") {
			entry = "https://" + entry
		}
		u, err := url.Parse(entry)
		if err != nil {
			return "", "GOPROXY entry " + strconv.Quote(redact.Passwords(entry)) + " is not a URL"
		}
		switch u.Scheme {
		case "http", "https", "file":
			return entry, ""
		}
		return "", "GOPROXY entry " + strconv.Quote(redact.Passwords(entry)) + " is not an http(s) or file URL"
	}
	return "", "GOPROXY names no proxy"
}

// goVersionSupportParseList reads a golang.org/toolchain version list
// (lines like v0.0.1-go1.27.4.linux-amd64, any platform) and returns the
// final releases, oldest first.
func goVersionSupportParseList(data []byte) []string {
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

// goVersionSupportFix says how to install target where the current go
// came from.
func goVersionSupportFix(ge *facts.GoEnv, target string) *check.Fix {
	// The installation the go command lives in (bin/go -> ..), not GOROOT,
	// which may point elsewhere (go/goroot reports that).
	goroot := strings.ReplaceAll(path.Dir(path.Dir(strings.ReplaceAll(ge.Go.Resolved, `\`, "/"))), `\`, "/")
	hostOS, hostArch := ge.Get("GOHOSTOS"), ge.Get("GOHOSTARCH")
	switch {
	case hostOS == "windows":
		return &check.Fix{
			Description: fmt.Sprintf("Install %s with the official MSI installer from https://go.dev/dl/ (it replaces the old version) or with winget, then open a new terminal.", target),
			Commands:    []string{"winget upgrade --id GoLang.Go"},
		}
	case hostOS == "darwin" && (strings.Contains(goroot, "/Cellar/") || strings.Contains(goroot, "/homebrew/")):
		return &check.Fix{
			Description: "This Go was installed with Homebrew (GOROOT " + goroot + "); upgrade it there.",
			Commands:    []string{"brew update", "brew upgrade go"},
		}
	case goroot == "/usr/local/go" && hostOS != "" && hostArch != "":
		archive := fmt.Sprintf("%s.%s-%s.tar.gz", target, hostOS, hostArch)
		return &check.Fix{
			Description: fmt.Sprintf("Replace /usr/local/go with the official %s archive. Remove the old tree first: unpacking over it leaves stale files that break the installation.", target),
			Commands: []string{
				"curl -fLO https://go.dev/dl/" + archive,
				"sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf " + archive,
			},
		}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Upgrade Go the way it was installed (GOROOT is %s), or download %s from https://go.dev/dl/. To get %s without touching the installed Go, use its golang.org/dl wrapper:", goroot, target, target),
		Commands:    []string{"go install golang.org/dl/" + target + "@latest", target + " download"},
	}
}

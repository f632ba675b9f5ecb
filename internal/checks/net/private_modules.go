package net

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/module"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goproxy"
)

// PrivateModules compares the module's requirements with the settings
// that keep private modules away from the public proxy and checksum
// database.
var PrivateModules = &check.Check{
	ID:      "net/private-modules",
	Title:   "Private modules",
	Network: check.RequiresNetwork,
	Doc: check.Doc{
		What: "Reads the requirements of the main module's go.mod (after replace directives; local directory replacements are left out) and GOPRIVATE, " +
			"GONOPROXY, GONOSUMDB, GOINSECURE and GOSUMDB from `go env`. Requirements that GONOPROXY does not cover are looked up the way the go command " +
			"looks them up, at the first GOPROXY entry that answers (see net/goproxy): `GET <proxy>/<module>/@v/<version>.info`, up to 8 at a time, " +
			"at most 300 modules and about 2.5 seconds in all. A 404 or 410 answer means the proxy cannot see the module: it is private (or gone). " +
			"godx never asks about modules GONOPROXY covers, and asks nothing the go command would not ask itself.",
		Why: "A private module that GOPRIVATE does not cover leaks its path to the public proxy and checksum database on every lookup, and the go command cannot " +
			"verify it: adding or upgrading it fails with `verifying module: ... 410 Gone` (or 404 Not Found) from the checksum database. " +
			"A module fetched directly (GONOPROXY) but still checked against the checksum database fails the same way. " +
			"GOINSECURE turns off HTTPS certificate checks (and allows plain HTTP) for the modules it matches.",
		How: "Warning: a requirement the proxy answers 404/410 for is not covered by GONOPROXY or GONOSUMDB (normally both come from GOPRIVATE); " +
			"a requirement GONOPROXY covers is not covered by GONOSUMDB while GOSUMDB is on; GOINSECURE is set. " +
			"When no GOPROXY entry answers, only the settings are compared (net/goproxy reports the proxy). -insecure in GOFLAGS is reported by module/goflags. " +
			"Skipped outside a module and with --offline.",
		Fix: "List the private module path prefixes in GOPRIVATE, which sets both GONOPROXY and GONOSUMDB: `go env -w GOPRIVATE=git.corp.example,github.com/acme`. " +
			"Give the go command access to those hosts (git credentials or ~/.netrc). Remove GOINSECURE unless a host really serves plain HTTP.",
		Errors: []string{
			"verifying module: example.com/private@v1.2.0: reading https://sum.example.com/lookup/example.com/private@v1.2.0: 410 Gone\n\tserver response: not found: example.com/private@v1.2.0: invalid version: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/...: exit status 128",
			"reading https://proxy.example.com/example.com/private/@v/v1.2.0.info: 404 Not Found",
			"go: example.com/private@v1.2.0: verifying go.mod: example.com/private@v1.2.0/go.mod: reading https://sum.example.com/lookup/example.com/private@v1.2.0: 404 Not Found",
		},
	},
	Requires: []facts.Requirement{goproxy.Walked, goproxy.Deadline},
	Run:      runPrivateModules,
}

// privateReq is one requirement as the go command fetches it.
type privateReq struct {
	Path, Version string // after replacements
	Required      string // path@version as required, when replaced
	NoProxy       bool   // GONOPROXY matches
	NoSumDB       bool   // GONOSUMDB matches
	Probe         *facts.HTTPProbe
}

func runPrivateModules(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	m, err := f.Module()
	if err != nil || m == nil {
		return check.Skip("not in a module")
	}
	if m.Err != nil || m.Mod == nil {
		return check.Skip("go.mod does not parse (module/gomod reports it)")
	}
	walk, err := check.ResultOf(pass, goproxy.Walked)
	if err != nil {
		return err
	}
	if err := walk.Unusable(); err != nil {
		return check.Skip("%v", err)
	}
	noProxy, noSumDB, insecure := ge.Get("GONOPROXY"), ge.Get("GONOSUMDB"), ge.Get("GOINSECURE")
	sumdbOn := ge.Get("GOSUMDB") != "off"
	ev := check.Evidence{
		settingField(f, "GOPRIVATE", ge.Get("GOPRIVATE")),
		settingField(f, "GONOPROXY", noProxy),
		settingField(f, "GONOSUMDB", noSumDB),
	}
	reported := false
	if insecure != "" {
		reported = true
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("GOINSECURE=%s: modules matching it are fetched without HTTPS certificate checks (or over plain HTTP).", insecure),
			Detail: "For these module paths the go command accepts any certificate, and falls back to plain HTTP, when it fetches directly and when it resolves their import paths, " +
				"so anyone on the network path can serve different code. Checksums are still checked against go.sum and the checksum database unless GONOSUMDB or GOPRIVATE cover the paths.",
			Evidence: append(ev, settingField(f, "GOINSECURE", insecure)),
			Fix:      setFix(f, "GOINSECURE", "", "Remove GOINSECURE, and give the private host a certificate your machine trusts; keep private modules out of the public proxy with GOPRIVATE."),
		})
	}

	reqs := privateRequirements(m, goproxy.PrivacyOf(ge))
	ev = append(ev, check.F("requirements", fmt.Sprintf("%d modules in %s", len(reqs), m.Path)))

	// Fetched directly but verified against the public database.
	var unverifiable []privateReq
	for _, r := range reqs {
		if r.NoProxy && !r.NoSumDB && sumdbOn {
			unverifiable = append(unverifiable, r)
		}
	}
	if len(unverifiable) > 0 {
		reported = true
		first := unverifiable[0]
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("%s is fetched directly (GONOPROXY) but still verified against the checksum database (GONOSUMDB does not cover it)%s.",
				first.Path, privateMore(unverifiable)),
			Detail: "A private module is not in the public checksum database, so adding or upgrading it fails with\n\tverifying module: " +
				first.Path + "@" + first.Version + ": reading .../lookup/" + first.Path + "@" + first.Version + ": 404 Not Found\n" +
				"GOPRIVATE sets both GONOPROXY and GONOSUMDB; setting only GONOPROXY leaves the checksum database on.",
			Evidence: append(ev, check.F("not covered by GONOSUMDB", privateList(unverifiable))),
			Fix:      privateFix(f, ge, "GONOSUMDB", unverifiable),
		})
	}

	var base string
	if walk.End == goproxy.EndServed {
		if last := walk.Steps[len(walk.Steps)-1]; last.Probe != nil || last.Dir != "" {
			base = last.Entry.URL
		}
	}
	if base == "" {
		if !reported {
			why := "no GOPROXY entry answers (see net/goproxy)"
			if walk.End == goproxy.EndDirect || walk.End == goproxy.EndOff {
				why = "GOPROXY sends no lookups to a proxy before " + string(walk.End)
			}
			pass.Observe(fmt.Sprintf("%d requirements; the proxy was not asked: %s", len(reqs), why), ev...)
		}
		return nil
	}
	deadline, err := check.ResultOf(pass, goproxy.Deadline)
	if err != nil {
		return err
	}
	asked, skipped := privateAsk(goproxy.Machine(f), base, reqs, deadline)
	ev = append(ev, check.F("asked "+(goproxy.Entry{URL: base}).String(), fmt.Sprintf("%d modules (GONOPROXY covers %d)", asked, privateCount(reqs, func(r privateReq) bool { return r.NoProxy }))))
	if skipped > 0 {
		ev = append(ev, check.F("not asked", fmt.Sprintf("%d modules (limit of %d modules or %v reached)", skipped, goproxy.MaxLookups, goproxy.Budget)))
	}
	var leaking []privateReq
	failed := 0
	for _, r := range reqs {
		switch {
		case r.Probe == nil:
		case r.Probe.NotFound() && (!r.NoProxy || !r.NoSumDB):
			leaking = append(leaking, r)
		case !r.Probe.OK() && !r.Probe.NotFound():
			failed++
		}
	}
	if failed > 0 {
		ev = append(ev, check.F("lookups that failed", fmt.Sprintf("%d (not counted as private)", failed)))
	}
	if len(leaking) > 0 {
		first := leaking[0]
		body := ""
		if len(first.Probe.Body) > 0 {
			body = "\n\tserver response: " + string(first.Probe.Body)
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("%s looks private (the proxy answers %s) but GOPRIVATE does not cover it%s.",
				first.Path, first.Probe.Status, privateMore(leaking)),
			Detail: fmt.Sprintf("The proxy cannot see %s@%s, so it is private (or no longer exists). Without GOPRIVATE, every lookup sends its path to the proxy and the "+
				"checksum database, and the go command verifies it against a database that cannot know it: adding or upgrading it fails with\n"+
				"\tverifying module: %s@%s: reading .../lookup/%s@%s: 410 Gone%s",
				first.Path, first.Version, first.Path, first.Version, first.Path, first.Version, body),
			Evidence: append(ev, check.F("not found at the proxy", privateList(leaking))),
			Fix:      privateFix(f, ge, "GOPRIVATE", leaking),
		})
		return nil
	}
	if !reported {
		priv := privateCount(reqs, func(r privateReq) bool { return r.NoProxy && r.NoSumDB })
		summary := fmt.Sprintf("%d requirements, all found at %s", len(reqs), (goproxy.Entry{URL: base}).String())
		if priv > 0 {
			summary = fmt.Sprintf("%d requirements: %d private (covered by GOPRIVATE), the rest found at %s", len(reqs), priv, (goproxy.Entry{URL: base}).String())
		}
		if failed > 0 || skipped > 0 {
			summary = fmt.Sprintf("%d requirements: %d private (covered by GOPRIVATE); no private-looking module among those the proxy answered", len(reqs), priv)
		}
		pass.Observe(summary, ev...)
	}
	return nil
}

// privateRequirements lists what the go command downloads for the main
// module's requirements, and which of them GONOPROXY and GONOSUMDB cover.
func privateRequirements(m *facts.ModFile, privacy goproxy.Privacy) []privateReq {
	var out []privateReq
	for _, r := range m.Mod.Require {
		path, version, required := r.Mod.Path, r.Mod.Version, ""
		local := false
		for _, rep := range m.Mod.Replace {
			if rep.Old.Path != path || (rep.Old.Version != "" && rep.Old.Version != version) {
				continue
			}
			if rep.New.Version == "" {
				local = true // a directory: nothing to download
			} else {
				required = path + "@" + version
				path, version = rep.New.Path, rep.New.Version
			}
		}
		if local {
			continue
		}
		out = append(out, privateReq{
			Path: path, Version: version, Required: required,
			NoProxy: privacy.NoProxy(path),
			NoSumDB: privacy.NoSumDB(path),
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// privateAsk looks up at the proxy the requirements GONOPROXY does not
// cover (goproxy.Lookup bounds how many and how long); it fills Probe and
// returns how many were asked and how many were left out.
func privateAsk(n goproxy.Network, base string, reqs []privateReq, deadline time.Time) (asked, skipped int) {
	var idx []int
	var mods []module.Version
	for i, r := range reqs {
		if !r.NoProxy {
			idx = append(idx, i)
			mods = append(mods, module.Version{Path: r.Path, Version: r.Version})
		}
	}
	probes, skipped := goproxy.Lookup(n, base, mods, deadline)
	for k, p := range probes {
		if p != nil {
			reqs[idx[k]].Probe = p
			asked++
		}
	}
	return asked, skipped
}

func privateCount(reqs []privateReq, keep func(privateReq) bool) int {
	n := 0
	for _, r := range reqs {
		if keep(r) {
			n++
		}
	}
	return n
}

func privateMore(rs []privateReq) string {
	if len(rs) <= 1 {
		return ""
	}
	return fmt.Sprintf(" (and %d more)", len(rs)-1)
}

func privateList(rs []privateReq) string {
	var parts []string
	for i, r := range rs {
		if i == 10 {
			parts = append(parts, fmt.Sprintf("and %d more", len(rs)-10))
			break
		}
		s := r.Path + "@" + r.Version
		if r.Required != "" {
			s += " (replacing " + r.Required + ")"
		}
		if r.Probe != nil && r.Probe.Code != 0 && r.Probe.Code != http.StatusOK {
			s += ": " + r.Probe.Status
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// privatePattern is the prefix to add to GOPRIVATE for a module
// path: the host and first path element for paths with three or more
// elements (a hosting site's organisation), else the host.
func privatePattern(path string) string {
	parts := strings.Split(path, "/")
	if len(parts) >= 3 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// privateFix adds patterns covering rs to setting (GOPRIVATE or
// GONOSUMDB), keeping what it already lists.
func privateFix(f *facts.Facts, ge *facts.GoEnv, setting string, rs []privateReq) *check.Fix {
	current := ge.Get(setting)
	var patterns []string
	if current != "" {
		patterns = append(patterns, current)
	}
	seen := map[string]bool{}
	for _, r := range rs {
		p := privatePattern(r.Path)
		if !seen[p] && !module.MatchPrefixPatterns(strings.Join(patterns, ","), r.Path) {
			seen[p] = true
			patterns = append(patterns, p)
		}
	}
	value := strings.Join(patterns, ",")
	desc := fmt.Sprintf("Add the private module paths to %s (a comma-separated list of path prefixes, globs allowed).", setting)
	if setting == "GOPRIVATE" {
		desc += " GOPRIVATE also sets GONOPROXY and GONOSUMDB unless those are set themselves; the go command then fetches these modules directly with git, so it needs credentials for their host."
	}
	return setFix(f, setting, value, desc)
}

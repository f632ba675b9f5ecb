package checks

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/redact"
)

// NetGosumdb checks that the checksum database is on and reachable the way
// the go command reaches it.
var NetGosumdb = &check.Check{
	ID:      "net/gosumdb",
	Title:   "Checksum database",
	Network: check.RequiresNetwork,
	Doc: check.Doc{
		What: "Reads GOSUMDB from `go env` (and where it is set). Unless it is off, finds the way the go command reaches the database: " +
			"an explicit URL in GOSUMDB, else the first GOPROXY entry that answers `<proxy>/sumdb/<name>/supported` with 200 " +
			"(404 or 410 moves on to the next entry, as does any error after a `|`; `direct`, `off` or the end of the list means a direct connection to https://<name>). " +
			"Then it asks that endpoint for the database's latest signed tree head (`/latest`) through godx's HTTP client (HTTPS_PROXY/NO_PROXY honoured, 2 s limit).",
		Why: "The go command checks every module it downloads and does not find in go.sum against the checksum database, so that everyone gets the same bits " +
			"for the same version. When the database cannot be reached, adding or upgrading a dependency fails even though the proxy works. " +
			"With GOSUMDB=off nothing verifies the first download of a module version, and toolchain downloads (GOTOOLCHAIN) fail outright.",
		How: "Warning: GOSUMDB=off. Error: GOSUMDB cannot be parsed (too many fields, a bad key); the database, or the proxy that claims to serve it, " +
			"fails (DNS, refused connection, TLS error including a TLS-intercepting proxy, 407, HTTP error status) while the module proxy works. " +
			"Warning instead of error when the module proxy fails too (net/goproxy reports that cause), when the failure is a timeout, " +
			"or with GOPROXY=off (nothing is downloaded; only cached modules missing from go.sum are verified). " +
			"Bare database names are not checked against the go command's list of known keys. Skipped with --offline.",
		Fix: "Unset GOSUMDB (`go env -u GOSUMDB`) unless you run your own database; keep private modules out of it with GOPRIVATE or GONOSUMDB instead of turning it off. " +
			"For a failure, fix what it names (DNS, firewall, HTTPS_PROXY, trust for an intercepting proxy's certificate authority).",
		Errors: []string{
			"verifying module: checksum database disabled by GOSUMDB=off",
			"go: golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off",
			`verifying golang.org/x/text@v0.14.0: golang.org/x/text@v0.14.0: Get "https://sum.example.com/lookup/golang.org/x/text@v0.14.0": dial tcp: lookup sum.example.com: no such host`,
			"invalid GOSUMDB: too many fields",
			"invalid GOSUMDB: malformed verifier id",
		},
	},
	Requires: []facts.Requirement{netGoproxyWalked, netDeadline},
	Run:      runNetGosumdb,
}

// netGosumdbRoute is how the go command reaches the database.
type netGosumdbRoute struct {
	Name  string
	Base  string // the endpoint ("" when the route could not be determined)
	How   string // "GOSUMDB URL", "proxy <url>", "direct"
	Steps []netGoproxyStep
	Fail  *netGoproxyStep // a 'supported' probe that made the database unavailable
}

func runNetGosumdb(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	value := ge.Get("GOSUMDB")
	field := netGoproxySettingField(f, "GOSUMDB", value)
	ev := check.Evidence{field}
	if value == "off" {
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  "GOSUMDB=off: downloaded modules are not verified against the checksum database.",
			Detail: "The go command then trusts whatever the proxy or the version control host serves the first time it meets a module version; " +
				"go.sum records it, but nothing checks that this first download is what everyone else got. Toolchain downloads are refused outright:\n" +
				"\tgo: golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off\n" +
				"To keep private modules out of the public database, GOPRIVATE (or GONOSUMDB) is the tool, not GOSUMDB=off.",
			Evidence: ev,
			Fix:      netGoproxySetFix(f, "GOSUMDB", "", "Turn the checksum database back on by unsetting GOSUMDB, and list private module paths in GOPRIVATE."),
		})
		return nil
	}
	fields := strings.Fields(value)
	invalid := ""
	name := ""
	switch {
	case len(fields) == 0:
		invalid = "missing GOSUMDB"
	case len(fields) > 2:
		invalid = "invalid GOSUMDB: too many fields"
	case strings.Contains(fields[0], "+"):
		v, err := note.NewVerifier(fields[0])
		if err != nil {
			invalid = "invalid GOSUMDB: " + err.Error()
		} else {
			name = v.Name()
		}
	default:
		name = fields[0]
	}
	if invalid == "" {
		if u, err := url.Parse("https://" + name); err != nil || u.Host == "" || strings.HasSuffix(name, "/") {
			invalid = "invalid sumdb name (must be host[/path]): " + name
		}
	}
	if invalid == "" && len(fields) == 2 {
		if _, err := url.Parse(fields[1]); err != nil {
			invalid = "invalid GOSUMDB URL: " + err.Error()
		}
	}
	if invalid != "" {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOSUMDB=%q cannot be used: %s.", value, invalid),
			Detail:   "Every download of a module missing from go.sum fails with\n\tverifying module: " + invalid,
			Evidence: ev,
			Fix:      netGoproxySetFix(f, "GOSUMDB", "", "Unset GOSUMDB to use the default database, or write it as `name+key [URL]`."),
		})
		return nil
	}

	// The route and the database are probed while net/goproxy walks
	// GOPROXY; its answer is needed only to grade a failure.
	deadline, err := check.ResultOf(pass, netDeadline)
	if err != nil {
		return err
	}
	route := netGosumdbFindRoute(f, ge, name, fields, deadline)
	for _, s := range route.Steps {
		if p := s.Probe; p.Failure == facts.NetOffline || p.Failure == facts.NetNoNetwork {
			return check.Skip("%v", p.Err)
		}
	}
	for _, s := range route.Steps {
		ev = append(ev, check.F("supported at "+netGoproxyEntryName(s.Entry), netGoproxyStepResult(s)))
	}
	var failed *facts.HTTPProbe
	var failedStep netGoproxyStep
	if route.Fail != nil {
		failedStep = *route.Fail
		failed = route.Fail.Probe
	} else {
		probe := f.HTTPGetBefore(netGoproxyJoin(route.Base, "latest"), deadline)
		failedStep = netGoproxyStep{Entry: netGoproxyEntry{URL: route.Base}, Probe: probe}
		ev = append(ev, check.F("latest tree head", netGoproxyStepResult(failedStep)))
		if probe.Failure == facts.NetOffline || probe.Failure == facts.NetNoNetwork {
			return check.Skip("%v", probe.Err)
		}
		if probe.OK() {
			ev = append(ev, netGoproxyEnvEvidence(f)...)
			pass.Observe(fmt.Sprintf("checksum database %s answers (%s)", name, route.How), ev...)
			return nil
		}
		failed = probe
	}
	ev = append(ev, netGoproxyEnvEvidence(f)...)
	walk, err := check.ResultOf(pass, netGoproxyWalked)
	if err != nil {
		return err
	}
	proxyFails := walk.End == "failed" || walk.End == "budget" || (walk.End == "exhausted" && len(netGoproxyFailures(walk)) > 0) ||
		(walk.End == "off" && len(walk.Steps) > 1 && len(netGoproxyFailures(walk)) > 0)
	sev := check.Error
	note := ""
	switch {
	case failed.Failure == facts.NetNoAnswer || failed.Failure == facts.NetConnectTimeout:
		sev = check.Warning
		note = "\ngodx waits 2 seconds; the go command waits longer, so verification may be very slow rather than failing."
	case proxyFails:
		sev = check.Warning
		note = "\nThe module proxy fails too (see net/goproxy); the cause is probably the same."
	case walk.End == "off" && len(walk.Steps) == 1:
		// GOPROXY=off: nothing is downloaded, so the database is asked
		// only about modules already in the module cache that go.sum
		// does not list yet.
		sev = check.Warning
		note = "\nWith GOPROXY=off the go command downloads nothing; it asks the checksum database only to verify a module already in the module cache " +
			"that go.sum does not list yet (`go mod tidy`, `go get` of a cached version), and that fails with this error."
	}
	what := "The checksum database " + name
	if route.Fail != nil {
		what = "The proxy " + netGoproxyEntryName(route.Fail.Entry) + ", asked whether it serves the checksum database " + name + ","
	}
	pass.Report(check.Finding{
		Severity: sev,
		Summary:  fmt.Sprintf("%s fails (%s) (%s).", what, netGoproxyFailureWords(failedStep), route.How),
		Detail: netGoproxyDescribe(f, failed) + "\nAdding or upgrading a dependency that is not yet in go.sum fails with `verifying module: ...` and this error." +
			note,
		Evidence: ev,
		Fix:      netGoproxyFailureFix(f, failedStep, netGoproxyWalk{}),
	})
	return nil
}

// netGosumdbFindRoute follows cmd/go's dbClient.initBase; no request
// starts after deadline.
func netGosumdbFindRoute(f *facts.Facts, ge *facts.GoEnv, name string, fields []string, deadline time.Time) netGosumdbRoute {
	r := netGosumdbRoute{Name: name}
	if len(fields) == 2 {
		r.Base, r.How = fields[1], "URL in GOSUMDB "+redact.URL(fields[1])
		return r
	}
	direct := "https://" + name
	entries, perr := netGoproxyList(f, ge.Get("GOPROXY"))
	if perr == "" {
		var lastErr *netGoproxyStep // TryProxies: a proxy error beats "not found" at the end of the list
	walk:
		for _, e := range entries {
			if e.URL == "direct" || e.URL == "off" {
				lastErr = nil // direct's answer ranks highest: connect directly
				break
			}
			if !time.Now().Before(deadline) {
				break
			}
			step := netGoproxyStep{Entry: e, Probe: f.HTTPGetBefore(netGoproxyJoin(e.URL, "sumdb/"+name+"/supported"), deadline)}
			r.Steps = append(r.Steps, step)
			switch {
			case step.Probe.OK():
				r.Base, r.How = netGoproxyJoin(e.URL, "sumdb/"+name), "through the proxy "+netGoproxyEntryName(e)
				return r
			case step.Probe.NotFound():
			case e.Fallback:
				lastErr = &step
			default:
				lastErr = &step
				break walk
			}
		}
		if lastErr != nil {
			r.Fail, r.How = lastErr, "through the proxy "+netGoproxyEntryName(lastErr.Entry)
			return r
		}
	}
	r.Base, r.How = direct, "directly at "+direct
	return r
}

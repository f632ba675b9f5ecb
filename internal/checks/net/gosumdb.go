package net

import (
	"fmt"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goproxy"
	"github.com/godx-dev/godx/internal/redact"
)

// Gosumdb checks that the checksum database is on and reachable the way
// the go command reaches it.
var Gosumdb = &check.Check{
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
	Requires: []facts.Requirement{goproxy.Walked, goproxy.Deadline},
	Run:      runGosumdb,
}

func runGosumdb(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	value := ge.Get("GOSUMDB")
	field := settingField(f, "GOSUMDB", value)
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
			Fix:      setFix(f, "GOSUMDB", "", "Turn the checksum database back on by unsetting GOSUMDB, and list private module paths in GOPRIVATE."),
		})
		return nil
	}
	db, err := goproxy.ParseGOSUMDB(value)
	if err != nil {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOSUMDB=%q cannot be used: %s.", value, err),
			Detail:   "Every download of a module missing from go.sum fails with\n\tverifying module: " + err.Error(),
			Evidence: ev,
			Fix:      setFix(f, "GOSUMDB", "", "Unset GOSUMDB to use the default database, or write it as `name+key [URL]`."),
		})
		return nil
	}
	name := db.Name

	// The route and the database are probed while net/goproxy walks
	// GOPROXY; its answer is needed only to grade a failure.
	deadline, err := check.ResultOf(pass, goproxy.Deadline)
	if err != nil {
		return err
	}
	entries, _ := goproxy.Parse(ge.Get("GOPROXY"), f.IsAbs) // a list the go command refuses means direct here; net/goproxy reports it
	n := goproxy.Machine(f)
	route := goproxy.FindRoute(n, db, entries, deadline)
	how := sumdbHow(route)
	for _, s := range route.Steps {
		if goproxy.Unusable(s.Probe) {
			return check.Skip("%v", s.Probe.Err)
		}
	}
	for _, s := range route.Steps {
		ev = append(ev, check.F("supported at "+s.Entry.String(), stepResult(s)))
	}
	var failed *facts.HTTPProbe
	var failedStep goproxy.Step
	if route.Fail != nil {
		failedStep = *route.Fail
		failed = route.Fail.Probe
	} else {
		probe := n.Get(goproxy.Join(route.Base, "latest"), deadline)
		failedStep = goproxy.Step{Entry: goproxy.Entry{URL: route.Base}, Probe: probe}
		ev = append(ev, check.F("latest tree head", stepResult(failedStep)))
		if goproxy.Unusable(probe) {
			return check.Skip("%v", probe.Err)
		}
		if probe.OK() {
			ev = append(ev, proxyEnvEvidence(f)...)
			pass.Observe(fmt.Sprintf("checksum database %s answers (%s)", name, how), ev...)
			return nil
		}
		failed = probe
	}
	ev = append(ev, proxyEnvEvidence(f)...)
	walk, err := check.ResultOf(pass, goproxy.Walked)
	if err != nil {
		return err
	}
	proxyFailures := len(walk.Failures())
	proxyFails := walk.End == goproxy.EndFailed || walk.End == goproxy.EndBudget || (walk.End == goproxy.EndExhausted && proxyFailures > 0) ||
		(walk.End == goproxy.EndOff && len(walk.Steps) > 1 && proxyFailures > 0)
	sev := check.Error
	note := ""
	switch {
	case failed.Failure == facts.NetNoAnswer || failed.Failure == facts.NetConnectTimeout:
		sev = check.Warning
		note = "\ngodx waits 2 seconds; the go command waits longer, so verification may be very slow rather than failing."
	case proxyFails:
		sev = check.Warning
		note = "\nThe module proxy fails too (see net/goproxy); the cause is probably the same."
	case walk.End == goproxy.EndOff && len(walk.Steps) == 1:
		// GOPROXY=off: nothing is downloaded, so the database is asked
		// only about modules already in the module cache that go.sum
		// does not list yet.
		sev = check.Warning
		note = "\nWith GOPROXY=off the go command downloads nothing; it asks the checksum database only to verify a module already in the module cache " +
			"that go.sum does not list yet (`go mod tidy`, `go get` of a cached version), and that fails with this error."
	}
	what := "The checksum database " + name
	if route.Fail != nil {
		what = "The proxy " + route.Fail.Entry.String() + ", asked whether it serves the checksum database " + name + ","
	}
	pass.Report(check.Finding{
		Severity: sev,
		Summary:  fmt.Sprintf("%s fails (%s) (%s).", what, failureWords(failedStep), how),
		Detail: describeFailure(f, failed) + "\nAdding or upgrading a dependency that is not yet in go.sum fails with `verifying module: ...` and this error." +
			note,
		Evidence: ev,
		Fix:      failureFix(f, failedStep, goproxy.Walk{}),
	})
	return nil
}

// sumdbHow says how the go command reaches the database, for a summary.
func sumdbHow(r goproxy.Route) string {
	switch r.Via {
	case goproxy.ViaURL:
		return "URL in GOSUMDB " + redact.URL(r.Base)
	case goproxy.ViaProxy:
		return "through the proxy " + r.Proxy.String()
	}
	return "directly at " + r.Base
}

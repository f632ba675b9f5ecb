package net

import (
	"fmt"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goproxy"
	"github.com/godx-dev/godx/internal/redact"
)

// Goproxy walks the GOPROXY list the way the go command does.
var Goproxy = &check.Check{
	ID:      "net/goproxy",
	Title:   "Module proxy reachability",
	Network: check.RequiresNetwork,
	Doc: check.Doc{
		What: "Reads GOPROXY from `go env` (and where it is set) and walks its entries exactly as the go command does: `,` falls through to the next entry only " +
			"when a proxy answers 404 or 410 (not found), `|` falls through on any error, `direct` (fetch from version control) and `off` end the list. " +
			"For each proxy it asks one bounded question, `GET <proxy>/golang.org/x/mod/@v/list`, through godx's single HTTP client, which honours " +
			"HTTPS_PROXY, HTTP_PROXY and NO_PROXY from your environment as the go command does, and sends netrc credentials for https proxies as the " +
			"go command's default GOAUTH=netrc does. A file:// proxy is a directory on disk.",
		Why: "Every module download goes through this list. A proxy that cannot be reached makes `go build`, `go mod tidy` and `go get` fail " +
			"for every module that is not yet in the module cache, and the go command reports it in terms that hide the cause (a DNS failure, " +
			"a firewall, a TLS-intercepting corporate proxy, a proxy that wants a password). A list separated by `,` does not fall back to the " +
			"next entry, not even to `direct`, when the first proxy is down.",
		How: "Error: the walk stops at an entry that fails with a DNS failure, a refused connection, a TLS error (a certificate signed by an " +
			"unknown authority is named as a TLS-intercepting proxy), proxy authentication required (407), or an HTTP error status, so no entry " +
			"can serve modules; or GOPROXY cannot be parsed. Warning: the walk stops at an entry that did not answer within 2 seconds (godx's limit; " +
			"the go command waits longer, so downloads may be very slow rather than fail); an entry fails and the go command falls back (`|`) to " +
			"another one or to direct, so every download first waits for the failure; the list reaches `direct` but no git command is installed; " +
			"no entry has the probe module. Info: GOPROXY=off (downloads are disabled). The checks are skipped with --offline. " +
			"Requests are never retried, and the network checks share one deadline about 2.5 seconds after the first request: " +
			"no request starts after it and a request still running then ends at it, so hanging servers cannot add up their waits; " +
			"the walk names the entries it did not try.",
		Fix: "Fix what the failure names: the host in GOPROXY (DNS), your VPN or firewall, the HTTPS_PROXY variable (http://user:password@proxy:port " +
			"for a proxy that wants a password), or trust for a TLS-intercepting proxy's certificate authority (SSL_CERT_FILE on Linux, the keychain " +
			"on macOS, the certificate store on Windows). To keep working when a proxy fails, separate entries with `|` " +
			"(`go env -w GOPROXY='https://proxy.corp.example|https://proxy.example.com|direct'` style).",
		Errors: []string{
			`go: golang.org/x/mod@v0.20.0: Get "https://proxy.corp.example/golang.org/x/mod/@v/v0.20.0.mod": dial tcp: lookup proxy.corp.example: no such host`,
			`Get "https://proxy.corp.example/golang.org/x/mod/@v/list": dial tcp 10.0.0.5:443: connect: connection refused`,
			`Get "https://proxy.example.com/golang.org/x/mod/@v/list": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
			`Get "https://proxy.example.com/golang.org/x/mod/@v/list": proxyconnect tcp: Proxy Authentication Required`,
			"reading https://proxy.corp.example/golang.org/x/mod/@v/list: 403 Forbidden",
			"go: module lookup disabled by GOPROXY=off",
			"go: missing Git command. See https://golang.org/s/gogetcmd",
			"GOPROXY list is not the empty string, but contains no entries",
		},
	},
	Requires: []facts.Requirement{goproxy.Walked, goproxy.Deadline},
	Run:      runGoproxy,
}

func runGoproxy(pass *check.Pass) error {
	f := pass.Facts
	if _, err := f.GoEnv(); err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	w, err := check.ResultOf(pass, goproxy.Walked)
	if err != nil {
		return err
	}
	if err := w.Unusable(); err != nil {
		return check.Skip("%v", err)
	}
	ev := check.Evidence{settingField(f, "GOPROXY", w.Value)}
	if w.NoProxy != "" {
		ev = append(ev, check.F("GONOPROXY (fetched directly, not probed)", w.NoProxy))
	}
	if w.ParseErr != nil {
		why := redact.Passwords(w.ParseErr.Error())
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOPROXY=%q cannot be used: %s.", redact.Passwords(w.Value), why),
			Detail:   "The go command refuses the whole list, so no module can be downloaded: every `go get`, `go mod tidy` and build that needs a module fails with\n\tgo: " + why,
			Evidence: ev,
			Fix:      setFix(f, "GOPROXY", "", "Write GOPROXY as a list of https://, http:// or file:// URLs and the words direct or off, separated by , or |; or unset it to get the default."),
		})
		return nil
	}
	for _, s := range w.Steps {
		ev = append(ev, stepField(s))
	}
	for _, e := range w.Untried {
		why := "not tried"
		if w.End == goproxy.EndServed {
			why = "not needed (the go command stops at the first answer)"
		}
		ev = append(ev, check.F(e.String(), why))
	}
	if w.FirstProbe() != nil {
		ev = append(ev, proxyEnvEvidence(f)...)
	}
	failures := w.Failures()
	var last goproxy.Step // none when the deadline passed before the walk began
	if n := len(w.Steps); n > 0 {
		last = w.Steps[n-1]
	}

	switch w.End {
	case goproxy.EndOff:
		if len(w.Steps) == 1 {
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  "GOPROXY=off: the go command downloads no modules.",
				Detail: "Builds work only with modules already in the module cache or in a vendor directory; anything else fails with\n\tgo: module lookup disabled by GOPROXY=off\n" +
					"This is usually deliberate (air-gapped machines, reproducible CI).",
				Evidence: ev,
				Fix:      setFix(f, "GOPROXY", "", "If downloads should work, unset GOPROXY (the default is the public proxy, then direct) or point it at your proxy."),
			})
			return nil
		}
		if len(failures) == 0 {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("No entry of GOPROXY before off has %s; the go command stops at off.", goproxy.ProbeModule),
				Detail:   "Modules the listed proxies do not have cannot be downloaded: `go: module lookup disabled by GOPROXY=off`.",
				Evidence: ev,
				Fix:      setFix(f, "GOPROXY", "", "Add a proxy that has public modules, or direct, before off."),
			})
			return nil
		}
	case goproxy.EndServed:
		if len(failures) == 0 {
			summary := fmt.Sprintf("%s answers", last.Entry.String())
			if last.Probe != nil {
				summary += fmt.Sprintf(" (%s in %v)", last.Probe.Status, last.Probe.Duration.Round(time.Millisecond))
			}
			if len(w.Steps) > 1 {
				summary += fmt.Sprintf("; %s do not have %s", english.Count(len(w.Steps)-1, "earlier entry", "earlier entries"), goproxy.ProbeModule)
			}
			pass.Observe(summary, ev...)
			return nil
		}
		first := failures[0]
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("%s fails (%s); the go command falls back to %s on every download.",
				first.Entry.String(), failureWords(first), last.Entry.String()),
			Detail:   describeFailure(f, first.Probe) + "\nDownloads still work because the entry is followed by `|`, but each one first waits for the failure.",
			Evidence: ev,
			Fix:      failureFix(f, first, w),
		})
		return nil
	case goproxy.EndDirect:
		git, gitErr := f.LookPath("git")
		if gitErr == nil {
			ev = append(ev, check.F("git (for direct)", git))
		} else {
			ev = append(ev, check.F("git (for direct)", "not found on PATH"))
		}
		if len(failures) > 0 {
			first := failures[0]
			detail := describeFailure(f, first.Probe) + "\nThe entry is followed by `|`, so the go command falls back to direct: it fetches every module from its version control host, " +
				"which is slower, needs git (or hg, svn, ...) and network access to each host, and fails for hosts your network blocks."
			if gitErr != nil {
				detail += " No git command is installed, so those fetches fail with `go: missing Git command. See https://golang.org/s/gogetcmd`."
			}
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("%s fails (%s); the go command falls back to direct on every download.", first.Entry.String(), failureWords(first)),
				Detail:   detail,
				Evidence: ev,
				Fix:      failureFix(f, first, w),
			})
			return nil
		}
		if gitErr != nil {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  "GOPROXY reaches direct, but no git command is on PATH.",
				Detail: "With direct, the go command fetches modules from their version control repositories, which needs git for almost every host; " +
					"those downloads fail with\n\tgo: missing Git command. See https://golang.org/s/gogetcmd",
				Evidence: ev,
				Fix:      &check.Fix{Description: "Install git (`sudo apt install git`, `xcode-select --install` on macOS, `winget install Git.Git` on Windows), or use a module proxy."},
			})
			return nil
		}
		summary := "GOPROXY=direct: modules come from their version control hosts (not probed)"
		if len(w.Steps) > 1 {
			summary = fmt.Sprintf("no proxy before direct has %s; the go command falls through to direct (not probed)", goproxy.ProbeModule)
		}
		pass.Observe(summary, ev...)
		return nil
	case goproxy.EndExhausted:
		if len(failures) == 0 {
			sev := check.Warning
			if last.Dir != "" {
				sev = check.Info
			}
			pass.Report(check.Finding{
				Severity: sev,
				Summary:  fmt.Sprintf("No entry of GOPROXY has %s, and the list does not end in direct.", goproxy.ProbeModule),
				Detail: "The proxies answer, but with not found (404/410) for a common public module, so only modules they hold can be downloaded; " +
					"others fail with `not found` or `unknown revision`. A local file:// mirror is often meant to be like that.",
				Evidence: ev,
				Fix:      setFix(f, "GOPROXY", "", "If public modules should be downloadable, add a proxy that has them, or direct, at the end of GOPROXY."),
			})
			return nil
		}
	case goproxy.EndBudget:
		if len(failures) == 0 {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("GOPROXY entries answer slowly; godx stopped after %v before trying %s.", w.Duration.Round(100*time.Millisecond), entryNames(w.Untried)),
				Detail:   "The entries tried do not have " + goproxy.ProbeModule + " (not found), and they took so long that godx did not try the rest.",
				Evidence: ev,
			})
			return nil
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("GOPROXY entries fail slowly; godx stopped after %v without finding one that answers.", w.Duration.Round(100*time.Millisecond)),
			Detail:   describeFailure(f, failures[0].Probe),
			Evidence: ev,
			Fix:      failureFix(f, failures[0], w),
		})
		return nil
	}

	// The walk ended at a failure: no entry serves modules.
	fail := failures[len(failures)-1]
	sev := check.Error
	if fail.Probe != nil && (fail.Probe.Failure == facts.NetNoAnswer || fail.Probe.Failure == facts.NetConnectTimeout) {
		sev = check.Warning
	}
	summary := fmt.Sprintf("No GOPROXY entry can serve modules: %s fails (%s).", fail.Entry.String(), failureWords(fail))
	detail := describeFailure(f, fail.Probe)
	if len(w.Untried) > 0 && !fail.Entry.Fallback {
		detail += fmt.Sprintf("\nThe entry is followed by `,`, which falls through only on not found (404/410), so the go command never tries %s.",
			entryNames(w.Untried))
	}
	if sev == check.Warning {
		detail += "\ngodx waits 2 seconds; the go command waits longer, so downloads may be very slow rather than failing."
	}
	pass.Report(check.Finding{Severity: sev, Summary: summary, Detail: detail, Evidence: ev, Fix: failureFix(f, fail, w)})
	return nil
}

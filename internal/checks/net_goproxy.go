package checks

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/redact"
	"github.com/godx-dev/godx/internal/settingfix"
)

// NetGoproxy walks the GOPROXY list the way the go command does.
var NetGoproxy = &check.Check{
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
	Requires: []facts.Requirement{netGoproxyWalked, netDeadline},
	Run:      runNetGoproxy,
}

// netGoproxyProbeModule is the module whose version list each proxy is
// asked for: small, public, and needed by nearly every Go tool.
const netGoproxyProbeModule = "golang.org/x/mod"

// netGoproxyBudget bounds the network checks together: no request starts
// after it, and a request running then ends at it (netDeadline).
var netGoproxyBudget = 2500 * time.Millisecond

// netDeadline is when net/goproxy, net/gosumdb and net/private-modules
// stop asking: one deadline for the three, set by the first that asks, so
// that hanging servers cannot add up their timeouts.
var netDeadline = facts.NewFact("network checks' deadline", func(*facts.Facts) (time.Time, error) {
	return time.Now().Add(netGoproxyBudget), nil
})

// netGoproxyEntry is one element of the GOPROXY list.
type netGoproxyEntry struct {
	Raw      string // as written
	URL      string // with https:// added as the go command does; "direct" or "off"
	Fallback bool   // followed by '|': fall through on any error
}

// netGoproxyList parses GOPROXY as cmd/go's proxyList does. It returns
// the go command's own error text when it would refuse the list.
func netGoproxyList(f *facts.Facts, goproxy string) ([]netGoproxyEntry, string) {
	var list []netGoproxyEntry
	rest := goproxy
	for rest != "" {
		var raw string
		fallback := false
		if i := strings.IndexAny(rest, ",|"); i >= 0 {
			raw, fallback, rest = rest[:i], rest[i] == '|', rest[i+1:]
		} else {
			raw, rest = rest, ""
		}
		raw = strings.TrimSpace(raw)
		switch raw {
		case "":
			continue
		case "off", "direct":
			return append(list, netGoproxyEntry{Raw: raw, URL: raw}), ""
		}
		u := raw
		if strings.ContainsAny(u, ".:/") && !strings.Contains(u, ":/") && !f.IsAbs(u) && !strings.HasPrefix(u, "/") {
			u = "https://" + u
		}
		pu, err := url.Parse(u)
		if err != nil {
			return nil, err.Error()
		}
		switch pu.Scheme {
		case "http", "https":
		case "file":
			if *pu != (url.URL{Scheme: pu.Scheme, Path: pu.Path, RawPath: pu.RawPath}) {
				return nil, "invalid file:// proxy URL with non-path elements: " + pu.Redacted()
			}
		case "":
			return nil, "invalid proxy URL missing scheme: " + pu.Redacted()
		default:
			return nil, "invalid proxy URL scheme (must be https, http, file): " + pu.Redacted()
		}
		list = append(list, netGoproxyEntry{Raw: raw, URL: u, Fallback: fallback})
	}
	if len(list) == 0 {
		return nil, "GOPROXY list is not the empty string, but contains no entries"
	}
	return list, ""
}

// netGoproxyStep is one entry the walk tried.
type netGoproxyStep struct {
	Entry netGoproxyEntry
	Probe *facts.HTTPProbe // nil for direct and off
	Dir   string           // for a file:// proxy: the directory
	Found bool             // the file:// directory exists
}

// served reports whether the entry answered (a 200, or an existing
// file:// directory).
func (s netGoproxyStep) served() bool {
	if s.Dir != "" {
		return s.Found
	}
	return s.Probe != nil && s.Probe.OK()
}

// notFound reports the go command's "not found" (404/410, or a missing
// file:// directory): ',' falls through.
func (s netGoproxyStep) notFound() bool {
	if s.Dir != "" {
		return !s.Found
	}
	return s.Probe != nil && s.Probe.NotFound()
}

// netGoproxyWalk is the outcome of walking GOPROXY.
type netGoproxyWalk struct {
	Value    string
	Field    check.Field // GOPROXY (source)
	Entries  []netGoproxyEntry
	ParseErr string
	Steps    []netGoproxyStep
	// End: "served" (the last step answered), "direct", "off", "failed"
	// (the last step failed and does not fall through), "exhausted" (every
	// entry said not found or failed with '|'), "budget" (time ran out).
	End      string
	Untried  []netGoproxyEntry
	NoProxy  string // GONOPROXY, when set
	Duration time.Duration
}

// netGoproxyWalked is GOPROXY walked once per doctor run; net/gosumdb and
// net/private-modules use the same answer. It fails only without a
// working go command.
var netGoproxyWalked = facts.NewFact("GOPROXY walk", func(f *facts.Facts) (netGoproxyWalk, error) {
	ge, err := f.GoEnv()
	if err != nil {
		return netGoproxyWalk{}, err
	}
	return netGoproxyDoWalk(f, ge), nil
})

func netGoproxyDoWalk(f *facts.Facts, ge *facts.GoEnv) netGoproxyWalk {
	start := time.Now()
	w := netGoproxyWalk{Value: ge.Get("GOPROXY"), NoProxy: ge.Get("GONOPROXY")}
	w.Field = netGoproxySettingField(f, "GOPROXY", w.Value)
	w.Entries, w.ParseErr = netGoproxyList(f, w.Value)
	if w.ParseErr != "" {
		return w
	}
	// A fact computed for a fact: the walk's requirement is its readers'.
	deadline, _ := netDeadline.Get(f)
	for i, e := range w.Entries {
		if e.URL == "off" || e.URL == "direct" {
			w.Steps = append(w.Steps, netGoproxyStep{Entry: e})
			w.End = e.URL
			break
		}
		if !time.Now().Before(deadline) {
			w.End, w.Untried = "budget", w.Entries[i:]
			break
		}
		step := netGoproxyStep{Entry: e}
		if strings.HasPrefix(e.URL, "file:") {
			pu, _ := url.Parse(e.URL)
			step.Dir = pu.Path
			if f.GOOS() == "windows" {
				step.Dir = f.CleanPath(strings.TrimPrefix(pu.Path, "/"))
			}
			st, err := f.OS.Stat(step.Dir)
			step.Found = err == nil && st.IsDir()
		} else {
			step.Probe = f.HTTPGetBefore(netGoproxyJoin(e.URL, netGoproxyProbeModule+"/@v/list"), deadline)
		}
		w.Steps = append(w.Steps, step)
		if step.served() {
			w.End = "served"
			break
		}
		if !step.notFound() && !e.Fallback {
			w.End = "failed"
			break
		}
		if i == len(w.Entries)-1 {
			w.End = "exhausted"
		}
	}
	if w.End == "served" || w.End == "failed" {
		if n := len(w.Steps); n < len(w.Entries) {
			w.Untried = w.Entries[n:]
		}
	}
	w.Duration = time.Since(start)
	return w
}

// netGoproxyJoin appends a path to a proxy base URL.
func netGoproxyJoin(base, rel string) string {
	return strings.TrimSuffix(base, "/") + "/" + rel
}

// netGoproxySettingField is the evidence for a go env setting with its
// source, passwords hidden.
func netGoproxySettingField(f *facts.Facts, name, value string) check.Field {
	key := name
	if s, err := f.Settings(); err == nil {
		if st := s.Get(name); st != nil {
			key = name + " (" + st.Label() + ")"
		}
	}
	return check.F(key, redact.Passwords(value))
}

func runNetGoproxy(pass *check.Pass) error {
	f := pass.Facts
	if _, err := f.GoEnv(); err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	w, err := check.ResultOf(pass, netGoproxyWalked)
	if err != nil {
		return err
	}
	if reason := netGoproxyUnusable(w); reason != "" {
		return check.Skip("%s", reason)
	}
	ev := check.Evidence{w.Field}
	if w.NoProxy != "" {
		ev = append(ev, check.F("GONOPROXY (fetched directly, not probed)", w.NoProxy))
	}
	if w.ParseErr != "" {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOPROXY=%q cannot be used: %s.", redact.Passwords(w.Value), w.ParseErr),
			Detail:   "The go command refuses the whole list, so no module can be downloaded: every `go get`, `go mod tidy` and build that needs a module fails with\n\tgo: " + w.ParseErr,
			Evidence: ev,
			Fix:      netGoproxySetFix(f, "GOPROXY", "", "Write GOPROXY as a list of https://, http:// or file:// URLs and the words direct or off, separated by , or |; or unset it to get the default."),
		})
		return nil
	}
	for _, s := range w.Steps {
		ev = append(ev, netGoproxyStepField(s))
	}
	for _, e := range w.Untried {
		why := "not tried"
		if w.End == "served" {
			why = "not needed (the go command stops at the first answer)"
		}
		ev = append(ev, check.F(netGoproxyEntryName(e), why))
	}
	if netGoproxyFirstProbe(w) != nil {
		ev = append(ev, netGoproxyEnvEvidence(f)...)
	}
	failures := netGoproxyFailures(w)
	last := w.Steps[len(w.Steps)-1]

	switch w.End {
	case "off":
		if len(w.Steps) == 1 {
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  "GOPROXY=off: the go command downloads no modules.",
				Detail: "Builds work only with modules already in the module cache or in a vendor directory; anything else fails with\n\tgo: module lookup disabled by GOPROXY=off\n" +
					"This is usually deliberate (air-gapped machines, reproducible CI).",
				Evidence: ev,
				Fix:      netGoproxySetFix(f, "GOPROXY", "", "If downloads should work, unset GOPROXY (the default is the public proxy, then direct) or point it at your proxy."),
			})
			return nil
		}
		if len(failures) == 0 {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("No entry of GOPROXY before off has %s; the go command stops at off.", netGoproxyProbeModule),
				Detail:   "Modules the listed proxies do not have cannot be downloaded: `go: module lookup disabled by GOPROXY=off`.",
				Evidence: ev,
				Fix:      netGoproxySetFix(f, "GOPROXY", "", "Add a proxy that has public modules, or direct, before off."),
			})
			return nil
		}
	case "served":
		if len(failures) == 0 {
			summary := fmt.Sprintf("%s answers", netGoproxyEntryName(last.Entry))
			if last.Probe != nil {
				summary += fmt.Sprintf(" (%s in %v)", last.Probe.Status, last.Probe.Duration.Round(time.Millisecond))
			}
			if len(w.Steps) > 1 {
				summary += fmt.Sprintf("; %s do not have %s", english.Count(len(w.Steps)-1, "earlier entry", "earlier entries"), netGoproxyProbeModule)
			}
			pass.Observe(summary, ev...)
			return nil
		}
		first := failures[0]
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("%s fails (%s); the go command falls back to %s on every download.",
				netGoproxyEntryName(first.Entry), netGoproxyFailureWords(first), netGoproxyEntryName(last.Entry)),
			Detail:   netGoproxyDescribe(f, first.Probe) + "\nDownloads still work because the entry is followed by `|`, but each one first waits for the failure.",
			Evidence: ev,
			Fix:      netGoproxyFailureFix(f, first, w),
		})
		return nil
	case "direct":
		git, gitErr := f.LookPath("git")
		if gitErr == nil {
			ev = append(ev, check.F("git (for direct)", git))
		} else {
			ev = append(ev, check.F("git (for direct)", "not found on PATH"))
		}
		if len(failures) > 0 {
			first := failures[0]
			detail := netGoproxyDescribe(f, first.Probe) + "\nThe entry is followed by `|`, so the go command falls back to direct: it fetches every module from its version control host, " +
				"which is slower, needs git (or hg, svn, ...) and network access to each host, and fails for hosts your network blocks."
			if gitErr != nil {
				detail += " No git command is installed, so those fetches fail with `go: missing Git command. See https://golang.org/s/gogetcmd`."
			}
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("%s fails (%s); the go command falls back to direct on every download.", netGoproxyEntryName(first.Entry), netGoproxyFailureWords(first)),
				Detail:   detail,
				Evidence: ev,
				Fix:      netGoproxyFailureFix(f, first, w),
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
			summary = fmt.Sprintf("no proxy before direct has %s; the go command falls through to direct (not probed)", netGoproxyProbeModule)
		}
		pass.Observe(summary, ev...)
		return nil
	case "exhausted":
		if len(failures) == 0 {
			sev := check.Warning
			if last.Dir != "" {
				sev = check.Info
			}
			pass.Report(check.Finding{
				Severity: sev,
				Summary:  fmt.Sprintf("No entry of GOPROXY has %s, and the list does not end in direct.", netGoproxyProbeModule),
				Detail: "The proxies answer, but with not found (404/410) for a common public module, so only modules they hold can be downloaded; " +
					"others fail with `not found` or `unknown revision`. A local file:// mirror is often meant to be like that.",
				Evidence: ev,
				Fix:      netGoproxySetFix(f, "GOPROXY", "", "If public modules should be downloadable, add a proxy that has them, or direct, at the end of GOPROXY."),
			})
			return nil
		}
	case "budget":
		if len(failures) == 0 {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("GOPROXY entries answer slowly; godx stopped after %v before trying %s.", w.Duration.Round(100*time.Millisecond), netGoproxyEntryNames(w.Untried)),
				Detail:   "The entries tried do not have " + netGoproxyProbeModule + " (not found), and they took so long that godx did not try the rest.",
				Evidence: ev,
			})
			return nil
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("GOPROXY entries fail slowly; godx stopped after %v without finding one that answers.", w.Duration.Round(100*time.Millisecond)),
			Detail:   netGoproxyDescribe(f, failures[0].Probe),
			Evidence: ev,
			Fix:      netGoproxyFailureFix(f, failures[0], w),
		})
		return nil
	}

	// The walk ended at a failure: no entry serves modules.
	fail := failures[len(failures)-1]
	sev := check.Error
	if fail.Probe != nil && (fail.Probe.Failure == facts.NetNoAnswer || fail.Probe.Failure == facts.NetConnectTimeout) {
		sev = check.Warning
	}
	summary := fmt.Sprintf("No GOPROXY entry can serve modules: %s fails (%s).", netGoproxyEntryName(fail.Entry), netGoproxyFailureWords(fail))
	detail := netGoproxyDescribe(f, fail.Probe)
	if len(w.Untried) > 0 && !fail.Entry.Fallback {
		detail += fmt.Sprintf("\nThe entry is followed by `,`, which falls through only on not found (404/410), so the go command never tries %s.",
			netGoproxyEntryNames(w.Untried))
	}
	if sev == check.Warning {
		detail += "\ngodx waits 2 seconds; the go command waits longer, so downloads may be very slow rather than failing."
	}
	pass.Report(check.Finding{Severity: sev, Summary: summary, Detail: detail, Evidence: ev, Fix: netGoproxyFailureFix(f, fail, w)})
	return nil
}

// netGoproxyUnusable says why godx could not use the network at all
// (--offline, or an environment without network access), or "".
func netGoproxyUnusable(w netGoproxyWalk) string {
	for _, s := range w.Steps {
		if s.Probe != nil && (s.Probe.Failure == facts.NetOffline || s.Probe.Failure == facts.NetNoNetwork) {
			return s.Probe.Err.Error()
		}
	}
	return ""
}

// netGoproxyFailures are the steps that failed other than with not found.
func netGoproxyFailures(w netGoproxyWalk) []netGoproxyStep {
	var out []netGoproxyStep
	for _, s := range w.Steps {
		if s.Probe != nil && !s.served() && !s.notFound() {
			out = append(out, s)
		}
	}
	return out
}

func netGoproxyFirstProbe(w netGoproxyWalk) *facts.HTTPProbe {
	for _, s := range w.Steps {
		if s.Probe != nil {
			return s.Probe
		}
	}
	return nil
}

func netGoproxyEntryName(e netGoproxyEntry) string {
	if e.URL == "direct" || e.URL == "off" {
		return e.URL
	}
	return redact.URL(e.URL)
}

func netGoproxyEntryNames(es []netGoproxyEntry) string {
	var names []string
	for _, e := range es {
		names = append(names, netGoproxyEntryName(e))
	}
	return strings.Join(names, ", ")
}

// netGoproxyStepField is one line of evidence per tried entry.
func netGoproxyStepField(s netGoproxyStep) check.Field {
	return check.F(netGoproxyEntryName(s.Entry), netGoproxyStepResult(s))
}

func netGoproxyStepResult(s netGoproxyStep) string {
	switch {
	case s.Entry.URL == "direct":
		return "direct: fetch from version control (not probed)"
	case s.Entry.URL == "off":
		return "off: downloads disabled"
	case s.Dir != "" && s.Found:
		return "local directory " + s.Dir
	case s.Dir != "":
		return "local directory " + s.Dir + " does not exist (every lookup is not found)"
	}
	p := s.Probe
	res := ""
	if p.Code != 0 {
		res = p.Status
		if len(p.Body) > 0 && !p.OK() {
			res += ": " + string(p.Body)
		}
	} else {
		res = string(p.Failure) + ": " + redact.Passwords(p.Err.Error())
	}
	res += fmt.Sprintf(" (GET %s, %v", p.URL, p.Duration.Round(time.Millisecond))
	if p.Proxy != "" {
		res += ", via " + p.ProxyVar + "=" + p.Proxy
	}
	if p.Credentials != "" {
		res += ", credentials from " + p.Credentials
	}
	return res + ")"
}

// netGoproxyFailureWords names a failure in a few words.
func netGoproxyFailureWords(s netGoproxyStep) string {
	p := s.Probe
	if p == nil {
		return "not found"
	}
	switch p.Failure {
	case facts.NetHTTPStatus, facts.NetProxyAuth:
		if p.Code != 0 {
			return p.Status
		}
	case facts.NetTLSUnknownAuthority:
		return "certificate signed by unknown authority"
	case facts.NetConnectTimeout:
		return "no connection within " + p.Duration.Round(100*time.Millisecond).String()
	case facts.NetNoAnswer:
		return "no answer within " + p.Duration.Round(100*time.Millisecond).String()
	}
	return string(p.Failure)
}

// netGoproxyHost is the host[:port] of a URL.
func netGoproxyHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Host
}

// netGoproxyDescribe explains a failed request: what happened, what the
// go command prints, and what it means. net/gosumdb and
// net/private-modules use it too.
func netGoproxyDescribe(f *facts.Facts, p *facts.HTTPProbe) string {
	if p == nil {
		return ""
	}
	host := netGoproxyHost(p.URL)
	errText := ""
	if p.Err != nil {
		errText = redact.Passwords(p.Err.Error())
	}
	goSays := fmt.Sprintf("The go command fails the same way:\n\t%s", errText)
	via := ""
	if p.Proxy != "" {
		via = fmt.Sprintf(" through the HTTP proxy %s (%s)", p.Proxy, p.ProxyVar)
	}
	switch p.Failure {
	case facts.NetDNS:
		return fmt.Sprintf("The host name %s does not resolve (DNS lookup failed): a typo in the URL, a VPN that is not connected, or a network whose DNS hides the host. %s",
			netGoproxyHostname(host), goSays)
	case facts.NetRefused:
		return fmt.Sprintf("Nothing accepts connections at %s (connection refused): the server is down or the port is wrong. %s", host, goSays)
	case facts.NetConnectTimeout:
		s := fmt.Sprintf("No connection to %s%s within %v: packets are dropped, usually by a firewall, or the network only allows traffic through an HTTP proxy.",
			host, via, p.Duration.Round(100*time.Millisecond))
		if p.Proxy == "" {
			s += " No " + netGoproxyProxyVar(p.URL) + " is set in this environment."
		}
		return s
	case facts.NetNoAnswer:
		return fmt.Sprintf("%s accepted the connection%s but did not answer within %v: the server (or a proxy or firewall in between) hangs.",
			host, via, p.Duration.Round(100*time.Millisecond))
	case facts.NetTLSUnknownAuthority:
		s := fmt.Sprintf("The TLS certificate presented for %s%s is signed by an authority this machine does not trust. That is almost always a "+
			"TLS-intercepting proxy or security product (corporate firewall, antivirus) that re-signs HTTPS traffic with its own certificate authority. %s",
			host, via, goSays)
		return s
	case facts.NetTLS:
		return fmt.Sprintf("The TLS connection to %s%s failed: %s. The go command checks certificates the same way, so it fails too.", host, via, errText)
	case facts.NetProxyAuth:
		return fmt.Sprintf("The HTTP proxy %s (%s) demands authentication (407 Proxy Authentication Required) and the proxy URL carries no accepted credentials. "+
			"The go command sends only Basic credentials written into the proxy URL. %s", p.Proxy, p.ProxyVar, goSays)
	case facts.NetProxy:
		return fmt.Sprintf("The HTTP proxy %s (%s) failed: %s. Every request of the go command goes through it, so they fail too.", p.Proxy, p.ProxyVar, errText)
	case facts.NetHTTPStatus:
		s := fmt.Sprintf("%s answers %s", host, p.Status)
		if len(p.Body) > 0 {
			s += fmt.Sprintf(" (server response: %s)", string(p.Body))
		}
		s += fmt.Sprintf(". The go command reports\n\treading %s: %s", p.URL, p.Status)
		switch {
		case p.Code == 401 || p.Code == 403:
			if p.Credentials == "" {
				s += "\nThe server wants credentials, and none were found for it (the go command sends those of " + f.NetrcPath() + ", or of GOAUTH commands)."
			} else {
				s += "\nThe credentials from " + p.Credentials + " were refused."
			}
		case p.Code >= 500:
			s += "\nA 5xx status is a server-side failure: the proxy is broken or overloaded."
		}
		return s
	case facts.NetBadURL:
		return "The URL cannot be used: " + errText
	}
	return fmt.Sprintf("The request to %s%s failed: %s", host, via, errText)
}

func netGoproxyHostname(hostport string) string {
	if i := strings.LastIndexByte(hostport, ':'); i > 0 && !strings.Contains(hostport[i:], "]") {
		return hostport[:i]
	}
	return hostport
}

// netGoproxyEnvEvidence lists the proxy variables that shape requests.
func netGoproxyEnvEvidence(f *facts.Facts) []check.Field {
	var ev []check.Field
	for _, k := range []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR"} {
		if f.GOOS() == "windows" && strings.ToLower(k) == k {
			continue // one case-insensitive variable on Windows
		}
		if v, ok := f.LookupEnv(k); ok && v != "" {
			ev = append(ev, check.F(k, redact.Passwords(v)))
		}
	}
	return ev
}

// netGoproxyFailureFix says what to do about a failed entry.
func netGoproxyFailureFix(f *facts.Facts, s netGoproxyStep, w netGoproxyWalk) *check.Fix {
	p := s.Probe
	if p == nil {
		return nil
	}
	host := netGoproxyHost(p.URL)
	switch p.Failure {
	case facts.NetTLSUnknownAuthority:
		return netGoproxyTrustFix(f, host)
	case facts.NetProxyAuth:
		return &check.Fix{
			Description: fmt.Sprintf("Put the proxy credentials into %s (percent-encode special characters in the password). For a proxy that wants NTLM or Kerberos, run a local authenticating proxy (cntlm, px) and point %s at it.", p.ProxyVar, p.ProxyVar),
			Commands:    []string{settingfix.ShellSet(f.GOOS(), p.ProxyVar, "http://USER:PASSWORD@"+netGoproxyHost(p.Proxy))},
		}
	case facts.NetProxy:
		return &check.Fix{
			Description: fmt.Sprintf("Check the HTTP proxy %s named by %s (host, port, whether it runs), or unset %s if this network needs no proxy.", p.Proxy, p.ProxyVar, p.ProxyVar),
			Commands:    []string{settingfix.ShellUnset(f.GOOS(), p.ProxyVar)},
		}
	case facts.NetConnectTimeout:
		if p.Proxy == "" {
			return &check.Fix{
				Description: "If this network allows web traffic only through an HTTP proxy, tell the go command about it; otherwise check the firewall and VPN.",
				Commands:    []string{settingfix.ShellSet(f.GOOS(), netGoproxyProxyVar(p.URL), "http://proxy.example:3128")},
			}
		}
	case facts.NetHTTPStatus:
		if p.Code == 401 || p.Code == 403 {
			file := f.NetrcPath()
			if file == "" {
				file = "~/.netrc"
			}
			return &check.Fix{
				Description: fmt.Sprintf("Give the go command credentials for %s: a line in %s (the default GOAUTH=netrc reads it), or a GOAUTH command.", netGoproxyHostname(host), file),
				Commands:    []string{fmt.Sprintf("machine %s login USER password TOKEN", netGoproxyHostname(host))},
			}
		}
	}
	desc := "Fix the entry (the failure above says how), or remove it from GOPROXY."
	if !s.Entry.Fallback && len(w.Untried) > 0 {
		desc = "Fix the entry, or let the go command fall back when it fails by separating it from the next entry with | instead of ,."
		fixed := netGoproxyWithFallback(w.Entries, s.Entry)
		return netGoproxySetFix(f, "GOPROXY", fixed, desc)
	}
	return &check.Fix{Description: desc}
}

// netGoproxyProxyVar is the variable the go command reads for a URL's proxy.
func netGoproxyProxyVar(u string) string {
	if strings.HasPrefix(u, "http:") {
		return "HTTP_PROXY"
	}
	return "HTTPS_PROXY"
}

// netGoproxyWithFallback rewrites the list with '|' after entry e.
func netGoproxyWithFallback(list []netGoproxyEntry, e netGoproxyEntry) string {
	var b strings.Builder
	for i, x := range list {
		b.WriteString(x.Raw)
		if i == len(list)-1 {
			break
		}
		if x.Fallback || x == e {
			b.WriteByte('|')
		} else {
			b.WriteByte(',')
		}
	}
	return b.String()
}

// netGoproxyTrustFix explains how to trust a TLS-intercepting proxy's
// certificate authority on each OS (Go reads SSL_CERT_FILE only on Linux
// and other Unix systems; macOS and Windows use the system verifier).
func netGoproxyTrustFix(f *facts.Facts, host string) *check.Fix {
	switch f.GOOS() {
	case "darwin":
		return &check.Fix{
			Description: fmt.Sprintf("Get your organisation's root certificate (ask IT, or export it from the certificate chain shown for %s) and trust it in the System keychain: Go uses the macOS verifier, which ignores SSL_CERT_FILE.", host),
			Commands:    []string{"sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain corp-root-ca.pem"},
		}
	case "windows":
		return &check.Fix{
			Description: fmt.Sprintf("Get your organisation's root certificate (ask IT, or export it from the certificate chain shown for %s) and import it into the Trusted Root Certification Authorities store: Go uses the Windows certificate store, which ignores SSL_CERT_FILE. In an elevated PowerShell:", host),
			Commands:    []string{`Import-Certificate -FilePath corp-root-ca.cer -CertStoreLocation Cert:\LocalMachine\Root`},
		}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Get your organisation's root certificate (ask IT, or export it from the certificate chain shown for %s) and add it to the system's trusted certificates, or point Go at a bundle that contains it with SSL_CERT_FILE (Go reads SSL_CERT_FILE and SSL_CERT_DIR on Linux).", host),
		Commands: []string{
			"sudo cp corp-root-ca.pem /usr/local/share/ca-certificates/corp-root-ca.crt && sudo update-ca-certificates",
			"export SSL_CERT_FILE=/path/to/bundle-with-corp-ca.pem",
		},
	}
}

// netGoproxySetFix changes or unsets a go env setting where it is set.
func netGoproxySetFix(f *facts.Facts, name, value, desc string) *check.Fix {
	st := &facts.Setting{Name: name, Definition: facts.Definition{Source: facts.FromDefault}}
	if s, err := f.Settings(); err == nil && s.Get(name) != nil {
		st = s.Get(name)
	}
	if value == "" {
		return settingfix.Unset(f.GOOS(), st, desc)
	}
	return settingfix.Set(f.GOOS(), st, value, desc)
}

// netGoproxyModuleURL is <proxy>/<escaped module>/@v/<escaped version><suffix>.
func netGoproxyModuleURL(base, escPath, escVersion, suffix string) string {
	return netGoproxyJoin(base, path.Join(escPath, "@v", escVersion+suffix))
}

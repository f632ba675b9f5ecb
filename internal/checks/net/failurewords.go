package net

// How the three network checks word a request that failed, and what to
// do about it: the same DNS failure, TLS-intercepting proxy or 403 reads
// the same whichever check met it.

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goproxy"
	"github.com/godx-dev/godx/internal/redact"
	"github.com/godx-dev/godx/internal/settingfix"
)

// entryNames lists GOPROXY entries for a sentence.
func entryNames(es []goproxy.Entry) string {
	var names []string
	for _, e := range es {
		names = append(names, e.String())
	}
	return strings.Join(names, ", ")
}

// stepField is one line of evidence per tried entry.
func stepField(s goproxy.Step) check.Field {
	return check.F(s.Entry.String(), stepResult(s))
}

// stepResult is what happened at a tried entry, with the request's
// details.
func stepResult(s goproxy.Step) string {
	switch {
	case s.Entry.Direct():
		return "direct: fetch from version control (not probed)"
	case s.Entry.Off():
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

// failureWords names a failure in a few words.
func failureWords(s goproxy.Step) string {
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

// hostOf is the host[:port] of a URL.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Host
}

// describeFailure explains a failed request: what happened, what the
// go command prints, and what it means. net/gosumdb and
// net/private-modules use it too.
func describeFailure(f *facts.Facts, p *facts.HTTPProbe) string {
	if p == nil {
		return ""
	}
	host := hostOf(p.URL)
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
			hostname(host), goSays)
	case facts.NetRefused:
		return fmt.Sprintf("Nothing accepts connections at %s (connection refused): the server is down or the port is wrong. %s", host, goSays)
	case facts.NetConnectTimeout:
		s := fmt.Sprintf("No connection to %s%s within %v: packets are dropped, usually by a firewall, or the network only allows traffic through an HTTP proxy.",
			host, via, p.Duration.Round(100*time.Millisecond))
		if p.Proxy == "" {
			s += " No " + proxyVarFor(p.URL) + " is set in this environment."
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

// hostname is host[:port] without the port.
func hostname(hostport string) string {
	if i := strings.LastIndexByte(hostport, ':'); i > 0 && !strings.Contains(hostport[i:], "]") {
		return hostport[:i]
	}
	return hostport
}

// proxyEnvEvidence lists the proxy variables that shape requests.
func proxyEnvEvidence(f *facts.Facts) []check.Field {
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

// failureFix says what to do about a failed entry.
func failureFix(f *facts.Facts, s goproxy.Step, w goproxy.Walk) *check.Fix {
	p := s.Probe
	if p == nil {
		return nil
	}
	host := hostOf(p.URL)
	switch p.Failure {
	case facts.NetTLSUnknownAuthority:
		return trustFix(f, host)
	case facts.NetProxyAuth:
		return &check.Fix{
			Description: fmt.Sprintf("Put the proxy credentials into %s (percent-encode special characters in the password). For a proxy that wants NTLM or Kerberos, run a local authenticating proxy (cntlm, px) and point %s at it.", p.ProxyVar, p.ProxyVar),
			Commands:    []string{settingfix.ShellSet(f.GOOS(), p.ProxyVar, "http://USER:PASSWORD@"+hostOf(p.Proxy))},
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
				Commands:    []string{settingfix.ShellSet(f.GOOS(), proxyVarFor(p.URL), "http://proxy.example:3128")},
			}
		}
	case facts.NetHTTPStatus:
		if p.Code == 401 || p.Code == 403 {
			file := f.NetrcPath()
			if file == "" {
				file = "~/.netrc"
			}
			return &check.Fix{
				Description: fmt.Sprintf("Give the go command credentials for %s: a line in %s (the default GOAUTH=netrc reads it), or a GOAUTH command.", hostname(host), file),
				Commands:    []string{fmt.Sprintf("machine %s login USER password TOKEN", hostname(host))},
			}
		}
	}
	desc := "Fix the entry (the failure above says how), or remove it from GOPROXY."
	if !s.Entry.Fallback && len(w.Untried) > 0 {
		desc = "Fix the entry, or let the go command fall back when it fails by separating it from the next entry with | instead of ,."
		fixed := goproxy.WithFallback(w.Entries, s.Entry)
		return setFix(f, "GOPROXY", fixed, desc)
	}
	return &check.Fix{Description: desc}
}

// proxyVarFor is the variable the go command reads for a URL's proxy.
func proxyVarFor(u string) string {
	if strings.HasPrefix(u, "http:") {
		return "HTTP_PROXY"
	}
	return "HTTPS_PROXY"
}

// trustFix explains how to trust a TLS-intercepting proxy's
// certificate authority on each OS (Go reads SSL_CERT_FILE only on Linux
// and other Unix systems; macOS and Windows use the system verifier).
func trustFix(f *facts.Facts, host string) *check.Fix {
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

package facts

import (
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// ProxyForURL is the HTTP proxy the go command would use for u, and the
// variable naming it. It reimplements net/http.ProxyFromEnvironment
// (golang.org/x/net/http/httpproxy) over the inspected environment rather
// than godx's own: HTTPS_PROXY (or https_proxy) for https URLs,
// HTTP_PROXY (or http_proxy) for http URLs, ignored in a CGI environment
// (REQUEST_METHOD set); a proxy value without a scheme means http://;
// localhost and loopback addresses are never proxied; NO_PROXY (or
// no_proxy) is a comma list of "*", IP addresses, CIDR ranges, and host
// names with an optional port, where "example.com" matches the host and
// its subdomains and ".example.com" or "*.example.com" only subdomains.
// Unlike the original, non-ASCII host names are compared as written
// (no IDNA conversion).
func (f *Facts) ProxyForURL(u *url.URL) (*url.URL, string, error) {
	var name string
	switch u.Scheme {
	case "https":
		name = "HTTPS_PROXY"
	case "http":
		name = "HTTP_PROXY"
	default:
		return nil, "", nil
	}
	raw, from := f.proxyEnv(name)
	if raw == "" {
		return nil, "", nil
	}
	if name == "HTTP_PROXY" && f.Getenv("REQUEST_METHOD") != "" {
		return nil, "", errors.New("refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy")
	}
	proxy, err := url.Parse(raw)
	if err != nil || proxy.Scheme == "" || proxy.Host == "" {
		if p2, err2 := url.Parse("http://" + raw); err2 == nil {
			proxy, err = p2, nil
		}
	}
	if err != nil {
		return nil, from, nil // x/net ignores an unparsable proxy value
	}
	if !f.useProxy(u) {
		return nil, "", nil
	}
	return proxy, from, nil
}

// proxyEnv reads NAME, else name (first non-empty), like httpproxy.
func (f *Facts) proxyEnv(name string) (value, from string) {
	for _, n := range []string{name, strings.ToLower(name)} {
		if v := f.Getenv(n); v != "" {
			return v, n
		}
	}
	return "", ""
}

func (f *Facts) useProxy(u *url.URL) bool {
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	if host == "" {
		return true
	}
	if host == "localhost" {
		return false
	}
	ip, ipErr := netip.ParseAddr(host)
	if ipErr == nil && ip.IsLoopback() {
		return false
	}
	noProxy, _ := f.proxyEnv("NO_PROXY")
	for _, p := range strings.Split(noProxy, ",") {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" {
			continue
		}
		if p == "*" {
			return false
		}
		if pfx, err := netip.ParsePrefix(p); err == nil {
			if ipErr == nil && pfx.Contains(ip.Unmap()) {
				return false
			}
			continue
		}
		phost, pport, err := net.SplitHostPort(p)
		if err == nil {
			if phost == "" {
				continue
			}
			phost = strings.TrimSuffix(strings.TrimPrefix(phost, "["), "]")
		} else {
			phost, pport = p, ""
		}
		if pip, err := netip.ParseAddr(phost); err == nil {
			if ipErr == nil && pip.Unmap() == ip.Unmap() && (pport == "" || pport == port) {
				return false
			}
			continue
		}
		if ipErr == nil || phost == "" {
			continue // host patterns never match IP addresses
		}
		phost = strings.TrimPrefix(phost, "*")
		matchHost := false
		if phost[0] != '.' {
			matchHost = true
			phost = "." + phost
		}
		if (strings.HasSuffix(host, phost) || matchHost && host == phost[1:]) && (pport == "" || pport == port) {
			return false
		}
	}
	return true
}

// netrcCredentials finds the login for an https URL in the netrc file, as
// the go command's default GOAUTH=netrc does: $NETRC, else ~/.netrc (on
// Windows ~/_netrc first); a machine entry matches the URL's host (with
// its port) or a leading part of host/path.
func (f *Facts) netrcCredentials(u *url.URL) (user, pass, from string) {
	goauth := f.Getenv("GOAUTH")
	if ge, ok := f.GoEnvReady(); ok && ge != nil && ge.Vars != nil {
		if v, set := ge.Vars["GOAUTH"]; set {
			goauth = v
		}
	}
	if goauth == "off" {
		return "", "", ""
	}
	if goauth != "" && !strings.Contains(";"+goauth+";", ";netrc;") {
		return "", "", ""
	}
	file := f.NetrcPath()
	if file == "" {
		return "", "", ""
	}
	data, err := f.ReadFile(file)
	if err != nil {
		return "", "", ""
	}
	lines := parseNetrc(string(data))
	// Like the go command's credential cache: the longest host/path
	// prefix with an entry wins, and the first entry for a machine.
	prefix := strings.TrimSuffix(u.Host+u.EscapedPath(), "/")
	for {
		for _, l := range lines {
			if l.machine == prefix {
				return l.login, l.password, file
			}
		}
		i := strings.LastIndexByte(prefix, '/')
		if i < 0 {
			return "", "", ""
		}
		prefix = prefix[:i]
	}
}

// NetrcPath is the netrc file the go command reads ("" when no home
// directory is known).
func (f *Facts) NetrcPath() string {
	if v := f.Getenv("NETRC"); v != "" {
		return v
	}
	home := f.Getenv("HOME")
	if f.GOOS() == "windows" {
		home = f.Getenv("USERPROFILE")
	}
	if home == "" {
		return ""
	}
	if f.GOOS() == "windows" {
		legacy := f.JoinPath(home, "_netrc")
		if f.Exists(legacy) {
			return legacy
		}
	}
	return f.JoinPath(home, ".netrc")
}

type netrcLine struct{ machine, login, password string }

// parseNetrc is cmd/go/internal/auth.parseNetrc.
func parseNetrc(data string) []netrcLine {
	var nrc []netrcLine
	var l netrcLine
	inMacro := false
	for _, line := range strings.Split(data, "\n") {
		if inMacro {
			if line == "" {
				inMacro = false
			}
			continue
		}
		fields := strings.Fields(line)
		i := 0
		for ; i < len(fields)-1; i += 2 {
			switch fields[i] {
			case "machine":
				l = netrcLine{machine: fields[i+1]}
			case "login":
				l.login = fields[i+1]
			case "password":
				l.password = fields[i+1]
			case "macdef":
				inMacro = true
			}
			if l.machine != "" && l.login != "" && l.password != "" {
				nrc = append(nrc, l)
				l = netrcLine{}
			}
		}
		if i < len(fields) && fields[i] == "default" {
			break
		}
	}
	return nrc
}

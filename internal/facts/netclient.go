package facts

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/godx-dev/godx/internal/redact"
)

// NetDialer is an optional part of OS: opening network connections.
// System dials for real (netdial.go); an OS without it has no network at
// all, so a fake never reaches the real network by accident (tests use
// factstest.LoopbackNet, which reaches only loopback addresses).
type NetDialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// NetRootCAs is an optional part of OS for tests: the certificate
// authorities HTTPS connections trust instead of the system's.
type NetRootCAs interface {
	NetRootCAs() *x509.CertPool
}

// ErrNoNetwork means the OS gives godx no network access (a fake).
var ErrNoNetwork = errors.New("no network access in this environment")

// NetRequestTimeout bounds one request of HTTPGet (connection, TLS, proxy
// CONNECT and the answer's headers together) in a doctor run with the
// default budget. It is short on purpose: a dead or silent proxy must not
// make the doctor slow, so a doctor run stays within 3 s even when every
// request hangs. Options.FetchTimeout replaces it (`godx doctor
// --timeout` stretches it with the budget). The clock starts after
// godx's own one-time work (NetWarmUp), so a slow machine's start-up is
// not taken for a silent server.
const NetRequestTimeout = 2 * time.Second

// ErrCutShort marks a request that godx itself ended early: the doctor's
// budget ran out, or a walk's deadline left it less than its own limit.
// Such a failure says nothing about the server and is not remembered.
var ErrCutShort = errors.New("godx's time ran out before the server answered")

// netMinRequestTimeout is the shortest time HTTPGetBefore gives a request
// whose deadline has (nearly) passed.
const netMinRequestTimeout = 100 * time.Millisecond

// NetFailure classifies why a request failed, so that a check can tell
// the user what to do.
type NetFailure string

const (
	NetOK                  NetFailure = ""
	NetOffline             NetFailure = "offline"               // --offline
	NetNoNetwork           NetFailure = "no network"            // the OS has no NetDialer
	NetBadURL              NetFailure = "bad URL"               // unparsable or unsupported scheme
	NetDNS                 NetFailure = "DNS"                   // the host name does not resolve
	NetRefused             NetFailure = "connection refused"    // nothing listens there
	NetConnectTimeout      NetFailure = "connect timeout"       // no TCP connection in time (packets dropped)
	NetNoAnswer            NetFailure = "no answer"             // connected, but no answer in time
	NetTLSUnknownAuthority NetFailure = "TLS unknown authority" // certificate signed by an unknown CA (TLS-intercepting proxy)
	NetTLS                 NetFailure = "TLS"                   // other TLS failures (name mismatch, expired, not TLS)
	NetProxyAuth           NetFailure = "proxy authentication"  // 407 from the HTTP proxy
	NetProxy               NetFailure = "HTTP proxy"            // the HTTP proxy itself failed
	NetHTTPStatus          NetFailure = "HTTP status"           // an answer other than 200
	NetOther               NetFailure = "other"
)

// HTTPProbe is the outcome of one GET through the shared client.
type HTTPProbe struct {
	URL string // redacted (no passwords)
	// Proxy is the HTTP proxy the request went through (redacted), and
	// ProxyVar the variable that named it ("HTTPS_PROXY"); both "" when
	// the request went directly.
	Proxy, ProxyVar string
	// Code and Status of the answer (also for non-200 answers; 0 without
	// an answer). A file:// URL answers 200, 404 or 403 like the go command.
	Code   int
	Status string
	// Body of a 200 answer (at most 1 MiB); for other answers, the first
	// line of a text/plain body (the go command shows it as "server response").
	Body []byte
	// Err is set for any outcome but 200; Failure classifies it.
	Err     error
	Failure NetFailure
	// Connected reports that a connection to the server (or the HTTP
	// proxy) was established.
	Connected bool
	// Credentials says where authentication came from ("" = none):
	// "URL" for user:password@ in the URL, or the netrc file's path.
	Credentials string
	Duration    time.Duration
	// CutShort reports a timeout that godx's own budget caused, not the
	// request's full limit (see ErrCutShort).
	CutShort bool
}

// OK reports a 200 answer.
func (p *HTTPProbe) OK() bool { return p.Err == nil && p.Code == http.StatusOK }

// NotFound reports a 404 or 410 answer: the go command's "not found",
// which lets a GOPROXY list fall through on ','.
func (p *HTTPProbe) NotFound() bool {
	return p.Code == http.StatusNotFound || p.Code == http.StatusGone
}

// HTTPGet GETs rawURL through godx's one HTTP client, bounded by
// NetRequestTimeout and the doctor's budget. Answers are shared: every
// check asking for the same URL during a run gets the same probe. It
// behaves like the go command's client: HTTP_PROXY/HTTPS_PROXY/NO_PROXY
// from the inspected environment (ProxyForURL), netrc credentials for
// https URLs (unless GOAUTH=off), at most 10 redirects and none from
// https to http, file:// URLs read from disk. Because answers are
// shared, the request runs under the doctor's budget, not a check's
// context.
func (f *Facts) HTTPGet(rawURL string) *HTTPProbe {
	return f.HTTPGetBefore(rawURL, time.Time{})
}

// HTTPGetBefore is HTTPGet with the request also ending at deadline (the
// zero time: no deadline), so that a walk over several URLs stays within
// its overall budget even when every server hangs. The answer is shared
// like HTTPGet's: the first caller's deadline applies.
func (f *Facts) HTTPGetBefore(rawURL string, deadline time.Time) *HTTPProbe {
	get, _ := httpGets.Get(f, rawURL)
	p, _ := get.Do(func() (*HTTPProbe, error) { return f.httpGet(rawURL, deadline), nil })
	return p
}

// httpGets is one GET per URL per run; the deadline is not part of the
// key, so the first caller's applies.
var httpGets = NewFactFamily("HTTP GET", newFirstCaller[string, *HTTPProbe])

func (f *Facts) httpGet(rawURL string, deadline time.Time) *HTTPProbe {
	start := time.Now()
	p := &HTTPProbe{URL: redact.URL(rawURL)}
	defer func() { p.Duration = time.Since(start) }()
	if f.Offline {
		p.Err, p.Failure = ErrOffline, NetOffline
		return p
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		p.Err, p.Failure = err, NetBadURL
		return p
	}
	switch u.Scheme {
	case "file":
		f.fileGet(u, p)
		return p
	case "http", "https":
	default:
		p.Err, p.Failure = fmt.Errorf("unsupported URL scheme %q", u.Scheme), NetBadURL
		return p
	}
	c := f.httpClient()
	if c.noNet {
		p.Err, p.Failure = ErrNoNetwork, NetNoNetwork
		return p
	}
	if u.Scheme == "https" {
		f.NetWarmUp()
		start = time.Now() // the warm-up is godx's work, not the request's
	}
	timeout := f.fetchTimeout
	if !deadline.IsZero() {
		timeout = min(timeout, max(time.Until(deadline), netMinRequestTimeout))
	}
	ctx, cancel := context.WithTimeout(f.ctx, timeout)
	defer cancel()
	defer func() {
		if p.Failure == NetNoAnswer || p.Failure == NetConnectTimeout {
			p.CutShort = f.ctx.Err() != nil || timeout < f.fetchTimeout
		}
	}()

	var tr netTrace
	ctx = httptrace.WithClientTrace(ctx, tr.hooks())
	ctx = context.WithValue(ctx, netTraceKey{}, &tr)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		p.Err, p.Failure = err, NetBadURL
		return p
	}
	if u.User != nil {
		p.Credentials = "URL"
	} else if u.Scheme == "https" {
		if user, pass, from := f.netrcCredentials(u); from != "" {
			req.SetBasicAuth(user, pass)
			p.Credentials = from
		}
	}
	if pu, from, err := f.ProxyForURL(u); err == nil && pu != nil {
		p.Proxy, p.ProxyVar = redact.URL(pu.String()), from
	}
	resp, err := c.client.Do(req)
	p.Connected = tr.connected()
	if err != nil {
		p.Err = err
		p.Failure = classifyNetError(err, &tr, p.Proxy != "")
		if p.Failure == NetNoAnswer && !p.Connected {
			p.Failure = NetConnectTimeout
		}
		return p
	}
	defer resp.Body.Close()
	p.Code, p.Status = resp.StatusCode, resp.Status
	if resp.StatusCode == http.StatusOK {
		p.Body, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			p.Err, p.Failure = err, classifyNetError(err, &tr, p.Proxy != "")
			if p.Failure == NetOther {
				p.Failure = NetNoAnswer
			}
		}
		return p
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		line, _, _ := strings.Cut(strings.TrimSpace(string(data)), "\n")
		p.Body = []byte(line)
	}
	p.Err = &HTTPError{URL: p.URL, Status: resp.Status, Code: resp.StatusCode}
	p.Failure = NetHTTPStatus
	if resp.StatusCode == http.StatusProxyAuthRequired {
		p.Failure = NetProxyAuth
	}
	return p
}

// fileGet reads a file:// URL the way the go command does (web.getFile):
// a missing file is 404, an unreadable one 403.
func (f *Facts) fileGet(u *url.URL, p *HTTPProbe) {
	if u.Host != "" && u.Host != "localhost" || u.Path == "" {
		p.Err, p.Failure = fmt.Errorf("file URL %s must be file:///absolute/path", p.URL), NetBadURL
		return
	}
	name := u.Path
	if f.GOOS() == "windows" {
		name = strings.TrimPrefix(name, "/") // file:///C:/x
	}
	data, err := f.OS.ReadFile(name, 1<<20)
	switch {
	case err == nil:
		p.Code, p.Status, p.Body = 200, "200 OK", data
	case errors.Is(err, fs.ErrNotExist):
		p.Code, p.Status = 404, "404 Not Found"
		p.Err, p.Failure = &HTTPError{URL: p.URL, Status: p.Status, Code: p.Code}, NetHTTPStatus
	case errors.Is(err, fs.ErrPermission):
		p.Code, p.Status = 403, "403 Forbidden"
		p.Err, p.Failure = &HTTPError{URL: p.URL, Status: p.Status, Code: p.Code}, NetHTTPStatus
	default:
		p.Err, p.Failure = err, NetOther
	}
}

// netClient is the one HTTP client of a doctor run.
type netClient struct {
	client *http.Client
	noNet  bool
}

func (f *Facts) httpClient() *netClient {
	c, _ := sharedHTTPClient.Get(f)
	return c
}

// sharedHTTPClient is the run's one client, so that checks asking the same
// hosts reuse its connections.
var sharedHTTPClient = NewFact("HTTP client", func(f *Facts) (*netClient, error) {
	d, ok := f.OS.(NetDialer)
	if !ok {
		return &netClient{noNet: true}, nil
	}
	var tlsConfig *tls.Config
	if r, ok := f.OS.(NetRootCAs); ok && r.NetRootCAs() != nil {
		tlsConfig = &tls.Config{RootCAs: r.NetRootCAs()}
	}
	tr := &http.Transport{
		TLSClientConfig: tlsConfig,
		Proxy: func(r *http.Request) (*url.URL, error) {
			u, _, err := f.ProxyForURL(r.URL)
			return u, err
		},
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   f.fetchTimeout,
		ResponseHeaderTimeout: f.fetchTimeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       5 * time.Second,
		ForceAttemptHTTP2:     true,
		OnProxyConnectResponse: func(ctx context.Context, _ *url.URL, _ *http.Request, res *http.Response) error {
			if tr, ok := ctx.Value(netTraceKey{}).(*netTrace); ok {
				tr.setProxyStatus(res.StatusCode)
			}
			return nil
		},
	}
	return &netClient{client: &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirected from secure URL %s to insecure URL %s", redact.URL(via[len(via)-1].URL.String()), redact.URL(req.URL.String()))
			}
			return nil
		},
	}}, nil
})

// netTrace records how far a request got.
type netTrace struct {
	mu          sync.Mutex
	conn        bool
	proxyStatus int
}

type netTraceKey struct{}

func (t *netTrace) hooks() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				t.mu.Lock()
				t.conn = true
				t.mu.Unlock()
			}
		},
		GotConn: func(httptrace.GotConnInfo) {
			t.mu.Lock()
			t.conn = true
			t.mu.Unlock()
		},
	}
}

func (t *netTrace) connected() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.conn
}

func (t *netTrace) setProxyStatus(code int) {
	t.mu.Lock()
	t.proxyStatus = code
	t.mu.Unlock()
}

func (t *netTrace) proxyCode() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.proxyStatus
}

// classifyNetError names the kind of a transport error.
func classifyNetError(err error, tr *netTrace, viaProxy bool) NetFailure {
	if code := tr.proxyCode(); code != 0 && code != http.StatusOK {
		if code == http.StatusProxyAuthRequired {
			return NetProxyAuth
		}
		return NetProxy
	}
	var unknown x509.UnknownAuthorityError
	var cve *tls.CertificateVerificationError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var rec tls.RecordHeaderError
	var dns *net.DNSError
	var op *net.OpError
	msg := err.Error()
	switch {
	case errors.As(err, &unknown):
		return NetTLSUnknownAuthority
	case errors.As(err, &cve):
		if errors.As(cve.Err, &unknown) {
			return NetTLSUnknownAuthority
		}
		return NetTLS
	case errors.As(err, &hostErr), errors.As(err, &invalid), errors.As(err, &rec),
		strings.Contains(msg, "tls: "), strings.Contains(msg, "x509: "):
		return NetTLS
	case errors.As(err, &dns):
		if viaProxy && errors.As(err, &op) && op.Op == "proxyconnect" {
			return NetProxy
		}
		return NetDNS
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(strings.ToLower(msg), "connection refused") ||
		strings.Contains(msg, "actively refused"):
		if viaProxy && errors.As(err, &op) && op.Op == "proxyconnect" {
			return NetProxy
		}
		return NetRefused
	case errors.Is(err, context.DeadlineExceeded), isNetTimeout(err):
		return NetNoAnswer // the caller tells connect timeouts apart
	case errors.As(err, &op) && op.Op == "proxyconnect":
		return NetProxy
	}
	return NetOther
}

func isNetTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

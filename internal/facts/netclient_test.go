package facts_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func netFacts(t *testing.T, env ...string) *facts.Facts {
	t.Helper()
	return netFactsTimeout(t, 300*time.Millisecond, env...)
}

func netFactsTimeout(t *testing.T, timeout time.Duration, env ...string) *facts.Facts {
	t.Helper()
	o := factstest.New()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		o.Setenv(k, v)
	}
	f, err := facts.New(context.Background(), factstest.LoopbackNet{OS: o}, facts.Options{FetchTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestHTTPGetOK(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/golang.org/x/mod/@v/list" {
			w.Write([]byte("v0.1.0\n"))
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusGone)
		w.Write([]byte("not found: unknown module\nsecond line"))
	}))
	defer s.Close()
	f := netFacts(t)
	p := f.HTTPGet(s.URL + "/golang.org/x/mod/@v/list")
	if !p.OK() || string(p.Body) != "v0.1.0\n" || !p.Connected || p.Proxy != "" {
		t.Fatalf("probe = %+v", p)
	}
	if p2 := f.HTTPGet(s.URL + "/golang.org/x/mod/@v/list"); p2 != p {
		t.Error("the same URL was fetched twice in one run")
	}
	p = f.HTTPGet(s.URL + "/example.com/private/@v/list")
	if !p.NotFound() || p.Failure != facts.NetHTTPStatus || string(p.Body) != "not found: unknown module" {
		t.Fatalf("probe = %+v", p)
	}
}

func TestHTTPGetFailures(t *testing.T) {
	auth := factstest.AuthProxy(t)
	icpt := factstest.InterceptingProxy(t, nil)
	cases := []struct {
		name string
		env  []string
		url  string
		want facts.NetFailure
		conn bool
	}{
		{"refused", nil, "http://" + factstest.ClosedPort(t) + "/x", facts.NetRefused, false},
		{"silent", nil, "http://" + factstest.SilentListener(t) + "/x", facts.NetNoAnswer, true},
		{"silent tls", nil, "https://" + factstest.SilentListener(t) + "/x", facts.NetNoAnswer, true},
		{"dns", nil, "https://proxy.example.invalid/x", facts.NetDNS, false},
		{"407 connect", []string{"HTTPS_PROXY=" + auth.URL}, "https://proxy.example.invalid/x", facts.NetProxyAuth, true},
		{"407 plain", []string{"HTTP_PROXY=" + auth.URL}, "http://proxy.example.invalid/x", facts.NetProxyAuth, true},
		{"intercepted", []string{"HTTPS_PROXY=" + icpt.URL}, "https://proxy.example.invalid/x", facts.NetTLSUnknownAuthority, true},
		{"proxy down", []string{"HTTPS_PROXY=http://" + factstest.ClosedPort(t)}, "https://proxy.example.invalid/x", facts.NetProxy, false},
		{"bad scheme", nil, "ftp://x/y", facts.NetBadURL, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			timeout := facts.NetRequestTimeout // failures that do not hang must not need it
			if c.want == facts.NetNoAnswer {
				timeout = 300 * time.Millisecond
			}
			p := netFactsTimeout(t, timeout, c.env...).HTTPGet(c.url)
			if p.Failure != c.want || p.Connected != c.conn || p.Err == nil {
				t.Fatalf("failure = %q (connected %v, err %v), want %q (connected %v)", p.Failure, p.Connected, p.Err, c.want, c.conn)
			}
			// The request's own time: godx's one-time certificate-verifier
			// load before it (NetWarmUp; seconds under Wine) is not the
			// server's.
			if d := p.Duration; c.want == facts.NetNoAnswer && d > 2*time.Second {
				t.Errorf("took %v, want the 300ms request limit to hold", d)
			}
		})
	}
}

func TestHTTPGetOfflineAndNoNetwork(t *testing.T) {
	o := factstest.New()
	f, _ := facts.New(context.Background(), factstest.LoopbackNet{OS: o}, facts.Options{Offline: true})
	if p := f.HTTPGet("http://127.0.0.1:1/x"); p.Failure != facts.NetOffline {
		t.Errorf("offline: %+v", p)
	}
	f, _ = facts.New(context.Background(), o, facts.Options{})
	if p := f.HTTPGet("http://127.0.0.1:1/x"); p.Failure != facts.NetNoNetwork {
		t.Errorf("plain fake: %+v", p)
	}
}

func TestHTTPGetThroughForwardProxy(t *testing.T) {
	fwd, n := factstest.ForwardProxy(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Host != "proxy.example.invalid" {
			t.Errorf("proxy got %s", r.URL)
		}
		w.Write([]byte("ok"))
	}))
	f := netFacts(t, "http_proxy="+strings.TrimPrefix(fwd.URL, "http://"))
	p := f.HTTPGet("http://proxy.example.invalid/golang.org/x/mod/@v/list")
	if !p.OK() || n.Load() != 1 || p.ProxyVar != "http_proxy" {
		t.Fatalf("probe = %+v, proxied %d", p, n.Load())
	}
}

func TestHTTPGetNetrc(t *testing.T) {
	var got string
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		got = u + ":" + p
	})
	s := httptest.NewServer(handler)
	defer s.Close()
	ts := httptest.NewTLSServer(handler)
	defer ts.Close()
	o := factstest.New()
	o.Setenv("HOME", "/home/me")
	host, thost := strings.TrimPrefix(s.URL, "http://"), strings.TrimPrefix(ts.URL, "https://")
	o.AddFile("/home/me/.netrc", "machine other.example login x password y\nmachine "+host+" login me password secret\n"+
		"machine "+thost+"/mod login tls password tsecret\nmachine "+thost+"/mod login second password ignored\n", 0o600)
	roots := ts.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	f, _ := facts.New(context.Background(), factstest.LoopbackNet{OS: o, RootCAs: roots}, facts.Options{})
	// netrc credentials go to https URLs only, like the go command.
	if p := f.HTTPGet(s.URL + "/a"); !p.OK() || got != ":" || p.Credentials != "" {
		t.Fatalf("http: probe %+v, auth %q", p, got)
	}
	if p := f.HTTPGet(ts.URL + "/mod/@v/list"); !p.OK() || got != "tls:tsecret" || p.Credentials != "/home/me/.netrc" {
		t.Fatalf("https: probe %+v, auth %q", p, got)
	}
	if p := f.HTTPGet(ts.URL + "/other/@v/list"); !p.OK() || got != ":" {
		t.Fatalf("https, other path: probe %+v, auth %q", p, got)
	}
	o.Setenv("GOAUTH", "off")
	f, _ = facts.New(context.Background(), factstest.LoopbackNet{OS: o, RootCAs: roots}, facts.Options{})
	if p := f.HTTPGet(ts.URL + "/mod/@v/list"); !p.OK() || got != ":" {
		t.Fatalf("GOAUTH=off: probe %+v, auth %q", p, got)
	}
}

func TestProxyForURL(t *testing.T) {
	cases := []struct {
		env  []string
		url  string
		want string
	}{
		{[]string{"HTTPS_PROXY=proxy:3128"}, "https://a.example/x", "http://proxy:3128"},
		{[]string{"https_proxy=http://p:1"}, "https://a.example/x", "http://p:1"},
		{[]string{"HTTPS_PROXY=http://p:1"}, "http://a.example/x", ""},
		{[]string{"HTTP_PROXY=http://p:1"}, "https://a.example/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1"}, "https://localhost:8080/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1"}, "https://127.0.0.5/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=example.com"}, "https://example.com/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=example.com"}, "https://sub.example.com/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=.example.com"}, "https://example.com/x", "http://p:1"},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=*.example.com"}, "https://a.example.com/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=example.com:8443"}, "https://example.com/x", "http://p:1"},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=example.com:443"}, "https://example.com/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=10.0.0.0/8"}, "https://10.1.2.3/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=10.0.0.0/8"}, "https://ten.example/x", "http://p:1"},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=*"}, "https://a.example/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1", "no_proxy=a.example"}, "https://a.example/x", ""},
		{[]string{"HTTPS_PROXY=http://p:1", "NO_PROXY=xample.com"}, "https://example.com/x", "http://p:1"},
	}
	for _, c := range cases {
		f := netFacts(t, c.env...)
		u, _ := url.Parse(c.url)
		got, _, err := f.ProxyForURL(u)
		s := ""
		if got != nil {
			s = got.String()
		}
		if s != c.want || err != nil {
			t.Errorf("%v %s: proxy %q (err %v), want %q", c.env, c.url, s, err, c.want)
		}
	}
	// CGI environments refuse HTTP_PROXY (httpoxy).
	f := netFacts(t, "HTTP_PROXY=http://p:1", "REQUEST_METHOD=GET")
	u, _ := url.Parse("http://a.example/")
	if _, _, err := f.ProxyForURL(u); err == nil {
		t.Error("HTTP_PROXY used in a CGI environment")
	}
}

func TestHTTPGetFileURL(t *testing.T) {
	o := factstest.New()
	o.AddFile("/mirror/golang.org/x/mod/@v/list", "v0.1.0\n", 0)
	f, _ := facts.New(context.Background(), o, facts.Options{})
	if p := f.HTTPGet("file:///mirror/golang.org/x/mod/@v/list"); !p.OK() {
		t.Errorf("file: %+v", p)
	}
	if p := f.HTTPGet("file:///mirror/other/@v/list"); !p.NotFound() {
		t.Errorf("missing file: %+v", p)
	}
}

// A request that times out on its own limit says the server is silent; one
// that godx's budget (the doctor's, or a walk's deadline) cut short says
// nothing about the server, and Fetch marks it with ErrCutShort.
func TestHTTPGetCutShort(t *testing.T) {
	silent := "http://" + factstest.SilentListener(t) + "/x"
	newFacts := func(ctx context.Context, limit time.Duration) *facts.Facts {
		f, err := facts.New(ctx, factstest.LoopbackNet{OS: factstest.New()}, facts.Options{FetchTimeout: limit})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	own := newFacts(context.Background(), 300*time.Millisecond)
	if p := own.HTTPGet(silent); p.Failure != facts.NetNoAnswer || p.CutShort {
		t.Errorf("own limit: %+v, want no answer, not cut short", p)
	}
	if _, err := own.Fetch(context.Background(), silent); err == nil || errors.Is(err, facts.ErrCutShort) {
		t.Errorf("own limit: Fetch error %v", err)
	}

	budget, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	cut := newFacts(budget, time.Hour)
	if p := cut.HTTPGet(silent); p.Failure != facts.NetNoAnswer || !p.CutShort {
		t.Errorf("doctor budget: %+v, want no answer, cut short", p)
	}
	if _, err := cut.Fetch(context.Background(), silent); !errors.Is(err, facts.ErrCutShort) {
		t.Errorf("doctor budget: Fetch error %v, want ErrCutShort", err)
	}

	walk := newFacts(context.Background(), time.Hour)
	if p := walk.HTTPGetBefore(silent, time.Now().Add(300*time.Millisecond)); p.Failure != facts.NetNoAnswer || !p.CutShort {
		t.Errorf("walk deadline: %+v, want no answer, cut short", p)
	}
}

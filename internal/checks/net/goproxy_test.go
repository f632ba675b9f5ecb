package net

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/goproxy"
)

// testProxy is a loopback module proxy: it has golang.org/x/mod and
// public modules, answers 410 for modules under example.com/private, and
// serves the checksum database "sum.example" when sumdb is true.
func testProxy(t *testing.T, sumdb bool) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/golang.org/x/mod/@v/list":
			w.Write([]byte("v0.20.0\nv0.21.0\n"))
		case strings.HasPrefix(p, "/sumdb/sum.example/"):
			if !sumdb {
				http.NotFound(w, r)
				return
			}
			w.Write([]byte("go.sum database tree\n1\nhash\n"))
		case strings.HasPrefix(p, "/example.com/private/"), strings.HasPrefix(p, "/git.corp.example/"):
			w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
			w.WriteHeader(http.StatusGone)
			w.Write([]byte("not found: " + strings.TrimPrefix(p, "/") + ": invalid version: git ls-remote -q origin: exit status 128\nmore"))
		case strings.HasSuffix(p, ".info"):
			w.Write([]byte(`{"Version":"v1.0.0"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// testSumdbKey is a verifier key for the checksum database "sum.example".
func testSumdbKey(t testing.TB) string {
	_, vkey, err := note.GenerateKey(nil, "sum.example")
	if err != nil {
		t.Fatal(err)
	}
	return vkey
}

// testMachine is a fake Linux machine of user me with Go whose go env
// reports goenv.
func testMachine(t *testing.T, goenv ...string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().Home("/home/me").
		Path("/usr/local/go/bin", "/usr/bin").
		Go("/usr/local/go", "go1.26.8", goenv...)
}

// testRun runs c on o with a network that reaches loopback servers only.
func testRun(t *testing.T, c *check.Check, o *factstest.Machine) checktest.Result {
	t.Helper()
	return checktest.Run(t, c, factstest.LoopbackNet{OS: o.OS}, facts.Options{})
}

func TestGoproxy_Clean(t *testing.T) {
	srv := testProxy(t, true)
	r := testRun(t, Goproxy, testMachine(t, "GOPROXY="+srv.URL+",direct"))
	checktest.Clean(t, r)
	if !strings.Contains(r.Summary, "answers") || !strings.Contains(r.Summary, "200 OK") {
		t.Errorf("summary %q", r.Summary)
	}
}

func TestGoproxy_RefusedStopsBeforeDirect(t *testing.T) {
	closed := "http://" + factstest.ClosedPort(t)
	r := testRun(t, Goproxy, testMachine(t, "GOPROXY="+closed+",direct"))
	fd := checktest.Only(t, r, check.Error, "connection refused", "never tries direct", closed+"|direct")
	if fd.Fix == nil || len(fd.Fix.Commands) == 0 || !strings.Contains(fd.Fix.Commands[0], "go env -w 'GOPROXY="+closed+"|direct'") {
		t.Errorf("fix %+v", fd.Fix)
	}
}

// A server that accepts and never answers: the request ends at its
// timeout (the full facts.NetRequestTimeout, so that even a starved test
// process has connected by then and the failure reads "no answer").
func TestGoproxy_SilentProxyIsTimeout(t *testing.T) {
	silent := "http://" + factstest.SilentListener(t)
	r := testRun(t, Goproxy, testMachine(t, "GOPROXY="+silent))
	checktest.Only(t, r, check.Warning, "no answer within", "accepted the connection but did not answer")
}

func TestGoproxy_FallbackOnPipe(t *testing.T) {
	srv := testProxy(t, false)
	closed := "http://" + factstest.ClosedPort(t)
	r := testRun(t, Goproxy, testMachine(t, "GOPROXY="+closed+"|"+srv.URL))
	checktest.Only(t, r, check.Warning, "falls back to "+srv.URL, "connection refused")

	r = testRun(t, Goproxy, testMachine(t, "GOPROXY="+closed+"|direct"))
	checktest.Only(t, r, check.Warning, "falls back to direct", "missing Git command")
}

func TestGoproxy_NotFoundFallsThrough(t *testing.T) {
	empty := httptest.NewServer(http.NotFoundHandler())
	defer empty.Close()
	srv := testProxy(t, false)
	r := testRun(t, Goproxy, testMachine(t, "GOPROXY="+empty.URL+","+srv.URL))
	checktest.Clean(t, r, "1 earlier entry")
	r = testRun(t, Goproxy, testMachine(t, "GOPROXY="+empty.URL))
	checktest.Only(t, r, check.Warning, "No entry of GOPROXY has golang.org/x/mod")
}

func TestGoproxy_OffDirectAndGit(t *testing.T) {
	r := testRun(t, Goproxy, testMachine(t, "GOPROXY=off"))
	checktest.Only(t, r, check.Info, "GOPROXY=off", "module lookup disabled by GOPROXY=off")

	o := testMachine(t, "GOPROXY=direct")
	r = testRun(t, Goproxy, o)
	checktest.Only(t, r, check.Warning, "no git command", "missing Git command")

	o.Executable("/usr/bin/git", "#!/bin/sh\n")
	r = testRun(t, Goproxy, o)
	checktest.Clean(t, r, "direct")
}

func TestGoproxy_DNS(t *testing.T) {
	// The fake Go's default GOPROXY names a host that does not resolve.
	r := testRun(t, Goproxy, testMachine(t))
	checktest.Only(t, r, check.Error, "does not resolve", "proxy.example.invalid", "no such host")
}

func TestGoproxy_InterceptingProxy(t *testing.T) {
	icpt := factstest.InterceptingProxy(t, nil)
	o := testMachine(t, "GOPROXY=https://proxy.example.invalid")
	o.Export("HTTPS_PROXY=" + icpt.URL)
	r := testRun(t, Goproxy, o)
	checktest.Only(t, r, check.Error, "certificate signed by unknown authority", "TLS-intercepting", "SSL_CERT_FILE", "via HTTPS_PROXY="+icpt.URL)

	o.OSName = "darwin"
	r = testRun(t, Goproxy, o)
	checktest.Only(t, r, check.Error, "System keychain", "ignores SSL_CERT_FILE")
}

func TestGoproxy_ProxyAuth(t *testing.T) {
	auth := factstest.AuthProxy(t)
	o := testMachine(t, "GOPROXY=https://proxy.example.invalid,direct")
	o.Export("https_proxy=" + auth.URL)
	r := testRun(t, Goproxy, o)
	checktest.Only(t, r, check.Error, "Proxy Authentication Required", "407", "https_proxy=http://USER:PASSWORD@"+strings.TrimPrefix(auth.URL, "http://"))
}

func TestGoproxy_Forbidden(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "login required", http.StatusForbidden)
	}))
	defer s.Close()
	r := testRun(t, Goproxy, testMachine(t, "GOPROXY="+s.URL))
	checktest.Only(t, r, check.Error, "403 Forbidden", "server response: login required", "/home/me/.netrc", "machine 127.0.0.1 login USER")
}

func TestGoproxy_Unparsable(t *testing.T) {
	r := testRun(t, Goproxy, testMachine(t, "GOPROXY=,"))
	checktest.Only(t, r, check.Error, "contains no entries")
	r = testRun(t, Goproxy, testMachine(t, "GOPROXY=ftp://mirror.example"))
	checktest.Only(t, r, check.Error, "invalid proxy URL scheme (must be https, http, file)")
}

func TestGoproxy_FileProxy(t *testing.T) {
	o := testMachine(t, "GOPROXY=file:///srv/goproxy")
	o.Dir("/srv/goproxy")
	r := testRun(t, Goproxy, o)
	checktest.Clean(t, r, "/srv/goproxy")
	r = testRun(t, Goproxy, testMachine(t, "GOPROXY=file:///srv/missing"))
	checktest.Only(t, r, check.Info, "No entry of GOPROXY has")
}

func TestGoproxy_NoNetworkSkips(t *testing.T) {
	r := checktest.Run(t, Goproxy, testMachine(t), facts.Options{})
	checktest.Skipped(t, r)
}

// The walk's first request ends at the shared deadline (the budget is no
// longer than a request may wait, so the deadline, not the request
// timeout, ends it); the deadline has then passed, so the next entry is
// not tried. That no request starts after the deadline whatever the
// timing is proven on a logical clock in internal/goproxy.
func TestGoproxy_BudgetStopsWalk(t *testing.T) {
	defer func(b time.Duration) { goproxy.Budget = b }(goproxy.Budget)
	goproxy.Budget = facts.NetRequestTimeout
	silent := "http://" + factstest.SilentListener(t)
	srv := testProxy(t, false)
	r := testRun(t, Goproxy, testMachine(t, "GOPROXY="+silent+"|"+srv.URL))
	checktest.Only(t, r, check.Warning, "fail slowly", "not tried")
}

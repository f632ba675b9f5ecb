package net

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestGosumdb_ThroughProxy(t *testing.T) {
	srv := testProxy(t, true)
	r := testRun(t, Gosumdb, testMachine(t, "GOPROXY="+srv.URL+",direct", "GOSUMDB="+testSumdbKey(t)))
	checktest.Clean(t, r)
	if !strings.Contains(r.Summary, "through the proxy "+srv.URL) {
		t.Errorf("summary %q", r.Summary)
	}
}

func TestGosumdb_DirectWhenProxyDoesNotServeIt(t *testing.T) {
	srv := testProxy(t, false) // 404 for /sumdb/...: connect directly to https://sum.example
	r := testRun(t, Gosumdb, testMachine(t, "GOPROXY="+srv.URL, "GOSUMDB="+testSumdbKey(t)))
	checktest.Only(t, r, check.Error, "directly at https://sum.example", "does not resolve")
}

func TestGosumdb_ExplicitURL(t *testing.T) {
	db := testProxy(t, true)
	sumdb := httptest.NewServer(http.StripPrefix("/x", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/latest" {
			w.Write([]byte("go.sum database tree\n"))
			return
		}
		http.NotFound(w, r)
	})))
	defer sumdb.Close()
	r := testRun(t, Gosumdb, testMachine(t, "GOPROXY="+db.URL, "GOSUMDB="+testSumdbKey(t)+" "+sumdb.URL+"/x"))
	checktest.Clean(t, r, "URL in GOSUMDB")
}

func TestGosumdb_Off(t *testing.T) {
	o := testMachine(t)
	o.Export("GOSUMDB=off")
	r := testRun(t, Gosumdb, o)
	fd := checktest.Only(t, r, check.Warning, "GOSUMDB=off", "checksum database disabled by GOSUMDB=off", "GOSUMDB (environment variable)")
	if fd.Fix == nil || len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != "unset GOSUMDB" {
		t.Errorf("fix %+v", fd.Fix)
	}
}

// With GOPROXY=off nothing is downloaded: an unreachable checksum
// database matters only for cached modules missing from go.sum, a warning.
func TestGosumdb_UnreachableWithGoproxyOffIsWarning(t *testing.T) {
	addr := factstest.ClosedPort(t)
	r := testRun(t, Gosumdb, testMachine(t, "GOPROXY=off", "GOSUMDB="+testSumdbKey(t)+" http://"+addr))
	checktest.Only(t, r, check.Warning, "connection refused", "With GOPROXY=off the go command downloads nothing")
}

func TestGosumdb_Invalid(t *testing.T) {
	r := testRun(t, Gosumdb, testMachine(t, "GOSUMDB=a b c"))
	checktest.Only(t, r, check.Error, "invalid GOSUMDB: too many fields")
	r = testRun(t, Gosumdb, testMachine(t, "GOSUMDB=sum.example+zz"))
	checktest.Only(t, r, check.Error, "invalid GOSUMDB: malformed verifier id")
}

func TestGosumdb_ProxyFailureWithoutFallback(t *testing.T) {
	// The proxy answers modules but fails the sumdb question with 502: the
	// go command treats the database as unavailable (no fallback on ',').
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/sumdb/") {
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return
		}
		w.Write([]byte("v0.1.0\n"))
	}))
	defer s.Close()
	r := testRun(t, Gosumdb, testMachine(t, "GOPROXY="+s.URL+",direct", "GOSUMDB="+testSumdbKey(t)))
	checktest.Only(t, r, check.Error, "asked whether it serves the checksum database sum.example", "502 Bad Gateway", "verifying module")
}

func TestGosumdb_SameCauseAsProxyIsWarning(t *testing.T) {
	closed := "http://" + factstest.ClosedPort(t)
	r := testRun(t, Gosumdb, testMachine(t, "GOPROXY="+closed, "GOSUMDB="+testSumdbKey(t)))
	checktest.Only(t, r, check.Warning, "connection refused", "net/goproxy")
}

func TestGosumdb_NoNetworkSkips(t *testing.T) {
	r := checktest.Run(t, Gosumdb, testMachine(t), facts.Options{})
	checktest.Skipped(t, r)
}

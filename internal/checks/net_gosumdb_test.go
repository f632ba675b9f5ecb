package checks

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestNetGosumdb_ThroughProxy(t *testing.T) {
	srv := netTestProxy(t, true)
	r := netTestRun(t, NetGosumdb, netTestOS(t, "GOPROXY="+srv.URL+",direct", "GOSUMDB="+netTestSumdbKey(t)))
	checktest.Clean(t, r)
	if !strings.Contains(r.Summary, "through the proxy "+srv.URL) {
		t.Errorf("summary %q", r.Summary)
	}
}

func TestNetGosumdb_DirectWhenProxyDoesNotServeIt(t *testing.T) {
	srv := netTestProxy(t, false) // 404 for /sumdb/...: connect directly to https://sum.example
	r := netTestRun(t, NetGosumdb, netTestOS(t, "GOPROXY="+srv.URL, "GOSUMDB="+netTestSumdbKey(t)))
	checktest.Only(t, r, check.Error, "directly at https://sum.example", "does not resolve")
}

func TestNetGosumdb_ExplicitURL(t *testing.T) {
	db := netTestProxy(t, true)
	sumdb := httptest.NewServer(http.StripPrefix("/x", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/latest" {
			w.Write([]byte("go.sum database tree\n"))
			return
		}
		http.NotFound(w, r)
	})))
	defer sumdb.Close()
	r := netTestRun(t, NetGosumdb, netTestOS(t, "GOPROXY="+db.URL, "GOSUMDB="+netTestSumdbKey(t)+" "+sumdb.URL+"/x"))
	checktest.Clean(t, r, "URL in GOSUMDB")
}

func TestNetGosumdb_Off(t *testing.T) {
	o := netTestOS(t)
	o.Export("GOSUMDB=off")
	r := netTestRun(t, NetGosumdb, o)
	fd := checktest.Only(t, r, check.Warning, "GOSUMDB=off", "checksum database disabled by GOSUMDB=off", "GOSUMDB (environment variable)")
	if fd.Fix == nil || len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != "unset GOSUMDB" {
		t.Errorf("fix %+v", fd.Fix)
	}
}

// With GOPROXY=off nothing is downloaded: an unreachable checksum
// database matters only for cached modules missing from go.sum, a warning.
func TestNetGosumdb_UnreachableWithGoproxyOffIsWarning(t *testing.T) {
	addr := factstest.ClosedPort(t)
	r := netTestRun(t, NetGosumdb, netTestOS(t, "GOPROXY=off", "GOSUMDB="+netTestSumdbKey(t)+" http://"+addr))
	checktest.Only(t, r, check.Warning, "connection refused", "With GOPROXY=off the go command downloads nothing")
}

func TestNetGosumdb_Invalid(t *testing.T) {
	r := netTestRun(t, NetGosumdb, netTestOS(t, "GOSUMDB=a b c"))
	checktest.Only(t, r, check.Error, "invalid GOSUMDB: too many fields")
	r = netTestRun(t, NetGosumdb, netTestOS(t, "GOSUMDB=sum.example+zz"))
	checktest.Only(t, r, check.Error, "invalid GOSUMDB: malformed verifier id")
}

func TestNetGosumdb_ProxyFailureWithoutFallback(t *testing.T) {
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
	r := netTestRun(t, NetGosumdb, netTestOS(t, "GOPROXY="+s.URL+",direct", "GOSUMDB="+netTestSumdbKey(t)))
	checktest.Only(t, r, check.Error, "asked whether it serves the checksum database sum.example", "502 Bad Gateway", "verifying module")
}

func TestNetGosumdb_SameCauseAsProxyIsWarning(t *testing.T) {
	closed := "http://" + factstest.ClosedPort(t)
	r := netTestRun(t, NetGosumdb, netTestOS(t, "GOPROXY="+closed, "GOSUMDB="+netTestSumdbKey(t)))
	checktest.Only(t, r, check.Warning, "connection refused", "net/goproxy")
}

func TestNetGosumdb_NoNetworkSkips(t *testing.T) {
	r := checktest.Run(t, NetGosumdb, netTestOS(t), factsOptionsNone)
	checktest.Skipped(t, r)
}

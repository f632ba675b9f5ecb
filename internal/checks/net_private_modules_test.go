package checks

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

var factsOptionsNone = facts.Options{}

const netPrivateTestGoMod = `module example.com/app

go 1.26

require (
	example.com/private/lib v1.2.0
	golang.org/x/mod v0.20.0
	example.com/local v0.0.0
)

replace example.com/local => ../local
`

func netPrivateTestOS(vars map[string]string) *factstest.OS {
	if vars["GOMOD"] == "" {
		vars["GOMOD"] = "/work/go.mod"
	}
	o := netTestOS(vars)
	o.AddFile("/work/go.mod", netPrivateTestGoMod, 0)
	return o
}

func TestNetPrivateModules_Clean(t *testing.T) {
	srv := netTestProxy(t, true)
	r := netTestRun(t, NetPrivateModules, netPrivateTestOS(map[string]string{
		"GOPROXY": srv.URL + ",direct", "GOPRIVATE": "example.com/private", "GONOPROXY": "example.com/private", "GONOSUMDB": "example.com/private",
	}))
	if len(r.Findings) != 0 || r.SkipReason != "" {
		t.Fatalf("findings %+v skip %q", r.Findings, r.SkipReason)
	}
	if !strings.Contains(r.Summary, "2 requirements: 1 private (covered by GOPRIVATE)") {
		t.Errorf("summary %q", r.Summary)
	}
}

func TestNetPrivateModules_NotCovered(t *testing.T) {
	srv := netTestProxy(t, true)
	r := netTestRun(t, NetPrivateModules, netPrivateTestOS(map[string]string{"GOPROXY": srv.URL + ",direct", "GOPRIVATE": "git.corp.example"}))
	fd := checktest.Only(t, r, check.Warning, "example.com/private/lib looks private", "410 Gone", "verifying module: example.com/private/lib@v1.2.0",
		"server response: not found: example.com/private/lib")
	if fd.Fix == nil || len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != "go env -w GOPRIVATE=git.corp.example,example.com/private" {
		t.Errorf("fix %+v", fd.Fix)
	}
}

func TestNetPrivateModules_NoProxyWithoutNoSumDB(t *testing.T) {
	srv := netTestProxy(t, true)
	r := netTestRun(t, NetPrivateModules, netPrivateTestOS(map[string]string{"GOPROXY": srv.URL, "GONOPROXY": "example.com/private"}))
	checktest.Only(t, r, check.Warning, "fetched directly (GONOPROXY) but still verified", "GONOSUMDB", "go env -w GONOSUMDB=example.com/private")

	// With the checksum database off there is nothing to fail.
	r = netTestRun(t, NetPrivateModules, netPrivateTestOS(map[string]string{"GOPROXY": srv.URL, "GONOPROXY": "example.com/private", "GOSUMDB": "off"}))
	if len(r.Findings) != 0 {
		t.Fatalf("findings %+v", r.Findings)
	}
}

func TestNetPrivateModules_Insecure(t *testing.T) {
	srv := netTestProxy(t, true)
	o := netPrivateTestOS(map[string]string{"GOPROXY": srv.URL, "GOPRIVATE": "example.com/private", "GONOPROXY": "example.com/private", "GONOSUMDB": "example.com/private", "GOINSECURE": "example.com/private"})
	o.Setenv("GOINSECURE", "example.com/private")
	r := netTestRun(t, NetPrivateModules, o)
	checktest.Only(t, r, check.Warning, "GOINSECURE=example.com/private", "without HTTPS certificate checks", "unset GOINSECURE")
}

func TestNetPrivateModules_ProxyDownOnlySettings(t *testing.T) {
	closed := "http://" + factstest.ClosedPort(t)
	r := netTestRun(t, NetPrivateModules, netPrivateTestOS(map[string]string{"GOPROXY": closed}))
	if len(r.Findings) != 0 || !strings.Contains(r.Summary, "not asked") {
		t.Fatalf("findings %+v summary %q", r.Findings, r.Summary)
	}
}

func TestNetPrivateModules_OutsideModule(t *testing.T) {
	r := netTestRun(t, NetPrivateModules, netTestOS(nil))
	if r.SkipReason == "" {
		t.Fatalf("want a skip: %+v", r)
	}
}

func TestNetPrivateModules_ReplacementIsAsked(t *testing.T) {
	srv := netTestProxy(t, true)
	o := netPrivateTestOS(map[string]string{"GOPROXY": srv.URL})
	o.AddFile("/work/go.mod", "module example.com/app\n\ngo 1.26\n\nrequire golang.org/x/mod v0.20.0\n\nreplace golang.org/x/mod => git.corp.example/fork/mod v0.20.1\n", 0)
	r := netTestRun(t, NetPrivateModules, o)
	checktest.Only(t, r, check.Warning, "git.corp.example/fork/mod looks private", "replacing golang.org/x/mod@v0.20.0", "GOPRIVATE=git.corp.example/fork")
}

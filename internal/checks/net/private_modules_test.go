package net

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const privateTestGoMod = `module example.com/app

go 1.26

require (
	example.com/private/lib v1.2.0
	golang.org/x/mod v0.20.0
	example.com/local v0.0.0
)

replace example.com/local => ../local
`

// privateTestMachine is testMachine with a module at /work that requires a
// private module.
func privateTestMachine(t *testing.T, goenv ...string) *factstest.Machine {
	return testMachine(t, append([]string{"GOMOD=/work/go.mod"}, goenv...)...).
		File("/work/go.mod", privateTestGoMod)
}

func TestPrivateModules_Clean(t *testing.T) {
	srv := testProxy(t, true)
	r := testRun(t, PrivateModules, privateTestMachine(t, "GOPROXY="+srv.URL+",direct", "GOPRIVATE=example.com/private", "GONOPROXY=example.com/private", "GONOSUMDB=example.com/private"))
	checktest.Clean(t, r)
	if !strings.Contains(r.Summary, "2 requirements: 1 private (covered by GOPRIVATE)") {
		t.Errorf("summary %q", r.Summary)
	}
}

func TestPrivateModules_NotCovered(t *testing.T) {
	srv := testProxy(t, true)
	r := testRun(t, PrivateModules, privateTestMachine(t, "GOPROXY="+srv.URL+",direct", "GOPRIVATE=git.corp.example"))
	fd := checktest.Only(t, r, check.Warning, "example.com/private/lib looks private", "410 Gone", "verifying module: example.com/private/lib@v1.2.0",
		"server response: not found: example.com/private/lib")
	if fd.Fix == nil || len(fd.Fix.Commands) != 1 || fd.Fix.Commands[0] != "go env -w GOPRIVATE=git.corp.example,example.com/private" {
		t.Errorf("fix %+v", fd.Fix)
	}
}

func TestPrivateModules_NoProxyWithoutNoSumDB(t *testing.T) {
	srv := testProxy(t, true)
	r := testRun(t, PrivateModules, privateTestMachine(t, "GOPROXY="+srv.URL, "GONOPROXY=example.com/private"))
	checktest.Only(t, r, check.Warning, "fetched directly (GONOPROXY) but still verified", "GONOSUMDB", "go env -w GONOSUMDB=example.com/private")

	// With the checksum database off there is nothing to fail.
	r = testRun(t, PrivateModules, privateTestMachine(t, "GOPROXY="+srv.URL, "GONOPROXY=example.com/private", "GOSUMDB=off"))
	checktest.Clean(t, r)
}

func TestPrivateModules_Insecure(t *testing.T) {
	srv := testProxy(t, true)
	o := privateTestMachine(t, "GOPROXY="+srv.URL, "GOPRIVATE=example.com/private", "GONOPROXY=example.com/private", "GONOSUMDB=example.com/private", "GOINSECURE=example.com/private")
	o.Export("GOINSECURE=example.com/private")
	r := testRun(t, PrivateModules, o)
	checktest.Only(t, r, check.Warning, "GOINSECURE=example.com/private", "without HTTPS certificate checks", "unset GOINSECURE")
}

func TestPrivateModules_ProxyDownOnlySettings(t *testing.T) {
	closed := "http://" + factstest.ClosedPort(t)
	r := testRun(t, PrivateModules, privateTestMachine(t, "GOPROXY="+closed))
	checktest.Clean(t, r, "not asked")
}

func TestPrivateModules_OutsideModule(t *testing.T) {
	r := testRun(t, PrivateModules, testMachine(t))
	checktest.Skipped(t, r)
}

func TestPrivateModules_ReplacementIsAsked(t *testing.T) {
	srv := testProxy(t, true)
	o := privateTestMachine(t, "GOPROXY="+srv.URL)
	o.File("/work/go.mod", "module example.com/app\n\ngo 1.26\n\nrequire golang.org/x/mod v0.20.0\n\nreplace golang.org/x/mod => git.corp.example/fork/mod v0.20.1\n")
	r := testRun(t, PrivateModules, o)
	checktest.Only(t, r, check.Warning, "git.corp.example/fork/mod looks private", "replacing golang.org/x/mod@v0.20.0", "GOPRIVATE=git.corp.example/fork")
}

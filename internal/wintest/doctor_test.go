package wintest_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/wintest"
)

// The whole doctor in a small module, online against a module proxy on
// loopback, with its default budget: every check finishes (no timeout,
// no crash), and host/emulation reads go.exe's PE header.
func TestDoctorSmallModule(t *testing.T) {
	h := harness(t)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/golang.org/x/mod/@v/list":
			w.Write([]byte("v0.42.0\n"))
		case "/golang.org/toolchain/@v/list":
			w.Write([]byte("v0.0.1-" + h.GoVersion + ".windows-amd64\n"))
		case "/sumdb/sum.golang.org/supported", "/sumdb/sum.golang.org/latest":
		default:
			http.NotFound(w, r)
		}
	}))
	defer proxy.Close()
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	// The default budget is the quality bar, but a test must not depend
	// on the machine's speed: it is used only when asked for.
	var budget []string
	if os.Getenv("GODX_WINE_DEFAULT_BUDGET") == "" {
		budget = []string{"--timeout", wintest.Budget}
	} else {
		budget = []string{"--timeout", "10s"}
	}
	r := u.Doctor(t, dir, []string{"GOPROXY=" + proxy.URL}, budget...)
	for _, c := range r.Checks {
		if c.Status == report.Timeout || c.Status == report.Crashed {
			t.Errorf("%s: %s\n%s", c.ID, c.Status, wintest.Text(c))
		}
	}
	t.Logf("doctor under Wine: %d ms (budget %s)", r.DurationMS, budget[1])
	for _, c := range r.Checks {
		t.Logf("  %-28s %-8s %5d ms", c.ID, c.Status, c.DurationMS)
	}
	wintest.Expect(t, r, "host/emulation", report.OK, "go is native amd64", "PE header: amd64")
	wintest.Expect(t, r, "net/goproxy", report.OK, proxy.URL)
	wintest.Expect(t, r, "net/gosumdb", report.OK)
	wintest.Expect(t, r, "go/version-support", report.OK)
	if r.Context.GOOS != "windows" || r.Summary.Errors != 0 {
		t.Errorf("context %+v, summary %+v", r.Context, r.Summary)
	}
	// The text report too.
	res := u.Godx(t, dir, []string{"GOPROXY=" + proxy.URL}, "doctor", "--offline", "--timeout", wintest.Budget)
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, `C:\Program Files\Go\bin\go.exe`) {
		t.Errorf("godx doctor: %s", res)
	}
}

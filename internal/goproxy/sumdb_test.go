package goproxy_test

import (
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"github.com/godx-dev/godx/internal/goproxy"
)

func TestParseGOSUMDB(t *testing.T) {
	_, vkey, err := note.GenerateKey(nil, "sum.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, name, url, err string }{
		{"sum.golang.org", "sum.golang.org", "", ""},
		{vkey, "sum.example", "", ""},
		{vkey + " https://mirror.example/sumdb", "sum.example", "https://mirror.example/sumdb", ""},
		{"sum.example/sub", "sum.example/sub", "", ""},
		{"", "", "", "missing GOSUMDB"},
		{"a b c", "", "", "invalid GOSUMDB: too many fields"},
		{"sum.example+zz", "", "", "invalid GOSUMDB: malformed verifier id"},
		{"sum.example/", "", "", "invalid sumdb name (must be host[/path]): sum.example/"},
		{"sum.example %zz", "", "", `invalid GOSUMDB URL: parse "%zz": invalid URL escape "%zz"`},
	} {
		db, err := goproxy.ParseGOSUMDB(tc.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if db.Name != tc.name || db.URL != tc.url || gotErr != tc.err {
			t.Errorf("ParseGOSUMDB(%q) = %+v, %q; want %q %q %q", tc.in, db, gotErr, tc.name, tc.url, tc.err)
		}
	}
}

func TestFindRoute(t *testing.T) {
	const supported = "/sumdb/sum.example/supported"
	servers := map[string]fakeServer{
		"https://serves.example": ok, "https://gone.example": gone,
		"https://bad.example": bad, "https://refused.example": refused,
	}
	db := goproxy.Sumdb{Name: "sum.example"}
	for _, tc := range []struct {
		goproxy string
		via     goproxy.Via
		base    string // "" = failed
		asked   int
	}{
		{"https://serves.example,direct", goproxy.ViaProxy, "https://serves.example/sumdb/sum.example", 1},
		{"https://gone.example,https://serves.example", goproxy.ViaProxy, "https://serves.example/sumdb/sum.example", 2},
		{"https://gone.example,direct", goproxy.ViaDirect, "https://sum.example", 1},
		{"https://gone.example", goproxy.ViaDirect, "https://sum.example", 1},           // the end of the list: direct
		{"https://bad.example,https://serves.example", goproxy.ViaProxy, "", 1},         // an error without '|' fails
		{"https://refused.example|direct", goproxy.ViaDirect, "https://sum.example", 1}, // direct's answer ranks highest
		{"https://refused.example|https://gone.example", goproxy.ViaProxy, "", 2},       // an error beats not found
		{"off", goproxy.ViaDirect, "https://sum.example", 0},
	} {
		n := newFakeNet(servers)
		deadline := t0.Add(goproxy.Budget)
		r := goproxy.FindRoute(n, db, mustParse(t, tc.goproxy), deadline)
		if r.Via != tc.via || r.Base != tc.base || len(n.urls()) != tc.asked || (tc.base == "") != (r.Fail != nil) {
			t.Errorf("%s: route %+v after %q", tc.goproxy, r, n.urls())
		}
		for _, u := range n.urls() {
			if !strings.HasSuffix(u, supported) {
				t.Errorf("%s: asked %s", tc.goproxy, u)
			}
		}
		n.checkDeadline(t, deadline, true)
	}
}

func TestFindRoute_ExplicitURLAsksNothing(t *testing.T) {
	n := newFakeNet(nil)
	r := goproxy.FindRoute(n, goproxy.Sumdb{Name: "sum.example", URL: "https://mirror.example"}, mustParse(t, "https://a.example"), t0.Add(goproxy.Budget))
	if r.Via != goproxy.ViaURL || r.Base != "https://mirror.example" || len(n.urls()) != 0 {
		t.Errorf("route %+v after %q", r, n.urls())
	}
}

// Hanging proxies: the route search shares the walk's deadline.
func TestFindRoute_HangingProxies(t *testing.T) {
	n := newFakeNet(map[string]fakeServer{"http://a.example": hangs, "http://b.example": hangs, "http://c.example": hangs})
	deadline := t0.Add(goproxy.Budget)
	r := goproxy.FindRoute(n, goproxy.Sumdb{Name: "sum.example"}, mustParse(t, "http://a.example|http://b.example|http://c.example"), deadline)
	n.checkDeadline(t, deadline, true)
	if len(n.urls()) != 2 || r.Fail == nil || r.Fail.Entry.URL != "http://b.example" {
		t.Errorf("route %+v after %q", r, n.urls())
	}
}

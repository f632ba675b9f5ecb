package goproxy_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/goproxy"
)

func mustParse(t *testing.T, goproxyValue string) []goproxy.Entry {
	t.Helper()
	list, err := goproxy.Parse(goproxyValue, unixAbs)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

var (
	ok      = fakeServer{code: http.StatusOK}
	gone    = fakeServer{code: http.StatusGone}
	bad     = fakeServer{code: http.StatusBadGateway}
	refused = fakeServer{failure: facts.NetRefused}
	hangs   = fakeServer{} // accepts the connection and never answers
)

const list = "/golang.org/x/mod/@v/list"

func TestWalkEntries(t *testing.T) {
	servers := map[string]fakeServer{
		"https://ok.example": ok, "https://gone.example": gone,
		"https://bad.example": bad, "https://refused.example": refused,
	}
	for _, tc := range []struct {
		goproxy string
		end     goproxy.End
		asked   string // hosts asked, in order
		untried int
	}{
		{"https://ok.example,direct", goproxy.EndServed, "ok", 1},
		{"https://gone.example,https://ok.example", goproxy.EndServed, "gone ok", 0},               // ',' falls through on not found
		{"https://refused.example,https://ok.example", goproxy.EndFailed, "refused", 1},            // but not on an error
		{"https://refused.example|https://ok.example", goproxy.EndServed, "refused ok", 0},         // '|' does
		{"https://bad.example|direct", goproxy.EndDirect, "bad", 0},                                // ending at direct, not probed
		{"https://gone.example,off", goproxy.EndOff, "gone", 0},                                    // or off
		{"https://gone.example|https://refused.example|", goproxy.EndExhausted, "gone refused", 0}, // nothing left
		{"off", goproxy.EndOff, "", 0},
	} {
		n := newFakeNet(servers)
		deadline := t0.Add(goproxy.Budget)
		w := goproxy.WalkEntries(n, mustParse(t, tc.goproxy), deadline)
		var asked []string
		for _, u := range n.urls() {
			asked = append(asked, strings.TrimSuffix(strings.TrimPrefix(u, "https://"), ".example"+list))
		}
		if w.End != tc.end || strings.Join(asked, " ") != tc.asked || len(w.Untried) != tc.untried {
			t.Errorf("%s: end %s, asked %q, untried %v; want %s, %q, %d", tc.goproxy, w.End, asked, w.Untried, tc.end, tc.asked, tc.untried)
		}
		if len(w.Steps) == 0 && tc.goproxy != "off" {
			t.Errorf("%s: no steps", tc.goproxy)
		}
		n.checkDeadline(t, deadline, true)
	}
}

// The bound on a dead network: however many entries hang, the walk asks
// only while the shared deadline has not passed, so it ends by it (the
// first hanging entry takes the request timeout, the next the rest of the
// budget) and names the entries it did not try.
func TestWalkEntries_HangingEntriesShareOneDeadline(t *testing.T) {
	servers := map[string]fakeServer{}
	var hosts []string
	for _, h := range []string{"a", "b", "c", "d", "e"} {
		servers["http://"+h+".example"] = hangs
		hosts = append(hosts, "http://"+h+".example")
	}
	n := newFakeNet(servers)
	deadline := t0.Add(goproxy.Budget)
	w := goproxy.WalkEntries(n, mustParse(t, strings.Join(hosts, "|")+"|direct"), deadline)

	n.checkDeadline(t, deadline, true)
	if got := n.urls(); len(got) != 2 {
		t.Errorf("asked %q; want the first two entries (2 s, then the 0.5 s left)", got)
	}
	if w.End != goproxy.EndBudget || len(w.Untried) != 4 || !w.Untried[len(w.Untried)-1].Direct() {
		t.Errorf("end %s, untried %v", w.End, w.Untried)
	}
	if len(w.Failures()) != 2 || w.Failures()[0].Probe.Failure != facts.NetNoAnswer {
		t.Errorf("failures %+v", w.Failures())
	}
	if w.Duration != goproxy.Budget {
		t.Errorf("the walk took %v of logical time, want the budget %v", w.Duration, goproxy.Budget)
	}
}

// A deadline already passed (another network check used the budget)
// starts nothing.
func TestWalkEntries_DeadlinePassed(t *testing.T) {
	n := newFakeNet(map[string]fakeServer{"https://ok.example": ok})
	w := goproxy.WalkEntries(n, mustParse(t, "https://ok.example,direct"), t0)
	if len(n.urls()) != 0 || w.End != goproxy.EndBudget || len(w.Untried) != 2 {
		t.Errorf("asked %q, end %s, untried %v", n.urls(), w.End, w.Untried)
	}
}

func TestWalkEntries_FileProxy(t *testing.T) {
	n := newFakeNet(nil)
	n.dirs["file:///srv/mirror"] = true
	w := goproxy.WalkEntries(n, mustParse(t, "file:///srv/missing,file:///srv/mirror"), t0.Add(time.Second))
	if w.End != goproxy.EndServed || len(w.Steps) != 2 || !w.Steps[0].NotFound() || w.Steps[1].Dir != "/srv/mirror" {
		t.Errorf("walk %+v", w)
	}
	if len(n.urls()) != 0 {
		t.Errorf("a file:// proxy is no request: %q", n.urls())
	}
}

func TestWalkUnusable(t *testing.T) {
	n := newFakeNet(map[string]fakeServer{"https://a.example": {failure: facts.NetOffline}})
	w := goproxy.WalkEntries(n, mustParse(t, "https://a.example"), t0.Add(time.Second))
	if w.Unusable() == nil || !goproxy.Unusable(w.FirstProbe()) {
		t.Errorf("offline walk: %+v", w)
	}
}

// Walked and Machine on a fake machine with a loopback network: the
// values come from go env, the requests go through godx's HTTP client.
func TestWalked(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == list {
			w.Write([]byte("v0.20.0\n"))
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	m := factstest.NewMachine(t).Linux().Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8", "GOPROXY=file:///srv/missing,"+srv.URL+",direct", "GONOPROXY=corp.example")
	f, err := facts.New(t.Context(), factstest.LoopbackNet{OS: m.OS}, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := goproxy.Walked.Get(f)
	if err != nil {
		t.Fatal(err)
	}
	if w.End != goproxy.EndServed || len(w.Steps) != 2 || w.NoProxy != "corp.example" || !strings.HasPrefix(w.Value, "file:") {
		t.Fatalf("walk %+v", w)
	}
	if w.Steps[0].Dir != "/srv/missing" || w.Steps[0].Found || w.Steps[1].Probe.Code != http.StatusOK {
		t.Errorf("steps %+v", w.Steps)
	}
	if len(w.Untried) != 1 || !w.Untried[0].Direct() {
		t.Errorf("untried %v", w.Untried)
	}
	d1, _ := goproxy.Deadline.Get(f)
	d2, _ := goproxy.Deadline.Get(f)
	if !d1.Equal(d2) {
		t.Errorf("two deadlines in one run: %v, %v", d1, d2)
	}
}

func TestWalked_ParseError(t *testing.T) {
	m := factstest.NewMachine(t).Linux().Path("/usr/local/go/bin").Go("/usr/local/go", "go1.26.8", "GOPROXY=,")
	f, err := facts.New(t.Context(), m, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := goproxy.Walked.Get(f)
	if err != nil || w.ParseErr == nil || w.Value != "," || len(w.Steps) != 0 {
		t.Errorf("walk %+v, %v", w, err)
	}
}

func TestMachineDir_Windows(t *testing.T) {
	m := factstest.NewMachine(t).Windows().Dir(`C:\mirror`)
	f, err := facts.New(t.Context(), m, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir, ok := goproxy.Machine(f).Dir("file:///C:/mirror")
	if dir != `C:\mirror` || !ok {
		t.Errorf("Dir = %q, %v", dir, ok)
	}
}

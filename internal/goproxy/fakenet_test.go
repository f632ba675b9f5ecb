package goproxy_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

// fakeNet is a Network on a logical clock: nothing sleeps, and a request
// to a server that never answers moves the clock forward by exactly the
// time facts.HTTPGetBefore would wait (facts.NetRequestTimeout, cut short
// at the deadline but given at least requestFloor). The time bounds of
// walks and lookups are then facts about the code, not about how fast
// the test machine is.
type fakeNet struct {
	mu       sync.Mutex
	now      time.Time
	servers  map[string]fakeServer // by URL prefix
	dirs     map[string]bool       // file:// URLs whose directory exists
	requests []fakeRequest
}

// requestFloor mirrors the shortest wait HTTPGetBefore gives a request
// whose deadline has (nearly) passed.
const requestFloor = 100 * time.Millisecond

// fakeServer is how the server at a URL prefix answers.
type fakeServer struct {
	code    int              // an HTTP status; 0 = no answer
	failure facts.NetFailure // without a status: the failure (default: no answer, hanging)
}

// fakeRequest is one Get: what was asked, when, and with which deadline.
type fakeRequest struct {
	url             string
	start, deadline time.Time
}

var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func newFakeNet(servers map[string]fakeServer) *fakeNet {
	return &fakeNet{now: t0, servers: servers, dirs: map[string]bool{}}
}

func (n *fakeNet) Now() time.Time {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.now
}

func (n *fakeNet) Get(url string, deadline time.Time) *facts.HTTPProbe {
	n.mu.Lock()
	defer n.mu.Unlock()
	start := n.now
	n.requests = append(n.requests, fakeRequest{url: url, start: start, deadline: deadline})
	p := &facts.HTTPProbe{URL: url}
	var srv fakeServer
	found, longest := false, 0
	for prefix, s := range n.servers {
		if strings.HasPrefix(url, prefix) && len(prefix) >= longest {
			srv, found, longest = s, true, len(prefix)
		}
	}
	switch {
	case !found:
		p.Err, p.Failure = errors.New("lookup: no such host"), facts.NetDNS
	case srv.code != 0:
		p.Code, p.Status = srv.code, http.StatusText(srv.code)
		if srv.code != http.StatusOK {
			p.Err, p.Failure = errors.New(p.Status), facts.NetHTTPStatus
		}
	case srv.failure != "" && srv.failure != facts.NetNoAnswer:
		p.Err, p.Failure = errors.New(string(srv.failure)), srv.failure
	default: // hangs until the request's timeout
		wait := min(facts.NetRequestTimeout, max(deadline.Sub(start), requestFloor))
		if end := start.Add(wait); end.After(n.now) {
			n.now = end
		}
		p.Err, p.Failure, p.Connected = errors.New("context deadline exceeded"), facts.NetNoAnswer, true
	}
	p.Duration = n.now.Sub(start)
	return p
}

func (n *fakeNet) Dir(fileURL string) (string, bool) {
	dir := strings.TrimPrefix(fileURL, "file://")
	return dir, n.dirs[fileURL]
}

// urls are the URLs asked, in order.
func (n *fakeNet) urls() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []string
	for _, r := range n.requests {
		out = append(out, r.url)
	}
	return out
}

// checkDeadline fails unless every request carried deadline. For a
// sequential walk it also fails when a request started at or after the
// deadline, or when the clock ran past the deadline by more than
// requestFloor: the promise that hanging servers cannot add up their
// waits. (The fake's one clock cannot show parallel requests overlapping,
// so Lookup's bound is counted in requests instead.)
func (n *fakeNet) checkDeadline(t *testing.T, deadline time.Time, sequential bool) {
	t.Helper()
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, r := range n.requests {
		if !r.deadline.Equal(deadline) {
			t.Errorf("%s asked with deadline %v, want the shared %v", r.url, r.deadline, deadline)
		}
		if sequential && !r.start.Before(deadline) {
			t.Errorf("%s started at %v, after the deadline %v", r.url, r.start.Sub(t0), deadline.Sub(t0))
		}
	}
	if limit := deadline.Add(requestFloor); sequential && n.now.After(limit) {
		t.Errorf("the clock ran to %v, past the deadline %v", n.now.Sub(t0), deadline.Sub(t0))
	}
}

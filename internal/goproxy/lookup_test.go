package goproxy_test

import (
	"fmt"
	"testing"

	"golang.org/x/mod/module"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goproxy"
)

func TestModuleURL(t *testing.T) {
	u, err := goproxy.ModuleURL("https://proxy.example/", module.Version{Path: "github.com/Azure/sdk", Version: "v1.2.0-RC1"}, ".info")
	if err != nil || u != "https://proxy.example/github.com/!azure/sdk/@v/v1.2.0-!r!c1.info" {
		t.Errorf("ModuleURL = %q, %v", u, err)
	}
	if _, err := goproxy.ModuleURL("https://proxy.example", module.Version{Path: "bad path", Version: "v1.0.0"}, ".info"); err == nil {
		t.Error("a path the go command cannot escape gave no error")
	}
}

func modules(n int) []module.Version {
	var mods []module.Version
	for i := range n {
		mods = append(mods, module.Version{Path: fmt.Sprintf("example.com/m%03d", i), Version: "v1.0.0"})
	}
	return mods
}

func TestLookup(t *testing.T) {
	n := newFakeNet(map[string]fakeServer{
		"https://proxy.example/example.com/":      ok,
		"https://proxy.example/example.com/m001/": gone,
	})
	mods := append(modules(3), module.Version{Path: "bad path", Version: "v1.0.0"})
	probes, skipped := goproxy.Lookup(n, "https://proxy.example", mods, t0.Add(goproxy.Budget))
	if skipped != 0 || len(probes) != 4 {
		t.Fatalf("skipped %d, %d probes", skipped, len(probes))
	}
	if !probes[0].OK() || !probes[1].NotFound() || !probes[2].OK() || probes[3] != nil {
		t.Errorf("probes %+v", probes)
	}
	if got := probes[1].URL; got != "https://proxy.example/example.com/m001/@v/v1.0.0.info" {
		t.Errorf("asked %s", got)
	}
}

func TestLookup_AtMostMaxLookups(t *testing.T) {
	n := newFakeNet(map[string]fakeServer{"https://proxy.example/": ok})
	probes, skipped := goproxy.Lookup(n, "https://proxy.example", modules(goproxy.MaxLookups+7), t0.Add(goproxy.Budget))
	if skipped != 7 || len(n.urls()) != goproxy.MaxLookups || probes[goproxy.MaxLookups] != nil {
		t.Errorf("skipped %d after %d requests", skipped, len(n.urls()))
	}
}

// A proxy that hangs on every lookup: the first lookup takes the whole
// budget, and then no more are handed out. Only those the workers had
// already taken start (at most one each, and one more the dispatcher had
// checked the clock for), each ending at the deadline or its short
// minimum wait; the rest are counted as skipped.
func TestLookup_HangingProxySharesTheDeadline(t *testing.T) {
	n := newFakeNet(map[string]fakeServer{"https://proxy.example/": hangs})
	deadline := t0.Add(facts.NetRequestTimeout / 2) // the first request waits until it
	probes, skipped := goproxy.Lookup(n, "https://proxy.example", modules(100), deadline)
	n.checkDeadline(t, deadline, false)
	asked := 0
	for _, p := range probes {
		if p != nil {
			asked++
			if p.Failure != facts.NetNoAnswer {
				t.Errorf("probe %+v", p)
			}
		}
	}
	if asked != len(n.urls()) || asked+skipped != 100 {
		t.Errorf("asked %d (%d requests), skipped %d", asked, len(n.urls()), skipped)
	}
	if asked < 1 || asked > goproxy.LookupWorkers+1 {
		t.Errorf("asked %d modules of a hanging proxy, want 1 to %d", asked, goproxy.LookupWorkers+1)
	}
}

func TestLookup_DeadlinePassed(t *testing.T) {
	n := newFakeNet(map[string]fakeServer{"https://proxy.example/": ok})
	_, skipped := goproxy.Lookup(n, "https://proxy.example", modules(5), t0)
	if skipped != 5 || len(n.urls()) != 0 {
		t.Errorf("skipped %d after %q", skipped, n.urls())
	}
}

func TestPrivacy(t *testing.T) {
	p := goproxy.Privacy{GOPRIVATE: "*.corp.example,github.com/acme", GONOSUMDB: "github.com/acme/public"}
	for _, tc := range []struct {
		path             string
		noProxy, noSumDB bool
	}{
		{"git.corp.example/team/lib", true, false}, // GONOSUMDB is set: GOPRIVATE does not count for it
		{"github.com/acme/tool", true, false},
		{"github.com/acme/public/x", true, true},
		{"github.com/other/x", false, false},
	} {
		if p.NoProxy(tc.path) != tc.noProxy || p.NoSumDB(tc.path) != tc.noSumDB {
			t.Errorf("%s: NoProxy %v NoSumDB %v", tc.path, p.NoProxy(tc.path), p.NoSumDB(tc.path))
		}
	}
}

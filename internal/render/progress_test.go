package render

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/report"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestProgressNamesTheRunningCheckOnATerminal(t *testing.T) {
	old := ProgressDelay
	ProgressDelay = 0
	defer func() { ProgressDelay = old }()
	ios, _, _, _ := iostreams.Test()
	errOut := &lockedBuffer{}
	ios.ErrOut = errOut
	ios.SetStderrTTY(true)
	p := StartProgress(ios)
	slow := &check.Check{ID: "go/version-support"}
	p.OnStart(slow)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(errOut.String(), "waiting for go/version-support") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	p.OnDone(slow, report.CheckResult{})
	p.Stop()
	out := errOut.String()
	if !strings.Contains(out, "waiting for go/version-support") {
		t.Fatalf("live line never named the running check: %q", out)
	}
	if !strings.HasSuffix(out, "\r\x1b[K") {
		t.Errorf("the live line must be erased before the report: %q", out)
	}
}

func TestProgressSilentOnAPipe(t *testing.T) {
	old := ProgressDelay
	ProgressDelay = 0
	defer func() { ProgressDelay = old }()
	ios, _, _, errOut := iostreams.Test()
	p := StartProgress(ios)
	p.OnStart(&check.Check{ID: "a/b"})
	time.Sleep(150 * time.Millisecond)
	p.Stop()
	if errOut.Len() != 0 {
		t.Errorf("progress written to a pipe: %q", errOut.String())
	}
}

package render

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/report"
)

// Progress shows, on a terminal's stderr, one live line naming the checks
// still running once the run has taken longer than Delay. Nothing is
// printed on a pipe or when everything finishes quickly.
type Progress struct {
	start   time.Time
	mu      sync.Mutex
	running map[string]time.Time
	stop    func()
}

// ProgressDelay is how long a run is silent before the live line appears
// (a variable so tests need not wait a second).
var ProgressDelay = time.Second

// StartProgress begins watching; call Stop before printing the report.
func StartProgress(ios *iostreams.IOStreams) *Progress {
	p := &Progress{start: time.Now(), running: map[string]time.Time{}}
	p.stop = NewStatusLine(ios).Follow(100*time.Millisecond, ProgressDelay, p.text)
	return p
}

// text names the longest-running check ("" when none is running).
func (p *Progress) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var ids []string
	for id := range p.running {
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return ""
	}
	sort.Slice(ids, func(i, j int) bool { return p.running[ids[i]].Before(p.running[ids[j]]) })
	line := fmt.Sprintf("waiting for %s (%.1fs)", ids[0], time.Since(p.start).Seconds())
	if len(ids) > 1 {
		line += fmt.Sprintf(" and %d more", len(ids)-1)
	}
	return line
}

// OnStart records a check as running.
func (p *Progress) OnStart(c *check.Check) {
	p.mu.Lock()
	p.running[c.ID] = time.Now()
	p.mu.Unlock()
}

// OnDone records a check as finished.
func (p *Progress) OnDone(c *check.Check, _ report.CheckResult) {
	p.mu.Lock()
	delete(p.running, c.ID)
	p.mu.Unlock()
}

// Stop erases the live line.
func (p *Progress) Stop() { p.stop() }

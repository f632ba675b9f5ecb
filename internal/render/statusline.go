package render

import (
	"fmt"
	"sync"
	"time"

	"github.com/godx-dev/godx/internal/iostreams"
)

// StatusLine is one line of status on a terminal's stderr, rewritten in
// place. On a pipe it writes nothing, so logs never fill with carriage
// returns. Every live display (doctor, soak, toolchain install) uses it.
type StatusLine struct {
	ios   *iostreams.IOStreams
	style style
	mu    sync.Mutex
	last  string
}

// NewStatusLine returns the status line for ios's stderr.
func NewStatusLine(ios *iostreams.IOStreams) *StatusLine {
	return &StatusLine{ios: ios, style: styleFor(ios)}
}

// Enabled reports whether the line is shown at all (stderr is a terminal).
func (l *StatusLine) Enabled() bool { return l.ios.IsStderrTTY() }

// Set shows text ("" shows nothing new); unchanged text is not rewritten.
func (l *StatusLine) Set(text string) {
	if !l.Enabled() || text == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if text != l.last {
		fmt.Fprint(l.ios.ErrOut, "\r\x1b[K"+l.style.paint(dim, text))
		l.last = text
	}
}

// Clear erases the line if anything was shown.
func (l *StatusLine) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last != "" {
		fmt.Fprint(l.ios.ErrOut, "\r\x1b[K")
		l.last = ""
	}
}

// Follow shows text() every interval, starting after delay, until the
// returned stop function is called; stop erases the line.
func (l *StatusLine) Follow(interval, delay time.Duration, text func() string) (stop func()) {
	if !l.Enabled() {
		return func() {}
	}
	quit, done := make(chan struct{}), make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				if time.Since(start) >= delay {
					l.Set(text())
				}
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(quit)
			<-done
			l.Clear()
		})
	}
}

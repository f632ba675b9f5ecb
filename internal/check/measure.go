package check

import "time"

// Measurement is a duration a check observed (how long a probe's build,
// test or gopls workspace load took): a DevX metric teams track over time,
// carried in the JSON report and the OpenMetrics output.
type Measurement struct {
	// Name says what was timed, e.g. "build" or "cross windows/amd64".
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
}

// Measure records how long something the check did took.
func (p *Pass) Measure(name string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.measured = append(p.measured, Measurement{Name: name, Seconds: d.Seconds()})
}

// Measured returns what Measure recorded, in order.
func (p *Pass) Measured() []Measurement {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Measurement(nil), p.measured...)
}

package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
)

// The probes' durations become one gauge family, with a series per check
// and step; a run without measurements has no such family at all.
func TestOpenMetricsMeasurements(t *testing.T) {
	r := ciSample()
	var buf bytes.Buffer
	if err := OpenMetrics(&buf, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "godx_check_duration_seconds") {
		t.Errorf("no check measured anything, yet:\n%s", buf.String())
	}
	r.Checks[0].Measurements = []check.Measurement{{Name: "build", Seconds: 1.25}, {Name: "cross js/wasm", Seconds: 0.5}}
	buf.Reset()
	if err := OpenMetrics(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	id := r.Checks[0].ID
	for _, want := range []string{
		"# TYPE godx_check_duration_seconds gauge\n",
		`godx_check_duration_seconds{id="` + id + `",name="build"} 1.250` + "\n",
		`godx_check_duration_seconds{id="` + id + `",name="cross js/wasm"} 0.500` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Count(out, "# TYPE godx_check_duration_seconds") != 1 {
		t.Errorf("family declared more than once:\n%s", out)
	}
}

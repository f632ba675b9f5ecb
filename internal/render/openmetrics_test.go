package render

import (
	"bytes"
	"strings"
	"testing"
)

func TestOpenMetrics(t *testing.T) {
	r := ciSample()
	r.Context.Go = "C:\\Go\\bin\\go.exe"
	r.Context.GoVersion = "go1.26.8 \"custom\"\nbuild\xff"
	var buf bytes.Buffer
	if err := OpenMetrics(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"# TYPE godx_check_status gauge\n",
		`godx_check_status{id="go/installed",area="go"} 0` + "\n",
		`godx_check_status{id="module/gomod",area="module"} 3` + "\n",
		`godx_check_status{id="editor/vscode",area="editor"} 2` + "\n",
		`godx_check_status{id="go/version-support",area="go"} 1` + "\n",
		`godx_check_status{id="source/bom",area="source"} 2` + "\n",
		`godx_findings{severity="error"} 1` + "\n",
		`godx_findings{severity="warning"} 2` + "\n",
		`godx_findings{severity="info"} 1` + "\n",
		`godx_go_info{version="go1.26.8 \"custom\"\nbuild` + "\uFFFD" + `",goos="linux",goarch="amd64",path="C:\\Go\\bin\\go.exe"} 1` + "\n",
		"godx_last_run_timestamp_seconds 1772600767.000\n",
		"godx_run_duration_seconds 1.500\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n# EOF\n") {
		t.Errorf("does not end with # EOF:\n%s", out)
	}
	if strings.Contains(out, "tools/dlv") || strings.Contains(out, "git/autocrlf") {
		t.Errorf("a check that did not run has a status series:\n%s", out)
	}
	// Every line is a comment or one sample: an escaped newline cannot
	// start a line of its own.
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "godx_") {
			t.Errorf("stray line %q", line)
		}
	}
}

// Without a go command there is no go_info series, rather than one with
// empty labels.
func TestOpenMetricsNoGo(t *testing.T) {
	r := ciSample()
	r.Context.Go, r.Context.GoVersion = "", ""
	var buf bytes.Buffer
	if err := OpenMetrics(&buf, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "godx_go_info") {
		t.Errorf("go_info without a go command:\n%s", buf.String())
	}
}

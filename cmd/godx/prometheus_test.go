package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/checks"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/root"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
)

// TestPrometheusTextfileCollector is the fleet set-up end to end with the
// real Prometheus components: godx writes its metrics into a textfile
// collector folder, the real node_exporter serves them on a loopback
// port, and the scrape must hold godx's series with the values of the
// same run's JSON report; promtool check metrics must accept the file.
// The go command is reached through a folder whose name needs escaping
// in a label value (a quote and a backslash). Skipped when
// node_exporter or promtool is not installed (.ci/run installs both).
func TestPrometheusTextfileCollector(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("node_exporter's textfile collector set-up is tested on Unix")
	}
	exporter := lookFirst("prometheus-node-exporter", "node_exporter")
	promtool := lookFirst("promtool")
	if exporter == "" || promtool == "" {
		t.Skip("needs node_exporter and promtool (Debian: prometheus-node-exporter, prometheus)")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go command")
	}
	goCmd, _ = filepath.EvalSymlinks(goCmd)

	work := t.TempDir()
	weird := filepath.Join(work, `go "dev" \ tools`, "bin")
	if err := os.MkdirAll(weird, 0o755); err != nil {
		t.Fatal(err)
	}
	// A symlink: the go command finds its GOROOT through it.
	if err := os.Symlink(goCmd, filepath.Join(weird, "go")); err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(work, "app")
	writeFile(t, filepath.Join(mod, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequires example.com/x v1.0.0\n")
	textdir := filepath.Join(work, "textfile")
	prom := filepath.Join(textdir, "godx.prom")

	t.Setenv("PATH", weird+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("GOROOT", "")
	t.Setenv("GOFLAGS", "")
	before := time.Now()
	code, out := runGodx(t, "doctor", "--offline", "--dir", mod, "--only", "go/installed,module/gomod",
		"--format", "openmetrics", "--output", prom, "--timeout", checktest.TestCommandTimeout.String())
	after := time.Now()
	if code != 1 {
		t.Fatalf("godx exited %d, want 1 (the broken go.mod):\n%s", code, out)
	}
	_, jsonOut := runGodx(t, "doctor", "--offline", "--dir", mod, "--only", "go/installed,module/gomod", "--json",
		"--timeout", checktest.TestCommandTimeout.String())
	var rep struct {
		Context struct {
			Go        string `json:"go"`
			GoVersion string `json:"go_version"`
		} `json:"context"`
		Summary struct{ Errors, Warnings, Infos int }
	}
	if err := json.Unmarshal([]byte(jsonOut), &rep); err != nil {
		t.Fatalf("json report: %v\n%s", err, jsonOut)
	}
	if rep.Context.Go != filepath.Join(weird, "go") {
		t.Fatalf("godx found the go command at %q, want the link at %q", rep.Context.Go, filepath.Join(weird, "go"))
	}

	// promtool reads the file as Prometheus does and lints it.
	check := exec.Command(promtool, "check", "metrics")
	check.Stdin = openFile(t, prom)
	if b, err := check.CombinedOutput(); err != nil {
		t.Fatalf("promtool check metrics: %v\n%s", err, b)
	}

	series := scrapeNodeExporter(t, exporter, textdir)
	if v := series[`node_textfile_scrape_error{}`]; v != "0" {
		t.Errorf("node_textfile_scrape_error = %q, want 0 (node_exporter could not read the file)", v)
	}
	goInfo := fmt.Sprintf(`godx_go_info{goarch=%q,goos=%q,path=%s,version=%q}`, runtime.GOARCH, runtime.GOOS, promQuote(filepath.Join(weird, "go")), rep.Context.GoVersion)
	for key, want := range map[string]string{
		`godx_check_status{area="go",id="go/installed"}`:     "0",
		`godx_check_status{area="module",id="module/gomod"}`: "3",
		`godx_findings{severity="error"}`:                    strconv.Itoa(rep.Summary.Errors),
		`godx_findings{severity="warning"}`:                  strconv.Itoa(rep.Summary.Warnings),
		`godx_findings{severity="info"}`:                     strconv.Itoa(rep.Summary.Infos),
		goInfo:                                               "1",
	} {
		if got, ok := series[key]; !ok || !sameNumber(got, want) {
			t.Errorf("%s = %q (present %v), want %s", key, got, ok, want)
		}
	}
	if rep.Summary.Errors != 1 {
		t.Errorf("JSON summary: %+v, want the one go.mod error", rep.Summary)
	}
	for k := range series {
		if strings.HasPrefix(k, "godx_check_status{") && !strings.Contains(k, "go/installed") && !strings.Contains(k, "module/gomod") {
			t.Errorf("a check that did not run has a series: %s", k)
		}
	}
	ts, err := strconv.ParseFloat(series["godx_last_run_timestamp_seconds{}"], 64)
	if err != nil || ts < float64(before.Unix()) || ts > float64(after.Unix()+1) {
		t.Errorf("godx_last_run_timestamp_seconds = %v (%v), want between %d and %d", ts, err, before.Unix(), after.Unix()+1)
	}
	d, err := strconv.ParseFloat(series["godx_run_duration_seconds{}"], 64)
	if err != nil || d < 0 || d > after.Sub(before).Seconds()+1 {
		t.Errorf("godx_run_duration_seconds = %v (%v)", d, err)
	}
}

// runGodx runs godx in process with the real machine.
func runGodx(t *testing.T, args ...string) (int, string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := &command.Factory{IO: ios, OS: facts.System{}, Checks: checks.All}
	code := root.Execute(context.Background(), f, args)
	return code, out.String() + errOut.String()
}

// scrapeNodeExporter starts node_exporter with only the textfile
// collector on a free loopback port, waits for it to say it listens,
// scrapes /metrics once and returns every sample as "name{labels}" (labels
// as node_exporter prints them, sorted) → value.
func scrapeNodeExporter(t *testing.T, exporter, textdir string) map[string]string {
	t.Helper()
	for attempt := 0; ; attempt++ {
		addr := freeLoopbackAddr(t)
		cmd := exec.Command(exporter, "--web.listen-address="+addr, "--collector.disable-defaults",
			"--collector.textfile", "--collector.textfile.directory="+textdir)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		listening := make(chan bool, 1)
		var log bytes.Buffer
		go func() {
			sc := bufio.NewScanner(stderr)
			said := false
			for sc.Scan() {
				log.WriteString(sc.Text() + "\n")
				if !said && strings.Contains(sc.Text(), "Listening on") {
					said = true
					listening <- true
				}
			}
			if !said {
				listening <- false
			}
		}()
		stop := func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		select {
		case ok := <-listening:
			if !ok {
				stop()
				if attempt < 3 && strings.Contains(log.String(), "address already in use") {
					continue // the port was taken between our check and its bind
				}
				t.Fatalf("node_exporter exited without listening:\n%s", log.String())
			}
		case <-time.After(checktest.TestCommandTimeout):
			stop()
			t.Fatalf("node_exporter did not start within %v:\n%s", checktest.TestCommandTimeout, log.String())
		}
		defer stop()
		client := &http.Client{Timeout: checktest.TestCommandTimeout}
		resp, err := client.Get("http://" + addr + "/metrics")
		if err != nil {
			t.Fatalf("scrape: %v\n%s", err, log.String())
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("scrape: %v %s\n%s", err, resp.Status, body)
		}
		return parseExposition(t, string(body))
	}
}

var sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$`)

// parseExposition reads the samples of a Prometheus text exposition.
func parseExposition(t *testing.T, text string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := sampleLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a sample line: %q", line)
		}
		labels := m[2]
		if labels == "" {
			labels = "{}"
		}
		out[m[1]+labels] = m[3]
	}
	return out
}

// promQuote is a label value as the exposition format writes it.
func promQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func sameNumber(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}

func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func lookFirst(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func openFile(t *testing.T, path string) *os.File {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fh.Close() })
	return fh
}

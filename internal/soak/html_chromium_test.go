package soak

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHTMLRendersInChromium opens the report in headless Chromium with
// networking disabled and checks that the page's DOM came out whole.
// Skipped when no Chromium is installed.
func TestHTMLRendersInChromium(t *testing.T) {
	t.Parallel()
	var browser string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" || testing.Short() {
		t.Skip("no headless Chromium installed")
	}
	page := filepath.Join(t.TempDir(), "soak.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(f, synthReport(10, FailOnFlaky)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--proxy-server=127.0.0.1:9", "--dump-dom", "file://"+page)
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("chromium did not run here: %v", err)
	}
	dom := string(out)
	for _, want := range []string{"<svg", "TestFlaky", "Time and memory per run", "Environment"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	assertNoExternalReferences(t, dom)
}

package soakcmd

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/soak"
)

func TestMain(m *testing.M) {
	// This test binary is not godx: never let go test -exec run it.
	wrapper = func() []string { return nil }
	os.Exit(m.Run())
}

// execute runs `godx soak args...` in-process and returns the exit code
// the root command would map the error to.
func execute(ctx context.Context, t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := &command.Factory{IO: ios, OS: facts.System{}}
	root := &cobra.Command{Use: "godx", SilenceErrors: true, SilenceUsage: true}
	root.AddCommand(NewCmd(f))
	root.SetArgs(append([]string{"soak"}, args...))
	err := root.ExecuteContext(ctx)
	var exit *command.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errOut.String()
	case command.IsUsage(err):
		return 2, out.String(), err.Error()
	case asExit(err, &exit):
		return exit.Code, out.String(), errOut.String()
	}
	t.Fatalf("soak failed: %v", err)
	return -1, "", ""
}

func asExit(err error, target **command.ExitError) bool {
	e, ok := err.(*command.ExitError)
	*target = e
	return ok
}

// Ctrl-C in run 2 stops the children, still writes the report of run 1,
// and exits 130.
func TestSoakInterruptWritesReport(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(t.TempDir(), "hanging")
	counter := filepath.Join(t.TempDir(), "counter")
	files := map[string]string{
		"go.mod": "module example.com/ctrlc\n\ngo 1.22\n",
		"c.go":   "package ctrlc\n",
		"c_test.go": `package ctrlc

import (
	"os"
	"testing"
	"time"
)

func TestSecondRunHangs(t *testing.T) {
	if _, err := os.Stat(os.Getenv("SOAK_COUNTER")); err == nil {
		os.WriteFile(os.Getenv("SOAK_MARKER"), nil, 0o644)
		time.Sleep(time.Hour)
	}
	os.WriteFile(os.Getenv("SOAK_COUNTER"), []byte("1"), 0o644)
}
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("SOAK_COUNTER", counter)
	t.Setenv("SOAK_MARKER", marker)
	t.Setenv("GOFLAGS", "-buildvcs=false")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			if _, err := os.Stat(marker); err == nil {
				cancel()
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	report := filepath.Join(t.TempDir(), "report")
	start := time.Now()
	code, out, _ := execute(ctx, t, "--dir", dir, "--runs", "3", "--test-only", "--report", report)
	if code != ExitInterrupted {
		t.Errorf("exit code %d, want %d\n%s", code, ExitInterrupted, out)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("took %v to stop", took)
	}
	if !strings.Contains(out, "Interrupted: the summary covers the completed runs only.") {
		t.Errorf("summary:\n%s", out)
	}
	data, err := os.ReadFile(filepath.Join(report, "soak.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r soak.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if !r.Interrupted || len(r.Iterations) != 1 || r.Environment.GoEnv() == nil {
		t.Errorf("report: interrupted %v, %d iterations, go env %s", r.Interrupted, len(r.Iterations), r.Environment.Go)
	}
	if _, err := os.Stat(filepath.Join(report, "soak.html")); err != nil {
		t.Error(err)
	}
}

func TestSoakUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--runs", "0"}, {"--runs", "2", "--for", "1m"}, {"--build-only", "--test-only"},
		{"--fail-on", "x"}, {"--repro", "-1"}, {"--timeout", "-1s"},
	} {
		if code, _, msg := execute(context.Background(), t, args...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", args, code, msg)
		}
	}
}

// A report folder that cannot be written fails at once, before any run.
func TestSoakReportDirCheckedFirst(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, _, msg := execute(context.Background(), t, "--dir", t.TempDir(), "--report", filepath.Join(file, "out"))
	if code != 2 || !strings.Contains(msg, "--report") || !strings.Contains(msg, "not a directory") {
		t.Errorf("exit %d: %s", code, msg)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v: the soak ran before the report folder was checked", took)
	}
}

func TestExecWrapperPathIsAbsolute(t *testing.T) {
	w := execWrapper()
	if len(w) != 3 || !filepath.IsAbs(w[0]) || w[1] != "soak" || w[2] != "exec-wrapper" {
		t.Errorf("execWrapper() = %q", w)
	}
}

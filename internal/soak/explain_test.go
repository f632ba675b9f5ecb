package soak

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Two builds with different -ldflags -X values, and one without
// -trimpath: the explanation names the setting and the embedded path.
func TestExplainDiffLdflagsAndPaths(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{
		"go.mod":  "module example.com/stamp\n\ngo 1.22\n",
		"main.go": "package main\n\nvar date string\n\nfunc main() { println(date) }\n",
	})
	env := goEnv(t)
	out := t.TempDir()
	a, b, c := filepath.Join(out, "a"), filepath.Join(out, "b"), filepath.Join(out, "c")
	goRun(t, dir, env, "build", "-trimpath", "-ldflags=-X main.date=2026-01-01T10:00:00", "-o", a, ".")
	goRun(t, dir, env, "build", "-trimpath", "-ldflags=-X main.date=2026-01-01T10:00:07", "-o", b, ".")
	goRun(t, dir, env, "build", "-ldflags=-X main.date=2026-01-01T10:00:00", "-o", c, ".")

	d := ExplainDiff(a, b, []string{dir})
	if d.Error != "" {
		t.Fatal(d.Error)
	}
	// -trimpath builds do not record -ldflags: the strings tell.
	if len(d.Settings) != 0 {
		t.Errorf("settings = %+v", d.Settings)
	}
	if len(d.Strings) == 0 || !strings.Contains(d.Strings[0], `"2026-01-01T10:00:00" vs "2026-01-01T10:00:07"`) {
		t.Errorf("strings = %q", d.Strings)
	}
	if len(d.AbsPaths) != 0 {
		t.Errorf("-trimpath builds embed %v", d.AbsPaths)
	}
	if len(d.Sections) == 0 {
		t.Error("no differing section named")
	}
	causes := strings.Join(DiffCauses(d), "\n")
	if !strings.Contains(causes, "embedded strings differ") || !strings.Contains(causes, "-ldflags -X") {
		t.Errorf("causes = %s", causes)
	}

	d = ExplainDiff(a, c, []string{dir, "", "/nonexistent/path"})
	if !slices.Contains(d.AbsPaths, dir) || len(d.AbsPaths) != 1 {
		t.Errorf("abs paths = %v, want [%s]", d.AbsPaths, dir)
	}
	found := false
	for _, s := range d.Settings {
		found = found || s.Key == "-trimpath"
	}
	if !found {
		t.Errorf("settings = %+v, want -trimpath", d.Settings)
	}
}

func TestExplainDiffMissingFile(t *testing.T) {
	d := ExplainDiff("/nonexistent/a", "/nonexistent/b", nil)
	if d.Error == "" {
		t.Error("no error for missing binaries")
	}
}

package wintest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/wintest"
	"github.com/godx-dev/godx/internal/wintest/winreg"
)

// LongPathsEnabled 1: nothing to say. 0: a path of 260 characters or more
// in the project is a warning; none, an info.
func TestLongPathsEnabledAndDisabled(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	only := []string{"--offline", "--only", "windows/long-paths"}

	h.SetRegistry(t, winreg.Op{Key: wintest.FileSystem, Name: "LongPathsEnabled", Type: "REG_DWORD", Value: "1"})
	r := u.Doctor(t, dir, nil, only...)
	wintest.Expect(t, r, "windows/long-paths", report.OK, "LongPathsEnabled=1")

	h.SetRegistry(t, winreg.Op{Key: wintest.FileSystem, Name: "LongPathsEnabled", Type: "REG_DWORD", Value: "0"})
	r = u.Doctor(t, dir, nil, only...)
	wintest.Expect(t, r, "windows/long-paths", report.Info, "LongPathsEnabled 0", "no path of 260 characters or more")

	deep := `src\app\testdata\` + strings.Repeat(`nested-directory-name\`, 11) + "golden.txt"
	long := u.WriteFile(t, deep, "x")
	r = u.Doctor(t, dir, nil, only...)
	wintest.Expect(t, r, "windows/long-paths", report.Warning, fmt.Sprintf("longest %d: %s", len(long), long), "git config --global core.longpaths true")
}

// MAX_PATH counts UTF-16 code units: in a profile with a non-ASCII name,
// a path of 259 characters (and more bytes) is under the limit.
func TestLongPathsNonASCIIUser(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "Zoë Ünal")
	dir := u.Module(t, `src\app`)
	h.SetRegistry(t, winreg.Op{Key: wintest.FileSystem, Name: "LongPathsEnabled", Type: "REG_DWORD", Value: "0"})
	// Components of at most 100 letters (Linux allows 255 bytes a name).
	rel, n := `src\app`, len([]rune(dir))
	for n < 259 {
		k := min(100, 259-n-1)
		rel += `\` + strings.Repeat("ü", k)
		n += 1 + k
	}
	p := u.WriteFile(t, rel, "")
	if len([]rune(p)) != 259 || len(p) <= 260 {
		t.Fatalf("test path: %d characters, %d bytes", len([]rune(p)), len(p))
	}
	r := u.Doctor(t, dir, nil, "--offline", "--only", "windows/long-paths")
	wintest.Expect(t, r, "windows/long-paths", report.Info, "longest path seen: 259 characters")
}

// A big project folder: the walk stops early and says so, with what it
// found, instead of the check being abandoned at its time limit.
func TestLongPathsBigProject(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	h.SetRegistry(t, winreg.Op{Key: wintest.FileSystem, Name: "LongPathsEnabled", Type: "REG_DWORD", Value: "0"})
	root := h.Host(dir + `\node_modules`)
	for i := range 300 {
		d := filepath.Join(root, fmt.Sprintf("pkg%03d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		for j := range 100 {
			if err := os.WriteFile(filepath.Join(d, fmt.Sprintf("f%02d.js", j)), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	args := []string{"--offline", "--only", "windows/long-paths"}
	if os.Getenv("GODX_WINE_DEFAULT_BUDGET") != "" {
		args = append(args, "--timeout", "10s") // the check's own 5 s
	}
	r := u.Doctor(t, dir, nil, args...)
	wintest.Expect(t, r, "windows/long-paths", report.Info, "stopped early", "among the first")
}

package probe

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/wintest/wine"
)

func TestFeatureChoice(t *testing.T) {
	for v, want := range map[string]string{
		"go1.26.8":               "new with an expression",
		"go1.27rc1":              "new with an expression",
		"go1.25.3":               "generic type aliases",
		"go1.23.0":               "range over a function",
		"go1.22.12":              "range over an integer",
		"go1.21.0":               "min and max",
		"devel go1.27-abc1234 +": "new with an expression",
	} {
		name, _, ok := Feature(v)
		if !ok || !strings.Contains(name, want) {
			t.Errorf("Feature(%q) = %q, %v; want %q", v, name, ok, want)
		}
	}
	if _, _, ok := Feature("go1.20.14"); ok {
		t.Error("a feature for go1.20")
	}
}

// Every feature file the local go supports compiles with it: a diagnostic
// from gopls on it is gopls's mistake, never the file's.
func TestFeatureFilesCompile(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	local := goversion.Minor(goversion.Local(runtime.Version()))
	for _, f := range features {
		if f.minor > local {
			continue
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1."+itoa(f.minor)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		src := f.src + "\nfunc main() {}\n"
		if err := os.WriteFile(filepath.Join(dir, FeatureFile), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("go", "vet", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if line := strings.TrimSpace(string(out)); err != nil && wine.RemoveAllBroken(line) && !strings.Contains(line, "\n") {
			// Under Wine 8 the official go.exe fails only when it cleans
			// its work directory (internal/wintest/wine), after vet: its
			// one line of output says vet found nothing.
			continue
		}
		if err != nil {
			t.Errorf("%s: go vet: %v\n%s", f.name, err, out)
		}
	}
}

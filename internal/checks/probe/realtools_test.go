package probe

import (
	"cmp"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/godx-dev/godx/internal/check/checktest"
)

// realToolsEnv is the variable that opts in to the tests with real dlv
// and gopls: they are installed with `go install` through the module
// proxy (the network), which normal test runs never use:
//
//	GODX_TEST_REAL_PROBE_TOOLS=1 go test ./internal/checks/probe/ -run Real -v
//
// GODX_TEST_DLV_VERSION and GODX_TEST_GOPLS_VERSION choose the releases
// (default latest; a gopls whose go line is newer than the local go needs
// an older one, such as v0.23.0 for go1.26).
const realToolsEnv = "GODX_TEST_REAL_PROBE_TOOLS"

// installTool installs pkg@version into a fresh GOBIN and returns it.
func installTool(t *testing.T, pkg, versionEnv string) string {
	t.Helper()
	if os.Getenv(realToolsEnv) != "1" {
		t.Skipf("set %s=1 to install the real tool with go install (needs the module proxy)", realToolsEnv)
	}
	gobin := t.TempDir()
	cmd := exec.Command("go", "install", pkg+"@"+cmp.Or(os.Getenv(versionEnv), "latest"))
	cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=-modcacherw")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install %s: %v\n%s", pkg, err, out)
	}
	return gobin
}

func TestDlvReal(t *testing.T) {
	gobin := installTool(t, "github.com/go-delve/delve/cmd/dlv", "GODX_TEST_DLV_VERSION")
	m := realMachine(t, "PATH="+gobin+string(os.PathListSeparator)+os.Getenv("PATH"))
	r := m.run(Dlv)
	checktest.Clean(t, r, filepath.Join(gobin, "dlv"), "at a breakpoint on main.greeting")
	measured(t, r, "debug build", "dlv load", "dlv session")
}

func TestGoplsReal(t *testing.T) {
	gobin := installTool(t, "golang.org/x/tools/gopls", "GODX_TEST_GOPLS_VERSION")
	m := realMachine(t, "PATH="+gobin+string(os.PathListSeparator)+os.Getenv("PATH"))
	r := m.run(Gopls)
	checktest.Clean(t, r, filepath.Join(gobin, "gopls"), "cleanly")
	measured(t, r, "gopls check")
}

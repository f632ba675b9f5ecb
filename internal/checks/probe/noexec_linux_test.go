package probe

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
)

// A GOTMPDIR on a file system mounted noexec: builds into the scratch
// module still work, but go test cannot start the test binary it builds
// in GOTMPDIR, and the probe quotes the go command. Needs permission to
// mount a tmpfs (root in a container with CAP_SYS_ADMIN); skipped
// otherwise.
func TestTestNoexecTmpReal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "noexec")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "noexec,size=64m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a noexec tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	m := realMachine(t, "GOTMPDIR="+dir)
	checktest.Clean(t, m.run(Build))
	r := m.run(Test)
	checktest.Only(t, r, check.Error, "fork/exec "+dir+"/go-build", "/b001/probe.test: permission denied", "mounted noexec")
}

//go:build unix

package toolchain_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// As root every file is readable, so TestVerifyUnreadable cannot run:
// here the test binary hashes a tree with an unreadable file and an
// unlistable directory as the unprivileged user nobody.
func TestHashTreeUnreadableAsNobody(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a process as nobody (TestVerifyUnreadable covers this as a user)")
	}
	base, err := os.MkdirTemp("", "godx-unreadable-")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(base) })
	must(t, os.Chmod(base, 0o755))
	r := toolchaintest.Host("go1.99.1")
	tree := filepath.Join(base, "go")
	for name, data := range toolchaintest.Files(r.Name, r.GOOS, r.GOARCH) {
		p := filepath.Join(tree, name)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(data), 0o644))
	}
	must(t, os.Chmod(filepath.Join(tree, "src", "fmt", "print.go"), 0))
	must(t, os.Chmod(filepath.Join(tree, "src", "cmd", "go"), 0))
	// The test binary's own directory is private: run a copy.
	bin := filepath.Join(base, "test.bin")
	copyFile(t, os.Args[0], bin)
	cmd := exec.Command(bin, "-test.run=^TestHelperHashTree$")
	cmd.Env = append(os.Environ(), "GODX_HASHTREE_DIR="+tree)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	_, js, _ := strings.Cut(string(out), "DIFF:")
	js, _, _ = strings.Cut(js, "\n")
	var d toolchain.Diff
	if err := json.Unmarshal([]byte(js), &d); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !hasItem(d.Unreadable, "src/fmt/print.go (unreadable: ", "permission denied") ||
		!hasItem(d.Unreadable, "src/cmd/go (directory that cannot be listed: ", "permission denied") ||
		len(d.Unreadable) != 2 || len(d.Missing)+len(d.Modified)+len(d.Extra) != 0 || d.Empty() {
		t.Errorf("diff = %+v", d)
	}
}

func TestHelperHashTree(t *testing.T) {
	dir := os.Getenv("GODX_HASHTREE_DIR")
	if dir == "" {
		t.Skip("helper process for TestHashTreeUnreadableAsNobody")
	}
	r := toolchaintest.Host("go1.99.1")
	tree, err := toolchain.HashTree(context.Background(), facts.System{}, filepath.Join, dir, r.ModVersion())
	if err != nil {
		t.Fatal(err)
	}
	release := map[string][sha256.Size]byte{}
	for name, data := range toolchaintest.Files(r.Name, r.GOOS, r.GOARCH) {
		release[name] = sha256.Sum256([]byte(data))
	}
	js, _ := json.Marshal(toolchain.DiffTree(tree, release))
	os.Stdout.WriteString("DIFF:" + string(js) + "\n")
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	must(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	must(t, err)
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	must(t, out.Close())
}

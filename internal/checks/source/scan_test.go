package source

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/textfix"
)

// scanTestFake is a fake machine with go1.26.8 and a module at /work
// holding files (paths relative to /work); goenv overrides what go env
// prints.
func scanTestFake(t *testing.T, files map[string]string, goenv ...string) *factstest.Machine {
	fake := factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin", "/usr/bin").
		Go("/usr/local/go", "go1.26.8", append([]string{"GOMOD=/work/go.mod"}, goenv...)...)
	if _, ok := files["go.mod"]; !ok {
		fake.File("/work/go.mod", "module example.com/m\n\ngo 1.26\n")
	}
	for name, data := range files {
		fake.File("/work/"+name, data)
	}
	return fake
}

// scanTestRunAll runs the three source checks on one Facts (one
// shared scan) and returns their results by ID.
func scanTestRunAll(t *testing.T, sys facts.OS, opts ...facts.Options) map[string]checktest.Result {
	t.Helper()
	var o facts.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	f, err := facts.New(context.Background(), sys, o)
	if err != nil {
		t.Fatal(err)
	}
	res := map[string]checktest.Result{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range []*check.Check{BOM, Encoding, LineEndings} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := checktest.RunFacts(t, c, f)
			mu.Lock()
			res[c.ID] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	return res
}

const scanTestMain = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"héllo, 世界\")\n}\n"

// scanTestCountingOS counts directory reads.
type scanTestCountingOS struct {
	*factstest.OS
	mu    sync.Mutex
	reads map[string]int
}

func (o *scanTestCountingOS) ReadDir(name string) ([]fs.DirEntry, error) {
	o.mu.Lock()
	o.reads[name]++
	o.mu.Unlock()
	return o.OS.ReadDir(name)
}

func TestScan_OneScanServesAllThreeChecks(t *testing.T) {
	files := map[string]string{"main.go": scanTestMain}
	for _, d := range []string{"a", "b", "a/c", "a/c/d"} {
		files[d+"/x.go"] = "package x\r\n"
	}
	sys := &scanTestCountingOS{OS: scanTestFake(t, files).OS, reads: map[string]int{}}
	res := scanTestRunAll(t, sys)
	for name, n := range sys.reads {
		if n != 1 {
			t.Errorf("%s read %d times", name, n)
		}
	}
	if len(sys.reads) != 5 {
		t.Errorf("directories read: %v", sys.reads)
	}
	if n := len(res["source/line-endings"].Findings); n != 4 {
		t.Errorf("line-endings findings = %d", n)
	}
}

// TestScan_RealTree runs the three checks on a real module with
// symlinks: a cycle, a link out of the tree, a link into an ignored
// directory, and a link to a file that is also scanned under its own name.
func TestScan_RealTree(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOWORK", "off")
	outside := t.TempDir()
	mod := t.TempDir()
	write := func(name, data string) {
		p := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.22\n")
	write("main.go", scanTestMain)
	write("a/crlf.go", "package a\r\n")
	write("_hidden/bom.go", textfix.BOM+"package hidden\n")
	write("fifo/x.go", "package fifo\n")
	os.WriteFile(filepath.Join(outside, "evil.go"), []byte(textfix.BOM+"package evil\n"), 0o644)
	for link, target := range map[string]string{
		"a/loop":        "..",                              // a directory cycle: not followed
		"a/out.go":      filepath.Join(outside, "evil.go"), // out of the tree: not read
		"a/hidden.go":   "../_hidden/bom.go",               // into the tree: read
		"a/same.go":     "crlf.go",                         // reported once, under its own name
		"a/dangling.go": "nowhere.go",
	} {
		if err := os.Symlink(target, filepath.Join(mod, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := exec.Command("mkfifo", filepath.Join(mod, "fifo", "pipe.go")).Run(); err != nil {
		t.Logf("no FIFO: %v", err)
	}
	res := scanTestRunAll(t, facts.System{}, facts.Options{Dir: mod})
	fd := checktest.Only(t, res["source/bom"], check.Info, "a/hidden.go starts with", "symlink to: "+filepath.Join(mod, "_hidden", "bom.go"))
	if fd.Fix.Auto.Path != filepath.Join(mod, "a", "hidden.go") {
		t.Errorf("auto fix path %q", fd.Fix.Auto.Path)
	}
	checktest.Only(t, res["source/line-endings"], check.Info, "a/crlf.go uses Windows line endings")
	checktest.Clean(t, res["source/encoding"])
	// main.go, a/crlf.go, fifo/x.go and the link a/hidden.go (a/same.go
	// points at a reported file; the FIFO is not a regular file).
	if !strings.Contains(res["source/bom"].Summary, "4 .go files") {
		t.Errorf("summary = %q", res["source/bom"].Summary)
	}
}

package goversion

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// goCommand runs the real go command of this machine in a sealed
// environment: no go env -w file, no proxy (so no toolchain is ever
// downloaded), an empty module cache, and a PATH holding only its own bin
// directory (so GOTOOLCHAIN switching finds no golang.org/dl wrapper).
type goCommand struct {
	t   *testing.T
	bin string
	env []string
	dir string
}

func newGoCommand(t *testing.T) *goCommand {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the go command")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(gobin, "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	bin := filepath.Join(strings.TrimSpace(string(out)), "bin")
	// Not a t.TempDir: the go command may leave a telemetry child
	// writing under HOME after it exits, and TempDir's cleanup then fails
	// with "directory not empty" (seen under -race on a busy machine).
	tmp, err := os.MkdirTemp("", "godx-goversion-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GO") && !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	env = append(env, "PATH="+bin, "HOME="+tmp, "GOENV=off", "GOFLAGS=", "GOWORK=off", "GO111MODULE=on",
		"GOPROXY=off", "GOSUMDB=off", "GOMODCACHE="+filepath.Join(tmp, "modcache"), "GOCACHE="+filepath.Join(tmp, "cache"))
	return &goCommand{t: t, bin: filepath.Join(bin, "go"), env: env, dir: tmp}
}

// run runs go with GOTOOLCHAIN=gotoolchain; it returns the combined output.
func (g *goCommand) run(gotoolchain string, args ...string) (string, error) {
	g.t.Helper()
	cmd := exec.Command(g.bin, args...)
	cmd.Dir = g.dir
	cmd.Env = append(g.env, "GOTOOLCHAIN="+gotoolchain)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// module makes the working directory a module with these go and
// toolchain lines.
func (g *goCommand) module(goLine, toolchain string) {
	g.t.Helper()
	mod := "module example.com/m\n\ngo " + goLine + "\n"
	if toolchain != "" {
		mod += "toolchain " + toolchain + "\n"
	}
	if err := os.WriteFile(filepath.Join(g.dir, "go.mod"), []byte(mod), 0o644); err != nil {
		g.t.Fatal(err)
	}
}

// switchedTo is the toolchain the go command tried to download, from
// "go: downloading go1.99.0 (linux/amd64)"; "" when it ran without.
func switchedTo(out string) string {
	for line := range strings.Lines(out) {
		if rest, ok := strings.CutPrefix(line, "go: downloading go"); ok {
			name, _, _ := strings.Cut(rest, " ")
			return "go" + name
		}
	}
	return ""
}

// localGoLines are go lines around the local Go version: older, the same
// and newer, language versions, pre-releases and releases.
func localGoLines(local string) []string {
	m := Minor(local)
	lines := []string{"1.19", "1.20", "1.21", "1.21rc1", "1.21.0", "1.99", "1.99rc2", "1.99.3", local, Lang(local)}
	for _, n := range []int{m - 1, m, m + 1} {
		lines = append(lines, fmt.Sprintf("1.%d", n), fmt.Sprintf("1.%drc1", n), fmt.Sprintf("1.%d.0", n), fmt.Sprintf("1.%d.1", n))
	}
	return lines
}

// TestGoCommandVersion: godx reads the local go command's version as the
// go command prints it.
func TestGoCommandVersion(t *testing.T) {
	g := newGoCommand(t)
	out, err := g.run("local", "env", "GOVERSION")
	if err != nil {
		t.Fatalf("go env GOVERSION: %v\n%s", err, out)
	}
	goversion := strings.TrimSpace(out)
	local := Local(goversion)
	if local == "" || !IsValid(local) {
		t.Fatalf("Local(%q) = %q", goversion, local)
	}
	if strings.HasPrefix(goversion, "go") && FromToolchain(goversion) != local {
		t.Errorf("FromToolchain(%q) = %q, Local = %q", goversion, FromToolchain(goversion), local)
	}
	out, err = g.run("local", "version")
	if err != nil {
		t.Fatalf("go version: %v\n%s", err, out)
	}
	// "go version go1.26.8 linux/amd64", "go version go1.26.8 X:nodwarf5 linux/amd64"
	rest, ok := strings.CutPrefix(strings.TrimSpace(out), "go version ")
	if !ok {
		t.Fatalf("go version printed %q", out)
	}
	if i := strings.LastIndexByte(rest, ' '); i < 0 || TrimExperiments(rest[:i]) != TrimExperiments(goversion) {
		t.Errorf("go version printed %q, go env GOVERSION %q", out, goversion)
	}
	if Local(runtime.Version()) == "" {
		t.Errorf("Local(runtime.Version() = %q) is empty", runtime.Version())
	}
}

// TestGoCommandCompare: with GOTOOLCHAIN=local, the go command refuses a
// module exactly when its go line is newer than the local version (by
// Compare), and names the local version as Local reads it.
func TestGoCommandCompare(t *testing.T) {
	g := newGoCommand(t)
	out, err := g.run("local", "env", "GOVERSION")
	if err != nil {
		t.Fatalf("go env GOVERSION: %v\n%s", err, out)
	}
	local := Local(strings.TrimSpace(out))
	for _, goLine := range localGoLines(local) {
		g.module(goLine, "")
		out, err := g.run("local", "list", "-m")
		refused := strings.Contains(out, "go.mod requires go >= "+goLine+" (running go "+local+"; GOTOOLCHAIN=local)")
		if newer := Compare(goLine, local) > 0; refused != newer {
			t.Errorf("go %s with local go %s: Compare says newer=%v; go list -m: %v\n%s", goLine, local, newer, err, out)
		}
	}
}

// TestGoCommandRelease: with GOTOOLCHAIN=go1.1+auto, the go command
// switches to the toolchain Release names for the go line (unless that is
// the local one); and a GOTOOLCHAIN naming a language version is refused
// exactly when IsLang says it is one.
func TestGoCommandRelease(t *testing.T) {
	g := newGoCommand(t)
	out, err := g.run("local", "env", "GOVERSION")
	if err != nil {
		t.Fatalf("go env GOVERSION: %v\n%s", err, out)
	}
	goversion := strings.TrimSpace(out)
	for _, goLine := range localGoLines(Local(goversion)) {
		g.module(goLine, "")
		out, _ := g.run("go1.1+auto", "list", "-m")
		want := Release(goLine)
		if want == strings.Fields(goversion)[0] {
			want = "" // the local toolchain runs
		}
		if got := switchedTo(out); got != want {
			t.Errorf("go %s: the go command switches to %q, Release says %q\n%s", goLine, got, want, out)
		}
	}
	for _, v := range []string{"1.20", "1.21", "1.21rc1", "1.21.0", "1.22", "1.99", "1.99.1"} {
		out, _ := g.run("go"+v, "version")
		refused := strings.Contains(out, "go"+v+" is a language version but not a toolchain version")
		if refused != IsLang(v) {
			t.Errorf("GOTOOLCHAIN=go%s: IsLang = %v, the go command says\n%s", v, IsLang(v), out)
		}
	}
}

package contextscmd_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/checks"
	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/cli/contextscmd"
	"github.com/godx-dev/godx/internal/cli/root"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/iostreams"
)

// fakeGo is a go command of the given version that answers what godx
// asks (go version, go env -json) from its own location.
const fakeGo = `#!/bin/sh
root=$(cd "$(dirname "$0")/.." && pwd)
case "$1" in
version) echo "go version %[1]s linux/amd64" ;;
env) cat <<JSON
{
	"GOROOT": "$root",
	"GOVERSION": "%[1]s",
	"GOTOOLDIR": "$root/pkg/tool/linux_amd64",
	"GOHOSTOS": "linux",
	"GOHOSTARCH": "amd64",
	"GOOS": "linux",
	"GOARCH": "amd64",
	"GOFLAGS": "$GOFLAGS",
	"CGO_ENABLED": "${CGO_ENABLED:-1}",
	"GOPROXY": "off",
	"GOENV": "off",
	"GOPATH": "$HOME/go",
	"GOMODCACHE": "$HOME/go/pkg/mod",
	"GOCACHE": "$HOME/.cache/go-build",
	"GOMOD": "/dev/null"
}
JSON
;;
*) echo "go $1: unknown command" >&2; exit 2 ;;
esac
`

// machine is a temp tree with two go installations, a project, a home,
// and a fake gopls binary built from source.
type machine struct {
	dir, oldGo, newGo, project, home, gopls string
	stderr                                  string // of the last godx run
}

func newMachine(t *testing.T) *machine {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("reads real processes through /proc")
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go to build the fake gopls with")
	}
	d := t.TempDir()
	m := &machine{dir: d, oldGo: filepath.Join(d, "go1.22"), newGo: filepath.Join(d, "sdk", "go1.26.8"), project: filepath.Join(d, "project"), home: filepath.Join(d, "home")}
	for root, v := range map[string]string{m.oldGo: "go1.22.5", m.newGo: "go1.26.8"} {
		os.MkdirAll(filepath.Join(root, "bin"), 0o755)
		if err := os.WriteFile(filepath.Join(root, "bin", "go"), []byte(fmt.Sprintf(fakeGo, v)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(m.project, 0o755)
	os.MkdirAll(m.home, 0o755)
	src := filepath.Join(d, "goplssrc")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(src, "go.mod"), []byte("module fakegopls\n\ngo 1.22\n"), 0o644)
	// A long-running fake gopls: it says it runs, then waits until its
	// stdin closes.
	os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"running\\n\"); os.Stdin.Read(make([]byte, 1)) }\n"), 0o644)
	m.gopls = filepath.Join(d, "bin", "gopls")
	build := exec.Command(realGo, "build", "-o", m.gopls, ".")
	build.Dir = src
	build.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the fake gopls: %v\n%s", err, out)
	}
	m.project, _ = filepath.EvalSymlinks(m.project)
	return m
}

// startGopls starts the fake gopls as an editor would have: the older go
// first on PATH, GOFLAGS set, a secret in the environment, in the project.
func (m *machine) startGopls(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(m.gopls)
	cmd.Dir = m.project
	cmd.Env = []string{"PATH=" + filepath.Join(m.oldGo, "bin") + ":/usr/bin:/bin", "GOFLAGS=-mod=mod", "HOME=" + m.home, "API_TOKEN=hunter2-secret"}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	// Start returns once the child is forked, maybe before it is gopls:
	// its first line says it runs.
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "running\n" {
		t.Fatalf("the fake gopls did not start: %q, %v", line, err)
	}
	return cmd.Process.Pid
}

// shellOS is the real machine with godx's own environment replaced: the
// newer go first on PATH, no GOFLAGS.
type shellOS struct {
	facts.System
	env []string
}

func (s shellOS) Environ() []string { return s.env }

func (m *machine) godx(t *testing.T, args ...string) (string, int) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	env := []string{"PATH=" + filepath.Join(m.newGo, "bin") + ":/usr/bin:/bin", "HOME=" + m.home, "GODX_TIMEOUT=2m"}
	f := &command.Factory{IO: ios, OS: shellOS{env: env}, Checks: checks.All}
	code := root.Execute(context.Background(), f, args)
	m.stderr = errOut.String()
	return out.String(), code
}

func TestContextsReadsRealGopls(t *testing.T) {
	m := newMachine(t)
	pid := m.startGopls(t)
	out, code := m.godx(t, "contexts", "--no-login", "--json", "--dir", m.project)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if strings.Contains(out, "hunter2") {
		t.Fatal("a secret from the process's environment was printed")
	}
	var doc contextscmd.ListDocument
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var found *contextscmd.Entry
	for i, e := range doc.Contexts {
		if e.PID == pid {
			found = &doc.Contexts[i]
		}
	}
	if found == nil {
		t.Fatalf("gopls pid %d not listed:\n%s", pid, out)
	}
	want := fmt.Sprintf("gopls@%d gopls %s go1.22.5 %s dir=%s GOFLAGS=-mod=mod hidden=2", pid, filepath.Join(m.oldGo, "bin", "go"), m.oldGo, m.project)
	got := fmt.Sprintf("%s %s %s %s %s dir=%s GOFLAGS=%s hidden=%d", found.Name, found.Program, found.Go, found.GoVersion, found.GOROOT, found.Dir, found.Settings["GOFLAGS"].Value, found.Hidden)
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	shell := doc.Contexts[0]
	if shell.Name != "shell" || shell.GoVersion != "go1.26.8" {
		t.Errorf("shell resolved %+v", shell.Resolved)
	}
}

func TestDiffRealGopls(t *testing.T) {
	m := newMachine(t)
	pid := m.startGopls(t)
	out, code := m.godx(t, "diff", fmt.Sprintf("pid:%d", pid), "--no-login", "--dir", m.project)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	want := fmt.Sprintf(`shell vs gopls@%[1]d:
  go: gopls (pid %[1]d) runs %[2]s/bin/go (go1.22.5); your shell runs %[3]s/bin/go (go1.26.8): gopls (pid %[1]d) checks your code against Go 1.22 — restart gopls from a new terminal
  GOROOT: gopls (pid %[1]d) has GOROOT=%[2]s (default); your shell has GOROOT=%[3]s (default): the standard library and go tools come from another installation — restart gopls from a new terminal
  GOFLAGS: gopls (pid %[1]d) has GOFLAGS=-mod=mod (environment variable); your shell has GOFLAGS unset: every go command there adds other flags — restart gopls from a new terminal
`, pid, m.oldGo, m.newGo)
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if strings.Contains(out, "hunter2") {
		t.Fatal("a secret was printed")
	}
	// JSON says the same.
	out, _ = m.godx(t, "diff", "shell", fmt.Sprintf("pid:%d", pid), "--no-login", "--json", "--dir", m.project)
	var doc contextscmd.DiffDocument
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Pairs) != 1 || len(doc.Pairs[0].Differences) != 3 || doc.Pairs[0].Differences[0].B != filepath.Join(m.oldGo, "bin", "go")+" (go1.22.5)" {
		t.Errorf("json: %s", out)
	}
}

// TestDoctorAsRealGopls: the doctor run as the gopls process sees the
// older go and its GOFLAGS, in its working directory.
func TestDoctorAsRealGopls(t *testing.T) {
	m := newMachine(t)
	pid := m.startGopls(t)
	out, code := m.godx(t, "doctor", "--context", fmt.Sprintf("pid:%d", pid), "--only", "go/installed,go/version-support,module/goflags", "--offline", "-v")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{
		fmt.Sprintf("[✓] Go command: Go 1.22.5 linux/amd64 (%s/bin/go)", m.oldGo),
		"GOROOT: " + m.oldGo + "\n",
		"! Go 1.22.5 is no longer supported",
		"[✓] GOFLAGS: GOFLAGS=-mod=mod (environment variable)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if want := fmt.Sprintf("godx: diagnosed as gopls@%d (gopls), in %s\n", pid, m.project); m.stderr != want {
		t.Errorf("stderr %q, want %q", m.stderr, want)
	}
	// The shell itself runs the newer go.
	out, _ = m.godx(t, "doctor", "--only", "go/installed", "--offline", "--dir", m.project)
	if !strings.Contains(out, "Go 1.26.8") {
		t.Errorf("the shell's doctor:\n%s", out)
	}
	// An unreadable context is an error with the reason, not a guess.
	_, code = m.godx(t, "doctor", "--context", "pid:999999999", "--offline")
	if code != 2 || !strings.Contains(m.stderr, "no process 999999999 of yours is running") {
		t.Errorf("exit %d, stderr %q", code, m.stderr)
	}
}

// TestDiffVSCodeSettings: the project's .vscode settings choose the older
// go and add GOFLAGS; a debug configuration adds its own environment.
func TestDiffVSCodeSettings(t *testing.T) {
	m := newMachine(t)
	vs := filepath.Join(m.project, ".vscode")
	os.MkdirAll(vs, 0o755)
	os.WriteFile(filepath.Join(vs, "settings.json"), []byte(`{
	// the editor pinned to an old Go
	"go.goroot": "`+m.oldGo+`",
	"go.toolsEnvVars": {"GOFLAGS": "-tags=dev"},
}`), 0o644)
	os.WriteFile(filepath.Join(vs, "launch.json"), []byte(`{
	"configurations": [
		{"name": "Debug server", "type": "go", "request": "launch", "env": {"CGO_ENABLED": "0"}, "buildFlags": "-race"}
	]
}`), 0o644)
	out, code := m.godx(t, "diff", "vscode", "--no-login", "--dir", m.project)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	fix := "change go.goroot, go.alternateTools, go.toolsEnvVars or gopls' build.env in VS Code's settings"
	for _, want := range []string{
		fmt.Sprintf("go: VS Code with its Go settings runs %s/bin/go (go1.22.5); your shell runs %s/bin/go (go1.26.8): the editor checks your code against Go 1.22 — %s", m.oldGo, m.newGo, fix),
		"GOFLAGS: VS Code with its Go settings has GOFLAGS=-tags=dev (environment variable); your shell has GOFLAGS unset",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	out, _ = m.godx(t, "diff", "vscode", "launch:Debug server", "--no-login", "--dir", m.project)
	if want := `CGO_ENABLED: the debug configuration "Debug server" has CGO_ENABLED=0 (environment variable); VS Code with its Go settings has CGO_ENABLED=1 (default): packages that use cgo build differently (or not at all) — change the configuration's env/envFile in .vscode/launch.json, or remove the override`; !strings.Contains(out, want) {
		t.Errorf("no %q in\n%s", want, out)
	}
	out, _ = m.godx(t, "contexts", "--no-login", "--env", "--dir", m.project)
	for _, want := range []string{"override: go.goroot is " + m.oldGo, "override: buildFlags: -race", "launch:Debug server"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

// TestDoctorWarnsAboutRealGopls: context/running warns about the running
// gopls that resolves the older go, naming its pid and the fix.
func TestDoctorWarnsAboutRealGopls(t *testing.T) {
	m := newMachine(t)
	pid := m.startGopls(t)
	out, code := m.godx(t, "doctor", "--only", "context/running", "--offline", "--dir", m.project)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{
		fmt.Sprintf("! gopls (pid %d) differs from your shell in go, GOROOT and GOFLAGS.", pid),
		fmt.Sprintf("go (gopls@%d): %s/bin/go (go1.22.5)", pid, m.oldGo),
		"fix: Restart gopls from a new terminal.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "hunter2") {
		t.Error("a secret was printed")
	}
}

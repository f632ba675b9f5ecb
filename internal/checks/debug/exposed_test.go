package debug

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/procenv"
)

// exposedNew is a Linux machine with go1.26.8, a module in a git
// repository at /work, and /proc.
func exposedNew(t *testing.T) *factstest.Machine {
	return factstest.NewMachine(t).Linux().
		Path("/usr/local/go/bin").
		Go("/usr/local/go", "go1.26.8").
		Dir("/work/.git").
		File("/work/go.mod", "module example.com/m\n")
}

func TestExposed_Clean(t *testing.T) {
	o := exposedNew(t)
	o.File("/work/Makefile", `# Debugging
debug:
	dlv debug --headless --listen=127.0.0.1:2345 --api-version=2 ./cmd/server

debug-local:
	dlv debug ./cmd/server

# An example, commented out: dlv debug --headless --listen=:2345
dap:
	dlv dap --listen=localhost:4000
run:
	dlv exec ./bin/server --headless -- --listen=:8080
`)
	o.Executable("/work/scripts/debug.sh", "#!/bin/sh\nexec dlv debug --headless \\\n  --listen [::1]:2345 ./cmd/x\ndlv connect 0.0.0.0:2345\ndlv debug --headless --listen unix:/tmp/dlv.sock\ndlv debug --headless --listen=$(DLV_ADDR)\n")
	o.File("/work/.vscode/launch.json", `{
	// Attach to a remote server (a client, not a listener).
	"configurations": [{"name": "Remote", "type": "go", "request": "attach", "mode": "remote", "host": "10.0.0.5", "port": 2345,},],
}`)
	o.File("/work/testdata/script/x.sh", "dlv debug --headless --listen=:2345\n") // fixtures are skipped
	o.File("/work/vendor/x/Makefile", "x:\n\tdlv debug --headless --listen=:2345\n")
	o.Procs = &factstest.Processes{List: []procenv.Process{
		{PID: 1, Name: "init", Args: []string{"/sbin/init"}, OtherUser: true},
		{PID: 42, Name: "dlv", Args: []string{"/home/u/go/bin/dlv", "dap", "--listen=127.0.0.1:40123"}},
	}}
	r := checktest.Run(t, Exposed, o, facts.Options{})
	checktest.Clean(t, r, "no Delve server listening beyond loopback in 3 project file(s) or 2 running process(es)")
}

func TestExposed_Makefile(t *testing.T) {
	o := exposedNew(t)
	o.File("/work/Makefile", "build:\n\tgo build ./...\n\ndebug: build\n\tdlv debug --headless \\\n\t\t--listen=:2345 --api-version=2 --accept-multiclient ./cmd/server\n")
	r := checktest.Run(t, Exposed, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error,
		"/work/Makefile:5 starts Delve listening on :2345 (every network interface)",
		"arbitrary remote code execution", "--listen=127.0.0.1:2345", "ssh -L 2345:127.0.0.1:2345",
		"dlv debug --headless --listen=:2345 --api-version=2 --accept-multiclient ./cmd/server")
	if fd.Fix == nil || !strings.Contains(fd.Fix.Description, "replace --listen=:2345 with --listen=127.0.0.1:2345") {
		t.Errorf("fix = %+v", fd.Fix)
	}
}

func TestExposed_DockerAndCompose(t *testing.T) {
	o := exposedNew(t)
	o.File("/work/build/Dockerfile.debug", `FROM golang:1.26 AS build
RUN go install github.com/go-delve/delve/cmd/dlv@latest
EXPOSE 40000
CMD ["/go/bin/dlv", "--listen=:40000", "--headless=true", "--api-version=2", "--accept-multiclient", "exec", "/server"]
`)
	o.File("/work/docker-compose.yml", `services:
  api:
    build: .
    command:
      - dlv
      - debug
      - --headless
      - --listen=:2345
    ports:
      - "2345:2345"
  worker:
    command: dlv debug --headless --listen=:2346 ./worker
    ports:
      - "127.0.0.1:2346:2346"
`)
	r := checktest.Run(t, Exposed, o, facts.Options{})
	if len(r.Findings) != 2 {
		t.Fatalf("want 2 findings (Dockerfile, compose api; worker is loopback-published): %+v", r.Findings)
	}
	var texts []string
	for _, fd := range r.Findings {
		if fd.Severity != check.Error {
			t.Errorf("severity %v", fd.Severity)
		}
		texts = append(texts, checktest.Text(fd))
	}
	all := strings.Join(texts, "\n---\n")
	for _, want := range []string{
		"/work/build/Dockerfile.debug:4 starts Delve listening on :40000",
		"docker run -p 127.0.0.1:40000:40000",
		"/work/docker-compose.yml:4 starts Delve listening on :2345",
		`"127.0.0.1:2345:2345"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "2346") {
		t.Errorf("loopback-published worker reported:\n%s", all)
	}
}

func TestExposed_VSCodeTasks(t *testing.T) {
	o := exposedNew(t)
	o.File("/work/.vscode/tasks.json", `{
	// See https://go.microsoft.com/fwlink/?LinkId=733558
	"version": "2.0.0",
	"tasks": [
		{
			"label": "dlv server",
			"type": "shell",
			"command": "dlv",
			"args": [
				"debug",
				"--headless",
				"--listen=:2345",
				"--api-version=2",
			],
		},
		{"label": "safe", "type": "shell", "command": "dlv debug --headless --listen=127.0.0.1:2345"},
	],
}`)
	// dlvFlags' --listen is overridden by the one the Go extension
	// appends (Delve keeps the last): not exposed. "host" is what counts,
	// and a configuration that runs dlv itself.
	o.File("/work/.vscode/launch.json", `{
	"configurations": [
		{"name": "Launch", "type": "go", "request": "launch", "dlvFlags": ["--listen=0.0.0.0:2345",],},
		{"name": "Everyone", "type": "go", "request": "launch", "host": "0.0.0.0",},
		{"name": "Server", "type": "node-terminal", "program": "dlv", "args": ["exec", "./app", "--headless", "--listen=:2345"]},
	],
}`)
	r := checktest.Run(t, Exposed, o, facts.Options{})
	if len(r.Findings) != 3 {
		t.Fatalf("want 3 findings: %+v", r.Findings)
	}
	checktest.Only(t, checktest.Result{Findings: r.Findings[:1]}, check.Error, "/work/.vscode/tasks.json:8 starts Delve listening on :2345", `task "dlv server": dlv debug --headless --listen=:2345 --api-version=2`)
	checktest.Only(t, checktest.Result{Findings: r.Findings[1:2]}, check.Error, "/work/.vscode/launch.json:4 starts Delve listening on 0.0.0.0:PORT", `launch configuration "Everyone"`,
		`In /work/.vscode/launch.json:4, remove "host" (the Go extension then listens on 127.0.0.1)`)
	checktest.Only(t, checktest.Result{Findings: r.Findings[2:]}, check.Error, "/work/.vscode/launch.json:5 starts Delve listening on :2345", `launch configuration "Server": dlv exec ./app --headless --listen=:2345`)
}

func TestExposed_RunningProcess(t *testing.T) {
	o := exposedNew(t)
	o.Procs = &factstest.Processes{List: []procenv.Process{
		{PID: 4242, Name: "dlv", Args: []string{"dlv", "debug", "--headless", "--listen=:2345", "--api-version=2"}},
	}}
	r := checktest.Run(t, Exposed, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "The running Delve process 4242 accepts debugger connections from the network (--listen=:2345)",
		"dlv debug --headless --listen=:2345 --api-version=2", "kill 4242")
	if fd.Evidence[len(fd.Evidence)-1].Value != "4242" {
		t.Errorf("evidence = %v", fd.Evidence)
	}

	// No process list (an OS godx cannot list processes on): nothing found.
	o.Procs = nil
	checktest.Clean(t, checktest.Run(t, Exposed, o, facts.Options{}))
}

// Real machine: a project tree on disk, and a real process that looks
// like an exposed Delve server: a copy of sh named dlv (so that both its
// process name and its argv[0] are dlv), with dlv's flags.
func TestExposed_RealMachine(t *testing.T) {
	if _, err := os.Stat("/proc/self/cmdline"); err != nil {
		t.Skip("needs /proc")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("needs sh")
	}
	shell, err := os.ReadFile(sh)
	if err != nil {
		t.Fatal(err)
	}
	fakeDlv := filepath.Join(t.TempDir(), "dlv")
	if err := os.WriteFile(fakeDlv, shell, 0o755); err != nil {
		t.Fatal(err)
	}
	proj := t.TempDir()
	if err := os.MkdirAll(filepath.Join(proj, "deploy"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proj, "go.mod"), []byte("module m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proj, "deploy", "debug.sh"), []byte("#!/bin/sh\ndlv debug --headless --listen=127.0.0.1:2345\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", t.TempDir())
	r := checktest.Run(t, Exposed, facts.System{}, facts.Options{Dir: proj})
	checktest.Clean(t, r)

	port := "2" + strconv.Itoa(os.Getpid()%10000) // unique, never actually bound
	cmd := exec.Command(fakeDlv, "-c", "sleep 30; :", "x", "debug", "--headless", "--listen=:"+port)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	pid := strconv.Itoa(cmd.Process.Pid)
	deadline := time.Now().Add(5 * time.Second)
	for {
		data, _ := os.ReadFile("/proc/" + pid + "/cmdline")
		if strings.HasPrefix(string(data), fakeDlv+"\x00") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("fake dlv did not start: %q", data)
		}
		time.Sleep(10 * time.Millisecond)
	}
	r = checktest.Run(t, Exposed, facts.System{}, facts.Options{Dir: proj})
	var found bool
	for _, fd := range r.Findings {
		if strings.Contains(fd.Summary, "process "+pid+" ") && strings.Contains(fd.Summary, "--listen=:"+port) {
			found = true
		}
	}
	if !found {
		t.Fatalf("running fake dlv %s not reported: %+v", pid, r.Findings)
	}
}

package dlvlisten_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/dlvlisten"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/procenv"
)

func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		line    string
		exposed string // "" = not exposed
	}{
		{"dlv debug --headless --listen=0.0.0.0:2345", "0.0.0.0:2345"},
		{"dlv debug --headless --listen [::]:2345", "[::]:2345"},
		{"dlv --listen=:40000 --headless=true --api-version=2 exec /server", ":40000"},
		{"/go/bin/dlv debug --headless -l 192.168.1.10:2345", "192.168.1.10:2345"},
		{"go run github.com/go-delve/delve/cmd/dlv@latest debug --headless --listen=:2345", ":2345"},
		{"dlv dap --listen=:4000", ":4000"},
		{"dlv debug --headless --listen=myhost:2345", "myhost:2345"},
		{"cd app && dlv debug --headless --listen=:${PORT}", ":${PORT}"},
		{"dlv debug --headless --listen=127.0.0.1:2345", ""},
		{"dlv debug --headless --listen=localhost:2345", ""},
		{"dlv debug --headless", ""},
		{"dlv debug --listen=:2345", ""}, // not headless: a terminal session, no server
		{"dlv debug --headless --listen=${HOST}:2345", ""},
		{"dlv exec ./app -- --listen=:8080 --headless", ""},
		{"echo dlv; server --headless --listen=:8080", ""},
		{"dlv connect :2345", ""},
	} {
		addr, ok := dlvlisten.CommandLine(tc.line)
		if ok != (tc.exposed != "") || addr != tc.exposed {
			t.Errorf("%q: got %q %v, want %q", tc.line, addr, ok, tc.exposed)
		}
	}
}

func TestAddresses(t *testing.T) {
	for _, tc := range []struct {
		addr, host, port, shownPort string
		all, exposed, known         bool
	}{
		{":2345", "", "2345", "2345", true, true, true},
		{"[::]:40000", "::", "40000", "40000", true, true, true},
		{`"0.0.0.0:2345"`, "0.0.0.0", "2345", "2345", true, true, true},
		{"10.0.0.5:2345", "10.0.0.5", "2345", "2345", false, true, true},
		{"localhost:2345", "localhost", "2345", "2345", false, false, true},
		{"127.0.0.2:2345", "127.0.0.2", "2345", "2345", false, false, true},
		{"[::1]:2345", "::1", "2345", "2345", false, false, true},
		{"unix:/tmp/dlv.sock", "unix", "/tmp/dlv.sock", "/tmp/dlv.sock", false, false, true},
		{"$(DLV_ADDR)", "$(DLV_ADDR)", "", "2345", false, false, false},
		{":${PORT}", "", "${PORT}", "2345", true, true, true},
		{"${HOST}:2345", "${HOST}", "2345", "2345", false, false, false},
	} {
		host, port := dlvlisten.SplitHostPort(tc.addr)
		exposed, known := dlvlisten.Classify(tc.addr)
		if host != tc.host || port != tc.port || dlvlisten.Port(tc.addr) != tc.shownPort || dlvlisten.AllInterfaces(tc.addr) != tc.all || exposed != tc.exposed || known != tc.known {
			t.Errorf("%q: host %q port %q shown %q all %v exposed %v known %v", tc.addr, host, port, dlvlisten.Port(tc.addr), dlvlisten.AllInterfaces(tc.addr), exposed, known)
		}
	}
	for w, want := range map[string]bool{"dlv": true, "/go/bin/dlv": true, `C:\tools\DLV.EXE`: true, "github.com/go-delve/delve/cmd/dlv@v1.25.0": true, `"dlv"`: true, "dlvx": false, "xdlv": false} {
		if dlvlisten.IsDlv(w) != want {
			t.Errorf("IsDlv(%q) = %v", w, !want)
		}
	}
}

func TestScanText(t *testing.T) {
	wheres := func(ls []dlvlisten.Listener) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Where+" "+string(l.Kind)+" "+l.Addr)
		}
		return out
	}
	// A continued Makefile line is one command, reported at its first line.
	exposed, safe := dlvlisten.ScanText("/p/Makefile", "# dlv debug --headless --listen=:1\ndebug:\n\tdlv debug --headless \\\n\t\t--listen=:2345 ./cmd/server\n")
	if got := wheres(exposed); !slices.Equal(got, []string{"/p/Makefile:3  :2345"}) || safe != nil {
		t.Errorf("Makefile: %q, safe %q", got, wheres(safe))
	}
	if exposed[0].Command != "dlv debug --headless --listen=:2345 ./cmd/server" || exposed[0].File != "/p/Makefile" {
		t.Errorf("Makefile: %+v", exposed[0])
	}
	// A YAML list under command: is one command; a port published on
	// loopback only makes it safe.
	compose := `services:
  api:
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
`
	exposed, safe = dlvlisten.ScanText(`C:\p\docker-compose.yml`, compose)
	if got := wheres(exposed); !slices.Equal(got, []string{`C:\p\docker-compose.yml:3 container :2345`}) {
		t.Errorf("compose exposed: %q", got)
	}
	// The worker's mapping is one block under "worker:", so its command
	// line starts there.
	if got := wheres(safe); !slices.Equal(got, []string{`C:\p\docker-compose.yml:10 container :2346`}) {
		t.Errorf("compose safe: %q", got)
	}
	// A Dockerfile CMD array is a container command line.
	if exposed, _ := dlvlisten.ScanText("/p/Dockerfile", `CMD ["/go/bin/dlv", "--listen=:40000", "--headless=true", "exec", "/server"]`); len(exposed) != 1 || exposed[0].Kind != dlvlisten.Container {
		t.Errorf("Dockerfile: %+v", exposed)
	}
	long := "dlv debug --headless --listen=:2345 " + strings.Repeat("x", 300)
	if exposed, _ := dlvlisten.ScanText("/p/run.sh", long); len(exposed) != 1 || len(exposed[0].Command) != 240 || !strings.HasSuffix(exposed[0].Command, "...") {
		t.Errorf("long line: %+v", exposed)
	}
}

func newFacts(t *testing.T, o facts.OS) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestScanProject(t *testing.T) {
	o := factstest.New()
	o.Wd = "/work"
	o.AddDir("/work/.git")
	o.AddFile("/work/go.mod", "module m\n", 0)
	o.AddFile("/work/Makefile", "x:\n\tdlv debug --headless --listen=:2345\n", 0)
	o.AddFile("/work/README.md", "dlv debug --headless --listen=:2345\n", 0)
	o.AddFile("/work/.devcontainer/devcontainer.json", `{"postStartCommand": "dlv dap --listen=0.0.0.0:4000"}`, 0)
	o.AddFile("/work/.hidden/run.sh", "dlv debug --headless --listen=:1\n", 0)
	o.AddFile("/work/testdata/run.sh", "dlv debug --headless --listen=:1\n", 0)
	o.AddFile("/work/vendor/x/Makefile", "dlv debug --headless --listen=:1\n", 0)
	o.AddFile("/work/a/b/c/deep.sh", "dlv debug --headless --listen=:3\n", 0)
	o.AddFile("/work/a/b/c/d/deeper.sh", "dlv debug --headless --listen=:1\n", 0)
	f := newFacts(t, o)
	files := dlvlisten.ProjectFiles(f, "/work")
	slices.Sort(files)
	if want := []string{"/work/.devcontainer/devcontainer.json", "/work/Makefile", "/work/a/b/c/deep.sh"}; !slices.Equal(files, want) {
		t.Errorf("ProjectFiles = %q, want %q", files, want)
	}
	exposed, safe, scanned := dlvlisten.ScanProject(f, "/work")
	if len(exposed) != 3 || safe != nil || len(scanned) != 3 {
		t.Errorf("ScanProject: exposed %+v, safe %+v, scanned %q", exposed, safe, scanned)
	}
}

func TestVSCode(t *testing.T) {
	o := factstest.New()
	o.Wd = "/work"
	o.AddDir("/work/.git")
	o.AddFile("/work/.vscode/tasks.json", `{
	"version": "2.0.0",
	"tasks": [
		{"label": "server", "command": "dlv", "args": ["debug", {"value": "--headless", "quoting": "escape"}, "--listen=:2345",],},
		{"label": "safe", "command": "dlv debug --headless --listen=127.0.0.1:2345"},
		{"label": "per OS", "command": "echo", "windows": {"command": "dlv.exe", "args": ["dap", "--listen=:4000"]}},
	],
}`, 0)
	// The Go extension appends its own --listen=<host>:<port> after
	// dlvFlags and Delve keeps the last one: only "host" decides.
	o.AddFile("/work/.vscode/launch.json", `{
	"configurations": [
		{"name": "Launch", "type": "go", "request": "launch", "dlvFlags": ["--listen=0.0.0.0:2345"]},
		{"name": "Loopback", "type": "go", "request": "launch", "dlvFlags": ["--listen=127.0.0.1:2345"]},
		{"name": "Node", "type": "node", "dlvFlags": ["--listen=:1"]},
		{"name": "Host", "type": "go", "request": "launch", "host": "0.0.0.0", "dlvFlags": ["--check-go-version=false"]},
		{"name": "External", "type": "go", "request": "launch", "host": "0.0.0.0", "port": 2345},
		{"name": "Terminal", "type": "go", "request": "launch", "host": "0.0.0.0", "console": "integratedTerminal"},
		{"name": "Remote", "type": "go", "request": "attach", "mode": "remote", "host": "10.0.0.5", "port": 2345},
		{"name": "Legacy", "type": "go", "request": "launch", "debugAdapter": "legacy", "host": "::", "port": 4000},
		{"name": "dlv itself", "type": "node-terminal", "program": "/home/u/go/bin/dlv", "args": ["debug", "--headless", "--listen=:2345"]},
		{"name": "dlv loopback", "type": "cppdbg", "program": "dlv", "args": "debug --headless --listen=:1 --listen=localhost:2"},
	],
}`, 0)
	f := newFacts(t, o)
	var got []string
	for _, file := range f.VSCodeTasks() {
		for _, l := range dlvlisten.VSCodeTasks(file) {
			got = append(got, l.Where+" | "+l.Command+" | "+l.Addr)
		}
	}
	for _, file := range f.VSCodeLaunch() {
		for _, l := range dlvlisten.VSCodeLaunch(file) {
			got = append(got, l.Where+" | "+l.Command+" | "+l.Addr)
		}
	}
	want := []string{
		`/work/.vscode/tasks.json:4 | task "server": dlv debug --headless --listen=:2345 | :2345`,
		`/work/.vscode/tasks.json:6 | task "per OS": dlv.exe dap --listen=:4000 | :4000`,
		`/work/.vscode/launch.json:6 | launch configuration "Host": "host": "0.0.0.0"; the Go extension runs dlv dap --check-go-version=false --listen=0.0.0.0:PORT | 0.0.0.0:PORT`,
		`/work/.vscode/launch.json:10 | launch configuration "Legacy": "host": "::"; the Go extension's legacy adapter runs dlv debug --headless=true --listen=[::]:4000 | [::]:4000`,
		`/work/.vscode/launch.json:11 | launch configuration "dlv itself": /home/u/go/bin/dlv debug --headless --listen=:2345 | :2345`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestProcesses(t *testing.T) {
	o := factstest.New()
	o.Procs = &factstest.Processes{List: []procenv.Process{
		{PID: 1, Name: "init", Args: []string{"/sbin/init"}, OtherUser: true},
		{PID: 42, Name: "dlv", Args: []string{"/home/u/go/bin/dlv", "dap", "--listen=127.0.0.1:40123"}},
		{PID: 4242, Name: "dlv", Args: []string{"dlv", "debug", "--headless", "--listen=:2345"}, OtherUser: true},
		{PID: 4300, Name: "sh"}, // no command line (a kernel thread, a zombie)
	}}
	exposed, checked := dlvlisten.Processes(newFacts(t, o))
	if checked != 4 || len(exposed) != 1 {
		t.Fatalf("checked %d, exposed %+v", checked, exposed)
	}
	if l := exposed[0]; l.Where != "process 4242" || l.Kind != dlvlisten.Process || l.PID != "4242" || l.Addr != ":2345" || l.Command != "dlv debug --headless --listen=:2345" {
		t.Errorf("%+v", l)
	}
	if exposed, checked := dlvlisten.Processes(newFacts(t, factstest.New())); exposed != nil || checked != 0 {
		t.Errorf("no process list: %+v, %d", exposed, checked)
	}
}

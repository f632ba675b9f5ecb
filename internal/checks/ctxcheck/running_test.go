package ctxcheck

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
	"github.com/godx-dev/godx/internal/procenv"
)

func machine(goplsEnv []string) *factstest.OS {
	o := factstest.New()
	o.AddGo("/usr/local/go", "go1.22.5", nil)
	o.AddGo("/home/me/sdk/go1.26.8", "go1.26.8", nil)
	o.Env = []string{"PATH=/home/me/sdk/go1.26.8/bin:/usr/bin", "HOME=/home/me"}
	p := &factstest.Processes{
		List: []procenv.Process{
			{PID: 4000, PPID: 1, Name: "code"},
			{PID: 4010, PPID: 4000, Name: "code", Args: []string{"code", "--type=extensionHost"}},
			{PID: 4121, PPID: 4010, Name: "gopls"},
		},
		Env: map[int][]string{4000: o.Env, 4010: o.Env},
		Dir: map[int]string{4000: "/elsewhere", 4010: "/elsewhere", 4121: "/elsewhere"},
	}
	if goplsEnv != nil {
		p.Env[4121] = goplsEnv
	}
	o.Procs = p
	return o
}

func TestRunningWarnsAboutOlderGo(t *testing.T) {
	o := machine([]string{"PATH=/usr/local/go/bin:/usr/bin", "HOME=/home/me", "GOFLAGS=-mod=mod"})
	r := checktest.Run(t, Running, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "VS Code's gopls (pid 4121) differs from your shell in go, GOROOT and GOFLAGS.")
	if !strings.Contains(fd.Detail, "VS Code's gopls (pid 4121) runs /usr/local/go/bin/go (go1.22.5); your shell runs /home/me/sdk/go1.26.8/bin/go (go1.26.8): the editor checks your code against Go 1.22.") {
		t.Errorf("detail: %s", fd.Detail)
	}
	if fd.Fix.Description != "Restart VS Code from a new terminal, or set go.goroot." {
		t.Errorf("fix: %s", fd.Fix.Description)
	}
	if got := checktest.Evidence(fd.Evidence, "started by"); got != "VS Code extension host (pid 4010)" {
		t.Errorf("started by %q", got)
	}
}

func TestRunningSameAsShell(t *testing.T) {
	o := machine([]string{"PATH=/home/me/sdk/go1.26.8/bin:/usr/bin", "HOME=/home/me"})
	r := checktest.Run(t, Running, o, facts.Options{})
	checktest.Clean(t, r, "3 running editors and tools resolve the same go and Go settings as the shell.")
}

// A process godx may not read is noted with the reason, never guessed
// (and never a warning).
func TestRunningUnreadable(t *testing.T) {
	o := machine(nil)
	r := checktest.Run(t, Running, o, facts.Options{})
	checktest.Clean(t, r, "2 running editors and tools resolve the same go and Go settings as the shell.")
	if got := checktest.Evidence(r.Evidence, "not readable"); got != "gopls@4121: cannot read the environment of process 4121: permission denied (another user's process, or a protected one)" {
		t.Errorf("not readable: %q", got)
	}
}

func TestRunningSkipsWithoutProcesses(t *testing.T) {
	o := factstest.New()
	r := checktest.Run(t, Running, o, facts.Options{})
	checktest.Skipped(t, r, "godx cannot list processes on linux")
}

// A gopls started with another HOME (a test sandbox, a container) is not
// the user's editor: not compared.
func TestRunningIgnoresOtherHomes(t *testing.T) {
	o := machine([]string{"PATH=/usr/local/go/bin:/usr/bin", "HOME=/tmp/sandbox/home"})
	r := checktest.Run(t, Running, o, facts.Options{})
	checktest.Clean(t, r, "2 running editors and tools resolve the same go and Go settings as the shell.")
}

// GOFLAGS that VS Code's go.toolsEnvVars gives gopls on purpose is not a
// stale environment; the older go still is.
func TestRunningLeavesVSCodeSettingsToEditorCheck(t *testing.T) {
	o := machine([]string{"PATH=/usr/local/go/bin:/usr/bin", "HOME=/home/me", "GOFLAGS=-tags=integration"})
	o.AddFile("/home/me/.config/Code/User/settings.json", `{"go.toolsEnvVars": {"GOFLAGS": "-tags=integration"}}`, 0o644)
	r := checktest.Run(t, Running, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "VS Code's gopls (pid 4121) differs from your shell in go and GOROOT.")
}

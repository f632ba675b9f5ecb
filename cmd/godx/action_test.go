package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// actionScript is the run: block of the step with that name in the
// repository's action.yml (composite steps; the block is indented under
// "run: |").
func actionScript(t *testing.T, step string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	in, inRun := false, false
	var script []string
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(trimmed, "- name: "):
			if inRun {
				return strings.Join(script, "\n") + "\n"
			}
			in = trimmed == "- name: "+step
		case in && trimmed == "run: |":
			inRun = true
		case inRun && (strings.HasPrefix(l, "        ") || trimmed == ""):
			script = append(script, strings.TrimPrefix(l, "        "))
		case inRun:
			return strings.Join(script, "\n") + "\n"
		}
	}
	if !inRun {
		t.Fatalf("action.yml has no step %q with a run block", step)
	}
	return strings.Join(script, "\n") + "\n"
}

// TestActionSteps runs the shell of the action's two godx steps with bash,
// as the runner does (bash -e, the step's env, GITHUB_* files), against a
// real godx build: the SARIF step must not fail the job on findings but
// must write the file and its output; the last step must print the
// annotations and exit 1 on an error (0 once fixed), and append the job
// summary.
func TestActionSteps(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("runs the steps with bash")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("needs bash")
	}
	work := t.TempDir()
	godx := filepath.Join(work, "bin", "godx")
	if out, err := exec.Command("go", "build", "-o", godx, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	repo := filepath.Join(work, "repo")
	mod := filepath.Join(repo, "app")
	writeFile(t, filepath.Join(mod, "go.mod"), "module example.com/app\n\ngo 1.22\n\nrequires example.com/x v1.0.0\n")
	env := append(os.Environ(),
		"GODX_BIN="+godx,
		"GITHUB_WORKSPACE="+repo,
		"GITHUB_OUTPUT="+filepath.Join(work, "output"),
		"GITHUB_STEP_SUMMARY="+filepath.Join(work, "summary.md"),
		"GODX_ARGS=--offline --only module/gomod,go/installed",
		"SARIF_FILE=godx.sarif",
		"GODX_STRICT=--strict",
		"GOFLAGS=", "GOTOOLCHAIN=local",
	)
	step := func(name string) (int, string) {
		cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", actionScript(t, name))
		cmd.Dir, cmd.Env = mod, env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), out.String()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, out.String()
	}

	if code, out := step("godx doctor (SARIF)"); code != 0 {
		t.Fatalf("the SARIF step failed (%d) on findings:\n%s", code, out)
	}
	sarif, err := os.ReadFile(filepath.Join(mod, "godx.sarif"))
	if err != nil || !bytes.Contains(sarif, []byte(`"uri": "app/go.mod"`)) {
		t.Errorf("SARIF file (%v) does not point at app/go.mod:\n%s", err, sarif)
	}
	if out, _ := os.ReadFile(filepath.Join(work, "output")); string(out) != "file=godx.sarif\n" {
		t.Errorf("step output %q", out)
	}

	code, out := step("godx doctor")
	if code != 1 || !strings.Contains(out, "::error file=app/go.mod,line=5,title=go.mod and go.work syntax (module/gomod)::") {
		t.Errorf("last step: exit %d, want 1 with the annotation:\n%s", code, out)
	}
	if summary, _ := os.ReadFile(filepath.Join(work, "summary.md")); !bytes.Contains(summary, []byte("# godx doctor")) {
		t.Errorf("no job summary:\n%s", summary)
	}

	writeFile(t, filepath.Join(mod, "go.mod"), "module example.com/app\n\ngo 1.22\n")
	if code, out := step("godx doctor"); code != 0 {
		t.Errorf("a clean module fails the job (%d):\n%s", code, out)
	}
	// godx failing (a usage error) fails the SARIF step too.
	env = append(env, "GODX_ARGS=--only nosuch")
	if code, _ := step("godx doctor (SARIF)"); code == 0 {
		t.Errorf("the SARIF step hides a godx failure")
	}
}

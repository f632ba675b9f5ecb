package tools

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/toolbintest"
)

// TestRealToolVerdicts checks godx's verdict against what the real tools
// do. It installs real releases of gopls, staticcheck, golangci-lint and
// Delve with `GOTOOLCHAIN=goX.Y.Z go install pkg@version`, built with the
// local go (the "old" Go) and some also with a newer Go (the "new" Go,
// GODX_TEST_REAL_TOOLS_NEW_GO, default go1.27.3, which the go command
// fetches through GOPROXY), then runs each tool in three modules: a
// go 1.22 module with the old and with the new go on PATH, and a go 1.27
// module using a generic method (a Go 1.27 language feature) with the new
// go on PATH. In each it asserts that godx reports a problem (a warning
// or an error) exactly when the tool fails, and logs the table.
//
// It needs the network (the module proxy) and takes long (golangci-lint
// and gopls are large builds), so it only runs with
// GODX_TEST_REAL_TOOL_VERDICTS=1:
//
//	GODX_TEST_REAL_TOOL_VERDICTS=1 go test ./internal/checks/tools/ -run TestRealToolVerdicts -v -timeout 90m
//
// Builds go through your module and build caches (GOMODCACHE, GOCACHE).
func TestRealToolVerdicts(t *testing.T) {
	if os.Getenv("GODX_TEST_REAL_TOOL_VERDICTS") != "1" {
		t.Skip("set GODX_TEST_REAL_TOOL_VERDICTS=1 to install real tool releases from the module proxy and compare godx's verdicts with what they do")
	}
	goBin := "/usr/local/go/bin"
	goCmd := filepath.Join(goBin, "go")
	if _, err := os.Stat(goCmd); err != nil {
		t.Skip("needs the go command in /usr/local/go/bin")
	}
	oldGo := toolbintest.LocalGoVersion(t)
	newGo := cmp.Or(os.Getenv("GODX_TEST_REAL_TOOLS_NEW_GO"), "go1.27.3")
	goenv := func(env []string, name string) string {
		cmd := exec.Command(goCmd, "env", name)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go env %s: %v\n%s", name, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	// The caches of this machine, read before the environment is changed.
	caches := []string{"GOMODCACHE=" + goenv(nil, "GOMODCACHE"), "GOCACHE=" + goenv(nil, "GOCACHE"), "GOFLAGS=-modcacherw"}
	newRoot := goenv(append(caches, "GOTOOLCHAIN="+newGo), "GOROOT")
	t.Logf("old Go %s (%s), new Go %s (%s)", oldGo, goBin, newGo, newRoot)

	type tool struct {
		name, pkg, version, builtBy string
		c                           *check.Check
	}
	tools := []tool{
		{"gopls", "golang.org/x/tools/gopls", "v0.23.0", oldGo, Gopls},
		{"staticcheck", "honnef.co/go/tools/cmd/staticcheck", "v0.8.2", oldGo, Staticcheck},
		{"staticcheck", "honnef.co/go/tools/cmd/staticcheck", "v0.8.2", newGo, Staticcheck},
		{"staticcheck", "honnef.co/go/tools/cmd/staticcheck", "v0.6.1", oldGo, Staticcheck},
		{"golangci-lint", "github.com/golangci/golangci-lint/v2/cmd/golangci-lint", "v2.15.0", oldGo, GolangciLint},
		{"golangci-lint", "github.com/golangci/golangci-lint/v2/cmd/golangci-lint", "v2.15.0", newGo, GolangciLint},
		{"dlv", "github.com/go-delve/delve/cmd/dlv", "v1.27.2", oldGo, Dlv},
	}
	root := t.TempDir()
	dirs := make([]string, len(tools))
	for i, tl := range tools {
		dirs[i] = filepath.Join(root, fmt.Sprintf("bin%d", i))
		tc := tl.builtBy
		if tc == oldGo {
			tc = "local"
		}
		cmd := exec.Command(goCmd, "install", tl.pkg+"@"+tl.version)
		cmd.Env = append(os.Environ(), append(caches, "GOBIN="+dirs[i], "GOTOOLCHAIN="+tc, "GOWORK=off")...)
		cmd.Dir = root
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("GOTOOLCHAIN=%s go install %s@%s: %v\n%s", tc, tl.pkg, tl.version, err, out)
		}
		t.Logf("installed %s %s built with %s in %s", tl.name, tl.version, tl.builtBy, time.Since(start).Round(time.Second))
	}

	type scenario struct {
		name, gomod, main, goBin string
	}
	const hello = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"
	generic := "package main\n\nimport \"fmt\"\n\ntype box struct{ v any }\n\n// show is a generic method: Go 1.27.\nfunc (b box) show[T any](f func(any) T) T { return f(b.v) }\n\nfunc main() { fmt.Println(box{2}.show(func(x any) string { return fmt.Sprint(x) })) }\n"
	scenarios := []scenario{
		{"go1.22 module, " + oldGo + " on PATH", "module example.com/m\n\ngo 1.22\n", hello, goBin},
		{"go1.22 module, " + newGo + " on PATH", "module example.com/m\n\ngo 1.22\n", hello, filepath.Join(newRoot, "bin")},
		{"go1.27 generic method, " + newGo + " on PATH", "module example.com/m\n\ngo 1.27\n", generic, filepath.Join(newRoot, "bin")},
	}

	var table []string
	disagree := 0
	for _, sc := range scenarios {
		for i, tl := range tools {
			name := fmt.Sprintf("%s %s built with %s, %s", tl.name, tl.version, tl.builtBy, sc.name)
			t.Run(name, func(t *testing.T) {
				proj := t.TempDir()
				for file, data := range map[string]string{"go.mod": sc.gomod, "main.go": sc.main} {
					if err := os.WriteFile(filepath.Join(proj, file), []byte(data), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				home := testHome(t)
				gopath := t.TempDir()
				env := map[string]string{
					"HOME": home, "GOPATH": gopath, "GOBIN": "", "GOFLAGS": "", "GOTOOLCHAIN": "local", "GOWORK": "",
					"PATH":                dirs[i] + string(os.PathListSeparator) + sc.goBin,
					"GOLANGCI_LINT_CACHE": filepath.Join(home, "golangci-lint"),
				}
				for _, kv := range caches[:2] {
					k, v, _ := strings.Cut(kv, "=")
					env[k] = v
				}
				for k, v := range env {
					t.Setenv(k, v)
				}
				failed, out := realToolFails(t, tl.name, filepath.Join(dirs[i], tl.name), proj)
				r := checktest.Run(t, tl.c, facts.System{}, facts.Options{Dir: proj})
				if r.Err != nil {
					t.Fatalf("check failed: %v", r.Err)
				}
				var verdict []string
				for _, fd := range r.Findings {
					if fd.Severity >= check.Warning {
						verdict = append(verdict, "["+fd.Severity.String()+"] "+fd.Summary)
					}
				}
				predicted := len(verdict) > 0
				row := fmt.Sprintf("%-70s real: %-5s godx: %-5s", name, word(failed), word(predicted))
				if failed != predicted {
					disagree++
					row += "  DISAGREE"
					t.Errorf("%s: the tool %s, godx says %s\ntool output:\n%s\ngodx:\n%s", name, word(failed), word(predicted), out, testText(r))
				}
				table = append(table, row)
			})
		}
	}
	t.Logf("%d of %d verdicts agree with the real tools:\n%s", len(table)-disagree, len(table), strings.Join(table, "\n"))
}

func word(fails bool) string {
	if fails {
		return "fails"
	}
	return "works"
}

// realToolFails runs one tool the way a developer does in proj and says
// whether it failed: staticcheck and golangci-lint on a module with
// nothing to report must exit 0 and print no problem; gopls check must
// print no diagnostic; dlv must build the program, run it to the end and
// quit.
func realToolFails(t *testing.T, name, bin, proj string) (bool, string) {
	t.Helper()
	var args []string
	switch name {
	case "staticcheck":
		args = []string{"./..."}
	case "golangci-lint":
		args = []string{"run", "./..."}
	case "gopls":
		args = []string{"check", filepath.Join(proj, "main.go")}
	case "dlv":
		// Build, start, run to the end and quit, with no terminal.
		initFile := filepath.Join(t.TempDir(), "init.dlv")
		if err := os.WriteFile(initFile, []byte("continue\nexit\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		args = []string{"debug", "--allow-non-terminal-interactive=true", "--init", initFile, "."}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*checktest.TestCommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = proj
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	text := out.String()
	if ctx.Err() != nil {
		t.Fatalf("%s did not finish within %s:\n%s", name, 2*checktest.TestCommandTimeout, text)
	}
	if name == "gopls" {
		// gopls check prints one line per diagnostic.
		return err != nil || strings.TrimSpace(text) != "", text
	}
	return err != nil, text
}

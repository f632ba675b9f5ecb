package module

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

// FuzzGoMod runs module/gomod on an arbitrary go.mod and go.work and
// holds what it says against the real go command (when it is go1.26, the
// version the fake machine reports): a go.mod godx finds clean loads, and
// for one it reports, `go list -m` fails with exactly the lines godx
// quotes. Without a go command only godx's own promises are checked: no
// panic, every parse error reported with a line of the file.
//
//	go test -run '^$' -fuzz FuzzGoMod -parallel 1 ./internal/checks/module
func FuzzGoMod(f *testing.F) {
	for _, s := range []struct{ mod, work string }{
		{"module example.com/m\n\ngo 1.26\n\ntoolchain go1.26.8\n", ""},
		{"module example.com/m\ngo 1.26\nrequire (\n  foo\n)\nbogus line\n", ""},
		{"\xef\xbb\xbfmodule example.com/m\n", "\xef\xbb\xbfgo 1.26\nuse ./a\n"},
		{"go 1.26\n", "go 1.26\nuse (\n  .\n  ./b\n)\nreplace x => ../y\n"},
		{"module example.com/m\n\ngo 1.99\n\nfrobnicate x\n", "go 1.99\n"},
		{"module \"example.com/m\" // c\ngo 1.21rc1\nignore ./x\ntool example.com/t\ngodebug default=go1.21\nretract [v1.0.0, v1.1.0]\nexclude x v1.0.0\n", ""},
		{"m\xff\x00dule\n", "use\n"},
		{"module m\ngo 1.26.0.0\n", ""},
		{"module m\ntoolchain go1.99\n", ""},
	} {
		f.Add(s.mod, s.work)
	}
	goBin := fuzzRealGo(f)
	f.Fuzz(func(t *testing.T, gomod, gowork string) {
		env := []string{"GOMOD=/work/go.mod"}
		if gowork != "" {
			env = append(env, "GOWORK=/work/go.work")
		}
		fake := testMachine(t, env...).File("/work/go.mod", gomod)
		if gowork != "" {
			fake.File("/work/go.work", gowork)
		}
		r := checktest.Run(t, GoMod, fake, facts.Options{})
		if r.Err != nil || r.SkipReason != "" {
			t.Fatalf("err %v, skip %q", r.Err, r.SkipReason)
		}
		var modFinding *check.Finding
		for i, fd := range r.Findings {
			file := checktest.Evidence(fd.Evidence, "file")
			data := gomod
			if file == "/work/go.work" {
				data = gowork
			} else if file != "/work/go.mod" {
				t.Fatalf("finding about %q: %s", file, fd.Summary)
			}
			if l := checktest.Evidence(fd.Evidence, "line"); l != "" {
				if n, err := strconv.Atoi(l); err != nil || n < 1 || n > strings.Count(data, "\n")+1 {
					t.Fatalf("line %s of a %d-line file: %s", l, strings.Count(data, "\n")+1, fd.Summary)
				}
			}
			if file == "/work/go.mod" {
				modFinding = &r.Findings[i]
			}
		}
		if _, err := modfile.Parse("go.mod", []byte(gomod), nil); err == nil && modFinding != nil && !strings.Contains(modFinding.Summary, "no module line") {
			t.Fatalf("go.mod parses, yet: %s", modFinding.Summary)
		}
		if _, err := modfile.ParseWork("go.work", []byte(gowork), nil); gowork != "" && err != nil && len(r.Findings) == 0 {
			t.Fatalf("go.work does not parse (%v), yet no finding", err)
		}
		if goBin == "" {
			return
		}

		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(goBin, "list", "-m")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOENV=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOWORK=off", "GOPROXY=off", "GONOSUMDB=", "GOSUMDB=off")
		out, err := cmd.CombinedOutput()
		got := string(out)
		switch {
		case modFinding == nil:
			if strings.Contains(got, "go.mod") && (strings.Contains(got, "errors parsing") || strings.Contains(got, "missing module declaration")) {
				t.Fatalf("godx finds go.mod clean, the go command says:\n%s", got)
			}
		case strings.Contains(modFinding.Summary, "no module line"):
			if !strings.Contains(got, "go: error reading go.mod: missing module declaration") {
				t.Fatalf("godx: %s\nthe go command says (%v):\n%s", modFinding.Summary, err, got)
			}
		default:
			for _, line := range strings.Split(modFinding.Detail, "\n") {
				if q, ok := strings.CutPrefix(line, "  "); ok && (strings.HasPrefix(q, "go.mod:") || strings.HasPrefix(q, "go: ")) {
					if !strings.Contains(got, q+"\n") {
						t.Fatalf("godx quotes %q, the go command says (%v):\n%s", q, err, got)
					}
				}
			}
		}
	})
}

// fuzzRealGo is the go command on PATH when it is go1.26 (the version
// testMachine's fake reports), else "".
func fuzzRealGo(f *testing.F) string {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return ""
	}
	cmd := exec.Command(goBin, "env", "GOVERSION")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOENV=off")
	out, err := cmd.Output()
	if err != nil || !strings.HasPrefix(string(out), "go1.26") {
		f.Logf("no go1.26 on PATH (%s): not comparing with the go command", out)
		return ""
	}
	return goBin
}

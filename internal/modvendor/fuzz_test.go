package modvendor

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/godx-dev/godx/internal/goversion"
)

// FuzzInconsistencies reads an arbitrary vendor/modules.txt against a
// go.mod made from it (mask picks which of its modules are required and
// which of its replacements are repeated in go.mod; extra is appended as
// more go.mod lines when they parse) and compares the lines with those
// the real go command prints under "go: inconsistent vendoring"
// (`go list -mod=vendor`), in order: none when it builds. Without a
// go1.26 on PATH only "no panic" is checked.
//
//	go test -run '^$' -fuzz FuzzInconsistencies -parallel 1 ./internal/modvendor
func FuzzInconsistencies(f *testing.F) {
	for _, s := range []struct {
		txt   string
		mask  uint64
		extra string
	}{
		{"# example.com/dep v1.0.0 => ../dep\n## explicit; go 1.26\nexample.com/dep\n# example.com/dep => ../dep\n", 3, ""},
		{"# example.com/dep v1.0.0 => ../other\nexample.com/dep\n# example.com/old v0.1.0\n## explicit\nexample.com/old\n", 0b0110, "replace example.com/dep => ../dep\n"},
		{"# x.org/a v1.2.0 => x.org/c v1.0.0\n## explicit;go 1.20\nx.org/a\n# x.org/a v1.1.0\n## explicit\nx.org/a/sub\n# x.org/b v0.1.0\n##explicit\n", 0b101011, "require x.org/b v0.1.0 // indirect\n"},
		{"# x.org/a v1.0.0\n## explicit\nx.org/a\n# x.org/a v0.9.0\n## explicit\nx.org/a/b\n# x.org/a v1.0.0\n", 1, ""},
		{"\n#  x.org/a   v1.0.0  \r\n## explicit \r\nx.org/a\r\n", ^uint64(0), "go 1.13\n"},
	} {
		f.Add(s.txt, s.mask, s.extra)
	}
	goBin := fuzzRealGo(f)
	f.Fuzz(func(t *testing.T, modulesTxt string, mask uint64, extra string) {
		var mod strings.Builder
		mod.WriteString("module example.com/m\n\ngo 1.22\n")
		bit := 0
		for _, line := range strings.Split(modulesTxt, "\n") {
			fs := strings.Fields(line)
			if len(fs) < 3 || fs[0] != "#" || !semver.IsValid(fs[2]) || module.CheckPath(fs[1]) != nil {
				continue
			}
			if mask&(1<<(bit%64)) != 0 {
				fmt.Fprintf(&mod, "require %s %s\n", fs[1], fs[2])
			}
			if mask&(1<<((bit+1)%64)) != 0 && len(fs) >= 5 && fs[3] == "=>" {
				fmt.Fprintf(&mod, "replace %s %s => %s\n", fs[1], fs[2], strings.Join(fs[4:], " "))
			}
			bit += 2
		}
		gomod := mod.String()
		m, err := modfile.Parse("go.mod", []byte(gomod+extra), nil)
		if err == nil {
			gomod += extra
		} else if m, err = modfile.Parse("go.mod", []byte(gomod), nil); err != nil {
			return
		}
		lines := Inconsistencies(m, Parse([]byte(modulesTxt)), "go.mod")
		ForWorkspace([]byte(modulesTxt))
		// The go command's own rules the comparison leaves out: it needs a
		// module line, relaxes the check before go 1.14 (the caller skips
		// those) and refuses a go line newer than itself.
		if goBin == "" || m.Module == nil || m.Go != nil && (goversion.Compare(m.Go.Version, "1.14") < 0 || goversion.Compare(m.Go.Version, "1.26.0") > 0) {
			return
		}
		dir := t.TempDir()
		for name, data := range map[string]string{"go.mod": gomod, "vendor/modules.txt": modulesTxt, "main.go": "package main\n\nfunc main() {}\n"} {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command(goBin, "list", "-mod=vendor", ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOENV=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GOWORK=off", "GOPROXY=off")
		out, err := cmd.CombinedOutput()
		var want []string
		if err != nil {
			_, rest, ok := strings.Cut(string(out), "go: inconsistent vendoring in "+dir+":\n")
			if !ok {
				return // it failed for another reason
			}
			for _, l := range strings.Split(rest, "\n") {
				l, ok := strings.CutPrefix(l, "\t")
				if !ok {
					break
				}
				want = append(want, l)
			}
		}
		if !slices.Equal(lines, want) {
			t.Fatalf("godx finds\n\t%s\nthe go command (%v):\n%s", strings.Join(lines, "\n\t"), err, out)
		}
	})
}

// fuzzRealGo is the go command on PATH when it is go1.26, else "".
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

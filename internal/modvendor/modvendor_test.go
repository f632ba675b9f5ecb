package modvendor

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

const depMod = "module example.com/m\n\ngo 1.26\n\nrequire example.com/dep v1.0.0\n\nreplace example.com/dep => ../dep\n"

func parseMod(t *testing.T, data string) *modfile.File {
	t.Helper()
	m, err := modfile.Parse("go.mod", []byte(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestInconsistencies(t *testing.T) {
	good := "# example.com/dep v1.0.0 => ../dep\n## explicit; go 1.26\nexample.com/dep\n# example.com/dep => ../dep\n"
	for _, c := range []struct {
		name, modules string
		want          []string
	}{
		{"consistent", good, nil},
		{"no modules.txt", "", []string{
			"example.com/dep@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt",
			"example.com/dep: is replaced in go.mod, but not marked as replaced in vendor/modules.txt",
		}},
		{"not explicit", strings.Replace(good, "## explicit; go 1.26", "## go 1.26", 1), []string{
			"example.com/dep@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt",
		}},
		{"explicit but not required", good + "# example.com/old v0.1.0\n## explicit\nexample.com/old\n", []string{
			"example.com/old@v0.1.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod",
		}},
		{"other replacement", "# example.com/dep v1.0.0 => ../other\n## explicit; go 1.26\nexample.com/dep\n# example.com/dep => ../other\n", []string{
			"example.com/dep: is replaced by ../dep in go.mod, but marked as replaced by ../other in vendor/modules.txt",
		}},
		{"replaced only in vendor", good + "# example.com/x v1.2.0 => example.com/y v1.3.0\nexample.com/x\n", []string{
			"example.com/x@v1.2.0: is marked as replaced in vendor/modules.txt, but not replaced in go.mod",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Inconsistencies(parseMod(t, depMod), Parse([]byte(c.modules)), "go.mod")
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
	if got := Inconsistencies(parseMod(t, "module m\n"), nil, "go.mod"); len(got) != 0 {
		t.Errorf("no requirements, no modules.txt: %q", got)
	}
}

func TestUsedByDefault(t *testing.T) {
	for _, c := range []struct {
		goLine    string
		vendor    bool
		modules   string // vendor/modules.txt ("" for none)
		workspace bool
		want      bool
	}{
		{"1.26", true, "", false, true},
		{"1.26", true, "# example.com/dep v1.0.0\n## explicit\nexample.com/dep\n", false, true},
		{"1.26", false, "", false, false},
		{"", true, "", false, false}, // no go line: "unspecified, so vendor directory was not used"
		{"1.13", true, "", false, false},
		{"1.14", true, "", false, true},
		{"1.26", true, "## workspace\n", false, false},
		{"1.26", true, "## workspace\n", true, true},
		{"1.26", true, "", true, false},
	} {
		m := factstest.NewMachine(t).Linux()
		if c.vendor {
			m.Dir("/work/vendor")
		}
		if c.modules != "" {
			m.File("/work/vendor/modules.txt", c.modules)
		}
		f, err := facts.New(context.Background(), m, facts.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := UsedByDefault(f, "/work", c.goLine, c.workspace); got != c.want {
			t.Errorf("%+v: UsedByDefault = %v, want %v", c, got, c.want)
		}
	}
}

func TestForWorkspace(t *testing.T) {
	for data, want := range map[string]bool{
		"": false, "## workspace\n": true, "## explicit; workspace\n# x v1.0.0\n": true,
		"# x v1.0.0\n## workspace\n": false, "##workspace\n": false,
	} {
		if got := ForWorkspace([]byte(data)); got != want {
			t.Errorf("ForWorkspace(%q) = %v, want %v", data, got, want)
		}
	}
}

// TestInconsistenciesRealGo compares the lines with those of the go
// command on PATH.
func TestInconsistenciesRealGo(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("m/go.mod", depMod)
	write("m/main.go", "package main\n\nfunc main() {}\n")
	write("dep/go.mod", "module example.com/dep\n\ngo 1.26\n")
	modules := "# example.com/dep v1.0.0 => ../other\nexample.com/dep\n# example.com/old v0.1.0\n## explicit\nexample.com/old\n"
	write("m/vendor/modules.txt", modules)

	cmd := exec.Command(goBin, "list", "-mod=vendor", ".")
	cmd.Dir = filepath.Join(dir, "m")
	cmd.Env = append(os.Environ(), "GOENV=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go list accepted an inconsistent vendor directory:\n%s", out)
	}
	want := Inconsistencies(parseMod(t, depMod), Parse([]byte(modules)), "go.mod")
	if len(want) == 0 {
		t.Fatal("no inconsistencies found")
	}
	for _, line := range want {
		if !strings.Contains(string(out), "\t"+line+"\n") {
			t.Errorf("the go command does not print %q:\n%s", line, out)
		}
	}
}

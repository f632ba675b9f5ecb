package textfix_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/textfix"
)

func TestRewritesArePureAndIdempotent(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rewrite  func([]byte) ([]byte, error)
		in, want string
	}{
		{"strip BOM", textfix.StripBOM, textfix.BOM + "package p\n", "package p\n"},
		{"strip only the leading BOM", textfix.StripBOM, textfix.BOM + "x\ufeffy", "x\ufeffy"},
		{"no BOM", textfix.StripBOM, "package p\n", "package p\n"},
		{"doubled BOM", textfix.StripBOM, textfix.BOM + textfix.BOM + "p", "p"},
		{"CRLF", textfix.CRLFToLF, "package p\r\n\r\nconst S = `a\r\nb`\r\n", "package p\n\nconst S = `a\nb`\n"},
		{"mixed", textfix.CRLFToLF, "a\r\nb\nc\r\n", "a\nb\nc\n"},
		{"lone CR kept", textfix.CRLFToLF, "a\rb\n", "a\rb\n"},
		{"CR CR LF", textfix.CRLFToLF, "a\r\r\nb\r", "a\nb\r"},
		{"empty", textfix.CRLFToLF, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.in)
			keep := bytes.Clone(in)
			out, err := tc.rewrite(in)
			if err != nil || string(out) != tc.want {
				t.Fatalf("rewrite(%q) = %q, %v; want %q", tc.in, out, err, tc.want)
			}
			if !bytes.Equal(in, keep) {
				t.Errorf("rewrite changed its input")
			}
			if tc.in == tc.want && len(in) > 0 && &out[0] != &in[0] {
				t.Errorf("nothing to do must return the input itself")
			}
			if again, _ := tc.rewrite(out); !bytes.Equal(again, out) || (len(out) > 0 && &again[0] != &out[0]) {
				t.Errorf("not idempotent: %q -> %q", out, again)
			}
		})
	}
}

func TestToUTF8Fix(t *testing.T) {
	for _, c := range []struct{ goos, path, from, want string }{
		{"linux", "/work/go.mod", "", "tail -c +4 /work/go.mod > /work/go.mod.tmp && mv /work/go.mod.tmp /work/go.mod"},
		{"linux", "/work/my dir/gen.go", "UTF-16LE", "iconv -f UTF-16LE -t UTF-8 '/work/my dir/gen.go' > '/work/my dir/gen.go.tmp' && mv '/work/my dir/gen.go.tmp' '/work/my dir/gen.go'"},
		{"darwin", "/Users/o'neil/$HOME/go.sum", "", `tail -c +4 '/Users/o'\''neil/$HOME/go.sum' > '/Users/o'\''neil/$HOME/go.sum.tmp' && mv '/Users/o'\''neil/$HOME/go.sum.tmp' '/Users/o'\''neil/$HOME/go.sum'`},
		{"windows", `C:\work\go.sum`, "", `[IO.File]::WriteAllText('C:\work\go.sum', (Get-Content -Raw 'C:\work\go.sum'))`},
		{"windows", `C:\Users\o'neil\$x\go.mod`, "UTF-16", `[IO.File]::WriteAllText('C:\Users\o''neil\$x\go.mod', (Get-Content -Raw 'C:\Users\o''neil\$x\go.mod'))`},
	} {
		fix := textfix.ToUTF8Fix(c.goos, c.path, "Convert it.", c.from)
		if len(fix.Commands) != 1 || fix.Commands[0] != c.want {
			t.Errorf("%s %q %q:\n got %q\nwant %q", c.goos, c.path, c.from, fix.Commands, c.want)
		}
		if !strings.HasPrefix(fix.Description, "Convert it.") {
			t.Errorf("description %q", fix.Description)
		}
	}
}

// TestToUTF8Fix_RealShell runs the POSIX commands in sh on a file with a
// hostile name and checks the bytes that come out.
func TestToUTF8Fix_RealShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, c := range []struct{ from, in string }{
		{"", textfix.BOM + "module m\n"},
		{"UTF-16LE", "m\x00o\x00d\x00\n\x00"},
	} {
		if c.from != "" {
			if _, err := exec.LookPath("iconv"); err != nil {
				continue
			}
		}
		p := filepath.Join(t.TempDir(), "it's a $dir `x`", "go.mod")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, []byte(c.in), 0o644)
		fix := textfix.ToUTF8Fix("linux", p, "", c.from)
		if out, err := exec.Command(sh, "-c", fix.Commands[0]).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", fix.Commands[0], err, out)
		}
		got, _ := os.ReadFile(p)
		want := "module m\n"
		if c.from != "" {
			want = "mod\n"
		}
		if string(got) != want {
			t.Errorf("%q after %s: %q, want %q", c.in, fix.Commands[0], got, want)
		}
	}
}

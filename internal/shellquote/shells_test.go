package shellquote

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// realShell is an installed shell the quoters are checked against: a
// quoted word, run by that shell, must reproduce the exact bytes.
type realShell struct {
	name    string
	dialect Shell
	path    string   // binary; the subtest is skipped when it is missing
	args    []string // run a command string given as the next argument
	stdin   []string // run a script read from stdin, like pasted lines
}

var realShells = []realShell{
	{"bash", POSIXShell, "bash", []string{"--norc", "--noprofile", "-c"}, []string{"--norc", "--noprofile", "-s"}},
	{"zsh", POSIXShell, "/usr/bin/zsh", []string{"-f", "-c"}, []string{"-f", "-s"}},
	{"dash", POSIXShell, "dash", []string{"-c"}, []string{"-s"}},
	{"fish", FishShell, "/usr/bin/fish", []string{"--no-config", "-c"}, []string{"--no-config"}},
}

func (sh realShell) lookPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath(sh.path)
	if err != nil {
		t.Skipf("%s is not installed", sh.path)
	}
	return p
}

// run runs script with a fixed environment (the locale decides how fish
// decodes bytes that are not UTF-8) and returns its standard output.
func (sh realShell) run(t *testing.T, bin string, locale, home, script string, viaStdin bool) []byte {
	t.Helper()
	var cmd *exec.Cmd
	if viaStdin {
		cmd = exec.Command(bin, sh.stdin...)
		cmd.Stdin = strings.NewReader(script)
	} else {
		cmd = exec.Command(bin, append(sh.args, script)...)
	}
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "LC_ALL=" + locale, "TERM=dumb"}
	// Files that live glob characters (* ? [x]) would match.
	cmd.Dir = t.TempDir()
	for _, name := range []string{"x", "ab", "it's"} {
		if err := os.WriteFile(filepath.Join(cmd.Dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Errorf("%s: %v\nscript: %q\nstderr: %s", sh.name, err, script, stderr.Bytes())
	}
	return out
}

func TestRealShells_PrintfReproducesTheValue(t *testing.T) {
	for _, sh := range realShells {
		t.Run(sh.name, func(t *testing.T) {
			bin := sh.lookPath(t)
			home := t.TempDir()
			for _, v := range hostile {
				q := Quote(sh.dialect, v)
				if out := sh.run(t, bin, "C.UTF-8", home, "printf '%s' "+q, false); string(out) != v {
					t.Errorf("%s: printf '%%s' %s printed %q, want %q", sh.name, q, out, v)
				}
			}
		})
	}
}

// TestRealShells_PastedScript feeds all values at once on standard input
// (as pasted lines are read), in the C locale, where every byte above
// 0x7f is invalid.
func TestRealShells_PastedScript(t *testing.T) {
	const sep = "\x1e--\x1e"
	for _, sh := range realShells {
		t.Run(sh.name, func(t *testing.T) {
			bin := sh.lookPath(t)
			var script strings.Builder
			for _, v := range hostile {
				script.WriteString("printf '%s' " + Quote(sh.dialect, v) + " " + Quote(sh.dialect, sep) + "\n")
			}
			for _, locale := range []string{"C", "C.UTF-8"} {
				out := sh.run(t, bin, locale, t.TempDir(), script.String(), true)
				got := strings.Split(string(out), sep)
				if len(got) != len(hostile)+1 {
					t.Errorf("%s (LC_ALL=%s): printed %d values, want %d: %q", sh.name, locale, len(got)-1, len(hostile), out)
					continue
				}
				for i, v := range hostile {
					if got[i] != v {
						t.Errorf("%s (LC_ALL=%s): %s printed %q, want %q", sh.name, locale, Quote(sh.dialect, v), got[i], v)
					}
				}
			}
		})
	}
}

func TestRealShells_Join(t *testing.T) {
	for _, sh := range realShells {
		t.Run(sh.name, func(t *testing.T) {
			bin := sh.lookPath(t)
			var want strings.Builder
			for _, v := range hostile {
				want.WriteString("[" + v + "]")
			}
			if out := sh.run(t, bin, "C.UTF-8", t.TempDir(), "printf '[%s]' "+Join(sh.dialect, hostile...), false); string(out) != want.String() {
				t.Errorf("%s: Join printed %q\nwant %q", sh.name, out, want.String())
			}
		})
	}
}

// TestRealShells_InDoubleQuotes checks the double-quoted words of startup
// files and PATH commands: $HOME expands (to an awkward value here), and
// the rest is literal.
func TestRealShells_InDoubleQuotes(t *testing.T) {
	for _, sh := range realShells {
		t.Run(sh.name, func(t *testing.T) {
			bin := sh.lookPath(t)
			home := filepath.Join(t.TempDir(), `h o'm"e $x`)
			for _, v := range hostile {
				w := `"$HOME/` + InDoubleQuotes(sh.dialect, v) + `"`
				for _, viaStdin := range []bool{false, true} {
					if out := sh.run(t, bin, "C.UTF-8", home, "printf '%s' "+w, viaStdin); string(out) != home+"/"+v {
						t.Errorf("%s: printf '%%s' %s printed %q, want %q", sh.name, w, out, home+"/"+v)
					}
				}
				w = `"` + InDoubleQuotes(sh.dialect, v) + `:$HOME"`
				if out := sh.run(t, bin, "C.UTF-8", home, "printf '%s' "+w, false); string(out) != v+":"+home {
					t.Errorf("%s: printf '%%s' %s printed %q, want %q", sh.name, w, out, v+":"+home)
				}
			}
		})
	}
}

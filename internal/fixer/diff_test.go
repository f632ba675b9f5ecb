package fixer

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestUnified_Examples(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"change in the middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
			"--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"},
		{"append to empty", "", "x\ny\n", "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n"},
		{"no newline at end", "a\nb", "a\nb\n",
			"--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{"crlf to lf", "a\r\nb\r\n", "a\nb\n", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n-a\r\n-b\r\n+a\n+b\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ny\n",
			"--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+y\n"},
	} {
		if got := Unified("a", "b", []byte(tc.old), []byte(tc.new)); got != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
	}
}

// patch applies a unified diff produced by Unified to old.
func patch(t *testing.T, old, diff string) string {
	t.Helper()
	a := splitLines([]byte(old))
	var out []string
	next := 0 // next unconsumed line of a
	lines := strings.SplitAfter(diff, "\n")
	for i := 2; i < len(lines) && lines[i] != ""; i++ {
		l := lines[i]
		if strings.HasPrefix(l, "@@ ") {
			var os, on, ns, nn int
			hdr := strings.Fields(l)
			os, on = parseRange(t, hdr[1][1:])
			ns, nn = parseRange(t, hdr[2][1:])
			_, _ = ns, nn
			start := os - 1
			if on == 0 {
				start = os
			}
			out = append(out, a[next:start]...)
			next = start
			continue
		}
		body := l[1:]
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], `\ No newline`) {
			body = strings.TrimSuffix(body, "\n")
			i++
		}
		switch l[0] {
		case ' ':
			if a[next] != body {
				t.Fatalf("context mismatch at line %d: %q vs %q", next+1, a[next], body)
			}
			out = append(out, body)
			next++
		case '-':
			if a[next] != body {
				t.Fatalf("delete mismatch at line %d: %q vs %q", next+1, a[next], body)
			}
			next++
		case '+':
			out = append(out, body)
		default:
			t.Fatalf("bad diff line %q", l)
		}
	}
	out = append(out, a[next:]...)
	return strings.Join(out, "")
}

func parseRange(t *testing.T, s string) (int, int) {
	start, n, ok := strings.Cut(s, ",")
	a, err := strconv.Atoi(start)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return a, 1
	}
	b, err := strconv.Atoi(n)
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(string(rune('a' + r.IntN(4))))
		if r.IntN(10) == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	s := b.String()
	if r.IntN(4) == 0 && len(s) > 0 {
		s = s[:len(s)-1]
	}
	return s
}

// lcs is the length of the longest common subsequence of lines, the
// yardstick for a minimal diff.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev = cur
	}
	return prev[len(b)]
}

func TestUnified_RandomRoundTripAndMinimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		old, new := randomText(r, r.IntN(30)), randomText(r, r.IntN(30))
		d := Unified("a", "b", []byte(old), []byte(new))
		if old == new {
			if d != "" {
				t.Fatalf("equal texts gave a diff")
			}
			continue
		}
		if got := patch(t, old, d); got != new {
			t.Fatalf("case %d: patch(old, diff) != new\nold %q\nnew %q\ndiff:\n%s\ngot %q", i, old, new, d, got)
		}
		a, b := splitLines([]byte(old)), splitLines([]byte(new))
		changes := 0
		for _, o := range diffLines(a, b) {
			if o.kind != ' ' {
				changes++
			}
		}
		if want := len(a) + len(b) - 2*lcs(a, b); changes != want {
			t.Fatalf("case %d: %d changed lines, minimal is %d", i, changes, want)
		}
	}
}

func TestUnified_LargeRewriteIsBounded(t *testing.T) {
	var old, new strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&old, "line %d\r\n", i)
		fmt.Fprintf(&new, "line %d\n", i)
	}
	d := Unified("a", "b", []byte(old.String()), []byte(new.String()))
	if got := patch(t, old.String(), d); got != new.String() {
		t.Fatal("large diff does not apply")
	}
}

// TestUnified_PatchAccepts checks the format with the real patch(1).
func TestUnified_PatchAccepts(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("no patch command")
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 20 {
		old, new := randomText(r, 40), randomText(r, 40)
		dir := t.TempDir()
		f := filepath.Join(dir, "f")
		if err := os.WriteFile(f, []byte(old), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("patch", "--binary", "-s", f)
		cmd.Stdin = strings.NewReader(Unified("f", "f", []byte(old), []byte(new)))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("case %d: patch: %v\n%s", i, err, out)
		}
		got, _ := os.ReadFile(f)
		if string(got) != new {
			t.Fatalf("case %d: patch result differs", i)
		}
	}
}

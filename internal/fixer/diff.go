package fixer

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/godx-dev/godx/internal/printable"
)

// diffContext is the number of unchanged lines shown around a change.
const diffContext = 3

// diffMaxEdit bounds the Myers search: when two texts differ in more than
// this many lines (a whole file converted from CRLF to LF, say), the rest
// is shown as one replaced block. The diff stays correct, only not minimal.
const diffMaxEdit = 1000

// Unified returns a unified diff (diff -u format, 3 lines of context)
// turning old into new, or "" when they are equal. Lines keep their line
// endings, so a CRLF -> LF change shows up as changed lines; a last line
// without a newline is marked "\ No newline at end of file".
func Unified(oldName, newName string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	ops := diffLines(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops) {
		writeHunk(&out, h, a, b)
	}
	return out.String()
}

// splitLines splits after each '\n'; the last element has no '\n' when
// the text does not end with one.
func splitLines(b []byte) []string {
	var lines []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			lines = append(lines, string(b))
			break
		}
		lines = append(lines, string(b[:i+1]))
		b = b[i+1:]
	}
	return lines
}

// op is one line of an edit script: ' ' keep, '-' delete, '+' insert;
// i and j are the line's index in a (for ' ', '-') and b (for ' ', '+').
type op struct {
	kind byte
	i, j int
}

// diffLines is a line edit script from a to b: common prefix and suffix
// trimmed, the middle by Myers' O(ND) algorithm (bounded by diffMaxEdit).
func diffLines(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for k := 0; k < pre; k++ {
		ops = append(ops, op{' ', k, k})
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf], pre, pre)...)
	for k := suf; k > 0; k-- {
		ops = append(ops, op{' ', len(a) - k, len(b) - k})
	}
	return ops
}

// myers computes a shortest edit script of a to b (offsets ai, bj are
// added to the indexes), or a plain "delete all, insert all" when the
// texts differ in more than diffMaxEdit lines.
func myers(a, b []string, ai, bj int) []op {
	n, m := len(a), len(b)
	limit := min(n+m, diffMaxEdit)
	off := limit + 1
	v := make([]int, 2*limit+3)
	// trace[d] is the window v[off-d-1 : off+d+2] before step d: all that
	// step d reads, so the trace grows with d², not d·(n+m).
	var trace [][]int
	found := -1
	for d := 0; d <= limit && found < 0; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
				break
			}
		}
	}
	if found < 0 {
		ops := make([]op, 0, n+m)
		for i := range n {
			ops = append(ops, op{'-', ai + i, bj})
		}
		for j := range m {
			ops = append(ops, op{'+', ai + n, bj + j})
		}
		return ops
	}
	// Walk back through the saved frontiers (trace[d] is v before step d).
	var rev []op
	x, y := n, m
	for d := found; d > 0; d-- {
		w := trace[d]
		at := func(k int) int { return w[k+d+1] }
		k := x - y
		var prevK int
		if k == -d || k != d && at(k-1) < at(k+1) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, op{' ', ai + x, bj + y})
		}
		if x == prevX {
			y--
			rev = append(rev, op{'+', ai + x, bj + y})
		} else {
			x--
			rev = append(rev, op{'-', ai + x, bj + y})
		}
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, op{' ', ai + x, bj + y})
	}
	ops := make([]op, len(rev))
	for i := range rev {
		ops[i] = rev[len(rev)-1-i]
	}
	return ops
}

// hunks groups an edit script into hunks: each change with up to
// diffContext unchanged lines around it, merging changes that are close.
func hunks(ops []op) [][]op {
	var out [][]op
	i := 0
	for i < len(ops) {
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(0, i-diffContext)
		// Extend while the next change is within 2*context unchanged lines.
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*diffContext {
				end = min(end+diffContext, len(ops))
				break
			}
			end = run
		}
		out = append(out, ops[start:end])
		i = end
	}
	return out
}

func writeHunk(out *strings.Builder, h []op, a, b []string) {
	oldStart, newStart := h[0].i, h[0].j
	oldN, newN := 0, 0
	for _, o := range h {
		switch o.kind {
		case ' ':
			oldN++
			newN++
		case '-':
			oldN++
		case '+':
			newN++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(oldStart, oldN), hunkRange(newStart, newN))
	for _, o := range h {
		var line string
		switch o.kind {
		case ' ', '-':
			line = a[o.i]
		case '+':
			line = b[o.j]
		}
		out.WriteByte(o.kind)
		out.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange is "start,count" in diff -u's convention: 1-based, and for an
// empty range the line before it.
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// WriteDiff prints a diff (of Unified) for a user, each line after
// indent, with invisible bytes shown: a carriage return before the
// newline as ^M, a byte order mark as <BOM> (with a line saying so), any
// other control character escaped by printable.Text. color marks added,
// removed and hunk lines with ANSI colours.
func WriteDiff(w io.Writer, diff, indent string, color bool) {
	shown := false
	for _, line := range strings.SplitAfter(diff, "\n") {
		if line == "" {
			continue
		}
		text := strings.TrimSuffix(line, "\n")
		if strings.HasSuffix(text, "\r") {
			text = strings.TrimSuffix(text, "\r") + "^M"
			shown = true
		}
		if strings.Contains(text, "\ufeff") {
			text = strings.ReplaceAll(text, "\ufeff", "<BOM>")
			shown = true
		}
		text = printable.Text(text)
		if color {
			switch {
			case strings.HasPrefix(text, "+") && !strings.HasPrefix(text, "+++"):
				text = "\x1b[32m" + text + "\x1b[0m"
			case strings.HasPrefix(text, "-") && !strings.HasPrefix(text, "---"):
				text = "\x1b[31m" + text + "\x1b[0m"
			case strings.HasPrefix(text, "@@"):
				text = "\x1b[36m" + text + "\x1b[0m"
			}
		}
		fmt.Fprintf(w, "%s%s\n", indent, text)
	}
	if shown {
		fmt.Fprintf(w, "%s(^M marks a carriage return, <BOM> a byte order mark)\n", indent)
	}
}

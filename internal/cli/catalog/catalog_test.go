package catalog

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/godx-dev/godx/internal/checks"
)

// Every check's explain text is complete and readable: all sections, prose
// wrapped to the width, the quoted Go errors verbatim.
func TestExplainEveryCheck(t *testing.T) {
	for _, c := range checks.All() {
		out := Explain(c)
		for _, section := range []string{"What it looks at", "Why it matters", "How it decides", "How to fix"} {
			if !strings.Contains(out, "\n"+section+"\n") {
				t.Errorf("%s: no %q section", c.ID, section)
			}
		}
		errs := map[string]bool{}
		for _, e := range c.Doc.Errors {
			for _, l := range strings.Split(e, "\n") {
				errs["  "+l] = true
			}
			if !strings.Contains(out, strings.ReplaceAll(e, "\n", "\n  ")) {
				t.Errorf("%s: error text not verbatim: %q", c.ID, e)
			}
		}
		for _, l := range strings.Split(out, "\n") {
			if utf8.RuneCountInString(l) > explainWidth && !errs[l] && strings.Contains(strings.TrimSpace(l), " ") {
				t.Errorf("%s: line longer than %d columns: %q", c.ID, explainWidth, l)
			}
		}
	}
}

func TestWrap(t *testing.T) {
	got := wrap("aaa bbb ccc "+strings.Repeat("x", 20)+" d", "  ", 12)
	want := "  aaa bbb\n  ccc\n  " + strings.Repeat("x", 20) + "\n  d\n"
	if got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
	if got := wrap("", "  ", 10); got != "\n" {
		t.Errorf("empty: %q", got)
	}
}

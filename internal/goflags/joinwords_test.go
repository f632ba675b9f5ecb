package goflags

import (
	"slices"
	"strings"
	"testing"
)

func TestJoinWords(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"-mod=mod", "-trimpath"}, "-mod=mod -trimpath"},
		{[]string{"-ldflags=-X main.v=1", "-v"}, "'-ldflags=-X main.v=1' -v"},
		{[]string{`-ldflags=-X 'main.v=a b'`}, `"-ldflags=-X 'main.v=a b'"`},
		{[]string{"", "x"}, "'' x"},
		{[]string{"'x", `"y`, `a'b"c`}, `"'x" '"y' a'b"c`},
	} {
		got, err := JoinWords(tc.words...)
		if err != nil || got != tc.want {
			t.Errorf("JoinWords(%q) = %s, %v; want %s", tc.words, got, err, tc.want)
		}
	}
	var words []string
	for _, v := range []string{
		"plain", "", "two words", "tab\there", "new\nline", "it's", `say "hi"`, `both ' and "`,
		"$HOME", "`id`", `back\slash`, "'leading", `"leading`, "\xff\xfe", "’",
	} {
		if strings.ContainsAny(v, " \t\n\r") && strings.Contains(v, "'") && strings.Contains(v, `"`) {
			if _, err := JoinWords(v); err == nil {
				t.Errorf("JoinWords(%q): want an error", v)
			}
			continue
		}
		words = append(words, v)
	}
	joined, err := JoinWords(words...)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := SplitWords(joined); err != nil || !slices.Equal(got, words) {
		t.Errorf("SplitWords(JoinWords(…)) = %q\nwant %q", got, words)
	}
}

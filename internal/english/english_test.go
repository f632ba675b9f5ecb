package english

import "testing"

func TestPluralAndCount(t *testing.T) {
	for _, tc := range []struct {
		n             int
		plural, count string
	}{
		{0, "files", "0 files"},
		{1, "file", "1 file"},
		{2, "files", "2 files"},
		{-1, "files", "-1 files"},
	} {
		if got := Plural(tc.n, "file", "files"); got != tc.plural {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.plural)
		}
		if got := Count(tc.n, "file", "files"); got != tc.count {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.count)
		}
	}
}

func TestList(t *testing.T) {
	for _, tc := range []struct {
		items []string
		want  string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c"}, "a, b and c"},
	} {
		if got := List(tc.items); got != tc.want {
			t.Errorf("List(%q) = %q, want %q", tc.items, got, tc.want)
		}
	}
}

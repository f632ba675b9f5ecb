package iostreams

import "testing"

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestColorWanted(t *testing.T) {
	for _, tc := range []struct {
		tty  bool
		env  map[string]string
		want bool
	}{
		{true, nil, true},
		{false, nil, false},
		{true, map[string]string{"NO_COLOR": "1"}, false},
		{true, map[string]string{"TERM": "dumb"}, false},
		{false, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{true, map[string]string{"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, false},
	} {
		if got := ColorWanted(tc.tty, env(tc.env)); got != tc.want {
			t.Errorf("tty=%v env=%v: %v, want %v", tc.tty, tc.env, got, tc.want)
		}
	}
}

func TestUnicodeWanted(t *testing.T) {
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want bool
	}{
		{"linux", map[string]string{"LANG": "en_US.UTF-8"}, true},
		{"linux", map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "C"}, false},
		{"linux", map[string]string{"LC_CTYPE": "C.utf8"}, true},
		{"linux", nil, false},
		{"linux", map[string]string{"LANG": "C.UTF-8", "GODX_ASCII": "1"}, false},
		{"windows", nil, false},
		{"windows", map[string]string{"WT_SESSION": "x"}, true},
	} {
		if got := UnicodeWanted(tc.goos, env(tc.env)); got != tc.want {
			t.Errorf("%s %v: %v, want %v", tc.goos, tc.env, got, tc.want)
		}
	}
}

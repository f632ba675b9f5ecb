package goreleases

import (
	"strings"
	"testing"
)

const toolchainList = `v0.0.1-go1.26.9.linux-amd64
v0.0.1-go1.26.9.windows-amd64
v0.0.1-go1.27.5.linux-amd64
v0.0.1-go1.28rc1.linux-amd64
v0.0.1-go1.28.0.linux-amd64
v0.0.1-go1.28.1.darwin-arm64
v0.0.1-go1.29rc1.linux-amd64
v0.0.1-go1.9beta2.linux-amd64
v0.0.1-go1.20.linux-amd64
garbage line
`

func TestFirstProxy(t *testing.T) {
	abs := func(p string) bool { return strings.HasPrefix(p, "/") }
	for _, tc := range []struct{ in, want string }{
		{"https://proxy.example.invalid,direct", "https://proxy.example.invalid"},
		{" , https://a.example.invalid|https://b.example.invalid", "https://a.example.invalid"},
		{"proxy.example.invalid", "https://proxy.example.invalid"},
		{"file:///srv/proxy", "file:///srv/proxy"},
		{"http://localhost:3000", "http://localhost:3000"},
		{"direct", ""},
		{"off", ""},
		{"off,https://proxy.example.invalid", ""},
		{"direct|https://proxy.example.invalid", ""},
		{"", ""},
		{"ftp://proxy.example.invalid", ""},
	} {
		got, why := FirstProxy(tc.in, abs)
		if got != tc.want || (got == "" && why == "") {
			t.Errorf("FirstProxy(%q) = %q, %q; want %q", tc.in, got, why, tc.want)
		}
	}
}

func TestParseList(t *testing.T) {
	got := ParseList([]byte(toolchainList))
	want := "go1.20 go1.26.9 go1.27.5 go1.28.0 go1.28.1"
	if strings.Join(got, " ") != want {
		t.Errorf("parsed %v, want %s", got, want)
	}
}

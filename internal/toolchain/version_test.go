package toolchain_test

import (
	"testing"

	"github.com/godx-dev/godx/internal/toolchain"
)

func TestParseName(t *testing.T) {
	for in, want := range map[string]string{
		"1.22.5": "go1.22.5", "go1.22.5": "go1.22.5", "1.22": "go1.22", "1.23rc1": "go1.23rc1",
		"go1.9beta2": "go1.9beta2", " 1.21.0 ": "go1.21.0", "1.2.2": "go1.2.2",
	} {
		if got, err := toolchain.ParseName(in); err != nil || got != want {
			t.Errorf("ParseName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "go", "1", "2.0.0", "1.22.05", "01.22", "1.22.5-bigcorp", "1.22.5/..", "../1.22", "1.22.5.linux-amd64",
		"go1.22.5\x00", "tip", "1.22rc0", "1.22.5rc1x", "1.22\n.5"} {
		if got, err := toolchain.ParseName(bad); err == nil {
			t.Errorf("ParseName(%q) = %q, want an error", bad, got)
		}
	}
}

func TestModVersion(t *testing.T) {
	v, err := toolchain.ModVersion("go1.22.5", "linux", "amd64")
	if err != nil || v != "v0.0.1-go1.22.5.linux-amd64" {
		t.Errorf("ModVersion = %q, %v", v, err)
	}
	for _, bad := range [][3]string{{"go1.22.5/..", "linux", "amd64"}, {"go1.22.5", "../x", "amd64"}, {"go1.22.5", "linux", "AMD64"}, {"1.22.5", "linux", "amd64"}} {
		if _, err := toolchain.ModVersion(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("ModVersion(%q) succeeded", bad)
		}
	}
	name, goos, goarch, ok := toolchain.ParseModVersion("v0.0.1-go1.23rc1.darwin-arm64")
	if !ok || name != "go1.23rc1" || goos != "darwin" || goarch != "arm64" {
		t.Errorf("ParseModVersion = %q %q %q %v", name, goos, goarch, ok)
	}
	for _, bad := range []string{"v0.0.1-go1.22.5", "v0.0.2-go1.22.5.linux-amd64", "v0.0.1-go1.22.5.linux", "v0.0.1-../x.linux-amd64"} {
		if _, _, _, ok := toolchain.ParseModVersion(bad); ok {
			t.Errorf("ParseModVersion(%q) ok", bad)
		}
	}
}

func TestSelect(t *testing.T) {
	for _, c := range []struct {
		value, kind, goLine, tcLine string
		want                        string
		local                       bool
	}{
		{"", "go.mod", "1.30", "", "go1.26.8", true}, // unset: never switches
		{"local", "go.mod", "1.30", "", "go1.26.8", true},
		{"auto", "", "", "", "go1.26.8", true},
		{"auto", "go.mod", "1.22", "", "go1.26.8", true},
		{"auto", "go.mod", "1.27", "", "go1.27.0", false}, // a language version means .0
		{"auto", "go.mod", "1.27.2", "go1.27.5", "go1.27.5", false},
		{"auto", "go.mod", "1.28rc1", "go1.27.5", "go1.28rc1", false},
		{"go1.25.3", "go.mod", "1.30", "", "go1.25.3", false}, // no +auto: pinned
		{"go1.27.1+auto", "go.mod", "1.22", "", "go1.27.1", false},
		{"go1.27.1+auto", "go.mod", "1.22", "default", "go1.27.1", false},
		{"path", "go.work", "1.29.0", "", "go1.29.0", false},
		{"go1.26.8+auto", "", "", "", "go1.26.8", true},
	} {
		got, err := toolchain.Select(c.value, "go1.26.8", c.kind, c.goLine, c.tcLine)
		if err != nil || got.Name != c.want || got.Local != c.local {
			t.Errorf("Select(%q, %s go %s toolchain %s) = %+v, %v; want %s local=%v", c.value, c.kind, c.goLine, c.tcLine, got, err, c.want, c.local)
		}
	}
	for _, bad := range []string{"x", "local+x", "go1.x+auto", "1.22.5"} {
		if _, err := toolchain.Select(bad, "go1.26.8", "", "", ""); err == nil {
			t.Errorf("Select(%q) accepted", bad)
		}
	}
}

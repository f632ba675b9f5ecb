package toolchain

import (
	"strings"
	"testing"
)

func TestDistroLocation(t *testing.T) {
	for p, want := range map[string]string{
		"/usr/lib/go-1.22":                       "distribution package",
		"/usr/lib/go":                            "distribution package",
		"/usr/lib/golang":                        "Fedora",
		"/usr/local/Cellar/go/1.22.5/libexec":    "Homebrew",
		"/opt/homebrew/Cellar/go/1.22.5/libexec": "Homebrew",
		"/nix/store/abc-go-1.22.5/share/go":      "Nix",
		"/usr/local/go":                          "",
		"/home/me/sdk/go1.22.5":                  "",
		"/usr/lib/gopher":                        "",
	} {
		got := distroLocation("linux", p)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("distroLocation(%s) = %q, want %q", p, got, want)
		}
	}
	if distroLocation("freebsd", "/usr/local/go") == "" {
		t.Error("FreeBSD's /usr/local/go is the ports build")
	}
}

package goproxy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/goproxy"
)

func unixAbs(p string) bool { return strings.HasPrefix(p, "/") }

// entries writes a parsed list back compactly: URL, then | for fallback.
func entries(list []goproxy.Entry) string {
	var parts []string
	for _, e := range list {
		s := e.URL
		if e.Fallback {
			s += "|"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestParse(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://proxy.golang.org,direct", "https://proxy.golang.org direct"},
		{" https://a.example | https://b.example , off", "https://a.example| https://b.example off"},
		{"proxy.example", "https://proxy.example"},                 // a bare host means https
		{"localhost:3000", "https://localhost:3000"},               // so does host:port
		{"http://localhost:3000", "http://localhost:3000"},         // a full URL stays
		{"file:///srv/proxy", "file:///srv/proxy"},                 // a file:// URL stays
		{"direct,https://ignored.example", "direct"},               // direct ends the list
		{"off|https://ignored.example", "off"},                     // so does off
		{",,https://a.example,", "https://a.example"},              // empty entries are skipped
		{"https://a.example|direct", "https://a.example| direct"},  // '|' before direct
		{"https://a.example,ftp://late.example,direct", "(error)"}, // a bad entry anywhere refuses the list
	} {
		list, err := goproxy.Parse(tc.in, unixAbs)
		got := entries(list)
		if err != nil {
			got = "(error)"
		}
		if got != tc.want {
			t.Errorf("Parse(%q) = %q (err %v), want %q", tc.in, got, err, tc.want)
		}
	}
}

// The errors are the go command's own words, so that godx quotes what
// the user sees.
func TestParse_Errors(t *testing.T) {
	for in, want := range map[string]string{
		",":                            "GOPROXY list is not the empty string, but contains no entries",
		"  |  ":                        "GOPROXY list is not the empty string, but contains no entries",
		"ftp://mirror.example":         "invalid proxy URL scheme (must be https, http, file): ftp://mirror.example",
		"file://host/srv/proxy":        "invalid file:// proxy URL with non-path elements: file://host/srv/proxy",
		"https://me:secret@%zz":        `parse "https://me:secret@%zz": invalid URL escape "%zz"`,
		"proxy":                        "invalid proxy URL missing scheme: proxy",
		"https://a.example,gopher://x": "invalid proxy URL scheme (must be https, http, file): gopher://x",
		"mailto:x":                     `parse "https://mailto:x": invalid port ":x" after host`, // has ':' but not ":/": a host
	} {
		_, err := goproxy.Parse(in, unixAbs)
		if err == nil || err.Error() != want {
			t.Errorf("Parse(%q) error %v, want %q", in, err, want)
		}
	}
	_, err := goproxy.Parse(",", unixAbs)
	if !errors.Is(err, goproxy.ErrNoEntries) {
		t.Errorf("empty list: %v is not ErrNoEntries", err)
	}
	_, err = goproxy.Parse("ftp://mirror.example", unixAbs)
	var ee *goproxy.EntryError
	if !errors.As(err, &ee) || ee.URL != "ftp://mirror.example" {
		t.Errorf("bad entry: %#v", err)
	}
}

// An absolute path of the inspected OS is not a bare host: the go command
// adds no https:// to it (and then refuses it, since it is no URL).
func TestParse_AbsolutePathIsNotAHost(t *testing.T) {
	winAbs := func(p string) bool { return len(p) > 2 && p[1] == ':' }
	for in, abs := range map[string]func(string) bool{`C:\proxy`: winAbs, "/srv/proxy": unixAbs} {
		_, err := goproxy.Parse(in, abs)
		var ee *goproxy.EntryError
		if !errors.As(err, &ee) || ee.URL != in {
			t.Errorf("Parse(%q): %v", in, err)
		}
	}
}

func TestEntryString(t *testing.T) {
	list, err := goproxy.Parse("https://me:secret@a.example|direct", unixAbs)
	if err != nil {
		t.Fatal(err)
	}
	if got := list[0].String(); got != "https://me:xxxxx@a.example" {
		t.Errorf("String() = %q", got)
	}
	if got := list[1].String(); got != "direct" {
		t.Errorf("String() = %q", got)
	}
}

func TestWithFallback(t *testing.T) {
	list, err := goproxy.Parse("a.example, b.example|c.example,direct", unixAbs)
	if err != nil {
		t.Fatal(err)
	}
	if got := goproxy.WithFallback(list, list[0]); got != "a.example|b.example|c.example,direct" {
		t.Errorf("after the first: %q", got)
	}
	if got := goproxy.WithFallback(list, list[2]); got != "a.example,b.example|c.example|direct" {
		t.Errorf("after the third: %q", got)
	}
}

func TestJoin(t *testing.T) {
	if got := goproxy.Join("https://p.example/base/", "golang.org/x/mod/@v/list"); got != "https://p.example/base/golang.org/x/mod/@v/list" {
		t.Error(got)
	}
}

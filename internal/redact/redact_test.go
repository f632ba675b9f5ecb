package redact_test

import (
	"testing"

	"github.com/godx-dev/godx/internal/redact"
)

func TestPasswords(t *testing.T) {
	for in, want := range map[string]string{
		"https://me:secret@proxy.example/x":                         "https://me:xxxxx@proxy.example/x",
		"https://a:1@p1.example,https://b:2@p2.example|direct":      "https://a:xxxxx@p1.example,https://b:xxxxx@p2.example|direct",
		`Get "https://me:s3cr%40t@proxy.example/@v/list": EOF`:      `Get "https://me:xxxxx@proxy.example/@v/list": EOF`,
		"GOPROXY=https://token@proxy.example":                       "GOPROXY=https://token@proxy.example", // no password
		"https://proxy.example/me:secret@x":                         "https://proxy.example/me:secret@x",   // in the path, not the userinfo
		"no url at all: a:b@c":                                      "no url at all: a:b@c",
		"https://me:@proxy.example":                                 "https://me:xxxxx@proxy.example",
		"file:///srv/proxy,https://u:p@q.example 'https://v:w@r.x'": "file:///srv/proxy,https://u:xxxxx@q.example 'https://v:xxxxx@r.x'",
	} {
		if got := redact.Passwords(in); got != want {
			t.Errorf("Passwords(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://me:secret@proxy.example/x": "https://me:xxxxx@proxy.example/x",
		"https://me:a,b'c@proxy.example/x":  "https://me:xxxxx@proxy.example/x", // Passwords would stop at ','
		"https://token@proxy.example/x":     "https://token@proxy.example/x",
		"https://proxy.example/x":           "https://proxy.example/x",
		"direct":                            "direct",
		"https://me:secret@host/%zz":        "https://me:xxxxx@host/%zz", // not a URL: scanned like text
	} {
		if got := redact.URL(in); got != want {
			t.Errorf("URL(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

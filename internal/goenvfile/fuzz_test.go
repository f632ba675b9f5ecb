package goenvfile_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goenvfile"
)

// FuzzLines attacks the two readers of go env files with arbitrary bytes:
// Lines must describe every line cmd/go reads exactly as
// facts.ParseEnvFile (the user's file, where a later line wins) and
// facts.ParseGorootEnvFile ($GOROOT/go.env, where the first one wins)
// read it, and give each line back as written.
//
//	go test -run '^$' -fuzz FuzzLines -parallel 1 ./internal/goenvfile
func FuzzLines(f *testing.F) {
	for _, s := range []string{
		"",
		"GOPROXY=https://proxy.example\r\nGOFLAGS=-mod=mod\n",
		"# comment\n\n  GOPATH=/x\nexport GOBIN=/b\ngobin=/c\nNOEQUALS\n",
		"GOPROXY=first\nGOPROXY=second\n",
		"=x\nA=\nB==\n\x00=\nZ\xff=\xfe\r",
		"GOSUMDB=\"off\"\n\n\n#GOPROXY=x\nGOTOOLCHAIN=local",
		"\r\n\t\n \n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := goenvfile.Lines(data)
		last, first := map[string]string{}, map[string]string{}
		n := 0
		for _, l := range lines {
			if l.N <= n {
				t.Fatalf("line numbers not increasing: %d after %d", l.N, n)
			}
			n = l.N
			if strings.Contains(l.Text, "\n") {
				t.Fatalf("line %d holds a newline: %q", l.N, l.Text)
			}
			if strings.TrimSpace(l.Text) == "" || strings.HasPrefix(strings.TrimSpace(l.Text), "#") {
				t.Fatalf("line %d is blank or a comment, yet listed: %q", l.N, l.Text)
			}
			used := l.Text[0] >= 'A' && l.Text[0] <= 'Z' && strings.Contains(l.Text, "=")
			if l.Used != used {
				t.Fatalf("line %d %q: Used=%v, cmd/go uses it: %v", l.N, l.Text, l.Used, used)
			}
			if !l.Used {
				if l.Key != "" || l.Value != "" {
					t.Fatalf("skipped line %d has a key or value: %+v", l.N, l)
				}
				continue
			}
			if strings.Contains(l.Key, "=") || l.Key+"="+l.Value != l.Text {
				t.Fatalf("line %d %q split as %q = %q", l.N, l.Text, l.Key, l.Value)
			}
			last[l.Key] = l.Value
			if _, ok := first[l.Key]; !ok {
				first[l.Key] = l.Value
			}
		}
		if n > strings.Count(string(data), "\n")+1 {
			t.Fatalf("line %d of a %d-line file", n, strings.Count(string(data), "\n")+1)
		}
		if got := facts.ParseEnvFile(data); !maps.Equal(got, last) {
			t.Fatalf("ParseEnvFile = %q, the lines give %q", got, last)
		}
		if got := facts.ParseGorootEnvFile(data); !maps.Equal(got, first) {
			t.Fatalf("ParseGorootEnvFile = %q, the lines give %q", got, first)
		}
	})
}

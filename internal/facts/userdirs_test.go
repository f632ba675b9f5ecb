package facts_test

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func userdirsFacts(t *testing.T, goos string, env ...string) *facts.Facts {
	t.Helper()
	o := factstest.New()
	o.OSName = goos
	o.Env = env
	f, err := facts.New(context.Background(), o, facts.Options{Dir: "/"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestUserHomeDir(t *testing.T) {
	for _, c := range []struct {
		goos string
		env  []string
		want string
	}{
		{"linux", []string{"HOME=/home/u/"}, "/home/u"},
		{"linux", nil, ""},
		{"linux", []string{"HOME=relative"}, ""},
		{"darwin", []string{"HOME=/Users/u", "USERPROFILE=/x"}, "/Users/u"},
		{"windows", []string{`USERPROFILE=C:\Users\u`, "HOME=/home/u"}, `C:\Users\u`},
		{"windows", []string{"USERPROFILE=C:/Users/u/"}, `C:\Users\u`},
		{"windows", []string{"HOME=C:/Users/u"}, ""},
	} {
		if got := userdirsFacts(t, c.goos, c.env...).UserHomeDir(); got != c.want {
			t.Errorf("%s %q: UserHomeDir = %q, want %q", c.goos, c.env, got, c.want)
		}
	}
}

func TestTempDir(t *testing.T) {
	for _, c := range []struct {
		goos string
		env  []string
		want string
	}{
		{"linux", nil, "/tmp"},
		{"linux", []string{"TMPDIR=/var/tmp/me/"}, "/var/tmp/me"},
		{"darwin", []string{"TMPDIR=/var/folders/xy/T/"}, "/var/folders/xy/T"},
		{"windows", []string{`TEMP=C:\Temp`, `TMP=D:\tmp`}, `D:\tmp`},
		{"windows", []string{`TEMP=C:\Temp`}, `C:\Temp`},
		{"windows", []string{`USERPROFILE=C:\Users\u`}, `C:\Users\u`},
		{"windows", nil, ""},
	} {
		if got := userdirsFacts(t, c.goos, c.env...).TempDir(); got != c.want {
			t.Errorf("%s %q: TempDir = %q, want %q", c.goos, c.env, got, c.want)
		}
	}
}

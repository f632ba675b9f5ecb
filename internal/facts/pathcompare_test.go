package facts_test

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func pathcompareFacts(t *testing.T, goos string) *facts.Facts {
	t.Helper()
	o := factstest.New()
	o.OSName = goos
	if goos == "windows" {
		o.Wd = "C:/work"
		o.AddDir("C:/work")
	}
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestPathCompareCleanAndParent(t *testing.T) {
	lin := pathcompareFacts(t, "linux")
	win := pathcompareFacts(t, "windows")
	for _, tc := range []struct {
		f                 *facts.Facts
		in, clean, parent string
	}{
		{lin, "/home/u//go/./bin/", "/home/u/go/bin", "/home/u/go"},
		{lin, "/go", "/go", "/"},
		{win, `C:/Users/u/go/bin/`, `C:\Users\u\go\bin`, `C:\Users\u\go`},
		{win, `C:\Go`, `C:\Go`, `C:\`},
		{win, `\\server\share\go\`, `\\server\share\go`, `\\server\share`},
	} {
		if got := tc.f.CleanPath(tc.in); got != tc.clean {
			t.Errorf("%s CleanPath(%q) = %q, want %q", tc.f.GOOS(), tc.in, got, tc.clean)
		}
		if got := tc.f.ParentDir(tc.in); got != tc.parent {
			t.Errorf("%s ParentDir(%q) = %q, want %q", tc.f.GOOS(), tc.in, got, tc.parent)
		}
	}
}

func TestPathCompareSameAndWithin(t *testing.T) {
	lin := pathcompareFacts(t, "linux")
	win := pathcompareFacts(t, "windows")
	for _, tc := range []struct {
		f            *facts.Facts
		a, b         string
		same, within bool
	}{
		{lin, "/home/u/go/bin/", "/home/u/go/bin", true, true},
		{lin, "/Home/u/go", "/home/u/go", false, false}, // Linux is case-sensitive
		{lin, "/usr/local/go/gopath", "/usr/local/go", false, true},
		{lin, "/usr/local/gopath", "/usr/local/go", false, false},
		{win, `c:\users\U\GO\BIN\`, `C:/Users/u/go/bin`, true, true},
		{win, `C:\Go\gopath`, `c:\go`, false, true},
	} {
		if got := tc.f.SamePath(tc.a, tc.b); got != tc.same {
			t.Errorf("%s SamePath(%q, %q) = %v", tc.f.GOOS(), tc.a, tc.b, got)
		}
		if got := tc.f.PathWithin(tc.a, tc.b); got != tc.within {
			t.Errorf("%s PathWithin(%q, %q) = %v", tc.f.GOOS(), tc.a, tc.b, got)
		}
	}
}

func TestExplicitGoSettingReadsEnvThenEnvFile(t *testing.T) {
	o := factstest.New()
	o.Setenv("HOME", "/home/u")
	o.AddFile("/home/u/.config/go/env", "GOROOT=/opt/go\nGOPATH=~/gp\n", 0)
	o.Setenv("GOPATH", "/env/gp")
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := f.ExplicitGoSetting("GOPATH"); !ok || d.Source != facts.FromEnvironment || d.Value != "/env/gp" {
		t.Errorf("GOPATH = %+v, %v", d, ok)
	}
	if d, ok := f.ExplicitGoSetting("GOROOT"); !ok || d.Source != facts.FromEnvFile || d.Value != "/opt/go" || d.Origin != "/home/u/.config/go/env" {
		t.Errorf("GOROOT = %+v, %v", d, ok)
	}
	if _, ok := f.ExplicitGoSetting("GOBIN"); ok {
		t.Error("GOBIN is not set anywhere")
	}
}

func TestRelPathAndBaseName(t *testing.T) {
	for _, tc := range []struct {
		goos, base, target, want string
	}{
		{"linux", "/work/cmd/x", "/work", "../.."},
		{"linux", "/work", "/work/a/b", "a/b"},
		{"linux", "/work", "/work", "."},
		{"linux", "/", "/etc", "etc"},
		{"linux", "/a/b", "/c", "../../c"},
		{"windows", `C:\work\cmd\x`, `c:\Work`, `..\..`},
		{"windows", `C:\work`, `C:/work/a/b/`, `a\b`},
		{"windows", `C:\work`, `D:\work`, ""},
		{"linux", "work", "/work", ""},
	} {
		f := pathcompareFacts(t, tc.goos)
		got, err := f.RelPath(tc.base, tc.target)
		if got != tc.want || (err != nil) != (tc.want == "") {
			t.Errorf("%s RelPath(%q, %q) = %q, %v; want %q", tc.goos, tc.base, tc.target, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ goos, p, want string }{
		{"linux", "/a/b.txt", "b.txt"}, {"linux", "/", "/"}, {"windows", `C:\a\go.mod`, "go.mod"},
		{"windows", "C:/a/env", "env"}, {"windows", `C:\`, `C:\`},
	} {
		if got := pathcompareFacts(t, tc.goos).BaseName(tc.p); got != tc.want {
			t.Errorf("%s BaseName(%q) = %q, want %q", tc.goos, tc.p, got, tc.want)
		}
	}
}

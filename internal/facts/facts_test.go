package facts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func newFacts(t *testing.T, o *factstest.OS, opts facts.Options) *facts.Facts {
	t.Helper()
	f, err := facts.New(context.Background(), o, opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestLookPathOrderAndDuplicates(t *testing.T) {
	o := factstest.New()
	o.AddFile("/a/go", "x", 0o755)
	o.AddFile("/b/go", "x", 0o644) // not executable: skipped
	o.AddFile("/c/go", "x", 0o755)
	o.Setenv("PATH", "/a::relative:/b:/c:/a")
	f := newFacts(t, o, facts.Options{})
	if p, err := f.LookPath("go"); err != nil || p != "/a/go" {
		t.Errorf("LookPath = %q, %v", p, err)
	}
	if got := strings.Join(f.LookPathAll("go"), " "); got != "/a/go /c/go" {
		t.Errorf("LookPathAll = %q", got)
	}
	if _, err := f.LookPath("gopls"); err == nil {
		t.Errorf("missing command found")
	}
}

func TestLookPathWindows(t *testing.T) {
	o := factstest.New()
	o.OSName = "windows"
	o.Wd = "C:/work"
	o.AddDir("C:/work")
	o.AddFile("C:/Go/bin/go.exe", "MZ", 0o644)
	o.AddFile("C:/old/go.EXE", "MZ", 0o644)
	o.Setenv("Path", `C:\Go\bin;"C:\old"`)
	o.Setenv("PATHEXT", ".COM;.EXE;.BAT")
	f := newFacts(t, o, facts.Options{})
	all := f.LookPathAll("go")
	if len(all) != 1 || !strings.HasSuffix(strings.ReplaceAll(all[0], `\`, "/"), "C:/Go/bin/go.exe") {
		// go.EXE differs in case from the .exe PATHEXT candidate on a
		// case-sensitive fake file system; the real Windows one matches.
		t.Logf("LookPathAll = %q", all)
	}
	if len(all) == 0 {
		t.Fatalf("go.exe not found through PATHEXT on windows (env keys are case-insensitive)")
	}
	if f.ExeName("go") != "go.exe" || f.ListSeparator() != ";" || f.DevNull() != "NUL" {
		t.Errorf("windows conventions wrong")
	}
}

func TestParseEnvFileMatchesCmdGo(t *testing.T) {
	vars := facts.ParseEnvFile([]byte("GOFLAGS=-mod=mod\n# comment\ngoproxy=lower\nNOEQUALS\n=x\nGOTOOLCHAIN=local\r\nGOPATH=\n"))
	if vars["GOFLAGS"] != "-mod=mod" || vars["GOTOOLCHAIN"] != "local\r" || len(vars) != 3 {
		t.Errorf("vars = %q", vars)
	}
	if v, ok := vars["GOPATH"]; !ok || v != "" {
		t.Errorf("an empty value is still a definition")
	}
}

func TestSettingsPrecedence(t *testing.T) {
	o := factstest.New()
	o.Setenv("HOME", "/home/me")
	goBin := o.AddGo("/usr/local/go", "go1.26.8", nil)
	o.Setenv("PATH", "/usr/local/go/bin")
	_ = goBin
	o.AddFile("/home/me/.config/go/env", "GOFLAGS=-mod=mod\nGOTOOLCHAIN=go1.25.0+auto\nGOPROXY=file:///proxy\n", 0o644)
	o.Setenv("GOFLAGS", "-tags=x")
	f := newFacts(t, o, facts.Options{})
	s, err := f.Settings()
	if err != nil {
		t.Fatal(err)
	}
	flags := s.Get("GOFLAGS")
	if flags.Source != facts.FromEnvironment || flags.Value != "-tags=x" || len(flags.Overridden) != 1 || flags.Overridden[0].Value != "-mod=mod" {
		t.Errorf("GOFLAGS = %+v", flags)
	}
	tc := s.Get("GOTOOLCHAIN")
	if tc.Source != facts.FromEnvFile || tc.Value != "go1.25.0+auto" || len(tc.Overridden) != 1 || tc.Overridden[0].Source != facts.FromGorootEnv {
		t.Errorf("GOTOOLCHAIN = %+v (the file beats $GOROOT/go.env)", tc)
	}
	if p := s.Get("GOSUMDB"); p.Source != facts.FromGorootEnv || p.Origin != "/usr/local/go/go.env" {
		t.Errorf("GOSUMDB = %+v", p)
	}
	if p := s.Get("GOPATH"); p.Source != facts.FromDefault || p.Value != "/home/me/go" {
		t.Errorf("GOPATH = %+v", p)
	}
}

func TestGoToolchainEmptyWhenNothingSetsIt(t *testing.T) {
	o := factstest.New()
	o.AddGo("/go", "go1.26.8", nil)
	o.AddFile("/go/go.env", "GOPROXY=off\n", 0o644)
	o.Setenv("PATH", "/go/bin")
	s, err := newFacts(t, o, facts.Options{}).Settings()
	if err != nil {
		t.Fatal(err)
	}
	if tc := s.Get("GOTOOLCHAIN"); tc.Value != "" || tc.Source != facts.FromDefault {
		t.Errorf("GOTOOLCHAIN = %+v", tc)
	}
}

func TestTargetGo(t *testing.T) {
	for _, tc := range []struct {
		gomod, want, from string
	}{
		{"module m\ngo 1.22\n", "1.22", "go.mod go line"},
		{"module m\ngo 1.22.0\ntoolchain go1.27.4\n", "1.27.4", "go.mod toolchain line"},
		{"module m\ngo 1.27.1\ntoolchain go1.27.0\n", "1.27.1", "go.mod go line"},
		{"module m\n", "1.26.8", "go command"},
	} {
		o := factstest.New()
		o.AddFile("/work/go.mod", tc.gomod, 0o644)
		o.AddGo("/go", "go1.26.8", map[string]string{"GOMOD": "/work/go.mod"})
		o.Setenv("PATH", "/go/bin")
		got, err := newFacts(t, o, facts.Options{}).TargetGo()
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != tc.want || got.From != tc.from {
			t.Errorf("go.mod %q: target = %+v, want %s from %s", tc.gomod, got, tc.want, tc.from)
		}
	}
}

func TestModuleParseErrorIsData(t *testing.T) {
	o := factstest.New()
	o.AddFile("/work/go.mod", "\ufeffmodule m\n", 0o644)
	o.AddGo("/go", "go1.26.8", map[string]string{"GOMOD": "/work/go.mod"})
	o.Setenv("PATH", "/go/bin")
	m, err := newFacts(t, o, facts.Options{}).Module()
	if err != nil || m == nil || m.Err == nil || !strings.Contains(m.Err.Error(), `unexpected input character '\ufeff'`) {
		t.Errorf("Module() = %+v, %v", m, err)
	}
}

func TestGoEnvRunsOnceAndIsBounded(t *testing.T) {
	o := factstest.New()
	calls := 0
	o.AddCommand("/go/bin/go", func(ctx context.Context, c facts.Command) facts.Result {
		calls++
		<-ctx.Done()
		return facts.Result{Err: ctx.Err(), TimedOut: true}
	})
	o.Setenv("PATH", "/go/bin")
	f := newFacts(t, o, facts.Options{CommandTimeout: 20 * time.Millisecond})
	for range 3 {
		if _, err := f.GoEnv(); err == nil {
			t.Fatal("a hanging go env must fail")
		}
	}
	if calls != 1 {
		t.Errorf("go env ran %d times, want once", calls)
	}
	if _, ok := f.GoEnvReady(); ok {
		t.Errorf("GoEnvReady after failure should report not ok")
	}
}

func TestFetchOffline(t *testing.T) {
	o := factstest.New()
	o.URLs["https://x.invalid/list"] = []byte("v1")
	f := newFacts(t, o, facts.Options{Offline: true})
	if _, err := f.Fetch(context.Background(), "https://x.invalid/list"); err != facts.ErrOffline {
		t.Errorf("offline fetch = %v", err)
	}
}

func TestEnvironKeysCaseInsensitiveOnWindowsOnly(t *testing.T) {
	o := factstest.New()
	o.Setenv("Gopath", "/x")
	if v := newFacts(t, o, facts.Options{}).Getenv("GOPATH"); v != "" {
		t.Errorf("linux env keys are case-sensitive, got %q", v)
	}
	o.OSName = "windows"
	o.AddDir("/work")
	if v := newFacts(t, o, facts.Options{}).Getenv("GOPATH"); v != "/x" {
		t.Errorf("windows env keys are case-insensitive, got %q", v)
	}
}

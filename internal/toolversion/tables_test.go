package toolversion

import (
	"runtime/debug"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/modversion"
)

func TestDelveTable(t *testing.T) {
	for _, tc := range []struct {
		v             string
		min, max      int
		exact, known  bool
		bestFor       int
		bestForResult string
	}{
		{"v1.26.3", 24, 26, true, true, 22, "v1.25.2"},
		{"v1.26.4", 24, 26, false, true, 26, "v1.27.2"},
		{"1.25.0", 21, 24, true, true, 27, "v1.27.2"},
		{"v1.8.2", 16, 18, true, true, 17, "v1.9.1"},
		{"v1.28.0", 0, 0, false, false, 30, ""},
		{"v1.3.0", 0, 0, false, false, 11, "v1.4.0"},
		{"(devel)", 0, 0, false, false, 10, ""},
	} {
		r, exact, known := DelveLookup(tc.v)
		if known != tc.known || exact != tc.exact || (known && (r.Min != tc.min || r.Max != tc.max)) {
			t.Errorf("%s: got %+v exact=%v known=%v", tc.v, r, exact, known)
		}
		if got := DelveBest(tc.bestFor); got != tc.bestForResult {
			t.Errorf("best for 1.%d = %q, want %q", tc.bestFor, got, tc.bestForResult)
		}
	}
	// Rows are ordered and do not overlap.
	for i := 1; i < len(delveTable); i++ {
		if modversion.Compare(delveTable[i].From, delveTable[i-1].To) <= 0 {
			t.Errorf("row %d overlaps the previous one", i)
		}
	}
	if DelveOldest() != "v1.4.0" || DelveNewest() != "v1.27.2" {
		t.Errorf("table spans %s..%s", DelveOldest(), DelveNewest())
	}
}

func TestDelveVersionIn(t *testing.T) {
	bin := func(info *debug.BuildInfo) facts.ToolBinary { return facts.ToolBinary{Name: "dlv", Info: info} }
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"release", &debug.BuildInfo{Main: debug.Module{Path: DelveModule, Version: "v1.26.3"}}, "v1.26.3"},
		{"no version recorded", &debug.BuildInfo{Main: debug.Module{Path: DelveModule}}, "(devel)"},
		{"built around Delve", &debug.BuildInfo{Main: debug.Module{Path: "example.com/wrap"}, Deps: []*debug.Module{{Path: DelveModule, Version: "v1.25.0"}}}, "v1.25.0"},
		{"Delve replaced by a directory", &debug.BuildInfo{Main: debug.Module{Path: "example.com/wrap"}, Deps: []*debug.Module{{Path: DelveModule, Version: "v1.25.0", Replace: &debug.Module{Path: "../delve"}}}}, "(devel)"},
		{"not Delve", &debug.BuildInfo{Main: debug.Module{Path: "example.com/wrap", Version: "v1.0.0"}}, ""},
		{"no build information", nil, ""},
	} {
		if got := DelveVersionIn(bin(tc.info)); got != tc.want {
			t.Errorf("%s: DelveVersionIn = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestGoplsTable(t *testing.T) {
	for i := 1; i < len(goplsReleases); i++ {
		if modversion.Compare(goplsReleases[i].Version, goplsReleases[i-1].Version) <= 0 {
			t.Errorf("row %d is out of order", i)
		}
	}
	for _, tc := range []struct {
		v              string
		row            string
		oldest, newest int
	}{
		{"v0.14.2", "v0.0.0", -1, 21},
		{"v0.17.1", "v0.17.0", -1, 24},
		{"v0.18.0", "v0.18.0", 22, 24},
		{"v0.21.1", "v0.21.0", 24, 26},
		{"v0.22.0-pre.1", "v0.21.0", 24, 26},
		{"v0.30.0", "v0.24.0", 26, 28},
	} {
		r, ok := GoplsRow(tc.v)
		if !ok || r.Version != tc.row || r.OldestGo() != tc.oldest || r.NewestGo() != tc.newest {
			t.Errorf("GoplsRow(%q) = %+v (%v), oldest %d newest %d; want row %s, %d..%d", tc.v, r, ok, r.OldestGo(), r.NewestGo(), tc.row, tc.oldest, tc.newest)
		}
	}
	if _, ok := GoplsRow("(devel)"); ok {
		t.Errorf("GoplsRow((devel)) has a row")
	}
	for minor, want := range map[int]string{24: "v0.21.0", 25: "v0.23.0", 26: "v0.24.0", 22: "v0.18.0", 21: ""} {
		r, ok := GoplsSupporting(minor)
		if r.Version != want || ok != (want != "") {
			t.Errorf("GoplsSupporting(%d) = %q (%v), want %q", minor, r.Version, ok, want)
		}
	}
	if GoplsNewest().Version != "v0.24.0" {
		t.Errorf("GoplsNewest = %+v", GoplsNewest())
	}
}

func TestGoplsBuildInfo(t *testing.T) {
	gopls := &debug.BuildInfo{Main: debug.Module{Path: GoplsPackage, Version: "v0.20.0"}}
	wrapper := &debug.BuildInfo{Main: debug.Module{Path: "example.com/wrap", Version: "v0.1.0"}}
	around := &debug.BuildInfo{Main: debug.Module{Path: "example.com/ide", Version: "v2.0.0"}, Deps: []*debug.Module{{Path: GoplsPackage, Version: "v0.21.0"}}}
	replaced := &debug.BuildInfo{Main: debug.Module{Path: GoplsPackage, Version: "(devel)", Replace: &debug.Module{Path: "example.com/fork", Version: "v0.22.1"}}}
	noModule := &debug.BuildInfo{}
	for _, tc := range []struct {
		info *debug.BuildInfo
		is   bool
		v    string
	}{
		{gopls, true, "v0.20.0"},
		{wrapper, false, "v0.1.0"},
		{around, true, "v0.21.0"},
		{replaced, true, "v0.22.1"},
		{noModule, true, "(unknown version)"},
	} {
		if IsGopls(tc.info) != tc.is || GoplsVersion(tc.info) != tc.v {
			t.Errorf("%+v: IsGopls %v, GoplsVersion %q; want %v, %q", tc.info.Main, IsGopls(tc.info), GoplsVersion(tc.info), tc.is, tc.v)
		}
	}
}

func TestParseGoplsVersionJSON(t *testing.T) {
	info := ParseGoplsVersionJSON([]byte(`{"GoVersion":"go1.24.2","Path":"golang.org/x/tools/gopls","Main":{"Path":"golang.org/x/tools/gopls","Version":""},"Deps":[],"Settings":[],"Version":"v0.20.0"}`))
	if info == nil || info.GoVersion != "go1.24.2" || info.Main.Version != "v0.20.0" {
		t.Errorf("parsed %+v", info)
	}
	for _, out := range []string{"", "gopls v0.20.0\n", `{"Version":"v0.20.0"}`} {
		if info := ParseGoplsVersionJSON([]byte(out)); info != nil {
			t.Errorf("%q parsed as %+v", out, info)
		}
	}
}

func TestStaticcheckRelease(t *testing.T) {
	for v, want := range map[string]string{
		"v0.7.0": "2026.1 (v0.7.0)", "v0.6.1": "2025.1.1 (v0.6.1)", "v0.2.2": "2021.1.2 (v0.2.2)",
		"v0.0.1-2020.1.6": "2020.1.6 (v0.0.1-2020.1.6)", "(devel)": "(devel)", "": "unknown",
		"v0.8.2": "2026.2.2 (v0.8.2)", "v0.9.0": "v0.9.0",
		"v0.8.0-0.dev.20260101": "v0.8.0-0.dev.20260101",
	} {
		if got := StaticcheckRelease(v); got != want {
			t.Errorf("StaticcheckRelease(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestTinyGoTable(t *testing.T) {
	for i := 1; i < len(tinygoTable); i++ {
		if tinygoTable[i].From <= tinygoTable[i-1].To || tinygoTable[i].Min > tinygoTable[i].Max {
			t.Errorf("row %d is out of order", i)
		}
	}
	if got := TinyGoBest(26); got != "0.42" {
		t.Errorf("best for 1.26 = %q", got)
	}
	if got := TinyGoBest(17); got != "" {
		t.Errorf("best for 1.17 = %q", got)
	}
	if r, ok := TinyGoLookup(40); !ok || r.Min != 19 || r.Max != 25 {
		t.Errorf("TinyGoLookup(40) = %+v, %v", r, ok)
	}
	if _, ok := TinyGoLookup(35); ok {
		t.Errorf("0.35 is not in the table")
	}
	for v, want := range map[string]int{"0.40.0-dev-abc123": 40, "v0.41.1": 41, "1.0.0": -1, "devel": -1} {
		if got := TinyGoMinor(v); got != want {
			t.Errorf("TinyGoMinor(%q) = %d, want %d", v, got, want)
		}
	}
}

func TestGolangciLintMajor(t *testing.T) {
	for _, tc := range []struct {
		t    facts.ToolBinary
		want int
	}{
		{facts.ToolBinary{Info: &debug.BuildInfo{Main: debug.Module{Path: GolangciLintV1Module}}}, 1},
		{facts.ToolBinary{Info: &debug.BuildInfo{Main: debug.Module{Path: GolangciLintV2Module}}}, 2},
		{facts.ToolBinary{Info: &debug.BuildInfo{Main: debug.Module{Path: "example.com/custom-gcl"}, Deps: []*debug.Module{{Path: GolangciLintV2Module}}}}, 2},
		{facts.ToolBinary{Found: facts.FoundToolDirective, ToolModule: GolangciLintV1Module}, 1},
		{facts.ToolBinary{Info: &debug.BuildInfo{Main: debug.Module{Path: "example.com/other"}}}, 0},
	} {
		if got := GolangciLintMajor(tc.t); got != tc.want {
			t.Errorf("%+v: major %d, want %d", tc.t, got, tc.want)
		}
	}
}

// The parsers read what each tool's version command prints.
func TestParseVersionOutput(t *testing.T) {
	if v, err := ParseDelveVersion("Delve Debugger\nVersion: 1.26.3\nBuild: $Id: abc $\n"); v != "v1.26.3" || err != nil {
		t.Errorf("dlv: %q, %v", v, err)
	}
	if _, err := ParseDelveVersion("No version is set for command dlv\n"); err == nil || err.Error() != `unexpected output "No version is set for command dlv"` {
		t.Errorf("dlv without a version: %v", err)
	}
	if v, b, err := ParseGolangciLintVersion("golangci-lint has version 1.64.8 built with go1.24.1 from 8b37f14 on 2025-03-17T20:41:53Z\n"); v != "v1.64.8" || b != "go1.24.1" || err != nil {
		t.Errorf("golangci-lint: %q, %q, %v", v, b, err)
	}
	if _, _, err := ParseGolangciLintVersion("golangci-lint: command not found"); err == nil {
		t.Errorf("golangci-lint without a version parsed")
	}
	out := "Go binary: /home/you/.asdf/installs/staticcheck/bin/staticcheck\nCompiled with Go version: go1.25.3\nMain module: honnef.co/go/tools@v0.7.0 (sum: h1:abc)\n"
	if v, b, err := ParseStaticcheckVersion(out); v != "v0.7.0" || b != "go1.25.3" || err != nil {
		t.Errorf("staticcheck: %q, %q, %v", v, b, err)
	}
	if v, b, err := ParseStaticcheckVersion("Compiled with Go version: go1.25.3\n"); v != "" || b != "go1.25.3" || err != nil {
		t.Errorf("staticcheck without a main module: %q, %q, %v", v, b, err)
	}
	if _, _, err := ParseStaticcheckVersion("flag provided but not defined: -debug.version\n"); err == nil {
		t.Errorf("staticcheck without a version parsed")
	}
	tg, ok := ParseTinyGoVersion("tinygo version 0.41.0 linux/amd64 (using go version go1.26.8 and LLVM version 20.1.1)\n")
	if !ok || tg.Release != "0.41.0" || tg.Line != "tinygo version 0.41.0 linux/amd64 (using go version go1.26.8 and LLVM version 20.1.1)" {
		t.Errorf("tinygo: %+v, %v", tg, ok)
	}
	if _, ok := ParseTinyGoVersion("tinygo: error while loading shared libraries\n"); ok {
		t.Errorf("tinygo without a version parsed")
	}
}

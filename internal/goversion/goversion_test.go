package goversion

import (
	"go/version"
	"slices"
	"strings"
	"testing"
)

func TestForms(t *testing.T) {
	for _, c := range []struct{ in, with, trim string }{
		{"1.26.8", "go1.26.8", "1.26.8"},
		{"go1.26.8", "go1.26.8", "1.26.8"},
		{"1.21rc1", "go1.21rc1", "1.21rc1"},
		{"devel go1.27-abcdef", "devel go1.27-abcdef", "devel go1.27-abcdef"},
		{"", "", ""},
		{"default", "default", "default"},
	} {
		if got := WithGo(c.in); got != c.with {
			t.Errorf("WithGo(%q) = %q, want %q", c.in, got, c.with)
		}
		if got := TrimGo(c.in); got != c.trim {
			t.Errorf("TrimGo(%q) = %q, want %q", c.in, got, c.trim)
		}
	}
}

func TestTrimExperiments(t *testing.T) {
	for in, want := range map[string]string{
		"go1.26.8":                                 "go1.26.8",
		"go1.26.8 X:nodwarf5":                      "go1.26.8",
		"go1.26.8 X:nodwarf5,jsonv2":               "go1.26.8",
		"devel go1.27-abcdef Tue Jan 6":            "devel go1.27-abcdef Tue Jan 6",
		"devel go1.27-abcdef Tue Jan 6 X:nodwarf5": "devel go1.27-abcdef Tue Jan 6",
		" go1.26.8\n":                              "go1.26.8",
		"":                                         "",
	} {
		if got := TrimExperiments(in); got != want {
			t.Errorf("TrimExperiments(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFromToolchain holds cmd/go's gover.FromToolchain cases
// (toolchain_test.go) and godx's own.
func TestFromToolchain(t *testing.T) {
	for in, want := range map[string]string{
		"go1.2.3":                   "1.2.3",
		"1.2.3":                     "",
		"go1.2.3+bigcorp":           "",
		"go1.2.3-bigcorp":           "1.2.3",
		"go1.2.3-bigcorp more text": "1.2.3",
		"gccgo-go1.23rc4":           "",
		"gccgo-go1.23rc4-bigdwarf":  "",
		"go1.21.3":                  "1.21.3",
		"go1.22":                    "1.22",
		"go1.21rc1":                 "1.21rc1",
		"go1.26.8 X:nodwarf5":       "1.26.8",
		"go1.26.8\tx":               "1.26.8",
		"go1.22/x":                  "",
		"go1.2/../x":                "",
		`go1.22\x`:                  "",
		"default":                   "",
		"local":                     "",
		"gox":                       "",
		"go":                        "",
		"":                          "",
	} {
		if got := FromToolchain(in); got != want {
			t.Errorf("FromToolchain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLocal(t *testing.T) {
	for in, want := range map[string]string{
		"go1.26.8":            "1.26.8",
		"go1.26.8 X:nodwarf5": "1.26.8",
		"go1.27rc1":           "1.27rc1",
		"go1.21.3-bigcorp":    "1.21.3",
		"devel go1.27-abcdef Tue Jan 6 10:00:00 +0000 2026": "1.27",
		"devel go1.27-abcdef Tue Jan 6 X:nodwarf5":          "1.27",
		"devel +abcdef Tue Jan 6":                           "",
		"":                                                  "",
		"unknown":                                           "",
	} {
		if got := Local(in); got != want {
			t.Errorf("Local(%q) = %q, want %q", in, got, want)
		}
		if got := LocalToolchain(in); got != WithGo(want) {
			t.Errorf("LocalToolchain(%q) = %q, want %q", in, got, WithGo(want))
		}
	}
}

// TestCompare holds internal/gover's compare cases, in both forms, and
// checks that the order is antisymmetric.
func TestCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"x", "x", 0},
		{"", "x", 0},
		{"1", "1.1", -1},
		{"1.5", "1.6", -1},
		{"1.5", "1.10", -1},
		{"1.6", "1.6.1", -1},
		{"1.19", "1.19.0", 0},
		{"1.19rc1", "1.19", -1},
		{"1.20", "1.20.0", 0},
		{"1.20rc1", "1.20", -1},
		{"1.21", "1.21.0", -1},
		{"1.21", "1.21rc1", -1},
		{"1.21rc1", "1.21.0", -1},
		{"1.6", "1.19", -1},
		{"1.19", "1.19.1", -1},
		{"1.19rc1", "1.19.1", -1},
		{"1.19rc1", "1.19rc2", -1},
		{"1.19.0", "1.19.1", -1},
		{"1.19alpha3", "1.19beta2", -1},
		{"1.19beta2", "1.19rc1", -1},
		{"1.1", "1.99999999999999998", -1},
		{"1.99999999999999998", "1.99999999999999999", -1},
		// godx's: mixed forms, suffixes, GOVERSION values.
		{"1.21", "go1.21.0", -1},
		{"go1.26.8", "1.26.8", 0},
		{"go1.21.3-bigcorp", "1.21.3", 0},
		{"devel go1.27-abcdef", "1.2", -1}, // not a version: older than any
		{"go1.26.8 X:nodwarf5", "1.2", -1}, // use Local or TrimExperiments first
		{"1.27", "go1.26.11", +1},
	} {
		if got := Compare(c.a, c.b); got != c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Compare(c.b, c.a); got != -c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
		if ga, gb := WithGo(c.a), WithGo(c.b); Compare(ga, gb) != c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", ga, gb, Compare(ga, gb), c.want)
		}
	}
}

func TestIsValid(t *testing.T) {
	for _, v := range []string{"1.2rc3", "1.2.3", "1.999testmod", "1.22", "1.21.0", "1.21rc2", "1.21", "1.20.0", "1.20", "1.2", "1",
		"go1.26.8", "go1.21.3-bigcorp", "go1.27rc1"} {
		if !IsValid(v) {
			t.Errorf("IsValid(%q) = false", v)
		}
	}
	for _, v := range []string{"", "1.600+auto", "go", "go1.", "1.02", "01.2", "1.2.3rc1", "1.2.3.4", "go1.26.8 X:nodwarf5", "devel go1.27-abc", "1.21RC1", "v1.21.0", "gox"} {
		if IsValid(v) {
			t.Errorf("IsValid(%q) = true", v)
		}
	}
}

// TestParseAgreesWithGoVersion: parse, which answers what go/version does
// not expose, accepts exactly what go/version accepts.
func TestParseAgreesWithGoVersion(t *testing.T) {
	for _, v := range []string{"", "1", "1.2", "1.2.3", "1.2rc3", "1.2.3rc1", "1.21", "1.21.0", "1.21rc1", "1.999testmod", "1.99999999999999999",
		"1.02", "01.2", "1.", "1..2", "1.2.", "1.2.3.4", "1.21RC1", "1.21rc", "1.21rc01", "1.21-bigcorp", "1.21.3-bigcorp", "1.600+auto", "x", "1.2 X:y", "2.0", "0"} {
		_, ok := parse(v)
		if want := version.IsValid("go" + v); ok != want {
			t.Errorf("parse(%q) ok = %v, go/version says %v", v, ok, want)
		}
		if _, ok := parse("go" + v); ok != version.IsValid("go"+v) {
			t.Errorf("parse(%q) ok = %v, go/version says %v", "go"+v, ok, !ok)
		}
	}
}

func TestLang(t *testing.T) {
	for in, want := range map[string]string{
		"1.2rc3":           "1.2",
		"1.2.3":            "1.2",
		"1.2":              "1.2",
		"1":                "1",
		"1.999testmod":     "1.999",
		"go1.21.3":         "go1.21",
		"go1.21rc1":        "go1.21",
		"go1.21.3-bigcorp": "go1.21",
		"1.27":             "1.27",
		"":                 "",
		"bogus":            "",
		"go1.26.8 X:a":     "",
	} {
		if got := Lang(in); got != want {
			t.Errorf("Lang(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIsLang holds internal/gover's IsLang cases: before Go 1.21 a
// version without patch is also a release.
func TestIsLang(t *testing.T) {
	for in, want := range map[string]bool{
		"1.2rc3": false, "1.2.3": false, "1.999testmod": false,
		"1.22": true, "1.21": true, "go1.22": true,
		"1.20": false, "1.19": false, "1.3": false, "1.2": false, "1": false,
		"1.21.0": false, "go1.22-bigcorp": false, "": false, "x": false,
	} {
		if got := IsLang(in); got != want {
			t.Errorf("IsLang(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestIsPrereleaseIsStable(t *testing.T) {
	for _, c := range []struct {
		v                  string
		prerelease, stable bool
	}{
		{"go1.27.4", false, true},
		{"go1.20", false, true},
		{"go1.21", false, true}, // a language version spelled as the go command names releases
		{"1.26.11", false, true},
		{"go2.0", false, true},
		{"go1.28rc1", true, false},
		{"go1.9beta2", true, false},
		{"1.19alpha3", true, false},
		{"go1.21.3-bigcorp", false, false},
		{"go1", false, false},
		{"go1.27.04", false, false},
		{"go1.26.8 X:nodwarf5", false, false},
		{"devel go1.27-abc", false, false},
		{"", false, false},
	} {
		if got := IsPrerelease(c.v); got != c.prerelease {
			t.Errorf("IsPrerelease(%q) = %v", c.v, got)
		}
		if got := IsStable(c.v); got != c.stable {
			t.Errorf("IsStable(%q) = %v", c.v, got)
		}
	}
}

func TestMinor(t *testing.T) {
	for in, want := range map[string]int{
		"go1.27.4": 27, "1.27": 27, "go1.27rc1": 27, "go1.21.3-bigcorp": 21, "1.9": 9, "1": 0,
		"go2.1": -1, "": -1, "devel go1.27-abc": -1, "go1.26.8 X:a": -1, "1.99999999999999999999": -1,
	} {
		if got := Minor(in); got != want {
			t.Errorf("Minor(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestPrev holds cmd/go's gover.Prev cases.
func TestPrev(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "0": "0", "1.3rc4": "1.2", "1.3.5": "1.2", "1.3": "1.2", "1": "1", "1.1": "1",
		"1.99999999999999999": "1.99999999999999998", "1.40000000000000000": "1.39999999999999999",
		"go1.27.4": "go1.26", "go1.21rc1": "go1.20", "x": "",
	} {
		if got := Prev(in); got != want {
			t.Errorf("Prev(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRelease(t *testing.T) {
	for in, want := range map[string]string{
		"1.27":     "go1.27.0",
		"go1.27":   "go1.27.0",
		"1.21":     "go1.21.0",
		"1.27.1":   "go1.27.1",
		"go1.27.1": "go1.27.1",
		"1.21rc1":  "go1.21rc1",
		"1.20":     "go1.20",
		"1.9":      "go1.9",
		"1.21.0":   "go1.21.0",
		"":         "",
		"1.x":      "",
		"default":  "",
	} {
		if got := Release(in); got != want {
			t.Errorf("Release(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSupported(t *testing.T) {
	if newer, older := Supported("go1.27.4"); newer != "go1.27" || older != "go1.26" {
		t.Errorf("Supported(go1.27.4) = %s, %s", newer, older)
	}
	if newer, older := Supported("1.30.0"); newer != "1.30" || older != "1.29" {
		t.Errorf("Supported(1.30.0) = %s, %s", newer, older)
	}
	for v, want := range map[string]bool{
		"go1.27.0": true, "go1.26.8": true, "go1.26rc1": true, "1.26": true, "go1.28.0": true,
		"go1.25.14": false, "go1.9": false, "": false, "devel go1.27-abc": false,
	} {
		if got := IsSupported(v, "go1.27.4"); got != want {
			t.Errorf("IsSupported(%q, go1.27.4) = %v", v, got)
		}
	}
}

func TestBuiltin(t *testing.T) {
	b := Builtin()
	if len(b) < 2 {
		t.Fatalf("Builtin() = %v: the two supported releases at least", b)
	}
	for i, v := range b {
		if !IsStable(v) || IsLang(v) {
			t.Errorf("built-in table entry %q is not a final release", v)
		}
		if i > 0 && Minor(v) != Minor(b[i-1])+1 {
			t.Errorf("built-in table: %s follows %s; want one entry per major release", v, b[i-1])
		}
	}
	if !slices.IsSortedFunc(b, Compare) {
		t.Errorf("Builtin() = %v, not oldest first", b)
	}
	b[0] = "changed"
	if Builtin()[0] == "changed" {
		t.Error("Builtin returns the table itself")
	}
	if BuiltinUpdated().IsZero() {
		t.Error("no BuiltinUpdated")
	}
}

func TestSortReleases(t *testing.T) {
	got := SortReleases([]string{"go1.27.4", "junk", "go1.26.11", "go1.27rc1", "go1.27", "go1.20", "go1.20.1", "go1.9"})
	want := "go1.9 go1.20 go1.20.1 go1.26.11 go1.27 go1.27rc1 go1.27.4"
	if strings.Join(got, " ") != want {
		t.Errorf("SortReleases = %v, want %s", got, want)
	}
}

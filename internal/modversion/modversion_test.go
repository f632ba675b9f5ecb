package modversion

import (
	"runtime/debug"
	"testing"

	"golang.org/x/mod/semver"
)

func TestCanonicalAndRelease(t *testing.T) {
	for _, c := range []struct{ in, canonical, release string }{
		{"v0.21.0", "v0.21.0", "v0.21.0"},
		{"0.21.0", "v0.21.0", "v0.21.0"},
		{"v2.1.6-rc.1", "v2.1.6-rc.1", "v2.1.6"},
		{"2.1.6-rc.1", "v2.1.6-rc.1", "v2.1.6"},
		{"v1.2.3+dirty", "v1.2.3", "v1.2.3"},
		{"v1.64.8-custom-gcl", "v1.64.8-custom-gcl", "v1.64.8"},
		{"v0.0.0-20240101000000-abcdef123456", "v0.0.0-20240101000000-abcdef123456", "v0.0.0"},
		{"v0.0.1-2020.1.6", "v0.0.1-2020.1.6", "v0.0.1"},
		{"v0.8.0-0.dev.20260101", "v0.8.0-0.dev.20260101", "v0.8.0"},
		{"v1.2", "v1.2.0", ""}, // a shorthand, not a release
		{"v1", "v1.0.0", ""},
		{"devel", "", ""},
		{"(devel)", "", ""},
		{"", "", ""},
		{"v01.2.3", "", ""},
		{"v1.2.3.4", "", ""},
		{"go1.21.0", "", ""},
		{"vv1.2.3", "", ""},
	} {
		if got := Canonical(c.in); got != c.canonical {
			t.Errorf("Canonical(%q) = %q, want %q", c.in, got, c.canonical)
		}
		if got := Release(c.in); got != c.release {
			t.Errorf("Release(%q) = %q, want %q", c.in, got, c.release)
		}
	}
}

func TestCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"v1.7.3", "1.7.3", 0},
		{"v1.7.3", "v1.7.4", -1},
		{"v1.9.1", "v1.20.0", -1}, // numerically, not as text
		{"v1.25.1-rc.1", "v1.25.1", -1},
		{"v1.25.1+dirty", "v1.25.1", 0},
		{"devel", "v0.0.1", -1},
		{"devel", "(devel)", 0},
		{"v2.0.0", "v1.99.99", +1},
	} {
		if got := Compare(c.a, c.b); got != c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Compare(c.b, c.a); got != -c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestPartsAndMajorMinor(t *testing.T) {
	for _, c := range []struct {
		in                  string
		major, minor, patch int
		ok                  bool
		majorMinor          string
	}{
		{"v1.25.3", 1, 25, 3, true, "v1.25"},
		{"0.40.0-dev-abc123", 0, 40, 0, true, "v0.40"},
		{"v2.1.6-rc.1", 2, 1, 6, true, "v2.1"},
		{"v1.2", 0, 0, 0, false, "v1.2"},
		{"devel", 0, 0, 0, false, ""},
		{"v99999999999999999999.0.0", 0, 0, 0, false, "v99999999999999999999.0"},
	} {
		major, minor, patch, ok := Parts(c.in)
		if major != c.major || minor != c.minor || patch != c.patch || ok != c.ok {
			t.Errorf("Parts(%q) = %d, %d, %d, %v", c.in, major, minor, patch, ok)
		}
		if got := MajorMinor(c.in); got != c.majorMinor {
			t.Errorf("MajorMinor(%q) = %q, want %q", c.in, got, c.majorMinor)
		}
	}
}

// TestBuildInfoVersions: the module versions this test binary's build
// information records read as x/mod/semver reads them.
func TestBuildInfoVersions(t *testing.T) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("no build information")
	}
	for _, dep := range info.Deps {
		if Canonical(dep.Version) != semver.Canonical(dep.Version) {
			t.Errorf("%s: Canonical(%q) = %q", dep.Path, dep.Version, Canonical(dep.Version))
		}
		if Release(dep.Version) == "" {
			t.Errorf("%s: Release(%q) is empty", dep.Path, dep.Version)
		}
	}
}

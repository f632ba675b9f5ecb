package setupgo

import (
	"strings"
	"testing"
)

// distVersions is the release list of setup-go's own tests
// (__tests__/data/golang-dl.json), newest first as the download page
// lists them, with a release candidate at the end.
var distVersions = strings.Fields(`go1.13.7 go1.12.16 go1.13.6 go1.13.5 go1.13.4 go1.13.3 go1.13.2 go1.13.1 go1.13
go1.12.15 go1.12.14 go1.12.13 go1.12.12 go1.12.11 go1.12.10 go1.12.9 go1.12.8 go1.12.7 go1.12.6 go1.12.5
go1.12.4 go1.12.3 go1.12.2 go1.12.1 go1.12 go1.11.13 go1.11.12 go1.11.1 go1.11 go1.10.8 go1.10 go1.9.7 go1.9
go1.8.7 go1.8 go1.2.2 go1 go1.14rc1`)

// TestFindMatch replays setup-go's findMatch tests (installer tests in
// __tests__/setup-go.test.ts) on the same release list.
func TestFindMatch(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"1.13.0", "1.13.0"},        // "finds stable match for exact dot zero version": go1.13
		{"1.13", "1.13.7"},          // "finds latest patch version for minor version spec"
		{"^1.13.6", "1.13.7"},       // "finds latest patch version for caret version spec"
		{"1", "1.13.7"},             // "finds latest version for major version spec"
		{"1.14.0-rc.1", "1.14rc1"},  // "finds unstable pre-release version"
		{"1.12", "1.12.16"},         // newest patch, not the newest in list order
		{"1.12.x", "1.12.16"},       // x-range
		{"~1.12.3", "1.12.16"},      // tilde: same minor
		{"~1.12", "1.12.16"},        // tilde without patch
		{">=1.11 <1.13", "1.12.16"}, // intersection
		{"1.10 - 1.11", "1.11.13"},  // hyphen range widens the upper partial
		{"<1.12", "1.11.13"},        // < partial is <1.12.0-0
		{"<=1.12", "1.12.16"},       // <= partial is <1.13.0-0
		{">1.12", "1.13.7"},         // > partial is >=1.13.0
		{"1.9 || 1.10", "1.10.8"},   // union
		{"*", "1.13.7"},
		{"1.12.17", ""}, // an exact version that does not exist
		{"1.14", ""},    // 1.14rc1 only: a range without a prerelease never matches one
		{"^1.14.0-rc.1", "1.14rc1"},
		{"1.13rc1", ""},       // Go spelling is not a semver range: matches nothing
		{"go1.13", ""},        // neither is a "go" prefix
		{"v1.13.1", "1.13.1"}, // a leading v is allowed
		{"=1.13.1", "1.13.1"},
		{">= 1.13.5", "1.13.7"}, // a space after the operator
	} {
		r, err := ParseRange(tc.spec)
		got := ""
		if err == nil {
			got, _ = Newest(r, distVersions)
		}
		if got != tc.want {
			t.Errorf("spec %q: got %q (err %v), want %q", tc.spec, got, err, tc.want)
		}
	}
}

func TestMakeSemver(t *testing.T) {
	// setup-go's makeSemver tests, plus go-prefixed names.
	for in, want := range map[string]string{
		"1.10beta1": "1.10.0-beta.1", "1.10rc1": "1.10.0-rc.1", "1.13": "1.13.0", "1.13.1": "1.13.1",
		"go1.22.3": "1.22.3", "go1": "1.0.0", "1.8.5rc1": "1.8.5-rc.1",
	} {
		got, err := MakeSemver(in)
		if err != nil || got.String() != want {
			t.Errorf("MakeSemver(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := MakeSemver("stable"); err == nil || !strings.Contains(err.Error(), "can't be changed to SemVer notation") {
		t.Errorf("MakeSemver(stable): %v", err)
	}
}

func TestCompareVersions(t *testing.T) {
	order := []string{"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0"}
	for i := 1; i < len(order); i++ {
		a, ok1 := ParseVersion(order[i-1])
		b, ok2 := ParseVersion(order[i])
		if !ok1 || !ok2 || Compare(a, b) >= 0 || Compare(b, a) <= 0 {
			t.Errorf("%s should sort before %s", order[i-1], order[i])
		}
	}
	for _, bad := range []string{"1.2", "01.2.3", "1.2.3-", "1.2.3-01", "x.2.3"} {
		if _, ok := ParseVersion(bad); ok {
			t.Errorf("ParseVersion(%q) accepted", bad)
		}
	}
}

func TestInvalidRange(t *testing.T) {
	for _, spec := range []string{"1.13rc1", "go1.13", "latest", "1.2.3.4", ">=x.y"} {
		if _, err := ParseRange(spec); err == nil {
			t.Errorf("ParseRange(%q) accepted", spec)
		}
	}
}

func TestAdmitsAtLeast(t *testing.T) {
	for _, tc := range []struct {
		spec, min string
		want      bool
	}{
		{"1.21", "1.22.0", false},
		{"1.21.x", "1.22", false},
		{"~1.21", "1.22.0", false},
		{"1.21.5", "1.21.6", false},
		{"1.22", "1.22.3", true}, // a future patch of 1.22 will do
		{"1.22.3", "1.22.3", true},
		{"^1.21", "1.30.0", true},
		{">=1.21", "1.27.0", true},
		{"<1.22", "1.22.0", false},
		{"1.22.0-rc.1", "1.22.0", false}, // 1.22rc1 is older than 1.22.0
		{"1.22.0-rc.1", "1.22", true},    // but newer than the language version 1.22
		{"1.21 || 1.23", "1.22.0", true},
		{"1.20", "1.20", true},
	} {
		r, err := ParseRange(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := AdmitsAtLeast(r, tc.min); got != tc.want {
			t.Errorf("AdmitsAtLeast(%q, %q) = %v, want %v", tc.spec, tc.min, got, tc.want)
		}
	}
}

func TestResolveAlias(t *testing.T) {
	// setup-go's test: stable is the first release of the manifest,
	// oldstable the second (its manifest lists one release per minor).
	rel := []string{"1.17.6", "1.12.17", "1.12.16", "1.9.7"}
	if got, _ := ResolveAlias(Stable, rel); got != "1.17.6" {
		t.Errorf("stable = %s", got)
	}
	if got, _ := ResolveAlias(OldStable, rel); got != "1.12.17" {
		t.Errorf("oldstable = %s", got)
	}
	if got, _ := ResolveAlias(OldStable, []string{"1.26.8", "1.26.0", "1.27rc1", "1.25.9", "1.25.1"}); got != "1.25.9" {
		t.Errorf("oldstable skips prereleases: %s", got)
	}
	if _, ok := ResolveAlias(OldStable, []string{"1.26.1"}); ok {
		t.Error("oldstable of one minor version")
	}
}

func TestParseVersionFile(t *testing.T) {
	mod := "module m\n\ngo 1.22.0\n\ntoolchain go1.22.4\n"
	for _, tc := range []struct {
		name, content string
		local         bool
		want          string
	}{
		{"go.mod", mod, false, "1.22.4"},
		{"go.mod", mod, true, "1.22.0"},
		{"sub/go.work", "go 1.23\n", false, "1.23"},
		{"go.mod", "module m\n", false, ""},
		{"go.mod", "module m\ngo 1.21rc2\n", false, "1.21"}, // the go regexp stops at rc
		{"go.mod", "module m\ngo 1.21\ntoolchain go1.21rc2\n", false, "1.21rc2"},
		{".tool-versions", "nodejs 20\ngolang 1.22.1 # pinned\n", false, "1.22.1"},
		{".go-version", " 1.22.5\n", false, "1.22.5"},
	} {
		if got := ParseVersionFile(tc.name, []byte(tc.content), tc.local); got != tc.want {
			t.Errorf("ParseVersionFile(%s, %q, %v) = %q, want %q", tc.name, tc.content, tc.local, got, tc.want)
		}
	}
}

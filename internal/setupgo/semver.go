// Package setupgo decides which Go the actions/setup-go GitHub Action
// installs for a `go-version` input, with the action's own rules
// (src/installer.ts): the input is an npm semver range matched with
// node-semver's satisfies against Go releases turned into semver by
// makeSemver (1.22 → 1.22.0, 1.22rc1 → 1.22.0-rc.1), the newest match
// wins, and the aliases `stable` and `oldstable` name the newest release
// and the newest release of the previous minor version. A
// `go-version-file` is read as the action's parseGoVersionFile does.
//
// The range syntax is node-semver's (v7, non-loose): `1.22`, `1.22.x`,
// `1.x`, `*`, `^1.22`, `~1.22.3`, `>=1.21 <1.23`, `1.21 - 1.22`, `a || b`,
// and a version with a prerelease matches only a comparator that names a
// prerelease of the same major.minor.patch.
package setupgo

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a semantic version (major.minor.patch-prerelease).
type Version struct {
	Major, Minor, Patch int
	Pre                 []string // prerelease identifiers ("rc", "1")
}

func (v Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if len(v.Pre) > 0 {
		s += "-" + strings.Join(v.Pre, ".")
	}
	return s
}

// Compare orders versions as node-semver does: by major, minor and patch,
// then a version without a prerelease after one with, then prerelease
// identifiers one by one (numeric ones numerically and before
// alphanumeric ones; a shorter list first when one is a prefix).
func Compare(a, b Version) int {
	for _, d := range [][2]int{{a.Major, b.Major}, {a.Minor, b.Minor}, {a.Patch, b.Patch}} {
		if d[0] != d[1] {
			if d[0] < d[1] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a.Pre) == 0 && len(b.Pre) == 0:
		return 0
	case len(a.Pre) == 0:
		return 1
	case len(b.Pre) == 0:
		return -1
	}
	for i := 0; ; i++ {
		switch {
		case i >= len(a.Pre) && i >= len(b.Pre):
			return 0
		case i >= len(a.Pre):
			return -1
		case i >= len(b.Pre):
			return 1
		}
		if c := compareIdent(a.Pre[i], b.Pre[i]); c != 0 {
			return c
		}
	}
}

func compareIdent(a, b string) int {
	an, aerr := strconv.Atoi(a)
	bn, berr := strconv.Atoi(b)
	switch {
	case aerr == nil && berr == nil:
		return cmpInt(an, bn)
	case aerr == nil:
		return -1
	case berr == nil:
		return 1
	}
	return strings.Compare(a, b)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ParseVersion parses a full semantic version (an optional leading "v" or
// "=" as node-semver allows; build metadata is dropped).
func ParseVersion(s string) (Version, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "=v")
	s, _, _ = strings.Cut(s, "+")
	core, pre, hasPre := strings.Cut(s, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return Version{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, ok := number(p)
		if !ok {
			return Version{}, false
		}
		n[i] = v
	}
	v := Version{Major: n[0], Minor: n[1], Patch: n[2]}
	if hasPre {
		if pre == "" {
			return Version{}, false
		}
		for _, id := range strings.Split(pre, ".") {
			if id == "" || !identChars(id) {
				return Version{}, false
			}
			if _, err := strconv.Atoi(id); err == nil && len(id) > 1 && id[0] == '0' {
				return Version{}, false // numeric identifiers have no leading zeros
			}
			v.Pre = append(v.Pre, id)
		}
	}
	return v, true
}

// number parses a semver numeric part: digits, no leading zero.
func number(s string) (int, bool) {
	if s == "" || len(s) > 1 && s[0] == '0' {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func identChars(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
			return false
		}
	}
	return true
}

// MakeSemver is setup-go's makeSemver: a Go version ("go1.22",
// "1.22.3", "1.21rc2", "1.10beta1") as the semver the action matches
// ranges against (1.22.0, 1.22.3, 1.21.0-rc.2, 1.10.0-beta.1).
func MakeSemver(goVersion string) (Version, error) {
	v := strings.Replace(goVersion, "go", "", 1)
	v = strings.Replace(strings.Replace(v, "beta", "-beta.", 1), "rc", "-rc.", 1)
	parts := strings.Split(v, "-")
	base, ok := coerce(parts[0])
	if !ok {
		return Version{}, fmt.Errorf("the version %s can't be changed to SemVer notation", v)
	}
	if len(parts) < 2 || parts[1] == "" {
		return base, nil
	}
	full, ok := ParseVersion(base.String() + "-" + parts[1])
	if !ok {
		return Version{}, fmt.Errorf("the version %s can't be changed to SemVer notation", v)
	}
	return full, nil
}

// coerce is node-semver's coerce: the first run of up to three
// dot-separated numbers in s, missing parts zero.
func coerce(s string) (Version, bool) {
	i := strings.IndexAny(s, "0123456789")
	if i < 0 {
		return Version{}, false
	}
	s = s[i:]
	var n [3]int
	k := 0
	for k < 3 {
		j := 0
		for j < len(s) && j < 16 && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == 0 {
			break
		}
		n[k], _ = strconv.Atoi(s[:j])
		k++
		s = s[j:]
		if len(s) < 2 || s[0] != '.' || s[1] < '0' || s[1] > '9' {
			break
		}
		s = s[1:]
	}
	return Version{Major: n[0], Minor: n[1], Patch: n[2]}, true
}

// GoVersion turns a semver made by MakeSemver back into the Go
// version it stands for (1.22.0 → 1.22.0, 1.21.0-rc.2 → 1.21rc2).
func GoVersion(v Version) string {
	if len(v.Pre) == 2 && (v.Pre[0] == "rc" || v.Pre[0] == "beta") && v.Patch == 0 {
		return fmt.Sprintf("%d.%d%s%s", v.Major, v.Minor, v.Pre[0], v.Pre[1])
	}
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

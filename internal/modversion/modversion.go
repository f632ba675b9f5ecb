// Package modversion reads the semantic versions Go modules, and so the
// Go tools installed from them, are released under: "v0.21.0",
// "v2.1.6-rc.1", as build information records them or, often without the
// "v", as a tool's own version command prints them ("0.21.0"). A
// development build has no such version ("devel", "(devel)").
//
// It is golang.org/x/mod/semver with those spellings accepted. Go
// toolchain versions (go1.21.0, 1.21rc1) follow other rules: see
// internal/goversion. The two are separate packages so that neither
// version scheme is mistaken for the other; what a tool's version means
// (which Go releases a Delve or gopls release supports) belongs to the
// tool-version code built on this package.
package modversion

import (
	"strconv"
	"strings"

	"golang.org/x/mod/semver"
)

// Canonical is v as a canonical semantic version ("0.21.0" -> "v0.21.0",
// "v1.2" -> "v1.2.0", "v1.2.3+dirty" -> "v1.2.3"; a pre-release is kept),
// or "" when v is not one ("devel", "(devel)", "").
func Canonical(v string) string {
	if v == "" {
		return ""
	}
	if v[0] != 'v' {
		v = "v" + v
	}
	return semver.Canonical(v)
}

// Release is the release v names, "vX.Y.Z", without pre-release and build
// suffixes: "v2.1.6-rc.1" -> "v2.1.6", "0.21.0" -> "v0.21.0", and a
// pseudo-version's base ("v0.0.0-20240101000000-abcdef123456" -> "v0.0.0").
// It is "" unless v is a semantic version spelling out all three numbers
// (so "v1.2", "devel" and "(devel)" have none).
func Release(v string) string {
	c := Canonical(v)
	if c == "" {
		return ""
	}
	numbers := strings.TrimPrefix(v, "v")
	if i := strings.IndexAny(numbers, "-+"); i >= 0 {
		numbers = numbers[:i]
	}
	if strings.Count(numbers, ".") != 2 {
		return ""
	}
	return strings.TrimSuffix(c, semver.Prerelease(c))
}

// Compare is semver.Compare with or without the "v": -1, 0 or +1 as a is
// older than, the same as or newer than b; a pre-release is older than its
// release. What is not a semantic version is older than any that is, and
// equal to others like it. To compare releases only, compare their
// Release.
func Compare(a, b string) int { return semver.Compare(Canonical(a), Canonical(b)) }

// Parts are the major, minor and patch numbers of Release(v); ok is false
// when v has no release.
func Parts(v string) (major, minor, patch int, ok bool) {
	r := Release(v)
	if r == "" {
		return 0, 0, 0, false
	}
	p := strings.SplitN(r[1:], ".", 3)
	var err [3]error
	major, err[0] = strconv.Atoi(p[0])
	minor, err[1] = strconv.Atoi(p[1])
	patch, err[2] = strconv.Atoi(p[2])
	if err[0] != nil || err[1] != nil || err[2] != nil {
		return 0, 0, 0, false // numbers too big for an int
	}
	return major, minor, patch, true
}

// MajorMinor is the "vX.Y" prefix of v ("v1.25.3" -> "v1.25"), "" when v
// is not a semantic version.
func MajorMinor(v string) string { return semver.MajorMinor(Canonical(v)) }

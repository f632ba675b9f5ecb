// Package toolchain installs, lists, switches, removes and verifies Go
// toolchains. It uses the go command's own mechanism: toolchains are the
// golang.org/toolchain module, downloaded through the user's GOPROXY by
// `go mod download` (which verifies them with the checksum database) into
// the module cache, where GOTOOLCHAIN switching finds them too.
//
// Reading (inventory, verification) goes through the facts layer so the
// go/goroot-integrity check can share it; changes (installing, removing,
// linking) act on the real file system.
package toolchain

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/goversion"
)

// Module is the module path Go toolchains are published under.
const Module = "golang.org/toolchain"

// modulePrefix is the packaging version every toolchain module version
// starts with ("v0.0.1-go1.22.5.linux-amd64").
const modulePrefix = "v0.0.1-"

// namePattern is the strict form of a Go release name godx accepts before
// it builds any path from it: go1.N, go1.N.P, go1.NrcK, go1.NbetaK (no
// leading zeros, no other characters). It is stricter than
// goversion.IsValid, which decides what the name means.
var namePattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^go1\.(0|[1-9][0-9]{0,3})(\.(0|[1-9][0-9]{0,3}))?((rc|beta)[1-9][0-9]{0,2})?$`)
})

// platformPattern is a GOOS or GOARCH value.
var platformPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]{1,32}$`) })

// ParseName turns what a user typed ("1.22.5", "go1.22.5", "1.23rc1")
// into a release name ("go1.22.5"). It rejects anything that is not a
// valid Go version, so the result is safe to use in a path.
func ParseName(s string) (string, error) {
	name := strings.TrimSpace(s)
	if !strings.HasPrefix(name, "go") {
		name = "go" + name
	}
	if !namePattern().MatchString(name) || !goversion.IsValid(name) {
		return "", fmt.Errorf("%q is not a Go version (examples: 1.22.5, go1.22.5, 1.22, 1.23rc1)", s)
	}
	return name, nil
}

// ModVersion is the golang.org/toolchain module version of a release for
// one platform: v0.0.1-go1.22.5.linux-amd64.
func ModVersion(name, goos, goarch string) (string, error) {
	if !namePattern().MatchString(name) || !goversion.IsValid(name) {
		return "", fmt.Errorf("%q is not a Go release name", name)
	}
	if !platformPattern().MatchString(goos) || !platformPattern().MatchString(goarch) {
		return "", fmt.Errorf("invalid platform %q/%q", goos, goarch)
	}
	return modulePrefix + name + "." + goos + "-" + goarch, nil
}

// ParseModVersion splits a golang.org/toolchain module version into the
// release name and platform; ok is false for anything else.
func ParseModVersion(v string) (name, goos, goarch string, ok bool) {
	rest, found := strings.CutPrefix(v, modulePrefix)
	if !found {
		return "", "", "", false
	}
	dot := strings.LastIndex(rest, ".")
	if dot < 0 {
		return "", "", "", false
	}
	name, plat := rest[:dot], rest[dot+1:]
	goos, goarch, found = strings.Cut(plat, "-")
	if !found || !namePattern().MatchString(name) || !goversion.IsValid(name) ||
		!platformPattern().MatchString(goos) || !platformPattern().MatchString(goarch) {
		return "", "", "", false
	}
	return name, goos, goarch, true
}

// ReleaseFromVersionFile reads the first line of a GOROOT's VERSION file
// ("go1.22.5" or "go1.22.5 X:boringcrypto" style suffixes are rejected).
func ReleaseFromVersionFile(data []byte) (string, bool) {
	line, _, _ := strings.Cut(string(data), "\n")
	line = strings.TrimSpace(line)
	if namePattern().MatchString(line) && goversion.IsValid(line) {
		return line, true
	}
	return "", false
}

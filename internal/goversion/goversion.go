// Package goversion reads and compares Go toolchain versions, the one
// place godx does so: the go command's own version (GOVERSION,
// runtime.Version and a binary's build information: "go1.26.8",
// "go1.26.8 X:nodwarf5", "go1.27rc1", "devel go1.27-abcdef …"), toolchain
// names ("go1.21.3", "go1.21.3-bigcorp") and the versions of go and
// toolchain lines ("1.21", "1.21.0", "1.21rc1").
//
// The rules are the go command's (cmd/go/internal/gover and
// internal/gover): compared through go/version, which is that same
// implementation, so godx and the go command cannot disagree on which
// version is newer. Go toolchain versions are not semantic versions
// (1.21 < 1.21rc1 < 1.21.0); the semantic versions of tools are
// internal/modversion's.
//
// It also holds Go's release support policy (the two newest major
// releases get fixes) and godx's built-in table of Go releases, used when
// the module proxy cannot be asked for the list.
//
// Every function that takes a version accepts it with or without the "go"
// prefix ("go1.21.0" or "1.21.0") and answers in the form it was given
// (Release and LocalToolchain always answer with "go"), so callers need
// not add or strip "go" to compare a go line with GOVERSION.
//
// It is a package of its own rather than part of internal/gotoolchain
// because the facts layer needs these rules (the project's target Go) and
// gotoolchain, which replays the go command's toolchain selection on top
// of them, imports facts; this package imports nothing of godx's.
package goversion

import (
	"go/version"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// WithGo returns v with the "go" prefix: "1.26.8" -> "go1.26.8". A value
// that does not start with a digit ("go1.26.8", "devel", "") is returned
// unchanged.
func WithGo(v string) string {
	if v != "" && '0' <= v[0] && v[0] <= '9' {
		return "go" + v
	}
	return v
}

// TrimGo returns v without the "go" prefix: "go1.26.8" -> "1.26.8".
// Anything else is returned unchanged.
func TrimGo(v string) string { return strings.TrimPrefix(v, "go") }

// TrimExperiments drops the experiments a GOVERSION or runtime.Version
// value ends with: "go1.26.8 X:nodwarf5" -> "go1.26.8". A development
// build keeps its description ("devel go1.27-abcdef Tue Jan 6 …"), which
// is what the compiler prints in its version mismatch errors.
func TrimExperiments(s string) string {
	if i := strings.Index(s, " X:"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// FromToolchain is cmd/go's gover.FromToolchain: the Go version a
// toolchain name names, from the name alone. A suffix after a '-', space
// or tab is dropped: "go1.21.3" and "go1.21.3-bigcorp" -> "1.21.3". It is
// "" for anything that is not a toolchain name ("default", "1.21.3",
// "go1.21.3/x").
func FromToolchain(name string) string {
	// A path separator would make exec.LookPath resolve the name relative
	// to the current directory instead of from PATH.
	if strings.ContainsAny(name, `\/`) || !strings.HasPrefix(name, "go") {
		return ""
	}
	v := name[2:]
	if i := strings.IndexAny(v, " \t-"); i >= 0 {
		v = v[:i]
	}
	if !IsValid(v) {
		return ""
	}
	return v
}

var develVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`go1\.(\d+)`) })

// Local is cmd/go's gover.Local for a GOVERSION, runtime.Version or
// build-information Go version: the Go version of that go command
// ("go1.26.8 X:nodwarf5" -> "1.26.8"), or 1.N for a development build
// ("devel go1.27-abcdef …" -> "1.27", as the go command itself reads its
// version); "" when s names neither. Use WithGo for the toolchain form.
func Local(s string) string {
	if v := FromToolchain(s); v != "" {
		return v
	}
	if m := develVersion().FindStringSubmatch(s); m != nil {
		return "1." + m[1]
	}
	return ""
}

// LocalToolchain is Local in toolchain form: "go1.26.8 X:nodwarf5" ->
// "go1.26.8", "devel go1.27-abcdef …" -> "go1.27", as gover.LocalToolchain
// names a development build; unlike it, a custom suffix is dropped
// ("go1.21.3-bigcorp" -> "go1.21.3"). It is "" when s names no version.
func LocalToolchain(s string) string { return WithGo(Local(s)) }

// IsValid reports whether v is a Go version ("1.21", "go1.21.0",
// "1.21rc1"; a toolchain's custom suffix such as "-bigcorp" is allowed
// after "go").
func IsValid(v string) bool { return version.IsValid(WithGo(v)) }

// Compare returns -1, 0 or +1 as a is older than, the same as or newer
// than b, by the go command's rules: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1,
// and 1.20 == 1.20.0 (before Go 1.21 a language version was also its first
// release). Invalid versions are older than valid ones and equal to each
// other. a and b may differ in form ("1.21" and "go1.21.0").
func Compare(a, b string) int { return version.Compare(WithGo(a), WithGo(b)) }

// Lang is the language version of v, in v's form: "1.21.3" -> "1.21",
// "go1.21rc1" -> "go1.21"; "" when v is invalid.
func Lang(v string) string {
	l := version.Lang(WithGo(v))
	if strings.HasPrefix(v, "go") {
		return l
	}
	return TrimGo(l)
}

// IsLang is cmd/go's gover.IsLang: v names a Go language version, not a
// release ("1.21", "go1.22"). Since Go 1.21 a language version names a
// family of releases whose first is 1.N.0, and 1.21 < 1.21rc1 < 1.21.0;
// before, "1.20" was also the release 1.20.0, so IsLang("1.20") is false.
// (Whether v is merely spelled without a patch number or pre-release is
// Lang(v) == v.)
func IsLang(v string) bool {
	p, ok := parse(v)
	return ok && p.patch == "" && p.kind == "" && Lang(v) == v
}

// IsPrerelease is cmd/go's gover.IsPrerelease: a release candidate, beta
// or alpha ("1.21rc1").
func IsPrerelease(v string) bool {
	p, ok := parse(v)
	return ok && p.kind != ""
}

// IsStable reports a version spelled as final releases are: at least a
// minor number, no pre-release, no custom suffix ("go1.27.4", "1.20"; not
// "go1.28rc1", "go1.21.3-bigcorp" or "go1"). A language version such as
// "go1.21" is spelled that way too: IsLang tells them apart.
func IsStable(v string) bool {
	p, ok := parse(v)
	return ok && p.kind == "" && strings.Contains(v, ".") && !strings.Contains(v, "-")
}

// Minor is N of Go 1.N: 27 for "go1.27.4", "1.27" and "go1.27rc1"; -1
// when v is not a valid Go 1 version.
func Minor(v string) int {
	p, ok := parse(v)
	if !ok || p.major != "1" {
		return -1
	}
	n, err := strconv.Atoi(p.minor)
	if err != nil {
		return -1 // too big for an int
	}
	return n
}

// Prev is cmd/go's gover.Prev: the language version before v's, in v's
// form: "1.27.4" -> "1.26", "go1.21rc1" -> "go1.20"; "1" for Go 1.0 and
// 1.1; "" when v is invalid.
func Prev(v string) string {
	p, ok := parse(v)
	if !ok {
		return ""
	}
	prev := p.major
	if cmpInt(p.minor, "1") > 0 {
		prev += "." + decInt(p.minor)
	}
	if strings.HasPrefix(v, "go") {
		return "go" + prev
	}
	return prev
}

// Release is the toolchain the go command selects for a go line or
// version (always with "go"): "1.27" -> "go1.27.0", as a language version
// since Go 1.21 names no release and its first release is 1.N.0;
// "1.27.1" -> "go1.27.1"; "1.21rc1" -> "go1.21rc1"; "1.20" -> "go1.20"
// (the first release before Go 1.21 had no .0). It is "" when v is
// invalid.
func Release(v string) string {
	if !IsValid(v) {
		return ""
	}
	if IsLang(v) {
		return WithGo(v) + ".0"
	}
	return WithGo(v)
}

package goversion

import (
	"slices"
	"time"
)

// Go's release policy: each major release (Go 1.N) gets security and
// critical bug fixes until there are two newer major releases, so the two
// newest are supported.

// Supported are the two major releases Go supports when newest is the
// newest release, in newest's form: "go1.27" and "go1.26" for "go1.27.4".
func Supported(newest string) (newer, older string) {
	return Lang(newest), Prev(newest)
}

// IsSupported reports whether Go v still gets fixes when newest is the
// newest release: its major release is one of the two newest (or newer
// than newest, which godx does not know of yet). An invalid v is not
// supported.
func IsSupported(v, newest string) bool {
	m := Minor(v)
	return m >= 0 && m >= Minor(newest)-1
}

// builtin lists the newest patch release of the recent Go major releases,
// as the module proxy listed them (`go list -m -versions
// golang.org/toolchain`) on the day builtinUpdated says. Update both with
// every Go release; godx uses the table only offline or when the proxy in
// GOPROXY cannot be reached.
var builtin = []string{"go1.27.4", "go1.26.11", "go1.25.14"}

var builtinUpdated = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

// Builtin returns godx's built-in table of Go releases (the newest patch
// release of each recent major release), oldest first.
func Builtin() []string { return SortReleases(slices.Clone(builtin)) }

// BuiltinUpdated is the day the built-in table was last brought up to
// date.
func BuiltinUpdated() time.Time { return builtinUpdated }

// SortReleases drops what is not a Go version from vs and sorts the rest
// oldest first, reusing vs.
func SortReleases(vs []string) []string {
	vs = slices.DeleteFunc(vs, func(v string) bool { return !IsValid(v) })
	slices.SortFunc(vs, Compare)
	return vs
}

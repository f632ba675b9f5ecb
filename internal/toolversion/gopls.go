package toolversion

import (
	"cmp"
	"encoding/json"
	"runtime/debug"

	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modversion"
)

// GoplsPackage is gopls's module and package.
const GoplsPackage = "golang.org/x/tools/gopls"

// GoplsRelease is one gopls minor release: the go line of its go.mod (the
// oldest Go that builds it) and the newest Go release it is taken to
// support as a go command.
type GoplsRelease struct {
	Version string // "v0.20.0"; the row covers every later version up to the next row
	GoLine  string // "1.24.2"
	Newest  string // "1.25": newest Go the release supports as a go command
}

// goplsReleases: go lines from gopls/go.mod at each tag (and the module
// proxy for v0.24.0); v0.16.0 "is the first version of gopls to support
// Go 1.23" (its release notes). From v0.17.0 each release requires the
// newest Go and is taken to support that and the next major release.
// Last updated: 2026-11-21.
var goplsReleases = []GoplsRelease{
	{"v0.0.0", "", "1.21"}, // anything before v0.15.0 predates Go 1.22
	{"v0.15.0", "1.18", "1.22"},
	{"v0.16.0", "1.19", "1.23"},
	{"v0.17.0", "1.23.1", "1.24"},
	{"v0.18.0", "1.23.4", "1.24"},
	{"v0.19.0", "1.24.2", "1.25"},
	{"v0.20.0", "1.24.2", "1.25"},
	{"v0.21.0", "1.25", "1.26"},
	{"v0.22.0", "1.26.0", "1.27"},
	{"v0.23.0", "1.26.0", "1.27"},
	{"v0.24.0", "1.27.0", "1.28"},
}

// GoplsRow is the table row for gopls version v; ok is false for
// "(devel)" and other versions that are not semantic versions.
func GoplsRow(v string) (GoplsRelease, bool) {
	if modversion.Canonical(v) == "" {
		return GoplsRelease{}, false
	}
	row := goplsReleases[0]
	for _, r := range goplsReleases {
		if modversion.Compare(v, r.Version) >= 0 {
			row = r
		}
	}
	return row, true
}

// GoplsNewest is the newest gopls release the table knows.
func GoplsNewest() GoplsRelease { return goplsReleases[len(goplsReleases)-1] }

// GoplsSupporting is the newest gopls release that supports the go
// command of Go 1.minor under the support policy that began with v0.17.0
// (the go commands of the two newest Go releases); ok is false when no
// release in the table does.
func GoplsSupporting(minor int) (r GoplsRelease, ok bool) {
	for _, row := range goplsReleases {
		if row.GoLine != "" && modversion.Compare(row.Version, "v0.17.0") >= 0 && goversion.Minor(row.GoLine)-1 <= minor && minor <= goversion.Minor(row.Newest) {
			r, ok = row, true
		}
	}
	return r, ok
}

// OldestGo is the minor version of the oldest Go whose go command the
// release supports: from v0.18.0 one release before its go line; -1
// before (older releases support older go commands too).
func (r GoplsRelease) OldestGo() int {
	if modversion.Compare(r.Version, "v0.18.0") < 0 || r.GoLine == "" {
		return -1
	}
	return goversion.Minor(r.GoLine) - 1
}

// NewestGo is the minor version of the newest Go whose go command the
// release supports.
func (r GoplsRelease) NewestGo() int { return goversion.Minor(r.Newest) }

// IsGopls reports whether build information is gopls's: its main module,
// or a dependency of it (a program built around gopls). Build information
// without a main module (`gopls version -json` of a build outside a
// module) counts as gopls.
func IsGopls(info *debug.BuildInfo) bool {
	if info.Main.Path == "" {
		return true
	}
	_, ok := ModuleVersion(info, GoplsPackage)
	return ok
}

// GoplsVersion is the gopls release recorded in build information (the
// main module's, or the gopls dependency's), "(unknown version)" when
// none is recorded.
func GoplsVersion(info *debug.BuildInfo) string {
	v, ok := ModuleVersion(info, GoplsPackage)
	if !ok {
		v = info.Main.Version
		if info.Main.Replace != nil && info.Main.Replace.Version != "" {
			v = info.Main.Replace.Version
		}
	}
	return cmp.Or(v, "(unknown version)")
}

// ParseGoplsVersionJSON reads the output of `gopls version -json`:
// gopls's own debug.BuildInfo plus "Version". It is nil when the output
// is not that, or names no Go version.
func ParseGoplsVersionJSON(out []byte) *debug.BuildInfo {
	var v struct {
		*debug.BuildInfo
		Version string
	}
	if json.Unmarshal(out, &v) != nil || v.BuildInfo == nil || v.GoVersion == "" {
		return nil
	}
	if v.Main.Version == "" {
		v.Main.Version = v.Version
	}
	return v.BuildInfo
}

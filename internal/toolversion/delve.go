package toolversion

import (
	"cmp"
	"regexp"
	"sync"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/modversion"
)

// Delve's module and the package `go install` builds dlv from.
const (
	DelveModule  = "github.com/go-delve/delve"
	DelvePackage = "github.com/go-delve/delve/cmd/dlv"
)

// DelveRange is the Go window of a run of Delve releases (From..To,
// inclusive): Go 1.Min to 1.Max.
type DelveRange struct {
	From, To string // Delve versions, "v1.26.0".."v1.26.3"
	Min, Max int    // Go 1.Min .. Go 1.Max
}

// delveTable is read from Delve's pkg/goversion/compat.go at each tag.
var delveTable = []DelveRange{
	{"v1.4.0", "v1.4.0", 11, 14},
	{"v1.4.1", "v1.4.1", 12, 14},
	{"v1.5.0", "v1.5.0", 12, 15},
	{"v1.5.1", "v1.5.1", 13, 15},
	{"v1.6.0", "v1.6.0", 13, 16},
	{"v1.6.1", "v1.6.1", 14, 16},
	{"v1.7.0", "v1.7.3", 15, 17},
	{"v1.8.0", "v1.8.3", 16, 18},
	{"v1.9.0", "v1.9.0", 16, 19},
	{"v1.9.1", "v1.9.1", 17, 19},
	{"v1.20.0", "v1.20.2", 18, 20},
	{"v1.21.0", "v1.21.0", 18, 21},
	{"v1.21.1", "v1.21.2", 19, 21},
	{"v1.22.0", "v1.22.2", 19, 22},
	{"v1.23.0", "v1.23.1", 21, 23},
	{"v1.24.0", "v1.25.0", 21, 24},
	{"v1.25.1", "v1.25.2", 22, 25},
	{"v1.26.0", "v1.26.3", 24, 26},
	{"v1.27.0", "v1.27.2", 25, 27}, // v1.27.2: read from its pkg/goversion/compat.go
}

// DelveOldest is the oldest Delve release the table knows.
func DelveOldest() string { return delveTable[0].From }

// DelveNewest is the newest Delve release the table knows.
func DelveNewest() string { return delveTable[len(delveTable)-1].To }

// DelveLookup finds the Go window of Delve version v. exact is false when
// v is a newer patch of a known minor release (the window of its newest
// known patch is assumed); ok is false when v is unknown (older or newer
// than the table, or not a release).
func DelveLookup(v string) (r DelveRange, exact, ok bool) {
	v = modversion.Release(v)
	if v == "" {
		return r, false, false
	}
	for _, row := range delveTable {
		if modversion.Compare(v, row.From) >= 0 && modversion.Compare(v, row.To) <= 0 {
			return row, true, true
		}
	}
	for i := len(delveTable) - 1; i >= 0; i-- {
		row := delveTable[i]
		if modversion.MajorMinor(row.To) == modversion.MajorMinor(v) && modversion.Compare(v, row.To) > 0 {
			return row, false, true
		}
	}
	return r, false, false
}

// DelveBest is the newest Delve release whose window contains Go
// 1.minor, "" when none does.
func DelveBest(minor int) string {
	for i := len(delveTable) - 1; i >= 0; i-- {
		if row := delveTable[i]; row.Min <= minor && minor <= row.Max {
			return row.To
		}
	}
	return ""
}

// DelveVersionIn is Delve's version in a binary's build information: the
// main module's version when it is Delve ("(devel)" when it records none),
// else the version of a Delve dependency (a program built around Delve);
// "" when Delve is not in it at all.
func DelveVersionIn(t facts.ToolBinary) string {
	v, ok := ModuleVersion(t.Info, DelveModule)
	if !ok {
		return ""
	}
	if t.Info.Main.Path == DelveModule {
		return cmp.Or(v, "(devel)")
	}
	return v
}

var delveVersionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^Version:\s*v?(\d+\.\d+\.\d+)`) })

// ParseDelveVersion reads the release from the output of `dlv version`:
// "Delve Debugger\nVersion: 1.26.3\nBuild: ..." -> "v1.26.3".
func ParseDelveVersion(out string) (string, error) {
	m := delveVersionRE().FindStringSubmatch(out)
	if m == nil {
		return "", unexpected(out)
	}
	return "v" + m[1], nil
}

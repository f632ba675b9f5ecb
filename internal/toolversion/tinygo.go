package toolversion

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/modversion"
)

// TinyGoRange is the window of Go minor versions (Go 1.Min to 1.Max) of
// TinyGo releases 0.From to 0.To.
type TinyGoRange struct{ From, To, Min, Max int }

// tinygoTable is read from builder/config.go at each tag; 0.34 to 0.36
// are not in it.
var tinygoTable = []TinyGoRange{
	{26, 26, 18, 19},
	{27, 28, 18, 20},
	{29, 30, 18, 21},
	{31, 31, 18, 22},
	{32, 32, 19, 22},
	{33, 33, 19, 23},
	{37, 38, 19, 24},
	{39, 40, 19, 25},
	{41, 41, 19, 26},
	{42, 42, 25, 27},
}

// TinyGoLookup is the Go window of TinyGo 0.minor; ok is false when the
// table does not know that release.
func TinyGoLookup(minor int) (TinyGoRange, bool) {
	for _, r := range tinygoTable {
		if minor >= r.From && minor <= r.To {
			return r, true
		}
	}
	return TinyGoRange{}, false
}

// TinyGoBest is the newest TinyGo release in the table that supports Go
// 1.minor ("0.42"), "" when none does.
func TinyGoBest(minor int) string {
	for i := len(tinygoTable) - 1; i >= 0; i-- {
		if r := tinygoTable[i]; r.Min <= minor && minor <= r.Max {
			return fmt.Sprintf("0.%d", r.To)
		}
	}
	return ""
}

// TinyGoMinor is N of TinyGo 0.N.x ("0.40.0-dev-abc" -> 40), -1 when v
// is not such a version.
func TinyGoMinor(v string) int {
	major, minor, _, ok := modversion.Parts(v)
	if !ok || major != 0 {
		return -1
	}
	return minor
}

// TinyGoVersion is what `tinygo version` says.
type TinyGoVersion struct {
	Line    string // the whole version line
	Release string // "0.41.0"
}

var tinygoVersionRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`tinygo version (\S+) (\S+)/(\S+) \(using go version (\S+) and LLVM version (\S+)\)`)
})

// ParseTinyGoVersion reads the output of `tinygo version`: "tinygo
// version 0.41.0 linux/amd64 (using go version go1.26.8 and LLVM version
// 20.1.1)".
func ParseTinyGoVersion(out string) (TinyGoVersion, bool) {
	m := tinygoVersionRE().FindStringSubmatch(out)
	if m == nil {
		return TinyGoVersion{}, false
	}
	return TinyGoVersion{Line: strings.TrimSpace(m[0]), Release: m[1]}, true
}

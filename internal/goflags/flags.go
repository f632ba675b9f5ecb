package goflags

import (
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/goversion"
)

// Flags is the set of flag names the go command of one Go version accepts
// in GOFLAGS.
type Flags struct {
	version string
	names   map[string]bool
}

// Has reports whether the go command accepts the flag name (without
// dashes) in GOFLAGS.
func (fl *Flags) Has(name string) bool { return fl.names[name] }

// Version is the Go version the table describes ("go1.26").
func (fl *Flags) Version() string { return fl.version }

// Names lists the names in the table, sorted.
func (fl *Flags) Names() []string {
	var out []string
	for n := range fl.names {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// go126 is every flag name of every go subcommand of Go 1.26 (cmd/go
// accepts a GOFLAGS entry when ANY subcommand defines it:
// base.InitGOFLAGS -> hasFlag(Go, name)). Harvested from the flag
// definitions in /usr/local/go/src/cmd/go (go1.26.8) and each name checked
// with `GOFLAGS=-name=1 go version` against go1.26.8. Analyzer flags of
// `go vet` (-printf, ...) are NOT accepted in GOFLAGS.
var go126 = newFlags("go1.26", `C a artifacts asan asmflags bench benchmem benchtime blockprofile
	blockprofilerate buildmode buildvcs c cache changed compat compiled compiler count cover covermode
	coverpkg coverprofile cpu cpuprofile d debug-actiongraph debug-runtime-trace debug-trace deps diff
	dropexclude dropgodebug dropignore dropreplace droprequire dropretract droptool dropuse e exclude exec
	export f failfast find fix fmt fullpath fuzz fuzzcache fuzzminimizetime fuzztime gccgoflags gcflags go
	godebug i ignore insecure installsuffix json ldflags linkshared list m memprofile memprofilerate mod
	modcache modcacherw modfile module msan mutexprofile mutexprofilefraction n o outputdir overlay p
	parallel pgo pkgdir print r race replace require retract retracted reuse run short shuffle skip t tags
	test testcache timeout tool toolchain toolexec trace trimpath u use v vendor versions vet vettool w
	work x`)

func newFlags(version, names string) *Flags {
	fl := &Flags{version: version, names: map[string]bool{}}
	for _, n := range strings.Fields(names) {
		fl.names[n] = true
	}
	return fl
}

// KnownFlags is the table of the flag names the go command of goVersion
// (a GOVERSION such as go1.26.8) accepts in GOFLAGS. ok is false when
// godx has no table for that version: a Go newer than the table (Go 1.27
// and later), whose new flags the table would wrongly reject. Older
// versions and a GOVERSION that is not a Go version get the newest table.
func KnownFlags(goVersion string) (known *Flags, ok bool) {
	if goversion.IsValid(goVersion) && goversion.Compare(goVersion, "go1.27") >= 0 {
		return nil, false
	}
	return go126, true
}

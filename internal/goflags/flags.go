package goflags

import (
	"slices"
	"strconv"
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

// buildFlagKinds says how `go build` (go1.26) parses the value of each of
// its flags whose parse godx can repeat exactly (cmd/go/internal/work
// AddBuildFlags, base.AddModFlag, base.AddModCommonFlags,
// base.AddBuildFlagsNX): a bool flag takes no value or a
// strconv.ParseBool one, -buildvcs also "auto" (buildvcsFlag.Set), -p an
// integer, a string flag any value. Flags whose value cmd/go parses
// further at that point (-gcflags, -ldflags, -asmflags, -gccgoflags,
// -toolexec: quoted words and package patterns; -compiler: a fixed set;
// -C: must come first) are missing, so they are left to the go command.
var buildFlagKinds = map[string]flagKind{
	"a": boolFlag, "n": boolFlag, "x": boolFlag, "v": boolFlag, "asan": boolFlag, "json": boolFlag,
	"linkshared": boolFlag, "msan": boolFlag, "race": boolFlag, "trimpath": boolFlag, "work": boolFlag,
	"modcacherw": boolFlag, "buildvcs": buildvcsFlag, "p": intFlag,
	"buildmode": stringFlag, "installsuffix": stringFlag, "mod": stringFlag, "modfile": stringFlag,
	"overlay": stringFlag, "pgo": stringFlag, "pkgdir": stringFlag, "tags": tagsFlag,
	"debug-actiongraph": stringFlag, "debug-runtime-trace": stringFlag, "debug-trace": stringFlag,
}

type flagKind int

const (
	boolFlag flagKind = iota + 1
	buildvcsFlag
	intFlag
	stringFlag
	tagsFlag
)

// accepts repeats the go command's parse of one GOFLAGS entry for a flag
// of this kind (base.SetFromGOFLAGS then the flag's Set).
func (k flagKind) accepts(e Entry) bool {
	switch k {
	case boolFlag:
		_, err := strconv.ParseBool(e.Value)
		return !e.HasValue || err == nil
	case buildvcsFlag:
		_, err := strconv.ParseBool(e.Value)
		return !e.HasValue || e.Value == "" || e.Value == "auto" || err == nil
	case intFlag:
		_, err := strconv.ParseInt(e.Value, 0, strconv.IntSize)
		return e.HasValue && err == nil
	case stringFlag:
		return e.HasValue
	case tagsFlag:
		// With a space or quote the value is split as quoted words, which can fail.
		return e.HasValue && !strings.ContainsAny(e.Value, " '\"")
	}
	return false
}

// AcceptedByTable reports whether the go command of goVersion (go env
// GOVERSION) certainly accepts entries when `go build` parses GOFLAGS, so
// that Ask need not start it. It answers only for the version the table
// was made from (go1.26.x) and only when every entry is a flag that the
// table knows: a flag `go build` does not define is ignored by it
// (base.SetFromGOFLAGS skips it), and one it defines must have a value
// whose parse godx repeats exactly (buildFlagKinds). Anything else
// (another Go version, a non-flag word, -ldflags, -C, ...) is false: ask
// the go command.
func AcceptedByTable(entries []Entry, goVersion string) bool {
	if goversion.Lang(goversion.WithGo(goVersion)) != go126.version || len(entries) == 0 {
		return false
	}
	for _, e := range entries {
		if e.Name == "" || e.Name == "C" || !go126.Has(e.Name) {
			return false
		}
		if kind, isBuild := buildFlagKinds[e.Name]; isBuild && !kind.accepts(e) {
			return false
		} else if !isBuild && isBuildFlagParsedLater(e.Name) {
			return false
		}
	}
	return true
}

// isBuildFlagParsedLater lists the build flags missing from
// buildFlagKinds on purpose.
func isBuildFlagParsedLater(name string) bool {
	switch name {
	case "asmflags", "compiler", "gcflags", "gccgoflags", "ldflags", "toolexec":
		return true
	}
	return false
}

package setupgo

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/goversion"
)

// The aliases setup-go resolves from its release list.
const (
	Stable    = "stable"
	OldStable = "oldstable"
)

// IsAlias reports a `go-version` of stable or oldstable, which only the
// release list at CI time resolves.
func IsAlias(spec string) bool { return spec == Stable || spec == OldStable }

// Newest is the newest of releases (Go versions, any order) that the
// range admits, as findMatch and the tool cache pick it; ok is false
// when none does.
func Newest(r Range, releases []string) (string, bool) {
	best, found := Version{}, false
	for _, rel := range releases {
		sv, err := MakeSemver(rel)
		if err != nil || !r.Satisfies(sv) {
			continue
		}
		if !found || Compare(sv, best) > 0 {
			best, found = sv, true
		}
	}
	if !found {
		return "", false
	}
	return GoVersion(best), true
}

// AdmitsAtLeast reports whether some Go release at least min (a Go
// version such as "1.22" or "1.22.3") satisfies r, whether or not it
// exists yet: a range such as `1.22` or `>=1.21` admits every future patch
// or minor release, so it never pins CI below min. It looks at every
// release shape from min's minor version on (patches, release
// candidates, betas) and at the versions r itself names.
func AdmitsAtLeast(r Range, min string) bool {
	minor := goversion.Minor(min)
	if minor < 0 {
		return true // not a Go 1 version: nothing to judge
	}
	var cands []Version
	for m := minor; m <= minor+60; m++ {
		for p := 0; p <= 120; p++ {
			cands = append(cands, ver(1, m, p))
		}
		for n := 1; n <= 4; n++ {
			cands = append(cands, ver(1, m, 0, "rc", strconv.Itoa(n)), ver(1, m, 0, "beta", strconv.Itoa(n)))
		}
	}
	for M := 2; M <= 3; M++ {
		cands = append(cands, ver(M, 0, 0), ver(M, 1, 0))
	}
	for _, set := range r.sets {
		for _, c := range set {
			if !c.any {
				cands = append(cands, c.v, ver(c.v.Major, c.v.Minor, c.v.Patch+1))
			}
		}
	}
	for _, c := range cands {
		if goversion.Compare(GoVersion(c), min) >= 0 && r.Satisfies(c) {
			return true
		}
	}
	return false
}

// ResolveAlias is resolveStableVersionInput: for stable the newest final
// release, for oldstable the newest release of the second newest minor
// version. releases are Go versions in any order; ok is false when the
// list is too short.
func ResolveAlias(alias string, releases []string) (string, bool) {
	var finals []Version
	for _, r := range releases {
		if sv, err := MakeSemver(r); err == nil && len(sv.Pre) == 0 {
			finals = append(finals, sv)
		}
	}
	slices.SortFunc(finals, func(a, b Version) int { return Compare(b, a) })
	if len(finals) == 0 {
		return "", false
	}
	if alias == Stable {
		return GoVersion(finals[0]), true
	}
	var minors []string
	for _, v := range finals {
		mm := strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor)
		if !slices.Contains(minors, mm) {
			minors = append(minors, mm)
		}
	}
	if len(minors) < 2 {
		return "", false
	}
	for _, v := range finals {
		// setup-go compares strings: item.startsWith(uniqueVersions[1]).
		if strings.HasPrefix(v.String(), minors[1]) {
			return GoVersion(v), true
		}
	}
	return "", false
}

var (
	toolchainRE   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^toolchain go(1\.\d+(?:\.\d+|rc\d+)?)`) })
	goDirectiveRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^go (\d+(\.\d+)*)`) })
	toolVersRE    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^golang\s+([^\n#]+)`) })
)

// ParseVersionFile is setup-go's parseGoVersionFile: the version spec a
// `go-version-file` yields. For go.mod and go.work it is the toolchain
// line's version (unless GOTOOLCHAIN is local in the step's environment),
// else the go line's; for .tool-versions the golang line's; for any other
// file its whole trimmed content. name is the file's path as written.
func ParseVersionFile(name string, contents []byte, gotoolchainLocal bool) string {
	s := string(contents)
	switch path.Base(strings.ReplaceAll(name, `\`, "/")) {
	case "go.mod", "go.work":
		if !gotoolchainLocal {
			if m := toolchainRE().FindStringSubmatch(s); m != nil {
				return m[1]
			}
		}
		if m := goDirectiveRE().FindStringSubmatch(s); m != nil {
			return m[1]
		}
		return ""
	case ".tool-versions":
		if m := toolVersRE().FindStringSubmatch(s); m != nil {
			return strings.TrimSpace(m[1])
		}
		return ""
	}
	return strings.TrimSpace(s)
}

package toolversion

import (
	"fmt"
	"regexp"
	"sync"

	"github.com/godx-dev/godx/internal/modversion"
)

// StaticcheckPackage is the package `go install` builds staticcheck from.
const StaticcheckPackage = "honnef.co/go/tools/cmd/staticcheck"

// staticcheckReleases maps the minor version of honnef.co/go/tools to the
// release name (lintcmd/version: Version and MachineVersion).
var staticcheckReleases = map[int]string{
	2: "2021.1", 3: "2022.1", 4: "2023.1", 5: "2024.1", 6: "2025.1", 7: "2026.1", 8: "2026.2",
}

// staticcheckDateVersion is the module version of releases before
// v0.2.0, which named the release: v0.0.1-2020.1.6.
var staticcheckDateVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^v0\.0\.1-(\d{4}\.\d+(\.\d+)?)`) })

// StaticcheckRelease names a honnef.co/go/tools version as staticcheck
// releases are named: v0.6.1 -> "2025.1.1 (v0.6.1)". Versions it cannot
// name are returned as they are ("unknown" for "").
func StaticcheckRelease(v string) string {
	if m := staticcheckDateVersion().FindStringSubmatch(v); m != nil {
		return m[1] + " (" + v + ")"
	}
	if modversion.Release(v) != v || v == "" {
		return ShowVersion(v)
	}
	major, minor, patch, _ := modversion.Parts(v)
	if major != 0 || minor < 2 {
		return v
	}
	rel, ok := staticcheckReleases[minor]
	if !ok {
		return v
	}
	if patch > 0 {
		rel += fmt.Sprintf(".%d", patch)
	}
	return rel + " (" + v + ")"
}

var (
	staticcheckBuiltRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`Compiled with Go version: (\S+)`) })
	staticcheckModuleRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`Main module: honnef\.co/go/tools@(\S+)`) })
)

// ParseStaticcheckVersion reads the output of `staticcheck
// -debug.version`: "Compiled with Go version: go1.26.8" gives built, and
// "Main module: honnef.co/go/tools@v0.7.0 ..." the version ("" when that
// line is missing).
func ParseStaticcheckVersion(out string) (version, built string, err error) {
	m := staticcheckBuiltRE().FindStringSubmatch(out)
	if m == nil {
		return "", "", unexpected(out)
	}
	if mv := staticcheckModuleRE().FindStringSubmatch(out); mv != nil {
		version = mv[1]
	}
	return version, m[1], nil
}

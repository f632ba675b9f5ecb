package module

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/godx-dev/godx/internal/buildgraph"
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
)

// gomodDepsNewer reports a go line older than a direct dependency's that
// is Go 1.21 or later: since Go 1.21 a module's go line must be at least
// its dependencies', and the go command, which may not edit go.mod in a
// build (-mod=readonly), stops every build, test and list with "updates to
// go.mod needed". A missing go line counts as go 1.16, as for the go
// command. From go 1.17 on the graph is pruned and loaded lazily, so the
// go command's package load (buildgraph) confirms it. The go.mod of a dependency is read from its replacement
// directory or from the module cache; one that is not there is skipped
// (the go command would have to download it first), and so are
// dependencies of dependencies. Vendor and workspace modes load the graph
// differently and are not judged here.
func gomodDepsNewer(pass *check.Pass, ge *facts.GoEnv, m *facts.ModFile, dirty string) {
	f := pass.Facts
	mainGo := m.GoLine()
	if mainGo == "" {
		mainGo = "1.16"
	}
	replaced := map[module.Version]module.Version{}
	for _, r := range m.Mod.Replace {
		replaced[r.Old] = r.New
	}
	for _, req := range m.Mod.Require {
		dep := req.Mod
		goLine, from := "", ""
		to, ok := replaced[dep]
		if !ok {
			to, ok = replaced[module.Version{Path: dep.Path}]
		}
		switch {
		case ok && to.Version == "":
			dir := filepath.FromSlash(to.Path)
			if !f.IsAbs(dir) {
				dir = filepath.Join(filepath.Dir(m.Path), dir)
			}
			from = filepath.Join(dir, "go.mod")
		case ok:
			from = gomodCachedMod(ge, to)
		default:
			from = gomodCachedMod(ge, dep)
		}
		if from == "" {
			continue
		}
		data, err := f.ReadFile(from)
		if err != nil {
			continue
		}
		goLine = gotoolchain.GoModLookup(data, "go")
		if goLine == "" || goversion.Compare(goLine, "1.21") < 0 || goversion.Compare(goLine, mainGo) <= 0 {
			continue
		}
		if _, err := modfile.ParseLax(from, data, nil); err != nil {
			continue
		}
		if goversion.Compare(mainGo, "1.17") >= 0 {
			// A pruned module graph is loaded lazily: the dependency's go
			// line counts only once a package of it is imported. The go
			// command's own package load says whether that happens.
			_, err := check.ResultOf(pass, buildgraph.Of)
			if err == nil || !strings.Contains(err.Error(), "updates to go.mod needed") {
				return
			}
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The go line of %s (%s) is older than its dependency %s needs (go %s).", m.Path, gomodShow(m.GoLine()), dep.Path, goLine),
			Detail: "Since Go 1.21 a module's go line must be at least that of each dependency that declares Go 1.21 or later. The go command would raise it, " +
				"but builds may not edit go.mod, so every build, test and list fails with\n  " + dirty,
			Evidence: check.Evidence{check.F("go.mod", m.Path), check.F("go line", gomodShow(m.GoLine())),
				check.F("dependency", dep.Path+" "+dep.Version), check.F("its go.mod", from), check.F("its go line", goLine)},
			Fix: &check.Fix{
				Description: fmt.Sprintf("Raise the go line to %s (go mod tidy does it, with the other updates go.mod needs), in the directory of %s.", goLine, m.Path),
				Commands:    []string{"go mod tidy"},
			},
		})
		return
	}
}

// gomodToolchainDropped reports a toolchain line the go command removes
// whenever it writes go.mod (modload.updateModFile): one equal to "go"
// plus the go line, one that names no release (default), or one older
// than Go 1.21. Builds may not edit go.mod, so every build, test and list
// stops with "updates to go.mod needed".
func gomodToolchainDropped(pass *check.Pass, m *facts.ModFile, dirty string) {
	tc := m.ToolchainLine()
	if tc == "" {
		return
	}
	goLine := m.GoLine()
	if goLine == "" {
		goLine = "1.16"
	}
	tv := goversion.FromToolchain(tc)
	why := ""
	switch {
	case tc == "go"+goLine:
		why = "it only repeats the go line"
	case tv == "":
		why = "it names no release"
	case goversion.Compare(tv, "1.21") < 0:
		why = "it names a release older than Go 1.21, which knows no toolchain line"
	default:
		return
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("The toolchain line of %s (%s) is one the go command removes: %s.", m.Path, tc, why),
		Detail:   "The go command drops such a line whenever it writes go.mod, but builds may not edit go.mod, so every build, test and list fails with\n  " + dirty,
		Evidence: check.Evidence{check.F("go.mod", m.Path), check.F("go line", gomodShow(m.GoLine())), check.F("toolchain line", tc)},
		Fix: &check.Fix{
			Description: fmt.Sprintf("Remove the toolchain line (or run go mod tidy), in the directory of %s.", m.Path),
			Commands:    []string{"go mod edit -toolchain=none"},
		},
	})
}

// gomodCachedMod is the go.mod of a module version in the module
// cache's download directory ("" when it cannot be named).
func gomodCachedMod(ge *facts.GoEnv, v module.Version) string {
	mc := ge.Get("GOMODCACHE")
	if mc == "" || v.Version == "" {
		return ""
	}
	p, err := module.EscapePath(v.Path)
	if err != nil {
		return ""
	}
	ver, err := module.EscapeVersion(v.Version)
	if err != nil {
		return ""
	}
	return filepath.Join(mc, "cache", "download", filepath.FromSlash(p), "@v", ver+".mod")
}

func gomodShow(goLine string) string {
	if goLine == "" {
		return "none: go 1.16 is assumed"
	}
	return goLine
}

// Package modvendor replays what the go command does with a module's
// vendor directory (cmd/go/internal/modload/vendor.go and
// setDefaultBuildMod): when it builds from vendor/ without being asked,
// how it reads vendor/modules.txt, and the differences from go.mod that
// make it refuse to build ("inconsistent vendoring").
package modvendor

import (
	"fmt"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
)

// UsedByDefault replays cmd/go's setDefaultBuildMod when -mod is not
// set: whether the go command builds from the vendor directory of root
// (the main module's directory, or the go.work directory in workspace
// mode). It does when that directory exists, the go line (of go.mod, or
// of go.work in workspace mode) is 1.14 or later — a missing go line
// does not count — and vendor/modules.txt was made in the same mode (a
// workspace's starts with "## workspace").
func UsedByDefault(f *facts.Facts, root, goLine string, workspace bool) bool {
	dir := f.JoinPath(root, "vendor")
	if st, err := f.OS.Stat(dir); err != nil || !st.IsDir() {
		return false
	}
	if goLine == "" || goversion.Compare(goLine, "go1.14") < 0 {
		return false
	}
	data, err := f.ReadFile(f.JoinPath(dir, "modules.txt"))
	if err != nil && !facts.IsNotExist(err) {
		return false // the go command stops: "reading modules.txt for vendor directory"
	}
	return ForWorkspace(data) == workspace
}

// ForWorkspace reports whether vendor/modules.txt (its content) was made
// by `go work vendor`: its first line is an annotation that lists
// "workspace" (cmd/go's modulesTextIsForWorkspace).
func ForWorkspace(modulesTxt []byte) bool {
	line, _, _ := strings.Cut(string(modulesTxt[:min(len(modulesTxt), 512)]), "\n")
	ann, ok := strings.CutPrefix(line, "## ")
	if !ok {
		return false
	}
	for _, e := range strings.Split(ann, ";") {
		if strings.TrimSpace(e) == "workspace" {
			return true
		}
	}
	return false
}

// meta is what modules.txt says about one module.
type meta struct {
	explicit    bool
	replacement module.Version
}

// Modules is the content of vendor/modules.txt.
type Modules struct {
	list     []module.Version // modules that provide packages
	replaced []module.Version
	meta     map[module.Version]meta
}

// Parse reads vendor/modules.txt like cmd/go's readVendorList: module
// lines ("# path version [=> replacement]"), their "## explicit"
// annotations and the packages they provide. Lines it does not understand
// are skipped, as the go command skips them.
func Parse(data []byte) *Modules {
	v := &Modules{meta: map[module.Version]meta{}}
	listed := map[string]string{} // module path -> highest version listed
	var mod module.Version
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "# ") {
			fs := strings.Fields(line)
			if len(fs) < 3 {
				continue
			}
			if semver.IsValid(fs[2]) {
				mod = module.Version{Path: fs[1], Version: fs[2]}
				fs = fs[3:]
			} else if fs[2] == "=>" {
				mod = module.Version{Path: fs[1]}
				fs = fs[2:]
			} else {
				mod = module.Version{}
				continue
			}
			if len(fs) >= 2 && fs[0] == "=>" {
				m := v.meta[mod]
				if len(fs) == 2 {
					m.replacement = module.Version{Path: fs[1]}
					v.replaced = append(v.replaced, mod)
				} else if len(fs) == 3 && semver.IsValid(fs[2]) {
					m.replacement = module.Version{Path: fs[1], Version: fs[2]}
					v.replaced = append(v.replaced, mod)
				}
				v.meta[mod] = m
			}
			continue
		}
		if mod.Path == "" {
			continue
		}
		if ann, ok := strings.CutPrefix(line, "## "); ok {
			m := v.meta[mod]
			for _, a := range strings.Split(ann, ";") {
				if strings.TrimSpace(a) == "explicit" {
					m.explicit = true
				}
			}
			v.meta[mod] = m
			continue
		}
		if fs := strings.Fields(line); len(fs) == 1 && module.CheckImportPath(fs[0]) == nil {
			// A package: its module is in the build list. cmd/go lists a
			// path again only for a higher version than it has listed.
			if old, ok := listed[mod.Path]; !ok || semver.Compare(old, mod.Version) < 0 {
				listed[mod.Path] = mod.Version
				v.list = append(v.list, mod)
			}
		}
	}
	return v
}

// Inconsistencies is cmd/go's checkVendorConsistency for a single main
// module: the lines the go command lists under "go: inconsistent
// vendoring in DIR:", in its order, or none when vendor (nil: no
// modules.txt) agrees with the require and replace lines of gomod.
// gomodName is go.mod as the go command names it (base.ShortPath).
func Inconsistencies(gomod *modfile.File, vendor *Modules, gomodName string) []string {
	if vendor == nil {
		vendor = Parse(nil)
	}
	var lines []string
	add := func(mv module.Version, format string, args ...any) {
		lines = append(lines, describe(mv)+": "+fmt.Sprintf(format, args...))
	}
	required := map[module.Version]bool{}
	for _, r := range gomod.Require {
		required[r.Mod] = true
		if !vendor.meta[r.Mod].explicit {
			add(r.Mod, "is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt")
		}
	}
	seen := map[module.Version]bool{}
	for _, r := range gomod.Replace {
		if seen[r.Old] {
			continue
		}
		seen[r.Old] = true
		vr := vendor.meta[r.Old].replacement
		switch {
		case vr == (module.Version{}):
			add(r.Old, "is replaced in %s, but not marked as replaced in vendor/modules.txt", gomodName)
		case vr != r.New:
			add(r.Old, "is replaced by %s in %s, but marked as replaced by %s in vendor/modules.txt", describe(r.New), gomodName, describe(vr))
		}
	}
	for _, mv := range vendor.list {
		if vendor.meta[mv].explicit && !required[mv] {
			add(mv, "is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod")
		}
	}
	for _, mv := range vendor.replaced {
		found := false
		for _, r := range gomod.Replace {
			if r.Old.Path == mv.Path && (r.Old.Version == "" || r.Old.Version == mv.Version) {
				found = true
				break
			}
		}
		if !found {
			add(mv, "is marked as replaced in vendor/modules.txt, but not replaced in go.mod")
		}
	}
	return lines
}

// describe is path@version, or path for a module without a version (a
// directory replacement).
func describe(mv module.Version) string {
	if mv.Version == "" {
		return mv.Path
	}
	return mv.Path + "@" + mv.Version
}

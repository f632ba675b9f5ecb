package soak

import (
	"fmt"
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/english"
)

// Reproducibility verdicts.
const (
	Reproducible    = "reproducible"
	NotReproducible = "not-reproducible"
	// NotChecked: fewer than two successful builds with fresh caches,
	// so "reproducible" cannot be claimed (identical binaries from the
	// shared cache prove little: the second build reuses the first).
	NotChecked = "not-checked"
)

// Reproducibility is the verdict on the binaries' hashes across builds.
type Reproducibility struct {
	Verdict string `json:"verdict"`
	Summary string `json:"summary"`
	// FreshBuilds is how many successful builds had their own empty
	// GOCACHE; Builds counts every successful build compared.
	FreshBuilds int              `json:"fresh_builds"`
	Builds      int              `json:"builds"`
	Binaries    []BinaryVersions `json:"binaries,omitempty"`
	// Causes explain the differences, one sentence each.
	Causes []string `json:"causes,omitempty"`
	// InputsChanged is set when the project's files changed during the
	// soak, so later builds were of different sources.
	InputsChanged []string `json:"inputs_changed,omitempty"`
}

// BinaryVersions are the distinct hashes one binary had.
type BinaryVersions struct {
	Name     string          `json:"name"`
	Versions []BinaryVersion `json:"versions"`
}

// BinaryVersion is one hash and the builds that produced it.
type BinaryVersion struct {
	SHA256 string   `json:"sha256"`
	Builds []string `json:"builds"`
}

// labeledBuild is a successful build with its display label.
type labeledBuild struct {
	label string
	b     *Build
}

// allBuilds lists the report's builds in the order they ran.
func allBuilds(r *Report) []labeledBuild {
	var out []labeledBuild
	for i := range r.Repro {
		out = append(out, labeledBuild{fmt.Sprintf("fresh %d", i+1), &r.Repro[i]})
	}
	for _, it := range r.Iterations {
		if it.Build != nil {
			out = append(out, labeledBuild{fmt.Sprintf("run %d", it.N), it.Build})
		}
	}
	return out
}

func analyzeRepro(r *Report) Reproducibility {
	var rep Reproducibility
	builds := allBuilds(r)
	byName := map[string]*BinaryVersions{}
	var names []string
	freshHashes := map[string]map[string]bool{} // name -> hashes among fresh builds
	var changed []string
	for _, lb := range builds {
		for _, f := range lb.b.InputsChanged {
			if !slices.Contains(changed, f) {
				changed = append(changed, f)
			}
		}
		if !lb.b.OK {
			continue
		}
		rep.Builds++
		if lb.b.Cache == "fresh" {
			rep.FreshBuilds++
		}
		for _, bin := range lb.b.Binaries {
			bv := byName[bin.Name]
			if bv == nil {
				bv = &BinaryVersions{Name: bin.Name}
				byName[bin.Name] = bv
				names = append(names, bin.Name)
			}
			i := slices.IndexFunc(bv.Versions, func(v BinaryVersion) bool { return v.SHA256 == bin.SHA256 })
			if i < 0 {
				bv.Versions = append(bv.Versions, BinaryVersion{SHA256: bin.SHA256})
				i = len(bv.Versions) - 1
			}
			bv.Versions[i].Builds = append(bv.Versions[i].Builds, lb.label)
			if lb.b.Cache == "fresh" {
				if freshHashes[bin.Name] == nil {
					freshHashes[bin.Name] = map[string]bool{}
				}
				freshHashes[bin.Name][bin.SHA256] = true
			}
		}
	}
	slices.Sort(names)
	var differing []string
	for _, n := range names {
		rep.Binaries = append(rep.Binaries, *byName[n])
		if len(byName[n].Versions) > 1 {
			differing = append(differing, n)
		}
	}
	rep.InputsChanged = changed
	for _, d := range r.BinaryDiffs {
		for _, c := range DiffCauses(d) {
			if !slices.Contains(rep.Causes, c) {
				rep.Causes = append(rep.Causes, c)
			}
		}
	}
	freshDiffer := false
	for _, hs := range freshHashes {
		if len(hs) > 1 {
			freshDiffer = true
		}
	}
	nbin := len(names)
	switch {
	case rep.Builds == 0:
		rep.Verdict = NotChecked
		rep.Summary = "no build succeeded, so there was nothing to compare"
	case nbin == 0:
		rep.Verdict = NotChecked
		rep.Summary = "the builds produced no binaries to compare"
	case freshDiffer:
		rep.Verdict = NotReproducible
		rep.Summary = fmt.Sprintf("builds with separate fresh caches gave different binaries (%s)", strings.Join(differing, ", "))
	case len(differing) > 0 && len(changed) == 0:
		rep.Verdict = NotReproducible
		rep.Summary = fmt.Sprintf("builds of unchanged sources gave different binaries (%s)", strings.Join(differing, ", "))
	case rep.FreshBuilds < 2:
		rep.Verdict = NotChecked
		rep.Summary = fmt.Sprintf("%d builds from the shared build cache gave identical binaries; fewer than 2 builds used fresh caches (--repro 2 checks that)", rep.Builds)
		if len(differing) > 0 {
			rep.Summary = fmt.Sprintf("binaries changed during the soak because project files changed (%s); fewer than 2 builds used fresh caches", strings.Join(changed, ", "))
		}
	case len(differing) > 0:
		rep.Verdict = Reproducible
		rep.Summary = fmt.Sprintf("%d builds with separate fresh caches gave identical binaries; later builds differ only because project files changed during the soak (%s)",
			rep.FreshBuilds, strings.Join(changed, ", "))
	default:
		rep.Verdict = Reproducible
		rep.Summary = fmt.Sprintf("%d builds (%d with separate fresh caches) gave identical binaries (%d %s)",
			rep.Builds, rep.FreshBuilds, nbin, english.Plural(nbin, "binary", "binaries"))
	}
	return rep
}

// DiffCauses turns a BinaryDiff into sentences naming the likely causes.
func DiffCauses(d BinaryDiff) []string {
	var out []string
	if len(d.Inputs) > 0 {
		out = append(out, fmt.Sprintf("project files changed between the builds (%s): something (a test, a generator) writes into the source tree", strings.Join(d.Inputs, ", ")))
	}
	if len(d.GoVersion) == 2 {
		out = append(out, fmt.Sprintf("different Go toolchains built them (%s vs %s)", d.GoVersion[0], d.GoVersion[1]))
	}
	for _, s := range d.Settings {
		switch s.Key {
		case "vcs.modified":
			out = append(out, fmt.Sprintf("vcs.modified changed from %s to %s: the working tree changed between the builds (an edited or new untracked file), and the go command stamps `git status` into the binary; build outside the tree, commit or ignore the file, or use -buildvcs=false", orEmpty(s.A), orEmpty(s.B)))
		case "vcs.revision", "vcs.time":
			out = append(out, fmt.Sprintf("%s changed (%s vs %s): a different commit was checked out", s.Key, orEmpty(s.A), orEmpty(s.B)))
		case "-ldflags":
			out = append(out, fmt.Sprintf("-ldflags differ (%q vs %q): a value injected per build, such as a date or a counter, makes every binary unique", s.A, s.B))
		default:
			out = append(out, fmt.Sprintf("build setting %s differs (%s vs %s)", s.Key, orEmpty(s.A), orEmpty(s.B)))
		}
	}
	if len(d.Deps) > 0 {
		out = append(out, fmt.Sprintf("dependencies differ: %s", strings.Join(d.Deps, ", ")))
	}
	if len(d.AbsPaths) > 0 {
		out = append(out, fmt.Sprintf("absolute paths of this machine are embedded (%s): build with -trimpath, and keep paths out of cgo flags and generated code", strings.Join(d.AbsPaths, ", ")))
	}
	if len(d.Cgo) > 0 {
		out = append(out, fmt.Sprintf("C code is linked in through cgo (%s): the C compiler, its version and CGO_* flags are build inputs that -trimpath builds do not record", strings.Join(d.Cgo, ", ")))
	}
	if len(d.Strings) > 0 && !hasSetting(d, "-ldflags") {
		out = append(out, fmt.Sprintf("embedded strings differ (%s): typically a value injected per build with -ldflags -X (a date, a counter), which -trimpath builds do not record in their build info, or generated or embedded data", strings.Join(d.Strings, "; ")))
	}
	if len(out) == 0 {
		s := "no difference in build info, inputs or embedded paths"
		if len(d.Sections) > 0 {
			s += "; the sections that differ are " + strings.Join(d.Sections, ", ")
		}
		out = append(out, s+": an input the build info does not record (environment, C toolchain, a nondeterministic tool) changed")
	}
	return out
}

func orEmpty(s string) string {
	if s == "" {
		return "(unset)"
	}
	return s
}

func hasSetting(d BinaryDiff, key string) bool {
	for _, s := range d.Settings {
		if s.Key == key {
			return true
		}
	}
	return false
}

package project

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/golangciconfig"
	"github.com/godx-dev/godx/internal/goreleases"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/setupgo"
	"github.com/godx-dev/godx/internal/versionsources"
)

// GoVersions compares every Go version the repository names with what
// its go.mod (or go.work) files require.
var GoVersions = &check.Check{
	ID:    "project/go-versions",
	Title: "Go versions named in the repository",
	Doc: check.Doc{
		What: "Walks the repository (its git worktree, else the project directory; five levels, 20,000 entries, 400 files, " +
			"skipping .git, vendor, node_modules, testdata and hidden directories other than .devcontainer and .github) for every place " +
			"that names a Go version: go.mod and go.work go and toolchain lines (each module of a monorepo), .go-version, .tool-versions, " +
			"mise.toml and .mise.toml, devcontainer.json (its image and the Go feature's version), Dockerfiles (FROM golang:X, read with " +
			"BuildKit's parser, ARG defaults substituted), .github/workflows/*.yml (actions/setup-go's go-version and go-version-file, " +
			"${{ matrix.KEY }} values, job containers, golangci-lint-action's version), .gitlab-ci.yml images and .golangci.yml or .golangci.json (the one golangci-lint loads) " +
			"(version, run.go). Each is compared with the go line of the go.work or go.mod that governs its directory.",
		Why: "Since Go 1.21 the go line is a minimum. A Go older than it either refuses to work (GOTOOLCHAIN=local, which the official " +
			"golang images and actions/setup-go v6 and later set) or silently downloads the newer toolchain and runs that " +
			"(GOTOOLCHAIN=auto, the default of Go's own distribution), so a CI matrix entry for an older Go tests the go.mod's Go " +
			"instead, twice. YAML reads an unquoted `go-version: 1.20` as the number 1.2, so setup-go installs Go 1.2.",
		How: "setup-go's go-version is matched as setup-go matches it (npm semver ranges: 1.22 and 1.22.x are every 1.22 release, " +
			"^1.22 every 1.x from 1.22, ~1.22 and >=1.21 as in semver; stable and oldstable are resolved from godx's Go release list). " +
			"A source is reported only when no version it admits reaches the go line (1.22 never breaks a go 1.22.3 line: a newer " +
			"patch is used; the runner's tool cache may still hold an older one, which check-latest: true avoids). Image tags and " +
			"version-manager values are prefixes (1.21 is the newest 1.21.x). " +
			"Error: a golang image older than the go line (the image sets GOTOOLCHAIN=local); setup-go older than the go line when " +
			"GOTOOLCHAIN=local is in effect (setup-go v6 and later export it; or the workflow's env); a go-version-file that does not exist; " +
			"a go-version setup-go cannot match; golangci-lint pinned in CI at a major version that refuses the .golangci.yml. " +
			"Warning: setup-go (v5 and earlier), a dev container's Go or a version-manager pin older than the go line (GOTOOLCHAIN=auto " +
			"switches silently; the matrix then tests the same Go more than once); .golangci.yml run.go newer than the go line. " +
			"Info: a golang image older than the toolchain line (GOTOOLCHAIN=local in the image ignores it). Versions that differ but " +
			"work are listed in the evidence only.",
		Fix: "`godx fix` rewrites the stale value to match go.mod (setup-go go-version, image tags and ARG defaults, .go-version, " +
			".tool-versions, mise.toml, the devcontainer Go feature, run.go), changing nothing else in the file, with the usual plan, " +
			"backup and undo. Matrix entries and golangci-lint majors are left to you: drop the entry older than the go line, or pin " +
			"the golangci-lint major the configuration is written for. Or use `go-version-file: go.mod` so CI follows go.mod.",
		Errors: []string{
			"go: go.mod requires go >= 1.22.0 (running go 1.21.13; GOTOOLCHAIN=local)",
			"The specified go version file at: go.mod does not exist",
			golangciconfig.V1RefusesV2Config,
			golangciconfig.V2RefusesConfig(""),
		},
	},
	Network:  check.OptionalNetwork,
	Requires: []facts.Requirement{goreleases.Known},
	Run:      runGoVersions,
}

// judge is one run's shared state.
type judge struct {
	pass *check.Pass
	f    *facts.Facts
	set  *versionsources.Set
	rel  []string // Go releases, loaded on first use
	src  string   // where they came from
	done bool
	n    int // findings reported
}

func runGoVersions(pass *check.Pass) error {
	f := pass.Facts
	set := versionsources.Collect(pass.Context, f)
	mods := set.Of(versionsources.GoModGo, versionsources.GoWorkGo)
	if len(mods) == 0 {
		return check.Skip("no go.mod or go.work with a go line under %s", set.Root)
	}
	j := &judge{pass: pass, f: f, set: set}
	matrix := map[string][]matrixEntry{}
	var order []string // matrix keys in file order, so findings keep it
	for _, s := range set.Sources {
		switch s.Kind {
		case versionsources.SetupGo, versionsources.SetupGoFile:
			if e, ok := j.setupGo(s); ok {
				key := s.Workflow + "\x00" + s.MatrixKey
				if _, seen := matrix[key]; !seen {
					order = append(order, key)
				}
				matrix[key] = append(matrix[key], e)
			}
		case versionsources.Dockerfile, versionsources.JobContainer, versionsources.GitLabImage, versionsources.DevcontainerImage:
			j.image(s)
		case versionsources.GoVersionFile, versionsources.ToolVersions, versionsources.Mise, versionsources.DevcontainerFeature:
			j.manager(s)
		case versionsources.GolangciRunGo:
			j.runGo(s)
		case versionsources.GolangciLintAction:
			j.lintAction(s)
		}
	}
	for _, key := range order {
		j.matrixTwice(matrix[key])
	}
	if j.n == 0 {
		summary := j.summary(mods)
		if set.Truncated != "" {
			summary += " (not all files read: " + set.Truncated + ")"
		}
		pass.Observe(summary, j.evidence()...)
	}
	return nil
}

func (j *judge) summary(mods []versionsources.Source) string {
	var lines []string
	for i, m := range mods {
		if i == 4 && len(mods) > 5 {
			// A big monorepo: the evidence (-v) lists them all.
			lines = append(lines, fmt.Sprintf("%d more", len(mods)-4))
			break
		}
		lines = append(lines, j.short(m.Path)+" go "+m.Version)
	}
	switch others := len(j.set.Sources) - len(mods); others {
	case 0:
		return strings.Join(lines, ", ") + "; no other file names a Go version"
	case 1:
		return strings.Join(lines, ", ") + "; 1 other version source agrees"
	default:
		return fmt.Sprintf("%s; %d other version sources agree", strings.Join(lines, ", "), others)
	}
}

// evidence lists every source read.
func (j *judge) evidence() check.Evidence {
	ev := check.Evidence{check.F("repository root", j.set.Root)}
	for _, s := range j.set.Sources {
		v := s.Text
		if s.Image != "" && s.Kind != versionsources.DevcontainerFeature {
			v = s.Image
		}
		switch {
		case s.Kind == versionsources.GolangciConfig && s.Line == 0:
			v = "no version key (a v1 configuration)"
		case s.Kind == versionsources.GolangciLintAction && s.Text == "":
			v = "latest (no version input of " + s.Action + ")"
		}
		if s.Version != s.Text && s.Version != "" {
			v += " (read as " + s.Version + ")"
		}
		if s.Note != "" {
			v += " (" + s.Note + ")"
		}
		if s.Kind == versionsources.SetupGo && setupgo.IsAlias(s.Version) {
			if r, ok := setupgo.ResolveAlias(s.Version, j.releases()); ok {
				v += " (resolved at CI time; " + r + " by godx's release list: " + j.src + ")"
			} else {
				v += " (resolved at CI time)"
			}
		}
		ev = append(ev, check.F(string(s.Kind), j.short(s.Path)+lineSuffix(s.Line)+": "+v))
	}
	for _, p := range j.set.Problems {
		ev = append(ev, check.F("not read", p))
	}
	if j.set.Truncated != "" {
		ev = append(ev, check.F("walk", j.set.Truncated))
	}
	return ev
}

func lineSuffix(n int) string {
	if n > 0 {
		return ":" + strconv.Itoa(n)
	}
	return ""
}

// short is p relative to the repository root, with slashes.
func (j *judge) short(p string) string {
	if r, err := j.f.RelPath(j.set.Root, p); err == nil {
		return strings.ReplaceAll(r, `\`, "/")
	}
	return p
}

func (j *judge) where(s versionsources.Source) string { return j.short(s.Path) + lineSuffix(s.Line) }

// releases is godx's Go release list (nil when it cannot be had).
func (j *judge) releases() []string {
	if !j.done {
		j.done = true
		if r, err := check.ResultOf(j.pass, goreleases.Known); err == nil {
			j.rel, j.src = r.Versions, r.Source
		}
	}
	return j.rel
}

// target is the go line governing s's directory, and its file's name as
// the go command prints it.
func (j *judge) target(s versionsources.Source) (goLine versionsources.Source, tc *versionsources.Source, ok bool) {
	g, tc, ok := j.set.Module(j.f, s.Dir)
	if !ok || g.Version == "" || !goversion.IsValid(g.Version) {
		return g, tc, false
	}
	return g, tc, true
}

// tooNew is the go command's error for a Go older than the go line with
// GOTOOLCHAIN=local (running is a Go version such as 1.21.13).
func tooNew(g versionsources.Source, running string) string {
	file := &gotoolchain.File{Short: path.Base(strings.ReplaceAll(g.Path, `\`, "/")), Go: g.Version}
	return gotoolchain.TooNewError(gotoolchain.Selection{Value: "local", ChosenVers: running}, file)
}

// prefixAdmits reports whether a Go version used as a prefix (an image
// tag, a version manager's value: 1.21 is the newest 1.21.x) can be at
// least need. A value godx cannot read admits everything.
func prefixAdmits(v, need string) bool {
	if goversion.IsValid(v) && goversion.IsPrerelease(v) {
		return goversion.Compare(v, need) >= 0
	}
	r, err := setupgo.ParseRange(v)
	if err != nil {
		return true
	}
	return setupgo.AdmitsAtLeast(r, need)
}

// running is the concrete Go a prefix or range v resolves to: itself
// when it names one release, else the newest matching release godx
// knows ("" when none).
func (j *judge) running(v string, exactOnly bool) string {
	if goversion.IsValid(v) && (strings.Count(v, ".") == 2 || goversion.IsPrerelease(v)) {
		return v
	}
	if exactOnly {
		return ""
	}
	if r, err := setupgo.ParseRange(v); err == nil {
		if n, ok := setupgo.Newest(r, j.releases()); ok {
			return n
		}
	}
	return ""
}

// fixTarget is the version a fix writes for the module whose go line is
// g: its toolchain line when that names a newer release (the Go the
// module is developed with, which GOTOOLCHAIN=auto switches to anyway
// and setup-go's go-version-file reads), else the go line; what says
// which, for the fix's description.
func (j *judge) fixTarget(g versionsources.Source, tc *versionsources.Source) (v, what string) {
	if tc != nil && tc.Version != "" && !goversion.IsLang(tc.Version) && goversion.Compare(tc.Version, g.Version) > 0 {
		return tc.Version, "the toolchain line of " + j.short(tc.Path)
	}
	return g.Version, "the go line of " + j.short(g.Path)
}

// samePrecision writes need in the shape of old: 1.21 → 1.22, 1.21.5 →
// 1.22.0 (a language version go line becomes its first release).
func samePrecision(old, need string) string {
	if strings.Count(old, ".") == 1 && !goversion.IsPrerelease(old) {
		return goversion.Lang(need)
	}
	return goversion.TrimGo(goversion.Release(need))
}

// yamlText is v as a fix writes it over s's text: in single quotes when
// the old value had none, as setup-go's README asks, so that YAML never
// reads it as a number (1.30 would be 1.3).
func yamlText(s versionsources.Source, v string) string {
	if !s.Quoted {
		return "'" + v + "'"
	}
	return v
}

// shortDir is a directory for a sentence.
func (j *judge) shortDir(d string) string {
	if s := j.short(d); s != "." {
		return s
	}
	return "the repository root"
}

func (j *judge) report(fd check.Finding) {
	j.n++
	j.pass.Report(fd)
}

func (j *judge) editFix(s versionsources.Source, newText, description string) *check.Fix {
	return &check.Fix{
		Description: description,
		Auto:        check.EditFix(s.Path, versionsources.Replace(s.Line, s.Column, s.Text, newText)),
	}
}

package project

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/golangciconfig"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/setupgo"
	"github.com/godx-dev/godx/internal/versionsources"
)

// matrixEntry is one setup-go value and the Go its job really runs.
type matrixEntry struct {
	src      versionsources.Source
	runs     string // the Go that runs ("" when unknown)
	switched bool   // GOTOOLCHAIN=auto switched away from the Go set up
	finding  *check.Finding
}

var actionMajorRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`@v(\d+)(?:[.\s]|$)`) })

// actionMajor is N of uses: actions/setup-go@vN[.x.y] (0 when the ref is
// a branch or a commit).
func actionMajor(uses string) int {
	if m := actionMajorRE().FindStringSubmatch(uses); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// setupGo judges one setup-go value. It returns the job's matrix entry
// (ok false when there is nothing to compare) with the finding, if any,
// still to be reported: matrixTwice adds what the other entries of the
// matrix run.
func (j *judge) setupGo(s versionsources.Source) (matrixEntry, bool) {
	if s.Kind == versionsources.SetupGoFile && s.Note == "missing" {
		j.report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s: setup-go's go-version-file %s does not exist.", s.Workflow, s.Text),
			Detail: fmt.Sprintf("setup-go reads the file from the workspace (the repository root), not from the job's working directory, "+
				"and fails the step with `The specified go version file at: %s does not exist`.", s.Text),
			Fix:      &check.Fix{Description: "Name the go.mod of the module the job builds, relative to the repository root (for example `go-version-file: go.mod` or `svc/go.mod`)."},
			Position: check.At(s.Path, s.Line, s.Column),
		})
		return matrixEntry{}, false
	}
	spec := s.Version
	if spec == "" {
		return matrixEntry{}, false
	}
	g, tc, ok := j.target(s)
	if !ok {
		return matrixEntry{}, false
	}
	need := g.Version
	e := matrixEntry{src: s}
	var runs string
	var pre121 bool // every Go the value admits predates Go 1.21
	if setupgo.IsAlias(spec) {
		v, ok := setupgo.ResolveAlias(spec, j.releases())
		if !ok {
			return matrixEntry{}, false // resolved at CI time
		}
		if goversion.Compare(v, need) >= 0 {
			e.runs = v
			return e, true
		}
		runs, pre121 = v, goversion.Compare(v, "1.21") < 0
	} else {
		r, err := setupgo.ParseRange(spec)
		if err != nil {
			fd := check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("%s: setup-go cannot match go-version %q.", s.Workflow, spec),
				Detail: fmt.Sprintf("setup-go matches go-version as an npm semver range (1.22, 1.22.x, ^1.22, >=1.21, 1.22.0-rc.1) or the aliases "+
					"stable and oldstable; %q is none of them, so no release matches and the step fails with `Unable to find Go version '%s' for platform …`.", spec, spec),
				Position: check.At(s.Path, s.Line, s.Column),
			}
			if s.MatrixKey == "" && s.Kind == versionsources.SetupGo && !s.Templated {
				v, what := j.fixTarget(g, tc)
				fd.Fix = j.editFix(s, yamlText(s, v), fmt.Sprintf("Set go-version to %s, %s.", v, what))
			}
			j.report(fd)
			return matrixEntry{}, false
		}
		runs = j.resolve(spec, r)
		if setupgo.AdmitsAtLeast(r, need) {
			e.runs = runs
			return e, true
		}
		pre121 = !setupgo.AdmitsAtLeast(r, "1.21")
	}
	e.runs = runs
	fd := j.setupGoTooOld(s, g, tc, runs, pre121)
	e.finding = &fd
	e.switched = fd.Severity == check.Warning && !pre121
	if e.switched {
		e.runs = switchTarget(g, tc)
	}
	return e, true
}

// resolve is the Go setup-go installs for spec: the version itself when
// it names one, else the newest matching release godx knows ("" when
// none).
func (j *judge) resolve(spec string, r setupgo.Range) string {
	if v, ok := setupgo.ParseVersion(spec); ok {
		return setupgo.GoVersion(v) // 1.22.0-rc.1 is go1.22rc1
	}
	v, _ := setupgo.Newest(r, j.releases())
	return v
}

// switchTarget is the toolchain GOTOOLCHAIN=auto switches to for a
// module: the go line's release, or a newer toolchain line.
func switchTarget(g versionsources.Source, tc *versionsources.Source) string {
	to := goversion.TrimGo(goversion.Release(g.Version))
	if tc != nil && tc.Version != "" && goversion.Compare(tc.Version, to) > 0 && !goversion.IsLang(tc.Version) {
		to = tc.Version
	}
	return to
}

// setupGoTooOld is the finding for a CI Go older than the go line.
func (j *judge) setupGoTooOld(s versionsources.Source, g versionsources.Source, tc *versionsources.Source, runs string, pre121 bool) check.Finding {
	need := g.Version
	shown := "Go " + runs
	if runs == "" {
		shown = fmt.Sprintf("a Go matching %q", s.Version)
	}
	what := fmt.Sprintf("go-version %q", s.Text)
	if s.Kind == versionsources.SetupGoFile {
		what = fmt.Sprintf("go-version-file %s, which says %s", s.Text, s.Version)
	}
	if s.MatrixKey != "" {
		what = fmt.Sprintf("matrix.%s %q", s.MatrixKey, s.Text)
	}
	summary := fmt.Sprintf("%s sets up %s (%s), older than the go line of %s (%s).", s.Workflow, shown, what, j.short(g.Path), need)
	note := ""
	if s.Note != "" {
		note = " (" + s.Note + ": quote it, as setup-go's README asks)"
		summary = fmt.Sprintf("%s sets up %s (%s%s), older than the go line of %s (%s).", s.Workflow, shown, what, note, j.short(g.Path), need)
	}
	fd := check.Finding{
		Summary: summary,
		Evidence: check.Evidence{
			check.F("action", s.Action),
			check.F("go line", j.where(g)+": go "+need),
		},
		Position: check.At(s.Path, s.Line, s.Column),
	}
	if j.src != "" && runs != "" && !setupgo.Explicit(s.Version) {
		fd.Evidence = append(fd.Evidence, check.F("Go releases", j.src))
	}
	to := switchTarget(g, tc)
	major := actionMajor(s.Action)
	switch {
	case pre121:
		fd.Severity = check.Warning
		fd.Detail = fmt.Sprintf("%s does not enforce the go line (Go 1.21 started that): it tries to build and fails on newer language "+
			"features or standard library APIs, adding `note: module requires Go %s` to the compiler's errors.", upperFirst(shown), need)
	case s.GOTOOLCHAIN == "local" || (s.GOTOOLCHAIN == "" && major >= 6):
		why := "actions/setup-go v6 and later export GOTOOLCHAIN=local for the job's later steps"
		if s.GOTOOLCHAIN == "local" {
			why = "GOTOOLCHAIN=local is set at " + j.shortWhere(s.GOTOOLCHAINWhere)
		}
		fd.Severity = check.Error
		fd.Detail = why + ", so the go command cannot switch to the Go the module needs: every go command in the job stops"
		if runs != "" {
			fd.Detail += " with\n\t" + tooNew(g, runs)
		} else {
			fd.Detail += " with the go command's `go: " + baseName(g.Path) + " requires go >= " + need + "` error."
		}
	default:
		fd.Severity = check.Warning
		how := "GOTOOLCHAIN is not set in the workflow (setup-go v5 and earlier leave it alone)"
		if s.GOTOOLCHAIN != "" {
			how = "GOTOOLCHAIN=" + s.GOTOOLCHAIN + " in the workflow"
		}
		fd.Detail = fmt.Sprintf("%s, so Go's default GOTOOLCHAIN=auto makes every go command download go%s and run it instead: the job passes, "+
			"but it tests go%s, not %s.", how, to, to, shown)
		if major == 0 && s.GOTOOLCHAIN == "" {
			fd.Detail += " If the pinned setup-go is v6 or later, it exports GOTOOLCHAIN=local and the job fails instead."
		}
	}
	switch {
	case s.MatrixKey != "":
		fd.Fix = &check.Fix{Description: fmt.Sprintf("Drop %s from matrix.%s, or raise it to %s: go.mod no longer supports it.", s.Text, s.MatrixKey, need)}
	case s.Kind == versionsources.SetupGoFile:
		fd.Fix = &check.Fix{Description: fmt.Sprintf("Point go-version-file at %s.", j.short(g.Path))}
	case s.Templated:
		fd.Fix = &check.Fix{Description: fmt.Sprintf("Make go-version (%s) reach %s, the go line of %s, or use `go-version-file: %s`.", s.Note, need, j.short(g.Path), j.short(g.Path))}
	default:
		v, what := j.fixTarget(g, tc)
		fd.Fix = j.editFix(s, yamlText(s, v), fmt.Sprintf("Set go-version to %s, %s (or use `go-version-file: %s`).", v, what, j.short(g.Path)))
	}
	return fd
}

// shortWhere is an absolute "path:line" with the path made short.
func (j *judge) shortWhere(w string) string {
	if i := strings.LastIndex(w, ":"); i > 0 {
		return j.short(w[:i]) + w[i:]
	}
	return j.short(w)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func lastField(s, sep string) string {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[i+len(sep):]
	}
	return s
}

func baseName(p string) string { return lastField(strings.ReplaceAll(p, `\`, "/"), "/") }

// matrixTwice reports the setup-go findings of one job's matrix key (or
// one step), adding to each switched matrix entry which other entries end
// up running the same Go.
func (j *judge) matrixTwice(entries []matrixEntry) {
	for i, e := range entries {
		if e.finding == nil {
			continue
		}
		if e.switched && e.src.MatrixKey != "" {
			var same []string
			for k, o := range entries {
				if k != i && o.runs != "" && goversion.Compare(o.runs, e.runs) == 0 {
					same = append(same, strconv.Quote(o.src.Text))
				}
			}
			if len(same) > 0 {
				verb := "runs"
				if len(same) > 1 {
					verb = "run"
				}
				e.finding.Detail += fmt.Sprintf(" The matrix therefore tests go%s more than once: %s also %s it.", e.runs, strings.Join(same, ", "), verb)
			}
		}
		j.report(*e.finding)
	}
}

// lintAction compares golangci-lint-action's pinned version with the
// .golangci.yml its job reads.
func (j *judge) lintAction(s versionsources.Source) {
	v := strings.TrimPrefix(s.Version, "v")
	am := actionMajor(s.Action)
	major := 0
	switch {
	case strings.HasPrefix(v, "1.") || v == "1":
		major = 1
	case strings.HasPrefix(v, "2.") || v == "2":
		major = 2
	case (v == "" || v == "latest") && am >= 7:
		major = 2 // golangci-lint-action v7 and later install v2 only
	case (v == "" || v == "latest") && am >= 1:
		major = 1
	default:
		return // unreadable
	}
	if major == 1 && am >= 7 {
		scope := ">= v7"
		if am == 7 {
			scope = "v7"
		}
		j.report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s pins golangci-lint %s, a v1 release, but %s only runs golangci-lint v2.", s.Workflow, s.Text, s.Action),
			Detail: fmt.Sprintf("The step fails before linting with `invalid version string '%s', golangci-lint v1 is not supported by golangci-lint-action %s.`",
				s.Text, scope),
			Position: check.At(s.Path, s.Line, s.Column),
			Fix:      &check.Fix{Description: "Pin a golangci-lint v2 release (and convert the configuration with `golangci-lint migrate`), or golangci-lint-action v6 for v1."},
		})
		return
	}
	shown := s.Text
	if v == "" || v == "latest" {
		shown = fmt.Sprintf("the latest v%d release (%s)", major, s.Action)
	}
	var cfg *versionsources.Source
	for d := s.Dir; cfg == nil; {
		for _, c := range j.set.Of(versionsources.GolangciConfig) {
			if j.f.SamePath(j.f.ParentDir(c.Path), d) {
				c := c
				cfg = &c
				break
			}
		}
		if j.f.SamePath(d, j.set.Root) || j.f.ParentDir(d) == d {
			break
		}
		d = j.f.ParentDir(d)
	}
	if cfg == nil {
		return
	}
	cfgV2 := cfg.Version == "2"
	fd := check.Finding{
		Severity: check.Error,
		Position: check.At(s.Path, s.Line, s.Column),
		Evidence: check.Evidence{check.F("configuration", j.where(*cfg)+": version "+strconv.Quote(cfg.Version))},
	}
	switch {
	case major == 1 && cfgV2:
		fd.Summary = fmt.Sprintf("%s runs golangci-lint %s, a v1 release, but %s is a version 2 configuration.", s.Workflow, shown, j.short(cfg.Path))
		fd.Detail = "golangci-lint v1.64.8 stops with\n\t" + golangciconfig.V1RefusesV2Config + "\nand earlier v1 releases run with the v2 sections ignored."
		fd.Fix = &check.Fix{Description: "Pin a golangci-lint v2 release in the workflow (golangci-lint-action v7 and later run v2)."}
	case major == 2 && !cfgV2:
		fd.Summary = fmt.Sprintf("%s runs golangci-lint %s, a v2 release, but %s is not a version 2 configuration.", s.Workflow, shown, j.short(cfg.Path))
		fd.Detail = "golangci-lint v2 only loads files that say `version: \"2\"`, and stops with\n\t" + golangciconfig.V2RefusesConfig(cfg.Version)
		fd.Fix = &check.Fix{Description: "Convert the configuration with `golangci-lint migrate`, or pin a v1 release in the workflow."}
	default:
		return
	}
	j.report(fd)
}

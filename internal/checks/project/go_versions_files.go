package project

import (
	"fmt"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/golangciconfig"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/versionsources"
)

// image judges a container image (Dockerfile FROM, a workflow job's
// container, a GitLab CI image, a devcontainer image).
func (j *judge) image(s versionsources.Source) {
	if s.Version == "" || s.Kind == versionsources.Dockerfile && !s.UsesModule {
		return
	}
	g, tc, ok := j.target(s)
	if !ok {
		return
	}
	need := g.Version
	kind, _ := versionsources.GoImage(s.Image)
	local := s.GOTOOLCHAIN == "local" || kind == versionsources.OfficialGolang && s.GOTOOLCHAIN == ""
	ev := check.Evidence{check.F("image", s.Image), check.F("go line", j.where(g)+": go "+need)}
	if s.GOTOOLCHAINWhere != "" {
		ev = append(ev, check.F("GOTOOLCHAIN", s.GOTOOLCHAIN+" (set at "+j.shortWhere(s.GOTOOLCHAINWhere)+")"))
	}
	in := j.imageUser(s)
	target, what := j.fixTarget(g, tc)
	fix := j.editFix(s, samePrecision(s.Text, target), fmt.Sprintf("Use the image of Go %s (%s).", samePrecision(s.Text, target), what))
	if !prefixAdmits(s.Version, need) {
		runs := j.running(s.Version, false)
		fd := check.Finding{
			Summary:  fmt.Sprintf("%s: the image %s has Go %s, older than the go line of %s (%s).", j.where(s), s.Image, s.Version, j.short(g.Path), need),
			Evidence: ev,
			Position: check.At(s.Path, s.Line, s.Column),
			Fix:      fix,
		}
		if local {
			fd.Severity = check.Error
			fd.Detail = "The official golang images set GOTOOLCHAIN=local, so the go command cannot switch to the Go the module needs: every go command " + in + " stops"
			if s.GOTOOLCHAIN == "local" && kind != versionsources.OfficialGolang {
				fd.Detail = "GOTOOLCHAIN=local, so the go command cannot switch to the Go the module needs: every go command " + in + " stops"
			}
			if runs != "" {
				fd.Detail += " with\n\t" + tooNew(g, runs)
			} else {
				fd.Detail += " with the go command's `go: " + baseName(g.Path) + " requires go >= " + need + "` error."
			}
		} else {
			fd.Severity = check.Warning
			fd.Detail = fmt.Sprintf("With GOTOOLCHAIN=auto every go command %s downloads go%s and runs it instead, so the image's Go is never the one that builds "+
				"(and the download needs network access).", in, switchTarget(g, tc))
		}
		j.report(fd)
		return
	}
	if tc != nil && tc.Version != "" && local && !goversion.IsLang(tc.Version) && !prefixAdmits(s.Version, tc.Version) {
		j.report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s: the image %s has Go %s, older than the toolchain line of %s (%s).", j.where(s), s.Image, s.Version, j.short(tc.Path), tc.Text),
			Detail: fmt.Sprintf("It builds (the go line, %s, is met), but GOTOOLCHAIN=local in the image ignores the toolchain line: the container builds with Go %s "+
				"while machines with GOTOOLCHAIN=auto build with %s.", need, s.Version, tc.Text),
			Evidence: append(ev, check.F("toolchain line", j.where(*tc)+": "+tc.Text)),
			Position: check.At(s.Path, s.Line, s.Column),
			Fix:      fix,
		})
	}
}

// imageUser says where the image's go command runs, for the detail.
func (j *judge) imageUser(s versionsources.Source) string {
	switch s.Kind {
	case versionsources.Dockerfile:
		return "in the build stage (RUN go build …)"
	case versionsources.DevcontainerImage:
		return "in the dev container"
	}
	return "in the CI job"
}

// manager judges a version manager's pin (.go-version, .tool-versions,
// mise.toml) or a devcontainer's Go feature: it applies to every module
// at or below its directory, up to a nearer pin.
func (j *judge) manager(s versionsources.Source) {
	if s.Version == "" {
		return
	}
	var worst *versionsources.Source
	consider := func(m versionsources.Source) {
		if m.Version == "" || !goversion.IsValid(m.Version) || prefixAdmits(s.Version, m.Version) {
			return
		}
		if worst == nil || goversion.Compare(m.Version, worst.Version) > 0 {
			m := m
			worst = &m
		}
	}
	if g, _, ok := j.target(s); ok {
		consider(g)
	}
	for _, m := range j.set.Of(versionsources.GoModGo, versionsources.GoWorkGo) {
		if !j.f.PathWithin(m.Dir, s.Dir) || j.shadowed(s, m.Dir) {
			continue
		}
		consider(m)
	}
	if worst == nil {
		return
	}
	g := *worst
	need := g.Version
	_, tc, _ := j.set.Module(j.f, g.Dir)
	target, from := j.fixTarget(g, tc)
	what := fmt.Sprintf("%s pins Go %s", j.where(s), s.Text)
	if s.Kind == versionsources.DevcontainerFeature {
		what = fmt.Sprintf("%s: the dev container's Go feature installs Go %s", j.where(s), s.Text)
	}
	detail := fmt.Sprintf("With GOTOOLCHAIN=auto (the default) every go command in %s downloads go%s and runs it instead, so the pinned Go is never the one that builds; "+
		"with GOTOOLCHAIN=local every go command there stops", j.shortDir(g.Dir), goversion.TrimGo(goversion.Release(need)))
	if runs := j.running(s.Version, true); runs != "" {
		detail += " with\n\t" + tooNew(g, runs)
	} else {
		detail += " with the go command's `go: " + baseName(g.Path) + " requires go >= " + need + "` error."
	}
	j.report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("%s, older than the go line of %s (%s).", what, j.short(g.Path), need),
		Detail:   detail,
		Evidence: check.Evidence{check.F(string(s.Kind), j.where(s)+": "+s.Text), check.F("go line", j.where(g)+": go "+need)},
		Position: check.At(s.Path, s.Line, s.Column),
		Fix:      j.editFix(s, samePrecision(s.Text, target), fmt.Sprintf("Pin Go %s (%s).", samePrecision(s.Text, target), from)),
	})
}

// shadowed reports whether a version-manager source nearer than s
// governs dir.
func (j *judge) shadowed(s versionsources.Source, dir string) bool {
	for _, o := range j.set.Of(versionsources.GoVersionFile, versionsources.ToolVersions, versionsources.Mise) {
		if !j.f.SamePath(o.Dir, s.Dir) && j.f.PathWithin(o.Dir, s.Dir) && j.f.PathWithin(dir, o.Dir) {
			return true
		}
	}
	return false
}

// runGo judges .golangci.yml run.go against the go line of its module.
func (j *judge) runGo(s versionsources.Source) {
	v := golangciconfig.TrimGoVersion(s.Version)
	if v == "" || !goversion.IsValid(v) {
		return
	}
	g, _, ok := j.target(s)
	if !ok {
		return
	}
	lang := goversion.Lang(g.Version)
	if goversion.Compare(v, lang) <= 0 {
		return
	}
	j.report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("%s: run.go is %s, newer than the go line of %s (%s).", j.where(s), s.Text, j.short(g.Path), g.Version),
		Detail: fmt.Sprintf("golangci-lint's linters target run.go: they suggest (and with --fix write) code that needs Go %s, which the go line does not allow, "+
			"and the compiler rejects it (`requires go%s or later (-lang was set to go%s; check go.mod)`).", v, v, lang),
		Evidence: check.Evidence{check.F("run.go", j.where(s)+": "+s.Text), check.F("go line", j.where(g)+": go "+g.Version)},
		Position: check.At(s.Path, s.Line, s.Column),
		Fix:      j.editFix(s, yamlText(s, lang), fmt.Sprintf("Set run.go to %s (or remove it: golangci-lint then reads go.mod).", lang)),
	})
}

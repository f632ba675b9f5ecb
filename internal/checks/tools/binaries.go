package tools

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/toolversion"
)

// This file holds what the checks of tool binaries (dlv, golangci-lint,
// staticcheck, tinygo) share: the Go that builds the project, and the
// wording for a binary whose build information cannot be read.

// projectGo is the Go toolchain that builds code in the project
// directory. The check must list gotoolchain.ProjectToolchain in its
// Requires; without a toolchain selection (modules off, an unreadable
// go.mod: module/toolchain says why) the local go builds.
func projectGo(pass *check.Pass) (toolversion.Selection, error) {
	pt, err := check.ResultOf(pass, gotoolchain.ProjectToolchain)
	if err != nil {
		pt = nil
	}
	return toolversion.SelectGo(pass.Facts, pt)
}

// unreadableFinding turns a candidate whose build information cannot be
// read into a finding. ask is true for files that exist but are not
// readable Go executables (wrappers, shims) and may be run to ask
// (toolversion.Askable): the caller then tries that and reports the
// finding only when it fails. Otherwise (t.Err != nil) the finding is
// final.
func unreadableFinding(t facts.ToolBinary, name string) (fd check.Finding, ask bool) {
	if t.Err == nil {
		return fd, false
	}
	ev := toolversion.Evidence(t)
	switch toolversion.ErrKind(t.Err) {
	case facts.BuildInfoMissing:
		return check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("%s points %s at %s, which does not exist.", strings.Replace(t.Found, "VS Code ", "VS Code's ", 1), name, t.Path),
			Detail:   fmt.Sprintf("The editor runs the %s it is told to and fails when it is missing (VS Code: `Failed to find the %q binary`), even though the terminal may find another one on PATH.", name, name),
			Evidence: ev,
			Fix: &check.Fix{
				Description: fmt.Sprintf("Point the setting in %s at an existing %s, or remove it so the editor finds %s on PATH.", cmp.Or(t.Origin, "the settings file"), name, name),
			},
		}, false
	case facts.BuildInfoNotExecutable, facts.BuildInfoNotGo:
		fd := check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s is not a Go executable (a wrapper script or version-manager shim?): godx cannot read which %s release it runs or which Go built it.", toolversion.Name(t), name),
			Detail:   "godx reads a tool's version from the build information Go embeds in executables, without running it.",
			Evidence: ev,
		}
		if !toolversion.Askable(t) {
			// The project's own settings name it: a cloned repository must
			// not make godx run its files.
			fd.Detail += fmt.Sprintf(" It is named by the project's settings (%s), so godx does not run it to ask either.", t.Origin)
			return fd, false
		}
		return fd, true
	}
	return check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("godx cannot read %s: %v", toolversion.Name(t), t.Err),
		Detail:   fmt.Sprintf("Without its build information godx cannot tell which %s release it is or which Go built it.", name),
		Evidence: ev,
	}, false
}

// readBuild says which Go built tool t and which version it is: from its
// build information; for a go.mod tool directive, the toolchain `go tool`
// builds it with (so the check must list gotoolchain.ProjectToolchain);
// for a shim without build information, by asking the tool itself (`t.Path
// askArgs`, through ask). asked reports the last case. ok is false when
// the tool could not be read and a finding saying so was reported.
func readBuild(pass *check.Pass, t facts.ToolBinary, name, askArgs string, ev *check.Evidence,
	ask func() (version, builtWith string, err error)) (builtWith, modVersion string, asked, ok bool) {
	builtWith, modVersion = t.BuiltWith(), t.ModuleVersion()
	if t.IsDirective() {
		if sel, err := projectGo(pass); err == nil {
			builtWith = sel.Version
			*ev = append(*ev, check.F("built by `go tool` with", sel.Version))
		}
	}
	fd, shim := unreadableFinding(t, name)
	switch {
	case shim:
		v, built, err := ask()
		if err != nil {
			fd.Detail += " Running `" + t.Path + " " + askArgs + "` did not tell either: " + err.Error()
			pass.Report(fd)
			return "", "", false, false
		}
		*ev = append(*ev, check.F("`"+name+" "+askArgs+"`", cmp.Or(v, "version unknown")+", built with "+built))
		return built, v, true, true
	case t.Err != nil:
		pass.Report(fd)
		return "", "", false, false
	}
	return builtWith, modVersion, false, true
}

// reinstallFix is the fix that reinstalls t as pkg@version built with at
// least minGo (toolversion.ReinstallFix): the command printed, which is
// also what `godx fix` runs when godx may install where t is.
func reinstallFix(f *facts.Facts, t facts.ToolBinary, desc, pkg, version, minGo string) *check.Fix {
	line, auto := toolversion.ReinstallFix(f, t, pkg, version, minGo)
	return &check.Fix{Description: desc, Commands: []string{line}, Auto: auto}
}

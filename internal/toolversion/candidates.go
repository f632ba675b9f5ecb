// Package toolversion knows which Go tool binaries (gopls, dlv,
// golangci-lint, staticcheck, tinygo, ...) a project runs, what their build
// information says (the tool release, the Go that built them, the platform
// they were built for), which Go toolchain builds the project's code, and
// which tool releases support which Go: the support tables of Delve,
// gopls, staticcheck and TinyGo. It also builds the one kind of command
// that fixes a tool: `go install PACKAGE@VERSION` (or `go get -tool` for a
// go.mod tool directive), with GOTOOLCHAIN and GOBIN set for the shell of
// the OS.
//
// It is built on facts.FindTool and facts.ReadBuildInfo, which find and
// read the binaries without running them; Run runs a tool only when its
// build information cannot tell (a wrapper script, a version-manager
// shim), and callers never do so for a file that only the project's own
// settings name (see Askable). Release versions are read with
// internal/modversion, Go versions with internal/goversion. The tools/*
// checks word the findings.
package toolversion

import (
	"cmp"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// Candidates splits facts.FindTool's answer for name into the binaries
// something runs (the first on PATH; GOBIN or GOPATH/bin, which editors
// prefer to PATH; VS Code settings; go.mod tool directives) and the
// Shadowed ones.
func Candidates(f *facts.Facts, name string) (relevant, shadowed []facts.ToolBinary) {
	for _, t := range f.FindTool(name) {
		if Shadowed(t) {
			shadowed = append(shadowed, t)
			continue
		}
		relevant = append(relevant, t)
	}
	return relevant, shadowed
}

// Shadowed reports whether t is a later PATH entry that nothing runs: the
// shell runs the first match on PATH, and editors prefer GOBIN or
// GOPATH/bin and their own settings, so a copy later on PATH that is not
// also one of those is only run by an editor started with another PATH.
func Shadowed(t facts.ToolBinary) bool {
	return t.Found == facts.FoundPath && !t.Runs && len(t.AlsoFound) == 0
}

// ShadowEvidence lists the shadowed copies Candidates returns, with their
// module and build Go, so that a report shows them without judging them.
func ShadowEvidence(shadowed []facts.ToolBinary) check.Evidence {
	var ev check.Evidence
	for _, t := range shadowed {
		desc := "later on PATH, not run"
		if v := t.ModuleVersion(); v != "" {
			desc += ": " + t.ModulePath() + " " + v
		}
		if b := t.BuiltWith(); b != "" {
			desc += ", built with " + b
		}
		ev = append(ev, check.F(t.Path, desc))
	}
	return ev
}

// Name names a candidate at the start of a sentence: "The dlv first on
// PATH, in GOPATH/bin (/home/u/go/bin/dlv)", or "The dlv tool directive in
// /work/go.mod:5 (github.com/go-delve/delve v1.23.0)".
func Name(t facts.ToolBinary) string {
	if t.IsDirective() {
		return fmt.Sprintf("The %s tool directive in %s (%s %s)", t.Name, DirectiveAt(t), t.ToolModule, ShowVersion(t.ToolVersion))
	}
	return fmt.Sprintf("The %s %s (%s)", t.Name, Where(t), t.Path)
}

// DirectiveAt is the file and line of a go.mod tool directive.
func DirectiveAt(t facts.ToolBinary) string {
	if t.ToolDirectiveLine > 0 {
		return fmt.Sprintf("%s:%d", t.Origin, t.ToolDirectiveLine)
	}
	return t.Origin
}

// Where says in words how a candidate was found, every way it was:
// "first on PATH, in GOPATH/bin".
func Where(t facts.ToolBinary) string {
	var parts []string
	add := func(found string) {
		switch {
		case found == facts.FoundPath && t.Runs:
			parts = append(parts, "first on PATH")
		case found == facts.FoundPath:
			parts = append(parts, "on PATH")
		case found == facts.FoundGOBIN:
			parts = append(parts, "in GOBIN")
		case found == facts.FoundGOPATHBin:
			parts = append(parts, "in GOPATH/bin")
		case found == facts.FoundToolDirective:
			parts = append(parts, "pinned by a go.mod tool directive")
		default:
			parts = append(parts, "named by "+found)
		}
	}
	add(t.Found)
	for _, a := range t.AlsoFound {
		add(a)
	}
	return strings.Join(parts, ", ")
}

// Found lists how a candidate was found the way facts.FindTool says it,
// for evidence: "PATH (first on PATH: the one a shell runs); also GOBIN".
func Found(t facts.ToolBinary) string {
	s := t.Found
	if t.Runs {
		s += " (first on PATH: the one a shell runs)"
	}
	if len(t.AlsoFound) > 0 {
		s += "; also " + strings.Join(t.AlsoFound, ", ")
	}
	return s
}

// ShowVersion is v, or "unknown" when it is empty.
func ShowVersion(v string) string { return cmp.Or(v, "unknown") }

// Evidence describes one candidate: where it is and how it was found, and
// what its build information says (main module, build Go, platform), or
// why that could not be read.
func Evidence(t facts.ToolBinary) check.Evidence {
	if t.IsDirective() {
		return check.Evidence{
			check.F("go.mod tool directive", DirectiveAt(t)+": tool "+t.ToolPackage),
			check.F("required module", t.ToolModule+" "+ShowVersion(t.ToolVersion)),
		}
	}
	ev := check.Evidence{check.F(t.Name, t.Path)}
	if t.Resolved != "" && t.Resolved != t.Path {
		ev = append(ev, check.F(t.Name+" (resolved)", t.Resolved))
	}
	ev = append(ev, check.F("found", Where(t)))
	if t.Origin != "" {
		ev = append(ev, check.F("named in", t.Origin))
	}
	if t.Info != nil {
		ev = append(ev, check.F("main module", t.ModulePath()+" "+ShowVersion(t.ModuleVersion())))
		ev = append(ev, check.F("built with", t.BuiltWith()))
		if t.GOOS() != "" {
			ev = append(ev, check.F("built for", t.GOOS()+"/"+t.GOARCH()))
		} else {
			ev = append(ev, check.F("built for", "not recorded (binaries built before Go 1.18 record no GOOS/GOARCH)"))
		}
	} else if t.Err != nil {
		ev = append(ev, check.F("build information", t.Err.Error()))
	}
	return ev
}

// ErrKind classifies an error of facts.ReadBuildInfo (or a ToolBinary's
// Err); anything that is not a *facts.BuildInfoError is unreadable.
func ErrKind(err error) facts.BuildInfoKind {
	var be *facts.BuildInfoError
	if errors.As(err, &be) {
		return be.Kind
	}
	return facts.BuildInfoUnreadable
}

// Askable reports whether a candidate may be asked for its version by
// running it: a file that exists but is not a readable Go executable (a
// wrapper script, a version-manager shim), and that something other than
// the project's own settings names. A cloned repository's
// .vscode/settings.json must never make godx run a program it ships.
func Askable(t facts.ToolBinary) bool {
	if t.Err == nil || t.NamedByProject {
		return false
	}
	switch ErrKind(t.Err) {
	case facts.BuildInfoNotExecutable, facts.BuildInfoNotGo:
		return true
	}
	return false
}

// ModuleVersion is the version of module mod in a binary's build
// information: the main module's (its replacement's version when it has
// one) when mod is the main module, else the version of mod among the
// dependencies, "(devel)" for a dependency replaced by a directory. ok is
// false when mod is not in it at all (the version may be "" when it is the
// main module of a build that recorded none).
func ModuleVersion(info *debug.BuildInfo, mod string) (v string, ok bool) {
	if info == nil {
		return "", false
	}
	if info.Main.Path == mod {
		if info.Main.Replace != nil && info.Main.Replace.Version != "" {
			return info.Main.Replace.Version, true
		}
		return info.Main.Version, true
	}
	for _, d := range info.Deps {
		if d.Path == mod {
			if d.Replace != nil {
				return cmp.Or(d.Replace.Version, "(devel)"), true
			}
			return d.Version, true
		}
	}
	return "", false
}

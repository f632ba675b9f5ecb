package toolversion

import (
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// InstallDir is the directory a new build of t must be installed into so
// that whatever found t runs the new build: t's own directory when t is
// in GOBIN or a GOPATH/bin, under VS Code's go.toolsGopath, or is the file
// go.alternateTools names (when `go install` gives pkg that file name).
// dir is "" when that is the go command's default (GOBIN, else the first
// GOPATH entry's bin), so the printed command stays the plain one. ok is
// false when godx must not install there itself: t was found only on
// PATH (a package manager's or the user's own directory, which godx does
// not own), or only a workspace's settings name it, or it is a go.mod
// tool directive, or the alternateTools file has another name.
func InstallDir(f *facts.Facts, t facts.ToolBinary, pkg string) (dir string, ok bool) {
	// A directory only the repository's own settings name is not one
	// godx writes to: a cloned repository chooses it.
	if t.IsDirective() || t.NamedByProject || t.Path == "" || !f.IsAbs(t.Path) {
		return "", false
	}
	ours := false
	for _, how := range append([]string{t.Found}, t.AlsoFound...) {
		switch {
		case how == facts.FoundGOBIN, how == facts.FoundGOPATHBin,
			strings.HasPrefix(how, facts.FoundVSCode+" go.toolsGopath"):
			ours = true
		case strings.HasPrefix(how, facts.FoundVSCode+" go.alternateTools"):
			// go install names the file after the package.
			ours = ours || f.BaseName(t.Path) == f.ExeName(facts.ToolCommandName(pkg))
		}
	}
	if !ours {
		return "", false
	}
	dir = f.ParentDir(t.Path)
	gobin, gopaths := f.ToolInstallDirs()
	def := gobin
	if def == "" && len(gopaths) > 0 {
		def = f.JoinPath(gopaths[0], "bin")
	}
	if def != "" && f.SamePath(dir, def) {
		return "", true
	}
	return dir, true
}

// InstallFix is the one builder of a tool install as a fix: the command
// line printed (InstallCommand) and the command `godx fix` runs, which is
// exactly that line: `go install pkg@version` with env's variables.
func InstallFix(goos string, env Env, pkg, version string) (string, *check.AutoFix) {
	auto := check.CommandFix("", "go", "install", pkg+"@"+version)
	names, values := env.vars()
	for i, name := range names {
		auto.Env = append(auto.Env, name+"="+values[i])
	}
	return InstallCommand(goos, env, pkg, version), auto
}

// ReinstallFix is Reinstall as a fix: the line printed and, when godx may
// run it itself (InstallDir), the command `godx fix` runs, installing
// into the directory t was found in. A tool directive gets the printed
// `go get -tool` line only: it edits go.mod, which is the user's call.
func ReinstallFix(f *facts.Facts, t facts.ToolBinary, defaultPkg, version, minGo string) (string, *check.AutoFix) {
	pkg := t.PackagePath()
	if pkg == "" || pkg == "command-line-arguments" {
		pkg = defaultPkg
	}
	if t.IsDirective() {
		return GetToolCommand(f.GOOS(), pkg, version), nil
	}
	return ToolFix(f, t, InstallEnv(f, minGo), pkg, version)
}

// ToolFix is InstallFix for a new build of t (pkg@version built with
// env), installed where t is (InstallDir); the AutoFix is nil when godx
// must not install there.
func ToolFix(f *facts.Facts, t facts.ToolBinary, env Env, pkg, version string) (string, *check.AutoFix) {
	dir, ok := InstallDir(f, t, pkg)
	env.GOBIN = dir
	line, auto := InstallFix(f.GOOS(), env, pkg, version)
	if !ok {
		auto = nil
	}
	return line, auto
}

package toolversion

import (
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Env is the environment a printed `go install` runs with.
type Env struct {
	// GOTOOLCHAIN is the Go to build with, "go1.27.0+auto" (the go
	// command fetches that toolchain when the local one is older, or a
	// newer one when the tool's go line needs it); "" leaves it alone.
	GOTOOLCHAIN string
	// GOBIN is the directory to install into; "" for the go command's
	// default (GOBIN, else the first GOPATH entry's bin).
	GOBIN string
}

// vars are the variables Env sets, in a fixed order.
func (e Env) vars() (names, values []string) {
	if e.GOBIN != "" {
		names, values = append(names, "GOBIN"), append(values, e.GOBIN)
	}
	if e.GOTOOLCHAIN != "" {
		names, values = append(names, "GOTOOLCHAIN"), append(values, e.GOTOOLCHAIN)
	}
	return names, values
}

// InstallCommand is the one command line that installs pkg@version with
// env, for the shell godx prints commands for on goos (shellquote.ForGOOS):
//
//	GOTOOLCHAIN=go1.27.0+auto go install golang.org/x/tools/gopls@latest
//
// and in PowerShell, which has no per-command environment, the variables
// are set for the command and removed again:
//
//	$env:GOTOOLCHAIN = 'go1.27.0+auto'; go install golang.org/x/tools/gopls@latest; Remove-Item Env:GOTOOLCHAIN
func InstallCommand(goos string, env Env, pkg, version string) string {
	install := shellquote.Join(shellquote.ForGOOS(goos), "go", "install", pkg+"@"+version)
	names, values := env.vars()
	if len(names) == 0 {
		return install
	}
	if goos == "windows" {
		line := ""
		for i, name := range names {
			line += settingfix.ShellSet(goos, name, values[i]) + "; "
		}
		return line + install + "; " + settingfix.ShellUnset(goos, names...)
	}
	prefix := ""
	for i, name := range names {
		prefix += name + "=" + shellquote.POSIX(values[i]) + " "
	}
	return prefix + install
}

// InstallCommands installs every package of pkgs at version with the same
// env: one line per package, each with its own environment prefix in a
// POSIX shell; in PowerShell the variables are set once before the
// installs and removed after them, on lines of their own.
func InstallCommands(goos string, env Env, version string, pkgs ...string) []string {
	names, values := env.vars()
	if goos != "windows" || len(names) == 0 {
		var cmds []string
		for _, pkg := range pkgs {
			cmds = append(cmds, InstallCommand(goos, env, pkg, version))
		}
		return cmds
	}
	var cmds []string
	for i, name := range names {
		cmds = append(cmds, settingfix.ShellSet(goos, name, values[i]))
	}
	for _, pkg := range pkgs {
		cmds = append(cmds, InstallCommand(goos, Env{}, pkg, version))
	}
	return append(cmds, settingfix.ShellUnset(goos, names...))
}

// GetToolCommand is `go get -tool pkg@version`, which adds, moves or (at
// version "none") removes a go.mod tool directive.
func GetToolCommand(goos, pkg, version string) string {
	return shellquote.Join(shellquote.ForGOOS(goos), "go", "get", "-tool", pkg+"@"+version)
}

// Reinstall is the command that reinstalls tool t at version: `go get
// -tool` for a go.mod tool directive (`go tool` builds it with the
// project's toolchain), else `go install`, built with at least minGo when
// that is not "" (the local go when it is newer). The package is the one
// t was built from, or defaultPkg when its build information does not say.
func Reinstall(f *facts.Facts, t facts.ToolBinary, defaultPkg, version, minGo string) string {
	pkg := t.PackagePath()
	if pkg == "" || pkg == "command-line-arguments" {
		pkg = defaultPkg
	}
	if t.IsDirective() {
		return GetToolCommand(f.GOOS(), pkg, version)
	}
	var env Env
	if minGo != "" {
		if ge, err := f.GoEnv(); err == nil {
			if local := goversion.LocalToolchain(ge.Get("GOVERSION")); local != "" && goversion.Compare(local, minGo) > 0 {
				minGo = local
			}
		}
		env.GOTOOLCHAIN = minGo + "+auto"
	}
	return InstallCommand(f.GOOS(), env, pkg, version)
}

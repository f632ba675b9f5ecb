package toolversion

import (
	"fmt"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
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
	// Why says in a sentence why GOTOOLCHAIN is set ("" when it is not),
	// for a fix's description.
	Why string
}

// InstallEnv is the environment a printed `go install PKG@VERSION` needs
// on this machine to build, and to build with at least minGo ("go1.27.0";
// "" when any Go will do): gopls and the analysers must be built with a Go
// as new as the code they load.
//
// The go command that runs it is the local one, or the toolchain
// GOTOOLCHAIN names ("go1.27.3", "go1.27.3+auto"). It gets
// GOTOOLCHAIN=goX.Y.Z+auto when that Go is older than minGo, and
// GOTOOLCHAIN=<that Go>+auto when GOTOOLCHAIN does not let the go command
// download toolchains (local, path, a version without +auto, or nothing
// set): `go install pkg@version` reads pkg's go.mod and, when its go line
// is newer, fails with `go: golang.org/x/tools/gopls@latest:
// golang.org/x/tools/gopls@v0.24.0 requires go >= 1.27.0 (running go
// 1.26.8; GOTOOLCHAIN=local)` — for @latest that can start any day. With
// GOTOOLCHAIN=auto (and a new enough Go) nothing is added: the go command
// switches to what the module needs by itself.
func InstallEnv(f *facts.Facts, minGo string) Env {
	ge, err := f.GoEnv()
	if err != nil {
		return Env{}
	}
	local := ge.Get("GOVERSION")
	setting := ""
	if st, err := f.Settings(); err == nil {
		if g := st.Get("GOTOOLCHAIN"); g != nil && g.Source != facts.FromDefault {
			setting = g.Value
		}
	}
	sel := gotoolchain.Select(setting, local, nil)
	runs := goversion.LocalToolchain(local)
	if sel.Fatal == "" && !sel.Local {
		runs = goversion.LocalToolchain(sel.Default)
	}
	if runs == "" {
		return Env{} // not a Go version godx can compare
	}
	if minGo != "" && goversion.IsValid(minGo) && goversion.Compare(runs, minGo) < 0 {
		return Env{GOTOOLCHAIN: minGo + "+auto",
			Why: fmt.Sprintf("The go command here is %s, older than %s, so GOTOOLCHAIN=%s+auto lets it fetch that toolchain for the build.", runs, minGo, minGo)}
	}
	if sel.Fatal == "" && sel.Mode != "auto" {
		shown := setting
		if shown == "" {
			shown = "not set"
		}
		return Env{GOTOOLCHAIN: runs + "+auto",
			Why: fmt.Sprintf("GOTOOLCHAIN (%s) does not let the go command fetch a newer toolchain, which `go install` needs as soon as the tool's go line is newer than %s; GOTOOLCHAIN=%s+auto builds with %s unless the tool needs more.", shown, runs, runs, runs)}
	}
	return Env{}
}

// Install is the one way godx prints a command that installs a tool:
// `go install pkg@version` with the InstallEnv it needs here.
func Install(f *facts.Facts, pkg, version, minGo string) string {
	return InstallCommand(f.GOOS(), InstallEnv(f, minGo), pkg, version)
}

// InstallAll is Install for several packages at one version
// (InstallCommands' lines).
func InstallAll(f *facts.Facts, version, minGo string, pkgs ...string) []string {
	return InstallCommands(f.GOOS(), InstallEnv(f, minGo), version, pkgs...)
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
// project's toolchain), else Install, built with at least minGo when that
// is not "", into the directory t was found in (ReinstallFix). The
// package is the one t was built from, or defaultPkg when its build
// information does not say.
func Reinstall(f *facts.Facts, t facts.ToolBinary, defaultPkg, version, minGo string) string {
	line, _ := ReinstallFix(f, t, defaultPkg, version, minGo)
	return line
}

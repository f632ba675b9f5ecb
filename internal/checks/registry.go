// Package checks is the registry: it lists every doctor check, in
// catalogue order. The checks themselves live in one package per area
// (internal/checks/golang for the go/ area, internal/checks/module, ...),
// each check one plain value in its own file. The engine knows none of them
// by name: adding a check is one new file in its area and one line below.
package checks

import (
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/checks/cgo"
	"github.com/godx-dev/godx/internal/checks/ctxcheck"
	"github.com/godx-dev/godx/internal/checks/debug"
	"github.com/godx-dev/godx/internal/checks/editor"
	"github.com/godx-dev/godx/internal/checks/git"
	"github.com/godx-dev/godx/internal/checks/golang"
	"github.com/godx-dev/godx/internal/checks/host"
	"github.com/godx-dev/godx/internal/checks/module"
	"github.com/godx-dev/godx/internal/checks/net"
	"github.com/godx-dev/godx/internal/checks/probe"
	"github.com/godx-dev/godx/internal/checks/project"
	"github.com/godx-dev/godx/internal/checks/remote"
	"github.com/godx-dev/godx/internal/checks/source"
	"github.com/godx-dev/godx/internal/checks/tools"
	"github.com/godx-dev/godx/internal/checks/windows"
	"github.com/godx-dev/godx/internal/checks/wsl"
)

// All returns every check in catalogue order (the order reports use).
func All() []*check.Check {
	return []*check.Check{
		golang.Installed,
		golang.PathShadowing,
		golang.Root,
		golang.Path,
		golang.BinPath,
		golang.VersionSupport,
		golang.Caches,
		golang.EnvFile,
		golang.RootIntegrity,
		probe.Build,
		probe.Test,
		probe.Cgo,
		probe.Race,
		probe.Cross,
		probe.GoCacheProg,
		probe.Dlv,
		probe.Gopls,
		module.Mode,
		module.GoMod,
		module.Toolchain,
		module.GoWork,
		module.GoFlags,
		project.GoVersions,
		cgo.Compiler,
		source.BOM,
		source.Encoding,
		source.LineEndings,
		tools.Gopls,
		tools.Dlv,
		tools.GolangciLint,
		tools.Staticcheck,
		tools.TinyGo,
		tools.GoToolDirectives,
		tools.StaleGobin,
		editor.VSCode,
		editor.VisualStudio,
		ctxcheck.Running,
		ctxcheck.Login,
		debug.Exposed,
		remote.SSHKeepalive,
		git.Autocrlf,
		host.Emulation,
		host.CToolchain,
		host.DistroGo,
		wsl.Detect,
		wsl.WindowsPaths,
		wsl.WindowsGo,
		wsl.Network,
		wsl.Kernel,
		windows.StalePath,
		windows.LongPaths,
		windows.Defender,
		net.Goproxy,
		net.Gosumdb,
		net.PrivateModules,
	}
}

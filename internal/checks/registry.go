// Package checks holds the registry that lists godx's doctor checks, and
// the checks not yet moved to their area's package (internal/checks/AREA,
// such as internal/checks/remote), one per file. The engine knows none of
// them by name: adding a check is one new file and one line below.
package checks

import (
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/checks/remote"
	"github.com/godx-dev/godx/internal/checks/tools"
)

// All returns every check in catalogue order (the order reports use).
func All() []*check.Check {
	return []*check.Check{
		GoInstalled,
		GoPathShadowing,
		GoRoot,
		GoPath,
		GoBinPath,
		GoVersionSupport,
		GoCaches,
		GoEnvFile,
		GoRootIntegrity,
		ModuleMode,
		ModuleGoMod,
		ModuleToolchain,
		ModuleGoWork,
		ModuleGoFlags,
		CgoCompiler,
		SourceBOM,
		SourceEncoding,
		SourceLineEndings,
		tools.Gopls,
		tools.Dlv,
		tools.GolangciLint,
		tools.Staticcheck,
		tools.TinyGo,
		tools.GoToolDirectives,
		tools.StaleGobin,
		EditorVSCode,
		DebugExposed,
		remote.SSHKeepalive,
		GitAutocrlf,
		HostEmulation,
		HostCToolchain,
		HostDistroGo,
		WSLDetect,
		WSLWindowsPaths,
		WSLWindowsGo,
		WindowsStalePath,
		WindowsLongPaths,
		WindowsDefender,
		NetGoproxy,
		NetGosumdb,
		NetPrivateModules,
	}
}

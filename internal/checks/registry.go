// Package checks holds godx's doctor checks, one per file, and the registry
// that lists them. The engine knows none of them by name: adding a check is
// one new file and one line below.
package checks

import "github.com/godx-dev/godx/internal/check"

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
		ToolsGopls,
		ToolsDlv,
		ToolsGolangciLint,
		ToolsStaticcheck,
		ToolsTinyGo,
		ToolsGoToolDirectives,
		ToolsStaleGobin,
		EditorVSCode,
		DebugExposed,
		RemoteSSHKeepalive,
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

package setupcmd

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/module"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/fixer"
	"github.com/godx-dev/godx/internal/golangciconfig"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/shellprofile"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolversion"
)

// step is one thing setup does (a proposal for the fixer's plan) or,
// with a nil Auto, one thing it cannot do and the user must.
type step = fixer.Proposal

func newStep(id, summary, desc string, cmds []string, auto *check.AutoFix) step {
	return step{CheckID: "setup/" + id, Finding: check.Finding{
		Severity: check.Warning, Summary: summary,
		Fix: &check.Fix{Description: desc, Commands: cmds, Auto: auto},
	}}
}

// stepChecks are the doctor checks each step belongs with: --only and
// --skip select steps as they select those checks.
var stepChecks = map[string]string{
	"setup/toolchain":       "module/toolchain",
	"setup/path":            "go/gobin-path",
	"setup/gopls":           "tools/gopls",
	"setup/dlv":             "tools/dlv",
	"setup/golangci-lint":   "tools/golangci-lint",
	"setup/staticcheck":     "tools/staticcheck",
	"setup/tool-directives": "tools/go-tool-directives",
}

// selected keeps the steps whose check the run selects (excluded is
// engine.Select's answer).
func selected(list []step, excluded map[string]string) []step {
	var out []step
	for _, s := range list {
		if _, no := excluded[stepChecks[s.CheckID]]; !no {
			out = append(out, s)
		}
	}
	return out
}

// steps are what this machine lacks for the project, in the order setup
// brings them: the project's toolchain, the install directory on PATH,
// the editor tools, the modules of tool directives. Each is planned only
// when missing, so a second run plans nothing. self is how to run godx.
func steps(fx *facts.Facts, self string) (auto, manual []step) {
	add := func(s step) {
		if s.Finding.Fix.Auto != nil {
			auto = append(auto, s)
		} else {
			manual = append(manual, s)
		}
	}
	ge, err := fx.GoEnv()
	if err != nil {
		return nil, nil
	}
	local := goversion.TrimExperiments(ge.Get("GOVERSION"))

	// 1. The toolchain go.mod asks for, when it is newer than the local go
	// and not in the module cache yet.
	if name, from, err := toolchain.ModuleNeeds(fx); err == nil && goversion.IsValid(name) && goversion.IsValid(local) && goversion.Compare(name, local) > 0 {
		if e, err := toolchain.NewEnv(fx); err == nil {
			if mv, err := e.ModVersion(name); err == nil && !e.Installed(mv) {
				add(newStep("toolchain", fmt.Sprintf("%s asks for %s; the local go is %s and %s is not installed.", from, name, local, name),
					"Download, verify and unpack that toolchain into the module cache, where the go command switches to it:",
					[]string{"godx toolchain install go.mod"},
					check.CommandFix(fx.Dir, self, "toolchain", "install", "go.mod")))
			}
		}
	}

	// 2. The go install directory on PATH, for new shells.
	if s, ok := pathStep(fx); ok {
		add(s)
	}

	// 3. Editor tools the project's Go needs, when none is installed;
	// installed ones that do not fit are the doctor's findings (tools/*),
	// whose fixes are part of the plan.
	if !installed(fx, "gopls") {
		version, need := goplsFor(local)
		line, a := toolversion.InstallFix(fx.GOOS(), toolversion.InstallEnv(fx, need), toolversion.GoplsPackage, version)
		add(newStep("gopls", "gopls, the language server editors run for Go, is not installed.", "Install the gopls release that supports this go command:", []string{line}, a))
	}
	if !installed(fx, "dlv") {
		version := "latest"
		if best := toolversion.DelveBest(goversion.Minor(local)); best != "" && best != toolversion.DelveNewest() {
			version = best // the newest Delve no longer debugs this Go
		}
		line, a := toolversion.InstallFix(fx.GOOS(), toolversion.InstallEnv(fx, local), toolversion.DelvePackage, version)
		add(newStep("dlv", "Delve (dlv), the debugger editors run for Go, is not installed.", "Install the Delve release that debugs programs of this Go:", []string{line}, a))
	}
	if cfg := golangciconfig.Find(fx); cfg != nil && cfg.Err == nil && !installed(fx, "golangci-lint") {
		pkg := toolversion.GolangciLintV1Package
		if cfg.Version == "2" {
			pkg = toolversion.GolangciLintV2Package
		}
		line, a := toolversion.InstallFix(fx.GOOS(), toolversion.InstallEnv(fx, local), pkg, "latest")
		add(newStep("golangci-lint", fmt.Sprintf("The repository configures golangci-lint (%s), which is not installed.", cfg.Path),
			"Install the golangci-lint major version the configuration is written for:", []string{line}, a))
	}
	if conf := staticcheckConf(fx); conf != "" && !installed(fx, "staticcheck") {
		line, a := toolversion.InstallFix(fx.GOOS(), toolversion.InstallEnv(fx, local), toolversion.StaticcheckPackage, "latest")
		add(newStep("staticcheck", fmt.Sprintf("The repository configures staticcheck (%s), which is not installed.", conf),
			"Install staticcheck:", []string{line}, a))
	}

	// 4. The modules of tool directives, so that `go tool X` works offline.
	if missing := toolModulesMissing(fx, ge.Get("GOMODCACHE")); len(missing) > 0 {
		m, _ := fx.Module()
		add(newStep("tool-directives", fmt.Sprintf("go.mod's tool directives need modules that are not downloaded: %s.", joinMax(missing, 3)),
			"Download the module graph, so that `go tool` runs the pinned tools without the network:",
			[]string{"go mod download"}, check.CommandFix(filepath.Dir(m.Path), "go", "mod", "download")))
	}
	return auto, manual
}

// installed reports whether some copy of the tool exists (a go.mod tool
// directive does not count: `go tool` is not what editors run).
func installed(fx *facts.Facts, name string) bool {
	return slices.ContainsFunc(fx.FindTool(name), func(t facts.ToolBinary) bool { return !t.IsDirective() && t.Err == nil })
}

// goplsFor is the gopls to install for the go command local, and the Go
// it needs to build: @latest while local is one of the go commands the
// newest gopls supports, else the newest release that supports local.
func goplsFor(local string) (version, need string) {
	newest := toolversion.GoplsNewest()
	if !goversion.IsValid(local) || goversion.Minor(local) >= newest.OldestGo() {
		return "latest", goversion.Release(newest.GoLine)
	}
	if r, ok := toolversion.GoplsSupporting(goversion.Minor(local)); ok {
		return r.Version, goversion.Release(r.GoLine)
	}
	return "latest", goversion.Release(newest.GoLine)
}

// pathStep puts the go install directory on PATH in the shell's startup
// file (the shell-init block) when neither PATH nor that block has it.
func pathStep(fx *facts.Facts) (step, bool) {
	gobin, gopaths := fx.ToolInstallDirs()
	dir := gobin
	if dir == "" && len(gopaths) > 0 {
		dir = fx.JoinPath(gopaths[0], "bin")
	}
	if dir == "" || slices.ContainsFunc(fx.PathDirs(), func(p string) bool { return p != "" && fx.SamePath(p, dir) }) {
		return step{}, false
	}
	summary := fmt.Sprintf("%s, where go install puts programs (gopls, dlv), is not on PATH.", dir)
	if fx.GOOS() == "windows" {
		return newStep("path", summary, "Add it to your user Path:", []string{"godx shell-init --install --scope user"}, nil), true
	}
	sh, err := shellprofile.Detect(fx.GOOS(), fx.Getenv)
	if err != nil {
		return newStep("path", summary, "Add it to PATH in your shell's startup file: `godx shell-init` prints the lines.", nil, nil), true
	}
	profile, err := shellprofile.ProfilePath(sh, fx.GOOS(), fx.Getenv)
	if err != nil || !fx.IsAbs(profile) {
		return newStep("path", summary, "Add it to PATH in your shell's startup file: `godx shell-init` prints the lines.", nil, nil), true
	}
	home := shellprofile.Home(fx.GOOS(), fx.Getenv)
	if data, err := fx.ReadFile(profile); err == nil && shellprofile.Adds(data, sh, fx.GOOS(), home, dir) {
		return step{}, false // new shells have it; this one predates the block
	}
	goos := fx.GOOS()
	return newStep("path", summary, fmt.Sprintf("Add it to PATH in %s, in godx's marked block (as `godx shell-init --install` does); new terminals then have it.", profile), nil,
		check.EditFix(profile, func(old []byte) ([]byte, error) { return shellprofile.AddDirs(old, sh, goos, home, []string{dir}) })), true
}

// staticcheckConf is the repository's staticcheck.conf, "" when there is
// none in the module's root.
func staticcheckConf(fx *facts.Facts) string {
	m, err := fx.Module()
	if err != nil || m == nil {
		return ""
	}
	p := filepath.Join(filepath.Dir(m.Path), "staticcheck.conf")
	if fx.Exists(p) {
		return p
	}
	return ""
}

// toolModulesMissing lists module@version of the tool directives' modules
// that are not in the module cache.
func toolModulesMissing(fx *facts.Facts, modcache string) []string {
	m, err := fx.Module()
	if err != nil || m == nil || m.Mod == nil || len(m.Mod.Tool) == 0 || modcache == "" {
		return nil
	}
	var missing []string
	seen := map[string]bool{}
	for _, t := range m.Mod.Tool {
		var mod, ver string
		for _, r := range m.Mod.Require {
			if len(r.Mod.Path) > len(mod) && (t.Path == r.Mod.Path || len(t.Path) > len(r.Mod.Path) && t.Path[:len(r.Mod.Path)+1] == r.Mod.Path+"/") {
				mod, ver = r.Mod.Path, r.Mod.Version
			}
		}
		if mod == "" || seen[mod] {
			continue // the main module's own tool, or no requirement (tools/go-tool-directives says)
		}
		seen[mod] = true
		esc, err1 := module.EscapePath(mod)
		escv, err2 := module.EscapeVersion(ver)
		if err1 != nil || err2 != nil {
			continue
		}
		if !fx.Exists(fx.JoinPath(modcache, "cache", "download", esc, "@v", escv+".zip")) {
			missing = append(missing, mod+"@"+ver)
		}
	}
	return missing
}

func joinMax(list []string, n int) string {
	if len(list) <= n {
		return strings.Join(list, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(list[:n], ", "), len(list)-n)
}

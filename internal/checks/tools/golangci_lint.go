package tools

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/golangciconfig"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modversion"
	"github.com/godx-dev/godx/internal/shellquote"
	"github.com/godx-dev/godx/internal/toolversion"
)

// GolangciLint checks that golangci-lint was built with a Go at least
// as new as the project targets, and that its major version matches the
// configuration file's.
var GolangciLint = &check.Check{
	ID:    "tools/golangci-lint",
	Title: "golangci-lint",
	Doc: check.Doc{
		What: "Finds every golangci-lint the shell or the editor would run (PATH, GOBIN or GOPATH/bin, VS Code's go.alternateTools and go.toolsGopath, a go.mod `tool` directive) and reads each binary's build information without running it: " +
			"its module (github.com/golangci/golangci-lint is v1, github.com/golangci/golangci-lint/v2 is v2), its version and the Go that built it. " +
			"It finds the configuration file golangci-lint would use (.golangci.json, .toml, .yaml or .yml in the project directory, its parents, then the home directory) and reads its `version` and `run.go` keys.",
		Why: "Since v1.60.3 golangci-lint refuses to lint a project that targets a newer Go than the one it was built with: " +
			"`Error: can't load config: the Go language version (go1.26) used to build golangci-lint is lower than the targeted Go version (1.27.0)` (exit status 3). " +
			"`go install ...golangci-lint@vX` builds it with whatever Go is current, so an upgrade of the project's Go line breaks a linter that worked yesterday. " +
			"That check compares only with the target: a golangci-lint built with an older Go than the go command that loads the packages (the go on PATH, or the toolchain GOTOOLCHAIN switches to) runs, and fails at type checking on the standard library's own files, even with an old go line or a lowered `run.go` " +
			"(v2.15.0 built with go1.26.8, go1.27.3 on PATH: `…/src/internal/poll/splice_linux.go:237:21: unknown field rfd in struct literal of type splicePipe (typecheck)`). Releases before v1.60.3 have no check at all: they run and report `typecheck` errors. " +
			"golangci-lint v2 only accepts configuration files with `version: \"2\"` (`can't load config: unsupported version of the configuration: \"\"`), " +
			"and v1.64.8 refuses v2 files (`you are using a configuration file for golangci-lint v2 with golangci-lint v1: please use golangci-lint v2`), while older v1 releases silently ignore the v2 sections. " +
			"`go install github.com/golangci/golangci-lint/cmd/golangci-lint@latest` still installs v1: v2 lives at .../v2/cmd/golangci-lint.",
		How: "The target is the one golangci-lint itself computes (pkg/config detectGoVersion), which differs from the project target Go other checks use (the higher of the go and toolchain lines of go.work or go.mod): " +
			"the configuration's `run.go` wins; otherwise go.mod's toolchain line if present (even when it is lower than the go line), else its go line, else the go command's GOVERSION; go.work is not read. " +
			"Error when the language version of the Go that built golangci-lint (go1.26 for go1.26.8) is lower than that target trimmed to major.minor (it refuses to run; before v1.60.3 it runs and type checking fails), or lower than the language version of the go command that loads the packages, worked out as module/toolchain does (it runs and type checking fails; `run.go` does not change that), and when the binary's major version and the configuration's `version` disagree (version \"2\" with v1, anything else with v2). " +
			"For a go.mod tool directive the Go that builds it is the project's toolchain. Info when a golangci-lint is not a readable Go executable and `golangci-lint version` (run once, with a timeout, GOTOOLCHAIN=local; never for a file only the project's own VS Code settings name) does not tell its version. " +
			"The configuration reader handles JSON fully, and for YAML and TOML only the two keys it needs: top-level `version`, and `go` inside a top-level `run` block (`run:` with an indented `go:` line, a `{go: ...}` flow mapping, a `[run]` table or a `run.go` key); " +
			"anchors, aliases, block scalars and multi-line flow values are not understood, and an unquoted YAML number is read as YAML does (1.20 is 1.2). No golangci-lint anywhere is not a problem.",
		Fix: "Reinstall golangci-lint with a new enough Go: `GOTOOLCHAIN=go1.27.0+auto go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest` (or use a release binary built with a newer Go). " +
			"Convert a v1 configuration for v2 with `golangci-lint migrate` (comments are not kept), or install v2 when the configuration already says `version: \"2\"`." +
			" `godx fix` runs the reinstall itself (the v1 or v2 module path from the configuration's version), into the directory the old binary was in.",
		Errors: []string{
			"Error: can't load config: the Go language version (go1.26) used to build golangci-lint is lower than the targeted Go version (1.27.0)",
			"…/src/internal/poll/splice_linux.go:237:21: unknown field rfd in struct literal of type splicePipe (typecheck)",
			`Error: can't load config: unsupported version of the configuration: "" See https://golangci-lint.run/docs/product/migration-guide for migration instructions`,
			"Error: you are using a configuration file for golangci-lint v2 with golangci-lint v1: please use golangci-lint v2",
		},
	},
	Requires: []facts.Requirement{gotoolchain.ProjectToolchain},
	Run:      runGolangciLint,
}

func runGolangciLint(pass *check.Pass) error {
	f := pass.Facts
	relevant, shadowed := toolversion.Candidates(f, "golangci-lint")
	if len(relevant) == 0 {
		pass.Observe("golangci-lint is not installed (not on PATH, in GOBIN or GOPATH/bin, in VS Code settings or a go.mod tool directive)", toolversion.ShadowEvidence(shadowed)...)
		return nil
	}
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable, so the project's Go version is unknown (go/installed reports it)")
	}
	cfg := golangciconfig.Find(f)
	target, targetFrom := golangciconfig.Target(f, ge, cfg)
	common := check.Evidence{}
	if cfg != nil {
		common = append(common, check.F("configuration file", cfg.Path))
		switch {
		case cfg.Err != nil:
			common = append(common, check.F("configuration", "unreadable: "+cfg.Err.Error()))
		case cfg.HasVersion:
			common = append(common, check.F("configuration version", strconv.Quote(cfg.Version)))
		default:
			common = append(common, check.F("configuration version", "none (a v1 configuration)"))
		}
		if cfg.RunGo != "" {
			common = append(common, check.F("run.go", cfg.RunGo))
		}
	} else {
		common = append(common, check.F("configuration file", "none (.golangci.{json,toml,yaml,yml} in the project, its parents or the home directory)"))
	}
	common = append(common, check.F("golangci-lint's target Go ("+targetFrom+")", cmp.Or(target, "unknown")))
	if t, err := f.TargetGo(); err == nil && t.Version != target {
		common = append(common, check.F("project target Go ("+t.From+")", t.Version))
	}

	var observed []string
	var evidence check.Evidence
	for _, t := range relevant {
		ev := slices.Clip(append(toolversion.Evidence(t), common...))
		major := toolversion.GolangciLintMajor(t)
		builtWith, modVersion, asked, ok := readBuild(pass, t, "golangci-lint", "version", &ev,
			func() (string, string, error) { return golangciRunVersion(pass, t) })
		if !ok {
			continue
		}
		if asked {
			major, _, _, _ = modversion.Parts(modVersion)
		}
		reported := false
		if cfg != nil && cfg.Err == nil && major != 0 {
			reported = golangciCheckConfig(pass, t, cfg, major, modVersion, target, ev) || reported
		}
		reported = golangciCheckGo(pass, t, cfg, builtWith, modVersion, major, target, targetFrom, ev) || reported
		if !reported {
			desc := "golangci-lint " + modVersion
			if modversion.Release(modVersion) == "" {
				desc = "golangci-lint " + toolversion.ShowVersion(modVersion)
				if major != 0 {
					desc = fmt.Sprintf("golangci-lint v%d %s", major, toolversion.ShowVersion(modVersion))
				}
			}
			if builtWith != "" {
				desc += " built with " + builtWith
			}
			observed = append(observed, desc+" ("+toolversion.Where(t)+")")
			evidence = append(evidence, ev...)
		}
	}
	if len(observed) > 0 {
		summary := strings.Join(observed, "; ")
		if target != "" {
			summary += "; target Go " + target
		}
		pass.Observe(summary, append(evidence, toolversion.ShadowEvidence(shadowed)...)...)
	}
	return nil
}

// golangciRunVersion asks a golangci-lint that is not a readable Go
// executable.
func golangciRunVersion(pass *check.Pass, t facts.ToolBinary) (ver, built string, err error) {
	out, err := toolversion.Run(pass.Context, pass.Facts, t.Path, "version")
	if err != nil {
		return "", "", err
	}
	return toolversion.ParseGolangciLintVersion(out)
}

// golangciCheckGo replays goutil.CheckGoVersion (the language version of
// the Go that built golangci-lint against the target trimmed to M.m,
// from v1.60.3 on), then what that check does not cover: the go command
// that loads the packages (the go on PATH, or the toolchain GOTOOLCHAIN
// switches to) being newer than that Go, which `run.go` cannot lower.
func golangciCheckGo(pass *check.Pass, t facts.ToolBinary, cfg *golangciconfig.Config, builtWith, modVersion string, major int, target, targetFrom string, ev check.Evidence) bool {
	f := pass.Facts
	built := goversion.LocalToolchain(builtWith)
	if built == "" {
		return false
	}
	lang := goversion.Lang(built)
	trimmed := golangciconfig.TrimGoVersion(target)
	targetNewer := trimmed != "" && goversion.IsValid(trimmed) && goversion.Compare(lang, trimmed) < 0
	sv := modversion.Release(modVersion)
	preCheck := major == 1 && sv != "" && modversion.Compare(sv, "v1.60.3") < 0 // releases without the check
	sel, selErr := projectGo(pass)
	loaderNewer := selErr == nil && !t.IsDirective() && toolversion.LoaderNewer(builtWith, sel.Version)
	if !targetNewer && !loaderNewer {
		return false
	}
	msg := fmt.Sprintf("Error: can't load config: the Go language version (%s) used to build golangci-lint is lower than the targeted Go version (%s)", lang, target)
	need := ""
	if targetNewer {
		need = goversion.Release(trimmed)
		if r := goversion.Release(target); r != "" && goversion.Compare(r, need) > 0 {
			need = r
		}
	}
	if loaderNewer && (need == "" || goversion.Compare(sel.Version, need) > 0) {
		need = sel.Version
	}
	desc := fmt.Sprintf("Reinstall golangci-lint built with %s or later, or download a release binary built with a new enough Go (`golangci-lint version` prints which).", need)
	var fix *check.Fix
	if t.IsDirective() {
		fix = reinstallFix(f, t, "Update the tool directive; `go tool` builds it with the project's toolchain.", toolversion.GolangciLintV2Package, "latest", need)
	} else {
		line, auto := toolversion.ToolFix(f, t, toolversion.InstallEnv(f, need), golangciPackage(cfg, major), "latest")
		fix = &check.Fix{Description: desc, Commands: []string{line}, Auto: auto}
	}

	if targetNewer && !preCheck {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s was built with %s, older than the Go the project targets (%s, from %s): it refuses to run.", toolversion.Name(t), builtWith, target, targetFrom),
			Detail: fmt.Sprintf("golangci-lint type-checks your code with the go/types of the Go it was built with, so it refuses to lint code that targets a newer Go (the target comes from %s):\n\t%s\n"+
				"The editor's lint-on-save shows nothing, or only that golangci-lint exited with status 3.", targetFrom, msg),
			Evidence: ev,
			Fix:      fix,
		})
		return true
	}

	// It runs, and type checking fails.
	var detail string
	what := fmt.Sprintf("older than the Go the project targets (%s, from %s)", target, targetFrom)
	if loaderNewer {
		why := "the go command that loads this project's packages"
		if sel.Switch {
			why = "the toolchain GOTOOLCHAIN switches to in this project"
		}
		what = fmt.Sprintf("older than %s (%s)", sel.Version, why)
		ev = append(slices.Clip(ev), sel.Evidence()...)
		detail = fmt.Sprintf("golangci-lint lists the packages with %s, which picks the standard library's files for %s, and type-checks them with the go/types of %s, which does not know that standard library: "+
			"it reports `typecheck` errors in the standard library's own files, and the linters' results cannot be trusted.", sel.Version, goversion.Lang(sel.Version), lang)
		if example := toolversion.AnalyserLoadError(builtWith, sel.Version, f.GOOS(), "…", "typecheck"); example != "" {
			detail += " With this pair of Go versions it prints\n\t" + example
		}
		switch {
		case cfg != nil && cfg.RunGo != "" && !targetNewer:
			detail += fmt.Sprintf("\nrun.go (%s) lowers golangci-lint's own check of the target, so it does not refuse to run, but it does not change the Go that loads the packages.", cfg.RunGo)
		case !preCheck:
			detail += fmt.Sprintf("\nIts own check compares only with the target (%s, from %s), which is old enough.", target, targetFrom)
		}
	} else {
		detail = fmt.Sprintf("Releases before v1.60.3 do not check this: they run, and report bogus typecheck errors or miss problems in code that uses Go %s features. "+
			"Current releases refuse outright:\n\t%s", trimmed, msg)
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s was built with %s, %s: it runs, but type checking fails and its results cannot be trusted.", toolversion.Name(t), builtWith, what),
		Detail:   detail,
		Evidence: ev,
		Fix:      fix,
	})
	return true
}

// golangciCheckConfig reports a binary whose major version does not
// read the configuration file's format.
func golangciCheckConfig(pass *check.Pass, t facts.ToolBinary, cfg *golangciconfig.Config, major int, modVersion, target string, ev check.Evidence) bool {
	f := pass.Facts
	cfgV2 := cfg.Version == "2"
	switch {
	case major == 1 && cfgV2:
		msg := golangciconfig.V1RefusesV2Config
		detail := "golangci-lint v1.64.8 stops with\n\t" + msg
		if sv := modversion.Release(modVersion); sv != "" && modversion.Compare(sv, "v1.64.8") < 0 {
			detail = "Releases before v1.64.8 do not notice: they run with the v2 sections (linters.settings, linters.exclusions, formatters) ignored, so the linters and settings that run are not the ones configured. v1.64.8 refuses outright:\n\t" + msg
		}
		need := ""
		if r := goversion.Release(golangciconfig.TrimGoVersion(target)); r != "" {
			need = r
		}
		line, auto := toolversion.ToolFix(f, t, toolversion.InstallEnv(f, need), toolversion.GolangciLintV2Package, "latest")
		cmds := []string{line}
		if t.IsDirective() {
			auto = nil
			cmds = []string{
				toolversion.GetToolCommand(f.GOOS(), cmp.Or(t.ToolPackage, toolversion.GolangciLintV1Package), "none"),
				toolversion.GetToolCommand(f.GOOS(), toolversion.GolangciLintV2Package, "latest"),
			}
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is %s, but %s is a version 2 configuration.", toolversion.Name(t), golangciDesc(1, modVersion), cfg.Path),
			Detail: detail + "\n`go install github.com/golangci/golangci-lint/cmd/golangci-lint@latest` installs v1 (v1.64.8, the last v1 release); " +
				"v2 is the module github.com/golangci/golangci-lint/v2.",
			Evidence: ev,
			Fix:      &check.Fix{Description: "Install golangci-lint v2 (and remove the v1 binary).", Commands: cmds, Auto: auto},
		})
		return true
	case major == 2 && !cfgV2:
		shown := strconv.Quote(cfg.Version)
		what := "has no `version` key: it is a golangci-lint v1 configuration"
		if cfg.HasVersion {
			what = "says `version: " + shown + "`"
		}
		msg := golangciconfig.V2RefusesConfig(cfg.Version)
		sh := shellquote.ForGOOS(f.GOOS())
		migrate := "golangci-lint migrate"
		if !t.Runs || t.IsDirective() {
			migrate = shellquote.Join(sh, t.Path, "migrate")
			if t.IsDirective() {
				migrate = "go tool golangci-lint migrate"
			}
		}
		if dir := f.ParentDir(cfg.Path); !f.SamePath(dir, f.Dir) {
			migrate = "cd " + shellquote.Arg(sh, dir) + " && " + migrate
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is %s, but %s %s.", toolversion.Name(t), golangciDesc(2, modVersion), cfg.Path, what),
			Detail: "golangci-lint v2 only loads configuration files that say `version: \"2\"`, and stops every run with\n\t" + msg +
				"\nThe v2 format renamed and moved many options (linters-settings became linters.settings, exclusions and formatters have their own sections), so adding the line alone is usually not enough.",
			Evidence: ev,
			Fix: &check.Fix{
				Description: "Convert the configuration to the v2 format (the previous file is kept as a backup; comments are not migrated).",
				Commands:    []string{migrate},
			},
		})
		return true
	}
	return false
}

// golangciDesc: "golangci-lint v2.13.1", or "a development build of
// golangci-lint v2" when the version is not a release.
func golangciDesc(major int, modVersion string) string {
	if modversion.Release(modVersion) != "" {
		return "golangci-lint " + modVersion
	}
	return fmt.Sprintf("a development build of golangci-lint v%d (version %s)", major, toolversion.ShowVersion(modVersion))
}

// golangciPackage is the package a reinstall builds: the major version
// the repository's configuration is written for (a `version: "2"` file
// needs v2, any other needs v1, whose module path has no /v2), else the
// binary's own major version, else v2.
func golangciPackage(cfg *golangciconfig.Config, major int) string {
	switch {
	case cfg != nil && cfg.Err == nil && cfg.Version == "2":
		return toolversion.GolangciLintV2Package
	case cfg != nil && cfg.Err == nil:
		return toolversion.GolangciLintV1Package
	case major == 1:
		return toolversion.GolangciLintV1Package
	}
	return toolversion.GolangciLintV2Package
}

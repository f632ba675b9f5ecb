package checks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modversion"
)

// ToolsGolangciLint checks that golangci-lint was built with a Go at least
// as new as the project targets, and that its major version matches the
// configuration file's.
var ToolsGolangciLint = &check.Check{
	ID:    "tools/golangci-lint",
	Title: "golangci-lint",
	Doc: check.Doc{
		What: "Finds every golangci-lint the shell or the editor would run (PATH, GOBIN or GOPATH/bin, VS Code's go.alternateTools and go.toolsGopath, a go.mod `tool` directive) and reads each binary's build information without running it: " +
			"its module (github.com/golangci/golangci-lint is v1, github.com/golangci/golangci-lint/v2 is v2), its version and the Go that built it. " +
			"It finds the configuration file golangci-lint would use (.golangci.json, .toml, .yaml or .yml in the project directory, its parents, then the home directory) and reads its `version` and `run.go` keys.",
		Why: "Since v1.60.3 golangci-lint refuses to lint a project that targets a newer Go than the one it was built with: " +
			"`Error: can't load config: the Go language version (go1.26) used to build golangci-lint is lower than the targeted Go version (1.27.0)` (exit status 3). " +
			"`go install ...golangci-lint@vX` builds it with whatever Go is current, so an upgrade of the project's Go line breaks a linter that worked yesterday. " +
			"golangci-lint v2 only accepts configuration files with `version: \"2\"` (`can't load config: unsupported version of the configuration: \"\"`), " +
			"and v1.64.8 refuses v2 files (`you are using a configuration file for golangci-lint v2 with golangci-lint v1: please use golangci-lint v2`), while older v1 releases silently ignore the v2 sections. " +
			"`go install github.com/golangci/golangci-lint/cmd/golangci-lint@latest` still installs v1: v2 lives at .../v2/cmd/golangci-lint.",
		How: "The target is the one golangci-lint itself computes (pkg/config detectGoVersion), which differs from the project target Go other checks use (the higher of the go and toolchain lines of go.work or go.mod): " +
			"the configuration's `run.go` wins; otherwise go.mod's toolchain line if present (even when it is lower than the go line), else its go line, else the go command's GOVERSION; go.work is not read. " +
			"Error when the language version of the Go that built golangci-lint (go1.26 for go1.26.8) is lower than that target trimmed to major.minor, and when the binary's major version and the configuration's `version` disagree (version \"2\" with v1, anything else with v2). " +
			"For a go.mod tool directive the Go that builds it is the project's toolchain. Info when a golangci-lint is not a readable Go executable and `golangci-lint version` (run once, with a timeout, GOTOOLCHAIN=local; never for a file only the project's own VS Code settings name) does not tell its version. " +
			"The configuration reader handles JSON fully, and for YAML and TOML only the two keys it needs: top-level `version`, and `go` inside a top-level `run` block (`run:` with an indented `go:` line, a `{go: ...}` flow mapping, a `[run]` table or a `run.go` key); " +
			"anchors, aliases, block scalars and multi-line flow values are not understood, and an unquoted YAML number is read as YAML does (1.20 is 1.2). No golangci-lint anywhere is not a problem.",
		Fix: "Reinstall golangci-lint with a new enough Go: `GOTOOLCHAIN=go1.27.0+auto go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest` (or use a release binary built with a newer Go). " +
			"Convert a v1 configuration for v2 with `golangci-lint migrate` (comments are not kept), or install v2 when the configuration already says `version: \"2\"`.",
		Errors: []string{
			"Error: can't load config: the Go language version (go1.26) used to build golangci-lint is lower than the targeted Go version (1.27.0)",
			`Error: can't load config: unsupported version of the configuration: "" See https://golangci-lint.run/docs/product/migration-guide for migration instructions`,
			"Error: you are using a configuration file for golangci-lint v2 with golangci-lint v1: please use golangci-lint v2",
		},
	},
	Run: runToolsGolangciLint,
}

// golangciLintConfig is the configuration file golangci-lint would load.
type golangciLintConfig struct {
	Path       string
	Version    string // the `version` key ("" when absent)
	HasVersion bool
	RunGo      string // run.go ("" when absent)
	Err        error  // unreadable or unparsable
}

func runToolsGolangciLint(pass *check.Pass) error {
	f := pass.Facts
	relevant, shadowed := toolverCandidates(f, "golangci-lint")
	if len(relevant) == 0 {
		pass.Observe("golangci-lint is not installed (not on PATH, in GOBIN or GOPATH/bin, in VS Code settings or a go.mod tool directive)", toolverShadowEvidence(shadowed)...)
		return nil
	}
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable, so the project's Go version is unknown (go/installed reports it)")
	}
	cfg := golangciLintFindConfig(f)
	target, targetFrom := golangciLintTarget(f, ge, cfg)
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
	common = append(common, check.F("golangci-lint's target Go ("+targetFrom+")", toolverOr(target, "unknown")))
	if t, err := f.TargetGo(); err == nil && t.Version != target {
		common = append(common, check.F("project target Go ("+t.From+")", t.Version))
	}

	var observed []string
	var evidence check.Evidence
	for _, t := range relevant {
		ev := slices.Clip(append(toolverEvidence(f, t), common...))
		major := golangciLintMajor(t)
		builtWith, modVersion, asked, ok := toolverBuild(pass, t, "golangci-lint", "version", &ev,
			func() (string, string, error) { return golangciLintRunVersion(pass, t) })
		if !ok {
			continue
		}
		if asked {
			major, _, _, _ = modversion.Parts(modVersion)
		}
		reported := false
		if cfg != nil && cfg.Err == nil && major != 0 {
			reported = golangciLintCheckConfig(pass, t, cfg, major, modVersion, target, ev) || reported
		}
		reported = golangciLintCheckGo(pass, t, builtWith, modVersion, major, target, targetFrom, ev) || reported
		if !reported {
			desc := "golangci-lint " + modVersion
			if modversion.Release(modVersion) == "" {
				desc = "golangci-lint " + toolverShowVersion(modVersion)
				if major != 0 {
					desc = fmt.Sprintf("golangci-lint v%d %s", major, toolverShowVersion(modVersion))
				}
			}
			if builtWith != "" {
				desc += " built with " + builtWith
			}
			observed = append(observed, desc+" ("+toolverWhereShort(t)+")")
			evidence = append(evidence, ev...)
		}
	}
	if len(observed) > 0 {
		summary := strings.Join(observed, "; ")
		if target != "" {
			summary += "; target Go " + target
		}
		pass.Observe(summary, append(evidence, toolverShadowEvidence(shadowed)...)...)
	}
	return nil
}

// golangciLintMajor is 1 or 2 from the module path (the main module, or
// a dependency of a custom build made with `golangci-lint custom`); 0 when
// unknown.
func golangciLintMajor(t facts.ToolBinary) int {
	major := func(p string) int {
		switch p {
		case "github.com/golangci/golangci-lint":
			return 1
		case "github.com/golangci/golangci-lint/v2":
			return 2
		}
		return 0
	}
	if m := major(t.ModulePath()); m != 0 {
		return m
	}
	if t.Info != nil {
		for _, d := range t.Info.Deps {
			if m := major(d.Path); m != 0 {
				return m
			}
		}
	}
	return 0
}

// golangciLintRunVersion asks a golangci-lint that is not a readable Go
// executable: "golangci-lint has version 2.13.1 built with go1.26.8 from ...".
func golangciLintRunVersion(pass *check.Pass, t facts.ToolBinary) (ver, built string, err error) {
	out, err := toolverRun(pass, t.Path, "version")
	if err != nil {
		return "", "", err
	}
	m := regexp.MustCompile(`has version v?(\d+\.\d+\.\d+\S*) built with (go\S+)`).FindStringSubmatch(out)
	if m == nil {
		return "", "", fmt.Errorf("unexpected output %q", toolverFirstLines(out))
	}
	return "v" + m[1], m[2], nil
}

// golangciLintCheckGo replays goutil.CheckGoVersion: the language version
// of the Go that built golangci-lint against the target trimmed to M.m.
func golangciLintCheckGo(pass *check.Pass, t facts.ToolBinary, builtWith, modVersion string, major int, target, targetFrom string, ev check.Evidence) bool {
	built := goversion.LocalToolchain(builtWith)
	trimmed := golangciLintTrimGoVersion(target)
	if built == "" || trimmed == "" || !goversion.IsValid(trimmed) {
		return false
	}
	lang := goversion.Lang(built)
	if goversion.Compare(lang, trimmed) >= 0 {
		return false
	}
	msg := fmt.Sprintf("Error: can't load config: the Go language version (%s) used to build golangci-lint is lower than the targeted Go version (%s)", lang, target)
	detail := fmt.Sprintf("golangci-lint type-checks your code with the go/types of the Go it was built with, so it refuses to lint code that targets a newer Go (the target comes from %s):\n\t%s\n"+
		"The editor's lint-on-save shows nothing, or only that golangci-lint exited with status 3.", targetFrom, msg)
	if sv := modversion.Release(modVersion); major == 1 && sv != "" && modversion.Compare(sv, "v1.60.3") < 0 {
		detail = fmt.Sprintf("Releases before v1.60.3 do not check this: they run, and report bogus typecheck errors or miss problems in code that uses Go %s features. "+
			"Current releases refuse outright:\n\t%s", trimmed, msg)
	}
	need := goversion.Release(trimmed)
	if r := goversion.Release(target); r != "" && goversion.Compare(r, need) > 0 {
		need = r
	}
	cmds := []string{toolverInstallFix(pass.Facts, t, "github.com/golangci/golangci-lint/v2/cmd/golangci-lint", "latest", need)}
	desc := fmt.Sprintf("Reinstall golangci-lint built with Go %s or later, or download a release binary built with a new enough Go (`golangci-lint version` prints which).", trimmed)
	if t.IsDirective() {
		desc = "Update the tool directive; `go tool` builds it with the project's toolchain."
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s was built with %s, older than the Go the project targets (%s, from %s): it refuses to run.", toolverName(t), builtWith, target, targetFrom),
		Detail:   detail,
		Evidence: ev,
		Fix:      &check.Fix{Description: desc, Commands: cmds},
	})
	return true
}

// golangciLintCheckConfig reports a binary whose major version does not
// read the configuration file's format.
func golangciLintCheckConfig(pass *check.Pass, t facts.ToolBinary, cfg *golangciLintConfig, major int, modVersion, target string, ev check.Evidence) bool {
	f := pass.Facts
	cfgV2 := cfg.Version == "2"
	switch {
	case major == 1 && cfgV2:
		msg := "Error: you are using a configuration file for golangci-lint v2 with golangci-lint v1: please use golangci-lint v2"
		detail := "golangci-lint v1.64.8 stops with\n\t" + msg
		if sv := modversion.Release(modVersion); sv != "" && modversion.Compare(sv, "v1.64.8") < 0 {
			detail = "Releases before v1.64.8 do not notice: they run with the v2 sections (linters.settings, linters.exclusions, formatters) ignored, so the linters and settings that run are not the ones configured. v1.64.8 refuses outright:\n\t" + msg
		}
		need := ""
		if r := goversion.Release(golangciLintTrimGoVersion(target)); r != "" {
			need = r
		}
		cmds := []string{toolverInstallFix(f, facts.ToolBinary{Found: t.Found}, "github.com/golangci/golangci-lint/v2/cmd/golangci-lint", "latest", need)}
		if t.IsDirective() {
			cmds = []string{"go get -tool " + toolverOr(t.ToolPackage, "github.com/golangci/golangci-lint/cmd/golangci-lint") + "@none", "go get -tool github.com/golangci/golangci-lint/v2/cmd/golangci-lint@latest"}
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is %s, but %s is a version 2 configuration.", toolverName(t), golangciLintDesc(1, modVersion), cfg.Path),
			Detail: detail + "\n`go install github.com/golangci/golangci-lint/cmd/golangci-lint@latest` installs v1 (v1.64.8, the last v1 release); " +
				"v2 is the module github.com/golangci/golangci-lint/v2.",
			Evidence: ev,
			Fix:      &check.Fix{Description: "Install golangci-lint v2 (and remove the v1 binary).", Commands: cmds},
		})
		return true
	case major == 2 && !cfgV2:
		shown := strconv.Quote(cfg.Version)
		what := "has no `version` key: it is a golangci-lint v1 configuration"
		if cfg.HasVersion {
			what = "says `version: " + shown + "`"
		}
		msg := "Error: can't load config: unsupported version of the configuration: " + shown + " See https://golangci-lint.run/docs/product/migration-guide for migration instructions"
		migrate := "golangci-lint migrate"
		if !t.Runs || t.IsDirective() {
			migrate = t.Path + " migrate"
			if t.IsDirective() {
				migrate = "go tool golangci-lint migrate"
			}
		}
		if dir := f.ParentDir(cfg.Path); !f.SamePath(dir, f.Dir) {
			migrate = "cd " + dir + " && " + migrate
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is %s, but %s %s.", toolverName(t), golangciLintDesc(2, modVersion), cfg.Path, what),
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

// golangciLintDesc: "golangci-lint v2.13.1", or "a development build of
// golangci-lint v2" when the version is not a release.
func golangciLintDesc(major int, modVersion string) string {
	if modversion.Release(modVersion) != "" {
		return "golangci-lint " + modVersion
	}
	return fmt.Sprintf("a development build of golangci-lint v%d (version %s)", major, toolverShowVersion(modVersion))
}

// golangciLintTarget is the Go version golangci-lint targets
// (pkg/config detectGoVersion): run.go, else go.mod's toolchain line,
// else its go line, else GOVERSION.
func golangciLintTarget(f *facts.Facts, ge *facts.GoEnv, cfg *golangciLintConfig) (string, string) {
	if cfg != nil && cfg.RunGo != "" {
		return cfg.RunGo, "run.go in " + cfg.Path
	}
	if m, err := f.Module(); err == nil && m != nil && m.Mod != nil && m.Err == nil {
		if tc := m.ToolchainLine(); tc != "" {
			if v := golangciLintParseGoVersion(tc); v != "" {
				return v, "the toolchain line of " + m.Path
			}
		}
		if g := m.GoLine(); g != "" {
			return g, "the go line of " + m.Path
		}
	}
	return golangciLintParseGoVersion(ge.Get("GOVERSION")), "the go command's GOVERSION"
}

// golangciLintParseGoVersion is golangci-lint's parseGoVersion: drop "go"
// and anything from the first character that is neither a digit nor a dot.
func golangciLintParseGoVersion(v string) string {
	raw := goversion.TrimGo(v)
	if i := strings.IndexFunc(raw, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }); i >= 0 {
		raw = raw[:i]
	}
	return raw
}

var golangciLintTrimRE = regexp.MustCompile(`(\d\.\d+)(?:\.\d+|[a-z]+\d)`)

// golangciLintTrimGoVersion is golangci-lint's goutil.TrimGoVersion: M.m.
func golangciLintTrimGoVersion(v string) string {
	if v == "" {
		return ""
	}
	if m := golangciLintTrimRE.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}

// golangciLintFindConfig finds the configuration file as golangci-lint's
// loader does: the project directory, each parent up to the root, then the
// home directory; in each, viper's extension order (json, toml, yaml, yml).
func golangciLintFindConfig(f *facts.Facts) *golangciLintConfig {
	var dirs []string
	for d := f.Dir; ; {
		dirs = append(dirs, d)
		p := f.ParentDir(d)
		if p == d || p == "" || p == "." {
			break
		}
		d = p
	}
	home := f.Getenv("HOME")
	if f.GOOS() == "windows" {
		home = toolverOr(f.Getenv("USERPROFILE"), home)
	}
	if home != "" {
		dup := false
		for _, d := range dirs {
			if f.SamePath(d, home) {
				dup = true
			}
		}
		if !dup {
			dirs = append(dirs, home)
		}
	}
	for _, d := range dirs {
		for _, ext := range []string{"json", "toml", "yaml", "yml"} {
			p := f.JoinPath(d, ".golangci."+ext)
			st, err := f.OS.Stat(p)
			if err != nil || st.IsDir() {
				continue
			}
			cfg := &golangciLintConfig{Path: p}
			data, err := f.ReadFile(p)
			if err != nil {
				cfg.Err = err
				return cfg
			}
			switch ext {
			case "json":
				cfg.Version, cfg.HasVersion, cfg.RunGo, cfg.Err = golangciLintParseJSON(data)
			case "toml":
				cfg.Version, cfg.HasVersion, cfg.RunGo = golangciLintParseTOML(data)
			default:
				cfg.Version, cfg.HasVersion, cfg.RunGo = golangciLintParseYAML(data)
			}
			return cfg
		}
	}
	return nil
}

func golangciLintParseJSON(data []byte) (ver string, has bool, runGo string, err error) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", false, "", err
	}
	scalar := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return ""
	}
	if v, ok := doc["version"]; ok {
		ver, has = scalar(v), true
	}
	if run, ok := doc["run"].(map[string]any); ok {
		runGo = scalar(run["go"])
	}
	return ver, has, runGo, nil
}

// golangciLintParseYAML reads the top-level `version` key and `go` in the
// top-level `run` mapping, line by line (see the check's How for limits).
func golangciLintParseYAML(data []byte) (ver string, has bool, runGo string) {
	inRun, runIndent := false, -1
	for _, line := range strings.Split(string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if trimmed == "---" || trimmed == "..." {
			inRun = false
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		key, rest, ok := golangciLintYAMLKey(trimmed)
		if indent == 0 {
			inRun = false
			if !ok {
				continue
			}
			switch key {
			case "version":
				ver, has = golangciLintYAMLScalar(rest), true
			case "run":
				if strings.HasPrefix(strings.TrimSpace(rest), "{") {
					runGo = golangciLintFlowGet(rest, "go", golangciLintYAMLScalar)
				} else if golangciLintYAMLScalar(rest) == "" {
					inRun, runIndent = true, -1
				}
			}
			continue
		}
		if !inRun || !ok {
			continue
		}
		if runIndent < 0 {
			runIndent = indent
		}
		if indent == runIndent && key == "go" {
			runGo = golangciLintYAMLScalar(rest)
		}
	}
	return ver, has, runGo
}

// golangciLintYAMLKey splits "key: rest" (the key may be quoted).
func golangciLintYAMLKey(s string) (key, rest string, ok bool) {
	if strings.HasPrefix(s, "- ") {
		return "", "", false
	}
	if q := s[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return "", "", false
		}
		key, s = s[1:1+end], s[2+end:]
		s = strings.TrimLeft(s, " ")
		if !strings.HasPrefix(s, ":") {
			return "", "", false
		}
		return key, s[1:], true
	}
	i := strings.Index(s, ":")
	if i <= 0 || (i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\t') {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), s[i+1:], true
}

var golangciLintNumberRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// golangciLintYAMLScalar reads a plain or quoted YAML scalar, dropping a
// trailing comment; unquoted numbers are read as YAML numbers.
func golangciLintYAMLScalar(s string) string { return golangciLintScalar(s, " #") }

// golangciLintTOMLScalar is golangciLintYAMLScalar for TOML, whose
// comments need no space before the #.
func golangciLintTOMLScalar(s string) string { return golangciLintScalar(s, "#") }

func golangciLintScalar(s, comment string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if q := s[0]; q == '"' || q == '\'' {
		if end := strings.IndexByte(s[1:], q); end >= 0 {
			return s[1 : 1+end]
		}
		return s[1:]
	}
	if i := strings.Index(s, comment); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if golangciLintNumberRE.MatchString(s) {
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	return s
}

// golangciLintFlowGet reads key from a one-line flow mapping "{a: 1, go: '1.22'}".
func golangciLintFlowGet(s, key string, scalar func(string) string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "{")
	if i := strings.LastIndex(s, "}"); i >= 0 {
		s = s[:i]
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			k, v, ok = strings.Cut(part, "=")
		}
		if ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			return scalar(v)
		}
	}
	return ""
}

// golangciLintParseTOML reads top-level `version`, and `go` in the [run]
// table (or a top-level `run.go` key), line by line.
func golangciLintParseTOML(data []byte) (ver string, has bool, runGo string) {
	table := ""
	for _, line := range strings.Split(string(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))), "\n") {
		s := strings.TrimSpace(line)
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if strings.HasPrefix(s, "[") {
			table = strings.Trim(strings.TrimSpace(strings.Trim(s, "[]")), `"`)
			continue
		}
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		switch {
		case table == "" && k == "version":
			ver, has = golangciLintTOMLScalar(v), true
		case table == "" && (k == "run.go" || k == `run."go"`):
			runGo = golangciLintTOMLScalar(v)
		case table == "" && k == "run" && strings.HasPrefix(strings.TrimSpace(v), "{"):
			runGo = golangciLintFlowGet(v, "go", golangciLintTOMLScalar)
		case table == "run" && k == "go":
			runGo = golangciLintTOMLScalar(v)
		}
	}
	return ver, has, runGo
}

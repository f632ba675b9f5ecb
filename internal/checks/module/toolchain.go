package module

import (
	"fmt"
	"strings"

	"golang.org/x/mod/module"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goproxy"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolversion"
)

// Toolchain predicts which Go toolchain the go command will run in
// the project directory, following cmd/go's own selection rules
// (cmd/go/internal/toolchain/select.go), and whether that works.
var Toolchain = &check.Check{
	ID:    "module/toolchain",
	Title: "Go version and toolchain selection",
	Doc: check.Doc{
		What: "Reads the `go` and `toolchain` lines of the go.work file in effect (else of go.mod), the version of the local go command " +
			"(`go env GOVERSION`, run with GOTOOLCHAIN=local) and the effective GOTOOLCHAIN together with where it is set " +
			"(the environment, the `go env -w` file, or $GOROOT/go.env). From these it works out, with the go command's own rules, " +
			"which toolchain every go command in this directory will really run, and whether that toolchain can be found or downloaded.",
		Why: "Since Go 1.21 the go line is a hard minimum: a go command older than it refuses to build, list or test anything in the module. " +
			"With GOTOOLCHAIN=auto the go command instead switches, silently, to a newer toolchain found on PATH (goX.Y.Z) or downloaded into " +
			"the module cache, so the Go that builds your code is not the one `which go` shows. Some Go distributions ship GOTOOLCHAIN=local " +
			"in $GOROOT/go.env, and `go env -changed` does not show it, so the switch that go.mod asks for never happens. " +
			"A download also fails when GOPROXY=off, and always when GOSUMDB=off (toolchains must be verified by the checksum database).",
		How: "GOTOOLCHAIN is interpreted as the go command does: local, auto (= local+auto), path (= local+path), <name>, <name>+auto or " +
			"<name>+path; with nothing set anywhere the go command never switches. In auto and path mode a toolchain line newer than the " +
			"default toolchain (the local go or <name>) is used, a go line newer than that wins (a language version such as `go 1.27` means " +
			"go1.27.0), and `toolchain default` keeps the default. A toolchain that is not the local one is looked for on PATH first, then " +
			"in $GOMODCACHE/golang.org/toolchain@v0.0.1-<name>.<GOHOSTOS>-<GOHOSTARCH>. " +
			"Error: GOTOOLCHAIN or the toolchain line is invalid; the toolchain that will run is older than the go line; the toolchain it " +
			"must switch to cannot be had (GOTOOLCHAIN=path and not on PATH, a language version like go1.22 that names no release, " +
			"not downloaded and not available from GOPROXY (off, or only file:// directories that lack it; an http proxy is not asked), " +
			"GOSUMDB=off (checked after availability, as the go command does), a goX.Y.Z on PATH that fails or reports another version). " +
			"Warning: a toolchain line that is a language version (it breaks the go command wherever it is selected); a toolchain " +
			"older than Go 1.21, which does not enforce the go line. " +
			"Info: the go command will switch to another toolchain (named, with where it comes from or that it will be downloaded); " +
			"a toolchain line that GOTOOLCHAIN=local ignores. Skipped when modules are off (GO111MODULE=off), which disables switching.",
		Fix: "If GOTOOLCHAIN=local comes from $GOROOT/go.env or the `go env -w` file, run `go env -w GOTOOLCHAIN=auto`; if it comes from " +
			"the environment, change the variable where it is set (shell profile, CI configuration, IDE settings). " +
			"GOTOOLCHAIN=go1.27.0+auto keeps a minimum toolchain and still lets go.mod ask for a newer one. " +
			"Or install the Go version the module needs as a toolchain (`godx toolchain install 1.27.0`, verified like the go command's own download) or as your go command. " +
			"Replace a toolchain line such as `toolchain go1.22` with a release (`go mod edit -toolchain=go1.22.0`) or remove it " +
			"(`go mod edit -toolchain=none`).",
		Errors: []string{
			"go: go.mod requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)",
			"go: go.work requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)",
			"go: go.mod requires go >= 1.27.0 (running go 1.26.8; go.mod sets toolchain default)",
			`go: invalid GOTOOLCHAIN "x"`,
			`go: invalid GOTOOLCHAIN "local+x": only version suffixes are +auto and +path`,
			"go: invalid toolchain: go1.22 is a language version but not a toolchain version (go1.22.x)",
			`go: cannot find "go1.27.0" in PATH`,
			"go: download go1.27.0 for linux/amd64: toolchain not available",
			"go: golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off",
			"note: module requires Go 1.27",
		},
	},
	Requires: []facts.Requirement{gotoolchain.ProjectToolchain},
	Run:      runToolchain,
}

func runToolchain(pass *check.Pass) error {
	f := pass.Facts
	pt, err := check.ResultOf(pass, gotoolchain.ProjectToolchain)
	if err != nil {
		return check.Skip("%v", err)
	}
	ge, _ := f.GoEnv() // known to work: the selection needed it
	localTC, localVers, setting, value, file, sel := pt.LocalTC, pt.LocalVers, pt.Setting, pt.Value, pt.File, pt.Sel
	from := toolchainSource(setting)

	ev := check.Evidence{
		check.F("local go", localTC+" ("+ge.Go.Path+")"),
		check.F("GOTOOLCHAIN", toolchainShow(value)+" (from "+from+")"),
	}
	if setting != nil {
		for _, o := range setting.Overridden {
			ev = append(ev, check.F("GOTOOLCHAIN overridden", o.Value+" (from "+o.Where()+")"))
		}
	}
	if file != nil {
		ev = append(ev, check.F(file.Kind, file.Path),
			check.F(file.Kind+" go line", toolchainShow(file.Go)),
			check.F(file.Kind+" toolchain line", toolchainShow(file.Toolchain)))
	} else {
		ev = append(ev, check.F("go.mod", "none (not in a module)"))
	}

	if sel.Fatal != "" {
		pass.Report(toolchainInvalid(f, sel, setting, from, file, ev))
		return nil
	}
	ev = append(ev, check.F("toolchain that runs", sel.Chosen))

	reported := false
	var switchInfo *check.Finding
	if !sel.Local {
		var ok bool
		if switchInfo, ok = toolchainAvailability(pass, ge, sel, setting, from, file, &ev); !ok {
			return nil
		}
	}

	// The go line is a minimum for whichever toolchain runs.
	if file != nil && file.Go != "" && goversion.Compare(file.Go, sel.ChosenVers) > 0 {
		pass.Report(toolchainTooNew(f, sel, setting, from, file, ev))
		return nil
	}
	if switchInfo != nil {
		pass.Report(*switchInfo)
		reported = true
	}

	// A toolchain line naming a language version breaks the go command
	// wherever it gets selected (it was not selected here). It never is
	// when the go line is newer: the go line then wins.
	if tv := goversion.FromToolchain(toolchainLine(file)); file != nil && gotoolchain.IsLanguageVersion(file.Toolchain) && goversion.Compare(file.Go, tv) <= 0 {
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The toolchain line of %s names %s, a language version, not a Go release.", file.Path, file.Toolchain),
			Detail: fmt.Sprintf("It is not used here, but on any machine whose default toolchain is older than %s the go command selects it, "+
				"finds no such release and stops every command with `%s`. "+
				"Releases since Go 1.21 are named go%s.0, go%s.1, ….", tv, gotoolchain.LanguageVersionError(file.Toolchain), tv, tv),
			Evidence: ev,
			Fix: &check.Fix{
				Description: fmt.Sprintf("Name a release in the toolchain line (or drop the line: the go line alone is a minimum) in the directory of %s.", file.Path),
				Commands:    []string{toolchainEditCmd(file, "-toolchain="+file.Toolchain+".0"), toolchainEditCmd(file, "-toolchain=none")},
			},
			Position: check.At(file.Path, file.ToolchainLineNo, 0),
		})
		reported = true
	}

	// GOTOOLCHAIN=local (or nothing set) ignores a newer toolchain line.
	if sel.Mode == "" && sel.Local && file != nil {
		if tv := goversion.FromToolchain(file.Toolchain); tv != "" && goversion.Compare(tv, localVers) > 0 && !gotoolchain.IsLanguageVersion(file.Toolchain) {
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("%s suggests toolchain %s, but GOTOOLCHAIN=%s runs the local %s.", file.Kind, file.Toolchain, toolchainShow(value), localTC),
				Detail: fmt.Sprintf("The toolchain line is only a preference: builds work with %s because the go line (%s) does not need more. "+
					"GOTOOLCHAIN (from %s) does not let the go command switch, so teammates with GOTOOLCHAIN=auto build with %s and you do not.",
					localTC, toolchainShow(file.Go), from, file.Toolchain),
				Evidence: ev,
				Fix:      toolchainAllowSwitchFix(f, setting, from, file.Toolchain),
			})
			reported = true
		}
	}

	if !reported {
		summary := fmt.Sprintf("%s runs (GOTOOLCHAIN=%s from %s)", localTC, toolchainShow(value), from)
		if file != nil && file.Go != "" {
			summary = fmt.Sprintf("%s go %s: %s", file.Kind, file.Go, summary)
		}
		pass.Observe(summary, ev...)
	}
	return nil
}

// toolchainAvailability works out how the go command gets the
// selected (non-local) toolchain. It returns false when that fails (an
// error was reported), else the finding that tells where it comes from.
func toolchainAvailability(pass *check.Pass, ge *facts.GoEnv, sel gotoolchain.Selection, setting *facts.Setting, from string, file *gotoolchain.File, ev *check.Evidence) (*check.Finding, bool) {
	f := pass.Facts
	why := toolchainWhy(sel, file, from)
	tc := sel.Chosen

	// 1. PATH (golang.org/dl wrappers, custom installs).
	onPath, err := f.LookPath(tc)
	if err != nil && f.GOOS() == "windows" && !strings.HasSuffix(strings.ToLower(tc), ".exe") {
		onPath, err = f.LookPath(tc + ".exe")
	}
	if err == nil {
		*ev = append(*ev, check.F(tc+" on PATH", onPath))
		env := append(f.Environ(), "GOTOOLCHAIN=local")
		res := f.Run(pass.Context, facts.Command{Path: onPath, Args: []string{"version"}, Dir: f.Dir, Env: env})
		out := strings.TrimSpace(string(res.Stdout))
		fields := strings.Fields(out)
		switch {
		case res.TimedOut:
			*ev = append(*ev, check.F(tc+" version", "did not answer in time"))
		case res.Err != nil:
			msg := strings.TrimSpace(string(res.Stderr))
			if msg == "" {
				msg = res.Err.Error()
			}
			*ev = append(*ev, check.F("`"+onPath+" version`", msg))
			fix := &check.Fix{Description: fmt.Sprintf("Make %s work, or remove it from PATH so that the go command downloads %s itself.", onPath, tc)}
			if strings.Contains(msg, "not downloaded") {
				fix = &check.Fix{Description: "The golang.org/dl wrapper was installed but its Go was never downloaded.", Commands: []string{tc + " download"}}
			}
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("%s, and the %s that the go command would run from PATH (%s) fails.", why, tc, onPath),
				Detail: fmt.Sprintf("The go command prefers a %s command on PATH to a download, so every go command here runs %s and fails as it does: %s",
					tc, onPath, toolchainQuote(msg)),
				Evidence: *ev,
				Fix:      fix,
			})
			return nil, false
		case len(fields) >= 3 && fields[0] == "go" && fields[1] == "version" && fields[2] != tc:
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("%s, but the %s on PATH (%s) is %s.", why, tc, onPath, fields[2]),
				Detail: fmt.Sprintf("The go command runs the %s command it finds on PATH and asks it to provide %s; a go command of another version "+
					"refuses with `go: toolchain %s invoked to provide %s`.", tc, tc, fields[2], tc),
				Evidence: *ev,
				Fix:      &check.Fix{Description: fmt.Sprintf("Replace or remove %s so that the name matches the Go it runs.", onPath)},
			})
			return nil, false
		}
		return &check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s: the go command will run %s from PATH (%s), not the local %s.", why, tc, onPath, ge.Get("GOVERSION")),
			Detail:   "Every go command in this directory re-executes that toolchain, so `go version` here prints " + tc + ".",
			Evidence: *ev,
		}, true
	}
	if sel.PathOnly {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s, but GOTOOLCHAIN=%s only looks on PATH and there is no %s command there.", why, sel.Value, tc),
			Detail:   fmt.Sprintf("Every go command in this directory stops with `go: cannot find %q in PATH`.", tc),
			Evidence: *ev,
			Fix: &check.Fix{
				Description: fmt.Sprintf("Put a %s command on PATH (for example with golang.org/dl), or let the go command download it with GOTOOLCHAIN=auto.", tc),
				Commands:    []string{toolversion.Install(f, "golang.org/dl/"+tc, "latest", ""), tc + " download"},
			},
		})
		return nil, false
	}

	// 2. A language version names no release: the download finds nothing.
	tv := goversion.FromToolchain(tc)
	if goversion.IsLang(tv) {
		culprit := "GOTOOLCHAIN (from " + from + ")"
		fix := toolchainSettingFix(f, setting, strings.Replace(sel.Value, tc, tc+".0", 1), "Name a release (go"+tv+".0 or a later go"+tv+".N).")
		if sel.Why == "toolchain line" && file != nil {
			culprit = "the toolchain line of " + file.Path
			fix = &check.Fix{
				Description: fmt.Sprintf("Name a release in the toolchain line of %s (or drop the line).", file.Path),
				Commands:    []string{toolchainEditCmd(file, "-toolchain="+tc+".0"), toolchainEditCmd(file, "-toolchain=none")},
			}
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s names %s, a language version that is not a Go release.", culprit, tc),
			Detail: fmt.Sprintf("The go command selects %s, finds no such toolchain and stops every command with `%s`.",
				tc, gotoolchain.LanguageVersionError(tc)),
			Evidence: *ev,
			Fix:      fix,
		})
		return nil, false
	}

	// 3. The module cache, else a download through GOPROXY that the
	// checksum database must verify.
	modVer := "v0.0.1-" + tc + "." + ge.Get("GOHOSTOS") + "-" + ge.Get("GOHOSTARCH")
	// The module cache as `godx toolchain` sees it, so that the two agree.
	cache := &toolchain.Env{Facts: f, Go: ge.Go.Path, Vars: ge.Vars}
	cached, cacheDir := false, ""
	if cache.ModCache() != "" {
		if enc, err := module.EscapeVersion(modVer); err == nil {
			cacheDir, cached = cache.Dir(enc), cache.Installed(enc)
		}
	}
	if cached {
		*ev = append(*ev, check.F(tc+" in module cache", cacheDir))
	} else {
		*ev = append(*ev, check.F(tc+" in module cache", "not downloaded ("+cacheDir+" missing)"))
	}
	// The go command's order (toolchain.Exec, modfetch.Download): a
	// toolchain in the module cache is only verified; one that is not is
	// first looked for in GOPROXY (not found ends it: "toolchain not
	// available") and verified while it downloads (the error then says
	// "download goX.Y.Z: ").
	proxy, sumdb := ge.Get("GOPROXY"), ge.Get("GOSUMDB")
	if !cached {
		offer := goproxy.OfferUnknown
		if list, err := goproxy.Parse(proxy, f.IsAbs); err == nil {
			offer = goproxy.OffersLocally(f, list, module.Version{Path: "golang.org/toolchain", Version: modVer})
		}
		if offer == goproxy.OfferNo {
			pass.Report(toolchainUnavailable(pass, ge, why, tc, tv, proxy, *ev))
			return nil, false
		}
	}
	if sumdb == "off" && !cache.FileProxyOnly() {
		*ev = append(*ev, check.F("GOSUMDB", sumdb+" (from "+toolchainSetting(pass, "GOSUMDB").Where()+")"))
		quote := fmt.Sprintf("go: golang.org/toolchain@%s: verifying module: checksum database disabled by GOSUMDB=off", modVer)
		if !cached {
			quote = fmt.Sprintf("go: download %s: golang.org/toolchain@%s: verifying module: checksum database disabled by GOSUMDB=off", tc, modVer)
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s, but GOSUMDB=off stops the go command from using any downloaded toolchain.", why),
			Detail: "Toolchains cannot be recorded in go.sum, so the go command always verifies golang.org/toolchain with the checksum " +
				"database, even when it is already in the module cache (only a GOPROXY of one file:// directory is trusted as is). With GOSUMDB=off every go command here fails with `" + quote + "`.",
			Evidence: *ev,
			Fix: &check.Fix{
				Description: "Turn the checksum database back on; to skip it only for private modules, list them in GOPRIVATE instead of turning it off. " +
					"Or install " + tc + " on PATH, which the go command uses without verification.",
				Commands: toolchainRestoreCmds(pass, "GOSUMDB"),
			},
		})
		return nil, false
	}
	detail := "It is already in the module cache, so switching costs nothing."
	if !cached {
		detail = fmt.Sprintf("It is not downloaded yet: the next go command here prints `go: downloading %s (%s/%s)` and fetches it (about 70 MB) through GOPROXY=%s.",
			tc, ge.Get("GOHOSTOS"), ge.Get("GOHOSTARCH"), proxy)
	}
	where := "from the module cache"
	if !cached {
		where = "after downloading it"
	}
	return &check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("%s: the go command will run %s %s, not the local %s.", why, tc, where, ge.Get("GOVERSION")),
		Detail:   detail + " Every go command in this directory re-executes that toolchain, so `go version` here prints " + tc + ".",
		Evidence: *ev,
	}, true
}

// toolchainUnavailable reports a toolchain that is not in the module cache
// and that GOPROXY cannot provide: off, or only file:// directories that
// do not hold it.
func toolchainUnavailable(pass *check.Pass, ge *facts.GoEnv, why, tc, tv, proxy string, ev check.Evidence) check.Finding {
	f := pass.Facts
	ev = append(ev, check.F("GOPROXY", proxy+" (from "+toolchainSetting(pass, "GOPROXY").Where()+")"))
	summary := fmt.Sprintf("%s, but it is not downloaded and GOPROXY=off forbids the download.", why)
	if proxy != "off" {
		summary = fmt.Sprintf("%s, but it is not downloaded and no entry of GOPROXY=%s has it.", why, proxy)
	}
	// The proxy to use once is the distribution's default from
	// $GOROOT/go.env: godx never names a proxy host itself.
	defProxy := toolchainDistDefault(pass, "GOPROXY")
	once := settingfix.WithEnv(f.GOOS(), "GOPROXY", defProxy, "go version")
	return check.Finding{
		Severity: check.Error,
		Summary:  summary,
		Detail: fmt.Sprintf("Every go command here fails with `go: download %s for %s/%s: toolchain not available`.",
			tc, ge.Get("GOHOSTOS"), ge.Get("GOHOSTARCH")),
		Evidence: ev,
		Fix: &check.Fix{
			Description: fmt.Sprintf("Download it once with a module proxy that has it, in the module directory (later runs use the module cache), or install Go %s as your go command.", tv),
			Commands:    []string{once},
		},
	}
}

// toolchainTooNew reports that the toolchain that runs is older than
// the go line, with the message the go command prints.
func toolchainTooNew(f *facts.Facts, sel gotoolchain.Selection, setting *facts.Setting, from string, file *gotoolchain.File, ev check.Evidence) check.Finding {
	running := sel.ChosenVers
	if goversion.Compare(running, "1.21") < 0 {
		// Toolchains before Go 1.21 do not enforce the go line.
		return check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("%s needs Go %s, but GOTOOLCHAIN=%s (from %s) runs %s.", file.Path, file.Go, sel.Value, from, sel.Chosen),
			Detail: fmt.Sprintf("Go before 1.21 does not enforce the go line: it tries to build and fails on newer language features or "+
				"standard library APIs, adding `note: module requires Go %s` to the compiler errors.", file.Go),
			Evidence: ev,
			Fix:      toolchainAllowSwitchFix(f, setting, from, goversion.Release(file.Go)),
			Position: check.At(file.Path, file.GoLineNo, 0),
		}
	}
	msg := gotoolchain.TooNewError(sel, file)
	need := goversion.Release(file.Go)

	var summary string
	var fix *check.Fix
	switch {
	case sel.AutoToolchain == "default":
		summary = fmt.Sprintf("%s needs Go %s, but its `toolchain default` line keeps the go command on %s.", file.Path, file.Go, sel.Chosen)
		fix = &check.Fix{
			Description: fmt.Sprintf("Remove the `toolchain default` line so the go command may switch to %s (run in the directory of %s).", need, file.Path),
			Commands:    []string{toolchainEditCmd(file, "-toolchain=none")},
		}
	case sel.Local && sel.Value == "":
		summary = fmt.Sprintf("%s needs Go %s, but the local go is %s and nothing sets GOTOOLCHAIN, so the go command cannot switch.", file.Path, file.Go, sel.Chosen)
		fix = toolchainAllowSwitchFix(f, setting, from, need)
	default:
		summary = fmt.Sprintf("%s needs Go %s, but GOTOOLCHAIN=%s (from %s) runs %s.", file.Path, file.Go, sel.Value, from, sel.Chosen)
		fix = toolchainAllowSwitchFix(f, setting, from, need)
	}
	return check.Finding{
		Severity: check.Error,
		Summary:  summary,
		Detail: fmt.Sprintf("The go line is a minimum: every go command in this module (build, test, list, mod tidy, and gopls through it) stops with\n\t%s", msg) +
			toolchainSourceNote(setting),
		Evidence: ev,
		Fix:      fix,
		Position: check.At(file.Path, file.GoLineNo, 0),
	}
}

// toolchainInvalid reports a selection the go command refuses.
func toolchainInvalid(f *facts.Facts, sel gotoolchain.Selection, setting *facts.Setting, from string, file *gotoolchain.File, ev check.Evidence) check.Finding {
	if strings.HasPrefix(sel.Fatal, "invalid toolchain ") && file != nil {
		return check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The toolchain line of %s (%q) names no toolchain.", file.Path, file.Toolchain),
			Detail:   "With GOTOOLCHAIN=" + sel.Value + " the go command reads that line first and stops every command with `go: " + sel.Fatal + "`.",
			Evidence: ev,
			Fix: &check.Fix{
				Description: fmt.Sprintf("Name a release such as %s in the toolchain line, or remove it.", goversion.Release(toolchainShowGo(file.Go))),
				Commands:    []string{toolchainEditCmd(file, "-toolchain=none")},
			},
			Position: check.At(file.Path, file.ToolchainLineNo, 0),
		}
	}
	return check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("GOTOOLCHAIN=%s (from %s) is not a valid setting.", sel.Value, from),
		Detail: "GOTOOLCHAIN must be local, auto, path, a toolchain name such as go1.27.0, or a name followed by +auto or +path. " +
			"Every go command in module mode stops with `go: " + sel.Fatal + "`.",
		Evidence: ev,
		Fix:      toolchainSettingFix(f, setting, "auto", "Set GOTOOLCHAIN to a valid value."),
	}
}

// toolchainAllowSwitchFix lets the go command switch to need (a
// toolchain name such as go1.27.0).
func toolchainAllowSwitchFix(f *facts.Facts, setting *facts.Setting, from, need string) *check.Fix {
	want := "auto"
	if setting != nil && setting.Source != facts.FromDefault {
		if min, _, _ := strings.Cut(setting.Value, "+"); goversion.FromToolchain(min) != "" {
			want = min + "+auto" // keep the user's minimum
		}
	}
	lead := fmt.Sprintf("Let the go command switch to the toolchain the module needs (GOTOOLCHAIN=%s+auto also works, and keeps %s as a minimum). Or install Go %s as your go command.", need, need, goversion.TrimGo(need)) +
		fmt.Sprintf(" `godx toolchain install` downloads %s now (verified, into the module cache the switch uses), so the first switch is instant.", need)
	fix := toolchainSettingFix(f, setting, want, lead)
	fix.Commands = append(fix.Commands, "godx toolchain install "+goversion.TrimGo(need))
	return fix
}

// toolchainSettingFix sets GOTOOLCHAIN to want where it takes
// effect; lead is the first sentence.
func toolchainSettingFix(f *facts.Facts, setting *facts.Setting, want, lead string) *check.Fix {
	if setting == nil {
		setting = &facts.Setting{Name: "GOTOOLCHAIN", Definition: facts.Definition{Source: facts.FromDefault}}
	}
	return settingfix.Set(f.GOOS(), setting, want, lead)
}

// toolchainSourceNote explains, for GOTOOLCHAIN=local from
// $GOROOT/go.env, why `go env -changed` does not show it.
func toolchainSourceNote(setting *facts.Setting) string {
	if setting != nil && setting.Source == facts.FromGorootEnv {
		return fmt.Sprintf("\nGOTOOLCHAIN=%s comes from %s, shipped with this Go installation: it counts as a default, so `go env -changed` does not list it.", setting.Value, setting.Origin)
	}
	return ""
}

func toolchainWhy(sel gotoolchain.Selection, file *gotoolchain.File, from string) string {
	switch {
	case sel.Why == "go line" && file != nil:
		return fmt.Sprintf("%s's go line (%s) is newer than %s, so GOTOOLCHAIN=%s selects %s", file.Kind, file.Go, sel.Default, sel.Value, sel.Chosen)
	case sel.Why == "toolchain line" && file != nil:
		return fmt.Sprintf("%s's toolchain line asks for %s, newer than %s, and GOTOOLCHAIN=%s selects it", file.Kind, sel.Chosen, sel.Default, sel.Value)
	}
	return fmt.Sprintf("GOTOOLCHAIN=%s (from %s) pins every go command to %s", sel.Value, from, sel.Chosen)
}

func toolchainSource(s *facts.Setting) string {
	if s == nil || s.Source == facts.FromDefault {
		return "nothing: no environment variable, go env -w file or $GOROOT/go.env sets it"
	}
	return s.Where()
}

// toolchainSetting is the named setting (nil when the settings
// cannot be resolved).
func toolchainSetting(pass *check.Pass, name string) *facts.Setting {
	if s, err := pass.Facts.Settings(); err == nil {
		return s.Get(name)
	}
	return nil
}

// toolchainDistDefault is name's value in $GOROOT/go.env (the
// distribution's default), or a placeholder when go.env does not set it or
// sets it to off.
func toolchainDistDefault(pass *check.Pass, name string) string {
	if s, err := pass.Facts.Settings(); err == nil {
		if v := s.GorootEnvVars[name]; v != "" && v != "off" {
			return v
		}
	}
	return "<your " + strings.ToLower(strings.TrimPrefix(name, "GO")) + " URL>"
}

// toolchainRestoreCmds remove the user's override of name so the
// distribution default in $GOROOT/go.env applies again, or, when there is
// no such default, set it where it is set.
func toolchainRestoreCmds(pass *check.Pass, name string) []string {
	goos := pass.Facts.GOOS()
	st := toolchainSetting(pass, name)
	if st == nil {
		return []string{settingfix.GoEnvSet(goos, name, toolchainDistDefault(pass, name))}
	}
	if s, err := pass.Facts.Settings(); err == nil {
		if def := s.GorootEnvVars[name]; def != "" && def != "off" {
			if cmds := settingfix.UnsetCommands(goos, name, st.Definition); cmds != nil {
				return cmds
			}
		}
	}
	return settingfix.SetCommands(goos, name, toolchainDistDefault(pass, name), st.Definition)
}

func toolchainEditCmd(file *gotoolchain.File, flag string) string {
	if file.Kind == "go.work" {
		return "go work edit " + flag
	}
	return "go mod edit " + flag
}

func toolchainLine(file *gotoolchain.File) string {
	if file == nil {
		return ""
	}
	return file.Toolchain
}

func toolchainShow(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

func toolchainShowGo(v string) string {
	if v == "" {
		return "1.21"
	}
	return v
}

func toolchainQuote(msg string) string {
	if strings.Contains(msg, "\n") {
		return "\n\t" + strings.ReplaceAll(msg, "\n", "\n\t")
	}
	return "`" + msg + "`"
}

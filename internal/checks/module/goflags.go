package module

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goflags"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/modvendor"
	"github.com/godx-dev/godx/internal/settingfix"
)

// GoFlags finds GOFLAGS values that make go commands fail.
var GoFlags = &check.Check{
	ID:    "module/goflags",
	Title: "GOFLAGS",
	Doc: check.Doc{
		What: "Reads GOFLAGS (and where it is set: environment, go env -w file or $GOROOT/go.env), asks the go command on PATH to parse it (`go build -h` with GOTOOLCHAIN=local, which builds nothing) unless godx can decide exactly from its table of Go 1.26's flags " +
			"(a Go 1.26 go command and only well-known flags with values godx parses as the go command does, such as -trimpath, -mod=vendor, -buildvcs=false), " +
			"and looks at the -mod and -insecure flags it sets against the module, its vendor directory and the workspace.",
		Why: "GOFLAGS is added to every go command, so one bad entry breaks every build, test and run, often long after it was set with `go env -w` and forgotten. " +
			"`go env` still works with a broken GOFLAGS (so that you can debug it), which makes the cause easy to miss.",
		How: "Error when the go command rejects GOFLAGS: an entry that is not a flag (`-tags foo` instead of `-tags=foo`), a flag no go subcommand knows, a bad value, or -C. " +
			"If the go command cannot be asked, godx uses its own table of the flags of every Go 1.26 subcommand. " +
			"Error for GOFLAGS holding a flag of `go env` itself (-w, -u: an unquoted \"-ldflags=-s -w\" ends in -w): other commands skip it, but `go env`, and gopls with it, fail. " +
			"Error for -modfile in workspace mode, outside a module, without a .mod extension, or naming a missing file. " +
			"Error for -mod with a value other than mod, readonly or vendor; for -mod other than readonly or vendor in workspace mode; and for -mod=vendor when vendor/modules.txt is missing or disagrees with go.mod's require and replace lines " +
			"(only when that would actually fail: a module without requirements builds without a vendor directory). The same vendor check runs when the go command picks vendor mode by itself (a vendor directory and a go line of 1.14 or later, without -mod in GOFLAGS). " +
			"Warning for -insecure, which `go get` no longer accepts. Workspace vendoring (go work vendor) is not checked.",
		Fix: "Correct or remove the entry: `go env -w GOFLAGS=...` / `go env -u GOFLAGS` when it is set in the go env file, your shell profile when it is set in the environment. " +
			"Each entry must be one flag, written -name=value; quote an entry that contains spaces: GOFLAGS='\"-ldflags=-s -w\"'. For vendoring, run `go mod vendor`. " +
			"When the go env -w file sets -mod=vendor and the module has no vendor directory, `godx fix` removes the flag from that file.",
		Errors: []string{
			"go: parsing $GOFLAGS: unknown flag -foo",
			`go: parsing $GOFLAGS: non-flag "foo"`,
			`go: parsing $GOFLAGS: unterminated " string`,
			`go: invalid boolean value "maybe" for flag -race (from $GOFLAGS): parse error`,
			"go: flag needs an argument: -tags (from $GOFLAGS)",
			`go: invalid value "/tmp" for flag -C (from $GOFLAGS): -C flag must be first flag on command line`,
			"-mod=foo not supported (can be '', 'mod', 'readonly', or 'vendor')",
			"go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to \"mod\"\n\tRemove the -mod flag to use the default readonly value, \n\tor set GOWORK=off to disable workspace mode.",
			"go: inconsistent vendoring in /path/to/module:\n\texample.com/dep@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt",
			"go: -insecure flag is no longer supported; use GOINSECURE instead",
		},
	},
	Run: runGoFlags,
}

func runGoFlags(pass *check.Pass) error {
	f := pass.Facts
	where := goflags.Where(f.GOOS())
	ge, err := f.GoEnv()
	if err != nil {
		var ee *facts.GoEnvError
		if errors.As(err, &ee) && strings.Contains(string(ee.Result.Stderr), "(from "+where+")") {
			goflagsReportEnvBroken(pass, ee, where)
			return nil
		}
		// A flag of go env itself in GOFLAGS, while something else also
		// fails: the go command names the flag.
		if def, ok := f.ExplicitGoSetting("GOFLAGS"); ok && errors.As(err, &ee) && strings.Contains(string(ee.Result.Stderr), "cannot use -json with -") {
			if entries, err := goflags.Split(def.Value); err == nil && len(goflags.GoEnvFlags(entries)) > 0 {
				st := &facts.Setting{Name: "GOFLAGS", Value: def.Value, Definition: def}
				pass.Report(goflagsBlocksGoEnv(f, st, def.Value, st.Label(), entries, &facts.GoEnvBlock{Setting: "GOFLAGS", Definition: def, Failure: ee.Result},
					check.Evidence{check.F("GOFLAGS", def.Value+" ("+st.Label()+")")}))
				return nil
			}
		}
		return check.Skip("`go env` did not work (see go/installed)")
	}
	settings, err := f.Settings()
	if err != nil {
		return check.Skip("`go env` did not work (see go/installed)")
	}
	val := ge.Get("GOFLAGS")
	setting := settings.Get("GOFLAGS")
	src := setting.Label()
	ev := check.Evidence{check.F("GOFLAGS", val+" ("+src+")")}
	reported := false
	report := func(fd check.Finding) {
		reported = true
		pass.Report(fd)
	}
	gomod, gowork := ge.Get("GOMOD"), ge.Get("GOWORK")
	inModule := gomod != "" && gomod != f.DevNull()
	workspace := gomod != "" && gowork != "" && gowork != "off"
	if strings.TrimSpace(val) == "" {
		// No GOFLAGS; vendor/ may still be used by default.
		if inModule && !workspace && goflagsVendorByDefault(f) {
			if fd, ok := goflagsVendor(pass, setting, src, nil, nil, false); ok {
				report(fd)
				return nil
			}
		}
		pass.Observe("GOFLAGS is not set")
		return nil
	}

	entries, splitErr := goflags.Split(val)
	if b := ge.Blocked; b != nil && b.Setting == "GOFLAGS" {
		report(goflagsBlocksGoEnv(f, setting, val, src, entries, b, ev))
	}
	// The go command is asked only about what godx's table cannot decide
	// exactly (most GOFLAGS are a few well-known build flags).
	verdict, goMsg := goflags.Accepted, ""
	checkedWith := "godx's table of the " + goversion.Lang(ge.Get("GOVERSION")) + " go command's flags (each value parsed as the go command parses it)"
	if splitErr != nil || !goflags.AcceptedByTable(entries, ge.Get("GOVERSION")) {
		verdict, goMsg = goflags.Ask(pass.Context, f, ge.Go.Path)
		checkedWith = ge.Go.Path + " build -h"
	}

	// Entries the go command (or, when it cannot be asked, godx's table of
	// its flags) rejects.
	known, haveTable := goflags.KnownFlags(ge.Get("GOVERSION"))
	if !haveTable || verdict == goflags.Accepted {
		known = nil
	}
	bad := goflags.Rejected(entries, known)
	switch {
	case verdict == goflags.Refused:
		if n := goflags.Culprit(goMsg, entries); n != "" && !slices.Contains(bad, n) {
			bad = append(bad, n)
		}
		report(goflagsParseFinding(f, setting, val, src, goMsg, bad, entries, ev, true))
	case verdict == goflags.Unknown && splitErr != nil:
		report(goflagsParseFinding(f, setting, val, src, goflags.SplitMessage(splitErr), nil, entries, ev, false))
	case verdict == goflags.Unknown && len(bad) > 0:
		msg := ""
		for _, e := range entries {
			if e.Raw == bad[0] {
				msg = goflags.RejectMessage(e, where)
				break
			}
		}
		report(goflagsParseFinding(f, setting, val, src, msg, bad, entries, ev, false))
	}

	// What the flags mean for this module.
	mod, modSet := "", false
	insecure := false
	for _, e := range entries {
		switch e.Name {
		case "mod":
			if e.HasValue {
				mod, modSet = e.Value, true
			}
		case "insecure":
			b, err := strconv.ParseBool(e.Value)
			insecure = !e.HasValue || (err == nil && b)
		}
	}
	modfile, modfileSet := "", false
	for _, e := range entries {
		if e.Name == "modfile" && e.HasValue {
			modfile, modfileSet = e.Value, true
		}
	}
	if modfileSet {
		if fd, ok := goflagsModfile(f, ge, setting, src, modfile, workspace, inModule, entries, ev); ok {
			report(fd)
		}
	}
	if modSet {
		ev := append(append(check.Evidence(nil), ev...), check.F("-mod", mod))
		switch {
		case workspace && mod != "readonly" && mod != "vendor":
			// modload.Init checks this before the build flags are.
			report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("GOFLAGS (%s) sets -mod=%s, which the go command refuses in workspace mode (go.work %s).", src, mod, gowork),
				Detail: "With a go.work in effect, builds and tests fail with\n" +
					fmt.Sprintf("  go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to %q\n", mod) +
					"  \tRemove the -mod flag to use the default readonly value, \n" +
					"  \tor set GOWORK=off to disable workspace mode.",
				Evidence: append(append(check.Evidence(nil), ev...), check.F("GOWORK", gowork)),
				Fix:      goflagsSetFix(f, setting, goflags.Without(entries, func(e goflags.Entry) bool { return e.Name == "mod" }), "Remove the -mod entry (or run with GOWORK=off when you do not want the workspace)"),
			})
		case mod != "" && mod != "mod" && mod != "readonly" && mod != "vendor":
			report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("GOFLAGS (%s) sets -mod=%s, which is not a valid mode.", src, mod),
				Detail:   "Every build, test, run and list fails with\n  -mod=" + mod + " not supported (can be '', 'mod', 'readonly', or 'vendor')",
				Evidence: ev,
				Fix:      goflagsSetFix(f, setting, goflags.Without(entries, func(e goflags.Entry) bool { return e.Name == "mod" }), "Remove the -mod entry (readonly is the default)"),
			})
		case mod == "vendor" && inModule && !workspace && !modfileSet:
			if fd, ok := goflagsVendor(pass, setting, src, entries, ev, true); ok {
				report(fd)
			}
		}
	} else if inModule && !workspace && goflagsVendorByDefault(f) {
		if fd, ok := goflagsVendor(pass, setting, src, entries, ev, false); ok {
			report(fd)
		}
	}
	if insecure {
		report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("GOFLAGS (%s) sets -insecure, which `go get` no longer accepts.", src),
			Detail: "The -insecure flag of `go get` was removed in favour of the GOINSECURE variable. Builds ignore it, but every `go get` fails with\n" +
				"  go: -insecure flag is no longer supported; use GOINSECURE instead",
			Evidence: ev,
			Fix:      goflagsSetFix(f, setting, goflags.Without(entries, func(e goflags.Entry) bool { return e.Name == "insecure" }), "Remove -insecure from GOFLAGS and list the hosts that need plain HTTP or no certificate check in GOINSECURE (`go env -w GOINSECURE=git.example.com`)"),
		})
	}
	if !reported {
		summary := "GOFLAGS=" + val + " (" + src + ")"
		if verdict == goflags.Accepted {
			ev = append(ev, check.F("checked with", checkedWith))
		}
		pass.Observe(summary, ev...)
	}
	return nil
}

func goflagsParseFinding(f *facts.Facts, setting *facts.Setting, val, src, msg string, bad []string, entries []goflags.Entry, ev check.Evidence, fromGo bool) check.Finding {
	ev = append(check.Evidence(nil), ev...)
	if len(bad) > 0 {
		ev = append(ev, check.F("rejected entries", strings.Join(bad, " ")))
	}
	if fromGo {
		ev = append(ev, check.F("go command says", msg))
	}
	detail := "GOFLAGS is added to every go command, and the go command stops before running the command when it cannot use it: `go build`, `go test`, `go run`, `go list` and the rest all fail with\n  " + msg +
		"\n(`go env` keeps working, to let you inspect GOFLAGS.) Each entry must be a single flag that some go subcommand defines, written -name or -name=value."
	if strings.Contains(msg, "(from ") && !strings.Contains(msg, "flag -C ") {
		detail += " Flags that `go build` knows are also checked for a valid value."
	}
	for _, b := range bad {
		if !strings.HasPrefix(b, "-") {
			detail += " A value must be joined to its flag with '=' (-tags=integration, not -tags integration); quote a whole entry that contains spaces: GOFLAGS='\"-ldflags=-s -w\"'."
			break
		}
	}
	for _, e := range entries {
		if e.Name == "C" {
			detail += " -C (change directory) is only allowed as the first flag on the command line, never in GOFLAGS."
			break
		}
	}
	fixed := goflags.Repair(entries, bad)
	desc := "Remove the rejected entries from GOFLAGS"
	if len(bad) == 0 {
		desc = "Correct GOFLAGS"
		fixed = ""
	}
	return check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("GOFLAGS=%s (%s) makes every go build fail: %s", val, src, msg),
		Detail:   detail,
		Evidence: ev,
		Fix:      goflagsSetFix(f, setting, fixed, desc),
	}
}

// goflagsModfile reports a -modfile in GOFLAGS that the go command
// refuses (modload.Init, in its order), or that names a missing file.
func goflagsModfile(f *facts.Facts, ge *facts.GoEnv, setting *facts.Setting, src, modfile string, workspace, inModule bool, entries []goflags.Entry, ev check.Evidence) (check.Finding, bool) {
	quote, summary := "", ""
	path := modfile
	if !f.IsAbs(path) {
		path = filepath.Join(f.Dir, path)
	}
	hasMod := false
	for _, e := range entries {
		hasMod = hasMod || e.Name == "mod"
	}
	switch {
	case ge.Get("GOMOD") == "" && ge.Get("GO111MODULE") == "off":
		if hasMod {
			// work.BuildInit lets -modfile pass when GOFLAGS also sets -mod.
			return check.Finding{}, false
		}
		quote = "build flag -modfile only valid when using modules"
		summary = fmt.Sprintf("GOFLAGS (%s) sets -modfile, which the go command refuses with modules off (GO111MODULE=off).", src)
	case workspace:
		quote = "go: -modfile cannot be used in workspace mode"
		summary = fmt.Sprintf("GOFLAGS (%s) sets -modfile, which the go command refuses in workspace mode.", src)
	case !inModule:
		quote = "go: cannot find main module, but -modfile was set.\n  \t-modfile cannot be used to set the module root directory."
		summary = fmt.Sprintf("GOFLAGS (%s) sets -modfile, but %s is in no module.", src, f.Dir)
	case !strings.HasSuffix(modfile, ".mod"):
		quote = fmt.Sprintf("go: -modfile=%s: file does not have .mod extension", modfile)
		summary = fmt.Sprintf("GOFLAGS (%s) sets -modfile=%s, which does not end in .mod.", src, modfile)
	case goflagsMissing(f, path) != "":
		quote = fmt.Sprintf("go: open %s: %s", modfile, goflagsMissing(f, path))
		summary = fmt.Sprintf("GOFLAGS (%s) sets -modfile=%s, which does not exist.", src, modfile)
	default:
		return check.Finding{}, false
	}
	return check.Finding{
		Severity: check.Error,
		Summary:  summary,
		Detail:   "-modfile replaces go.mod for every module-aware command, so builds, tests and lists fail with\n  " + quote,
		Evidence: append(append(check.Evidence(nil), ev...), check.F("-modfile", modfile)),
		Fix:      goflagsSetFix(f, setting, goflags.Without(entries, func(e goflags.Entry) bool { return e.Name == "modfile" }), "Remove the -modfile entry"),
	}, true
}

// goflagsMissing is the operating system's words for a file that does
// not exist ("no such file or directory"), or "" when it exists.
func goflagsMissing(f *facts.Facts, path string) string {
	_, err := f.OS.Stat(path)
	var pe *fs.PathError
	if facts.IsNotExist(err) && errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return ""
}

// goflagsBlocksGoEnv reports GOFLAGS that `go env` applies and fails on
// (facts.GoEnvBlock), while other commands skip the flag.
func goflagsBlocksGoEnv(f *facts.Facts, setting *facts.Setting, val, src string, entries []goflags.Entry, b *facts.GoEnvBlock, ev check.Evidence) check.Finding {
	msg := strings.TrimSpace(string(b.Failure.Stderr))
	culprits := goflags.GoEnvFlags(entries)
	what := "a flag of `go env` itself"
	if len(culprits) > 0 {
		what = strings.Join(culprits, " ") + ", " + what
	}
	detail := "A command skips the GOFLAGS entries it does not define, so builds, tests and `go list` work (without them). `go env` applies them, and `go env -json`, " +
		"which gopls, editors and godx run, stops with\n  " + msg
	fix := goflagsSetFix(f, setting, goflags.Without(entries, func(e goflags.Entry) bool { return slices.Contains(culprits, e.Raw) }), "Remove "+what)
	if joined := goflags.Rejoin(entries); joined != "" {
		detail += "\nThe value was probably meant as one entry: GOFLAGS splits at spaces, so a value with a space must be quoted as a whole, as in GOFLAGS='\"-ldflags=-s -w\"'."
		fix = goflagsSetFix(f, setting, joined, "Quote the entry that holds a space")
	}
	return check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("GOFLAGS=%s (%s) holds %s: `go env` fails, while builds skip it.", val, src, what),
		Detail:   detail,
		Evidence: append(append(check.Evidence(nil), ev...), check.F("`go env -json` says", msg)),
		Fix:      fix,
	}
}

func goflagsReportEnvBroken(pass *check.Pass, ee *facts.GoEnvError, where string) {
	f := pass.Facts
	line := ""
	for _, l := range strings.Split(string(ee.Result.Stderr), "\n") {
		if strings.Contains(l, where) {
			line = strings.TrimSpace(l)
			break
		}
	}
	val, inEnv := f.LookupEnv("GOFLAGS")
	ev := check.Evidence{check.F("go command says", line)}
	var fix *check.Fix
	src := facts.Definition{Source: facts.FromEnvFile}.Where()
	if inEnv && val != "" {
		env := &facts.Setting{Name: "GOFLAGS", Definition: facts.Definition{Source: facts.FromEnvironment}}
		src = env.Where()
		ev = append(check.Evidence{check.F("GOFLAGS ("+env.Label()+")", val)}, ev...)
		fix = settingfix.Unset(f.GOOS(), env, "Unset GOFLAGS (or correct the entry the go command names).")
	} else {
		fix = &check.Fix{
			Description: "Remove GOFLAGS from the go env -w file. `go env -u` itself fails while GOFLAGS is broken, so override it for that one command with a valid value:",
			Commands:    []string{settingfix.WithEnv(f.GOOS(), "GOFLAGS", "-v", settingfix.GoEnvUnset(f.GOOS(), "GOFLAGS"))},
		}
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("GOFLAGS (from %s) breaks every go command, even `go env`.", src),
		Detail:   "The go command rejects GOFLAGS before it runs the command, `go env` included:\n  " + line,
		Evidence: ev,
		Fix:      fix,
	})
}

// goflagsSetFix sets GOFLAGS to value ("" = unset) where it is set.
func goflagsSetFix(f *facts.Facts, s *facts.Setting, value, desc string) *check.Fix {
	if s == nil {
		s = &facts.Setting{Name: "GOFLAGS", Definition: facts.Definition{Source: facts.FromEnvironment}}
	}
	if value == "" {
		return settingfix.Unset(f.GOOS(), s, desc+"; that leaves GOFLAGS empty, so unset it.")
	}
	return settingfix.Set(f.GOOS(), s, value, desc+".")
}

// goflagsVendorByDefault reports whether the go command builds the main
// module from vendor/ without -mod in GOFLAGS (never with a go.mod it
// cannot read: module/gomod reports that).
func goflagsVendorByDefault(f *facts.Facts) bool {
	m, err := f.Module()
	if err != nil || m == nil || m.Err != nil || m.Mod == nil {
		return false
	}
	return modvendor.UsedByDefault(f, f.ParentDir(m.Path), m.GoLine(), false)
}

// goflagsVendor reports a vendor directory the go command would
// refuse; fromFlag says whether -mod=vendor came from GOFLAGS (else the
// go command chose vendor mode itself).
func goflagsVendor(pass *check.Pass, setting *facts.Setting, src string, entries []goflags.Entry, ev check.Evidence, fromFlag bool) (check.Finding, bool) {
	f := pass.Facts
	m, err := f.Module()
	if err != nil || m == nil || m.Err != nil || m.Mod == nil {
		return check.Finding{}, false // module/gomod reports a broken go.mod
	}
	if gl := m.GoLine(); gl != "" && goversion.Compare(gl, "go1.14") < 0 {
		return check.Finding{}, false // go < 1.14: cmd/go relaxes the check
	}
	modRoot := f.ParentDir(m.Path)
	txt := f.JoinPath(modRoot, "vendor", "modules.txt")
	data, rerr := f.ReadFile(txt)
	if rerr != nil && !facts.IsNotExist(rerr) {
		return check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOFLAGS (%s) sets -mod=vendor, but %s cannot be read.", src, txt),
			Detail:   "Every build fails with\n  go: " + rerr.Error(),
			Evidence: append(ev, check.F("vendor/modules.txt", txt)),
			Fix:      &check.Fix{Description: "Make the vendor directory readable, or recreate it.", Commands: []string{"go mod vendor"}},
		}, true
	}
	lines := modvendor.Inconsistencies(m.Mod, modvendor.Parse(data), gotoolchain.ShortPath(f, m.Path))
	if len(lines) == 0 {
		return check.Finding{}, false
	}
	quoted := "  go: inconsistent vendoring in " + modRoot + ":\n  \t" + strings.Join(lines, "\n  \t") +
		"\n\n  \tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n  \tTo sync the vendor directory, run:\n  \t\tgo mod vendor"
	summary := fmt.Sprintf("GOFLAGS (%s) sets -mod=vendor, but %s does not match go.mod.", src, txt)
	detail := "With -mod=vendor the go command builds only from vendor/ and first checks that vendor/modules.txt agrees with go.mod; here every build and test fails with\n" + quoted
	fixDesc := "Create or refresh the vendor directory from go.mod (or remove -mod=vendor from GOFLAGS if you do not vendor: `" + goflagsFixCmd(f, setting, entries) + "`)."
	switch {
	case fromFlag && rerr != nil:
		summary = fmt.Sprintf("GOFLAGS (%s) sets -mod=vendor, but the module has no vendor directory (%s is missing).", src, txt)
	case !fromFlag:
		summary = fmt.Sprintf("%s does not match go.mod, and the go command builds from vendor/ by default here.", txt)
		if rerr != nil {
			summary = fmt.Sprintf("The module has a vendor directory without %s, and the go command builds from vendor/ by default here.", txt)
		}
		detail = "Because the module has a vendor directory and go.mod says go " + showEmpty(m.GoLine()) + " (1.14 or later), the go command uses -mod=vendor by default and first checks that vendor/modules.txt agrees with go.mod; here every build and test fails with\n" + quoted
		fixDesc = "Refresh the vendor directory from go.mod (or delete vendor/ if the project no longer vendors its dependencies)."
	}
	fix := &check.Fix{Description: fixDesc, Commands: []string{"go mod vendor"}}
	if fromFlag && rerr != nil && setting != nil && setting.Source == facts.FromEnvFile {
		fix = goflagsNoVendorFix(f.GOOS(), setting, entries)
	}
	return check.Finding{
		Severity: check.Error,
		Summary:  summary,
		Detail:   detail,
		Evidence: append(append(check.Evidence(nil), ev...), check.F("go.mod", m.Path), check.F("vendor/modules.txt", txt), check.F("differences", strings.Join(lines, "\n"))),
		Fix:      fix,
	}, true
}

// goflagsNoVendorFix drops -mod=vendor from a GOFLAGS written in the
// go env -w file when the module has no vendor directory at all: the
// module does not vendor, so the setting (applied to every project) is
// what is wrong. `godx fix` makes the same change to the file itself.
func goflagsNoVendorFix(goos string, setting *facts.Setting, entries []goflags.Entry) *check.Fix {
	rest := goflags.Without(entries, func(e goflags.Entry) bool { return e.Name == "mod" })
	cmd := settingfix.GoEnvUnset(goos, "GOFLAGS")
	auto := settingfix.EnvFileUnset(setting.Definition, "GOFLAGS")
	if rest != "" {
		cmd = settingfix.GoEnvSet(goos, "GOFLAGS", rest)
		auto = settingfix.EnvFileSet(setting.Definition, "GOFLAGS", rest)
	}
	return &check.Fix{
		Description: fmt.Sprintf("Remove -mod=vendor from GOFLAGS in %s: it applies to every project, and this module does not vendor its dependencies. (If it should, run `go mod vendor` instead.)", setting.Where()),
		Commands:    []string{cmd},
		Auto:        auto,
	}
}

func goflagsFixCmd(f *facts.Facts, s *facts.Setting, entries []goflags.Entry) string {
	fix := goflagsSetFix(f, s, goflags.Without(entries, func(e goflags.Entry) bool { return e.Name == "mod" }), "Remove -mod=vendor")
	if len(fix.Commands) > 0 {
		return fix.Commands[0]
	}
	return "edit GOFLAGS"
}

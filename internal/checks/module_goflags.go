package checks

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// ModuleGoFlags finds GOFLAGS values that make go commands fail.
var ModuleGoFlags = &check.Check{
	ID:    "module/goflags",
	Title: "GOFLAGS",
	Doc: check.Doc{
		What: "Reads GOFLAGS (and where it is set: environment, go env -w file or $GOROOT/go.env), asks the go command on PATH to parse it (`go build -h` with GOTOOLCHAIN=local, which builds nothing), " +
			"and looks at the -mod and -insecure flags it sets against the module, its vendor directory and the workspace.",
		Why: "GOFLAGS is added to every go command, so one bad entry breaks every build, test and run, often long after it was set with `go env -w` and forgotten. " +
			"`go env` still works with a broken GOFLAGS (so that you can debug it), which makes the cause easy to miss.",
		How: "Error when the go command rejects GOFLAGS: an entry that is not a flag (`-tags foo` instead of `-tags=foo`), a flag no go subcommand knows, a bad value, or -C. " +
			"If the go command cannot be asked, godx uses its own table of the flags of every Go 1.26 subcommand. " +
			"Error for -mod with a value other than mod, readonly or vendor; for -mod=mod in workspace mode; and for -mod=vendor when vendor/modules.txt is missing or disagrees with go.mod's require and replace lines " +
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
	Run: runModuleGoFlags,
}

// moduleGoFlagsKnown is every flag name of every go subcommand of Go 1.26
// (cmd/go accepts a GOFLAGS entry when ANY subcommand defines it:
// base.InitGOFLAGS -> hasFlag(Go, name)). Harvested from the flag
// definitions in /usr/local/go/src/cmd/go (go1.26.8) and each name checked
// with `GOFLAGS=-name=1 go version` against go1.26.8. Analyzer flags of
// `go vet` (-printf, ...) are NOT accepted in GOFLAGS.
var moduleGoFlagsKnown = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`C a artifacts asan asmflags bench benchmem benchtime blockprofile
		blockprofilerate buildmode buildvcs c cache changed compat compiled compiler count cover covermode
		coverpkg coverprofile cpu cpuprofile d debug-actiongraph debug-runtime-trace debug-trace deps diff
		dropexclude dropgodebug dropignore dropreplace droprequire dropretract droptool dropuse e exclude exec
		export f failfast find fix fmt fullpath fuzz fuzzcache fuzzminimizetime fuzztime gccgoflags gcflags go
		godebug i ignore insecure installsuffix json ldflags linkshared list m memprofile memprofilerate mod
		modcache modcacherw modfile module msan mutexprofile mutexprofilefraction n o outputdir overlay p
		parallel pgo pkgdir print r race replace require retract retracted reuse run short shuffle skip t tags
		test testcache timeout tool toolchain toolexec trace trimpath u use v vendor versions vet vettool w
		work x`) {
		moduleGoFlagsKnown[n] = true
	}
}

// moduleGoFlagsEntry is one GOFLAGS word.
type moduleGoFlagsEntry struct {
	raw      string
	name     string // without dashes and value; "" for a non-flag
	value    string
	hasValue bool
}

func runModuleGoFlags(pass *check.Pass) error {
	f := pass.Facts
	where := "$GOFLAGS"
	if f.GOOS() == "windows" {
		where = "%GOFLAGS%"
	}
	ge, err := f.GoEnv()
	if err != nil {
		var ee *facts.GoEnvError
		if errors.As(err, &ee) && strings.Contains(string(ee.Result.Stderr), "(from "+where+")") {
			moduleGoFlagsReportEnvBroken(pass, ee, where)
			return nil
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
		if inModule && !workspace && moduleGoFlagsDefaultVendor(f) {
			if fd, ok := moduleGoFlagsVendor(pass, setting, src, nil, nil, false); ok {
				report(fd)
				return nil
			}
		}
		pass.Observe("GOFLAGS is not set")
		return nil
	}

	entries, splitErr := moduleGoFlagsSplit(val)
	goVerdict, goMsg := moduleGoFlagsAskGo(pass, ge)
	gv := ge.Get("GOVERSION")
	tableApplies := !goversion.IsValid(gv) || goversion.Compare(gv, "go1.27") < 0

	// Entries the go command (or, failing that, godx's table) rejects.
	var bad []string
	for _, e := range entries {
		switch {
		case e.name == "":
			bad = append(bad, e.raw)
		case !moduleGoFlagsKnown[e.name] && tableApplies && goVerdict != "ok":
			bad = append(bad, e.raw)
		case e.name == "C":
			bad = append(bad, e.raw)
		}
	}
	switch {
	case goVerdict == "bad":
		if n := moduleGoFlagsEntryIn(goMsg, entries); n != "" && !slices.Contains(bad, n) {
			bad = append(bad, n)
		}
		report(moduleGoFlagsParseFinding(f, setting, val, src, goMsg, bad, entries, ev, true))
	case goVerdict == "unknown" && splitErr != nil:
		report(moduleGoFlagsParseFinding(f, setting, val, src, "go: parsing "+where+": "+splitErr.Error(), nil, entries, ev, false))
	case goVerdict == "unknown" && len(bad) > 0:
		msg := ""
		for _, e := range entries {
			if e.raw != bad[0] {
				continue
			}
			switch {
			case e.name == "":
				msg = fmt.Sprintf("go: parsing %s: non-flag %q", where, e.raw)
			case e.name == "C":
				msg = fmt.Sprintf("go: invalid value %q for flag -C (from %s): -C flag must be first flag on command line", e.value, where)
			default:
				msg = fmt.Sprintf("go: parsing %s: unknown flag -%s", where, e.name)
			}
			break
		}
		report(moduleGoFlagsParseFinding(f, setting, val, src, msg, bad, entries, ev, false))
	}

	// What the flags mean for this module.
	mod, modSet := "", false
	insecure := false
	for _, e := range entries {
		switch e.name {
		case "mod":
			if e.hasValue {
				mod, modSet = e.value, true
			}
		case "insecure":
			b, err := strconv.ParseBool(e.value)
			insecure = !e.hasValue || (err == nil && b)
		}
	}
	if modSet {
		ev := append(append(check.Evidence(nil), ev...), check.F("-mod", mod))
		switch {
		case mod != "" && mod != "mod" && mod != "readonly" && mod != "vendor":
			report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("GOFLAGS (%s) sets -mod=%s, which is not a valid mode.", src, mod),
				Detail:   "Every build, test, run and list fails with\n  -mod=" + mod + " not supported (can be '', 'mod', 'readonly', or 'vendor')",
				Evidence: ev,
				Fix:      moduleGoFlagsSetFix(f, setting, moduleGoFlagsWithout(entries, func(e moduleGoFlagsEntry) bool { return e.name == "mod" }), "Remove the -mod entry (readonly is the default)"),
			})
		case mod == "mod" && workspace:
			report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("GOFLAGS (%s) sets -mod=mod, which the go command refuses in workspace mode (go.work %s).", src, gowork),
				Detail: "With a go.work in effect, builds and tests fail with\n" +
					"  go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to \"mod\"\n" +
					"  \tRemove the -mod flag to use the default readonly value, \n" +
					"  \tor set GOWORK=off to disable workspace mode.",
				Evidence: append(append(check.Evidence(nil), ev...), check.F("GOWORK", gowork)),
				Fix:      moduleGoFlagsSetFix(f, setting, moduleGoFlagsWithout(entries, func(e moduleGoFlagsEntry) bool { return e.name == "mod" }), "Remove the -mod entry (or run with GOWORK=off when you do not want the workspace)"),
			})
		case mod == "vendor" && inModule && !workspace:
			if fd, ok := moduleGoFlagsVendor(pass, setting, src, entries, ev, true); ok {
				report(fd)
			}
		}
	} else if inModule && !workspace && moduleGoFlagsDefaultVendor(f) {
		if fd, ok := moduleGoFlagsVendor(pass, setting, src, entries, ev, false); ok {
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
			Fix:      moduleGoFlagsSetFix(f, setting, moduleGoFlagsWithout(entries, func(e moduleGoFlagsEntry) bool { return e.name == "insecure" }), "Remove -insecure from GOFLAGS and list the hosts that need plain HTTP or no certificate check in GOINSECURE (`go env -w GOINSECURE=git.example.com`)"),
		})
	}
	if !reported {
		summary := "GOFLAGS=" + val + " (" + src + ")"
		if goVerdict == "ok" {
			ev = append(ev, check.F("checked with", ge.Go.Path+" build -h"))
		}
		pass.Observe(summary, ev...)
	}
	return nil
}

// moduleGoFlagsSplit is cmd/internal/quoted.Split followed by the checks of
// base.InitGOFLAGS (which entries are flags, and their names).
func moduleGoFlagsSplit(s string) ([]moduleGoFlagsEntry, error) {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	var words []string
	for len(s) > 0 {
		for len(s) > 0 && space(s[0]) {
			s = s[1:]
		}
		if len(s) == 0 {
			break
		}
		if s[0] == '"' || s[0] == '\'' {
			q := s[0]
			s = s[1:]
			i := strings.IndexByte(s, q)
			if i < 0 {
				return nil, fmt.Errorf("unterminated %c string", q)
			}
			words = append(words, s[:i])
			s = s[i+1:]
			continue
		}
		i := 0
		for i < len(s) && !space(s[i]) {
			i++
		}
		words = append(words, s[:i])
		s = s[i:]
	}
	var out []moduleGoFlagsEntry
	for _, w := range words {
		e := moduleGoFlagsEntry{raw: w}
		if strings.HasPrefix(w, "-") && w != "-" && w != "--" && !strings.HasPrefix(w, "---") && !strings.HasPrefix(w, "-=") && !strings.HasPrefix(w, "--=") {
			name := strings.TrimPrefix(strings.TrimPrefix(w, "-"), "-")
			name, e.value, e.hasValue = strings.Cut(name, "=")
			e.name = name
		}
		out = append(out, e)
	}
	return out, nil
}

// moduleGoFlagsAskGo runs `go build -h` (it parses GOFLAGS against the
// build flags and prints usage, touching no package). The verdict is "ok",
// "bad" (msg is the go command's line) or "unknown" (the go command could
// not be asked).
func moduleGoFlagsAskGo(pass *check.Pass, ge *facts.GoEnv) (verdict, msg string) {
	f := pass.Facts
	env := append(f.Environ(), "GOTOOLCHAIN=local")
	res := f.Run(pass.Context, facts.Command{Path: ge.Go.Path, Args: []string{"build", "-h"}, Dir: f.Dir, Env: env})
	if res.TimedOut {
		return "unknown", ""
	}
	stderr := string(res.Stderr)
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "$GOFLAGS") || strings.Contains(line, "%GOFLAGS%") {
			return "bad", strings.TrimSpace(line)
		}
	}
	if strings.Contains(stderr, "usage: go build") {
		return "ok", ""
	}
	return "unknown", ""
}

// moduleGoFlagsEntryIn finds the entry a go error message is about.
func moduleGoFlagsEntryIn(msg string, entries []moduleGoFlagsEntry) string {
	for _, e := range entries {
		if e.name == "" {
			if strings.Contains(msg, strconv.Quote(e.raw)) {
				return e.raw
			}
			continue
		}
		if strings.Contains(msg, "flag -"+e.name+" ") || strings.HasSuffix(msg, "flag -"+e.name) || strings.Contains(msg, ": -"+e.name+" (from") {
			return e.raw
		}
	}
	return ""
}

func moduleGoFlagsParseFinding(f *facts.Facts, setting *facts.Setting, val, src, msg string, bad []string, entries []moduleGoFlagsEntry, ev check.Evidence, fromGo bool) check.Finding {
	ev = append(check.Evidence(nil), ev...)
	if len(bad) > 0 {
		ev = append(ev, check.F("rejected entries", strings.Join(bad, " ")))
	}
	if fromGo {
		ev = append(ev, check.F("go command says", msg))
	}
	detail := "GOFLAGS is added to every go command, and the go command stops before doing anything when it cannot use it: `go build`, `go test`, `go run`, `go list` and the rest all fail with\n  " + msg +
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
		if e.name == "C" {
			detail += " -C (change directory) is only allowed as the first flag on the command line, never in GOFLAGS."
			break
		}
	}
	fixed := moduleGoFlagsRepair(entries, bad)
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
		Fix:      moduleGoFlagsSetFix(f, setting, fixed, desc),
	}
}

func moduleGoFlagsReportEnvBroken(pass *check.Pass, ee *facts.GoEnvError, where string) {
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
		Detail:   "The go command parses GOFLAGS before anything else and rejects it:\n  " + line,
		Evidence: ev,
		Fix:      fix,
	})
}

// moduleGoFlagsTakesValue lists common flags that need a value: a
// non-flag entry right after one of them ("-tags foo") is its value.
var moduleGoFlagsTakesValue = map[string]bool{
	"tags": true, "ldflags": true, "gcflags": true, "asmflags": true, "gccgoflags": true, "mod": true,
	"modfile": true, "overlay": true, "buildmode": true, "compiler": true, "installsuffix": true,
	"pkgdir": true, "pgo": true, "toolexec": true, "p": true, "covermode": true, "coverpkg": true,
	"o": true, "run": true, "skip": true, "bench": true, "benchtime": true, "count": true,
	"timeout": true, "cpu": true, "parallel": true, "exec": true, "vettool": true,
}

// moduleGoFlagsRepair drops the rejected entries, joining "-tags foo" into
// "-tags=foo".
func moduleGoFlagsRepair(entries []moduleGoFlagsEntry, bad []string) string {
	var out []moduleGoFlagsEntry
	for _, e := range entries {
		if e.name == "" && len(out) > 0 {
			prev := &out[len(out)-1]
			if !prev.hasValue && moduleGoFlagsTakesValue[prev.name] {
				prev.raw += "=" + e.raw
				prev.hasValue, prev.value = true, e.raw
				continue
			}
		}
		if slices.Contains(bad, e.raw) && !(e.name != "" && !e.hasValue && moduleGoFlagsTakesValue[e.name]) {
			continue
		}
		out = append(out, e)
	}
	// A value flag still without a value would fail too.
	return moduleGoFlagsWithout(out, func(e moduleGoFlagsEntry) bool {
		return e.name != "" && !e.hasValue && moduleGoFlagsTakesValue[e.name] || slices.Contains(bad, e.raw)
	})
}

// moduleGoFlagsWithout is GOFLAGS without the entries drop selects,
// quoted again for the go command. Every entry came out of a GOFLAGS the
// go command split, so each can be quoted again.
func moduleGoFlagsWithout(entries []moduleGoFlagsEntry, drop func(moduleGoFlagsEntry) bool) string {
	var keep []string
	for _, e := range entries {
		if !drop(e) {
			keep = append(keep, e.raw)
		}
	}
	s, _ := shellquote.GoJoin(keep...)
	return s
}

// moduleGoFlagsSetFix sets GOFLAGS to value ("" = unset) where it is set.
func moduleGoFlagsSetFix(f *facts.Facts, s *facts.Setting, value, desc string) *check.Fix {
	if s == nil {
		s = &facts.Setting{Name: "GOFLAGS", Definition: facts.Definition{Source: facts.FromEnvironment}}
	}
	if value == "" {
		return settingfix.Unset(f.GOOS(), s, desc+"; that leaves GOFLAGS empty, so unset it.")
	}
	return settingfix.Set(f.GOOS(), s, value, desc+".")
}

// moduleGoFlagsVendor reproduces cmd/go's checkVendorConsistency
// (modload/vendor.go) for a single main module under -mod=vendor.
// moduleGoFlagsDefaultVendor reports whether the go command uses vendor/
// without -mod: cmd/go's setDefaultBuildMod does when the main module has
// a vendor directory and its go line is 1.14 or later (no go line: 1.16).
func moduleGoFlagsDefaultVendor(f *facts.Facts) bool {
	m, err := f.Module()
	if err != nil || m == nil || m.Err != nil || m.Mod == nil {
		return false
	}
	gl := m.GoLine()
	if gl == "" {
		gl = "1.16"
	}
	if goversion.Compare(gl, "go1.14") < 0 {
		return false
	}
	st, err := f.OS.Stat(filepath.Join(filepath.Dir(m.Path), "vendor"))
	return err == nil && st.IsDir()
}

// moduleGoFlagsVendor reports a vendor directory the go command would
// refuse; fromFlag says whether -mod=vendor came from GOFLAGS (else the
// go command chose vendor mode itself).
func moduleGoFlagsVendor(pass *check.Pass, setting *facts.Setting, src string, entries []moduleGoFlagsEntry, ev check.Evidence, fromFlag bool) (check.Finding, bool) {
	f := pass.Facts
	m, err := f.Module()
	if err != nil || m == nil || m.Err != nil || m.Mod == nil {
		return check.Finding{}, false // module/gomod reports a broken go.mod
	}
	if gl := m.GoLine(); gl != "" && goversion.Compare(gl, "go1.14") < 0 {
		return check.Finding{}, false // go < 1.14: cmd/go relaxes the check
	}
	modRoot := filepath.Dir(m.Path)
	txt := filepath.Join(modRoot, "vendor", "modules.txt")
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
	v := moduleGoFlagsReadVendor(data)
	gomodShort := moduleModeShortPath(f, m.Path)
	var lines []string
	add := func(mv module.Version, format string, args ...any) {
		if mv.Version == "" {
			lines = append(lines, mv.Path+": "+fmt.Sprintf(format, args...))
		} else {
			lines = append(lines, mv.Path+"@"+mv.Version+": "+fmt.Sprintf(format, args...))
		}
	}
	required := map[module.Version]bool{}
	for _, r := range m.Mod.Require {
		required[r.Mod] = true
		if !v.meta[r.Mod].explicit {
			add(r.Mod, "is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt")
		}
	}
	describe := func(mv module.Version) string {
		if mv.Version == "" {
			return mv.Path
		}
		return mv.Path + "@" + mv.Version
	}
	seen := map[module.Version]bool{}
	for _, r := range m.Mod.Replace {
		if seen[r.Old] {
			continue
		}
		seen[r.Old] = true
		vr := v.meta[r.Old].replacement
		switch {
		case vr == (module.Version{}):
			add(r.Old, "is replaced in %s, but not marked as replaced in vendor/modules.txt", gomodShort)
		case vr != r.New:
			add(r.Old, "is replaced by %s in %s, but marked as replaced by %s in vendor/modules.txt", describe(r.New), gomodShort, describe(vr))
		}
	}
	for _, mv := range v.list {
		if v.meta[mv].explicit && !required[mv] {
			add(mv, "is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod")
		}
	}
	for _, mv := range v.replaced {
		found := false
		for _, r := range m.Mod.Replace {
			if r.Old.Path == mv.Path && (r.Old.Version == "" || r.Old.Version == mv.Version) {
				found = true
				break
			}
		}
		if !found {
			add(mv, "is marked as replaced in vendor/modules.txt, but not replaced in go.mod")
		}
	}
	if len(lines) == 0 {
		return check.Finding{}, false
	}
	quoted := "  go: inconsistent vendoring in " + modRoot + ":\n  \t" + strings.Join(lines, "\n  \t") +
		"\n\n  \tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n  \tTo sync the vendor directory, run:\n  \t\tgo mod vendor"
	summary := fmt.Sprintf("GOFLAGS (%s) sets -mod=vendor, but %s does not match go.mod.", src, txt)
	detail := "With -mod=vendor the go command builds only from vendor/ and first checks that vendor/modules.txt agrees with go.mod; here every build and test fails with\n" + quoted
	fixDesc := "Create or refresh the vendor directory from go.mod (or remove -mod=vendor from GOFLAGS if you do not vendor: `" + moduleGoFlagsFixCmd(f, setting, entries) + "`)."
	switch {
	case fromFlag && rerr != nil:
		summary = fmt.Sprintf("GOFLAGS (%s) sets -mod=vendor, but the module has no vendor directory (%s is missing).", src, txt)
	case !fromFlag:
		summary = fmt.Sprintf("%s does not match go.mod, and the go command builds from vendor/ by default here.", txt)
		if rerr != nil {
			summary = fmt.Sprintf("The module has a vendor directory without %s, and the go command builds from vendor/ by default here.", txt)
		}
		detail = "Because the module has a vendor directory and go.mod says go " + moduleModeShow(m.GoLine()) + " (1.14 or later), the go command uses -mod=vendor by default and first checks that vendor/modules.txt agrees with go.mod; here every build and test fails with\n" + quoted
		fixDesc = "Refresh the vendor directory from go.mod (or delete vendor/ if the project no longer vendors its dependencies)."
	}
	fix := &check.Fix{Description: fixDesc, Commands: []string{"go mod vendor"}}
	if fromFlag && rerr != nil && setting != nil && setting.Source == facts.FromEnvFile {
		fix = moduleGoFlagsNoVendorFix(f.GOOS(), setting, entries)
	}
	return check.Finding{
		Severity: check.Error,
		Summary:  summary,
		Detail:   detail,
		Evidence: append(append(check.Evidence(nil), ev...), check.F("go.mod", m.Path), check.F("vendor/modules.txt", txt), check.F("differences", strings.Join(lines, "\n"))),
		Fix:      fix,
	}, true
}

// moduleGoFlagsNoVendorFix drops -mod=vendor from a GOFLAGS written in the
// go env -w file when the module has no vendor directory at all: the
// module does not vendor, so the setting (applied to every project) is
// what is wrong. `godx fix` runs the same go env command.
func moduleGoFlagsNoVendorFix(goos string, setting *facts.Setting, entries []moduleGoFlagsEntry) *check.Fix {
	rest := moduleGoFlagsWithout(entries, func(e moduleGoFlagsEntry) bool { return e.name == "mod" })
	argv := []string{"go", "env", "-u", "GOFLAGS"}
	cmd := settingfix.GoEnvUnset(goos, "GOFLAGS")
	if rest != "" {
		argv = []string{"go", "env", "-w", "GOFLAGS=" + rest}
		cmd = settingfix.GoEnvSet(goos, "GOFLAGS", rest)
	}
	auto := check.CommandFix("", argv...)
	auto.Env = []string{"GOTOOLCHAIN=local"}
	return &check.Fix{
		Description: fmt.Sprintf("Remove -mod=vendor from GOFLAGS in %s: it applies to every project, and this module does not vendor its dependencies. (If it should, run `go mod vendor` instead.)", setting.Where()),
		Commands:    []string{cmd},
		Auto:        auto,
	}
}

func moduleGoFlagsFixCmd(f *facts.Facts, s *facts.Setting, entries []moduleGoFlagsEntry) string {
	fix := moduleGoFlagsSetFix(f, s, moduleGoFlagsWithout(entries, func(e moduleGoFlagsEntry) bool { return e.name == "mod" }), "Remove -mod=vendor")
	if len(fix.Commands) > 0 {
		return fix.Commands[0]
	}
	return "edit GOFLAGS"
}

type moduleGoFlagsVendorMeta struct {
	explicit    bool
	replacement module.Version
}

type moduleGoFlagsVendorList struct {
	list     []module.Version // modules that provide packages
	replaced []module.Version
	meta     map[module.Version]moduleGoFlagsVendorMeta
}

// moduleGoFlagsReadVendor parses vendor/modules.txt like cmd/go's
// readVendorList (modload/vendor.go).
func moduleGoFlagsReadVendor(data []byte) moduleGoFlagsVendorList {
	v := moduleGoFlagsVendorList{meta: map[module.Version]moduleGoFlagsVendorMeta{}}
	inList := map[string]bool{}
	var mod module.Version
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "# ") {
			fs := strings.Fields(line)
			if len(fs) < 3 {
				continue
			}
			if semver.IsValid(fs[2]) {
				mod = module.Version{Path: fs[1], Version: fs[2]}
				fs = fs[3:]
			} else if fs[2] == "=>" {
				mod = module.Version{Path: fs[1]}
				fs = fs[2:]
			} else {
				mod = module.Version{}
				continue
			}
			if len(fs) >= 2 && fs[0] == "=>" {
				meta := v.meta[mod]
				if len(fs) == 2 {
					meta.replacement = module.Version{Path: fs[1]}
					v.replaced = append(v.replaced, mod)
				} else if len(fs) == 3 && semver.IsValid(fs[2]) {
					meta.replacement = module.Version{Path: fs[1], Version: fs[2]}
					v.replaced = append(v.replaced, mod)
				}
				v.meta[mod] = meta
			}
			continue
		}
		if mod.Path == "" {
			continue
		}
		if ann, ok := strings.CutPrefix(line, "## "); ok {
			meta := v.meta[mod]
			for _, a := range strings.Split(ann, ";") {
				if strings.TrimSpace(a) == "explicit" {
					meta.explicit = true
				}
			}
			v.meta[mod] = meta
			continue
		}
		if fs := strings.Fields(line); len(fs) == 1 && module.CheckImportPath(fs[0]) == nil {
			if key := mod.Path + "@" + mod.Version; !inList[key] {
				inList[key] = true
				v.list = append(v.list, mod)
			}
		}
	}
	return v
}

package cgo

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/godx-dev/godx/internal/buildgraph"
	"github.com/godx-dev/godx/internal/ccompiler"
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/settingfix"
)

// Compiler checks that cgo and its C compiler fit what the module needs.
var Compiler = &check.Check{
	ID:    "cgo/compiler",
	Title: "C compiler for cgo",
	Doc: check.Doc{
		What: "Reads CGO_ENABLED and CC from `go env` (and where each is set), looks the C compiler (the first word of CC) up on PATH, " +
			"and scans the main module's .go files for packages that import \"C\" (a bounded walk that skips testdata, vendor, " +
			"directories starting with _ or ., and nested modules), evaluating build constraints for the target GOOS/GOARCH.",
		Why: "Since Go 1.20 the go command silently turns cgo off when CC is not set and the default C compiler (gcc; clang on " +
			"macOS, FreeBSD and OpenBSD) is not on PATH. Pure Go still builds, but a package that imports \"C\" vanishes from the build " +
			"with a baffling `build constraints exclude all Go files` error, and `go test -race` refuses to run. When cgo is forced on " +
			"(CGO_ENABLED=1, or CC set) without a compiler, every cgo build fails, including the standard library's net and os/user. " +
			"Cross-compiling with cgo needs a C compiler for the target, not the host's.",
		How: "Error: cgo is on but the C compiler is missing while `go build ./...` needs it: a package of the module imports \"C\", or the build " +
			"compiles a package with cgo files (the standard library's net and os/user have them when cgo is on; the go command is asked with " +
			"`go list -e -deps ./...`, GOTOOLCHAIN=local and GOPROXY=off, only in this situation). Error: cgo is off (silently for lack of a " +
			"compiler, explicitly by CGO_ENABLED=0, or because of cross-compiling) while a package that has only cgo files for the target is " +
			"imported by what `go build ./...` builds (the go command's own error is quoted). " +
			"Warning: the same two situations when nothing built needs cgo or imports the package: `./...` skips a package left without files " +
			"without a word, and only building it by name fails; cgo is silently off and a package of the module builds without its cgo files; " +
			"cross-compiling with cgo on and CC left at the host's default compiler. " +
			"Info: cgo is off because no C compiler is installed and the module does not need it (`go test -race` is unavailable). " +
			"Only the main module's own packages are scanned for import \"C\"; the scan stops after 3000 directories, " +
			"10000 files or 2 seconds and says so.",
		Fix: "Install a C compiler: `sudo apt install gcc` (Debian, Ubuntu), `sudo dnf install gcc` (Fedora), `apk add gcc musl-dev` (Alpine), " +
			"`xcode-select --install` (macOS), or MinGW-w64 gcc on Windows (for example MSYS2's mingw-w64-ucrt-x86_64-gcc, with its bin " +
			"directory on PATH). If CC names a compiler that is not installed, fix or unset CC. When cross-compiling with cgo, set CC " +
			"to a cross compiler for the target (x86_64-w64-mingw32-gcc, aarch64-linux-gnu-gcc, `zig cc -target …`), or build with " +
			"CGO_ENABLED=0 if the program does not need cgo.",
		Errors: []string{
			`cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`,
			"package example.com/m/sqlite: build constraints exclude all Go files in /home/you/m/sqlite",
			"go: -race requires cgo; enable cgo by setting CGO_ENABLED=1",
			"gcc: error: unrecognized command-line option '-mthreads'; did you mean '-pthread'?",
		},
	},
	Requires: []facts.Requirement{ccompiler.ModuleScan, buildgraph.Of},
	Run:      runCompiler,
}

func runCompiler(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	settings, err := f.Settings()
	if err != nil {
		return check.Skip("the Go settings could not be read: %v", err)
	}
	cgoSet, ccSet := settings.Get("CGO_ENABLED"), settings.Get("CC")
	cgoOn := ge.Get("CGO_ENABLED") == "1"
	goos, goarch := ge.Get("GOOS"), ge.Get("GOARCH")
	hostos, hostarch := ge.Get("GOHOSTOS"), ge.Get("GOHOSTARCH")
	cross := goos != hostos || goarch != hostarch
	// cmd/go honours only "0" and "1"; anything else counts as unset. The
	// value its source defines tells, not the effective one (which for
	// CGO_ENABLED=yes is still 0 or 1).
	raw := ""
	if cgoSet != nil && cgoSet.Source != facts.FromDefault {
		raw = cgoSet.Definition.Value
	}
	explicitCgo := raw == "0" || raw == "1"
	ccExplicit := ccSet != nil && ccSet.Source != facts.FromDefault

	cc := ge.Get("CC")
	ccName := ccompiler.Program(cc)
	if ccName == "" {
		return check.Skip("go env reports no C compiler (CC is empty)")
	}
	ccPath, ccErr := ccompiler.Find(f, ccName)

	ev := check.Evidence{
		check.F("CGO_ENABLED", ge.Get("CGO_ENABLED")+" ("+compilerSettingSource(cgoSet)+")"),
		check.F("CC", cc+" ("+compilerSettingSource(ccSet)+")"),
	}
	if ccErr != nil {
		ev = append(ev, check.F("C compiler", ccName+" not found on PATH"))
	} else if ccPath != "" {
		ev = append(ev, check.F("C compiler", ccPath))
	}
	if cross {
		ev = append(ev, check.F("target", goos+"/"+goarch), check.F("host", hostos+"/"+hostarch))
	}

	scan, err := check.ResultOf(pass, ccompiler.ModuleScan) // nil outside a module
	if err != nil {
		return err
	}
	var needs, uses []ccompiler.Package // needs: no cgo-less fallback
	if scan != nil {
		for _, p := range scan.Pkgs {
			if p.Fallback {
				uses = append(uses, p)
			} else {
				needs = append(needs, p)
			}
		}
		ev = append(ev, check.F("cgo packages", ccompiler.DescribePackages(scan.Pkgs)),
			check.F("scanned", fmt.Sprintf("%d .go files in %d directories under %s", scan.Files, scan.Dirs, scan.Root)))
		if scan.Capped != "" {
			ev = append(ev, check.F("scan stopped early", scan.Capped))
		}
	}
	notFound := ""
	if ccErr != nil {
		notFound = fmt.Sprintf("cgo: C compiler %q not found: %v", ccName, ccErr)
	}

	switch {
	case cgoOn && ccErr != nil:
		// Only what the build compiles needs the compiler: the module's
		// own cgo packages, and packages of the standard library or of
		// dependencies with cgo files (net and os/user have them when cgo
		// is on). The go command lists them when the module has none.
		var needers []string
		graphKnown := false
		if len(scan.Packages()) == 0 {
			if g, err := check.ResultOf(pass, buildgraph.Of); err == nil {
				graphKnown = true
				for _, p := range g.Cgo() {
					if p.ImportPath != "runtime/cgo" {
						needers = append(needers, p.ImportPath)
					}
				}
				ev = append(ev, check.F("cgo packages `go build ./...` compiles", compilerList(needers)))
			}
		}
		sev := check.Warning
		if len(scan.Packages()) > 0 || len(needers) > 0 || (!graphKnown && raw == "1") {
			sev = check.Error
		}
		whyOn := compilerSettingSource(cgoSet)
		switch {
		case explicitCgo:
		case f.Getenv("CC") != "":
			whyOn = "by default: with CC set in the environment the go command does not check for the compiler"
		case ccName != ccompiler.Default(goos):
			whyOn = fmt.Sprintf("by default: the go command checks only for %s, which is installed", ccompiler.Default(goos))
		}
		summary := fmt.Sprintf("cgo is on (CGO_ENABLED=1, %s) but the C compiler %q (CC, %s) is not installed or not on PATH.",
			whyOn, ccName, compilerSettingSource(ccSet))
		var detail string
		switch {
		case len(scan.Packages()) > 0:
			detail = fmt.Sprintf("Package %s imports \"C\", so `go build ./...` fails, starting with runtime/cgo:\n\t# runtime/cgo\n\t%s\n", scan.Pkgs[0].ImportPath, notFound)
		case len(needers) > 0:
			detail = fmt.Sprintf("The build needs cgo: %s, which the module imports, %s cgo files when cgo is on, so `go build ./...` fails, starting with runtime/cgo:\n\t# runtime/cgo\n\t%s\n",
				compilerList(needers), english.Plural(len(needers), "has", "have"), notFound)
		case graphKnown:
			detail = "Nothing `go build ./...` compiles here uses cgo, so builds of this module work. The first package that does fails, starting with runtime/cgo: " +
				"a package that imports \"C\", and the standard library's net and os/user (and what imports them, such as net/http)."
		default:
			detail = "Every build that uses cgo fails, starting with runtime/cgo:\n\t# runtime/cgo\n\t" + notFound + "\n" +
				"With cgo on, the standard library's net and os/user packages use cgo too, so programs importing net/http fail the same way."
		}
		pass.Report(check.Finding{
			Severity: sev, Summary: summary, Detail: detail, Evidence: ev,
			Fix: compilerInstallFix(f, ccName, ccSet, cgoSet, len(scan.Packages()) == 0 && len(needers) == 0),
		})
		return nil

	case cgoOn && cross:
		if ccExplicit || compilerHostCanTarget(hostos, hostarch, goos, goarch) {
			pass.Observe(fmt.Sprintf("cross-compiling for %s/%s with cgo and CC=%s", goos, goarch, cc), ev...)
			return nil
		}
		example := "compiler or linker errors"
		if goos == "windows" {
			example = "`gcc: error: unrecognized command-line option '-mthreads'; did you mean '-pthread'?`"
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("Cross-compiling for %s/%s with cgo on (CGO_ENABLED=1, %s), but CC is the host's default compiler %s.",
				goos, goarch, compilerSettingSource(cgoSet), ccName),
			Detail: fmt.Sprintf("%s builds code for %s/%s, not for %s/%s, so cgo builds (runtime/cgo and every package that imports \"C\") fail with %s.",
				ccName, hostos, hostarch, goos, goarch, example),
			Evidence: ev,
			Fix:      compilerCrossFix(goos, goarch),
		})
		return nil

	case cgoOn:
		summary := fmt.Sprintf("cgo on, CC %s (%s)", ccName, ccPath)
		if n := len(scan.Packages()); n > 0 {
			summary += fmt.Sprintf("; %d package(s) of the module use cgo", n)
		}
		pass.Observe(summary, ev...)
		return nil
	}

	// cgo is off: why? Since Go 1.20 the go command turns it off when CC
	// is not set in the environment and the default compiler is missing
	// (cmd/go/internal/cfg).
	defaultCC := ccompiler.Default(goos)
	_, defaultErr := ccompiler.Find(f, defaultCC)
	autoOff := !explicitCgo && !cross && f.Getenv("CC") == "" && defaultErr != nil
	why := ""
	switch {
	case explicitCgo:
		why = fmt.Sprintf("CGO_ENABLED=0 is set (%s)", compilerSettingSource(cgoSet))
	case cross:
		why = fmt.Sprintf("the go command turns cgo off when cross-compiling (%s/%s on %s/%s) unless CGO_ENABLED=1 is set", goos, goarch, hostos, hostarch)
	case autoOff:
		why = fmt.Sprintf("the go command turned it off silently because the C compiler %q is not on PATH", defaultCC)
	default:
		why = fmt.Sprintf("cgo is off by default for %s/%s with this Go installation", goos, goarch)
	}
	race := ""
	if goos != "darwin" {
		race = "\n`go test -race` (and `go build -race`) stops with `go: -race requires cgo; enable cgo by setting CGO_ENABLED=1`."
	}

	if len(needs) > 0 {
		p := needs[0]
		var fix *check.Fix
		switch {
		case explicitCgo:
			fix = compilerEnableFix(f, cgoSet, ccErr == nil, ccName)
		case cross:
			fix = compilerCrossFix(goos, goarch)
		case autoOff:
			fix = ccompiler.InstallAdvice(f, defaultCC)
		default:
			fix = &check.Fix{Description: "Enable cgo explicitly.", Commands: []string{"go env -w CGO_ENABLED=1"}}
		}
		// With cgo off nothing of these packages is left: ./... drops
		// them silently, an import of one breaks the build.
		var imported *buildgraph.GraphPackage
		g, gerr := check.ResultOf(pass, buildgraph.Of)
		if gerr == nil {
			for _, n := range needs {
				if gp := g.Find(n.ImportPath); gp != nil && gp.Err != "" {
					imported = gp
					break
				}
			}
		}
		summary := fmt.Sprintf("Package %s needs cgo (all its files for %s/%s import \"C\"), but cgo is off: %s.", p.ImportPath, goos, goarch, why)
		switch {
		case imported != nil:
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("Package %s needs cgo (all its files for %s/%s import \"C\") and is imported, but cgo is off: %s.", imported.ImportPath, goos, goarch, why),
				Detail: "With cgo off the go command leaves out files that import \"C\", so nothing of the package is left, and `go build ./...`, `go test ./...` and gopls fail with\n\t" +
					strings.ReplaceAll(imported.Err, "\n", "\n\t") + compilerMore(needs),
				Evidence: ev,
				Fix:      fix,
			})
		case gerr == nil:
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  summary,
				Detail: fmt.Sprintf("With cgo off the go command leaves out files that import \"C\", so nothing of the package is left. Nothing the module builds imports it, so `go build ./...` and `go test ./...` skip it without a word "+
					"(when it is the only package they print `go: warning: \"./...\" matched no packages` and build nothing), while building it by name fails: `go build %s` stops with `package %s: build constraints exclude all Go files in %s`.",
					compilerRel(f, p.Dir), p.ImportPath, p.Dir) + compilerMore(needs) + race,
				Evidence: ev,
				Fix:      fix,
			})
		default:
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  summary,
				Detail: fmt.Sprintf("With cgo off the go command leaves out files that import \"C\", so nothing of the package is left: building it fails with\n\tpackage %s: build constraints exclude all Go files in %s",
					p.ImportPath, p.Dir) + compilerMore(needs),
				Evidence: ev,
				Fix:      fix,
			})
		}
		return nil
	}
	if autoOff && len(uses) > 0 {
		p := uses[0]
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("Package %s has cgo files, but they are left out of every build: %s.",
				p.ImportPath, why),
			Detail: fmt.Sprintf("The package still builds from its files for cgo-less builds (%s), so you silently get a different program "+
				"than machines with a C compiler do.", strings.Join(p.CgoFiles, ", ")) + race,
			Evidence: ev,
			Fix:      ccompiler.InstallAdvice(f, defaultCC),
		})
		return nil
	}
	if autoOff {
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("cgo is off because the C compiler %q is not on PATH; pure Go builds work.", defaultCC),
			Detail: "The module's own packages do not use cgo, but dependencies that import \"C\" fail to build or fall back to slower pure-Go code, " +
				"and the standard library uses its pure-Go DNS resolver and user lookup." + race,
			Evidence: ev,
			Fix:      ccompiler.InstallAdvice(f, defaultCC),
		})
		return nil
	}
	pass.Observe("cgo off: "+why, ev...)
	return nil
}

// compilerHostCanTarget: host compilers that also build for the target
// (Apple clang builds both darwin architectures; gcc builds 386 with -m32).
func compilerHostCanTarget(hostos, hostarch, goos, goarch string) bool {
	if hostos != goos {
		return false
	}
	return hostos == "darwin" || (hostarch == "amd64" && goarch == "386")
}

// compilerSettingSource says where a setting comes from ("from the
// environment"), and for a default why it has its value.
func compilerSettingSource(s *facts.Setting) string {
	if s == nil || s.Source == facts.FromDefault {
		return s.Provenance()
	}
	return "from " + s.Where()
}

// compilerList names packages for a sentence: the first five.
func compilerList(pkgs []string) string {
	if len(pkgs) == 0 {
		return "none"
	}
	if len(pkgs) > 5 {
		return english.List(append(append([]string(nil), pkgs[:5]...), fmt.Sprintf("%d more", len(pkgs)-5)))
	}
	return english.List(pkgs)
}

// compilerRel is dir as a go command argument from the project
// directory: ./csub, or the directory itself.
func compilerRel(f *facts.Facts, dir string) string {
	if rel, err := filepath.Rel(f.Dir, dir); err == nil && !strings.HasPrefix(rel, "..") {
		if rel == "." {
			return "."
		}
		return "./" + filepath.ToSlash(rel)
	}
	return dir
}

func compilerMore(pkgs []ccompiler.Package) string {
	if len(pkgs) <= 1 {
		return ""
	}
	var names []string
	for _, p := range pkgs[1:] {
		names = append(names, p.ImportPath)
	}
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	return "\nThe same holds for " + strings.Join(names, ", ") + "."
}

// compilerInstallFix installs the missing compiler (or fixes CC).
func compilerInstallFix(f *facts.Facts, ccName string, ccSet, cgoSet *facts.Setting, cgoOptional bool) *check.Fix {
	if ccSet != nil && ccSet.Source != facts.FromDefault {
		return settingfix.Unset(f.GOOS(), ccSet, fmt.Sprintf("CC=%s names a compiler that is not installed: install it, or unset CC to use the default compiler.", ccSet.Value))
	}
	fix := ccompiler.InstallAdvice(f, ccName)
	if cgoOptional && cgoSet != nil && cgoSet.Source != facts.FromDefault && cgoSet.Value == "1" {
		fix.Description += " If you do not need cgo, stop forcing it on instead (CGO_ENABLED=1 is set " + compilerSettingSource(cgoSet) + ")."
	}
	return fix
}

// compilerEnableFix undoes an explicit CGO_ENABLED=0.
func compilerEnableFix(f *facts.Facts, cgoSet *facts.Setting, ccFound bool, ccName string) *check.Fix {
	cmds := settingfix.UnsetCommands(f.GOOS(), "CGO_ENABLED", cgoSet.Definition)
	if cmds == nil { // $GOROOT/go.env: override it
		cmds = []string{settingfix.GoEnvSet(f.GOOS(), "CGO_ENABLED", "1")}
	}
	desc := fmt.Sprintf("Stop turning cgo off (CGO_ENABLED=0 is set %s), or build only packages that do not need it.", compilerSettingSource(cgoSet))
	fix := &check.Fix{Description: desc, Commands: cmds}
	if !ccFound {
		inst := ccompiler.InstallAdvice(f, ccName)
		fix.Description += " A C compiler is needed too: " + inst.Description
		fix.Commands = append(fix.Commands, inst.Commands...)
	}
	return fix
}

// compilerCrossFix points CC at a cross compiler for the target.
func compilerCrossFix(goos, goarch string) *check.Fix {
	known := map[string][2]string{ // compiler, Debian/Ubuntu package
		"windows/amd64": {"x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64"},
		"windows/386":   {"i686-w64-mingw32-gcc", "gcc-mingw-w64-i686"},
		"linux/arm64":   {"aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"},
		"linux/arm":     {"arm-linux-gnueabihf-gcc", "gcc-arm-linux-gnueabihf"},
		"linux/amd64":   {"x86_64-linux-gnu-gcc", "gcc-x86-64-linux-gnu"},
		"linux/riscv64": {"riscv64-linux-gnu-gcc", "gcc-riscv64-linux-gnu"},
		"linux/ppc64le": {"powerpc64le-linux-gnu-gcc", "gcc-powerpc64le-linux-gnu"},
		"linux/s390x":   {"s390x-linux-gnu-gcc", "gcc-s390x-linux-gnu"},
	}
	target := goos + "/" + goarch
	if c, ok := known[target]; ok {
		return &check.Fix{
			Description: fmt.Sprintf("Set CC to a C cross compiler for %s such as %s (Debian/Ubuntu package %s), or build with CGO_ENABLED=0 if the program does not need cgo.", target, c[0], c[1]),
			Commands:    []string{fmt.Sprintf("CGO_ENABLED=1 CC=%s GOOS=%s GOARCH=%s go build ./...", c[0], goos, goarch)},
		}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Set CC to a C cross compiler for %s (for example `zig cc -target …`), or build with CGO_ENABLED=0 if the program does not need cgo.", target),
		Commands:    []string{fmt.Sprintf("CGO_ENABLED=0 GOOS=%s GOARCH=%s go build ./...", goos, goarch)},
	}
}

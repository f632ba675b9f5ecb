package checks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/settingfix"
)

// CgoCompiler checks that cgo and its C compiler fit what the module needs.
var CgoCompiler = &check.Check{
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
		How: "Error: cgo is on but the C compiler is missing and the module imports \"C\" or CGO_ENABLED=1 is set explicitly; cgo is off " +
			"(silently for lack of a compiler, explicitly by CGO_ENABLED=0, or because of cross-compiling) while a package of the module " +
			"has only cgo files for the target, so it cannot build. " +
			"Warning: cgo is on without a compiler because CC names a missing one (builds of net, os/user and any cgo package fail); " +
			"cgo is silently off and a package of the module builds without its cgo files; cross-compiling with cgo on and CC left at " +
			"the host's default compiler. " +
			"Info: cgo is off because no C compiler is installed and the module does not need it (`go test -race` is unavailable). " +
			"Only the main module's own packages are scanned (not its dependencies); the scan stops after 3000 directories, " +
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
	Run: runCgoCompiler,
}

// Scan bounds (variables so that tests can lower them).
var (
	cgoCompilerMaxDirs  = 3000
	cgoCompilerMaxFiles = 10000
	cgoCompilerMaxBytes = 256 << 20
	cgoCompilerMaxTime  = 2 * time.Second
)

// cgoCompilerPkg is a package directory of the main module with cgo files
// for the target platform.
type cgoCompilerPkg struct {
	Dir        string
	ImportPath string
	CgoFiles   []string // files importing "C" that build for the target when cgo is on
	Fallback   bool     // some non-test file builds when cgo is off
}

// cgoCompilerScan is what the walk of the main module found.
type cgoCompilerScan struct {
	Root   string
	Pkgs   []cgoCompilerPkg
	Files  int    // .go files read
	Dirs   int    // directories visited
	Capped string // why the walk stopped early ("" when it finished)
}

func runCgoCompiler(pass *check.Pass) error {
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
	// cmd/go honours only "0" and "1"; anything else counts as unset.
	raw := cgoCompilerRawValue(f, settings, cgoSet)
	explicitCgo := raw == "0" || raw == "1"
	ccExplicit := ccSet != nil && ccSet.Source != facts.FromDefault

	cc := ge.Get("CC")
	ccName := cgoCompilerFirstWord(cc)
	if ccName == "" {
		return check.Skip("go env reports no C compiler (CC is empty)")
	}
	ccPath, ccErr := cgoCompilerLookCC(f, ccName)

	ev := check.Evidence{
		check.F("CGO_ENABLED", ge.Get("CGO_ENABLED")+" ("+cgoCompilerSettingSource(cgoSet)+")"),
		check.F("CC", cc+" ("+cgoCompilerSettingSource(ccSet)+")"),
	}
	if ccErr != nil {
		ev = append(ev, check.F("C compiler", ccName+" not found on PATH"))
	} else if ccPath != "" {
		ev = append(ev, check.F("C compiler", ccPath))
	}
	if cross {
		ev = append(ev, check.F("target", goos+"/"+goarch), check.F("host", hostos+"/"+hostarch))
	}

	var scan *cgoCompilerScan
	if gomod := ge.Get("GOMOD"); gomod != "" && gomod != f.DevNull() {
		s, err := cgoCompilerScanModule(pass, ge, gomod)
		if err == nil {
			scan = &s
		}
	}
	var needs, uses []cgoCompilerPkg // needs: no cgo-less fallback
	if scan != nil {
		for _, p := range scan.Pkgs {
			if p.Fallback {
				uses = append(uses, p)
			} else {
				needs = append(needs, p)
			}
		}
		ev = append(ev, check.F("cgo packages", cgoCompilerPkgList(scan.Pkgs)),
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
		sev := check.Warning
		if len(scan.pkgs()) > 0 || raw == "1" {
			sev = check.Error
		}
		whyOn := cgoCompilerSettingSource(cgoSet)
		switch {
		case explicitCgo:
		case f.Getenv("CC") != "":
			whyOn = "by default: with CC set in the environment the go command does not check for the compiler"
		case ccName != cgoCompilerDefaultCC(goos):
			whyOn = fmt.Sprintf("by default: the go command checks only for %s, which is installed", cgoCompilerDefaultCC(goos))
		}
		summary := fmt.Sprintf("cgo is on (CGO_ENABLED=1, %s) but the C compiler %q (CC, %s) is not installed or not on PATH.",
			whyOn, ccName, cgoCompilerSettingSource(ccSet))
		detail := "Every build that uses cgo fails, starting with runtime/cgo:\n\t# runtime/cgo\n\t" + notFound + "\n"
		if len(scan.pkgs()) > 0 {
			detail += fmt.Sprintf("Package %s imports \"C\", so it cannot build. ", scan.Pkgs[0].ImportPath)
		}
		detail += "With cgo on, the standard library's net and os/user packages use cgo too, so programs importing net/http fail the same way."
		pass.Report(check.Finding{
			Severity: sev, Summary: summary, Detail: detail, Evidence: ev,
			Fix: cgoCompilerInstallFix(f, ccName, ccSet, cgoSet, len(scan.pkgs()) == 0),
		})
		return nil

	case cgoOn && cross:
		if ccExplicit || cgoCompilerHostCanTarget(hostos, hostarch, goos, goarch) {
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
				goos, goarch, cgoCompilerSettingSource(cgoSet), ccName),
			Detail: fmt.Sprintf("%s builds code for %s/%s, not for %s/%s, so cgo builds (runtime/cgo and every package that imports \"C\") fail with %s.",
				ccName, hostos, hostarch, goos, goarch, example),
			Evidence: ev,
			Fix:      cgoCompilerCrossFix(goos, goarch),
		})
		return nil

	case cgoOn:
		summary := fmt.Sprintf("cgo on, CC %s (%s)", ccName, ccPath)
		if n := len(scan.pkgs()); n > 0 {
			summary += fmt.Sprintf("; %d package(s) of the module use cgo", n)
		}
		pass.Observe(summary, ev...)
		return nil
	}

	// cgo is off: why? Since Go 1.20 the go command turns it off when CC
	// is not set in the environment and the default compiler is missing
	// (cmd/go/internal/cfg).
	defaultCC := cgoCompilerDefaultCC(goos)
	_, defaultErr := cgoCompilerLookCC(f, defaultCC)
	autoOff := !explicitCgo && !cross && f.Getenv("CC") == "" && defaultErr != nil
	why := ""
	switch {
	case explicitCgo:
		why = fmt.Sprintf("CGO_ENABLED=0 is set (%s)", cgoCompilerSettingSource(cgoSet))
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
			fix = cgoCompilerEnableFix(f, cgoSet, ccErr == nil, ccName)
		case cross:
			fix = cgoCompilerCrossFix(goos, goarch)
		case autoOff:
			fix = cgoCompilerInstallAdvice(f, defaultCC)
		default:
			fix = &check.Fix{Description: "Enable cgo explicitly.", Commands: []string{"go env -w CGO_ENABLED=1"}}
		}
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary: fmt.Sprintf("Package %s needs cgo (all its files for %s/%s import \"C\"), but cgo is off: %s.",
				p.ImportPath, goos, goarch, why),
			Detail: fmt.Sprintf("With cgo off the go command leaves out files that import \"C\", so nothing of the package is left and `go build ./...`, `go test ./...` and gopls fail with\n\tpackage %s: build constraints exclude all Go files in %s",
				p.ImportPath, p.Dir) + cgoCompilerMore(needs) + race,
			Evidence: ev,
			Fix:      fix,
		})
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
			Fix:      cgoCompilerInstallAdvice(f, defaultCC),
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
			Fix:      cgoCompilerInstallAdvice(f, defaultCC),
		})
		return nil
	}
	pass.Observe("cgo off: "+why, ev...)
	return nil
}

// cgoCompilerRawValue is the value a setting's source defines (Settings
// reports the effective value, which for CGO_ENABLED=yes is still 0 or 1).
func cgoCompilerRawValue(f *facts.Facts, settings *facts.Settings, s *facts.Setting) string {
	if s == nil {
		return ""
	}
	switch s.Source {
	case facts.FromEnvironment:
		return f.Getenv(s.Name)
	case facts.FromEnvFile:
		return settings.EnvFileVars[s.Name]
	case facts.FromGorootEnv:
		return settings.GorootEnvVars[s.Name]
	}
	return ""
}

func (s *cgoCompilerScan) pkgs() []cgoCompilerPkg {
	if s == nil {
		return nil
	}
	return s.Pkgs
}

// cgoCompilerScanModule walks the main module once per doctor run.
func cgoCompilerScanModule(pass *check.Pass, ge *facts.GoEnv, gomod string) (cgoCompilerScan, error) {
	f := pass.Facts
	key := "cgo/compiler:scan:" + gomod + ":" + ge.Get("GOOS") + "/" + ge.Get("GOARCH") + ":" + ge.Get("GOFLAGS")
	return facts.Memo(f, key, func() (cgoCompilerScan, error) {
		return cgoCompilerWalk(pass.Context, f, ge, gomod), nil
	})
}

func cgoCompilerWalk(ctx context.Context, f *facts.Facts, ge *facts.GoEnv, gomod string) cgoCompilerScan {
	root := f.ParentDir(gomod)
	modPath := ""
	if m, err := f.Module(); err == nil && m != nil && m.Mod != nil && m.Mod.Module != nil {
		modPath = m.Mod.Module.Mod.Path
	} else if data, err := f.ReadFile(gomod); err == nil {
		modPath = strings.Trim(moduleToolchainLookup(data, "module"), `"`)
	}
	scan := cgoCompilerScan{Root: root}
	files := map[string][]byte{}
	on := cgoCompilerContext(ge, true, files)
	off := cgoCompilerContext(ge, false, files)
	start := time.Now()
	totalBytes := 0

	type dirRel struct{ dir, rel string }
	queue := []dirRel{{root, ""}}
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		switch {
		case scan.Dirs >= cgoCompilerMaxDirs:
			scan.Capped = fmt.Sprintf("after %d directories", cgoCompilerMaxDirs)
		case scan.Files >= cgoCompilerMaxFiles:
			scan.Capped = fmt.Sprintf("after %d files", cgoCompilerMaxFiles)
		case totalBytes >= cgoCompilerMaxBytes:
			scan.Capped = fmt.Sprintf("after %d MiB", cgoCompilerMaxBytes>>20)
		case time.Since(start) > cgoCompilerMaxTime || (ctx != nil && ctx.Err() != nil):
			scan.Capped = "time limit reached"
		}
		if scan.Capped != "" {
			break
		}
		entries, err := f.OS.ReadDir(d.dir)
		if err != nil {
			continue
		}
		if d.rel != "" && cgoCompilerHas(entries, "go.mod") {
			continue // a nested module is not part of the main module
		}
		scan.Dirs++
		var names []string
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() {
				if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" {
					continue
				}
				rel := name
				if d.rel != "" {
					rel = d.rel + "/" + name
				}
				queue = append(queue, dirRel{f.JoinPath(d.dir, name), rel})
				continue
			}
			if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				continue
			}
			names = append(names, name)
		}
		// Read the directory's files; parse only those that mention "C".
		clear(files)
		var cgoNames []string
		for _, name := range names {
			if scan.Files >= cgoCompilerMaxFiles {
				scan.Capped = fmt.Sprintf("after %d files", cgoCompilerMaxFiles)
				break
			}
			data, err := f.ReadFile(f.JoinPath(d.dir, name))
			if err != nil {
				continue
			}
			scan.Files++
			totalBytes += len(data)
			files[name] = data
			if cgoCompilerImportsC(name, data) {
				cgoNames = append(cgoNames, name)
			}
		}
		if len(cgoNames) == 0 {
			continue
		}
		pkg := cgoCompilerPkg{Dir: d.dir, ImportPath: modPath}
		if d.rel != "" {
			pkg.ImportPath = strings.TrimSuffix(modPath, "/") + "/" + d.rel
		}
		if modPath == "" {
			pkg.ImportPath = d.dir
		}
		isCgo := map[string]bool{}
		for _, n := range cgoNames {
			isCgo[n] = true
			if ok, err := on.MatchFile("", n); err == nil && ok {
				pkg.CgoFiles = append(pkg.CgoFiles, n)
			}
		}
		if len(pkg.CgoFiles) == 0 {
			continue // its cgo files are for other platforms
		}
		for _, n := range names {
			if _, read := files[n]; !read || isCgo[n] {
				continue
			}
			if ok, err := off.MatchFile("", n); err == nil && ok {
				pkg.Fallback = true
				break
			}
		}
		scan.Pkgs = append(scan.Pkgs, pkg)
	}
	clear(files)
	sort.Slice(scan.Pkgs, func(i, j int) bool { return scan.Pkgs[i].ImportPath < scan.Pkgs[j].ImportPath })
	return scan
}

// cgoCompilerContext evaluates build constraints like the go command for
// the target, reading files from memory only.
func cgoCompilerContext(ge *facts.GoEnv, cgo bool, files map[string][]byte) *build.Context {
	var release []string
	if v := gotoolchain.LocalVersion(ge.Get("GOVERSION")); v != "" {
		if minor, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(v, "1."), ".", 2)[0]); err == nil {
			for i := 1; i <= minor; i++ {
				release = append(release, fmt.Sprintf("go1.%d", i))
			}
		}
	}
	return &build.Context{
		GOOS: ge.Get("GOOS"), GOARCH: ge.Get("GOARCH"), CgoEnabled: cgo, Compiler: "gc",
		BuildTags:   cgoCompilerTags(ge.Get("GOFLAGS")),
		ReleaseTags: release,
		JoinPath:    func(elem ...string) string { return elem[len(elem)-1] },
		OpenFile: func(name string) (io.ReadCloser, error) {
			data, ok := files[name]
			if !ok {
				return nil, fs.ErrNotExist
			}
			return io.NopCloser(bytes.NewReader(data)), nil
		},
		ReadDir: func(string) ([]fs.FileInfo, error) { return nil, errors.New("not used") },
		IsDir:   func(string) bool { return false },
	}
}

// cgoCompilerTags reads -tags from GOFLAGS.
func cgoCompilerTags(goflags string) []string {
	var tags []string
	for _, fl := range strings.Fields(goflags) {
		fl = strings.TrimPrefix(strings.TrimPrefix(fl, "-"), "-")
		if v, ok := strings.CutPrefix(fl, "tags="); ok {
			tags = strings.FieldsFunc(v, func(r rune) bool { return r == ',' })
		}
	}
	return tags
}

// cgoCompilerImportsC reports whether a Go file imports "C": a byte search
// first, then the import block only.
func cgoCompilerImportsC(name string, data []byte) bool {
	if !bytes.Contains(data, []byte(`"C"`)) && !bytes.Contains(data, []byte("`C`")) {
		return false
	}
	file, _ := parser.ParseFile(token.NewFileSet(), name, data, parser.ImportsOnly)
	if file == nil {
		return false
	}
	for _, imp := range file.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && p == "C" {
			return true
		}
	}
	return false
}

func cgoCompilerHas(entries []fs.DirEntry, name string) bool {
	for _, e := range entries {
		if e.Name() == name && !e.IsDir() {
			return true
		}
	}
	return false
}

// cgoCompilerFirstWord is the program of CC, split like cmd/internal/quoted.
func cgoCompilerFirstWord(cc string) string {
	cc = strings.TrimLeft(cc, " \t\n\r")
	if cc == "" {
		return ""
	}
	if q := cc[0]; q == '"' || q == '\'' {
		if i := strings.IndexByte(cc[1:], q); i >= 0 {
			return cc[1 : i+1]
		}
	}
	if i := strings.IndexAny(cc, " \t\n\r"); i >= 0 {
		return cc[:i]
	}
	return cc
}

// cgoCompilerLookCC finds the C compiler as cgo does (exec.LookPath). The
// error reads like os/exec's. An empty path with a nil error means a
// relative path godx cannot judge.
func cgoCompilerLookCC(f *facts.Facts, name string) (string, error) {
	if strings.ContainsAny(name, `/\`) || (f.GOOS() == "windows" && strings.Contains(name, ":")) {
		if !f.IsAbs(name) {
			return "", nil
		}
		for _, c := range []string{name, name + ".exe"} {
			if f.IsExecutable(c) {
				return c, nil
			}
			if c == name && f.Exists(c) && f.GOOS() != "windows" {
				return "", fmt.Errorf("exec: %q: permission denied", name)
			}
			if f.GOOS() != "windows" {
				break
			}
		}
		if f.GOOS() == "windows" {
			return "", fmt.Errorf("exec: %q: file does not exist", name)
		}
		return "", fmt.Errorf("exec: %q: stat %s: no such file or directory", name, name)
	}
	p, err := f.LookPath(name)
	if err != nil {
		where := "$PATH"
		if f.GOOS() == "windows" {
			where = "%PATH%"
		}
		return "", fmt.Errorf("exec: %q: executable file not found in %s", name, where)
	}
	return p, nil
}

// cgoCompilerDefaultCC is cmd/go's DefaultCC for a target OS.
func cgoCompilerDefaultCC(goos string) string {
	switch goos {
	case "darwin", "ios", "freebsd", "openbsd":
		return "clang"
	}
	return "gcc"
}

// cgoCompilerHostCanTarget: host compilers that also build for the target
// (Apple clang builds both darwin architectures; gcc builds 386 with -m32).
func cgoCompilerHostCanTarget(hostos, hostarch, goos, goarch string) bool {
	if hostos != goos {
		return false
	}
	return hostos == "darwin" || (hostarch == "amd64" && goarch == "386")
}

// cgoCompilerSettingSource says where a setting comes from ("from the
// environment"), and for a default why it has its value.
func cgoCompilerSettingSource(s *facts.Setting) string {
	if s == nil || s.Source == facts.FromDefault {
		return s.Provenance()
	}
	return "from " + s.Where()
}

func cgoCompilerPkgList(pkgs []cgoCompilerPkg) string {
	if len(pkgs) == 0 {
		return "none (no package of the module imports \"C\")"
	}
	var parts []string
	for i, p := range pkgs {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more", len(pkgs)-5))
			break
		}
		s := p.ImportPath + " (" + strings.Join(p.CgoFiles, ", ")
		if p.Fallback {
			s += "; has a cgo-less fallback"
		}
		parts = append(parts, s+")")
	}
	return strings.Join(parts, "; ")
}

func cgoCompilerMore(pkgs []cgoCompilerPkg) string {
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

// cgoCompilerInstallFix installs the missing compiler (or fixes CC).
func cgoCompilerInstallFix(f *facts.Facts, ccName string, ccSet, cgoSet *facts.Setting, cgoOptional bool) *check.Fix {
	if ccSet != nil && ccSet.Source != facts.FromDefault {
		return settingfix.Unset(f.GOOS(), ccSet, fmt.Sprintf("CC=%s names a compiler that is not installed: install it, or unset CC to use the default compiler.", ccSet.Value))
	}
	fix := cgoCompilerInstallAdvice(f, ccName)
	if cgoOptional && cgoSet != nil && cgoSet.Source != facts.FromDefault && cgoSet.Value == "1" {
		fix.Description += " If you do not need cgo, stop forcing it on instead (CGO_ENABLED=1 is set " + cgoCompilerSettingSource(cgoSet) + ")."
	}
	return fix
}

func cgoCompilerInstallAdvice(f *facts.Facts, ccName string) *check.Fix {
	switch f.GOOS() {
	case "darwin", "ios":
		return &check.Fix{
			Description: "Install the Xcode Command Line Tools, which provide clang, then open a new terminal.",
			Commands:    []string{"xcode-select --install"},
		}
	case "windows":
		return &check.Fix{
			Description: "Install a MinGW-w64 gcc, for example with MSYS2: install MSYS2, run the pacman command in its UCRT64 shell, " +
				`then add C:\msys64\ucrt64\bin to PATH and open a new terminal (running terminals and IDEs keep their old PATH).`,
			Commands: []string{"winget install MSYS2.MSYS2", "pacman -S mingw-w64-ucrt-x86_64-gcc"},
		}
	case "freebsd", "openbsd", "netbsd", "dragonfly":
		return &check.Fix{
			Description: fmt.Sprintf("Install a C compiler (%s is part of the base system; or install gcc from packages and set CC=gcc).", ccName),
			Commands:    []string{"pkg install gcc", "go env -w CC=gcc"},
		}
	}
	pkg := ccName
	if pkg != "clang" {
		pkg = "gcc"
	}
	id := ""
	if data, err := f.ReadFile("/etc/os-release"); err == nil {
		vars := map[string]string{}
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
				vars[k] = strings.Trim(v, `"'`)
			}
		}
		id = vars["ID"] + " " + vars["ID_LIKE"]
	}
	switch {
	case strings.Contains(id, "alpine"):
		if pkg == "gcc" {
			return &check.Fix{Description: "Install gcc and the musl headers cgo needs.", Commands: []string{"sudo apk add gcc musl-dev"}}
		}
		return &check.Fix{Description: "Install clang.", Commands: []string{"sudo apk add clang musl-dev"}}
	case strings.Contains(id, "fedora") || strings.Contains(id, "rhel") || strings.Contains(id, "centos"):
		return &check.Fix{Description: "Install the C compiler.", Commands: []string{"sudo dnf install " + pkg}}
	case strings.Contains(id, "arch"):
		return &check.Fix{Description: "Install the C compiler.", Commands: []string{"sudo pacman -S " + pkg}}
	case strings.Contains(id, "suse"):
		return &check.Fix{Description: "Install the C compiler.", Commands: []string{"sudo zypper install " + pkg}}
	case strings.Contains(id, "debian") || strings.Contains(id, "ubuntu"):
		return &check.Fix{Description: "Install the C compiler.", Commands: []string{"sudo apt install " + pkg}}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Install %s with your distribution's package manager (apt, dnf, apk add %s musl-dev on Alpine, pacman).", pkg, pkg),
		Commands:    []string{"sudo apt install " + pkg},
	}
}

// cgoCompilerEnableFix undoes an explicit CGO_ENABLED=0.
func cgoCompilerEnableFix(f *facts.Facts, cgoSet *facts.Setting, ccFound bool, ccName string) *check.Fix {
	cmds := settingfix.UnsetCommands(f.GOOS(), "CGO_ENABLED", cgoSet.Definition)
	if cmds == nil { // $GOROOT/go.env: override it
		cmds = []string{settingfix.GoEnvSet(f.GOOS(), "CGO_ENABLED", "1")}
	}
	desc := fmt.Sprintf("Stop turning cgo off (CGO_ENABLED=0 is set %s), or build only packages that do not need it.", cgoCompilerSettingSource(cgoSet))
	fix := &check.Fix{Description: desc, Commands: cmds}
	if !ccFound {
		inst := cgoCompilerInstallAdvice(f, ccName)
		fix.Description += " A C compiler is needed too: " + inst.Description
		fix.Commands = append(fix.Commands, inst.Commands...)
	}
	return fix
}

// cgoCompilerCrossFix points CC at a cross compiler for the target.
func cgoCompilerCrossFix(goos, goarch string) *check.Fix {
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

package host

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/ccompiler"
	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// CToolchain checks that the C compiler cgo will use can actually
// build: the platform parts cgo/compiler does not see.
var CToolchain = &check.Check{
	ID:    "host/c-toolchain",
	Title: "C toolchain",
	Doc: check.Doc{
		What: "When cgo is on and the C compiler is installed (cgo/compiler reports a missing one), checks the platform toolchain behind it: " +
			"on macOS, that Apple's compiler shims (/usr/bin/clang, /usr/bin/cc, /usr/bin/gcc) have developer tools behind them (`xcode-select -p` " +
			"names a directory that has usr/bin/xcrun); on Windows, that the compiler is a MinGW-w64 toolchain for the target architecture " +
			"(`<CC> -dumpmachine`); on Linux and other Unix systems, that the C library headers are installed (`<CC> -E -v -x c <null device>` lists " +
			"the include directories, and one of them must hold stdlib.h; the list is remembered in godx's cache folder per compiler binary (path, size, modification time) and " +
			"CPATH/C_INCLUDE_PATH, and trusted only to find the header: when it does not, the compiler is asked again). It reuses cgo/compiler's scan of the module for packages that import \"C\".",
		Why: "The go command turns cgo on when it finds the C compiler on PATH, but on a Mac without the Command Line Tools /usr/bin/clang is only a " +
			"stub that opens an installer dialog and fails, after a macOS upgrade the tools are often gone, on Windows a Cygwin or 32-bit gcc cannot " +
			"build Go's cgo code, and on Linux a gcc installed without the C library headers (Debian's gcc without libc6-dev, Alpine's without " +
			"musl-dev) fails at the first #include. On Linux the standard library's net and os/user packages use cgo, so even programs without C code fail to build.",
		How: "Error when the module has packages that import \"C\" (cgo/compiler's scan); otherwise a warning (Linux: programs importing net or " +
			"os/user fail too; macOS and Windows: dependencies that use cgo fail). Skipped when cgo is off, when cross-compiling, and when the C " +
			"compiler is missing (cgo/compiler reports those), so one problem is reported once. A compiler outside /usr/bin on macOS is not checked.",
		Fix: "macOS: `xcode-select --install` (after a macOS upgrade too), or `sudo xcode-select --reset`. Windows: install a MinGW-w64 gcc for the " +
			"target (MSYS2's mingw-w64-ucrt-x86_64-gcc, or llvm-mingw for ARM64) and put its bin directory first on PATH. Linux: install the C " +
			"library headers (`sudo apt install build-essential` or libc6-dev, `sudo apk add musl-dev`, `sudo dnf install glibc-devel`).",
		Errors: []string{
			"xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun at: /Library/Developer/CommandLineTools/usr/bin/xcrun",
			"xcode-select: note: No developer tools were found, requesting install.",
			"# runtime/cgo\ncgo-gcc-prolog:32:10: fatal error: errno.h: No such file or directory",
			"cc1.exe: sorry, unimplemented: 64-bit mode not compiled in",
		},
	},
	Requires: []facts.Requirement{ccompiler.ModuleScan},
	Run:      runCToolchain,
}

func runCToolchain(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	if ge.Get("CGO_ENABLED") != "1" {
		return check.Skip("cgo is off (cgo/compiler reports whether the module needs it)")
	}
	goos, goarch := ge.Get("GOOS"), ge.Get("GOARCH")
	if goos != ge.Get("GOHOSTOS") || goarch != ge.Get("GOHOSTARCH") {
		return check.Skip("cross-compiling for %s/%s (cgo/compiler checks the compiler for the target)", goos, goarch)
	}
	cc := ccompiler.Program(ge.Get("CC"))
	ccPath, err := ccompiler.Find(f, cc)
	if err != nil || ccPath == "" {
		return check.Skip("the C compiler %q is not installed or not found (cgo/compiler reports it)", cc)
	}
	scan, err := check.ResultOf(pass, ccompiler.ModuleScan) // nil outside a module
	if err != nil {
		return err
	}
	pkgs := scan.Packages()
	ev := check.Evidence{check.F("C compiler", ccPath+" (CC="+ge.Get("CC")+")"), check.F("cgo packages", ccompiler.DescribePackages(pkgs))}
	sev := check.Warning
	consequence := ""
	if len(pkgs) > 0 {
		sev = check.Error
		consequence = fmt.Sprintf("Package %s imports \"C\", so it cannot build.", pkgs[0].ImportPath)
	}

	switch goos {
	case "darwin", "ios":
		return cToolchainDarwin(pass, ccPath, ev, sev, consequence)
	case "windows":
		return cToolchainWindows(pass, ccPath, goarch, ev, sev, consequence)
	}
	return cToolchainHeaders(pass, ccPath, ev, sev, consequence)
}

// cToolchainDarwin checks that Apple's compiler shims have developer
// tools behind them.
func cToolchainDarwin(pass *check.Pass, ccPath string, ev check.Evidence, sev check.Severity, consequence string) error {
	f := pass.Facts
	if f.ParentDir(ccPath) != "/usr/bin" {
		pass.Observe(fmt.Sprintf("C compiler %s is not one of Apple's /usr/bin shims; not checked", ccPath), ev...)
		return nil
	}
	sel, err := f.LookPath("xcode-select")
	if err != nil {
		sel = "/usr/bin/xcode-select"
	}
	res := f.Run(pass.Context, facts.Command{Path: sel, Args: []string{"-p"}})
	devDir := strings.TrimSpace(string(res.Stdout))
	problem := ""
	switch {
	case res.TimedOut:
		pass.Observe("xcode-select -p did not answer in time; not checked", ev...)
		return nil
	case res.Err != nil:
		msg := strings.TrimSpace(string(res.Stderr))
		if msg == "" {
			msg = res.Err.Error()
		}
		ev = append(ev, check.F("xcode-select -p", msg))
		problem = fmt.Sprintf("no developer tools are installed (`xcode-select -p` fails: %s)", msg)
	case devDir == "":
		problem = "`xcode-select -p` names no developer directory"
	default:
		xcrun := f.JoinPath(devDir, "usr", "bin", "xcrun")
		ev = append(ev, check.F("xcode-select -p", devDir))
		if !f.Exists(xcrun) {
			ev = append(ev, check.F("xcrun", xcrun+" is missing"))
			problem = fmt.Sprintf("the developer directory %s has no usr/bin/xcrun (the tools were removed, often by a macOS upgrade)", devDir)
		} else {
			ev = append(ev, check.F("xcrun", xcrun))
		}
	}
	if problem == "" {
		pass.Observe(fmt.Sprintf("%s uses the developer tools at %s", ccPath, devDir), ev...)
		return nil
	}
	pass.Report(check.Finding{
		Severity: sev,
		Summary:  fmt.Sprintf("%s is only Apple's stub: %s, so cgo builds fail.", ccPath, problem),
		Detail: "The go command sees the compiler on PATH and turns cgo on, but the stub cannot compile anything without the Command Line Tools " +
			"(or Xcode): it opens an installer dialog and fails with\n\txcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun at: /Library/Developer/CommandLineTools/usr/bin/xcrun\n" +
			cToolchainJoin(consequence, "Any dependency that uses cgo fails the same way (git, make and other developer tools are stubs too)."),
		Evidence: ev,
		Fix: &check.Fix{
			Description: "Install (or reinstall, after a macOS upgrade) the Xcode Command Line Tools, then open a new terminal. If Xcode is installed but not selected, reset the selection instead.",
			Commands:    []string{"xcode-select --install", "sudo xcode-select --reset"},
		},
	})
	return nil
}

// cToolchainTriples maps GOARCH to the CPU part of GCC target triples.
var cToolchainTriples = map[string][]string{
	"amd64": {"x86_64"},
	"386":   {"i686", "i586", "i486", "i386"},
	"arm64": {"aarch64", "arm64"},
	"arm":   {"armv7", "arm"},
}

// cToolchainWindows checks that the compiler is MinGW-w64 for the
// target architecture.
func cToolchainWindows(pass *check.Pass, ccPath, goarch string, ev check.Evidence, sev check.Severity, consequence string) error {
	f := pass.Facts
	res := f.Run(pass.Context, facts.Command{Path: ccPath, Args: []string{"-dumpmachine"}})
	triple := strings.TrimSpace(string(res.Stdout))
	if res.Err != nil || triple == "" {
		pass.Observe(fmt.Sprintf("`%s -dumpmachine` gave no target (%v); not checked", ccPath, res.Err), ev...)
		return nil
	}
	ev = append(ev, check.F(ccPath+" -dumpmachine", triple))
	lower := strings.ToLower(triple)
	mingw := strings.Contains(lower, "mingw") || strings.Contains(lower, "windows-gnu")
	cpu, _, _ := strings.Cut(lower, "-")
	if lower == "mingw32" {
		cpu = "i686" // the original 32-bit MinGW (mingw.org)
	}
	archOK := false
	for _, p := range cToolchainTriples[goarch] {
		if strings.HasPrefix(cpu, p) {
			archOK = true
		}
	}
	fix := ccompiler.InstallAdvice(f, ccompiler.Default("windows"))
	if goarch == "arm64" {
		fix = &check.Fix{
			Description: "Install a MinGW-w64 toolchain for ARM64, such as llvm-mingw (its aarch64-w64-mingw32-clang), put its bin directory first on PATH and set CC, then open a new terminal.",
			Commands:    []string{"go env -w CC=aarch64-w64-mingw32-clang"},
		}
	}
	switch {
	case !mingw:
		pass.Report(check.Finding{
			Severity: sev,
			Summary:  fmt.Sprintf("The C compiler %s builds for %s, which is not MinGW-w64: cgo on Windows needs a MinGW-w64 gcc (or clang).", ccPath, triple),
			Detail: "cgo produces native Windows code with the MinGW-w64 runtime; a Cygwin or MSYS gcc targets the Cygwin POSIX layer, and other compilers " +
				"do not understand the flags cgo passes, so runtime/cgo and every package that imports \"C\" fail to build or link. " + consequence,
			Evidence: ev,
			Fix:      fix,
		})
	case !archOK:
		pass.Report(check.Finding{
			Severity: sev,
			Summary:  fmt.Sprintf("The C compiler %s builds for %s, but Go builds for windows/%s.", ccPath, triple, goarch),
			Detail: "cgo compiles C code for the Go target architecture; a 32-bit MinGW gcc cannot (`cc1.exe: sorry, unimplemented: 64-bit mode not compiled in`), " +
				"and objects for another CPU do not link. " + consequence,
			Evidence: ev,
			Fix:      fix,
		})
	default:
		pass.Observe(fmt.Sprintf("MinGW-w64 C compiler for %s (%s)", triple, ccPath), ev...)
	}
	return nil
}

// cToolchainHeaders checks that the compiler finds the C library
// headers.
func cToolchainHeaders(pass *check.Pass, ccPath string, ev check.Evidence, sev check.Severity, consequence string) error {
	f := pass.Facts
	h, dirs, fromCache := ccompiler.FindHeader(pass.Context, f, ccPath, "stdlib.h")
	if len(dirs) == 0 {
		pass.Observe(fmt.Sprintf("%s did not list its include directories; headers not checked", ccPath), ev...)
		return nil
	}
	how := "include directories"
	if fromCache {
		how += " (remembered from an earlier run of " + ccPath + " -E -v)"
	}
	ev = append(ev, check.F(how, strings.Join(dirs, ", ")))
	if h != "" {
		pass.Observe(fmt.Sprintf("C compiler %s with C library headers (%s)", ccPath, h), ev...)
		return nil
	}
	distro := ccompiler.ReadDistro(f)
	ev = append(ev, check.F("stdlib.h", "in none of the include directories"))
	if ids := distro.IDs(); ids != "" {
		ev = append(ev, check.F("/etc/os-release ID", ids))
	}
	linuxNote := ""
	if f.GOOS() == "linux" {
		linuxNote = "On Linux the standard library's net and os/user packages use cgo, so every program importing them (net/http included) fails too."
	}
	pass.Report(check.Finding{
		Severity: sev,
		Summary:  fmt.Sprintf("The C compiler %s is installed, but the C library headers are not (no stdlib.h in its include directories): cgo builds fail.", ccPath),
		Detail: "The go command finds the compiler and turns cgo on, but the first #include of runtime/cgo fails:\n\t# runtime/cgo\n\tcgo-gcc-prolog:32:10: fatal error: errno.h: No such file or directory\n" +
			cToolchainJoin(consequence, linuxNote),
		Evidence: ev,
		Fix:      ccompiler.HeadersAdvice(distro),
	})
	return nil
}

func cToolchainJoin(a, b string) string {
	return strings.TrimSpace(a + " " + b)
}

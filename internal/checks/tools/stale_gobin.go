package tools

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goreleases"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/toolversion"
)

// StaleGobin lists programs in the `go install` directory that were
// built with a Go release that no longer gets fixes.
var StaleGobin = &check.Check{
	ID:    "tools/stale-gobin",
	Title: "Installed tools built with old Go",
	Doc: check.Doc{
		What: "Reads the build information of every executable in the directory `go install` writes to (GOBIN, else the bin directory " +
			"of each GOPATH entry): the module it was installed from and the Go release that built it. Nothing is run. " +
			"The newest Go release comes from the module proxy in GOPROXY, or godx's built-in table offline (as go/version-support does).",
		Why: "A Go program contains the standard library of the Go that built it: security fixes to crypto/tls, net/http or the runtime reach " +
			"an installed tool only when it is rebuilt. Go fixes only its two newest major releases, so a tool built with an older one carries " +
			"known, unfixed bugs. Tools that analyse code (linters, gopls, code generators) also cannot understand code for a newer Go " +
			"than the one that built them and fail with messages like staticcheck's `module requires at least go1.24.1, but Staticcheck was built with go1.24.0`.",
		How: "Info, listing each program built with a Go major release older than the two newest (for example go1.25.x when go1.27 is the newest), " +
			"with one `go install <package>@latest` line per program, the package taken from its build information, and GOTOOLCHAIN=goX.Y.Z+auto in front when the go command could not otherwise build the newest release (the local go is out of support, or GOTOOLCHAIN does not let it fetch the newer Go a release's go line asks for). " +
			"Files that are not Go executables (scripts, programs from elsewhere) and the Go distribution's own commands are ignored. " +
			"At most 500 files are read.",
		Fix: "Reinstall each listed program with the current Go: `go install <package>@latest` (the exact lines are in the finding). " +
			"Programs built from a local checkout or without module information must be rebuilt from their source." +
			" `godx fix` runs the lines itself, each into the directory the program is in.",
		Errors: []string{
			"module requires at least go1.24.1, but Staticcheck was built with go1.24.0 (compile)",
			"can't load config: the Go language version (go1.26) used to build golangci-lint is lower than the targeted Go version (1.27.0)",
			"To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later",
		},
	},
	Network:  check.OptionalNetwork,
	Timeout:  10 * time.Second,
	Requires: []facts.Requirement{goreleases.Known},
	Run:      runStaleGobin,
}

// staleMaxFiles bounds the work on a huge bin directory.
const staleMaxFiles = 500

type staleTool struct {
	name, path, pkg, module, version, goVersion string
}

func runStaleGobin(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("no working go command (go/installed reports it)")
	}
	var dirs []string
	from := "GOBIN"
	if gobin := ge.Get("GOBIN"); gobin != "" {
		if !f.IsAbs(gobin) {
			return check.Skip("GOBIN %q is not an absolute path (go/gobin-path reports it)", gobin)
		}
		dirs = append(dirs, gobin)
	} else {
		from = "GOPATH/bin"
		for _, gp := range f.SplitList(ge.Get("GOPATH")) {
			if gp != "" && f.IsAbs(gp) {
				dirs = append(dirs, f.JoinPath(gp, "bin"))
			}
		}
	}
	if len(dirs) == 0 {
		return check.Skip("no install directory: GOBIN and GOPATH are not set to absolute paths (go/gopath reports it)")
	}

	var tools, stale []staleTool
	notGo, unreadable, files := 0, 0, 0
	for _, dir := range dirs {
		ents, err := f.OS.ReadDir(dir)
		if err != nil {
			continue // a missing bin directory just holds nothing yet
		}
		for _, e := range ents {
			if files >= staleMaxFiles {
				break
			}
			if e.IsDir() {
				continue // GOOS_GOARCH directories of cross-compiled installs
			}
			name := e.Name()
			p := f.JoinPath(dir, name)
			if f.GOOS() == "windows" {
				if !strings.HasSuffix(strings.ToLower(name), ".exe") {
					continue
				}
			} else if !f.IsExecutable(p) {
				continue
			}
			files++
			info, err := f.ReadBuildInfo(p)
			if err != nil {
				switch toolversion.ErrKind(err) {
				case facts.BuildInfoNotGo, facts.BuildInfoNotExecutable:
					notGo++
				default:
					unreadable++
				}
				continue
			}
			if strings.HasPrefix(info.Path, "cmd/") {
				continue // the Go distribution's own go, gofmt, ...
			}
			t := staleTool{
				name: strings.TrimSuffix(name, ".exe"), path: p, pkg: info.Path,
				module: info.Main.Path, version: info.Main.Version, goVersion: goversion.TrimExperiments(info.GoVersion),
			}
			tools = append(tools, t)
		}
	}

	ev := check.Evidence{check.F("install directory ("+from+")", strings.Join(dirs, f.ListSeparator()))}
	if len(tools) == 0 {
		pass.Observe(fmt.Sprintf("no Go programs installed in %s", strings.Join(dirs, ", ")), ev...)
		return nil
	}

	rel, err := check.ResultOf(pass, goreleases.Known)
	if err != nil {
		return err
	}
	newest := rel.Newest()
	newer, older := goversion.Supported(newest)
	supported := []string{newer, older}
	ev = append(ev, check.F("newest Go release", newest), check.F("release list", rel.Source),
		check.F("supported major releases", strings.Join(supported, " and ")))
	ev = append(ev, rel.Notes...)

	oldest := ""
	for _, t := range tools {
		if !goversion.IsValid(t.goVersion) {
			continue
		}
		if oldest == "" || goversion.Compare(t.goVersion, oldest) < 0 {
			oldest = t.goVersion
		}
		if !goversion.IsSupported(t.goVersion, newest) {
			stale = append(stale, t)
		}
	}
	if notGo > 0 {
		ev = append(ev, check.F("not Go executables (ignored)", fmt.Sprint(notGo)))
	}
	if unreadable > 0 {
		ev = append(ev, check.F("unreadable files (ignored)", fmt.Sprint(unreadable)))
	}
	if len(stale) == 0 {
		summary := fmt.Sprintf("%d Go programs in %s, all built with a supported Go", len(tools), strings.Join(dirs, ", "))
		if oldest != "" {
			summary += " (oldest " + oldest + ")"
		}
		pass.Observe(summary, ev...)
		return nil
	}

	slices.SortFunc(stale, func(a, b staleTool) int { return strings.Compare(a.name, b.name) })
	var names, pkgs, manual []string
	var fixable []staleTool
	local := goversion.TrimExperiments(ge.Get("GOVERSION"))
	localOld := goversion.IsValid(local) && !goversion.IsSupported(local, newest)
	minGo := ""
	if localOld {
		minGo = newest
	}
	for _, t := range stale {
		names = append(names, fmt.Sprintf("%s (%s)", t.name, t.goVersion))
		line := t.pkg + "@" + t.version
		switch {
		case t.module == "":
			line = t.pkg + " (no module information)"
		case t.module != t.pkg:
			line = t.pkg + " (module " + t.module + "@" + t.version + ")"
		}
		ev = append(ev, check.F(t.name, fmt.Sprintf("%s, built with %s", line, t.goVersion)))
		if t.module == "" || t.pkg == "" || t.pkg == "command-line-arguments" {
			manual = append(manual, t.name)
			continue
		}
		pkgs = append(pkgs, t.pkg)
		fixable = append(fixable, t)
	}
	// One line per program; PowerShell, which has no per-command
	// environment, sets GOTOOLCHAIN once for them all. The newest release
	// of a program may need a newer Go than the local one (gopls does as
	// soon as a Go release is out): InstallEnv lets the go command fetch it.
	env := toolversion.InstallEnv(f, minGo)
	cmds := toolversion.InstallCommands(f.GOOS(), env, "latest", pkgs...)
	desc := "Reinstall them with the current Go; each line installs the newest release of one program:"
	if env.Why != "" {
		desc = "Reinstall them; each line installs the newest release of one program. " + env.Why
	}
	if localOld {
		desc = fmt.Sprintf("The local go (%s) is itself out of support (go/version-support), so reinstalling with it would not help: upgrade Go, or let the go command use %s for these builds:", local, newest)
	}
	if len(manual) > 0 {
		desc += fmt.Sprintf(" (No module information in %s: rebuild from its source.)", strings.Join(manual, ", "))
	}
	programs, were := english.Plural(len(stale), "program", "programs"), english.Plural(len(stale), "was", "were")
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary: fmt.Sprintf("%d %s in %s %s built with a Go release that no longer gets fixes (Go supports %s): %s.",
			len(stale), programs, strings.Join(dirs, ", "), were, strings.Join(supported, " and "), strings.Join(names, ", ")),
		Detail: "A Go program contains the standard library of the Go that built it, so fixes to crypto/tls, net/http or the runtime reach it " +
			"only when it is rebuilt; Go publishes fixes only for its two newest major releases. Tools that analyse code also cannot handle " +
			"code for a newer Go than the one that built them (staticcheck: `module requires at least go1.24.1, but Staticcheck was built with go1.24.0`; " +
			"golangci-lint: `the Go language version (go1.26) used to build golangci-lint is lower than the targeted Go version (1.27.0)`).",
		Evidence: ev,
		Fix:      &check.Fix{Description: desc, Commands: cmds, Auto: staleAuto(f, env, fixable)},
	})
	return nil
}

// staleAuto is the commands godx fix runs: one `go install pkg@latest`
// per program (the printed lines), each into the directory the program
// is in; nil when there is none.
func staleAuto(f *facts.Facts, env toolversion.Env, stale []staleTool) *check.AutoFix {
	var first *check.AutoFix
	for _, t := range stale {
		tb := facts.ToolBinary{Name: t.name, Path: t.path, Found: facts.FoundGOBIN}
		_, auto := toolversion.ToolFix(f, tb, env, t.pkg, "latest")
		if auto == nil {
			continue
		}
		if first == nil {
			first = auto
		} else {
			first.More = append(first.More, auto)
		}
	}
	return first
}

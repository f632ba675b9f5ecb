package editor

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
	"github.com/godx-dev/godx/internal/vscodego"
)

// VSCode compares the VS Code Go extension's settings with the
// shell's Go environment.
var VSCode = &check.Check{
	ID:    "editor/vscode",
	Title: "VS Code Go settings",
	Doc: check.Doc{
		What: "Reads the VS Code settings files the Go extension uses: the user settings of each VS Code build (Code, Code - Insiders, VSCodium, Cursor, portable and Flatpak installs; " +
			"~/.config/<build>/User/settings.json on Linux, ~/Library/Application Support/<build>/User/settings.json on macOS, %APPDATA%\\<build>\\User\\settings.json on Windows), " +
			"the machine settings of the VS Code server used by Remote-SSH, Remote-WSL and dev containers (~/.vscode-server/data/Machine/settings.json), " +
			"the project's .vscode/settings.json and *.code-workspace files (in the project directory and its parents up to the repository root), and the debug configurations in .vscode/launch.json. " +
			"Files are parsed as VS Code does: JSON with comments and trailing commas.",
		Why: "The Go extension does not use your shell's environment as is: go.goroot and go.alternateTools.go choose another go command, go.gopath another GOPATH, and go.toolsEnvVars, go.testEnvVars, gopls's \"build.env\" and a launch configuration's env and envFile " +
			"override GOROOT, GOPATH, GOFLAGS, GO111MODULE, GOTOOLCHAIN or GOWORK for gopls, tests and the debugger. The editor then reports errors the terminal does not (or the reverse), " +
			"for example `compile: version \"go1.22.5\" does not match go tool version \"go1.26.8\"` from a stale GOROOT, or `go: cannot find main module, but found .git/config` from GO111MODULE/GOWORK overrides, and nothing in the editor says why.",
		How: "Warning when go.goroot or go.alternateTools.go names a path that does not exist, a go command that is not found, or a Go of another version than the go command on PATH (versions are read from the installation's VERSION file; " +
			"a go named only in a workspace settings file is never run, because a cloned repository must not make godx execute its binaries); " +
			"info when go.goroot resolves to nothing (`${env:GOROOT}` with GOROOT unset): the extension then ignores it and runs the go on PATH, and only shows a notice. " +
			"Warning when go.gopath, go.toolsEnvVars, go.testEnvVars, gopls's \"build.env\" (the environment of the go commands gopls runs), or a Go launch configuration's env or envFile (read as the extension reads it; env wins over envFile, a later envFile over an earlier one) sets GOROOT, GOPATH, GO111MODULE, GOFLAGS, GOTOOLCHAIN or GOWORK to something that behaves differently from the shell's effective value " +
			"(compared with `go env` and where each value comes from; an empty value only matters when it clears a variable the shell sets; GO111MODULE=on equals unset, GOWORK=off equals unset when no go.work is in use). " +
			"Info for settings the Go extension no longer supports: go.useLanguageServer set to false (the legacy language features were removed in 2023, golang/vscode-go#2799), go.languageServerExperimentalFeatures, " +
			"go.useGoProxyToCheckForToolUpdates, the settings of the removed legacy tools (go.gocodeAutoBuild, go.docsTool, go.gotoSymbol.*, …), the deprecated go.buildOnSave and go.logging.level, " +
			"go.formatTool values the extension no longer accepts (goreturns, gofumports) or deprecates (goformat), and go.alternateTools entries for go-langserver. " +
			"Warning with file:line:column for a settings or launch file that does not parse. Skipped when no VS Code settings file exists.",
		Fix: "Remove the override from the settings file named in the finding (its line is given), so that the editor uses the same Go and the same settings as your terminal; set Go settings once with `go env -w NAME=value`, which both read. " +
			"Point go.goroot or go.alternateTools.go at the same installation as the go on PATH (or remove them), and delete settings the extension no longer reads. Reload the VS Code window afterwards." +
			" `godx fix` deletes such entries itself (renaming a removed setting to its successor), editing only that member and keeping comments and formatting; an envFile is left to you.",
		Errors: []string{
			`compile: version "go1.22.5" does not match go tool version "go1.26.8"`,
			"go: cannot find main module, but found .git/config in /home/you/project\n\tto create a module there, run:\n\tgo mod init",
			`Failed to find the "go" binary in either GOROOT() or PATH(/usr/bin:/bin). Check PATH, or Install Go and reload the window.`,
		},
	},
	Run: runVSCode,
}

// vscodeShell is what the terminal's go uses, for comparison.
type vscodeShell struct {
	goPath   string // go command on PATH ("" when none)
	version  string // its GOVERSION
	goroot   string
	gopath   string
	gowork   string
	settings *facts.Settings
}

// vscodeEnvVars are the variables whose overrides the check compares.
var vscodeEnvVars = []string{"GOROOT", "GOPATH", "GO111MODULE", "GOFLAGS", "GOTOOLCHAIN", "GOWORK"}

// vscodeEnvEffect says what an override of each variable breaks.
var vscodeEnvEffect = map[string]string{
	"GOROOT":      "A GOROOT of another installation makes the editor's go command use that installation's compiler and standard library: builds fail with `compile: version \"...\" does not match go tool version \"...\"`, and gopls reports errors the terminal does not.",
	"GOPATH":      "The editor then installs tools into, and reads the module cache from, another GOPATH than the terminal: tools you install in the terminal are not the ones the editor runs, and the module cache is downloaded twice.",
	"GO111MODULE": "GO111MODULE decides between module and GOPATH mode: with a different value gopls and `go test` in the editor resolve imports differently from the terminal (in GOPATH mode, `go: cannot find main module` or `package ... is not in GOROOT`).",
	"GOFLAGS":     "GOFLAGS is added to every go command the editor runs (gopls's `go list`, tests, debugging): builds in the editor use different flags (-mod, -tags, -race …) than in the terminal.",
	"GOTOOLCHAIN": "GOTOOLCHAIN decides whether the go command may switch to (and download) another Go toolchain: the editor can build with another Go version than the terminal, or refuse with `go: go.mod requires go >= 1.N (running go 1.M; GOTOOLCHAIN=local)`.",
	"GOWORK":      "GOWORK selects the go.work file: with a different value the editor builds the module on its own (or another workspace), so replacements from go.work apply in one place and not in the other.",
}

func runVSCode(pass *check.Pass) error {
	f := pass.Facts
	files := f.VSCodeSettings()
	launches := f.VSCodeLaunch()
	if len(files) == 0 && len(launches) == 0 {
		return check.Skip("no VS Code settings files found (user, remote server, workspace or launch.json)")
	}
	sh := vscodeShellEnv(f)
	reported := false
	report := func(fd check.Finding) {
		reported = true
		pass.Report(fd)
	}
	var seen []string
	for _, file := range files {
		seen = append(seen, file.Path+" ("+vscodeScopeName(file)+")")
		if file.Err != nil {
			report(vscodeMalformed(file, vscodeScopeName(file)))
			continue
		}
		vscodeGoroot(pass, file, sh, report)
		vscodeAlternateGo(pass, file, sh, report)
		vscodeGopath(f, file, sh, report)
		for _, key := range []string{"go.toolsEnvVars", "go.testEnvVars"} {
			env := file.StringMap(key)
			for _, name := range vscodeEnvVars {
				if v, ok := env[name]; ok {
					vscodeCompareEnv(f, file, sh, name, f.VSCodeResolvePath(v, file), key, []string{key, name}, report)
				}
			}
		}
		if env := vscodego.GoplsBuildEnv(file); env != nil {
			for _, name := range vscodeEnvVars {
				if v, ok := env[name]; ok {
					vscodeCompareEnv(f, file, sh, name, f.VSCodeResolvePath(v, file), vscodeGoplsBuildEnv, []string{"gopls", "build.env", name}, report)
				}
			}
		}
		vscodeRemoved(file, report)
	}
	for _, file := range launches {
		seen = append(seen, file.Path+" ("+vscodeScopeName(file)+" debug configurations)")
		if file.Err != nil {
			report(vscodeMalformed(file, "debug configurations"))
			continue
		}
		for _, c := range vscodego.LaunchEnvs(file) {
			for _, name := range vscodeEnvVars {
				v, ok := c.Env[name]
				if !ok {
					continue
				}
				what := fmt.Sprintf("the env of launch configuration %q", c.Name)
				vscodeCompareEnv(f, file, sh, name, f.VSCodeResolvePath(v, file), what, []string{"configurations", strconv.Itoa(c.Index), "env", name}, report)
			}
			vscodeLaunchEnvFiles(f, file, sh, c, report)
		}
	}
	if !reported {
		ev := make(check.Evidence, 0, len(seen)+1)
		for _, s := range seen {
			ev = append(ev, check.F("read", s))
		}
		if sh.goPath != "" {
			ev = append(ev, check.F("shell's go", sh.goPath+" ("+sh.version+")"))
		}
		pass.Observe(fmt.Sprintf("%d VS Code settings file(s); no Go setting differs from the shell", len(seen)), ev...)
	}
	return nil
}

func vscodeShellEnv(f *facts.Facts) vscodeShell {
	var sh vscodeShell
	ge, err := f.GoEnv()
	if err != nil {
		return sh
	}
	sh.goPath = ge.Go.Path
	sh.version = ge.Get("GOVERSION")
	sh.goroot = ge.Get("GOROOT")
	sh.gopath = ge.Get("GOPATH")
	sh.gowork = ge.Get("GOWORK")
	if s, err := f.Settings(); err == nil {
		sh.settings = s
	}
	return sh
}

func vscodeScopeName(file *facts.VSCodeFile) string {
	switch file.Scope {
	case facts.VSCodeUser:
		if file.Product != "" {
			return "user settings of " + file.Product
		}
		return "user settings"
	case facts.VSCodeRemoteServer:
		return "VS Code server machine settings"
	case facts.VSCodeWorkspaceFile:
		return "workspace file"
	}
	return "workspace settings"
}

func vscodeMalformed(file *facts.VSCodeFile, kind string) check.Finding {
	where := file.Path
	msg := file.Err.Error()
	var je *facts.JSONCError
	if errors.As(file.Err, &je) {
		if je.Line > 0 {
			where = fmt.Sprintf("%s:%d", je.Path, je.Line)
			if je.Column > 0 {
				where += fmt.Sprintf(":%d", je.Column)
			}
		}
		msg = je.Msg
	}
	readErr := je == nil
	summary := fmt.Sprintf("The VS Code %s file %s is not valid JSON with comments: %s.", kind, where, msg)
	detail := "VS Code reports the file in its Problems panel and may ignore some or all of its settings, so the editor can run with other Go settings than the file says; godx could not check its Go settings either."
	fix := &check.Fix{Description: fmt.Sprintf("Open %s in VS Code and correct the syntax at %s (a missing comma or quote, or an unclosed brace, is the usual cause).", file.Path, vscodePosition(je))}
	if readErr {
		summary = fmt.Sprintf("The VS Code %s file %s cannot be read: %s.", kind, file.Path, msg)
		detail = "VS Code cannot read it either when it runs as the same user, so its settings are not applied; godx could not check its Go settings."
		fix = &check.Fix{Description: "Make the file readable by your user (check its owner and permissions).", Commands: []string{"ls -l " + shellquote.POSIX(file.Path)}}
		var special *facts.NotRegularError
		switch {
		case errors.As(file.Err, &special):
			// Never opened for reading: a FIFO would block the doctor.
			summary = fmt.Sprintf("The VS Code %s file %s is %s, not a regular file: godx did not read it.", kind, file.Path, facts.FileKind(special.Mode))
			detail = "godx reads only regular files, so that a FIFO, socket or device cannot hang it; the Go settings of this file were not checked."
			fix = &check.Fix{Description: fmt.Sprintf("Replace %s with a regular file holding the settings.", file.Path), Commands: []string{"ls -l " + shellquote.POSIX(file.Path)}}
		case !errors.Is(file.Err, fs.ErrPermission):
			detail = "godx could not check its Go settings."
			fix = &check.Fix{Description: fmt.Sprintf("Check %s: a settings file is a small text file (godx reads at most 16 MiB).", file.Path)}
		}
	}
	return check.Finding{
		Severity: check.Warning,
		Summary:  summary,
		Detail:   detail,
		Evidence: check.Evidence{check.F("file", file.Path), check.F("scope", vscodeScopeName(file)), check.F("error", file.Err.Error())},
		Fix:      fix,
		Position: vscodeErrorPosition(file.Path, je),
	}
}

// vscodeGoroot checks go.goroot.
func vscodeGoroot(pass *check.Pass, file *facts.VSCodeFile, sh vscodeShell, report func(check.Finding)) {
	f := pass.Facts
	raw, ok := file.String("go.goroot")
	if !ok || strings.TrimSpace(raw) == "" {
		return
	}
	where := file.Where("go.goroot")
	ev := check.Evidence{check.F("go.goroot ("+where+")", raw)}
	resolved := f.VSCodeResolvePath(raw, file)
	if strings.TrimSpace(resolved) == "" {
		// "${env:GOROOT}" with GOROOT unset. vscode-go (util.ts
		// getBinPathWithExplanation) treats the empty result as no
		// setting and finds go as without it, on PATH; setGOROOTEnvVar
		// (goEnv.ts) only shows a notice.
		ev = vscodeShellEvidence(ev, sh)
		report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("go.goroot in %s is %s, which is empty here: the Go extension ignores it and runs the go on PATH, like the terminal.", where, raw),
			Detail: "The extension substitutes ${env:…} from its own environment; an empty result is not a GOROOT, so it looks for go as if the setting were absent (GOROOT, then PATH). " +
				"When it starts it shows `go.goroot setting is ignored.  is not a valid GOROOT directory.` If the variable is set where VS Code starts (a desktop session's environment), that GOROOT is used instead.",
			Evidence: append(ev, check.F("go.goroot, resolved", `"" (the variable is not set)`)),
			Fix:      settingfix.VSCode(`"go.goroot"`, where, "the notice then goes away", ""),
		})
		return
	}
	goroot := f.CleanPath(resolved)
	if goroot != raw {
		ev = append(ev, check.F("go.goroot, resolved", goroot))
	}
	ev = vscodeShellEvidence(ev, sh)
	// godx fix deletes the entry: the extension then runs the go on PATH.
	fix := settingfix.VSCodeDelete(`"go.goroot"`, where, "the extension then uses the go command on PATH, like your terminal", "set it to the installation the terminal uses ("+sh.goroot+")",
		file.Path, file.Pointer("go.goroot"))
	if sh.goroot == "" {
		fix = settingfix.VSCode(`"go.goroot"`, where, "", "")
	}
	if st, err := f.OS.Stat(goroot); err != nil || !st.IsDir() {
		report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("go.goroot in %s is %s, which does not exist: the Go extension cannot run go from it.", where, goroot),
			Detail:   "The Go extension runs the go command of go.goroot and gives that GOROOT to gopls and the other tools. With a missing directory it reports `Failed to find the \"go\" binary in either GOROOT(...) or PATH(...)`, or every tool fails with `go: cannot find GOROOT directory`. The directory was probably removed when Go was upgraded.",
			Evidence: ev,
			Fix:      fix,
			Position: check.At(file.Path, file.Line("go.goroot"), 0),
		})
		return
	}
	bin := f.JoinPath(goroot, "bin", f.ExeName("go"))
	if !f.Exists(bin) {
		report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("go.goroot in %s is %s, which is not a Go installation (no %s).", where, goroot, bin),
			Detail:   "The Go extension looks for the go command in go.goroot's bin directory and passes go.goroot to gopls as GOROOT; a directory that is not a Go installation (often GOPATH, ~/go, by mistake) breaks both: builds fail with `package fmt is not in std`.",
			Evidence: append(ev, check.F("missing", bin)),
			Fix:      fix,
			Position: check.At(file.Path, file.Line("go.goroot"), 0),
		})
		return
	}
	v, err := f.GorootVersion(goroot)
	if err != nil {
		return // no finding: the version is unknown
	}
	ev = append(ev, check.F("go.goroot VERSION", v))
	if sh.version == "" || goversion.TrimExperiments(v) == goversion.TrimExperiments(sh.version) {
		return
	}
	report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("go.goroot in %s selects %s (%s), but the go on PATH is %s (%s): the editor and the terminal run different Go versions.", where, goroot, v, sh.goPath, sh.version),
		Detail:   fmt.Sprintf("The Go extension runs %s and gives gopls that GOROOT, so the editor type-checks, tests and debugs with %s while `go build` in the terminal uses %s. Errors appear in one and not in the other (language features newer than %s are flagged as errors only in one of them, and tools built with one Go are reported as needing recompiling by the other).", bin, v, sh.version, vscodeOlder(v, sh.version)),
		Evidence: ev,
		Fix:      fix,
		Position: check.At(file.Path, file.Line("go.goroot"), 0),
	})
}

// vscodeAlternateGo checks go.alternateTools.go.
func vscodeAlternateGo(pass *check.Pass, file *facts.VSCodeFile, sh vscodeShell, report func(check.Finding)) {
	f := pass.Facts
	alt := file.StringMap("go.alternateTools")
	raw, ok := alt["go"]
	if !ok || strings.TrimSpace(raw) == "" || raw == "go" {
		return
	}
	where := file.Where("go.alternateTools", "go")
	val := f.VSCodeResolvePath(raw, file)
	ev := check.Evidence{check.F("go.alternateTools.go ("+where+")", raw)}
	if val != raw {
		ev = append(ev, check.F("go.alternateTools.go, resolved", val))
	}
	ev = vscodeShellEvidence(ev, sh)
	const entry = `the "go" entry of go.alternateTools`
	fix := settingfix.VSCodeDelete(entry, where, "the extension then runs the go on PATH, like your terminal", "point it at the same go command ("+sh.goPath+")",
		file.Path, file.Pointer("go.alternateTools", "go"))
	if sh.goPath == "" {
		fix = settingfix.VSCode(entry, where, "", "")
	}
	var bin string
	if f.IsAbs(val) {
		if !f.IsExecutable(val) {
			report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("go.alternateTools.go in %s is %s, which does not exist or is not executable: the Go extension has no go command.", where, val),
				Detail:   "The Go extension runs this go instead of the one on PATH for everything (gopls, tests, debugging, tool installs); a missing binary makes it report `Failed to find the \"go\" binary in either GOROOT(...) or PATH(...)` and most features stop working.",
				Evidence: ev,
				Fix:      fix,
				Position: check.At(file.Path, file.Line("go.alternateTools", "go"), 0),
			})
			return
		}
		bin = val
	} else {
		// A name: the extension looks in GOPATH/bin, GOROOT/bin, then PATH.
		var dirs []string
		bin, dirs = vscodego.FindTool(f, val, sh.gopath, sh.goroot)
		if bin == "" {
			report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("go.alternateTools.go in %s names %q, which is not found in GOPATH/bin, GOROOT/bin or on PATH: the Go extension has no go command.", where, val),
				Detail:   "The Go extension runs this go instead of the one on PATH for everything (gopls, tests, debugging, tool installs). A wrapper such as go1.22.0 from golang.org/dl must be installed (`go install golang.org/dl/go1.22.0@latest`) and its SDK downloaded (`go1.22.0 download`) before the editor can use it.",
				Evidence: append(ev, check.F("searched", strings.Join(append(dirs, "$PATH"), ", "))),
				Fix:      fix,
				Position: check.At(file.Path, file.Line("go.alternateTools", "go"), 0),
			})
			return
		}
	}
	ev = append(ev, check.F("go.alternateTools.go, found", bin))
	var v, how string
	var err error
	if !file.ProjectScope() {
		v, how, err = f.GoBinaryVersion(pass.Context, bin)
	} else {
		// Never run a binary a repository's settings name.
		resolved, rerr := f.OS.EvalSymlinks(bin)
		if rerr != nil {
			resolved = bin
		}
		root := f.ParentDir(f.ParentDir(resolved))
		v, err = f.GorootVersion(root)
		how = f.JoinPath(root, "VERSION")
	}
	if err != nil || !strings.HasPrefix(v, "go") {
		return // no finding: the version is unknown (no VERSION file next to it; not run)
	}
	ev = append(ev, check.F("its version ("+how+")", v))
	if sh.version == "" || goversion.TrimExperiments(v) == goversion.TrimExperiments(sh.version) {
		return
	}
	report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("go.alternateTools.go in %s runs %s (%s), but the go on PATH is %s (%s): the editor and the terminal run different Go versions.", where, bin, v, sh.goPath, sh.version),
		Detail:   fmt.Sprintf("The Go extension uses %s for gopls, tests, debugging and tool installs, while `go build` in the terminal uses %s. Errors appear in one and not in the other (language features newer than %s are flagged only in one of them), and tools installed from the editor are built with %s.", v, sh.version, vscodeOlder(v, sh.version), v),
		Evidence: ev,
		Fix:      fix,
		Position: check.At(file.Path, file.Line("go.alternateTools", "go"), 0),
	})
}

func vscodeShort(raw json.RawMessage) string {
	s := strings.Join(strings.Fields(string(raw)), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

func vscodeShellEvidence(ev check.Evidence, sh vscodeShell) check.Evidence {
	if sh.goPath != "" {
		ev = append(ev, check.F("go on PATH", sh.goPath), check.F("its version (go env GOVERSION)", sh.version), check.F("its GOROOT", sh.goroot))
	} else {
		ev = append(ev, check.F("go on PATH", "none found, or `go env` failed"))
	}
	return ev
}

// vscodeOlder is the older of two Go versions (for the message).
func vscodeOlder(a, b string) string {
	va, vb := goversion.TrimExperiments(a), goversion.TrimExperiments(b)
	if goversion.Compare(va, vb) < 0 {
		return va
	}
	return vb
}

func vscodePosition(je *facts.JSONCError) string {
	switch {
	case je == nil || je.Line == 0:
		return "the reported position"
	case je.Column > 0:
		return fmt.Sprintf("line %d, column %d", je.Line, je.Column)
	}
	return fmt.Sprintf("line %d", je.Line)
}

// vscodeErrorPosition is where a settings file's syntax error is (the
// file alone when it could not be read).
func vscodeErrorPosition(path string, je *facts.JSONCError) *check.Position {
	if je == nil {
		return check.At(path, 0, 0)
	}
	return check.At(path, je.Line, je.Column)
}

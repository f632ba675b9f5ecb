package facts

import (
	"path"
	"runtime/debug"
	"strings"
)

// How a tool binary was found (ToolBinary.Found).
const (
	FoundPath          = "PATH"
	FoundGOBIN         = "GOBIN"
	FoundGOPATHBin     = "GOPATH/bin"
	FoundToolDirective = "go.mod tool directive"
	// VS Code settings: Found is "VS Code go.alternateTools (FILE)" or
	// "VS Code go.toolsGopath (FILE)"; test with strings.HasPrefix.
	FoundVSCode = "VS Code"
)

// ToolBinary is one place a Go tool (gopls, dlv, staticcheck, ...) is
// installed, or pinned, for the project.
type ToolBinary struct {
	// Name is the tool's command name ("gopls").
	Name string
	// Path is the executable ("" for a go.mod tool directive, which godx
	// does not build: `go tool` builds it on demand into the build cache).
	Path string
	// Resolved is Path with symlinks evaluated.
	Resolved string
	// Found says how: FoundPath, FoundGOBIN, FoundGOPATHBin,
	// "VS Code go.alternateTools (FILE)", "VS Code go.toolsGopath (FILE)",
	// FoundToolDirective.
	Found string
	// Origin is the file that named this binary (a VS Code settings file,
	// go.mod), "" for PATH/GOBIN/GOPATH.
	Origin string
	// AlsoFound lists the other ways the same file was found ("GOBIN" for
	// the gopls that is both first on PATH and in GOBIN).
	AlsoFound []string
	// Runs is true for the binary a shell runs for Name (the first PATH hit).
	Runs bool
	// NamedByProject is true when only a workspace-scope VS Code settings
	// file (.vscode/settings.json, *.code-workspace) names this file: such
	// settings arrive with a cloned repository, so godx must never run it.
	NamedByProject bool
	// Info is the executable's build information (nil when unreadable or
	// for a tool directive); Err says why it could not be read
	// (*BuildInfoError: missing file, not a Go executable, ...).
	Info *debug.BuildInfo
	Err  error

	// For a go.mod tool directive: the tool package path as written, and
	// the module that provides it with the version go.mod requires.
	ToolPackage       string
	ToolModule        string
	ToolVersion       string
	ToolDirectiveLine int
}

// BuiltWith is the Go version the binary was built with ("go1.26.8"), ""
// when unknown.
func (t ToolBinary) BuiltWith() string {
	if t.Info == nil {
		return ""
	}
	return t.Info.GoVersion
}

// ModulePath is the binary's main module ("golang.org/x/tools/gopls"), or
// the module required for a tool directive.
func (t ToolBinary) ModulePath() string {
	if t.Info != nil {
		return t.Info.Main.Path
	}
	return t.ToolModule
}

// ModuleVersion is the main module version ("v0.20.0", "(devel)" for a
// local build), or the version go.mod requires for a tool directive.
func (t ToolBinary) ModuleVersion() string {
	if t.Info != nil {
		if t.Info.Main.Replace != nil && t.Info.Main.Replace.Version != "" {
			return t.Info.Main.Replace.Version
		}
		return t.Info.Main.Version
	}
	return t.ToolVersion
}

// PackagePath is the main package's import path, what `go install` takes
// ("github.com/go-delve/delve/cmd/dlv"); the tool package for a directive.
func (t ToolBinary) PackagePath() string {
	if t.Info != nil && t.Info.Path != "" {
		return t.Info.Path
	}
	return t.ToolPackage
}

// GOOS the binary was built for ("" for binaries built before Go 1.18,
// which record no build settings).
func (t ToolBinary) GOOS() string { return BuildSetting(t.Info, "GOOS") }

// GOARCH the binary was built for ("" before Go 1.18).
func (t ToolBinary) GOARCH() string { return BuildSetting(t.Info, "GOARCH") }

// IsDirective reports whether t is a go.mod tool directive, not a file.
func (t ToolBinary) IsDirective() bool { return t.Found == FoundToolDirective }

// FindTool lists every copy of the tool called name that the shell or the
// editor could run, in this order: PATH (every match, the first is what a
// shell runs), GOBIN or else each GOPATH entry's bin directory (where `go
// install` puts it), VS Code's go.alternateTools[name] and go.toolsGopath,
// and `tool` directives in go.mod (Go 1.24+, run with `go tool NAME`).
// Files found several ways are listed once (by resolved path), with
// AlsoFound. Each binary's build information is read (never run). A VS
// Code setting naming a missing file is listed with Err set; other missing
// locations are simply not listed. The answer is remembered per name.
func (f *Facts) FindTool(name string) []ToolBinary {
	tools, _ := toolCopies.Get(f, name)
	return tools
}

var toolCopies = NewFactFamily("copies of a tool", func(f *Facts, name string) ([]ToolBinary, error) {
	return f.findTool(name), nil
})

func (f *Facts) findTool(name string) []ToolBinary {
	var out []ToolBinary
	index := map[string]int{} // resolved path key -> index in out
	add := func(p, found, origin string, mustExist, byProject bool) {
		if mustExist && !f.IsExecutable(p) {
			return
		}
		resolved, err := f.OS.EvalSymlinks(p)
		if err != nil {
			resolved = p
		}
		key := f.CleanPath(resolved)
		if f.GOOS() == "windows" {
			key = strings.ToLower(strings.ReplaceAll(key, "/", `\`))
		}
		if i, ok := index[key]; ok {
			if out[i].Found != found && !containsString(out[i].AlsoFound, found) {
				out[i].AlsoFound = append(out[i].AlsoFound, found)
			}
			return
		}
		index[key] = len(out)
		tb := ToolBinary{Name: name, Path: p, Resolved: resolved, Found: found, Origin: origin, NamedByProject: byProject}
		if f.IsAbs(p) {
			tb.Info, tb.Err = f.ReadBuildInfo(p)
		} else { // a VS Code command name that is not on PATH
			tb.Err = &BuildInfoError{Path: p, Kind: BuildInfoMissing, Err: &NotFoundError{Name: p}}
		}
		out = append(out, tb)
	}

	for i, p := range f.LookPathAll(name) {
		add(p, FoundPath, "", true, false)
		if i == 0 {
			out[len(out)-1].Runs = true
		}
	}
	exe := f.ExeName(name)
	gobin, gopaths := f.toolInstallDirs()
	if gobin != "" {
		add(f.JoinPath(gobin, exe), FoundGOBIN, "", true, false)
	} else {
		for _, gp := range gopaths {
			add(f.JoinPath(gp, "bin", exe), FoundGOPATHBin, "", true, false)
		}
	}
	for _, c := range f.vscodeToolCandidates(name) {
		add(c.path, c.found, c.origin, c.mustExist, c.byProject)
	}
	out = append(out, f.toolDirectives(name)...)
	return out
}

// toolInstallDirs is where `go install` puts binaries: GOBIN, else the bin
// directory of each GOPATH entry (go env when it ran, else the environment
// and the go command's default $HOME/go).
func (f *Facts) toolInstallDirs() (gobin string, gopaths []string) {
	var gopath string
	if ge, err := f.GoEnv(); err == nil {
		gobin, gopath = ge.Get("GOBIN"), ge.Get("GOPATH")
	} else {
		gobin, gopath = f.Getenv("GOBIN"), f.Getenv("GOPATH")
		if gopath == "" {
			home := f.Getenv("HOME")
			if f.GOOS() == "windows" {
				home = f.Getenv("USERPROFILE")
			}
			if home != "" {
				gopath = f.JoinPath(home, "go")
			}
		}
	}
	if gobin != "" && !f.IsAbs(gobin) {
		gobin = "" // the go command refuses a relative GOBIN
	}
	for _, gp := range f.SplitList(gopath) {
		if gp != "" && f.IsAbs(gp) {
			gopaths = append(gopaths, gp)
		}
	}
	return gobin, gopaths
}

// toolCandidate is a path some setting (VS Code's) names for a tool.
type toolCandidate struct {
	path, found, origin string
	mustExist           bool
	byProject           bool // named by a workspace-scope settings file
}

// toolDirectives are go.mod `tool` lines whose command name is name.
func (f *Facts) toolDirectives(name string) []ToolBinary {
	m, err := f.Module()
	if err != nil || m == nil || m.Mod == nil {
		return nil
	}
	var out []ToolBinary
	for _, t := range m.Mod.Tool {
		if ToolCommandName(t.Path) != name {
			continue
		}
		tb := ToolBinary{Name: name, Found: FoundToolDirective, Origin: m.Path, ToolPackage: t.Path}
		if t.Syntax != nil {
			tb.ToolDirectiveLine = t.Syntax.Start.Line
		}
		// The module providing the package: the longest required module
		// path that is a prefix of it (or the main module itself).
		if mp := m.Mod.Module; mp != nil && pathHasPrefix(t.Path, mp.Mod.Path) {
			tb.ToolModule = mp.Mod.Path
		}
		for _, r := range m.Mod.Require {
			if pathHasPrefix(t.Path, r.Mod.Path) && len(r.Mod.Path) > len(tb.ToolModule) {
				tb.ToolModule, tb.ToolVersion = r.Mod.Path, r.Mod.Version
			}
		}
		for _, r := range m.Mod.Replace {
			if r.Old.Path == tb.ToolModule && (r.Old.Version == "" || r.Old.Version == tb.ToolVersion) && r.New.Version != "" {
				tb.ToolVersion = r.New.Version
			}
		}
		out = append(out, tb)
	}
	return out
}

// ToolCommandName is the command name `go install` and `go tool` give a
// package path: its last element, or the one before a major version
// suffix ("github.com/x/cmd/foo/v2" -> "foo"), as cmd/go does.
func ToolCommandName(pkg string) string {
	dir, elem := path.Split(pkg)
	if dir != "" && toolIsVersionElement(elem) {
		_, elem = path.Split(strings.TrimSuffix(dir, "/"))
	}
	return elem
}

func toolIsVersionElement(s string) bool {
	if len(s) < 2 || s[0] != 'v' || s[1] == '0' || s[1] == '1' && len(s) == 2 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || '9' < s[i] {
			return false
		}
	}
	return true
}

func pathHasPrefix(p, prefix string) bool {
	return prefix != "" && (p == prefix || strings.HasPrefix(p, prefix+"/"))
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// vscodeToolCandidates are the paths VS Code's Go extension would use for
// a tool: go.alternateTools[name] (an absolute path, or a command name
// looked up on PATH) and each go.toolsGopath entry's bin directory. VS Code
// merges object settings across scopes, so for each key the most specific
// file that sets it wins. A named file that is missing is listed (with
// Err), since the editor will fail to start it.
func (f *Facts) vscodeToolCandidates(name string) []toolCandidate {
	var alt, toolsGopath string
	var altFile, gopathFile *VSCodeFile
	for _, file := range f.VSCodeSettings() {
		if file.Err != nil {
			continue
		}
		if v, ok := file.StringMap("go.alternateTools")[name]; ok && strings.TrimSpace(v) != "" {
			alt, altFile = v, file
		}
		if v, ok := file.String("go.toolsGopath"); ok && strings.TrimSpace(v) != "" {
			toolsGopath, gopathFile = v, file
		}
	}
	var out []toolCandidate
	if altFile != nil {
		where := altFile.Where("go.alternateTools", name)
		c := toolCandidate{found: "VS Code go.alternateTools (" + where + ")", origin: altFile.Path, byProject: altFile.ProjectScope()}
		p := f.VSCodeResolvePath(strings.TrimSpace(alt), altFile)
		switch {
		case f.IsAbs(p):
			c.path = p
		default:
			// The extension looks a plain command name up like a tool.
			if found, err := f.LookPath(p); err == nil {
				c.path = found
			} else {
				c.path = p
			}
		}
		out = append(out, c)
	}
	if gopathFile != nil {
		where := gopathFile.Where("go.toolsGopath")
		for _, gp := range f.SplitList(f.VSCodeResolvePath(toolsGopath, gopathFile)) {
			if gp = strings.TrimSpace(gp); gp != "" && f.IsAbs(gp) {
				out = append(out, toolCandidate{path: f.JoinPath(gp, "bin", f.ExeName(name)), found: "VS Code go.toolsGopath (" + where + ")", origin: gopathFile.Path, mustExist: true, byProject: gopathFile.ProjectScope()})
			}
		}
	}
	return out
}

// ToolInstallDirs is where `go install` puts binaries here: GOBIN, else
// the bin directory of each GOPATH entry (the first one is written).
func (f *Facts) ToolInstallDirs() (gobin string, gopaths []string) { return f.toolInstallDirs() }

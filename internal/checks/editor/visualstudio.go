package editor

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/dlvlisten"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/msbuild"
	"github.com/godx-dev/godx/internal/vsfolder"
)

// VisualStudio finds Go wired into Visual Studio (not VS Code) in ways
// that break or silently weaken builds.
var VisualStudio = &check.Check{
	ID:    "editor/visualstudio",
	Title: "Visual Studio projects with Go",
	Doc: check.Doc{
		What: "Reads the MSBuild project files of the project (*.vcxproj, *.csproj, *.vbproj, *.fsproj, in the project directory and its parents up to the repository root and three levels below, " +
			"UTF-8 with or without a byte order mark, or UTF-16 as Visual Studio may save them), Visual Studio's Open Folder files .vs/tasks.vs.json and .vs/launch.vs.json, " +
			"and CMakePresets.json / CMakeUserPresets.json.",
		Why: "Visual Studio has no Go support, yet Go ends up in its solutions: .go files added as ClCompile items are handed to the C/C++ compiler (cl.exe) and as Compile items to the C# or VB compiler, " +
			"which cannot compile Go and fail the build. An MSBuild Exec task that runs the go command with ContinueOnError=\"true\" or IgnoreExitCode=\"true\" turns a failed `go build` or `go test` into a green build, " +
			"and a coverage profile MSBuild is not told about (the target's Outputs) is invisible to incremental builds, Clean and whatever collects the build's outputs. " +
			"Tasks, debug targets and CMake presets that set Go variables (GOFLAGS, GOROOT, CGO_ENABLED, ...) build differently from the terminal.",
		How: "Error for each ClCompile or Compile item whose Include is a .go file (with the project file's line). " +
			"Warning for each Exec task running the go command (go or go.exe as a command's first word) with ContinueOnError true or WarnAndContinue, or IgnoreExitCode true, " +
			"and for one writing -coverprofile to a file its Target's Outputs do not name. " +
			"Info for each Go setting (the names `godx env` lists) a task, debug target or preset sets to a value other than the terminal's. " +
			"Warning for a project or Open Folder file that does not parse (Visual Studio cannot load it either), with the line. " +
			"A headless dlv on a non-loopback address in .vs/tasks.vs.json or .vs/launch.vs.json is reported by debug/exposed.",
		Fix: "Remove the .go items from ClCompile/Compile (make them None items to keep them visible in Solution Explorer) and build Go with the go command: " +
			"an NMake/Makefile project whose build command is `go build ./...`, or an Exec task in a Target. Let go failures fail the build (drop ContinueOnError/IgnoreExitCode), " +
			"and name profiles in the Target's Outputs (Outputs=\"$(OutDir)cover.out\"). Put Go settings where the terminal sees them too (`go env -w`), or in none.",
	},
	Run: runVisualStudio,
}

// visualStudioProject reports whether name is an MSBuild project file.
func visualStudioProject(name string) bool {
	switch strings.ToLower(name[strings.LastIndexByte(name, '.')+1:]) {
	case "vcxproj", "csproj", "vbproj", "fsproj":
		return strings.Contains(name, ".")
	}
	return false
}

var coverprofileFlag = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`-{1,2}coverprofile(?:=|\s+)("[^"]*"|'[^']*'|\S+)`) })

func runVisualStudio(pass *check.Pass) error {
	f := pass.Facts
	dirs := f.VSCodeWorkspaceDirs()
	if len(dirs) == 0 {
		return check.Skip("no project folder")
	}
	root := dirs[0]
	projects := dlvlisten.WalkProject(f, root, visualStudioProject)
	var open []*facts.JSONCFile
	var kinds []string
	for _, p := range []struct{ dir, name string }{{".vs", vsfolder.Tasks}, {".vs", vsfolder.Launch}, {"", "CMakePresets.json"}, {"", "CMakeUserPresets.json"}} {
		path := f.JoinPath(root, p.name)
		if p.dir != "" {
			path = f.JoinPath(root, p.dir, p.name)
		}
		if doc := f.ReadJSONC(path); doc != nil {
			open = append(open, doc)
			kinds = append(kinds, vsfolder.Kind(p.name))
		}
	}
	if len(projects) == 0 && len(open) == 0 {
		return check.Skip("no Visual Studio project or Open Folder file in %s", root)
	}
	goItems, execs := 0, 0
	for _, path := range projects {
		data, err := f.ReadFile(path)
		if err != nil {
			pass.Report(check.Finding{Severity: check.Warning, Summary: "godx could not read the project file " + path + ".", Detail: err.Error(), Position: check.At(path, 0, 0)})
			continue
		}
		proj, err := msbuild.Parse(data)
		var se *msbuild.SyntaxError
		if errors.As(err, &se) {
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("%s is not well-formed XML: Visual Studio and MSBuild cannot load it.", path),
				Detail:   fmt.Sprintf("%s:%d: %s", path, se.Line, se.Msg),
				Position: check.At(path, se.Line, 0),
				Fix:      &check.Fix{Description: "Repair the file (an unclosed element or an unescaped & or < is usual), or restore it from version control."},
			})
			continue // MSBuild loads none of it: its items do not matter yet
		}
		if proj == nil {
			continue
		}
		for _, it := range proj.GoItems() {
			goItems++
			reportGoItem(pass, path, it)
		}
		for _, e := range proj.Execs {
			if !msbuild.RunsGo(e.Command) {
				continue
			}
			execs++
			reportExec(pass, path, e)
		}
	}
	overrides := 0
	for i, doc := range open {
		if doc.Err != nil {
			var je *facts.JSONCError
			line, col := 0, 0
			if errors.As(doc.Err, &je) {
				line, col = je.Line, je.Column
			}
			pass.Report(check.Finding{
				Severity: check.Warning,
				Summary:  fmt.Sprintf("%s does not parse: Visual Studio ignores its tasks, debug targets or presets.", doc.Path),
				Detail:   doc.Err.Error(),
				Position: check.At(doc.Path, line, col),
				Fix:      &check.Fix{Description: "Repair the JSON (comments are allowed) or delete the file; Visual Studio recreates it from its menus."},
			})
			continue
		}
		for _, e := range vsfolder.Read(doc, kinds[i]) {
			for _, v := range e.Env {
				if !slices.Contains(facts.SettingNames, v.Name) || v.Value == f.Getenv(v.Name) {
					continue
				}
				overrides++
				term := "unset in the terminal"
				if t, ok := f.LookupEnv(v.Name); ok {
					term = fmt.Sprintf("%s in the terminal", t)
				}
				pass.Report(check.Finding{
					Severity: check.Info,
					Summary:  fmt.Sprintf("%s %q sets %s=%s (%s): it builds or runs Go differently from the terminal.", vsWhat(kinds[i]), e.Name, v.Name, v.Value, term),
					Detail:   "Programs Visual Studio starts from this entry get this value; the go command in a terminal does not, so the two disagree on what gets built.",
					Evidence: check.Evidence{check.F("set in", fmt.Sprintf("%s:%d", doc.Path, v.Line)), check.F(v.Name+" (environment)", f.Getenv(v.Name))},
					Position: check.At(doc.Path, v.Line, 0),
					Fix:      &check.Fix{Description: fmt.Sprintf("Remove %s from the entry, or set it for the terminal too (`go env -w %s=%s`).", v.Name, v.Name, v.Value)},
				})
			}
		}
	}
	pass.Observe(fmt.Sprintf("%d Visual Studio project file(s) and %d Open Folder or CMake preset file(s) read: %d Go item(s) compiled as C/C++/C#, %d Exec task(s) running go, %d Go setting override(s)",
		len(projects), len(open), goItems, execs, overrides))
	return nil
}

func vsWhat(kind string) string {
	switch kind {
	case vsfolder.Tasks:
		return "The Visual Studio task"
	case vsfolder.Launch:
		return "The Visual Studio debug target"
	}
	return "The CMake preset"
}

func reportGoItem(pass *check.Pass, path string, it msbuild.Item) {
	compiler := "the C/C++ compiler (cl.exe)"
	if it.Kind == "Compile" {
		compiler = "the project's .NET compiler (C#, VB or F#)"
	}
	pass.Report(check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s:%d hands the Go file %s to %s as a %s item.", path, it.Line, it.Include, compiler, it.Kind),
		Detail: "MSBuild compiles every " + it.Kind + " item with " + compiler + ", which cannot compile Go: the project fails to build. " +
			"Visual Studio has no Go support; Go is built by the go command.",
		Evidence: check.Evidence{check.F("item", fmt.Sprintf("<%s Include=%q />", it.Kind, it.Include))},
		Position: check.At(path, it.Line, 0),
		Fix: &check.Fix{Description: fmt.Sprintf("Remove the item (or change <%s to <None to keep the file visible in Solution Explorer), and build Go with the go command: "+
			"an NMake/Makefile project whose build command is `go build ./...`, or <Exec Command=\"go build ./...\" /> in a Target.", it.Kind)},
	})
}

func reportExec(pass *check.Pass, path string, e msbuild.Exec) {
	ev := check.Evidence{check.F("command", e.Command)}
	if e.Target != "" {
		ev = append(ev, check.F("target", e.Target))
	}
	coe := strings.ToLower(e.ContinueOnError)
	if coe == "true" || coe == "warnandcontinue" || strings.EqualFold(e.IgnoreExitCode, "true") {
		attr := fmt.Sprintf("ContinueOnError=%q", e.ContinueOnError)
		if strings.EqualFold(e.IgnoreExitCode, "true") {
			attr = fmt.Sprintf("IgnoreExitCode=%q", e.IgnoreExitCode)
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("%s:%d runs the go command with %s: a failing go build or go test leaves the build green.", path, e.Line, attr),
			Detail:   "MSBuild turns the go command's failure into a warning (ContinueOnError) or ignores its exit status (IgnoreExitCode); compile errors and failing tests scroll by unnoticed.",
			Evidence: ev,
			Position: check.At(path, e.Line, 0),
			Fix:      &check.Fix{Description: "Remove " + attr + " so that the go command's failure fails the build."},
		})
	}
	for _, m := range coverprofileFlag().FindAllStringSubmatch(e.Command, -1) {
		file := strings.Trim(m[1], `"'`)
		if strings.Contains(e.TargetOutputs, file) {
			continue
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("%s:%d writes the coverage profile %s, which its Target's Outputs do not declare.", path, e.Line, file),
			Detail:   "MSBuild knows a target's files only from its Outputs: incremental builds, Clean and whatever collects the build's outputs do not see the profile, so coverage is silently stale or missing.",
			Evidence: append(ev, check.F("target outputs", e.TargetOutputs)),
			Position: check.At(path, e.Line, 0),
			Fix:      &check.Fix{Description: fmt.Sprintf("Add the file to the Target: Outputs=%q.", file)},
		})
	}
}

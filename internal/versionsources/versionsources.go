// Package versionsources collects every place in a repository that names
// a Go version or a Go tool's version, each with the file and line it is
// written on: go.mod and go.work `go` and `toolchain` lines (every module
// of a monorepo), .go-version, .tool-versions, mise.toml, devcontainer.json
// (the Go feature's version, golang images), Dockerfiles (`FROM golang:X`,
// read with BuildKit's parser, ARG defaults substituted), GitHub workflows
// (actions/setup-go's go-version and go-version-file, matrix values,
// job containers), .gitlab-ci.yml images and .golangci.yml or .json (run.go,
// version) with the golangci-lint version pinned in CI.
//
// It reports what the files say, read as the tool that reads them does
// (an unquoted YAML 1.20 is the number 1.2); judging whether they agree
// is the project/go-versions check's job. Reads are bounded (size, depth,
// entries), so a huge tree costs little.
package versionsources

import (
	"context"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gitconfig"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/projectwalk"
)

// Kind says what a Source is.
type Kind string

const (
	GoModGo             Kind = "go.mod go line"
	GoModToolchain      Kind = "go.mod toolchain line"
	GoWorkGo            Kind = "go.work go line"
	GoWorkToolchain     Kind = "go.work toolchain line"
	GoVersionFile       Kind = ".go-version"
	ToolVersions        Kind = ".tool-versions"
	Mise                Kind = "mise"
	DevcontainerFeature Kind = "devcontainer Go feature"
	DevcontainerImage   Kind = "devcontainer image"
	Dockerfile          Kind = "Dockerfile"
	SetupGo             Kind = "setup-go go-version"
	SetupGoFile         Kind = "setup-go go-version-file"
	JobContainer        Kind = "workflow job container"
	GitLabImage         Kind = "GitLab CI image"
	GolangciRunGo       Kind = "golangci-lint run.go"
	GolangciConfig      Kind = "golangci-lint config version"
	GolangciLintAction  Kind = "golangci-lint-action version"
)

// Source is one place that names a version.
type Source struct {
	Kind Kind
	Path string // absolute
	Line int    // 1-based; 0 when unknown
	// Column is the 1-based byte column of Text on Line (0 = unknown:
	// a fix then looks for Text on the line).
	Column int
	// Text is the version as written at Line (what a fix replaces):
	// "1.20" for an unquoted YAML 1.20, "1.22" for golang:1.22-alpine.
	Text string
	// Version is the Go version or setup-go spec the tool reads from
	// Text: "1.2" for an unquoted YAML 1.20, "1.22" for golang:1.22-alpine,
	// "v1.64.8" for golangci-lint. "" when it names none (latest, a
	// variable godx cannot resolve).
	Version string
	// Image is the whole image reference for image kinds.
	Image string
	// Dir is the directory the source governs: a go.mod's module, a
	// Dockerfile's directory, a workflow job's working directory (the
	// repository root by default).
	Dir string
	// Note explains how Version was read when it is not plain Text.
	Note string
	// Quoted is set for YAML scalars written in quotes.
	Quoted bool
	// YAMLNumber is set for an unquoted YAML value that is a number.
	YAMLNumber bool
	// UsesModule is set for a Dockerfile stage that copies (or bind
	// mounts) files in and runs a go command that reads go.mod: a stage
	// that only runs `go install pkg@version` never meets the go line.
	UsesModule bool
	// Templated is set when Text is only part of the value (a matrix or
	// env value inside 1.${{ matrix.minor }}.x): a fix cannot write a
	// version there.
	Templated bool

	// CI context (workflows only).
	Workflow    string // the job's name "<workflow file> job <id>"
	Action      string // "actions/setup-go@v6"
	MatrixKey   string // the matrix key the value came from
	VersionFile string // the go-version-file setup-go reads (absolute)
	GOTOOLCHAIN string // GOTOOLCHAIN set by env in the workflow ("" when not)
	// GOTOOLCHAINLine is where that env is set.
	GOTOOLCHAINWhere string
}

// Where is "path:line" (or the path alone when the line is unknown).
func (s Source) Where() string {
	if s.Line > 0 {
		return s.Path + ":" + strconv.Itoa(s.Line)
	}
	return s.Path
}

// Set is what Collect found.
type Set struct {
	Root    string // the repository root (worktree top) or project directory
	Sources []Source
	// Files are the files read, in walk order.
	Files []string
	// Problems are files that could not be read or parsed, in words.
	Problems []string
	// Truncated is set when the walk hit a bound.
	Truncated string
}

// Of returns the sources of the given kinds, in order.
func (s *Set) Of(kinds ...Kind) []Source {
	var out []Source
	for _, src := range s.Sources {
		if slices.Contains(kinds, src.Kind) {
			out = append(out, src)
		}
	}
	return out
}

// Module is the go line that governs dir, with its file's toolchain
// line: of the nearest go.mod at or above dir within the root, or of the
// nearest go.work when that one's go line is newer (in a workspace the go
// command needs both). ok is false when there is neither.
func (s *Set) Module(f *facts.Facts, dir string) (goLine Source, toolchain *Source, ok bool) {
	mod, modTC, modOK := s.nearest(f, dir, GoModGo, GoModToolchain)
	work, workTC, workOK := s.nearest(f, dir, GoWorkGo, GoWorkToolchain)
	switch {
	case workOK && (!modOK || goversion.Compare(work.Version, mod.Version) > 0):
		return work, workTC, true
	case modOK:
		return mod, modTC, true
	}
	return Source{}, nil, false
}

// nearest is the nearest file at or above dir (within the root) with a
// goKind source, and that file's tcKind source.
func (s *Set) nearest(f *facts.Facts, dir string, goKind, tcKind Kind) (Source, *Source, bool) {
	for d := dir; ; {
		var g, tc *Source
		for i := range s.Sources {
			src := &s.Sources[i]
			if !f.SamePath(f.ParentDir(src.Path), d) {
				continue
			}
			switch src.Kind {
			case goKind:
				g = src
			case tcKind:
				tc = src
			}
		}
		if g != nil {
			return *g, tc, true
		}
		if f.SamePath(d, s.Root) || !f.PathWithin(d, s.Root) {
			return Source{}, nil, false
		}
		p := f.ParentDir(d)
		if p == d {
			return Source{}, nil, false
		}
		d = p
	}
}

// Bounds of the walk, in the spirit of the other project walks
// (internal/dlvlisten): version files sit near the top of a repository,
// go.mod files of a monorepo a few levels down.
const (
	maxDepth   = 5
	maxEntries = 20000
	maxFiles   = 400
	maxSize    = 1 << 20
)

// Root is the top of the repository holding f.Dir (its git worktree),
// else f.Dir.
func Root(f *facts.Facts) string {
	if r, ok := gitconfig.FindRepo(f, f.Dir); ok && r.Worktree != "" {
		return r.Worktree
	}
	return f.Dir
}

// Collect walks the repository holding f.Dir (bounded breadth-first:
// five levels, 20,000 entries, 400 files of at most 1 MiB) and reads every
// version source it knows. It skips .git, vendor, node_modules, testdata
// and hidden directories other than .devcontainer and .github.
//
// It stops early (Truncated says so) when ctx ends: a slow file system
// such as a Windows drive seen from WSL must not hold the doctor up.
func Collect(ctx context.Context, f *facts.Facts) *Set {
	set := &Set{Root: Root(f)}
	for _, p := range golangciLoaded(f, set.walk(ctx, f)) {
		if ctx.Err() != nil {
			set.Truncated = "stopped at the time limit"
			break
		}
		data, err := f.OS.ReadFile(p, maxSize)
		if err != nil {
			set.Problems = append(set.Problems, p+": "+err.Error())
			continue
		}
		set.Files = append(set.Files, p)
		srcs, err := parseFile(f, set.Root, p, data)
		if err != nil {
			set.Problems = append(set.Problems, err.Error())
		}
		set.Sources = append(set.Sources, srcs...)
	}
	return set
}

// kindOf classifies a file by name and place ("" = not a version source).
func kindOf(rel string) string {
	rel = strings.ReplaceAll(rel, `\`, "/")
	name := path.Base(rel)
	lower := strings.ToLower(name)
	switch {
	case name == "go.mod", name == "go.work", name == ".go-version", name == ".tool-versions":
		return name
	case name == "mise.toml", name == ".mise.toml":
		return "mise"
	case name == "devcontainer.json" || name == ".devcontainer.json":
		return "devcontainer"
	case lower == "dockerfile" || strings.HasPrefix(lower, "dockerfile.") || strings.HasSuffix(lower, ".dockerfile") || lower == "containerfile":
		return "dockerfile"
	case strings.HasPrefix(rel, ".github/workflows/") && strings.Count(rel, "/") == 2 && (strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml")):
		return "workflow"
	case rel == ".gitlab-ci.yml":
		return "gitlab"
	case golangciRank(name) >= 0:
		return "golangci"
	}
	return ""
}

// golangciNames are golangci-lint's configuration file names in the order
// its loader (viper) tries them in a folder: only the first one found is
// loaded, the others are ignored.
var golangciNames = []string{".golangci.json", ".golangci.toml", ".golangci.yaml", ".golangci.yml"}

func golangciRank(name string) int { return slices.Index(golangciNames, name) }

// golangciLoaded keeps, of the golangci-lint configurations in one folder,
// only the one golangci-lint loads, so that a file it ignores is never
// judged; a TOML one is dropped too (godx does not read TOML), still
// hiding the YAML beside it.
func golangciLoaded(f *facts.Facts, files []string) []string {
	best := map[string]int{} // folder -> rank of the loaded file
	for _, p := range files {
		if r := golangciRank(f.BaseName(p)); r >= 0 {
			d := f.ParentDir(p)
			if old, ok := best[d]; !ok || r < old {
				best[d] = r
			}
		}
	}
	out := files[:0:0]
	for _, p := range files {
		r := golangciRank(f.BaseName(p))
		if r < 0 || (r == best[f.ParentDir(p)] && golangciNames[r] != ".golangci.toml") {
			out = append(out, p)
		}
	}
	return out
}

func (set *Set) walk(ctx context.Context, f *facts.Facts) []string {
	res := projectwalk.Walk(ctx, f, set.Root, projectwalk.Options{
		MaxDepth: maxDepth, MaxEntries: maxEntries, MaxFiles: maxFiles,
		KeepHidden: []string{".devcontainer", ".github"},
		// Workflows are read from .github/workflows only.
		SkipDir: func(rel string) bool {
			return path.Base(rel) == "workflows" && rel != ".github/workflows" && strings.HasPrefix(rel, ".github/")
		},
		Match: func(rel string) bool { return kindOf(rel) != "" },
	})
	switch res.Stopped {
	case projectwalk.StoppedAtTimeLimit:
		set.Truncated = "stopped at the time limit after " + strconv.Itoa(res.Entries) + " entries"
	case projectwalk.StoppedAtCap:
		set.Truncated = "the walk stopped after " + strconv.Itoa(res.Entries) + " entries and " + strconv.Itoa(len(res.Files)) + " files"
	}
	return res.Files
}

func parseFile(f *facts.Facts, root, p string, data []byte) ([]Source, error) {
	rel, err := f.RelPath(root, p)
	if err != nil {
		rel = f.BaseName(p)
	}
	dir := f.ParentDir(p)
	switch kindOf(rel) {
	case "go.mod":
		return goModLines(p, dir, data, GoModGo, GoModToolchain), nil
	case "go.work":
		return goModLines(p, dir, data, GoWorkGo, GoWorkToolchain), nil
	case ".go-version":
		return goVersionFile(p, dir, data), nil
	case ".tool-versions":
		return toolVersions(p, dir, data), nil
	case "mise":
		return miseToml(p, dir, data), nil
	case "devcontainer":
		return devcontainer(f, p, dir, data)
	case "dockerfile":
		return dockerfile(p, dir, data)
	case "workflow":
		return workflow(f, root, p, data)
	case "gitlab":
		return gitlabCI(p, root, data)
	case "golangci":
		return golangci(p, dir, data)
	}
	return nil, nil
}

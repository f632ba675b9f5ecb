package versionsources

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// repo writes files (slash paths relative to a new directory, which gets
// a .git directory) and returns the directory.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func collect(t *testing.T, dir string) *Set {
	t.Helper()
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return Collect(context.Background(), f)
}

// show is one line per source: kind, path:line relative to root, text,
// version (when it differs) and note.
func show(set *Set) string {
	var b strings.Builder
	for _, s := range set.Sources {
		rel, _ := filepath.Rel(set.Root, s.Path)
		fmt.Fprintf(&b, "%s %s:%d %q", s.Kind, filepath.ToSlash(rel), s.Line, s.Text)
		if s.Version != s.Text {
			fmt.Fprintf(&b, " -> %q", s.Version)
		}
		if s.MatrixKey != "" {
			fmt.Fprintf(&b, " matrix.%s", s.MatrixKey)
		}
		if s.Note != "" {
			fmt.Fprintf(&b, " (%s)", s.Note)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func expect(t *testing.T, set *Set, want ...string) {
	t.Helper()
	got := show(set)
	for _, w := range want {
		if !strings.Contains(got, w+"\n") && !strings.Contains(got, w+" ") {
			t.Errorf("missing %s in\n%s", w, got)
		}
	}
	if len(set.Problems) > 0 {
		t.Errorf("problems: %v", set.Problems)
	}
}

func TestGoModMonorepo(t *testing.T) {
	dir := repo(t, map[string]string{
		"go.work":                      "go 1.23.0\n\nuse (\n\t./a\n\t./b\n)\n",
		"a/go.mod":                     "module a\n\ngo 1.22.0\n\ntoolchain go1.22.4\n",
		"b/go.mod":                     "module b\ngo 1.23.0 // comment\n",
		"vendor/x/go.mod":              "module x\ngo 1.10\n",
		"b/testdata/go.mod":            "module t\ngo 1.99\n",
		"node_modules/y/go.mod":        "module y\ngo 1.5\n",
		"a/b/c/d/e/f/go.mod":           "module deep\ngo 1.1\n", // below the depth bound
		".hidden/go.mod":               "module h\ngo 1.1\n",
		".github/actions/x/action.yml": "name: x\n",
	})
	set := collect(t, dir)
	expect(t, set, `go.work go line go.work:1 "1.23.0"`, `go.mod go line a/go.mod:3 "1.22.0"`,
		`go.mod toolchain line a/go.mod:5 "go1.22.4" -> "1.22.4"`, `go.mod go line b/go.mod:2 "1.23.0"`)
	if n := len(set.Of(GoModGo)); n != 2 {
		t.Errorf("%d go.mod files read, want 2 (vendor, testdata, node_modules, hidden and too deep skipped):\n%s", n, show(set))
	}
}

func TestVersionManagers(t *testing.T) {
	dir := repo(t, map[string]string{
		".go-version":       "\n1.21.5\n",
		".tool-versions":    "nodejs 20.1.0\ngolang 1.21.3 1.20.1 # pinned\n",
		"mise.toml":         "[env]\ngo = \"x\"\n[tools]\nnode = \"20\"\ngo = \"1.21\"\n",
		"svc/.mise.toml":    "[tools]\ngo = { version = \"1.22.1\" }\n",
		"tools/.go-version": "latest\n",
	})
	set := collect(t, dir)
	expect(t, set, `.go-version .go-version:2 "1.21.5"`, `.tool-versions .tool-versions:2 "1.21.3"`,
		`mise mise.toml:5 "1.21"`, `mise svc/.mise.toml:2 "1.22.1"`, `.go-version tools/.go-version:1 "latest" -> ""`)
}

func TestDevcontainer(t *testing.T) {
	dir := repo(t, map[string]string{
		".devcontainer/devcontainer.json": `{
	// JSONC: comments and trailing commas
	"image": "mcr.microsoft.com/devcontainers/go:1-1.21-bookworm",
	"features": {
		"ghcr.io/devcontainers/features/go:1": {
			"version": "1.21.4",
		},
	},
}
`,
		"other/.devcontainer.json": `{"image": "golang:1.22-alpine"}`,
	})
	set := collect(t, dir)
	expect(t, set, `devcontainer image .devcontainer/devcontainer.json:3 "1.21"`,
		`devcontainer Go feature .devcontainer/devcontainer.json:6 "1.21.4"`,
		`devcontainer image other/.devcontainer.json:1 "1.22"`)
}

func TestDevcontainerBuild(t *testing.T) {
	dir := repo(t, map[string]string{
		".devcontainer/devcontainer.json": `{
	"build": {
		"dockerfile": "Dockerfile",
		"args": {
			// Go version of the image
			"VARIANT": "1-1.22-bookworm",
		},
	},
}
`,
		".devcontainer/Dockerfile": "ARG VARIANT=1-1.21-bullseye\nFROM mcr.microsoft.com/devcontainers/go:${VARIANT}\n",
	})
	set := collect(t, dir)
	expect(t, set, `devcontainer image .devcontainer/devcontainer.json:6 "1.22" (build argument VARIANT of Dockerfile)`)
	for _, s := range set.Of(DevcontainerImage) {
		if !s.UsesModule || s.Dir != dir {
			t.Errorf("%+v", s)
		}
	}
}

func TestDockerfile(t *testing.T) {
	dir := repo(t, map[string]string{
		"Dockerfile": "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.21.5\nARG NOPE\n" +
			"FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build\nRUN go build ./...\n" +
			"FROM golang:$NOPE AS x\n" +
			"FROM docker.io/library/golang:1.22 \\\n  AS y\n" +
			"FROM alpine:3.19\nFROM golang AS latest\n",
		"build/app.dockerfile": "FROM golang:1.20rc1@sha256:0123\n",
	})
	set := collect(t, dir)
	expect(t, set, `Dockerfile Dockerfile:2 "1.21.5" (the version comes from ARG on line 2)`,
		`Dockerfile Dockerfile:6 "" (FROM golang:$NOPE uses a build argument without a default)`,
		`Dockerfile Dockerfile:7 "1.22"`, `Dockerfile Dockerfile:10 ""`, `Dockerfile build/app.dockerfile:1 "1.20rc1"`)
}

func TestDockerfileStageUsesModule(t *testing.T) {
	dir := repo(t, map[string]string{
		"Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n" +
			"FROM golang:1.21 AS tools\nRUN go install example.com/tool@v1.0.0\n" +
			"FROM golang:1.20 AS vet\nCOPY --from=build /src /src\nRUN go vet ./...\n" +
			"FROM golang:1.19 AS base\nCOPY . .\nFROM base AS test\nRUN CGO_ENABLED=0 go test ./...\n" +
			"FROM golang:1.18 AS mounted\nRUN --mount=type=bind,target=/src cd /src && go build ./...\n",
	})
	var got []string
	for _, s := range collect(t, dir).Sources {
		got = append(got, fmt.Sprintf("%s:%v", s.Version, s.UsesModule))
	}
	if want := "1.22:true 1.21:false 1.20:false 1.19:true 1.18:true"; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
}

func TestCollectStopsWithContext(t *testing.T) {
	dir := repo(t, map[string]string{"go.mod": "module m\ngo 1.22.0\n"})
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if set := Collect(ctx, f); !strings.Contains(set.Truncated, "time limit") || len(set.Sources) != 0 {
		t.Errorf("truncated %q, %d sources", set.Truncated, len(set.Sources))
	}
}

func TestGoImage(t *testing.T) {
	for ref, want := range map[string]string{
		"golang:1.22":                             "1 1.22",
		"golang:1.22.3-bookworm":                  "1 1.22.3",
		"golang:alpine":                           "1 ",
		"golang":                                  "1 ",
		"library/golang:1.21":                     "1 1.21",
		"mirror.gcr.io/library/golang:1.21":       "1 1.21",
		"myorg/golang:1.21":                       "0 ",
		"mcr.microsoft.com/devcontainers/go:1.22": "2 1.22",
		"mcr.microsoft.com/devcontainers/go:1-1.22-bookworm": "2 1.22",
		"mcr.microsoft.com/devcontainers/go:1":               "2 ",
		"golang:1.22@sha256:abc":                             "1 1.22",
	} {
		k, v := GoImage(ref)
		if got := fmt.Sprintf("%d %s", k, v); got != want {
			t.Errorf("GoImage(%q) = %s, want %s", ref, got, want)
		}
	}
}

func TestWorkflows(t *testing.T) {
	dir := repo(t, map[string]string{
		"go.mod": "module m\n\ngo 1.22.0\n\ntoolchain go1.22.5\n",
		".github/workflows/ci.yml": `name: ci
on: push
env:
  GOTOOLCHAIN: local
jobs:
  test:
    strategy:
      matrix:
        go: [1.20, '1.21', "1.22.x"]
        include:
          - go: stable
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v6
        with:
          go-version: ${{ matrix.go }}
      - run: go test ./...
  lint:
    runs-on: ubuntu-latest
    container: golang:1.21
    defaults:
      run:
        working-directory: svc
    steps:
      - uses: actions/setup-go@v5
        env:
          GOTOOLCHAIN: auto
        with:
          go-version-file: go.mod
      - uses: golangci/golangci-lint-action@v6
        with:
          version: v1.64.8
  other:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version-file: missing/go.mod
      - uses: actions/setup-go@v5
        with:
          go-version: ${{ env.GO }}
`,
		".github/workflows/sub/x.yml": "jobs: {}\n",
	})
	set := collect(t, dir)
	expect(t, set,
		`setup-go go-version .github/workflows/ci.yml:9 "1.20" -> "1.2" matrix.go (the unquoted YAML number 1.20 is 1.2)`,
		`setup-go go-version .github/workflows/ci.yml:9 "1.21" matrix.go`,
		`setup-go go-version .github/workflows/ci.yml:9 "1.22.x" matrix.go`,
		`setup-go go-version .github/workflows/ci.yml:11 "stable" matrix.go`,
		`workflow job container .github/workflows/ci.yml:21 "1.21"`,
		`setup-go go-version-file .github/workflows/ci.yml:30 "go.mod" -> "1.22.5"`,
		`golangci-lint-action version .github/workflows/ci.yml:33 "v1.64.8"`,
		`setup-go go-version-file .github/workflows/ci.yml:39 "missing/go.mod" -> "" (missing)`,
		`setup-go go-version .github/workflows/ci.yml:42 "${{ env.GO }}" -> "" (env.GO is not set in the workflow)`,
	)
	for _, s := range set.Of(SetupGo) {
		if s.GOTOOLCHAIN != "local" || !strings.HasSuffix(s.GOTOOLCHAINWhere, "ci.yml:4") {
			t.Errorf("%s: GOTOOLCHAIN %q from %q", s.Where(), s.GOTOOLCHAIN, s.GOTOOLCHAINWhere)
		}
	}
	for _, s := range set.Of(SetupGoFile) {
		if s.Line == 30 && (s.GOTOOLCHAIN != "auto" || s.Dir != filepath.Join(dir, "svc")) {
			t.Errorf("%s: GOTOOLCHAIN %q dir %s", s.Where(), s.GOTOOLCHAIN, s.Dir)
		}
	}
}

func TestWorkflowExpressions(t *testing.T) {
	dir := repo(t, map[string]string{
		".github/workflows/ci.yml": `env:
  GO_VERSION: '1.22.3'
  GO_MINOR: "21"
jobs:
  a:
    env:
      GO_VERSION: "1.23"
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: ${{ env.GO_VERSION }}
  b:
    strategy:
      matrix:
        minor: [21, 22]
    steps:
      - uses: actions/setup-go@v5
        with:
          go-version: 1.${{ matrix.minor }}.x
      - uses: actions/setup-go@v5
        with:
          go-version: '1.${{ env.GO_MINOR }}'
      - uses: actions/setup-go@v5
        with:
          go-version: ${{ steps.x.outputs.v }}
`,
	})
	expect(t, collect(t, dir),
		`setup-go go-version .github/workflows/ci.yml:7 "1.23"`,
		`setup-go go-version .github/workflows/ci.yml:15 "21" -> "1.21.x" matrix.minor (go-version 1.${{ matrix.minor }}.x)`,
		`setup-go go-version .github/workflows/ci.yml:15 "22" -> "1.22.x" matrix.minor`,
		`setup-go go-version .github/workflows/ci.yml:3 "21" -> "1.21" (go-version 1.${{ env.GO_MINOR }} with env substituted)`,
		`setup-go go-version .github/workflows/ci.yml:25 "${{ steps.x.outputs.v }}" -> "" (an expression godx does not evaluate)`,
	)
}

func TestGoVersionFileLocal(t *testing.T) {
	// With GOTOOLCHAIN=local in the step's environment setup-go reads
	// the go line, not the toolchain line.
	dir := repo(t, map[string]string{
		"go.mod": "module m\n\ngo 1.22.0\n\ntoolchain go1.22.5\n",
		".github/workflows/ci.yml": "jobs:\n  t:\n    env: {GOTOOLCHAIN: local}\n    steps:\n" +
			"      - uses: actions/setup-go@v6\n        with: {go-version-file: go.mod}\n",
	})
	expect(t, collect(t, dir), `setup-go go-version-file .github/workflows/ci.yml:6 "go.mod" -> "1.22.0"`)
}

func TestGitLabAndGolangci(t *testing.T) {
	dir := repo(t, map[string]string{
		".gitlab-ci.yml": "variables:\n  GO_VERSION: \"1.21\"\nimage: golang:${GO_VERSION}\n" +
			"test:\n  image:\n    name: golang:1.22-alpine\n  script: [go test ./...]\n" +
			".hidden:\n  image: golang:1.10\nlint:\n  image: golangci/golangci-lint:v1.64\nbuild:\n  script: [go build ./...]\n",
		".golangci.yml":    "version: \"2\"\nrun:\n  go: 1.20\n",
		"a/.golangci.yaml": "run:\n  timeout: 5m\n  go: '1.23'\n",
	})
	set := collect(t, dir)
	expect(t, set, `GitLab CI image .gitlab-ci.yml:2 "1.21"`, `GitLab CI image .gitlab-ci.yml:6 "1.22"`,
		`golangci-lint config version .golangci.yml:1 "2"`,
		`golangci-lint run.go .golangci.yml:3 "1.20" -> "1.2" (the unquoted YAML number 1.20 is 1.2)`,
		`golangci-lint run.go a/.golangci.yaml:3 "1.23"`)
	if n := len(set.Of(GitLabImage)); n != 2 {
		t.Errorf("%d GitLab images, want 2:\n%s", n, show(set))
	}
}

// Of the golangci-lint configurations in one folder only the one its
// loader takes counts (json, toml, yaml, yml: the first found); godx
// reads JSON with the same reader, and no TOML.
func TestGolangciLoadedFileOnly(t *testing.T) {
	dir := repo(t, map[string]string{
		".golangci.json":   "{\n\t\"version\": \"2\",\n\t\"run\": {\"go\": \"1.24\"}\n}\n",
		".golangci.yml":    "run:\n  go: '1.10'\n",
		"a/.golangci.toml": "[run]\ngo = \"1.23\"\n",
		"a/.golangci.yml":  "run:\n  go: '1.10'\n",
		"b/.golangci.yaml": "run:\n  go: '1.21'\n",
		"b/.golangci.yml":  "run:\n  go: '1.10'\n",
	})
	set := collect(t, dir)
	expect(t, set, `golangci-lint config version .golangci.json:2 "2"`, `golangci-lint run.go .golangci.json:3 "1.24"`,
		`golangci-lint run.go b/.golangci.yaml:2 "1.21"`)
	for _, src := range set.Of(GolangciRunGo) {
		if src.Version == "1.10" || src.Version == "1.23" {
			t.Errorf("a file golangci-lint does not load (or TOML) was read: %+v", src)
		}
	}
}

func TestGitLabDefaultImageUnused(t *testing.T) {
	// Every job has its own image: the top-level one runs nothing.
	dir := repo(t, map[string]string{".gitlab-ci.yml": "image: golang:1.10\ntest:\n  image: golang:1.22\n  script: [go test]\n"})
	if imgs := collect(t, dir).Of(GitLabImage); len(imgs) != 1 || imgs[0].Version != "1.22" {
		t.Errorf("%+v", imgs)
	}
}

func TestBrokenFilesAreProblems(t *testing.T) {
	dir := repo(t, map[string]string{
		".github/workflows/bad.yml":       "jobs: [\n",
		".devcontainer/devcontainer.json": "{ \"image\": ",
		"go.mod":                          "module m\ngo 1.22.0\n",
	})
	set := collect(t, dir)
	if len(set.Problems) != 2 {
		t.Errorf("problems: %q", set.Problems)
	}
	if len(set.Of(GoModGo)) != 1 {
		t.Error("go.mod not read next to broken files")
	}
}

func TestReplace(t *testing.T) {
	src := "a: 1.21\nimage: golang:1.21-alpine # 1.21\nv: 1.21.5\n"
	rw := Replace(2, 0, "1.21", "1.22")
	got, err := rw([]byte(src))
	if err != nil || string(got) != "a: 1.21\nimage: golang:1.22-alpine # 1.21\nv: 1.21.5\n" {
		t.Fatalf("got %q, %v", got, err)
	}
	again, err := Replace(2, 0, "1.21", "1.22")(got)
	if err != nil || string(again) != string(got) {
		t.Errorf("second run changed %q to %q (%v)", got, again, err)
	}
	if _, err := Replace(3, 0, "1.21", "1.22")([]byte(src)); err == nil {
		t.Error("1.21 matched inside 1.21.5")
	}
	if _, err := Replace(9, 0, "1.21", "1.22")([]byte(src)); err == nil {
		t.Error("no error for a missing line")
	}
	flow := "go: ['1.21', '1.22']\n"
	got, _ = Replace(1, 14, "1.22", "1.23")([]byte(flow))
	if string(got) != "go: ['1.21', '1.23']\n" {
		t.Errorf("column: %q", got)
	}
	crlf := "go-version: 1.20\r\nx: y\r\n"
	got, _ = Replace(1, 13, "1.20", "'1.22.0'")([]byte(crlf))
	if string(got) != "go-version: '1.22.0'\r\nx: y\r\n" {
		t.Errorf("CRLF: %q", got)
	}
	got, _ = Replace(1, 0, "1.22.0", "1.23.0")([]byte("toolchain go1.22.0\n"))
	if string(got) != "toolchain go1.23.0\n" {
		t.Errorf("go prefix: %q", got)
	}
}

func TestWalkBounds(t *testing.T) {
	o := factstest.New()
	o.Wd = "/repo"
	o.AddDir("/repo/.git")
	for i := 0; i < maxEntries+10; i++ {
		o.AddFile(fmt.Sprintf("/repo/a/f%05d.txt", i), "", 0)
	}
	o.AddFile("/repo/go.mod", "module m\ngo 1.22.0\n", 0)
	o.AddFile("/repo/z/go.mod", "module z\ngo 1.22.0\n", 0) // queued after a's huge listing
	f, err := facts.New(context.Background(), o, facts.Options{Dir: "/repo"})
	if err != nil {
		t.Fatal(err)
	}
	set := Collect(context.Background(), f)
	if !strings.Contains(set.Truncated, "the walk stopped after") {
		t.Errorf("truncated = %q", set.Truncated)
	}
	if len(set.Of(GoModGo)) != 1 {
		t.Errorf("want only the root go.mod read before the bound:\n%s", show(set))
	}
}

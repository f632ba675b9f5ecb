package project

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// fakeRepo is a fake Linux machine with a git repository at /repo
// holding files (paths relative to /repo). It has no go command, so the
// release list is unknown: stable and oldstable stay unresolved.
func fakeRepo(files map[string]string) *factstest.OS {
	o := factstest.New()
	o.Wd = "/repo"
	o.AddDir("/repo/.git")
	for name, content := range files {
		o.AddFile("/repo/"+name, content, 0)
	}
	return o
}

func run(t *testing.T, o *factstest.OS) checktest.Result {
	t.Helper()
	return checktest.Run(t, GoVersions, o, facts.Options{Dir: "/repo", Offline: true})
}

// applyFix runs the finding's edit on the fake file twice: the second
// run must change nothing.
func applyFix(t *testing.T, o *factstest.OS, fd check.Finding) string {
	t.Helper()
	if fd.Fix == nil || fd.Fix.Auto == nil {
		t.Fatalf("no automatic fix: %s", checktest.Text(fd))
	}
	old, err := o.ReadFile(fd.Fix.Auto.Path, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	once, err := fd.Fix.Auto.Rewrite(old)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := fd.Fix.Auto.Rewrite(once)
	if err != nil || string(twice) != string(once) {
		t.Errorf("second rewrite changed %q to %q (%v)", once, twice, err)
	}
	return string(once)
}

const goMod122 = "module example.com/m\n\ngo 1.22.0\n"

func TestAgreeingSourcesAreClean(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod":           goMod122,
		".go-version":      "1.22.5\n",
		".tool-versions":   "golang 1.22.5\n",
		"Dockerfile":       "FROM golang:1.22-alpine AS build\nCOPY . .\nRUN go build ./...\n",
		"tools/Dockerfile": "FROM golang:1.20 AS tools\nCOPY tools.txt .\nRUN go install example.com/tool@v1.2.3\n",
		".github/workflows/ci.yml": "jobs:\n  t:\n    strategy:\n      matrix:\n        go: ['1.22', '1.23', stable]\n    steps:\n" +
			"      - uses: actions/setup-go@v6\n        with:\n          go-version: ${{ matrix.go }}\n" +
			"      - uses: actions/setup-go@v6\n        with:\n          go-version: '^1.21'\n" +
			"      - uses: actions/setup-go@v6\n        with:\n          go-version: oldstable\n",
		".golangci.yml": "version: \"2\"\nrun:\n  go: '1.22'\n",
	})
	checktest.Clean(t, run(t, o), "go.mod go 1.22.0", "other version sources agree")
	checkt := run(t, fakeRepo(map[string]string{"go.mod": goMod122}))
	checktest.Clean(t, checkt, "no other file names a Go version")
}

func TestNoModuleSkips(t *testing.T) {
	checktest.Skipped(t, run(t, fakeRepo(map[string]string{".go-version": "1.21\n"})), "no go.mod")
}

func TestSetupGoV6OlderIsError(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod": goMod122,
		".github/workflows/ci.yml": "jobs:\n  test:\n    steps:\n      - uses: actions/setup-go@v6\n        with:\n" +
			"          go-version: 1.21.5\n      - run: go test ./...\n",
	})
	fd := checktest.OnlyWithFix(t, run(t, o), check.Error, "job test sets up Go 1.21.5",
		"actions/setup-go v6 and later export GOTOOLCHAIN=local",
		"go: go.mod requires go >= 1.22.0 (running go 1.21.5; GOTOOLCHAIN=local)")
	if fd.Position == nil || fd.Position.File != "/repo/.github/workflows/ci.yml" || fd.Position.Line != 6 {
		t.Errorf("position %+v", fd.Position)
	}
	got := applyFix(t, o, fd)
	if !strings.Contains(got, "          go-version: '1.22.0'\n      - run: go test ./...\n") {
		t.Errorf("fixed workflow:\n%s", got)
	}
}

func TestSetupGoV5MatrixSwitchesTwice(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod": goMod122,
		".github/workflows/ci.yml": "jobs:\n  test:\n    strategy:\n      matrix:\n        go-version: [1.20, '1.21.x', '1.22']\n    steps:\n" +
			"      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go-version }}\n",
	})
	r := run(t, o)
	if len(r.Findings) != 2 {
		t.Fatalf("want two findings, got:\n%v", r)
	}
	all := checktest.Text(r.Findings[0]) + checktest.Text(r.Findings[1])
	for _, want := range []string{
		`matrix.go-version "1.20" (the unquoted YAML number 1.20 is 1.2: quote it, as setup-go's README asks)`,
		`A Go matching "1.2" does not enforce the go line`,
		`matrix.go-version "1.21.x"`, "GOTOOLCHAIN=auto makes every go command download go1.22.0 and run it",
		"Drop 1.21.x from matrix.go-version",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%v", want, r)
		}
	}
	for _, fd := range r.Findings {
		if fd.Severity != check.Warning || fd.Fix == nil || fd.Fix.Auto != nil {
			t.Errorf("matrix entries are warnings without automatic fixes:\n%v", r)
		}
	}
}

func TestMatrixSameGoTwice(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod": "module m\n\ngo 1.23.0\n",
		".github/workflows/ci.yml": "jobs:\n  test:\n    strategy:\n      matrix:\n        go: ['1.21.x', '1.22.x', '1.23.0']\n    steps:\n" +
			"      - uses: actions/setup-go@v5\n        with:\n          go-version: ${{ matrix.go }}\n",
	})
	r := run(t, o)
	if len(r.Findings) != 2 {
		t.Fatalf("want two findings, got:\n%v", r)
	}
	if !strings.Contains(r.Findings[0].Detail, `tests go1.23.0 more than once: "1.22.x", "1.23.0" also run it.`) {
		t.Errorf("detail: %s", r.Findings[0].Detail)
	}
}

func TestGoVersionFileMissingAndMonorepo(t *testing.T) {
	o := fakeRepo(map[string]string{
		"svc/a/go.mod": "module a\n\ngo 1.21.0\n",
		"svc/b/go.mod": "module b\n\ngo 1.23.0\n",
		".github/workflows/ci.yml": "jobs:\n  b:\n    defaults:\n      run:\n        working-directory: svc/b\n    steps:\n" +
			"      - uses: actions/setup-go@v6\n        with:\n          go-version-file: svc/a/go.mod\n" +
			"  c:\n    steps:\n      - uses: actions/setup-go@v6\n        with:\n          go-version-file: go.mod\n",
	})
	r := run(t, o)
	if len(r.Findings) != 2 {
		t.Fatalf("want two findings, got:\n%v", r)
	}
	all := checktest.Text(r.Findings[0]) + checktest.Text(r.Findings[1])
	for _, want := range []string{
		"job b sets up Go 1.21.0 (go-version-file svc/a/go.mod, which says 1.21.0), older than the go line of svc/b/go.mod (1.23.0)",
		"go: go.mod requires go >= 1.23.0 (running go 1.21.0; GOTOOLCHAIN=local)",
		"Point go-version-file at svc/b/go.mod",
		"setup-go's go-version-file go.mod does not exist",
		"The specified go version file at: go.mod does not exist",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%v", want, r)
		}
	}
}

func TestInvalidSpec(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod":                   goMod122,
		".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v5\n        with: {go-version: go1.22}\n",
	})
	fd := checktest.OnlyWithFix(t, run(t, o), check.Error, `setup-go cannot match go-version "go1.22"`, "Unable to find Go version 'go1.22'")
	if got := applyFix(t, o, fd); !strings.Contains(got, "with: {go-version: '1.22.0'}") {
		t.Errorf("fixed: %s", got)
	}
}

func TestImages(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod":            "module m\n\ngo 1.22.0\n\ntoolchain go1.22.4\n",
		"Dockerfile":        "ARG GO_VERSION=1.21.5\nFROM golang:${GO_VERSION}-bookworm AS build\nCOPY . .\nRUN go build ./...\nFROM scratch\n",
		".gitlab-ci.yml":    "image: golang:1.22.1\ntest:\n  script: [go test ./...]\n",
		"deploy/Dockerfile": "FROM golang:1.21 AS b\nENV GOTOOLCHAIN=auto\nRUN --mount=target=. go build\n",
	})
	r := run(t, o)
	if len(r.Findings) != 3 {
		t.Fatalf("want three findings, got:\n%v", r)
	}
	byFile := map[string]check.Finding{}
	for _, fd := range r.Findings {
		byFile[fd.Position.File] = fd
	}
	fd := byFile["/repo/Dockerfile"]
	if fd.Severity != check.Error || fd.Position.Line != 1 || !strings.Contains(fd.Detail, "go: go.mod requires go >= 1.22.0 (running go 1.21.5; GOTOOLCHAIN=local)") {
		t.Errorf("Dockerfile: %s", checktest.Text(fd))
	}
	if got := applyFix(t, o, fd); !strings.HasPrefix(got, "ARG GO_VERSION=1.22.4\nFROM golang:${GO_VERSION}-bookworm AS build\nCOPY . .\n") {
		t.Errorf("fixed Dockerfile: %q", got)
	}
	fd = byFile["/repo/deploy/Dockerfile"]
	if fd.Severity != check.Warning || !strings.Contains(fd.Detail, "downloads go1.22.4") {
		t.Errorf("ENV GOTOOLCHAIN=auto: %s", checktest.Text(fd))
	}
	if got := applyFix(t, o, fd); !strings.HasPrefix(got, "FROM golang:1.22 AS b\n") {
		t.Errorf("fixed deploy/Dockerfile: %q", got)
	}
	fd = byFile["/repo/.gitlab-ci.yml"]
	if fd.Severity != check.Info || !strings.Contains(fd.Summary, "older than the toolchain line of go.mod (go1.22.4)") {
		t.Errorf("GitLab: %s", checktest.Text(fd))
	}
	if got := applyFix(t, o, fd); !strings.HasPrefix(got, "image: golang:1.22.4\n") {
		t.Errorf("fixed GitLab: %q", got)
	}
}

func TestJobContainer(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod":                   goMod122,
		".github/workflows/ci.yml": "jobs:\n  test:\n    container:\n      image: golang:1.21-alpine\n    steps:\n      - run: go test ./...\n",
	})
	fd := checktest.OnlyWithFix(t, run(t, o), check.Error, ".github/workflows/ci.yml:4: the image golang:1.21-alpine has Go 1.21", "every go command in the CI job stops")
	if got := applyFix(t, o, fd); !strings.Contains(got, "      image: golang:1.22-alpine\n") {
		t.Errorf("fixed: %s", got)
	}
}

func TestManagersMonorepo(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.work":                         "go 1.23.0\n\nuse ./a\n",
		"a/go.mod":                        "module a\n\ngo 1.23.0\n",
		"b/go.mod":                        "module b\n\ngo 1.24.0\n",
		"c/go.mod":                        "module c\n\ngo 1.26.0\n",
		"c/.go-version":                   "1.26.1\n",
		".tool-versions":                  "golang 1.23.2\n",
		"b/mise.toml":                     "[tools]\ngo = \"1.24\"\n",
		".devcontainer/devcontainer.json": "{\n  // Go\n  \"features\": {\n    \"ghcr.io/devcontainers/features/go:1\": {\"version\": \"1.22\"}\n  }\n}\n",
	})
	r := run(t, o)
	// .tool-versions (1.23.2) governs a (1.23.0: fine) and b, but b has
	// its own mise.toml (1.24: fine); c has .go-version. The devcontainer
	// feature governs .devcontainer, under the go.work's root.
	if len(r.Findings) != 1 {
		t.Fatalf("want one finding, got:\n%v", r)
	}
	fd := checktest.OnlyWithFix(t, r, check.Warning, ".devcontainer/devcontainer.json:4: the dev container's Go feature installs Go 1.22, older than the go line of go.work (1.23.0)",
		"downloads go1.23.0")
	if got := applyFix(t, o, fd); !strings.Contains(got, `{"version": "1.23"}`) || !strings.Contains(got, "// Go\n") {
		t.Errorf("fixed devcontainer.json: %s", got)
	}

	o.AddFile("/repo/b/mise.toml", "[tools]\ngo = \"1.23.5\"\n", 0)
	r = run(t, o)
	if len(r.Findings) != 2 || !strings.Contains(checktest.Text(r.Findings[1]), "b/mise.toml:2 pins Go 1.23.5, older than the go line of b/go.mod (1.24.0)") {
		t.Errorf("mise.toml in b governs b:\n%v", r)
	}
}

func TestManagerExactQuotesGo(t *testing.T) {
	o := fakeRepo(map[string]string{"go.mod": goMod122, ".tool-versions": "nodejs 20\ngolang 1.21.3 # old\n"})
	fd := checktest.OnlyWithFix(t, run(t, o), check.Warning, ".tool-versions:2 pins Go 1.21.3",
		"go: go.mod requires go >= 1.22.0 (running go 1.21.3; GOTOOLCHAIN=local)")
	if got := applyFix(t, o, fd); got != "nodejs 20\ngolang 1.22.0 # old\n" {
		t.Errorf("fixed: %q", got)
	}
}

func TestGolangci(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod":                     goMod122,
		".golangci.yml":              "run:\n  go: \"1.24\"\n",
		".github/workflows/lint.yml": "jobs:\n  lint:\n    steps:\n      - uses: golangci/golangci-lint-action@v8\n        with:\n          version: v2.1.6\n",
	})
	r := run(t, o)
	if len(r.Findings) != 2 {
		t.Fatalf("want two findings, got:\n%v", r)
	}
	all := checktest.Text(r.Findings[0]) + checktest.Text(r.Findings[1])
	for _, want := range []string{
		".golangci.yml:2: run.go is 1.24, newer than the go line of go.mod (1.22.0)",
		"requires go1.24 or later (-lang was set to go1.22; check go.mod)",
		"runs golangci-lint v2.1.6, a v2 release, but .golangci.yml is not a version 2 configuration",
		`Error: can't load config: unsupported version of the configuration: ""`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%v", want, r)
		}
	}
	for _, fd := range r.Findings {
		if fd.Position.File == "/repo/.golangci.yml" {
			if got := applyFix(t, o, fd); got != "run:\n  go: \"1.22\"\n" {
				t.Errorf("fixed: %q", got)
			}
		}
	}
}

func TestWindowsPaths(t *testing.T) {
	o := factstest.New()
	o.OSName = "windows"
	o.Wd = `C:\repo`
	o.AddDir("C:/repo/.git")
	o.AddFile("C:/repo/go.mod", goMod122, 0)
	o.AddFile("C:/repo/svc/Dockerfile", "FROM golang:1.21.1\r\nCOPY . .\r\nRUN go build\r\n", 0)
	o.AddFile("C:/repo/.github/workflows/ci.yml", "jobs:\r\n  t:\r\n    container: golang:1.22.0\r\n    steps:\r\n"+
		"      - uses: actions/setup-go@v6\r\n        with:\r\n          go-version-file: go.mod\r\n", 0)
	r := checktest.Run(t, GoVersions, o, facts.Options{Dir: `C:\repo`, Offline: true})
	fd := checktest.Only(t, r, check.Error, "svc/Dockerfile:1: the image golang:1.21.1 has Go 1.21.1",
		"go: go.mod requires go >= 1.22.0 (running go 1.21.1; GOTOOLCHAIN=local)")
	if got := applyFix(t, o, fd); got != "FROM golang:1.22.0\r\nCOPY . .\r\nRUN go build\r\n" {
		t.Errorf("fixed: %q", got)
	}
	if ev := checktest.Text(fd); strings.Contains(ev, `\`) {
		t.Errorf("paths shown with backslashes: %s", ev)
	}
}

func TestDevcontainerBuildArgs(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod":                          goMod122,
		".devcontainer/devcontainer.json": "{\n  \"build\": {\n    \"dockerfile\": \"Dockerfile\",\n    \"args\": {\"GO\": \"1.21\"}, // pinned\n  },\n}\n",
		".devcontainer/Dockerfile":        "ARG GO=1.22\nFROM golang:${GO}\n",
	})
	fd := checktest.OnlyWithFix(t, run(t, o), check.Error, ".devcontainer/devcontainer.json:4: the image golang:1.21 has Go 1.21", "every go command in the dev container stops")
	if got := applyFix(t, o, fd); !strings.Contains(got, `"args": {"GO": "1.22"}, // pinned`) {
		t.Errorf("fixed: %s", got)
	}
}

func TestGolangciLintActionMajors(t *testing.T) {
	wf := func(uses, with string) map[string]string {
		return map[string]string{
			"go.mod":                     goMod122,
			".golangci.yml":              "linters:\n  enable: [govet]\n",
			".github/workflows/lint.yml": "jobs:\n  lint:\n    steps:\n      - uses: " + uses + "\n" + with,
		}
	}
	// v7 and later install golangci-lint v2, which refuses a v1 config.
	checktest.Only(t, run(t, fakeRepo(wf("golangci/golangci-lint-action@v8", ""))), check.Error,
		"runs golangci-lint the latest v2 release (golangci/golangci-lint-action@v8), a v2 release, but .golangci.yml is not a version 2 configuration")
	// v6 installs v1: fine with a v1 config.
	checktest.Clean(t, run(t, fakeRepo(wf("golangci/golangci-lint-action@v6", "        with:\n          version: latest\n"))))
	// A v1 pin on v8 fails in the action itself.
	checktest.Only(t, run(t, fakeRepo(wf("golangci/golangci-lint-action@v8.0.0", "        with:\n          version: v1.64.8\n"))), check.Error,
		"invalid version string 'v1.64.8', golangci-lint v1 is not supported by golangci-lint-action >= v7.")
	checktest.Only(t, run(t, fakeRepo(wf("golangci/golangci-lint-action@v7", "        with:\n          version: v1.64.8\n"))), check.Error,
		"is not supported by golangci-lint-action v7.`")
}

func TestSetupGoPrereleaseSpec(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod":                   goMod122,
		".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v6\n        with: {go-version: 1.22.0-rc.1}\n",
	})
	checktest.Only(t, run(t, o), check.Error, "sets up Go 1.22rc1", "go: go.mod requires go >= 1.22.0 (running go 1.22rc1; GOTOOLCHAIN=local)")
}

func TestSetupGoV5WithLocalEnv(t *testing.T) {
	o := fakeRepo(map[string]string{
		"go.mod": goMod122,
		".github/workflows/ci.yml": "env:\n  GOTOOLCHAIN: local\njobs:\n  t:\n    steps:\n      - uses: actions/setup-go@v5\n" +
			"        with:\n          go-version: '~1.21.3'\n",
	})
	checktest.Only(t, run(t, o), check.Error, "GOTOOLCHAIN=local is set at .github/workflows/ci.yml:2",
		"every go command in the job stops with the go command's `go: go.mod requires go >= 1.22.0` error.")
}

func TestWorkspaceNewerLineGoverns(t *testing.T) {
	for _, tc := range []struct{ work, mod, want string }{
		{"1.21.0", "1.23.0", "older than the go line of a/go.mod (1.23.0)"},
		{"1.23.0", "1.21.0", "older than the go line of go.work (1.23.0)"},
	} {
		o := fakeRepo(map[string]string{
			"go.work":      "go " + tc.work + "\n\nuse ./a\n",
			"a/go.mod":     "module a\n\ngo " + tc.mod + "\n",
			"a/Dockerfile": "FROM golang:1.22\nCOPY . .\nRUN go build ./...\n",
		})
		checktest.Only(t, run(t, o), check.Error, tc.want)
	}
}

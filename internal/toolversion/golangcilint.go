package toolversion

import (
	"regexp"
	"sync"

	"github.com/godx-dev/godx/internal/facts"
)

// The modules of golangci-lint's two major versions, and the packages `go
// install` builds them from (`...golangci-lint@latest` without /v2 still
// installs v1).
const (
	GolangciLintV1Module  = "github.com/golangci/golangci-lint"
	GolangciLintV1Package = "github.com/golangci/golangci-lint/cmd/golangci-lint"
	GolangciLintV2Module  = "github.com/golangci/golangci-lint/v2"
	GolangciLintV2Package = "github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
)

// GolangciLintMajor is 1 or 2, from the module path of a golangci-lint
// binary (the main module, or a dependency of a custom build made with
// `golangci-lint custom`); 0 when unknown.
func GolangciLintMajor(t facts.ToolBinary) int {
	major := func(p string) int {
		switch p {
		case GolangciLintV1Module:
			return 1
		case GolangciLintV2Module:
			return 2
		}
		return 0
	}
	if m := major(t.ModulePath()); m != 0 {
		return m
	}
	if t.Info != nil {
		for _, d := range t.Info.Deps {
			if m := major(d.Path); m != 0 {
				return m
			}
		}
	}
	return 0
}

var golangciLintVersionRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`has version v?(\d+\.\d+\.\d+\S*) built with (go\S+)`)
})

// ParseGolangciLintVersion reads the output of `golangci-lint version`:
// "golangci-lint has version 2.13.1 built with go1.26.8 from ..." ->
// "v2.13.1", "go1.26.8".
func ParseGolangciLintVersion(out string) (version, built string, err error) {
	m := golangciLintVersionRE().FindStringSubmatch(out)
	if m == nil {
		return "", "", unexpected(out)
	}
	return "v" + m[1], m[2], nil
}

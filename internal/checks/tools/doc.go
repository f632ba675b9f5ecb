// Package tools holds the checks of the tools/ area: the Go tools that
// the shell, the editor and go.mod run next to the go command (gopls,
// Delve, golangci-lint, staticcheck, TinyGo, go.mod tool directives, and
// whatever else `go install` put in GOBIN), and whether each supports the
// Go that builds the project.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; finding and reading tool binaries, which Go builds the
// project, the tables of which tool release supports which Go, and the
// `go install` fix command live in internal/toolversion, and golangci-lint's
// configuration in internal/golangciconfig. binaries.go holds the wording
// the checks of tool binaries share.
package tools

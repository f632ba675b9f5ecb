// Package project holds the checks of the project/ area: what the
// repository's own files say about the Go it is built and tested with
// (CI workflows, container images, version-manager files, linter
// configuration), compared with what its go.mod files require.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. Reading the files lives in the
// library package internal/versionsources, and actions/setup-go's version
// matching in internal/setupgo.
package project

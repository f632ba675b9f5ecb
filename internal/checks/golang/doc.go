// Package golang holds the checks of the go/ area: the go command itself
// and what it depends on — which go runs and which others are on PATH,
// GOROOT and the installation's integrity, GOPATH and the install
// directory, the release it is, the build and module caches, and the file
// `go env -w` writes. (The package is not called go: that is a keyword.)
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; probing and parsing what it judges lives in library packages:
// the layout of a Go installation and its compiler's version in
// internal/goinstall, go env files in internal/goenvfile, the state of a
// directory the go command writes into in internal/dirstate, the Go
// release list in internal/goreleases. The wording two checks of the area
// share lives in files named for it, not in either check's file:
// pathfix.go (putting a directory on PATH for good) and errreason.go.
package golang

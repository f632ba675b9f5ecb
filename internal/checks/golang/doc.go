// Package golang holds the checks of the go/ area: the go command itself
// and the installation, settings and directories it depends on — which
// go runs, GOROOT, GOPATH and the install directory, the release it is,
// the build and module caches, and the file `go env -w` writes. (The
// package is not called go, a keyword.)
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; probing and parsing what it judges lives in library packages
// (the layout of a Go installation in internal/goinstall, the go env file
// format in internal/goenvfile, the state of a directory the go command
// will write into in internal/dirstate, the Go release list in
// internal/goreleases). pathfix.go and errwords.go hold the wording two
// checks of this area share.
package golang

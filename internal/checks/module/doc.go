// Package module holds the checks of the module/ area: whether the go
// command runs in module mode, whether it can read the go.mod and go.work
// in effect, which Go toolchain they select, whether the workspace lists
// the project's module, and whether GOFLAGS lets any of it build.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; what they share (searching up for a file, the command that
// moves a stray file aside) is in paths.go. Replaying the go command lives
// in library packages: GOFLAGS in internal/goflags, vendor/modules.txt in
// internal/modvendor, toolchain selection in internal/gotoolchain.
package module

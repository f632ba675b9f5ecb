// Package host holds the checks of the host/ area: what the machine
// itself does to Go — a go command running under CPU emulation, a C
// toolchain that cannot build cgo code, a Go installed by a distribution
// package that falls behind.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; the C compiler questions (and the distribution's packages for
// it) live in internal/ccompiler, the Go release list in
// internal/goreleases, and what the machine is (native CPU, executable
// headers) in internal/facts.
package host

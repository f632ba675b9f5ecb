// Package cgo holds the checks of the cgo/ area: whether cgo is on when
// the module needs it, and whether the C compiler it runs exists.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; which C compiler cgo uses, how to install one and which
// packages import "C" live in internal/ccompiler, shared with
// host/c-toolchain.
package cgo

//go:build !cgo || !linux

package prestart

// Only a Linux build with cgo starts go env from C (prestart_cgo_linux.go).
func adoptEarly() *Early { return nil }

// Package wsl holds the checks of the wsl/ area: Go inside the Windows
// Subsystem for Linux, where the Windows drives and the Windows PATH are
// within reach but slow or wrong for a Linux go.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry; every wsl/ check is skipped outside
// WSL (require.go). A check file decides and words its findings; detecting
// WSL, reading the mount table and /etc/wsl.conf, and asking Windows
// through interop (%UserProfile%, its .wslconfig, the proxy settings)
// live in internal/facts; parsing .wslconfig, reg.exe's answers and
// resolv.conf in internal/wslconfig.
package wsl

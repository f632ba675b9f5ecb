// Package goinstall probes the layout of a Go installation (a GOROOT): the
// installation a go binary belongs to, and the version of the compiler an
// installation builds with.
//
// It reads the machine through facts, so the answers hold for fake
// machines in tests as for the real one; it judges nothing.
package goinstall

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// IsRoot reports whether dir looks like a Go installation: it has
// pkg/tool, where the go command finds its compiler and other tools. A
// GOPATH, a bin directory or a source checkout that was never built has
// none.
func IsRoot(f *facts.Facts, dir string) bool {
	return f.Exists(f.JoinPath(dir, "pkg", "tool"))
}

// RootOfBinary is the installation a go binary lives in, the way cmd/go
// finds it from its own path: bin/go -> .., or bin/GOOS_GOARCH/go -> ../..
// for a cross-compiled go command. resolved is the binary's path with
// symlinks resolved. ok is false when neither directory looks like a Go
// installation (IsRoot); root is then the directory above bin.
func RootOfBinary(f *facts.Facts, resolved string) (root string, ok bool) {
	dir := f.ParentDir(f.ParentDir(resolved))
	if IsRoot(f, dir) {
		return dir, true
	}
	if up := f.ParentDir(dir); IsRoot(f, up) {
		return up, true
	}
	return dir, false
}

// CompilerVersion is the Go version of the compiler at compile
// ($GOTOOLDIR/compile): "go1.26.8", or with experiments "go1.26.8
// X:nodwarf5". The compiler compares its runtime.Version() with the go
// command's before it compiles anything ("compile: version %q does not
// match go tool version %q", cmd/compile/internal/base), and that string
// is what debug/buildinfo reads from the binary, so it is read from there
// without starting a process (how is "build info"). When the build
// information cannot be read, or the file is not executable (the go
// command could not run it either), it runs `compile -V=full` in f.Dir
// with GOTOOLCHAIN=local, bounded by ctx and the command timeout (how is
// "compile -V=full"); the error then quotes the compiler's own message.
func CompilerVersion(ctx context.Context, f *facts.Facts, compile string) (version, how string, err error) {
	if runnable(f, compile) {
		if bi, err := f.ReadBuildInfo(compile); err == nil && bi.GoVersion != "" {
			return bi.GoVersion, "build info", nil
		}
	}
	how = "compile -V=full"
	res := f.Run(ctx, facts.Command{Path: compile, Args: []string{"-V=full"}, Dir: f.Dir, Env: append(f.Environ(), "GOTOOLCHAIN=local")})
	if res.Err != nil {
		if msg := strings.TrimSpace(string(res.Stderr)); msg != "" && !res.TimedOut && !res.Truncated {
			return "", how, fmt.Errorf("%v: %s", res.Err, msg)
		}
		return "", how, res.Err
	}
	if v, ok := ParseCompilerVersion(res.Stdout); ok {
		return v, how, nil
	}
	return "", how, fmt.Errorf("unexpected output %q", strings.TrimSpace(string(res.Stdout)))
}

// runnable reports whether path is a regular file with an execute bit
// (on Windows, any regular file).
func runnable(f *facts.Facts, path string) bool {
	fi, err := f.OS.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	return f.GOOS() == "windows" || fi.Mode().Perm()&0o111 != 0
}

// ParseCompilerVersion reads the output of `compile -V=full`, "compile
// version go1.26.8" (surrounding white space ignored), and returns the
// version after "compile version ". ok is false for any other output.
func ParseCompilerVersion(out []byte) (version string, ok bool) {
	v, ok := bytes.CutPrefix(bytes.TrimSpace(out), []byte("compile version "))
	if !ok {
		return "", false
	}
	return string(v), true
}

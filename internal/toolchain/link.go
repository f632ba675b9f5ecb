package toolchain

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/godx-dev/godx/internal/shellquote"
)

// linkMarker is in every command `godx toolchain link` writes; godx
// replaces or removes only files that carry it.
const linkMarker = "made by `godx toolchain link"

// GOBIN is where `go install` puts commands: GOBIN, else the first GOPATH
// entry's bin directory.
func (e *Env) GOBIN() string {
	if b := e.Get("GOBIN"); b != "" {
		return b
	}
	if gp := e.Facts.SplitList(e.Get("GOPATH")); len(gp) > 0 && gp[0] != "" {
		return e.Facts.JoinPath(gp[0], "bin")
	}
	return ""
}

// LinkPath is the file `link` writes for release name.
func (e *Env) LinkPath(name string) string {
	file := name
	if e.Facts.GOOS() == "windows" {
		file += ".cmd"
	}
	return e.Facts.JoinPath(e.GOBIN(), file)
}

// linkScript is a goX.Y.Z command that runs the toolchain in dir the way a
// golang.org/dl wrapper does, with GOROOT set and toolchain switching off
// (so a GOTOOLCHAIN setting cannot make go1.22.5 run another Go).
func linkScript(goos, name, dir string) string {
	if goos == "windows" {
		return "@echo off\r\n" +
			"rem " + name + ": " + linkMarker + " " + name + "`; runs the Go toolchain below.\r\n" +
			"setlocal\r\n" +
			`set "GOROOT=` + dir + `"` + "\r\n" +
			`set "GOTOOLCHAIN=local"` + "\r\n" +
			`"%GOROOT%\bin\go.exe" %*` + "\r\n" +
			"exit /b %ERRORLEVEL%\r\n"
	}
	return "#!/bin/sh\n" +
		"# " + name + ": " + linkMarker + " " + name + "`; runs the Go toolchain below\n" +
		"# with GOTOOLCHAIN=local, so that it is always " + name + ".\n" +
		"GOROOT=" + shellquote.POSIX(dir) + "\n" +
		"export GOROOT\n" +
		"GOTOOLCHAIN=local\n" +
		"export GOTOOLCHAIN\n" +
		`exec "$GOROOT/bin/go" "$@"` + "\n"
}

// linkTarget reads the GOROOT out of a command `link` wrote ("" for any
// other file).
func (e *Env) linkTarget(p string) string {
	data, err := e.Facts.OS.ReadFile(p, 4096)
	if err != nil || !strings.Contains(string(data), linkMarker) {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if v, ok := strings.CutPrefix(line, `set "GOROOT=`); ok {
			return strings.TrimSuffix(v, `"`)
		}
		// shellquote.POSIX wrote it: bare, or in single quotes with each
		// ' written as '\''.
		if v, ok := strings.CutPrefix(line, "GOROOT="); ok {
			if q, ok := strings.CutPrefix(v, "'"); ok {
				return strings.ReplaceAll(strings.TrimSuffix(q, "'"), `'\''`, "'")
			}
			return v
		}
	}
	return ""
}

// ErrNotOurs is returned when a file godx would replace was not made by it.
var ErrNotOurs = errors.New("not made by godx toolchain link")

// Link writes the goX.Y.Z command for release name (installed in dir) into
// GOBIN. An existing file is replaced only when godx made it, or force.
func (e *Env) Link(name, dir string, force bool) (string, error) {
	if _, err := ParseName(name); err != nil {
		return "", err
	}
	if e.GOBIN() == "" {
		return "", fmt.Errorf("neither GOBIN nor GOPATH is set: there is no directory for commands")
	}
	p := e.LinkPath(name)
	if _, err := os.Lstat(p); err == nil && !force && e.linkTarget(p) == "" {
		return p, fmt.Errorf("%s exists and was %w (a golang.org/dl wrapper or your own file); use --force to replace it", p, ErrNotOurs)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		return p, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".tmp-*")
	if err != nil {
		return p, err
	}
	_, err = tmp.WriteString(linkScript(e.Facts.GOOS(), name, dir))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o755)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return p, err
	}
	return p, nil
}

// Unlink removes the goX.Y.Z command `link` wrote for name; it refuses
// other files. It reports whether there was one.
func (e *Env) Unlink(name string) (string, bool, error) {
	if _, err := ParseName(name); err != nil {
		return "", false, err
	}
	p := e.LinkPath(name)
	if _, err := os.Lstat(p); err != nil {
		return p, false, nil
	}
	if e.linkTarget(p) == "" {
		return p, false, fmt.Errorf("%s was %w; godx leaves it alone", p, ErrNotOurs)
	}
	return p, true, os.Remove(p)
}

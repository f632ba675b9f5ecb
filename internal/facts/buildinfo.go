package facts

import (
	"debug/buildinfo"
	"errors"
	"io/fs"
	"runtime/debug"
	"strings"
)

// ReadBuildInfo reads the build information the Go linker embeds in an
// executable (main module path and version, the Go that built it, build
// settings such as GOOS/GOARCH), without running it. The answer is
// remembered per path for the doctor run. Errors are *BuildInfoError.
func (f *Facts) ReadBuildInfo(path string) (*debug.BuildInfo, error) {
	return buildInfos.Get(f, path)
}

var buildInfos = NewFactFamily("build information", func(f *Facts, path string) (*debug.BuildInfo, error) {
	file, err := f.OS.Open(path)
	if err != nil {
		return nil, &BuildInfoError{Path: path, Kind: buildInfoOpenKind(err), Err: err}
	}
	defer file.Close()
	bi, err := buildinfo.Read(file)
	if err != nil {
		kind := BuildInfoUnreadable
		switch msg := err.Error(); {
		case strings.Contains(msg, "not a Go executable"):
			kind = BuildInfoNotGo
		case strings.Contains(msg, "unrecognized file format"):
			kind = BuildInfoNotExecutable
		}
		return nil, &BuildInfoError{Path: path, Kind: kind, Err: err}
	}
	return bi, nil
})

// BuildInfoKind classifies why build information could not be read.
type BuildInfoKind string

const (
	// BuildInfoMissing: the file does not exist.
	BuildInfoMissing BuildInfoKind = "missing"
	// BuildInfoPermission: the file exists but cannot be opened.
	BuildInfoPermission BuildInfoKind = "permission denied"
	// BuildInfoNotExecutable: not an ELF, Mach-O, PE, XCOFF or Plan 9
	// executable (a shell script, a text file, a truncated download).
	BuildInfoNotExecutable BuildInfoKind = "not an executable"
	// BuildInfoNotGo: an executable, but not built by Go 1.13 or later
	// (a C program, a wrapper, or a stripped/packed binary).
	BuildInfoNotGo BuildInfoKind = "not a Go executable"
	// BuildInfoUnreadable: anything else (a corrupt file, an I/O error).
	BuildInfoUnreadable BuildInfoKind = "unreadable"
)

// BuildInfoError is a failed ReadBuildInfo.
type BuildInfoError struct {
	Path string
	Kind BuildInfoKind
	Err  error
}

func (e *BuildInfoError) Error() string {
	switch e.Kind {
	case BuildInfoNotExecutable:
		return e.Path + ": not a Go executable (unrecognized file format: not an ELF, Mach-O or PE binary)"
	case BuildInfoNotGo:
		return e.Path + ": not a Go executable (no Go build information in it)"
	case BuildInfoMissing, BuildInfoPermission:
		var pe *fs.PathError
		if errors.As(e.Err, &pe) {
			return e.Path + ": " + pe.Err.Error()
		}
	}
	return "reading Go build information of " + e.Path + ": " + e.Err.Error()
}

func (e *BuildInfoError) Unwrap() error { return e.Err }

func buildInfoOpenKind(err error) BuildInfoKind {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return BuildInfoMissing
	case errors.Is(err, fs.ErrPermission):
		return BuildInfoPermission
	}
	return BuildInfoUnreadable
}

// BuildSetting returns a build setting recorded in bi ("GOOS", "GOARCH",
// "-ldflags", "vcs.revision", ...), "" when absent. Binaries built before
// Go 1.18 record no settings at all.
func BuildSetting(bi *debug.BuildInfo, key string) string {
	if bi == nil {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

package facts

import (
	"bytes"
	"context"
	"strings"
)

// GorootVersion reads the first line of $GOROOT/VERSION ("go1.26.8").
// Development trees have no VERSION file; the error says so.
func (f *Facts) GorootVersion(goroot string) (string, error) {
	data, err := f.ReadFile(f.JoinPath(goroot, "VERSION"))
	if err != nil {
		return "", err
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	return strings.TrimSpace(string(line)), nil
}

// GoBinaryVersion is the version of the go command at path: the VERSION
// file of the GOROOT it lives in (bin/go -> ../VERSION) when there is one,
// which costs no process, else the output of `go version` (bounded by the
// command timeout). It returns the version and how it was learnt.
func (f *Facts) GoBinaryVersion(ctx context.Context, path string) (version, how string, err error) {
	get, _ := goBinaryVersions.Get(f, path)
	a, err := get.Do(func() (goBinaryVersion, error) {
		resolved, err := f.OS.EvalSymlinks(path)
		if err != nil {
			resolved = path
		}
		goroot := f.ParentDir(f.ParentDir(resolved))
		if v, err := f.GorootVersion(goroot); err == nil && strings.HasPrefix(v, "go") {
			return goBinaryVersion{v, f.JoinPath(goroot, "VERSION")}, nil
		}
		env := append(f.Environ(), "GOTOOLCHAIN=local")
		res := f.Run(ctx, Command{Path: path, Args: []string{"version"}, Dir: f.Dir, Env: env})
		if res.Err != nil {
			if msg := strings.TrimSpace(string(res.Stderr)); msg != "" && !res.TimedOut && !res.Truncated {
				return goBinaryVersion{}, &unexpectedOutput{path, msg}
			}
			return goBinaryVersion{}, res.Err
		}
		// "go version go1.26.8 linux/amd64"
		fields := strings.Fields(string(res.Stdout))
		if len(fields) >= 3 && fields[0] == "go" && fields[1] == "version" {
			return goBinaryVersion{fields[2], "`" + path + " version`"}, nil
		}
		return goBinaryVersion{}, &unexpectedOutput{path, string(res.Stdout)}
	})
	return a.version, a.how, err
}

// goBinaryVersions asks each go binary once per run; the command runs
// under the first caller's context.
var goBinaryVersions = NewFactFamily("go binary version", newFirstCaller[string, goBinaryVersion])

type goBinaryVersion struct{ version, how string }

type unexpectedOutput struct{ path, out string }

func (e *unexpectedOutput) Error() string {
	return e.path + " version: " + strings.TrimSpace(e.out)
}

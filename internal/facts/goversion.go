package facts

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
)

// GorootVersion reads the first line of $GOROOT/VERSION ("go1.26.8").
// Development trees have no VERSION file; the error says so.
func (f *Facts) GorootVersion(goroot string) (string, error) {
	data, err := f.ReadFile(filepath.Join(goroot, "VERSION"))
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
	key := "go-binary-version:" + path
	type answer struct{ version, how string }
	a, err := Memo(f, key, func() (answer, error) {
		resolved, err := f.OS.EvalSymlinks(path)
		if err != nil {
			resolved = path
		}
		goroot := filepath.Dir(filepath.Dir(resolved))
		if v, err := f.GorootVersion(goroot); err == nil && strings.HasPrefix(v, "go") {
			return answer{v, filepath.Join(goroot, "VERSION")}, nil
		}
		env := append(f.Environ(), "GOTOOLCHAIN=local")
		res := f.Run(ctx, Command{Path: path, Args: []string{"version"}, Dir: f.Dir, Env: env})
		if res.Err != nil {
			if msg := strings.TrimSpace(string(res.Stderr)); msg != "" && !res.TimedOut {
				return answer{}, &unexpectedOutput{path, msg}
			}
			return answer{}, res.Err
		}
		// "go version go1.26.8 linux/amd64"
		fields := strings.Fields(string(res.Stdout))
		if len(fields) >= 3 && fields[0] == "go" && fields[1] == "version" {
			return answer{fields[2], "`" + path + " version`"}, nil
		}
		return answer{}, &unexpectedOutput{path, string(res.Stdout)}
	})
	return a.version, a.how, err
}

type unexpectedOutput struct{ path, out string }

func (e *unexpectedOutput) Error() string {
	return e.path + " version: " + strings.TrimSpace(e.out)
}

// Package factstest provides an in-memory facts.OS for tests, so that check
// logic for any OS (Windows, macOS, WSL) runs on a Linux test machine.
package factstest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/procenv"
)

// OS is a fake operating system. Paths are slash-separated; on a fake
// Windows, "C:/x" and `C:\x` name the same file.
type OS struct {
	OSName, Arch string
	Env          []string
	Wd           string
	// Files holds the file tree; keys are absolute paths ("/usr/bin/go").
	Files map[string]*fstest.MapFile
	// Commands answers Run for a program path.
	Commands map[string]func(ctx context.Context, c facts.Command) facts.Result
	// Free is the free disk space reported for any path (default 100 GiB).
	Free uint64
	// URLs answers Fetch; a missing URL is a 404.
	URLs map[string][]byte
	// Time is what Now returns (default: a fixed date).
	Time time.Time
	// Procs answers Processes (nil: the fake cannot see other processes).
	Procs procenv.Reader

	mu sync.Mutex
	// links maps a link's key to what EvalSymlinks resolves it to.
	links map[string]string
	// writeChecks makes the fake a facts.WriteChecker; notWritable holds
	// the paths (by key) it then refuses, with the reason.
	writeChecks bool
	notWritable map[string]error
}

// New returns a fake Linux/amd64 machine with an empty file system.
func New() *OS {
	return &OS{
		OSName: "linux", Arch: "amd64", Wd: "/work",
		Files:    map[string]*fstest.MapFile{"work": {Mode: fs.ModeDir | 0o755}},
		Commands: map[string]func(context.Context, facts.Command) facts.Result{},
		URLs:     map[string][]byte{},
	}
}

func (o *OS) key(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	if len(name) >= 2 && name[1] == ':' { // C:/x -> C:/x without leading slash
		return path.Clean(name)
	}
	return strings.TrimPrefix(path.Clean(name), "/")
}

// AddFile adds a file (creating parents implicitly); mode 0 means 0o644.
func (o *OS) AddFile(name, data string, mode fs.FileMode) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if mode == 0 {
		mode = 0o644
	}
	o.Files[o.key(name)] = &fstest.MapFile{Data: []byte(data), Mode: mode}
}

// AddDir adds an empty directory.
func (o *OS) AddDir(name string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Files[o.key(name)] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
}

// AddCommand adds an executable file whose Run is handled by fn.
func (o *OS) AddCommand(name string, fn func(ctx context.Context, c facts.Command) facts.Result) {
	o.AddFile(name, "#!fake\n", 0o755)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Commands[o.key(name)] = fn
}

// Setenv sets a process environment variable.
func (o *OS) Setenv(k, v string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i, kv := range o.Env {
		if strings.HasPrefix(kv, k+"=") {
			o.Env[i] = k + "=" + v
			return
		}
	}
	o.Env = append(o.Env, k+"="+v)
}

func (o *OS) fsys() fstest.MapFS {
	o.mu.Lock()
	defer o.mu.Unlock()
	m := make(fstest.MapFS, len(o.Files))
	for k, v := range o.Files {
		m[k] = v
	}
	return m
}

func (o *OS) GOOS() string           { return o.OSName }
func (o *OS) GOARCH() string         { return o.Arch }
func (o *OS) Environ() []string      { return append([]string(nil), o.Env...) }
func (o *OS) Getwd() (string, error) { return o.Wd, nil }
func (o *OS) Now() time.Time {
	if o.Time.IsZero() {
		return time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	}
	return o.Time
}

func (o *OS) Stat(name string) (fs.FileInfo, error) {
	k := o.key(name)
	if k == "." || k == "" || k == "C:" || k == "C:/" {
		return fs.Stat(fstest.MapFS{"x": {}}, ".")
	}
	return fs.Stat(o.fsys(), k)
}

func (o *OS) Lstat(name string) (fs.FileInfo, error) { return o.Stat(name) }

func (o *OS) ReadFile(name string, limit int64) ([]byte, error) {
	if st, err := o.Stat(name); err == nil && !st.IsDir() && st.Mode().Perm()&0o444 == 0 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission} // like Open
	}
	data, err := fs.ReadFile(o.fsys(), o.key(name))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %w", name, facts.ErrTooLarge)
	}
	return data, nil
}

func (o *OS) Open(name string) (facts.File, error) {
	k := o.key(name)
	st, err := o.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("is a directory")}
	}
	if st.Mode().Perm()&0o444 == 0 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	o.mu.Lock()
	data := o.Files[k].Data
	o.mu.Unlock()
	return nopCloser{bytes.NewReader(data)}, nil
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func (o *OS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(o.fsys(), o.key(name)) }

// AddLink adds an executable at link that EvalSymlinks resolves to
// target. Only EvalSymlinks follows it: Stat, ReadFile and Run see the
// placeholder file itself, which is all checks that compare resolved
// paths need.
func (o *OS) AddLink(link, target string) {
	o.AddFile(link, "#!fake link\n", 0o755)
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.links == nil {
		o.links = map[string]string{}
	}
	o.links[o.key(link)] = target
}

func (o *OS) EvalSymlinks(name string) (string, error) {
	o.mu.Lock()
	target, ok := o.links[o.key(name)]
	o.mu.Unlock()
	if ok {
		return target, nil
	}
	if _, err := o.Stat(name); err != nil {
		return "", err
	}
	return name, nil
}

func (o *OS) WriteFile(name string, data []byte) error {
	o.AddFile(name, string(data), 0o644)
	return nil
}

func (o *OS) MkdirAll(name string) error {
	o.AddDir(name)
	return nil
}

func (o *OS) Run(ctx context.Context, c facts.Command) facts.Result {
	o.mu.Lock()
	fn := o.Commands[o.key(c.Path)]
	o.mu.Unlock()
	if fn == nil {
		return facts.Result{ExitCode: -1, Err: &fs.PathError{Op: "fork/exec", Path: c.Path, Err: fs.ErrNotExist}}
	}
	return fn(ctx, c)
}

// SetWritable makes the fake answer facts.WriteChecker: from now on every
// path is writable except those given to SetNotWritable. Before, the fake
// cannot tell (facts.ErrWriteUnknown), like an OS without access(2).
func (o *OS) SetWritable() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.writeChecks = true
}

// SetNotWritable makes CheckWrite refuse path with err (syscall.EACCES,
// syscall.EROFS), and turns write checks on (SetWritable).
func (o *OS) SetNotWritable(path string, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.writeChecks = true
	if o.notWritable == nil {
		o.notWritable = map[string]error{}
	}
	o.notWritable[o.key(path)] = err
}

// CheckWrite implements facts.WriteChecker; see SetWritable.
func (o *OS) CheckWrite(path string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.writeChecks {
		return facts.ErrWriteUnknown
	}
	if err, ok := o.notWritable[o.key(path)]; ok {
		return &fs.PathError{Op: "access", Path: path, Err: err}
	}
	return nil
}

func (o *OS) DiskFree(string) (uint64, error) {
	if o.Free == 0 {
		return 100 << 30, nil
	}
	return o.Free, nil
}

func (o *OS) Fetch(ctx context.Context, url string) ([]byte, error) {
	o.mu.Lock()
	data, ok := o.URLs[url]
	o.mu.Unlock()
	if !ok {
		return nil, &facts.HTTPError{URL: url, Status: "404 Not Found", Code: 404}
	}
	return data, ctx.Err()
}

// Output is a successful Result printing stdout.
func Output(stdout string) facts.Result { return facts.Result{Stdout: []byte(stdout)} }

// Failure is a failed Result printing stderr with the exit code.
func Failure(code int, stderr string) facts.Result {
	return facts.Result{Stderr: []byte(stderr), ExitCode: code, Err: errors.New("exit status " + fmt.Sprint(code))}
}

// Processes is the fake's process reader (Procs).
func (o *OS) Processes() procenv.Reader { return o.Procs }

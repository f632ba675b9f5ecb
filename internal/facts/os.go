// Package facts is the only door between godx's checks and the machine.
//
// OS is the narrow boundary (environment, files, processes, disk space,
// network). System implements it for real; tests implement it with fakes so
// that Linux CI can exercise Windows, macOS and WSL logic. Facts sits on top
// of an OS and computes the expensive shared facts (the go command, go env,
// go.mod) once, however many checks ask for them concurrently.
package facts

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"time"
)

// OS is what godx needs from an operating system.
type OS interface {
	// GOOS and GOARCH of the host godx inspects (runtime values for System).
	GOOS() string
	GOARCH() string
	// Environ is the process environment as KEY=value strings.
	Environ() []string
	Getwd() (string, error)
	Stat(name string) (fs.FileInfo, error)
	Lstat(name string) (fs.FileInfo, error)
	// ReadFile reads at most limit bytes; a longer file is ErrTooLarge.
	ReadFile(name string, limit int64) ([]byte, error)
	// Open opens a file for random access, for files too big for ReadFile
	// (tool binaries: gopls is over 30 MB). The caller closes it. Only a
	// regular file is opened: anything else (a FIFO, a device) is refused,
	// without waiting for a FIFO's writer.
	Open(name string) (File, error)
	ReadDir(name string) ([]fs.DirEntry, error)
	EvalSymlinks(name string) (string, error)
	// WriteFile replaces name atomically (write to a temporary file, rename).
	WriteFile(name string, data []byte) error
	MkdirAll(name string) error
	// Run runs a program; the context bounds it (the process and every
	// process it started are killed when the context ends). At most
	// OutputLimit bytes of each output are kept (Command.MaxOutput).
	Run(ctx context.Context, cmd Command) Result
	// DiskFree is the number of bytes available to the user at path.
	DiskFree(path string) (uint64, error)
	Now() time.Time
}

// File is an open file read at offsets (see OS.Open).
type File interface {
	io.ReaderAt
	io.Closer
	// Size is the file's length in bytes.
	Size() int64
}

// Command describes a program to run.
type Command struct {
	Path string
	Args []string // not including the program name
	Dir  string
	// Env replaces the process environment when non-nil.
	Env []string
	// MaxOutput, when positive, replaces OutputLimit for this command:
	// for the few whose working output is large by nature (go list -json
	// of a whole module graph).
	MaxOutput int
}

// Result of running a Command.
type Result struct {
	Stdout, Stderr []byte
	ExitCode       int
	// Err is set when the program could not be started, was killed, or
	// exited non-zero.
	Err      error
	TimedOut bool
	// Truncated is set when Stdout or Stderr is cut at OutputLimit (the
	// command was then stopped, and Err says so).
	Truncated bool
	Duration  time.Duration
}

// URLFetcher is implemented by test fakes that answer URLs from memory.
// The real System has no Fetch: every request godx makes goes through the
// one HTTP client of a run (Facts.HTTPGet), with its proxy, netrc and
// timeout rules.
type URLFetcher interface {
	Fetch(ctx context.Context, url string) ([]byte, error)
}

// ErrTooLarge is returned by ReadFile for files over the caller's limit.
var ErrTooLarge = errors.New("file too large")

// ErrOffline is returned by Fetch when godx runs with --offline.
var ErrOffline = errors.New("network access disabled (--offline)")

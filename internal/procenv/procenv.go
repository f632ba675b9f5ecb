// Package procenv reads what another process of the same user runs with:
// its environment and working directory, and the list of processes to
// choose from. One small interface (Reader) with a reader per operating
// system: Linux reads /proc, macOS asks sysctl for KERN_PROCARGS2, Windows
// reads the process's PEB. The byte-level parsing of each lives in plain
// functions (ParseProcArgs2, ParseEnvBlock, the PEB walk over a Memory) so
// that Linux tests exercise the macOS and Windows logic on crafted bytes.
//
// Nothing here writes what it reads anywhere: environments hold secrets,
// and the callers decide what may be shown.
package procenv

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// Process is one running process: one of the user godx runs as, or (on
// Linux, where any user's command line is readable) another user's.
type Process struct {
	PID, PPID int
	// OtherUser is set for a process of another user: listed for its
	// name and command line only (its environment, working directory and
	// executable are not readable, and it is no context of the user's).
	OtherUser bool
	// Name is the executable's base name ("code", "gopls", "java").
	Name string
	// Exe is the executable's full path, when the OS tells it.
	Exe string
	// Args is the command line (Args[0] is the program as started), when
	// the OS tells it, for the programs ArgsTell names (macOS: every
	// process).
	Args []string
}

// Reader looks at other processes. Every method is read-only.
type Reader interface {
	// Processes lists the running processes: the current user's, and on
	// Linux other users' too (OtherUser set).
	Processes() ([]Process, error)
	// Environ is pid's environment as KEY=value strings.
	Environ(pid int) ([]string, error)
	// Cwd is pid's working directory.
	Cwd(pid int) (string, error)
}

// argsTell are the programs whose command line says what they are: VS
// Code and its forks (the extension host is a code process with
// --type=extensionHost), Electron (only VS Code's counts), a JetBrains
// IDE run by java, and dlv (its flags say where it listens).
var argsTell = map[string]bool{
	"code": true, "code-insiders": true, "code - insiders": true, "codium": true, "cursor": true,
	"electron": true, "java": true, "javaw": true, "dlv": true,
}

// ArgsTell reports whether the program name (a base name, any case, with
// or without .exe) is one whose command line a process list reads; other
// processes are listed without it, because reading every process's
// command line costs more than the whole rest of the list.
func ArgsTell(name string) bool { return argsTell[strings.ToLower(Base(name))] }

// MaxProcesses bounds a process list: a busy machine has thousands, and
// the list is read on every doctor run.
const MaxProcesses = 8192

// MaxEnviron is the most of one environment godx reads: environments are
// a few KiB; a larger one is cut, never read whole.
const MaxEnviron = 1 << 20

// ErrUnsupported is the error of a reader that cannot do what was asked
// on this operating system (its message says why).
var ErrUnsupported = errors.New("not supported on this operating system")

// UnreadableError says why a process could not be read.
type UnreadableError struct {
	PID    int
	What   string // "environment", "working directory"
	Reason error
}

func (e *UnreadableError) Error() string {
	return fmt.Sprintf("cannot read the %s of process %d: %v", e.What, e.PID, e.Reason)
}

func (e *UnreadableError) Unwrap() error { return e.Reason }

// SplitNUL splits NUL-terminated strings (the format of /proc/PID/environ
// and /proc/PID/cmdline), dropping empty ones.
func SplitNUL(b []byte) []string {
	var out []string
	for _, s := range strings.Split(string(b), "\x00") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// baseName is the last element of a path with / or \ separators (a
// Windows path read on any host).
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	return p
}

// Base is the program name of a path, without a Windows ".exe".
func Base(p string) string {
	b := baseName(p)
	if ext := path.Ext(b); strings.EqualFold(ext, ".exe") {
		b = b[:len(b)-len(ext)]
	}
	return b
}

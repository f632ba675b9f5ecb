package factstest

import (
	"context"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

// Machine builds a fake machine one fact at a time, so that a test reads
// as the situation it sets up:
//
//	m := factstest.NewMachine(t).Linux().
//		Go("/usr/local/go", "go1.26.8", "GOMOD=/work/go.mod").
//		Path("/usr/local/go/bin", "/usr/bin").
//		File("/work/go.mod", "module example.com/m\n")
//
// Every setter returns the machine, and later calls win, so a test may
// keep changing the machine between runs. A Machine is a facts.OS (the
// embedded *OS): pass it to checktest.Run as it is, or wrap m.OS in
// WithCPU or LoopbackNet for the optional parts of facts.OS.
type Machine struct {
	*OS
	t    testing.TB
	home string // the directory Home created
}

// NewMachine returns a bare Linux/amd64 machine: working directory /work,
// an empty environment, no programs. Linux, Darwin and Windows make it a
// typical user's machine.
func NewMachine(t testing.TB) *Machine {
	return &Machine{OS: New(), t: t}
}

// Linux makes it a Linux/amd64 machine of user u: HOME=/home/u (which
// exists), working directory /work.
func (m *Machine) Linux() *Machine {
	m.OSName, m.OS.Arch = "linux", "amd64"
	return m.Home("/home/u").Workdir("/work")
}

// Darwin makes it a Mac with Apple silicon (darwin/arm64) of user u:
// HOME=/Users/u, working directory /work.
func (m *Machine) Darwin() *Machine {
	m.OSName, m.OS.Arch = "darwin", "arm64"
	return m.Home("/Users/u").Workdir("/work")
}

// Windows makes it a Windows/amd64 machine of user u: USERPROFILE
// C:\Users\u (see Home), working directory C:\work.
func (m *Machine) Windows() *Machine {
	m.OSName, m.OS.Arch = "windows", "amd64"
	return m.Home(`C:\Users\u`).Workdir(`C:\work`)
}

// Arch sets the machine's architecture (GOARCH spelling). The method
// hides the embedded OS.Arch field: write m.Arch("arm64").
func (m *Machine) Arch(goarch string) *Machine {
	m.OS.Arch = goarch
	return m
}

// Home sets the user's home directory and creates it, replacing the
// previous one: HOME, or on Windows USERPROFILE with %LocalAppData% and
// %AppData% below it, where Windows puts them.
func (m *Machine) Home(dir string) *Machine {
	if m.home != "" && m.home != dir {
		m.mu.Lock()
		delete(m.Files, m.key(m.home))
		m.mu.Unlock()
	}
	m.home = dir
	if m.OSName == "windows" {
		m.Export("USERPROFILE="+dir, "LocalAppData="+dir+`\AppData\Local`, "AppData="+dir+`\AppData\Roaming`)
	} else {
		m.Export("HOME=" + dir)
	}
	return m.Dir(dir)
}

// Workdir sets the working directory godx runs in, and creates it.
func (m *Machine) Workdir(dir string) *Machine {
	m.Wd = dir
	return m.Dir(dir)
}

// Export sets environment variables, each given as "NAME=value" (an empty
// value is set, not removed: see Unset). On Windows names are
// case-insensitive, so "Path=..." replaces PATH.
func (m *Machine) Export(vars ...string) *Machine {
	m.t.Helper()
	for _, kv := range vars {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			m.t.Fatalf("factstest: Export(%q): want NAME=value", kv)
		}
		m.Unset(k)
		m.Setenv(k, v)
	}
	return m
}

// Unset removes environment variables.
func (m *Machine) Unset(names ...string) *Machine {
	m.mu.Lock()
	defer m.mu.Unlock()
	env := m.OS.Env[:0]
	for _, kv := range m.OS.Env {
		k, _, _ := strings.Cut(kv, "=")
		if !m.sameName(k, names) {
			env = append(env, kv)
		}
	}
	m.OS.Env = env
	return m
}

func (m *Machine) sameName(k string, names []string) bool {
	for _, n := range names {
		if k == n || m.OSName == "windows" && strings.EqualFold(k, n) {
			return true
		}
	}
	return false
}

// Path sets PATH to dirs, in order, joined with the machine's list
// separator.
func (m *Machine) Path(dirs ...string) *Machine {
	sep := ":"
	if m.OSName == "windows" {
		sep = ";"
	}
	return m.Export("PATH=" + strings.Join(dirs, sep))
}

// Go installs a Go distribution at goroot (see AddGo): bin/go answers
// `go version` and `go env -json`, where goenv ("NAME=value") overrides
// what the fake would print. It does not touch PATH. Installing again at
// the same goroot replaces the go command.
func (m *Machine) Go(goroot, version string, goenv ...string) *Machine {
	m.t.Helper()
	var vars map[string]string
	for _, kv := range goenv {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			m.t.Fatalf("factstest: Go(%q, %q, %q): want NAME=value", goroot, version, kv)
		}
		if vars == nil {
			vars = map[string]string{}
		}
		vars[k] = v
	}
	m.AddGo(goroot, version, vars)
	return m
}

// Command installs a program at path that answers every run with answer
// (Output, Failure). For answers that depend on the arguments, use
// AddCommand.
func (m *Machine) Command(path string, answer facts.Result) *Machine {
	m.AddCommand(path, func(context.Context, facts.Command) facts.Result { return answer })
	return m
}

// File adds a regular file (mode 0644) holding data.
func (m *Machine) File(name, data string) *Machine {
	m.AddFile(name, data, 0o644)
	return m
}

// Executable adds an executable file (mode 0755) holding data; the fake
// never runs it (see Command).
func (m *Machine) Executable(name, data string) *Machine {
	m.AddFile(name, data, 0o755)
	return m
}

// Dir adds empty directories.
func (m *Machine) Dir(names ...string) *Machine {
	for _, n := range names {
		m.AddDir(n)
	}
	return m
}

// Unreadable takes away the permission to read existing files, like
// files of another user with mode 0600: opening or reading them fails with
// fs.ErrPermission.
func (m *Machine) Unreadable(names ...string) *Machine {
	m.t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, n := range names {
		f := m.Files[m.key(n)]
		if f == nil || f.Mode.IsDir() {
			m.t.Fatalf("factstest: Unreadable(%q): no such file", n)
		}
		f.Mode &^= 0o777
	}
	return m
}

// Link adds a symbolic link at link to target (see AddLink).
func (m *Machine) Link(link, target string) *Machine {
	m.AddLink(link, target)
	return m
}

// Writable makes the machine tell whether a path is writable without
// writing (facts.WriteChecker): every path is, except those given to
// NotWritable. Without it the machine cannot tell, like Windows.
func (m *Machine) Writable() *Machine {
	m.SetWritable()
	return m
}

// NotWritable makes writing to path fail with err (syscall.EACCES,
// syscall.EROFS); it implies Writable for every other path.
func (m *Machine) NotWritable(path string, err error) *Machine {
	m.SetNotWritable(path, err)
	return m
}

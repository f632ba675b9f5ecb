// Package ccompiler answers the questions cgo raises about a machine: which
// C compiler the go command will run (the first word of CC, looked up the
// way cgo looks it up), which compiler it defaults to, where that compiler
// looks for headers, which packages of the main module need cgo, and how
// to install a compiler and the C library headers on this system (the
// distribution /etc/os-release names).
// It is shared by the cgo/compiler and host/c-toolchain checks, so that
// they agree on the compiler and scan the module once.
package ccompiler

import (
	"context"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// Program is the program CC names: its first word, split like
// cmd/internal/quoted (a quoted first word may hold spaces).
func Program(cc string) string {
	cc = strings.TrimLeft(cc, " \t\n\r")
	if cc == "" {
		return ""
	}
	if q := cc[0]; q == '"' || q == '\'' {
		if i := strings.IndexByte(cc[1:], q); i >= 0 {
			return cc[1 : i+1]
		}
	}
	if i := strings.IndexAny(cc, " \t\n\r"); i >= 0 {
		return cc[:i]
	}
	return cc
}

// Find looks the C compiler name up as cgo does (exec.LookPath), so the
// error reads like os/exec's. An empty path with a nil error means a
// relative path that cannot be judged without knowing where the go
// command will run it.
func Find(f *facts.Facts, name string) (string, error) {
	if strings.ContainsAny(name, `/\`) || (f.GOOS() == "windows" && strings.Contains(name, ":")) {
		if !f.IsAbs(name) {
			return "", nil
		}
		for _, c := range []string{name, name + ".exe"} {
			if f.IsExecutable(c) {
				return c, nil
			}
			if c == name && f.Exists(c) && f.GOOS() != "windows" {
				return "", fmt.Errorf("exec: %q: permission denied", name)
			}
			if f.GOOS() != "windows" {
				break
			}
		}
		if f.GOOS() == "windows" {
			return "", fmt.Errorf("exec: %q: file does not exist", name)
		}
		return "", fmt.Errorf("exec: %q: stat %s: no such file or directory", name, name)
	}
	p, err := f.LookPath(name)
	if err != nil {
		where := "$PATH"
		if f.GOOS() == "windows" {
			where = "%PATH%"
		}
		return "", fmt.Errorf("exec: %q: executable file not found in %s", name, where)
	}
	return p, nil
}

// Default is cmd/go's DefaultCC for a target OS: the compiler the go
// command uses when CC is not set.
func Default(goos string) string {
	switch goos {
	case "darwin", "ios", "freebsd", "openbsd":
		return "clang"
	}
	return "gcc"
}

// InstallAdvice says how to install the C compiler ccName on this
// machine: the Command Line Tools on macOS, MSYS2's MinGW-w64 gcc on
// Windows, the BSDs' packages, and on Linux the package manager of the
// distribution /etc/os-release names. Each call returns a new Fix, which
// the caller may extend.
func InstallAdvice(f *facts.Facts, ccName string) *check.Fix {
	switch f.GOOS() {
	case "darwin", "ios":
		return &check.Fix{
			Description: "Install the Xcode Command Line Tools, which provide clang, then open a new terminal.",
			Commands:    []string{"xcode-select --install"},
		}
	case "windows":
		return &check.Fix{
			Description: "Install a MinGW-w64 gcc, for example with MSYS2: install MSYS2, run the pacman command in its UCRT64 shell, " +
				`then add C:\msys64\ucrt64\bin to PATH and open a new terminal (running terminals and IDEs keep their old PATH).`,
			Commands: []string{"winget install MSYS2.MSYS2", "pacman -S mingw-w64-ucrt-x86_64-gcc"},
		}
	case "freebsd", "openbsd", "netbsd", "dragonfly":
		return &check.Fix{
			Description: fmt.Sprintf("Install a C compiler (%s is part of the base system; or install gcc from packages and set CC=gcc).", ccName),
			Commands:    []string{"pkg install gcc", "go env -w CC=gcc"},
		}
	}
	pkg := ccName
	if pkg != "clang" {
		pkg = "gcc"
	}
	distro := ReadDistro(f)
	switch {
	case distro.Mentions("alpine"):
		if pkg == "gcc" {
			return &check.Fix{Description: "Install gcc and the musl headers cgo needs.", Commands: []string{"sudo apk add gcc musl-dev"}}
		}
		return &check.Fix{Description: "Install clang.", Commands: []string{"sudo apk add clang musl-dev"}}
	case distro.Mentions("fedora", "rhel", "centos"):
		return &check.Fix{Description: "Install the C compiler.", Commands: []string{"sudo dnf install " + pkg}}
	case distro.Mentions("arch"):
		return &check.Fix{Description: "Install the C compiler.", Commands: []string{"sudo pacman -S " + pkg}}
	case distro.Mentions("suse"):
		return &check.Fix{Description: "Install the C compiler.", Commands: []string{"sudo zypper install " + pkg}}
	case distro.Mentions("debian", "ubuntu"):
		return &check.Fix{Description: "Install the C compiler.", Commands: []string{"sudo apt install " + pkg}}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Install %s with your distribution's package manager (apt, dnf, apk add %s musl-dev on Alpine, pacman).", pkg, pkg),
		Commands:    []string{"sudo apt install " + pkg},
	}
}

// IncludeDirs asks the C compiler at ccPath (gcc or clang) where it looks
// for #include <...> headers: `cc -E -v -x c <null device>` prints the
// list between "#include <...> search starts here:" and "End of search
// list." (on stderr; stdout is read too). macOS framework directories
// lose their " (framework directory)" note. None when the compiler
// prints no list.
func IncludeDirs(ctx context.Context, f *facts.Facts, ccPath string) []string {
	res := f.Run(ctx, facts.Command{Path: ccPath, Args: []string{"-E", "-v", "-x", "c", f.DevNull()}})
	var dirs []string
	in := false
	for _, line := range strings.Split(string(res.Stderr)+"\n"+string(res.Stdout), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "#include <...> search starts here"):
			in = true
		case strings.HasPrefix(t, "End of search list"):
			in = false
		case in && t != "":
			dirs = append(dirs, strings.TrimSuffix(t, " (framework directory)"))
		}
	}
	return dirs
}

package contexts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

func init() { extraContexts = append(extraContexts, windowsContexts) }

// WindowsTimeout bounds `cmd.exe /c set` through WSL interop (the first
// Windows process of a session can take a second or two to start).
const WindowsTimeout = 5 * time.Second

// windowsTimeout is WindowsTimeout; the test of a hanging cmd.exe
// shortens it.
var windowsTimeout = WindowsTimeout

// windowsContexts is "windows" inside WSL: the environment Windows gives
// its programs (an editor started from the Start menu), read with
// `cmd.exe /d /c set` through interop. Not WSL: none.
func windowsContexts(ctx context.Context, g *Gatherer, _ []Context) ([]Context, error) {
	f := g.F
	w := f.WSL()
	if w.Version == 0 {
		return nil, nil
	}
	return []Context{Windows(ctx, f)}, nil
}

// Windows reads the Windows side's environment through interop, bounded
// by WindowsTimeout. Its Err says why not (interop off, no cmd.exe).
func Windows(ctx context.Context, f *facts.Facts) Context {
	c := Context{Name: "windows", Kind: KindWindows, Program: "Windows programs (the Start menu, VS Code outside WSL)"}
	w := f.WSL()
	if w.Interop == "" && !hasInteropMarker(w.Markers) {
		c.Err = errors.New("WSL interop is off (no WSL_INTEROP, no /proc/sys/fs/binfmt_misc/WSLInterop): godx cannot run Windows programs to ask")
		return c
	}
	cmd, err := f.LookPath("cmd.exe")
	if err != nil {
		cmd = "/mnt/c/Windows/System32/cmd.exe"
		if !f.IsExecutable(cmd) {
			c.Err = errors.New("cmd.exe is neither on PATH nor at /mnt/c/Windows/System32/cmd.exe")
			return c
		}
	}
	dir := ""
	if f.Exists("/mnt/c") {
		// cmd.exe refuses a Linux working directory (a UNC path) with a
		// warning; a Windows drive is what it expects.
		dir = "/mnt/c"
	}
	limit := min(windowsTimeout, f.CommandTimeout())
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	res := f.Run(ctx, facts.Command{Path: cmd, Args: []string{"/d", "/c", "set"}, Dir: dir})
	switch {
	case res.TimedOut:
		c.Err = fmt.Errorf("%s /d /c set did not finish within %v and was killed", cmd, limit)
	case res.Err != nil:
		c.Err = fmt.Errorf("%s /d /c set: %v", cmd, res.Err)
	default:
		c.Env = ParseCmdSet(res.Stdout)
	}
	return c
}

func hasInteropMarker(markers []string) bool {
	for _, m := range markers {
		if strings.Contains(m, "WSLInterop") {
			return true
		}
	}
	return false
}

// ParseCmdSet reads the output of `cmd.exe /c set`: KEY=value lines
// ending in CRLF. A value holding a newline cannot be told apart from
// the next line; such lines (no '=') are dropped.
func ParseCmdSet(out []byte) []string {
	var env []string
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimRight(line, "\r")
		if k, _, ok := strings.Cut(line, "="); ok && k != "" {
			env = append(env, line)
		}
	}
	return env
}

// WSLPath is the WSL path of a Windows drive path (`C:\Go\bin` ->
// /mnt/c/Go/bin), or "" for a path that is not on a drive letter.
func WSLPath(p string) string {
	if len(p) < 2 || p[1] != ':' || !(p[0] >= 'a' && p[0] <= 'z' || p[0] >= 'A' && p[0] <= 'Z') {
		return ""
	}
	rest := strings.ReplaceAll(p[2:], `\`, "/")
	return "/mnt/" + strings.ToLower(p[:1]) + "/" + strings.TrimPrefix(rest, "/")
}

// resolveWindows resolves the windows context without starting a Windows
// go: the Windows PATH is searched through /mnt for go.exe and the other
// tools, and the version is the VERSION file of the go.exe's GOROOT.
// Settings are the Windows environment's (a go env -w file on Windows is
// not read).
func (r *Resolver) resolveWindows(f *facts.Facts, env []string) *Resolved {
	res := &Resolved{Settings: map[string]Value{}, PathTools: map[string][]string{}}
	path, _ := Lookup(env, "PATH", true)
	for _, dir := range strings.Split(path, ";") {
		dir = strings.Trim(dir, `"`)
		wsl := WSLPath(dir)
		if wsl == "" {
			continue
		}
		for _, t := range PathTools {
			if f.IsExecutable(f.JoinPath(wsl, t+".exe")) {
				res.PathTools[t] = append(res.PathTools[t], dir)
			}
		}
	}
	for _, name := range Compared {
		if v, ok := Lookup(env, name, true); ok {
			res.Settings[name] = Value{Value: v, Source: "Windows environment"}
		}
	}
	if dirs := res.PathTools["go"]; len(dirs) > 0 {
		res.Go = strings.TrimRight(dirs[0], `\`) + `\go.exe`
		goroot := res.Settings["GOROOT"].Value
		if goroot == "" {
			goroot = winParent(winParent(res.Go))
		}
		res.GOROOT = goroot
		if v, err := f.GorootVersion(WSLPath(goroot)); err == nil {
			res.GoVersion = v
		} else {
			res.GoErr = "no VERSION file in " + goroot
		}
	} else {
		res.GoErr = "no go.exe on the Windows PATH"
	}
	return res
}

func winParent(p string) string {
	p = strings.TrimRight(p, `\`)
	if i := strings.LastIndexByte(p, '\\'); i >= 0 {
		return p[:i]
	}
	return p
}

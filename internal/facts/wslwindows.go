package facts

import (
	"errors"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/wslconfig"
)

// WSLWindows is what a WSL distribution can learn of its Windows side
// through interop (running Windows programs) and the mounted drives.
type WSLWindows struct {
	// Profile is %UserProfile% as Windows says it (C:\Users\u), and
	// ProfileDir where WSL mounts it (/mnt/c/Users/u).
	Profile, ProfileDir string
	ProfileErr          error
	// WSLConfigPath is <ProfileDir>/.wslconfig; WSLConfig its content
	// (nil with WSLConfigErr set when it cannot be read: a missing file
	// is fs.ErrNotExist, WSL's defaults apply).
	WSLConfigPath string
	WSLConfig     []byte
	WSLConfigErr  error
	// Proxy is Windows' Internet Settings (reg.exe query), ProxyErr why
	// it could not be read.
	Proxy    wslconfig.Proxy
	ProxyErr error
}

// internetSettings is the registry key of Windows' per-user proxy.
const internetSettings = `HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings`

// WSLWindows asks Windows, once per run, through interop: cmd.exe for
// %UserProfile% and reg.exe for the proxy settings (each bounded like
// every command), then reads .wslconfig from the mounted drive.
func (f *Facts) WSLWindows() WSLWindows {
	w, _ := wslWindows.Get(f)
	return w
}

var wslWindows = NewFact("WSL's Windows side", func(f *Facts) (WSLWindows, error) {
	var w WSLWindows
	root := wslconfig.ParseINI(nil)
	if data, err := f.ReadFile(WSLConfFile); err == nil {
		root = wslconfig.ParseINI(data)
	}
	mount := "/mnt/"
	if e, ok := root.Get("automount", "root"); ok && e.Value != "" {
		mount = e.Value
	}
	cmd := f.windowsProgram(mount, "cmd.exe")
	if cmd == "" {
		w.ProfileErr = errors.New("cmd.exe is not reachable: WSL interop is off, or the C: drive is not mounted")
	} else {
		res := f.Run(f.ctx, Command{Path: cmd, Args: []string{"/d", "/c", "echo %USERPROFILE%"}, Dir: f.mountedDir(mount)})
		out := lastLine(string(res.Stdout))
		switch {
		case res.Err != nil:
			w.ProfileErr = fmt.Errorf("%s /c echo %%USERPROFILE%%: %v", cmd, res.Err)
		case out == "" || strings.Contains(out, "%"):
			w.ProfileErr = fmt.Errorf("%s printed no %%USERPROFILE%%", cmd)
		default:
			w.Profile = out
			w.ProfileDir = wslconfig.LinuxPath(out, mount)
			if w.ProfileDir == "" {
				w.ProfileErr = fmt.Errorf("%%USERPROFILE%% is %s, not on a drive WSL mounts", out)
			}
		}
	}
	if w.ProfileDir != "" {
		w.WSLConfigPath = f.JoinPath(w.ProfileDir, ".wslconfig")
		w.WSLConfig, w.WSLConfigErr = f.ReadFile(w.WSLConfigPath)
	} else {
		w.WSLConfigErr = w.ProfileErr
	}
	if reg := f.windowsProgram(mount, "reg.exe"); reg == "" {
		w.ProxyErr = errors.New("reg.exe is not reachable: WSL interop is off, or the C: drive is not mounted")
	} else {
		res := f.Run(f.ctx, Command{Path: reg, Args: []string{"query", internetSettings}, Dir: f.mountedDir(mount)})
		if res.Err != nil {
			w.ProxyErr = fmt.Errorf("reg.exe query %q: %v", internetSettings, res.Err)
		} else {
			w.Proxy = wslconfig.ProxyFrom(wslconfig.ParseRegQuery(string(res.Stdout)))
		}
	}
	return w, nil
})

// windowsProgram finds a program of Windows' System32 from WSL: on PATH
// (WSL appends the Windows PATH by default), else in the mounted
// C:\Windows\System32.
func (f *Facts) windowsProgram(mount, name string) string {
	if p, err := f.LookPath(name); err == nil {
		return p
	}
	p := wslconfig.LinuxPath(`C:\Windows\System32\`+name, mount)
	if f.IsExecutable(p) {
		return p
	}
	return ""
}

// mountedDir is a working directory on a Windows drive: cmd.exe started
// in the Linux file system warns that UNC paths are not supported.
func (f *Facts) mountedDir(mount string) string {
	if c := wslconfig.LinuxPath(`C:\`, mount); f.Exists(c) {
		return c
	}
	return ""
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(s, "\r", "")), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

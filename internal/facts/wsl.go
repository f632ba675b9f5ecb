package facts

import "strings"

// WSLInfo is what godx can tell about running inside the Windows Subsystem
// for Linux.
type WSLInfo struct {
	// Version is 1 or 2, or 0 when this is not WSL.
	Version int
	// Kernel is /proc/sys/kernel/osrelease (or /proc/version when that
	// cannot be read), trimmed.
	Kernel, KernelFile string
	// Distro is $WSL_DISTRO_NAME ("" when unset: sudo, ssh, systemd units
	// and containers do not have it).
	Distro string
	// Interop is $WSL_INTEROP (WSL 2 only).
	Interop string
	// Markers are the WSL-only files and directories found
	// (/proc/sys/fs/binfmt_misc/WSLInterop[-late], /run/WSL).
	Markers []string
	// KernelSays is true when the kernel release names Microsoft; false
	// means only the markers did (a custom WSL 2 kernel).
	KernelSays bool
}

// WSL detects WSL once per run. The kernel release contains "Microsoft"
// on WSL 1 (4.4.0-19041-Microsoft) and "microsoft" or "WSL2" on WSL 2
// (5.15.153.1-microsoft-standard-WSL2). A custom kernel can drop both; only
// WSL 2 runs custom kernels, so then the WSL 2 interop markers decide.
// WSL_DISTRO_NAME alone is not trusted: environment variables travel
// (ssh SendEnv, docker run -e) where files do not.
func (f *Facts) WSL() WSLInfo {
	info, _ := wslInfo.Get(f)
	return info
}

var wslInfo = NewFact("WSL", func(f *Facts) (WSLInfo, error) { return f.detectWSL(), nil })

func (f *Facts) detectWSL() WSLInfo {
	var w WSLInfo
	if f.GOOS() != "linux" {
		return w
	}
	w.Distro = f.Getenv("WSL_DISTRO_NAME")
	w.Interop = f.Getenv("WSL_INTEROP")
	for _, file := range []string{"/proc/sys/kernel/osrelease", "/proc/version"} {
		if data, err := f.ReadFile(file); err == nil {
			w.Kernel, w.KernelFile = strings.TrimSpace(string(data)), file
			break
		}
	}
	for _, m := range []string{"/proc/sys/fs/binfmt_misc/WSLInterop", "/proc/sys/fs/binfmt_misc/WSLInterop-late", "/run/WSL"} {
		if f.Exists(m) {
			w.Markers = append(w.Markers, m)
		}
	}
	switch {
	case strings.Contains(w.Kernel, "Microsoft"):
		w.Version, w.KernelSays = 1, true
	case strings.Contains(w.Kernel, "microsoft") || strings.Contains(w.Kernel, "WSL2"):
		w.Version, w.KernelSays = 2, true
	case len(w.Markers) > 0 || w.Interop != "" && f.Exists(w.Interop):
		w.Version = 2
	}
	return w
}

// WSLConfFile is the per-distribution WSL configuration (wsl.conf(5)).
const WSLConfFile = "/etc/wsl.conf"

// WSLConf is what /etc/wsl.conf says about appending the Windows PATH to
// the Linux one.
type WSLConf struct {
	// Exists is false when the file cannot be read (WSL then uses its
	// defaults: appendWindowsPath is true).
	Exists bool
	// HasInterop reports an [interop] section, where a new key belongs.
	HasInterop bool
	// AppendWindowsPath is [interop] appendWindowsPath, trimmed and lower
	// case ("" when not set); the last definition wins.
	AppendWindowsPath string
}

// ReadWSLConf reads /etc/wsl.conf as WSL does: an INI file whose section
// names and keys are matched case-insensitively, with # and ; comments.
func (f *Facts) ReadWSLConf() WSLConf {
	data, err := f.ReadFile(WSLConfFile)
	if err != nil {
		return WSLConf{}
	}
	return ParseWSLConf(data)
}

// ParseWSLConf parses the contents of a wsl.conf file.
func ParseWSLConf(data []byte) WSLConf {
	c := WSLConf{Exists: true}
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = strings.ToLower(strings.TrimSpace(line[1 : len(line)-1]))
			if section == "interop" {
				c.HasInterop = true
			}
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if ok && section == "interop" && strings.EqualFold(strings.TrimSpace(k), "appendWindowsPath") {
			c.AppendWindowsPath = strings.ToLower(strings.TrimSpace(v))
		}
	}
	return c
}

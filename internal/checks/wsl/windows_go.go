package wsl

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/shellquote"
)

// WindowsGo finds, under WSL, a Windows go command standing in for a
// Linux one.
var WindowsGo = &check.Check{
	ID:    "wsl/windows-go",
	Title: "Windows Go inside WSL",
	Doc: check.Doc{
		What: "Under WSL, looks at the go command that wins on PATH: whether it is a Windows program (its file starts with the PE signature `MZ`, or it is a script that runs go.exe) and whether it lives on a Windows drive (a 9p aname=drvfs or drvfs mount in /proc/self/mountinfo). " +
			"When no Linux go exists, it looks for a Windows go.exe in the PATH directories on Windows drives (WSL appends the Windows PATH by default), and reads /etc/wsl.conf for `[interop] appendWindowsPath`.",
		Why: "WSL runs Windows programs, so a Windows go can answer to `go` inside Linux. It then behaves as on Windows: GOROOT is C:\\Program Files\\Go, GOOS=windows, paths are Windows paths, and it builds .exe files — " +
			"make.bash and scripts break (golang/go#70533), and VS Code's Go extension in WSL runs the wrong go (golang/vscode-go#3160). " +
			"A Linux go installed on the Windows drive works but reads its whole standard library over the slow Windows file share on every build. " +
			"With only go.exe installed, `go` is simply not found in WSL (os/exec does not try .exe on Linux), and tools that call go.exe get Windows behaviour.",
		How: "Error when the winning go is a Windows program. Warning when it is a Linux go stored on a Windows drive. Warning when no Linux go is on PATH but a Windows go.exe is (go/installed reports the missing go). " +
			"No finding when the go on PATH is a Linux program in the Linux file system, whether or not a Windows go.exe is also reachable. Skipped outside WSL.",
		Fix: "Install Go inside WSL from the linux archive at https://go.dev/dl/ (`sudo tar -C /usr/local -xzf go1.N.linux-amd64.tar.gz`, then `export PATH=/usr/local/go/bin:$PATH` in ~/.profile). " +
			"If you want no Windows programs on the Linux PATH at all, set `appendWindowsPath = false` in the `[interop]` section of /etc/wsl.conf and run `wsl --shutdown` from Windows (this also drops `code` and `explorer.exe` from PATH).",
		Errors: []string{
			"go: command not found",
		},
	},
	Run: runWindowsGo,
}

var windowsGoMntDrive = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^/mnt/[a-zA-Z]/`) })

func runWindowsGo(pass *check.Pass) error {
	f := pass.Facts
	if _, err := requireWSL(f); err != nil {
		return err
	}
	_, mountErr := f.Mounts()
	onDrive := func(p string) bool {
		if mountErr != nil {
			return windowsGoMntDrive().MatchString(p)
		}
		m, ok := f.MountOf(p)
		return ok && m.WindowsDrive()
	}
	var winDirs []string
	for _, d := range f.PathDirs() {
		if d != "" && f.IsAbs(d) && onDrive(d) {
			winDirs = append(winDirs, d)
		}
	}
	var exes []string
	for _, p := range f.LookPathAll("go.exe") {
		if onDrive(p) || windowsGoKind(f, p) == "Windows program (PE)" {
			exes = append(exes, p)
		}
	}
	ev := check.Evidence{}
	if len(winDirs) > 0 {
		ev = append(ev, check.F("PATH entries on Windows drives", fmt.Sprint(len(winDirs))))
	}
	if len(exes) > 0 {
		ev = append(ev, check.F("Windows go.exe on PATH", strings.Join(exes, ", ")))
	}

	g, err := f.GoCommand()
	if errors.Is(err, facts.ErrNoGo) {
		if len(exes) == 0 {
			return check.Skip("no go command on PATH and no Windows go.exe either (reported by go/installed)")
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("Go is not installed inside WSL: the only go on PATH is the Windows program %s.", exes[0]),
			Detail: "`go` is not found in the WSL shell (`go: command not found`): os/exec and shells do not try the .exe suffix on Linux. Tools configured to run go.exe get a Windows go: it reports GOROOT as a Windows path (C:\\Program Files\\Go), builds GOOS=windows .exe files, " +
				"cannot use Linux paths, and reads the project over the slow Windows file share (golang/go#70533, golang/vscode-go#3160). It is on PATH because WSL appends the Windows PATH.",
			Evidence: append(ev, windowsGoConfEvidence(f)...),
			Fix:      windowsGoInstallFix(f, exes[0], windowsGoLinuxAlternative(f, "", onDrive)),
		})
		return nil
	}
	if err != nil {
		return err
	}
	kind := windowsGoKind(f, g.Resolved)
	ev = append(check.Evidence{check.F("go command", g.Path)}, ev...)
	if g.Resolved != g.Path {
		ev = append(ev, check.F("go command (resolved)", g.Resolved))
	}
	ev = append(ev, check.F("go command file", kind))
	driveGo := onDrive(g.Resolved) || onDrive(g.Path)
	if driveGo {
		ev = append(ev, check.F("go command location", "on a Windows drive"))
	}
	linux := windowsGoLinuxAlternative(f, g.Path, onDrive)

	switch {
	case kind == "Windows program (PE)" || kind == "script that runs go.exe":
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The go command on PATH, %s, is a Windows program (%s): inside WSL it behaves as on Windows.", g.Path, kind),
			Detail: "WSL runs Windows programs, so this go works, but as a Windows go: GOROOT is a Windows path (C:\\Program Files\\Go), GOOS=windows, it builds .exe files, it does not understand Linux paths such as /home/..., and it reads the project over the slow Windows file share. " +
				"Builds and scripts fail in confusing ways (golang/go#70533: make.bash breaks with a Windows GOROOT), and editors in WSL run the wrong go (golang/vscode-go#3160).",
			Evidence: append(ev, windowsGoConfEvidence(f)...),
			Fix:      windowsGoInstallFix(f, g.Resolved, linux),
		})
	case driveGo:
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The go command on PATH, %s, is a Linux go stored on a Windows drive: every build reads its standard library over the slow Windows file share.", g.Resolved),
			Detail:   "It works, but the go command reads GOROOT (the standard library sources and the compiler) on every build, and files on a Windows drive cross from the Linux VM to Windows for each stat and open: builds are many times slower than with Go in the Linux file system (microsoft/WSL#4197).",
			Evidence: ev,
			Fix:      windowsGoInstallFix(f, g.Resolved, linux),
		})
	default:
		summary := fmt.Sprintf("The go command %s is a Linux program in the Linux file system", g.Path)
		if len(exes) > 0 {
			summary += fmt.Sprintf(" (a Windows go.exe is also on PATH: %s; `go` never runs it)", exes[0])
		}
		pass.Observe(summary, ev...)
	}
	return nil
}

// windowsGoKind says what kind of program a file is, from its first
// bytes.
func windowsGoKind(f *facts.Facts, p string) string {
	file, err := f.OS.Open(p)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	defer file.Close()
	buf := make([]byte, 512)
	n, _ := file.ReadAt(buf, 0)
	buf = buf[:n]
	switch {
	case strings.HasPrefix(string(buf), "MZ"):
		return "Windows program (PE)"
	case strings.HasPrefix(string(buf), "\x7fELF"):
		return "Linux program (ELF)"
	case strings.HasPrefix(string(buf), "#!"):
		if strings.Contains(strings.ToLower(string(buf)), "go.exe") {
			return "script that runs go.exe"
		}
		return "script"
	}
	return "unknown file type"
}

// windowsGoLinuxAlternative is a Linux go later on PATH, or in the
// standard /usr/local/go, if any.
func windowsGoLinuxAlternative(f *facts.Facts, winner string, onDrive func(string) bool) string {
	for _, p := range append(f.LookPathAll("go"), "/usr/local/go/bin/go") {
		if p == winner {
			continue
		}
		r, err := f.OS.EvalSymlinks(p)
		if err != nil {
			r = p
		}
		if !onDrive(r) && windowsGoKind(f, r) == "Linux program (ELF)" {
			return p
		}
	}
	return ""
}

func windowsGoConfEvidence(f *facts.Facts) check.Evidence {
	conf := f.ReadWSLConf()
	v := conf.AppendWindowsPath
	switch {
	case !conf.Exists:
		return check.Evidence{check.F("/etc/wsl.conf", "absent (appendWindowsPath defaults to true)")}
	case v == "":
		return check.Evidence{check.F("/etc/wsl.conf [interop] appendWindowsPath", "not set (defaults to true)")}
	}
	return check.Evidence{check.F("/etc/wsl.conf [interop] appendWindowsPath", v)}
}

// windowsGoAppendOff is the command that turns appendWindowsPath off,
// or "" when it already is.
func windowsGoAppendOff(f *facts.Facts) string {
	conf := f.ReadWSLConf()
	switch {
	case conf.AppendWindowsPath == "false":
		return ""
	case conf.AppendWindowsPath != "":
		return `sudo sed -i 's/^[[:space:]]*appendWindowsPath[[:space:]]*=.*/appendWindowsPath = false/' /etc/wsl.conf`
	case conf.HasInterop:
		return `sudo sed -i '/^[[:space:]]*\[interop\]/a appendWindowsPath = false' /etc/wsl.conf`
	}
	return `printf '[interop]\nappendWindowsPath = false\n' | sudo tee -a /etc/wsl.conf`
}

// windowsGoInstallFix installs Go inside WSL (the same version as the
// Windows one when its VERSION file says), or puts an existing Linux go
// first on PATH.
func windowsGoInstallFix(f *facts.Facts, winGo, linuxGo string) *check.Fix {
	appendOff := windowsGoAppendOff(f)
	optional := ""
	if appendOff != "" {
		optional = " If you want no Windows programs on the Linux PATH at all, also run `" + appendOff + "` and then `wsl --shutdown` from Windows (this drops `code` and `explorer.exe` from PATH too)."
	} else {
		optional = " appendWindowsPath is already false in /etc/wsl.conf, so this PATH entry comes from your shell startup files (~/.bashrc, ~/.profile): remove it there."
	}
	if linuxGo != "" {
		dir := f.ParentDir(linuxGo)
		return &check.Fix{
			Description: "A Linux go is installed (" + linuxGo + "); put its directory first on PATH (add the line to ~/.profile or ~/.bashrc), then open a new terminal." + optional,
			Commands:    []string{"export PATH=" + shellquote.POSIX(dir) + ":$PATH"},
		}
	}
	version := ""
	if root := f.ParentDir(f.ParentDir(winGo)); root != "" {
		if v, err := f.GorootVersion(root); err == nil && strings.HasPrefix(v, "go1") {
			version = v
		}
	}
	arch := f.GOARCH()
	archive := "go1.N.linux-" + arch + ".tar.gz"
	desc := "Install Go inside WSL from the official linux-" + arch + " archive (pick the version at https://go.dev/dl/ and replace go1.N below), put /usr/local/go/bin first on PATH (add the export line to ~/.profile), and open a new terminal." + optional
	if version != "" {
		archive = version + ".linux-" + arch + ".tar.gz"
		desc = "Install Go inside WSL from the official linux-" + arch + " archive (the same version as the Windows one, " + version + "), put /usr/local/go/bin first on PATH (add the export line to ~/.profile), and open a new terminal." + optional
	}
	return &check.Fix{
		Description: desc,
		Commands: []string{
			"curl -fLO https://go.dev/dl/" + archive,
			"sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf " + archive,
			"export PATH=/usr/local/go/bin:$PATH",
		},
	}
}

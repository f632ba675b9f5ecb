package wsl

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Detect says whether godx runs inside the Windows Subsystem for Linux,
// which version, and which distribution; WSL 1 is a warning.
var Detect = &check.Check{
	ID:    "wsl/detect",
	Title: "WSL",
	Doc: check.Doc{
		What: "Detects the Windows Subsystem for Linux from the kernel release (/proc/sys/kernel/osrelease, or /proc/version), the WSL interop files " +
			"(/proc/sys/fs/binfmt_misc/WSLInterop, WSLInterop-late when systemd is on, /run/WSL) and the variables WSL init sets (WSL_DISTRO_NAME, WSL_INTEROP), and reports the WSL version and distribution.",
		Why: "WSL 1 translates every Linux system call into Windows file operations; a go build looks at thousands of files, and its file system is many times slower than WSL 2's own ext4 disk (microsoft/WSL#2674, \"Very slow go build\"). " +
			"Under WSL 2 the Linux file system is fast but the Windows drives under /mnt are not, which the other wsl/ checks look at.",
		How: "The kernel release contains \"Microsoft\" on WSL 1 (4.4.0-19041-Microsoft) and \"microsoft\" or \"WSL2\" on WSL 2 (5.15.153.1-microsoft-standard-WSL2). " +
			"A custom WSL 2 kernel can drop both; then the interop files decide (only WSL 2 runs custom kernels). WSL_DISTRO_NAME alone is not trusted, because environment variables travel where files do not (ssh, docker run -e). " +
			"Warning on WSL 1; info on WSL 2 (version, distribution, kernel). Not WSL: this check and the other wsl/ checks are skipped.",
		Fix: "Convert the distribution to WSL 2 from PowerShell or cmd on Windows: `wsl --set-version <distro> 2` (`wsl -l -v` lists the names and versions), and make WSL 2 the default for new distributions with `wsl --set-default-version 2`.",
	},
	Run: runDetect,
}

func runDetect(pass *check.Pass) error {
	f := pass.Facts
	w, err := requireWSL(f)
	if err != nil {
		return err
	}
	ev := detectEvidence(w)
	distro := w.Distro
	if distro == "" {
		distro = "unknown: WSL_DISTRO_NAME is not set"
	}
	if w.Version == 1 {
		name := w.Distro
		if name == "" {
			name = "<distro>"
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("This is WSL 1 (kernel %s, distribution %s): its file system is many times slower for Go builds than WSL 2, and go test -race, Delve and file watching do not work as on Linux.", w.Kernel, distro),
			Detail: "WSL 1 has no Linux kernel: every file operation is translated into Windows calls, and a go build or go test stats and opens thousands of files (standard library, module cache, build cache). " +
				"Builds and `go mod download` take minutes where WSL 2 takes seconds (microsoft/WSL#2674, \"Very slow go build\"). " +
				"With no Linux kernel, programs built with -race need memory mappings ThreadSanitizer cannot get, Delve's ptrace support is incomplete, and inotify does not see changes made on Windows drives. " +
				"WSL 2 runs a real Linux kernel on its own ext4 disk.",
			Evidence: ev,
			Fix: &check.Fix{
				Description: "Convert the distribution to WSL 2 from PowerShell or cmd on Windows (it keeps your files; `wsl -l -v` lists names and versions), then open a new WSL terminal.",
				Commands:    []string{shellquote.Join(shellquote.PowerShell, "wsl", "--set-version", name, "2"), "wsl --set-default-version 2"},
			},
		})
		return nil
	}
	summary := fmt.Sprintf("This is WSL 2 (distribution %s, kernel %s).", distro, w.Kernel)
	detail := "Keep projects and Go's caches in the Linux file system (under your home directory), not on the Windows drives under /mnt: wsl/windows-paths and wsl/windows-go check that."
	if !w.KernelSays {
		summary = fmt.Sprintf("This is WSL 2 with a custom kernel (distribution %s, kernel %s).", distro, w.Kernel)
	}
	if w.Distro == "" && len(w.Markers) == 0 {
		detail += " Only the kernel says so, with none of WSL's interop files or variables: this is a container on WSL 2 (Docker Desktop, for example) or a shell started without WSL's environment (sudo, ssh, a systemd unit)."
	} else if w.Distro == "" {
		detail += " WSL_DISTRO_NAME is not set in this shell (sudo, ssh and systemd units drop it); `wsl -l -v` on Windows lists the distributions."
	}
	pass.Report(check.Finding{Severity: check.Info, Summary: summary, Detail: detail, Evidence: ev})
	return nil
}

func detectEvidence(w facts.WSLInfo) check.Evidence {
	ev := check.Evidence{check.F("WSL version", fmt.Sprint(w.Version))}
	if w.KernelFile != "" {
		ev = append(ev, check.F("kernel ("+w.KernelFile+")", w.Kernel))
	}
	if w.Distro != "" {
		ev = append(ev, check.F("WSL_DISTRO_NAME", w.Distro))
	} else {
		ev = append(ev, check.F("WSL_DISTRO_NAME", "(not set)"))
	}
	if w.Interop != "" {
		ev = append(ev, check.F("WSL_INTEROP", w.Interop))
	}
	if len(w.Markers) > 0 {
		ev = append(ev, check.F("WSL files", strings.Join(w.Markers, ", ")))
	}
	return ev
}

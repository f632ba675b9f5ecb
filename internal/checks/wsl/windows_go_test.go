package wsl

import (
	"slices"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

// A Linux go first, a Windows go.exe on the appended Windows PATH: fine.
func TestWindowsGo_LinuxGoWins(t *testing.T) {
	o := newWSLMachine(t)
	o.Executable("/usr/local/go/bin/go", "\x7fELF\x02\x01")
	r := checktest.Run(t, WindowsGo, o, facts.Options{})
	checktest.Clean(t, r, "Linux program", "go.exe is also on PATH")
}

// Only go.exe: `go` is not found in WSL.
func TestWindowsGo_OnlyWindowsGo(t *testing.T) {
	o := newWSLMachine(t)
	o.Path("/usr/bin", "/mnt/c/Windows/system32", "/mnt/c/Program Files/Go/bin")
	r := checktest.Run(t, WindowsGo, o, facts.Options{})
	fd := checktest.Only(t, r, check.Warning, "Go is not installed inside WSL", "/mnt/c/Program Files/Go/bin/go.exe", "command not found", "appendWindowsPath = false", "wsl --shutdown", "absent")
	want := []string{
		"curl -fLO https://go.dev/dl/go1.25.3.linux-amd64.tar.gz",
		"sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf go1.25.3.linux-amd64.tar.gz",
		"export PATH=/usr/local/go/bin:$PATH",
	}
	if !slices.Equal(fd.Fix.Commands, want) {
		t.Errorf("commands = %q, want %q", fd.Fix.Commands, want)
	}
	if !strings.Contains(fd.Fix.Description, `printf '[interop]\nappendWindowsPath = false\n' | sudo tee -a /etc/wsl.conf`) {
		t.Errorf("description = %q", fd.Fix.Description)
	}
}

func TestWindowsGo_WSLConfVariants(t *testing.T) {
	for conf, want := range map[string]string{
		"[boot]\nsystemd=true\n[interop]\nenabled=true\n": `sudo sed -i '/^[[:space:]]*\[interop\]/a appendWindowsPath = false' /etc/wsl.conf`,
		"[interop]\nappendWindowsPath = true\n":           `sudo sed -i 's/^[[:space:]]*appendWindowsPath[[:space:]]*=.*/appendWindowsPath = false/' /etc/wsl.conf`,
		"[interop]\nappendWindowsPath=false\n":            "comes from your shell startup files",
	} {
		o := newWSLMachine(t)
		o.Path("/usr/bin", "/mnt/c/Program Files/Go/bin")
		o.File("/etc/wsl.conf", conf)
		r := checktest.Run(t, WindowsGo, o, facts.Options{})
		fd := checktest.Only(t, r, check.Warning)
		if !strings.Contains(fd.Fix.Description, want) {
			t.Errorf("wsl.conf %q: description = %q, want %q", conf, fd.Fix.Description, want)
		}
	}
}

// A Windows go named `go` (a copy of go.exe) wins: error; the Linux go
// installed later on PATH is the way out.
func TestWindowsGo_WindowsProgramWins(t *testing.T) {
	o := newWSLMachine(t)
	o.AddFile("/mnt/c/tools/go", "MZ\x90\x00", 0o777)
	o.Executable("/usr/local/go/bin/go", "\x7fELF\x02\x01")
	o.Path("/mnt/c/tools", "/usr/local/go/bin", "/usr/bin")
	r := checktest.Run(t, WindowsGo, o, facts.Options{})
	fd := checktest.Only(t, r, check.Error, "/mnt/c/tools/go", "Windows program (PE)", "GOOS=windows")
	if !slices.Equal(fd.Fix.Commands, []string{"export PATH=/usr/local/go/bin:$PATH"}) {
		t.Errorf("commands = %q", fd.Fix.Commands)
	}
}

// A wrapper script that runs go.exe is a Windows go too.
func TestWindowsGo_ScriptRunningGoExe(t *testing.T) {
	o := newWSLMachine(t)
	o.Executable("/home/me/bin/go", "#!/bin/sh\nexec '/mnt/c/Program Files/Go/bin/go.exe' \"$@\"\n")
	o.Path("/home/me/bin", "/usr/bin")
	r := checktest.Run(t, WindowsGo, o, facts.Options{})
	checktest.Only(t, r, check.Error, "script that runs go.exe", "curl -fLO https://go.dev/dl/go1.N.linux-amd64.tar.gz")
}

// A Linux go installed on the Windows drive: slow, a warning.
func TestWindowsGo_LinuxGoOnWindowsDrive(t *testing.T) {
	o := newWSLMachine(t)
	o.AddFile("/mnt/d/go/bin/go", "\x7fELF\x02\x01", 0o777)
	o.Path("/mnt/d/go/bin", "/usr/bin")
	r := checktest.Run(t, WindowsGo, o, facts.Options{})
	checktest.Only(t, r, check.Warning, "Linux go stored on a Windows drive", "/mnt/d/go/bin/go")
}

func TestWindowsGo_NoGoAtAllIsSkipped(t *testing.T) {
	o := newWSLMachine(t)
	o.Path("/usr/bin")
	checktest.Skipped(t, checktest.Run(t, WindowsGo, o, facts.Options{}), "go/installed")
}

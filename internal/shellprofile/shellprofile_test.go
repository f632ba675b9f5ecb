package shellprofile

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want Shell
		err  string
	}{
		{"linux", map[string]string{"SHELL": "/bin/bash"}, Bash, ""},
		{"darwin", map[string]string{"SHELL": "/bin/zsh"}, Zsh, ""},
		{"linux", map[string]string{"SHELL": "/usr/local/bin/fish"}, Fish, ""},
		{"linux", map[string]string{"SHELL": "/opt/microsoft/powershell/7/pwsh"}, Pwsh, ""},
		{"linux", map[string]string{"SHELL": "/bin/dash"}, "", "pass --shell"},
		{"linux", nil, "", "$SHELL is not set"},
		{"windows", map[string]string{"SHELL": "/usr/bin/bash", "MSYSTEM": "MINGW64"}, Bash, ""}, // Git Bash
		{"windows", map[string]string{"SHELL": "/usr/bin/zsh", "MSYSTEM": "UCRT64"}, Zsh, ""},    // MSYS2
		{"windows", map[string]string{"SHELL": "/bin/bash"}, PowerShell, ""},                     // leaked (Wine, WSLENV): not this shell
		{"windows", map[string]string{"SHELL": "/bin/bash", "PSModulePath": `C:\Users\u\Documents\PowerShell\Modules`}, Pwsh, ""},
		{"windows", map[string]string{"PSModulePath": `C:\Users\u\Documents\PowerShell\Modules;C:\Program Files\PowerShell\Modules`}, Pwsh, ""},
		{"windows", map[string]string{"PSModulePath": `C:\Users\u\Documents\WindowsPowerShell\Modules`}, PowerShell, ""},
		{"windows", nil, PowerShell, ""},
	} {
		got, err := Detect(tc.goos, env(tc.env))
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s %v: %q, %v", tc.goos, tc.env, got, err)
		}
	}
}

func TestProfilePath(t *testing.T) {
	unix := map[string]string{"HOME": "/home/u"}
	win := map[string]string{"USERPROFILE": `C:\Users\u`}
	for _, tc := range []struct {
		sh   Shell
		goos string
		env  map[string]string
		want string
	}{
		{Bash, "linux", unix, "/home/u/.bashrc"},
		{Bash, "darwin", unix, "/home/u/.bash_profile"},
		{Zsh, "linux", unix, "/home/u/.zshrc"},
		{Zsh, "linux", map[string]string{"HOME": "/home/u", "ZDOTDIR": "/home/u/.config/zsh"}, "/home/u/.config/zsh/.zshrc"},
		{Fish, "linux", unix, "/home/u/.config/fish/conf.d/godx.fish"},
		{Fish, "linux", map[string]string{"HOME": "/home/u", "XDG_CONFIG_HOME": "/cfg"}, "/cfg/fish/conf.d/godx.fish"},
		{Pwsh, "linux", unix, "/home/u/.config/powershell/Microsoft.PowerShell_profile.ps1"},
		{Pwsh, "windows", win, `C:\Users\u\Documents\PowerShell\Microsoft.PowerShell_profile.ps1`},
		{PowerShell, "windows", win, `C:\Users\u\Documents\WindowsPowerShell\Microsoft.PowerShell_profile.ps1`},
		{Bash, "windows", win, `C:\Users\u\.bashrc`},
	} {
		got, err := ProfilePath(tc.sh, tc.goos, env(tc.env))
		if err != nil || got != tc.want {
			t.Errorf("%s on %s: %q, %v; want %q", tc.sh, tc.goos, got, err, tc.want)
		}
	}
	if _, err := ProfilePath(PowerShell, "linux", env(unix)); err == nil {
		t.Error("Windows PowerShell on Linux: want an error")
	}
}

func TestLine(t *testing.T) {
	for _, tc := range []struct {
		sh         Shell
		goos, home string
		dir, want  string
	}{
		{Bash, "linux", "/home/u", "/home/u/go/bin", `case ":${PATH}:" in *:"$HOME/go/bin":*) ;; *) export PATH="${PATH:+${PATH}:}""$HOME/go/bin" ;; esac`},
		{Zsh, "linux", "/home/u", `/opt/my "tools"/$bin`, `case ":${PATH}:" in *:"/opt/my \"tools\"/\$bin":*) ;; *) export PATH="${PATH:+${PATH}:}""/opt/my \"tools\"/\$bin" ;; esac`},
		{Fish, "linux", "/home/u", "/home/u/go/bin", `contains -- "$HOME/go/bin" $PATH; or set -gx PATH $PATH "$HOME/go/bin"`},
		{Pwsh, "windows", `C:\Users\u`, `C:\Users\u\go\bin`, `if (-not (($env:PATH -split [IO.Path]::PathSeparator) -contains "$HOME\go\bin")) { $env:PATH = $env:PATH + [IO.Path]::PathSeparator + "$HOME\go\bin" }`},
		{Pwsh, "windows", `C:\Users\u`, `D:\Go Tools\bin`, `if (-not (($env:PATH -split [IO.Path]::PathSeparator) -contains "D:\Go Tools\bin")) { $env:PATH = $env:PATH + [IO.Path]::PathSeparator + "D:\Go Tools\bin" }`},
		{Bash, "windows", `C:\Users\u`, `C:\Program Files\Go\bin`, `case ":${PATH}:" in *:"/c/Program Files/Go/bin":*) ;; *) export PATH="${PATH:+${PATH}:}""/c/Program Files/Go/bin" ;; esac`},
		{Bash, "windows", `C:\Users\u`, `c:\users\u\go\bin`, `case ":${PATH}:" in *:"$HOME/go/bin":*) ;; *) export PATH="${PATH:+${PATH}:}""$HOME/go/bin" ;; esac`},
	} {
		if got := Line(tc.sh, tc.goos, tc.home, tc.dir); got != tc.want {
			t.Errorf("%s %s:\n got %s\nwant %s", tc.sh, tc.dir, got, tc.want)
		}
	}
}

// TestLine_BashRunsAndIsIdempotent runs the generated lines in a real
// bash: the directory is appended once, however often the file is sourced.
func TestLine_BashRunsAndIsIdempotent(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	home := t.TempDir()
	dirs := []string{filepath.Join(home, "go", "bin"), "/opt/odd dir/$x\"y"}
	rc := filepath.Join(home, "rc")
	if err := os.WriteFile(rc, []byte(Block(Bash, "linux", home, dirs)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/usr/bin:/bin", ""} {
		cmd := exec.Command(bash, "--norc", "-c", `. "$1"; . "$1"; printf %s "$PATH"`, "bash", rc)
		cmd.Env = []string{"HOME=" + home, "PATH=" + path}
		if path == "" {
			cmd.Env = []string{"HOME=" + home}
			cmd.Args = []string{bash, "--norc", "-c", `unset PATH; . "$1"; . "$1"; printf %s "$PATH"`, "bash", rc}
		}
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Join(dirs, ":")
		if path != "" {
			want = path + ":" + want
		}
		if string(out) != want {
			t.Errorf("PATH after sourcing twice = %q, want %q", out, want)
		}
	}
}

func TestInstall(t *testing.T) {
	block := Block(Bash, "linux", "/home/u", []string{"/home/u/go/bin"})
	for _, tc := range []struct {
		name, old, want string
	}{
		{"empty file", "", block},
		{"appended", "alias ll='ls -l'\n", "alias ll='ls -l'\n" + block},
		{"no final newline", "alias ll='ls -l'", "alias ll='ls -l'\n" + block},
		{"old block replaced in place", "a\n# >>> godx >>>\nexport PATH=$PATH:/old\n# <<< godx <<<\nb\n", "a\n" + block + "b\n"},
		{"extra blocks dropped", "# >>> godx >>>\nx\n# <<< godx <<<\nmid\n  # >>> godx >>>\ny\n# <<< godx <<<\n", block + "mid\n"},
		{"crlf file keeps crlf", "a\r\nb\r\n", "a\r\nb\r\n" + strings.ReplaceAll(block, "\n", "\r\n")},
		{"crlf old block", "a\r\n# >>> godx >>>\r\nold\r\n# <<< godx <<<\r\n", "a\r\n" + strings.ReplaceAll(block, "\n", "\r\n")},
	} {
		got, err := Install([]byte(tc.old), block)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: %q, %v\nwant %q", tc.name, got, err, tc.want)
			continue
		}
		again, err := Install(got, block)
		if err != nil || string(again) != string(got) {
			t.Errorf("%s: installing twice changed the file: %q", tc.name, again)
		}
		if !Adds(got, Bash, "linux", "/home/u", "/home/u/go/bin") || Adds(got, Bash, "linux", "/home/u", "/usr/local/go/bin") {
			t.Errorf("%s: Adds is wrong", tc.name)
		}
	}
	for _, bad := range []string{"# >>> godx >>>\nx\n", "x\n# <<< godx <<<\n", "# >>> godx >>>\n# >>> godx >>>\n# <<< godx <<<\n"} {
		if _, err := Install([]byte(bad), block); err == nil || !strings.Contains(err.Error(), "by hand") {
			t.Errorf("damaged block %q: %v", bad, err)
		}
		if _, err := Uninstall([]byte(bad)); err == nil {
			t.Errorf("uninstall of damaged block %q: no error", bad)
		}
	}
}

func TestUninstall_RemovesOnlyTheBlock(t *testing.T) {
	block := Block(Zsh, "linux", "/home/u", []string{"/home/u/go/bin"})
	for _, old := range []string{"", "setopt autocd\n", "a\r\nb\r\n", "x\n\n# a comment\n"} {
		installed, _ := Install([]byte(old), block)
		got, err := Uninstall(installed)
		if err != nil || string(got) != old {
			t.Errorf("install+uninstall of %q = %q, %v", old, got, err)
		}
	}
	got, _ := Uninstall([]byte("keep\n"))
	if string(got) != "keep\n" {
		t.Errorf("no block: %q", got)
	}
}

func TestAddDirs_KeepsWhatTheBlockHas(t *testing.T) {
	goroot := Block(Bash, "linux", "/home/u", []string{"/usr/local/go/bin"})
	old := "x\n" + goroot
	got, err := AddDirs([]byte(old), Bash, "linux", "/home/u", []string{"/home/u/go/bin"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "x\n" + Block(Bash, "linux", "/home/u", []string{"/usr/local/go/bin", "/home/u/go/bin"}); string(got) != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	again, _ := AddDirs(got, Bash, "linux", "/home/u", []string{"/home/u/go/bin"})
	if string(again) != string(got) {
		t.Error("adding twice changed the file")
	}
	fresh, _ := AddDirs(nil, Fish, "linux", "/home/u", []string{"/home/u/go/bin"})
	if string(fresh) != Block(Fish, "linux", "/home/u", []string{"/home/u/go/bin"}) {
		t.Errorf("fresh: %q", fresh)
	}
}

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
		// bash reads a CR as part of the line: the block is LF in a CRLF file
		{"crlf file gets an lf block", "a\r\nb\r\n", "a\r\nb\r\n" + block},
		{"crlf file without final newline", "a\r\nb", "a\r\nb\n" + block},
		{"crlf old block", "a\r\n# >>> godx >>>\r\nold\r\n# <<< godx <<<\r\nz\r\n", "a\r\n" + block + "z\r\n"},
	} {
		got, err := Install([]byte(tc.old), Bash, block)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: %q, %v\nwant %q", tc.name, got, err, tc.want)
			continue
		}
		again, err := Install(got, Bash, block)
		if err != nil || string(again) != string(got) {
			t.Errorf("%s: installing twice changed the file: %q", tc.name, again)
		}
		if !Adds(got, Bash, "linux", "/home/u", "/home/u/go/bin") || Adds(got, Bash, "linux", "/home/u", "/usr/local/go/bin") {
			t.Errorf("%s: Adds is wrong", tc.name)
		}
	}
	for _, bad := range []string{"# >>> godx >>>\nx\n", "x\n# <<< godx <<<\n", "# >>> godx >>>\n# >>> godx >>>\n# <<< godx <<<\n"} {
		if _, err := Install([]byte(bad), Bash, block); err == nil || !strings.Contains(err.Error(), "by hand") {
			t.Errorf("damaged block %q: %v", bad, err)
		}
		if _, err := Uninstall([]byte(bad)); err == nil {
			t.Errorf("uninstall of damaged block %q: no error", bad)
		}
	}
}

// TestInstall_PowerShellKeepsCRLF: PowerShell reads CRLF and LF alike,
// so its block takes the profile's line endings (Windows editors write
// CRLF; a file with no line ending yet gets LF), and a CRLF block counts
// as installed.
func TestInstall_PowerShellKeepsCRLF(t *testing.T) {
	block := Block(Pwsh, "windows", `C:\Users\u`, []string{`C:\Users\u\go\bin`})
	crlf := strings.ReplaceAll(block, "\n", "\r\n")
	for old, want := range map[string]string{
		"$x = 1\r\n": "$x = 1\r\n" + crlf,
		"$x = 1":     "$x = 1\n" + block,
		"$x = 1\n":   "$x = 1\n" + block,
	} {
		got, err := Install([]byte(old), Pwsh, block)
		if err != nil || string(got) != want {
			t.Errorf("%q: got %q, %v; want %q", old, got, err, want)
		}
		if !Adds(got, Pwsh, "windows", `C:\Users\u`, `C:\Users\u\go\bin`) {
			t.Errorf("%q: Adds is false after Install", old)
		}
		if again, _ := AddDirs(got, Pwsh, "windows", `C:\Users\u`, []string{`C:\Users\u\go\bin`}); string(again) != string(got) {
			t.Errorf("%q: AddDirs changed an installed block: %q", old, again)
		}
	}
}

// TestInstall_CRLFProfileRunsInRealShells sources what Install and
// AddDirs write into a CRLF startup file in the real bash, zsh and fish:
// no error, and the directory is on PATH. The file's own lines are ones
// each shell accepts with a CR (comments, a plain assignment), so any
// error would come from godx's block; an older godx block written with
// CRLF (which bash and zsh cannot parse) is repaired.
func TestInstall_CRLFProfileRunsInRealShells(t *testing.T) {
	for _, tc := range []struct {
		sh      Shell
		argv    []string // the shell, sourcing the file and printing PATH (fish's status after a `set` is not 0: not checked)
		user    string   // the user's own CRLF lines
		oldLine string   // an older godx block's line
	}{
		{Bash, []string{"bash", "--norc", "--noprofile", "-c", `. "$1" && printf '%s' "$PATH"`, "bash"}, "# my settings\r\nexport EDITOR=vi\r\n", "export PATH=\"$PATH:/old/bin\""},
		{Zsh, []string{"zsh", "-f", "-c", `. "$1" && printf '%s' "$PATH"`, "zsh"}, "# my settings\r\nexport EDITOR=vi\r\n", "export PATH=\"$PATH:/old/bin\""},
		{Fish, []string{"fish", "--no-config", "-c", `source $argv[1]; printf '%s' (string join : $PATH)`}, "# my settings\r\nset -gx EDITOR vi\r\n", "set -gx PATH $PATH /old/bin"},
	} {
		t.Run(string(tc.sh), func(t *testing.T) {
			exe, err := exec.LookPath(tc.argv[0])
			if err != nil {
				t.Skipf("%s is not installed", tc.argv[0])
			}
			home := t.TempDir()
			dir := filepath.Join(home, "go", "bin")
			oldBlock := "# >>> godx >>>\r\n" + tc.oldLine + "\r\n# <<< godx <<<\r\n"
			if Adds([]byte(tc.user+oldBlock), tc.sh, "linux", home, dir) {
				t.Fatal("a block without the line adds the directory")
			}
			block := Block(tc.sh, "linux", home, []string{dir})
			installed, err := Install([]byte(tc.user), tc.sh, block)
			if err != nil {
				t.Fatal(err)
			}
			replaced, err := Install([]byte(tc.user+oldBlock), tc.sh, block)
			if err != nil {
				t.Fatal(err)
			}
			added, err := AddDirs([]byte(tc.user+oldBlock), tc.sh, "linux", home, []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			for name, content := range map[string][]byte{"install": installed, "replace an old CRLF block": replaced, "add to an old CRLF block": added} {
				if !Adds(content, tc.sh, "linux", home, dir) {
					t.Errorf("%s: Adds is false:\n%q", name, content)
				}
				rc := filepath.Join(home, "rc")
				if err := os.WriteFile(rc, content, 0o644); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(exe, append(tc.argv[1:], rc)...)
				cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
				var stderr strings.Builder
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil || stderr.Len() > 0 {
					t.Errorf("%s: %s failed: %v\n%s\nfile:\n%q", name, tc.sh, err, stderr.String(), content)
					continue
				}
				if want := ":" + dir; !strings.HasSuffix(string(out), want) {
					t.Errorf("%s: PATH = %q, want it to end in %q", name, out, want)
				}
			}
		})
	}
}

func TestUninstall_RemovesOnlyTheBlock(t *testing.T) {
	block := Block(Zsh, "linux", "/home/u", []string{"/home/u/go/bin"})
	for _, old := range []string{"", "setopt autocd\n", "a\r\nb\r\n", "x\n\n# a comment\n"} {
		installed, _ := Install([]byte(old), Zsh, block)
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

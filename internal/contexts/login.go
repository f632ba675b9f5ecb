package contexts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/procenv"
)

// LoginTimeout bounds the login shell: a profile that waits for input or
// a slow mount is killed then, and reported.
const LoginTimeout = 8 * time.Second

// envMarker comes before the environment in the login shell's output, so
// that whatever the profile prints (a banner, a fortune) is skipped.
const envMarker = "\x00GODX-ENV\x00"

// printEnv prints the marker and the environment NUL-separated. The same
// words work in bash, zsh and fish: `command` runs the external printf
// and env, whatever the profile defines as functions or aliases.
const printEnv = `command printf '\0GODX-ENV\0'; command env -0`

// pwshPrintEnv is printEnv for PowerShell.
const pwshPrintEnv = `[Console]::Out.Write([char]0 + 'GODX-ENV' + [char]0); Get-ChildItem env: | ForEach-Object { [Console]::Out.Write($_.Name + '=' + $_.Value + [char]0) }`

// LoginCommand is the command that starts shell (a path) as a login,
// interactive shell printing its environment, or an error for a shell
// godx does not know how to ask.
func LoginCommand(shell string) (facts.Command, error) {
	switch strings.ToLower(procenv.Base(shell)) {
	case "bash", "zsh":
		return facts.Command{Path: shell, Args: []string{"-l", "-i", "-c", printEnv}}, nil
	case "fish":
		return facts.Command{Path: shell, Args: []string{"--login", "--interactive", "-c", printEnv}}, nil
	case "pwsh", "powershell":
		// Without -NoProfile PowerShell runs the user's profile, as a new
		// terminal does.
		return facts.Command{Path: shell, Args: []string{"-NoLogo", "-NonInteractive", "-Command", pwshPrintEnv}}, nil
	}
	return facts.Command{}, fmt.Errorf("the login shell %s is not one godx knows how to start (bash, zsh, fish, PowerShell)", shell)
}

// ParseLoginOutput takes the environment from a login shell's output:
// the NUL-separated strings after the marker.
func ParseLoginOutput(out []byte) ([]string, error) {
	_, after, ok := bytes.Cut(out, []byte(envMarker))
	if !ok {
		return nil, errors.New("the shell printed no environment (its profile may have exited or replaced the shell)")
	}
	return procenv.SplitNUL(after), nil
}

// LoginShell is the shell a new terminal runs: $SHELL on Unix (the
// account's shell), PowerShell on Windows (pwsh when installed).
func LoginShell(f *facts.Facts) (string, error) {
	if f.GOOS() == "windows" {
		for _, name := range []string{"pwsh", "powershell"} {
			if p, err := f.LookPath(name); err == nil {
				return p, nil
			}
		}
		return "", errors.New("neither pwsh nor powershell is on PATH")
	}
	sh := f.Getenv("SHELL")
	if sh == "" {
		return "", errors.New("SHELL is not set: godx cannot tell which shell a new terminal runs")
	}
	return sh, nil
}

// loginEnv is what the login shell starts from: what a terminal
// emulator passes on (who the user is, where home is), not godx's own
// environment, so that the profile alone decides PATH and the Go
// settings, as in a new terminal.
func loginEnv(f *facts.Facts) []string {
	env := []string{"TERM=dumb"}
	for _, k := range []string{"HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "TMPDIR", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR",
		"USERPROFILE", "USERNAME", "SYSTEMROOT", "SystemRoot", "APPDATA", "LOCALAPPDATA", "PSModulePath", "WINDIR", "ComSpec", "PATHEXT"} {
		if v, ok := f.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	if f.GOOS() == "windows" {
		// Windows starts every program with the user's and the machine's
		// PATH from the registry; godx's own is the nearest it knows.
		return append(env, "PATH="+f.Getenv("PATH"))
	}
	return append(env, "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
}

// Login runs the user's login shell (bash, zsh, fish; PowerShell on
// Windows) as a login, interactive shell with no terminal (stdin is the
// null device), in an empty scratch directory, bounded by timeout, and
// returns the environment it ends up with. A shell that hangs is killed
// at its timeout, and the context says so in Err.
func Login(ctx context.Context, f *facts.Facts, timeout time.Duration) Context {
	c := Context{Name: "login", Kind: KindLogin, Program: "a new login shell"}
	shell, err := LoginShell(f)
	if err != nil {
		c.Err = err
		return c
	}
	c.Program = "a new login shell (" + procenv.Base(shell) + ")"
	cmd, err := LoginCommand(shell)
	if err != nil {
		c.Err = err
		return c
	}
	scratch, err := os.MkdirTemp("", "godx-login-")
	if err != nil {
		c.Err = fmt.Errorf("creating a scratch directory: %w", err)
		return c
	}
	defer os.RemoveAll(scratch)
	cmd.Dir = scratch
	cmd.Env = loginEnv(f)
	// The run's own command bound applies too: the message names the
	// one that holds.
	timeout = min(timeout, f.CommandTimeout())
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res := f.Run(ctx, cmd)
	if res.TimedOut {
		c.Err = fmt.Errorf("%s -l -i did not finish within %v and was killed: a profile (.bash_profile, .zshrc, config.fish...) may wait for input or a slow command", shell, timeout)
		return c
	}
	env, err := ParseLoginOutput(res.Stdout)
	if err != nil {
		if res.Err != nil {
			err = fmt.Errorf("%s: %v: %s", shell, res.Err, firstLine(res.Stderr))
		}
		c.Err = err
		return c
	}
	// Dir stays empty: the login context is compared in the project
	// directory, where the user would cd (a new terminal starting in
	// HOME would otherwise differ in GOWORK for no reason).
	c.Env = env
	return c
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}

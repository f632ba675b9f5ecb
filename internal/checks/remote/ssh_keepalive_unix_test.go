//go:build unix

package remote

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

// Real machine: ~/.ssh/config, a file it Includes, or the file
// remote.SSH.configFile names is a FIFO nobody writes to, a socket, or
// /dev/null. The check finishes without reading any of them and says what
// the real ssh (OpenSSH 9.2) does with each: waits forever on a FIFO,
// skips a socket as the user file and stops on an Included one, refuses
// /dev/null for its mode 0666 unless it comes with -F.
func TestSSHKeepalive_SpecialFiles(t *testing.T) {
	for _, tc := range []struct {
		name    string
		special string // relative to HOME
		kind    string // "fifo", "socket" or "devnull"
		custom  bool   // remote.SSH.configFile names the special file
		want    check.Severity
		summary string // after "The SSH configuration FILE "
		detail  string
	}{
		{name: "config FIFO", special: ".ssh/config", kind: "fifo", want: check.Warning,
			summary: "is a named pipe (FIFO), not a regular file, so godx did not read it.", detail: "`ssh -G HOST` never returns"},
		{name: "included FIFO", special: ".ssh/conf.d/gpu.conf", kind: "fifo", want: check.Warning,
			summary: "is a named pipe (FIFO), not a regular file, so godx did not read it.", detail: "`ssh -G HOST` never returns"},
		{name: "config socket", special: ".ssh/config", kind: "socket", want: check.Warning,
			summary: "is a socket, not a regular file, so godx did not read it.", detail: "silently missing"},
		{name: "included socket", special: ".ssh/conf.d/gpu.conf", kind: "socket", want: check.Warning,
			summary: "is a socket, not a regular file, so godx did not read it.", detail: "ssh stops with `Can't open user config file HOME/.ssh/conf.d/gpu.conf: No such device or address`"},
		{name: "config is /dev/null", special: ".ssh/config", kind: "devnull", want: check.Warning,
			summary: "is writable by everyone (mode 0666); ssh refuses to use a configuration someone else could change.", detail: "ssh stops with `Bad owner or permissions on HOME/.ssh/config`"},
		{name: "configFile is /dev/null", special: "custom", kind: "devnull", custom: true, want: check.Info,
			summary: "is a character device, not a regular file, so godx did not read it.", detail: "were not checked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A short folder name: a socket path must fit in sun_path.
			home, err := os.MkdirTemp("", "ssh")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(home) })
			t.Setenv("HOME", home)
			t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
			special := filepath.Join(home, tc.special)
			settings := `{"remote.SSH.remotePlatform": {"devbox": "linux", "gpu": "linux"}}`
			if tc.custom {
				settings = `{"remote.SSH.remotePlatform": {"devbox": "linux"}, "remote.SSH.configFile": "` + special + `"}`
			}
			for rel, data := range map[string]string{
				".config/Code/User/settings.json": settings,
				".ssh/config":                     "Include conf.d/*.conf\nHost devbox\n  HostName 127.0.0.1\n",
				".ssh/conf.d/gpu.conf":            "Host gpu\n  ServerAliveInterval 30\n",
			} {
				p := filepath.Join(home, rel)
				if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
					t.Fatal(err)
				}
				if rel != tc.special {
					if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
						t.Fatal(err)
					}
				}
			}
			switch tc.kind {
			case "fifo":
				err = syscall.Mkfifo(special, 0o600)
			case "devnull":
				err = os.Symlink("/dev/null", special)
			case "socket":
				var fd int
				if fd, err = syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0); err == nil {
					defer syscall.Close(fd)
					err = syscall.Bind(fd, &syscall.SockaddrUnix{Name: special})
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan checktest.Result, 1)
			go func() {
				f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: home, Offline: true})
				if err != nil {
					panic(err)
				}
				done <- checktest.RunFacts(t, SSHKeepalive, f)
			}()
			var r checktest.Result
			select {
			case r = <-done:
			case <-time.After(checktest.TestCommandTimeout): // a bound, not a timing assumption: the check must end at all
				t.Fatal("remote/ssh-keepalive blocks on a special file")
			}
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			fd := checktest.Only(t, r, tc.want, "The SSH configuration "+special+" "+tc.summary)
			if detail := strings.ReplaceAll(tc.detail, "HOME", home); !strings.Contains(fd.Detail, detail) {
				t.Errorf("detail %q does not say %q", fd.Detail, detail)
			}
		})
	}
}

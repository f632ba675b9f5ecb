package wsl

import (
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// wslMounts is a WSL 2 mount table: the Linux disk on /, C:
// without the metadata option, D: with it.
const wslMounts = `22 1 8:32 / / rw,relatime - ext4 /dev/sdc rw,discard,errors=remount-ro,data=ordered
70 22 0:50 / /mnt/c rw,noatime - 9p C:\134 rw,dirsync,aname=drvfs;path=C:\;uid=1000;gid=1000;symlinkroot=/mnt/,mmap,access=client,msize=65536,trans=fd,rfd=5,wfd=5
71 22 0:51 / /mnt/d rw,noatime - 9p D:\134 rw,dirsync,aname=drvfs;path=D:\;metadata;uid=1000;gid=1000;symlinkroot=/mnt/,mmap,access=client,msize=65536,trans=fd,rfd=5,wfd=5
`

// newWSLMachine is a clean WSL 2 Ubuntu: Go in /usr/local/go, the
// project under $HOME, the Windows PATH appended (with a Windows Go).
func newWSLMachine(t *testing.T) *factstest.Machine {
	t.Helper()
	o := factstest.NewMachine(t).Linux().Home("/home/me").
		Workdir("/home/me/src/app").
		File("/home/me/src/app/go.mod", "module example.com/app\n\ngo 1.26\n").
		Export("USER=me", "WSL_DISTRO_NAME=Ubuntu-24.04", "WSL_INTEROP=/run/WSL/1234_interop").
		File("/run/WSL/1234_interop", "").
		File("/proc/sys/kernel/osrelease", "5.15.153.1-microsoft-standard-WSL2\n").
		File("/proc/version", "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 12.2.0) #1 SMP\n").
		File("/proc/sys/fs/binfmt_misc/WSLInterop", "enabled\ninterpreter /init\n").
		File(facts.MountInfoFile, wslMounts).
		Go("/usr/local/go", "go1.26.8", "GOMOD=/home/me/src/app/go.mod")
	// A Windows Go on the C: drive, where every file has mode 0777.
	o.AddFile("/mnt/c/Program Files/Go/bin/go.exe", "MZ\x90\x00windows go", 0o777)
	o.AddFile("/mnt/c/Program Files/Go/VERSION", "go1.25.3\ntime x\n", 0o777)
	return o.Dir("/mnt/c/Windows/system32").
		Path("/usr/local/go/bin", "/usr/bin", "/mnt/c/Windows/system32", "/mnt/c/Program Files/Go/bin")
}

package facts_test

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// A WSL 2 mount table: ext4 root, C: without metadata, D: with it, and a
// WSL 1 style drvfs mount with a space in its mount point.
const mountinfoWSL = `22 1 8:32 / / rw,relatime - ext4 /dev/sdc rw,discard,errors=remount-ro,data=ordered
70 22 0:50 / /mnt/c rw,noatime - 9p C:\134 rw,dirsync,aname=drvfs;path=C:\;uid=1000;gid=1000;symlinkroot=/mnt/,mmap,access=client,msize=65536,trans=fd,rfd=5,wfd=5
71 22 0:51 / /mnt/d rw,noatime shared:5 - 9p D:\134 rw,dirsync,aname=drvfs;path=D:\;metadata;uid=1000;gid=1000
72 22 0:52 / /mnt/my\040drive rw,noatime - drvfs E: rw,uid=1000,gid=1000,case=off
73 70 0:53 / /mnt/c/Users/me/linux rw - ext4 /dev/sdd rw
garbage line
`

func TestMountinfoParse(t *testing.T) {
	ms := facts.ParseMountInfo([]byte(mountinfoWSL))
	if len(ms) != 5 {
		t.Fatalf("got %d mounts, want 5: %+v", len(ms), ms)
	}
	if ms[1].Source != `C:\` || ms[1].FSType != "9p" || !ms[1].WindowsDrive() || ms[1].HasOption("metadata") {
		t.Errorf("C: mount = %+v", ms[1])
	}
	if !ms[2].HasOption("metadata") || !ms[2].WindowsDrive() {
		t.Errorf("D: mount = %+v", ms[2])
	}
	if ms[3].MountPoint != "/mnt/my drive" || !ms[3].WindowsDrive() {
		t.Errorf("E: mount = %+v", ms[3])
	}
	if ms[0].WindowsDrive() || ms[4].WindowsDrive() {
		t.Errorf("ext4 mounts taken for Windows drives")
	}
}

func TestMountinfoMountOf(t *testing.T) {
	o := factstest.New()
	o.AddFile(facts.MountInfoFile, mountinfoWSL, 0)
	o.AddDir("/mnt/c/Users/me/src")
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{
		"/home/me/go":                 "/",
		"/mnt/c":                      "/mnt/c",
		"/mnt/c/Users/me/src/new/dir": "/mnt/c",
		"/mnt/cd":                     "/",
		"/mnt/c/Users/me/linux/x":     "/mnt/c/Users/me/linux",
		"/mnt/my drive/x":             "/mnt/my drive",
	} {
		m, ok := f.MountOf(p)
		if !ok || m.MountPoint != want {
			t.Errorf("MountOf(%s) = %q, %v; want %q", p, m.MountPoint, ok, want)
		}
	}
}

// The real mount table of the test machine parses, and / is on a mount.
func TestMountinfoRealMachine(t *testing.T) {
	f, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := f.Mounts()
	if err != nil {
		t.Skipf("no mount table here: %v", err)
	}
	if len(ms) == 0 {
		t.Fatal("no mounts parsed from", facts.MountInfoFile)
	}
	if m, ok := f.MountOf(f.Dir); !ok || m.FSType == "" {
		t.Errorf("MountOf(%s) = %+v, %v", f.Dir, m, ok)
	}
}

func TestWSLDetection(t *testing.T) {
	for _, tc := range []struct {
		name, kernel string
		markers      []string
		env          []string
		want         int
	}{
		{"plain linux", "6.8.0-45-generic", nil, nil, 0},
		{"env alone is not trusted", "6.8.0-45-generic", nil, []string{"WSL_DISTRO_NAME=Ubuntu"}, 0},
		{"wsl1", "4.4.0-19041-Microsoft", nil, []string{"WSL_DISTRO_NAME=Ubuntu"}, 1},
		{"wsl2", "5.15.153.1-microsoft-standard-WSL2", []string{"/proc/sys/fs/binfmt_misc/WSLInterop"}, nil, 2},
		{"old wsl2", "4.19.104-microsoft-standard", nil, nil, 2},
		{"custom kernel", "6.6.1-custom", []string{"/proc/sys/fs/binfmt_misc/WSLInterop-late"}, nil, 2},
		{"custom kernel, run dir", "6.6.1-custom", []string{"/run/WSL"}, nil, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := factstest.New()
			o.AddFile("/proc/sys/kernel/osrelease", tc.kernel+"\n", 0)
			for _, m := range tc.markers {
				o.AddFile(m, "enabled\n", 0)
			}
			o.Env = tc.env
			f, err := facts.New(context.Background(), o, facts.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if w := f.WSL(); w.Version != tc.want {
				t.Errorf("WSL() = %+v, want version %d", w, tc.want)
			}
		})
	}
}

package facts

import (
	"strconv"
	"strings"
)

// Mount is one line of /proc/self/mountinfo (proc(5)).
type Mount struct {
	MountPoint   string // where it is mounted, unescaped
	Root         string // the directory of the file system mounted there
	FSType       string // "ext4", "9p", "drvfs", ...
	Source       string // "/dev/sdc", `C:\`, ...
	Options      string // per-mount options ("rw,noatime")
	SuperOptions string // per-superblock options ("rw,aname=drvfs;path=C:\;...")
}

// MountInfoFile is where Linux lists the mounts of godx's own mount
// namespace (the same as the shell that started it).
const MountInfoFile = "/proc/self/mountinfo"

// WindowsDrive reports whether the mount is a Windows drive under WSL:
// drvfs (WSL 1, and WSL 2 in some versions) or 9p with aname=drvfs
// (WSL 2's usual /mnt/c).
func (m *Mount) WindowsDrive() bool {
	switch m.FSType {
	case "drvfs":
		return true
	case "9p":
		return m.HasOption("aname=drvfs")
	}
	return false
}

// HasOption reports whether opt is among the mount's options or its
// superblock options (drvfs separates some of those with ';').
func (m *Mount) HasOption(opt string) bool {
	for _, list := range []string{m.Options, m.SuperOptions} {
		for _, o := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ';' }) {
			if o == opt {
				return true
			}
		}
	}
	return false
}

// ParseMountInfo parses /proc/self/mountinfo. Malformed lines are skipped.
// Line format: ID parentID major:minor root mountpoint options
// [optional fields...] - fstype source superoptions.
func ParseMountInfo(data []byte) []Mount {
	var mounts []Mount
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		sep := -1
		for i := 6; i < len(fields); i++ {
			if fields[i] == "-" {
				sep = i
				break
			}
		}
		if sep < 0 || len(fields) < sep+3 {
			continue
		}
		m := Mount{
			Root:       mountInfoUnescape(fields[3]),
			MountPoint: mountInfoUnescape(fields[4]),
			Options:    fields[5],
			FSType:     fields[sep+1],
			Source:     mountInfoUnescape(fields[sep+2]),
		}
		if len(fields) > sep+3 {
			m.SuperOptions = mountInfoUnescape(fields[sep+3])
		}
		mounts = append(mounts, m)
	}
	return mounts
}

// mountInfoUnescape undoes the kernel's octal escapes (\040 is a space).
func mountInfoUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Mounts is the parsed mount table, read once per run.
func (f *Facts) Mounts() ([]Mount, error) { return mountTable.Get(f) }

var mountTable = NewFact("mount table", func(f *Facts) ([]Mount, error) {
	data, err := f.ReadFile(MountInfoFile)
	if err != nil {
		return nil, err
	}
	return ParseMountInfo(data), nil
})

// MountOf is the mount holding p (which need not exist yet): the mount
// with the longest mount point containing p once symlinks in p are
// resolved; of several mounts on the same point, the last one (it hides
// the others). ok is false when the mount table cannot be read.
func (f *Facts) MountOf(p string) (m Mount, ok bool) {
	mounts, err := f.Mounts()
	if err != nil || len(mounts) == 0 {
		return Mount{}, false
	}
	if r, err := f.resolveExisting(p); err == nil {
		p = r
	}
	p = f.CleanPath(p)
	best := -1
	for i := range mounts {
		mp := mounts[i].MountPoint
		if !mountInfoWithin(p, mp) {
			continue
		}
		if best < 0 || len(mp) >= len(mounts[best].MountPoint) {
			best = i
		}
	}
	if best < 0 {
		return Mount{}, false
	}
	return mounts[best], true
}

func mountInfoWithin(p, dir string) bool {
	if dir == "/" || p == dir {
		return true
	}
	return strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/")
}

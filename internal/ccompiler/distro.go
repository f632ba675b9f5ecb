package ccompiler

import (
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// OSReleaseFile names the Linux distribution (os-release(5)).
const OSReleaseFile = "/etc/os-release"

// Distro is the Linux distribution /etc/os-release names: its ID
// ("ubuntu") and ID_LIKE, the distributions it derives from ("debian").
// Which package manager and which packages to suggest follow these.
type Distro struct {
	ID, IDLike string
}

// ReadDistro reads /etc/os-release; the zero Distro when it cannot be
// read (not Linux, or a minimal container).
func ReadDistro(f *facts.Facts) Distro {
	data, err := f.ReadFile(OSReleaseFile)
	if err != nil {
		return Distro{}
	}
	return ParseDistro(data)
}

// ParseDistro parses os-release contents: KEY=value lines, values
// optionally quoted.
func ParseDistro(data []byte) Distro {
	vars := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			vars[k] = strings.Trim(v, `"'`)
		}
	}
	return Distro{ID: vars["ID"], IDLike: vars["ID_LIKE"]}
}

// IDs is ID and ID_LIKE in one space-separated string ("" when neither
// is known), as shown to users.
func (d Distro) IDs() string {
	return strings.TrimSpace(d.ID + " " + d.IDLike)
}

// Mentions reports whether ID or ID_LIKE contains any of names; a
// substring is enough, so "suse" matches "opensuse-leap" and "rhel"
// matches "rhel fedora".
func (d Distro) Mentions(names ...string) bool {
	ids := d.IDs()
	for _, n := range names {
		if strings.Contains(ids, n) {
			return true
		}
	}
	return false
}

// HeadersAdvice says how to install the C library headers cgo needs on
// the distribution d. Each call returns a new Fix.
func HeadersAdvice(d Distro) *check.Fix {
	switch {
	case d.Mentions("alpine"):
		return &check.Fix{Description: "Install the musl C library headers.", Commands: []string{"sudo apk add musl-dev"}}
	case d.Mentions("debian", "ubuntu"):
		return &check.Fix{Description: "Install the C library headers (build-essential brings them with make and g++; libc6-dev alone is enough for cgo).", Commands: []string{"sudo apt install build-essential"}}
	case d.Mentions("fedora", "rhel", "centos"):
		return &check.Fix{Description: "Install the C library headers.", Commands: []string{"sudo dnf install glibc-devel"}}
	case d.Mentions("suse"):
		return &check.Fix{Description: "Install the C library headers.", Commands: []string{"sudo zypper install glibc-devel"}}
	case d.Mentions("arch"):
		return &check.Fix{Description: "Reinstall glibc, which carries the headers on Arch.", Commands: []string{"sudo pacman -S glibc"}}
	}
	return &check.Fix{Description: "Install your C library's development headers (libc6-dev on Debian and Ubuntu, glibc-devel on Fedora, musl-dev on Alpine)."}
}

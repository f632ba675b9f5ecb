package facts

import "strings"

// OSReleaseFile names the Linux distribution (os-release(5)).
const OSReleaseFile = "/etc/os-release"

// OSRelease is the distribution /etc/os-release names: its ID
// ("ubuntu") and ID_LIKE, the distributions it derives from ("debian").
// Package advice (which package manager, which package) follows these.
type OSRelease struct {
	ID, IDLike string
}

// ReadOSRelease reads /etc/os-release; the zero OSRelease when it cannot
// be read (not Linux, or a minimal container).
func (f *Facts) ReadOSRelease() OSRelease {
	data, err := f.ReadFile(OSReleaseFile)
	if err != nil {
		return OSRelease{}
	}
	return ParseOSRelease(data)
}

// ParseOSRelease parses os-release contents: KEY=value lines, values
// optionally quoted.
func ParseOSRelease(data []byte) OSRelease {
	vars := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			vars[k] = strings.Trim(v, `"'`)
		}
	}
	return OSRelease{ID: vars["ID"], IDLike: vars["ID_LIKE"]}
}

// IDs is ID and ID_LIKE in one space-separated string ("" when neither
// is known), as shown to users.
func (r OSRelease) IDs() string {
	return strings.TrimSpace(r.ID + " " + r.IDLike)
}

// Mentions reports whether ID or ID_LIKE contains any of names; a
// substring is enough, so "suse" matches "opensuse-leap" and "rhel"
// matches "rhel fedora".
func (r OSRelease) Mentions(names ...string) bool {
	ids := r.IDs()
	for _, n := range names {
		if strings.Contains(ids, n) {
			return true
		}
	}
	return false
}

package facts_test

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestParseOSRelease(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       facts.OSRelease
		ids        string
		mentions   []string
		not        []string
	}{
		{"ubuntu", "NAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\nID_LIKE=debian\n", facts.OSRelease{ID: "ubuntu", IDLike: "debian"}, "ubuntu debian", []string{"debian", "ubuntu"}, []string{"fedora"}},
		{"quoted like list", "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n", facts.OSRelease{ID: "rocky", IDLike: "rhel centos fedora"}, "rocky rhel centos fedora", []string{"rhel"}, []string{"debian"}},
		{"single quotes, no like", "ID='alpine'\n", facts.OSRelease{ID: "alpine"}, "alpine", []string{"alpine"}, nil},
		{"substring", "ID=opensuse-tumbleweed\nID_LIKE=\"opensuse suse\"\n", facts.OSRelease{ID: "opensuse-tumbleweed", IDLike: "opensuse suse"}, "opensuse-tumbleweed opensuse suse", []string{"suse"}, nil},
		{"crlf and blanks", "\r\n  ID=arch  \r\nBUILD_ID=rolling\r\n", facts.OSRelease{ID: "arch"}, "arch", []string{"arch"}, nil},
		{"empty", "", facts.OSRelease{}, "", nil, []string{"arch", "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := facts.ParseOSRelease([]byte(tc.data))
			if got != tc.want {
				t.Errorf("ParseOSRelease = %+v, want %+v", got, tc.want)
			}
			if got.IDs() != tc.ids {
				t.Errorf("IDs() = %q, want %q", got.IDs(), tc.ids)
			}
			for _, m := range tc.mentions {
				if !got.Mentions("nothing", m) {
					t.Errorf("Mentions(%q) = false", m)
				}
			}
			for _, m := range tc.not {
				if got.Mentions(m) {
					t.Errorf("Mentions(%q) = true", m)
				}
			}
		})
	}
}

func TestReadOSRelease(t *testing.T) {
	o := factstest.New()
	f, err := facts.New(context.Background(), o, facts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := f.ReadOSRelease(); r != (facts.OSRelease{}) {
		t.Errorf("without the file: %+v", r)
	}
	o.AddFile(facts.OSReleaseFile, "ID=fedora\n", 0)
	if r := f.ReadOSRelease(); r.ID != "fedora" || !r.Mentions("fedora") {
		t.Errorf("with the file: %+v", r)
	}
}

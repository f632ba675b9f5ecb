package ccompiler_test

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/ccompiler"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestParseDistro(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		want       ccompiler.Distro
		ids        string
		mentions   []string
		not        []string
	}{
		{"ubuntu", "NAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\nID_LIKE=debian\n", ccompiler.Distro{ID: "ubuntu", IDLike: "debian"}, "ubuntu debian", []string{"debian", "ubuntu"}, []string{"fedora"}},
		{"quoted like list", "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n", ccompiler.Distro{ID: "rocky", IDLike: "rhel centos fedora"}, "rocky rhel centos fedora", []string{"rhel"}, []string{"debian"}},
		{"single quotes, no like", "ID='alpine'\n", ccompiler.Distro{ID: "alpine"}, "alpine", []string{"alpine"}, nil},
		{"substring", "ID=opensuse-tumbleweed\nID_LIKE=\"opensuse suse\"\n", ccompiler.Distro{ID: "opensuse-tumbleweed", IDLike: "opensuse suse"}, "opensuse-tumbleweed opensuse suse", []string{"suse"}, nil},
		{"crlf and blanks", "\r\n  ID=arch  \r\nBUILD_ID=rolling\r\n", ccompiler.Distro{ID: "arch"}, "arch", []string{"arch"}, nil},
		{"empty", "", ccompiler.Distro{}, "", nil, []string{"arch", "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ccompiler.ParseDistro([]byte(tc.data))
			if got != tc.want {
				t.Errorf("ParseDistro = %+v, want %+v", got, tc.want)
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

func TestReadDistro(t *testing.T) {
	o := factstest.New()
	f := newFacts(t, o)
	if d := ccompiler.ReadDistro(f); d != (ccompiler.Distro{}) {
		t.Errorf("without the file: %+v", d)
	}
	o.AddFile(ccompiler.OSReleaseFile, "ID=fedora\n", 0)
	if d := ccompiler.ReadDistro(f); d.ID != "fedora" || !d.Mentions("fedora") {
		t.Errorf("with the file: %+v", d)
	}
}

func TestHeadersAdvice(t *testing.T) {
	for ids, want := range map[string]string{
		"alpine":                   "sudo apk add musl-dev",
		"ubuntu debian":            "sudo apt install build-essential",
		"rocky rhel centos fedora": "sudo dnf install glibc-devel",
		"opensuse-leap suse":       "sudo zypper install glibc-devel",
		"endeavouros arch":         "sudo pacman -S glibc",
		"":                         "",
	} {
		id, like, _ := strings.Cut(ids, " ")
		fix := ccompiler.HeadersAdvice(ccompiler.Distro{ID: id, IDLike: like})
		if got := strings.Join(fix.Commands, "; "); got != want || fix.Description == "" {
			t.Errorf("%q: %+v, want %q", ids, fix, want)
		}
	}
}

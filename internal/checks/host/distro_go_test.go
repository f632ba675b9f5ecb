package host

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// distroGoTestOS installs a fake go at goroot (bin first on PATH), a
// go.mod with goLine, and a $GOROOT/go.env setting GOTOOLCHAIN=gotc.
func distroGoTestOS(t *testing.T, goroot, ver, goLine, gotc string) *factstest.Machine {
	return factstest.NewMachine(t).Linux().Home("/home/me").
		Go(goroot, ver, "GOMOD=/work/go.mod", "GOTOOLCHAIN=local").
		File(goroot+"/go.env", "GOTOOLCHAIN="+gotc+"\n").
		File("/work/go.mod", "module example.com/m\n\ngo "+goLine+"\n").
		Path(goroot+"/bin", "/usr/bin")
}

func TestDistroGo_DebianTooOldAndPinnedLocal(t *testing.T) {
	o := distroGoTestOS(t, "/usr/lib/go-1.22", "go1.22.2", "1.24.0", "local")
	r := checktest.Run(t, DistroGo, o, facts.Options{Offline: true})
	fd := checktest.Only(t, r, check.Warning, "golang-1.22-go", "older than this project's Go 1.24.0", "no longer supported",
		"go.mod requires go >= 1.24.0 (running go 1.22.2; GOTOOLCHAIN=local)", "/usr/lib/go-1.22/go.env", "https://go.dev/dl/")
	if len(fd.Fix.Commands) == 0 || fd.Fix.Commands[0] != "go env -w GOTOOLCHAIN=go1.27.4+auto" {
		t.Errorf("fix commands %q", fd.Fix.Commands)
	}
}

func TestDistroGo_SwitchingMakesOlderOnlyInfo(t *testing.T) {
	o := distroGoTestOS(t, "/usr/lib/golang", "go1.26.3", "1.27.1", "auto")
	r := checktest.Run(t, DistroGo, o, facts.Options{Offline: true})
	checktest.Only(t, r, check.Info, "Fedora/RHEL package golang", "GOTOOLCHAIN=auto lets the go command download and run go1.27.1")
}

func TestDistroGo_UnsupportedHomebrew(t *testing.T) {
	o := distroGoTestOS(t, "/opt/homebrew/Cellar/go@1.23/1.23.4/libexec", "go1.23.4", "1.21", "auto")
	o.OSName = "darwin"
	r := checktest.Run(t, DistroGo, o, facts.Options{Offline: true})
	checktest.Only(t, r, check.Warning, "Homebrew formula go@1.23", "no longer supported", "brew upgrade go")
}

func TestDistroGo_PreToolchainGo(t *testing.T) {
	o := distroGoTestOS(t, "/usr/lib/go-1.19", "go1.19.8", "1.22", "")
	r := checktest.Run(t, DistroGo, o, facts.Options{Offline: true})
	fd := checktest.Only(t, r, check.Warning, "predates toolchain switching", "cannot switch toolchains")
	for _, c := range fd.Fix.Commands {
		if strings.Contains(c, "GOTOOLCHAIN") {
			t.Errorf("fix offers GOTOOLCHAIN to a go1.19: %q", fd.Fix.Commands)
		}
	}
}

func TestDistroGo_CleanCases(t *testing.T) {
	// The official install, however old, is go/version-support's business.
	r := checktest.Run(t, DistroGo, distroGoTestOS(t, "/usr/local/go", "go1.22.2", "1.24.0", "local"), facts.Options{Offline: true})
	checktest.Clean(t, r)
	// A current package that is new enough.
	r = checktest.Run(t, DistroGo, distroGoTestOS(t, "/usr/lib/go-1.27", "go1.27.4", "1.26", "local"), facts.Options{Offline: true})
	checktest.Clean(t, r, "golang-1.27-go")
}

func TestDistroGo_Recognise(t *testing.T) {
	cases := map[string]string{
		"/usr/lib/go-1.21/bin/go": "golang-1.21-go",
		"/usr/lib/go/bin/go":      "/usr/lib/go: Arch",
		"/home/linuxbrew/.linuxbrew/Cellar/go/1.26.1/libexec/bin/go": "Homebrew formula go",
		"/snap/go/10907/bin/go":                                                       "snap",
		"/nix/store/abc-go-1.26.1/share/go/bin/go":                                    "Nix",
		`C:\ProgramData\chocolatey\bin\go.exe`:                                        "Chocolatey",
		`C:\Users\me\scoop\apps\go\1.26.1\bin\go.exe`:                                 "Scoop",
		"/opt/local/lib/go/bin/go":                                                    "MacPorts",
		"/usr/local/go/bin/go":                                                        "",
		`C:\Program Files\Go\bin\go.exe`:                                              "",
		"/home/me/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.0.linux-amd64/bin/go": "",
	}
	for p, want := range cases {
		pkg := distroGoRecognise(p)
		got := ""
		if pkg != nil {
			got = pkg.Name
		}
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", p, got, want)
		}
	}
}

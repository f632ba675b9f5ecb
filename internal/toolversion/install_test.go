package toolversion

import (
	"slices"
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestInstallCommand(t *testing.T) {
	for _, tc := range []struct {
		goos string
		env  Env
		want string
	}{
		{"linux", Env{}, "go install golang.org/x/tools/gopls@latest"},
		{"windows", Env{}, "go install golang.org/x/tools/gopls@latest"},
		{"linux", Env{GOTOOLCHAIN: "go1.27.0+auto"}, "GOTOOLCHAIN=go1.27.0+auto go install golang.org/x/tools/gopls@latest"},
		{"darwin", Env{GOTOOLCHAIN: "go1.27.0+auto", GOBIN: "/Users/o'brien/my tools"},
			`GOBIN='/Users/o'\''brien/my tools' GOTOOLCHAIN=go1.27.0+auto go install golang.org/x/tools/gopls@latest`},
		{"windows", Env{GOTOOLCHAIN: "go1.27.0+auto"},
			"$env:GOTOOLCHAIN = 'go1.27.0+auto'; go install golang.org/x/tools/gopls@latest; Remove-Item Env:GOTOOLCHAIN"},
		{"windows", Env{GOTOOLCHAIN: "go1.27.0+auto", GOBIN: `C:\Users\o'brien\bin`},
			`$env:GOBIN = 'C:\Users\o''brien\bin'; $env:GOTOOLCHAIN = 'go1.27.0+auto'; go install golang.org/x/tools/gopls@latest; Remove-Item Env:GOBIN, Env:GOTOOLCHAIN`},
	} {
		if got := InstallCommand(tc.goos, tc.env, GoplsPackage, "latest"); got != tc.want {
			t.Errorf("%s %+v:\n got %s\nwant %s", tc.goos, tc.env, got, tc.want)
		}
	}
	// A package path from a go.mod is quoted like any other word.
	if got := InstallCommand("linux", Env{}, "example.com/a b", "v1.0.0"); got != "go install 'example.com/a b@v1.0.0'" {
		t.Errorf("hostile package: %s", got)
	}
}

func TestInstallCommands(t *testing.T) {
	pkgs := []string{DelvePackage, GoplsPackage}
	env := Env{GOTOOLCHAIN: "go1.27.4+auto"}
	for _, tc := range []struct {
		goos string
		env  Env
		want []string
	}{
		{"linux", Env{}, []string{"go install github.com/go-delve/delve/cmd/dlv@latest", "go install golang.org/x/tools/gopls@latest"}},
		{"linux", env, []string{"GOTOOLCHAIN=go1.27.4+auto go install github.com/go-delve/delve/cmd/dlv@latest", "GOTOOLCHAIN=go1.27.4+auto go install golang.org/x/tools/gopls@latest"}},
		{"windows", env, []string{"$env:GOTOOLCHAIN = 'go1.27.4+auto'", "go install github.com/go-delve/delve/cmd/dlv@latest", "go install golang.org/x/tools/gopls@latest", "Remove-Item Env:GOTOOLCHAIN"}},
	} {
		if got := InstallCommands(tc.goos, tc.env, "latest", pkgs...); !slices.Equal(got, tc.want) {
			t.Errorf("%s %+v:\n got %q\nwant %q", tc.goos, tc.env, got, tc.want)
		}
	}
	if got := InstallCommands("linux", env, "latest"); got != nil {
		t.Errorf("no packages: %q", got)
	}
}

func TestReinstall(t *testing.T) {
	f := newFacts(t, newMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n"))
	bin := facts.ToolBinary{Name: "dlv", Path: "/home/u/go/bin/dlv", Found: facts.FoundGOBIN}
	for _, tc := range []struct {
		t          facts.ToolBinary
		ver, minGo string
		want       string
	}{
		{bin, "latest", "", "go install github.com/go-delve/delve/cmd/dlv@latest"},
		// The local go is newer than what the tool needs and GOTOOLCHAIN
		// is auto: the go command builds with it, or switches by itself.
		{bin, "latest", "go1.25.0", "go install github.com/go-delve/delve/cmd/dlv@latest"},
		{bin, "v1.27.0", "go1.27.1", "GOTOOLCHAIN=go1.27.1+auto go install github.com/go-delve/delve/cmd/dlv@v1.27.0"},
		{facts.ToolBinary{Name: "dlv", Found: facts.FoundToolDirective, ToolPackage: DelvePackage}, "latest", "go1.27.1", "go get -tool github.com/go-delve/delve/cmd/dlv@latest"},
	} {
		if got := Reinstall(f, tc.t, DelvePackage, tc.ver, tc.minGo); got != tc.want {
			t.Errorf("Reinstall(%s, %s, %s) = %q, want %q", tc.t.Found, tc.ver, tc.minGo, got, tc.want)
		}
	}
	if got := GetToolCommand("windows", GolangciLintV1Package, "none"); got != "go get -tool github.com/golangci/golangci-lint/cmd/golangci-lint@none" {
		t.Errorf("GetToolCommand = %q", got)
	}
}

// InstallEnv adds GOTOOLCHAIN only where the printed line would otherwise
// fail or build with too old a Go.
func TestInstallEnv(t *testing.T) {
	for _, tc := range []struct {
		name   string
		export []string
		minGo  string
		want   string
		why    string
	}{
		// go.env says auto and the local go is new enough: the go command
		// switches for a newer go line by itself.
		{"auto", nil, "go1.26.0", "", ""},
		{"auto, older than minGo", nil, "go1.27.0", "go1.27.0+auto", "older than go1.27.0"},
		// local (as some distributions' go.env says): `go install
		// gopls@latest` fails as soon as gopls needs a newer Go.
		{"local", []string{"GOTOOLCHAIN=local"}, "", "go1.26.8+auto", "GOTOOLCHAIN (local) does not let"},
		{"local, older than minGo", []string{"GOTOOLCHAIN=local"}, "go1.27.0", "go1.27.0+auto", "older than go1.27.0"},
		{"path", []string{"GOTOOLCHAIN=path"}, "", "go1.26.8+auto", "GOTOOLCHAIN (path)"},
		// A fixed version runs that toolchain and never switches further.
		{"fixed", []string{"GOTOOLCHAIN=go1.27.3"}, "go1.27.0", "go1.27.3+auto", "GOTOOLCHAIN (go1.27.3)"},
		{"fixed+auto", []string{"GOTOOLCHAIN=go1.27.3+auto"}, "go1.27.0", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n")
			m.Export(tc.export...)
			env := InstallEnv(newFacts(t, m), tc.minGo)
			if env.GOTOOLCHAIN != tc.want || (tc.why == "") != (env.Why == "") || !strings.Contains(env.Why, tc.why) {
				t.Errorf("InstallEnv(%q) = %+v, want GOTOOLCHAIN %q, why containing %q", tc.minGo, env, tc.want, tc.why)
			}
		})
	}
	// Nothing set at all: the go command never switches.
	m := factstest.NewMachine(t).Linux().Path("/usr/local/go/bin").Go("/usr/local/go", "go1.26.8", "GOTOOLCHAIN=")
	m.File("/usr/local/go/go.env", "")
	if got := Install(newFacts(t, m), GoplsPackage, "latest", ""); got != "GOTOOLCHAIN=go1.26.8+auto go install golang.org/x/tools/gopls@latest" {
		t.Errorf("no GOTOOLCHAIN anywhere: %s", got)
	}
}

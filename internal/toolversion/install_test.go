package toolversion

import (
	"slices"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
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
		// The local go is newer than what the tool needs: build with it.
		{bin, "latest", "go1.25.0", "GOTOOLCHAIN=go1.26.8+auto go install github.com/go-delve/delve/cmd/dlv@latest"},
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

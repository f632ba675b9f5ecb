package toolversion

import (
	"slices"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
)

// The command godx fix runs is exactly the printed line, and it installs
// where the tool was found — or nowhere when that is not godx's to write.
func TestReinstallFix(t *testing.T) {
	f := newFacts(t, newMachine(t, "go1.26.8", "module example.com/m\n\ngo 1.26\n"))
	vscode := facts.FoundVSCode + " go.alternateTools (/home/u/.config/Code/User/settings.json)"
	for _, tc := range []struct {
		name  string
		t     facts.ToolBinary
		minGo string
		line  string
		argv  []string
		env   []string // nil with argv nil: no AutoFix
	}{
		{"GOPATH/bin is the default: no GOBIN", facts.ToolBinary{Path: "/home/u/go/bin/gopls", Found: facts.FoundGOPATHBin}, "go1.27.0",
			"GOTOOLCHAIN=go1.27.0+auto go install golang.org/x/tools/gopls@latest",
			[]string{"go", "install", "golang.org/x/tools/gopls@latest"}, []string{"GOTOOLCHAIN=go1.27.0+auto"}},
		{"go.toolsGopath", facts.ToolBinary{Path: "/opt/vs tools/bin/gopls", Found: facts.FoundVSCode + " go.toolsGopath (/x/settings.json)"}, "",
			"GOBIN='/opt/vs tools/bin' go install golang.org/x/tools/gopls@latest",
			[]string{"go", "install", "golang.org/x/tools/gopls@latest"}, []string{"GOBIN=/opt/vs tools/bin"}},
		{"alternateTools named like the package", facts.ToolBinary{Path: "/opt/alt/gopls", Found: vscode}, "",
			"GOBIN=/opt/alt go install golang.org/x/tools/gopls@latest",
			[]string{"go", "install", "golang.org/x/tools/gopls@latest"}, []string{"GOBIN=/opt/alt"}},
		// go install cannot write a file of another name.
		{"alternateTools with another name", facts.ToolBinary{Path: "/opt/alt/gopls-nightly", Found: vscode}, "",
			"go install golang.org/x/tools/gopls@latest", nil, nil},
		// A package manager's directory is not godx's to write.
		{"PATH only", facts.ToolBinary{Path: "/usr/bin/gopls", Found: facts.FoundPath, Runs: true}, "",
			"go install golang.org/x/tools/gopls@latest", nil, nil},
		{"PATH and GOPATH/bin", facts.ToolBinary{Path: "/home/u/go/bin/gopls", Found: facts.FoundPath, AlsoFound: []string{facts.FoundGOPATHBin}}, "",
			"go install golang.org/x/tools/gopls@latest", []string{"go", "install", "golang.org/x/tools/gopls@latest"}, nil},
		{"tool directive", facts.ToolBinary{Found: facts.FoundToolDirective, ToolPackage: GoplsPackage}, "",
			"go get -tool golang.org/x/tools/gopls@latest", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line, auto := ReinstallFix(f, tc.t, GoplsPackage, "latest", tc.minGo)
			if line != tc.line {
				t.Errorf("line = %q, want %q", line, tc.line)
			}
			if tc.argv == nil {
				if auto != nil {
					t.Errorf("auto = %+v, want none", auto)
				}
				return
			}
			if auto == nil || auto.Kind != "command" || !slices.Equal(auto.Argv, tc.argv) || !slices.Equal(auto.Env, tc.env) {
				t.Fatalf("auto = %+v, want argv %q env %q", auto, tc.argv, tc.env)
			}
		})
	}
}

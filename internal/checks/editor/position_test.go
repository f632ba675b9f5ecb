package editor

import (
	"testing"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
)

// Findings about a setting carry the file and line of its key (and a
// syntax error its column), for GitHub annotations and SARIF locations.
func TestPositions_SettingsLines(t *testing.T) {
	at := func(t *testing.T, fd check.Finding, file string, line, col int) {
		t.Helper()
		if p := fd.Position; p == nil || p.File != file || p.Line != line || p.Column != col {
			t.Errorf("position = %+v, want %s:%d:%d", p, file, line, col)
		}
	}
	t.Run("go.goroot", func(t *testing.T) {
		o := vscodeNew(t)
		o.File(vscodeUserFile, "{\n  // old install\n  \"go.goroot\": \"/usr/local/go1.19\",\n}\n")
		at(t, checktest.Only(t, checktest.Run(t, VSCode, o, facts.Options{}), check.Warning, "does not exist"), vscodeUserFile, 3, 0)
	})
	t.Run("toolsEnvVars entry", func(t *testing.T) {
		o := vscodeNew(t)
		o.File("/work/.vscode/settings.json", "{\n\t\"go.toolsEnvVars\": {\n\n\t\t\"GOFLAGS\": \"-mod=vendor\",\n\t},\n}")
		at(t, checktest.Only(t, checktest.Run(t, VSCode, o, facts.Options{}), check.Warning, "GOFLAGS=-mod=vendor"), "/work/.vscode/settings.json", 4, 0)
	})
	t.Run("syntax error", func(t *testing.T) {
		o := vscodeNew(t)
		o.File(vscodeUserFile, "{\n  \"go.goroot\": \"/usr/local/go\"\n  \"go.gopath\": \"/x\"\n}\n")
		at(t, checktest.Only(t, checktest.Run(t, VSCode, o, facts.Options{}), check.Warning, "not valid JSON"), vscodeUserFile, 3, 3)
	})
	t.Run("removed settings: the first line", func(t *testing.T) {
		o := vscodeNew(t)
		o.File(vscodeUserFile, "{\n\"editor.x\": 1,\n\"go.buildOnSave\": \"off\",\n\"go.useLanguageServer\": false,\n}\n")
		at(t, checktest.Only(t, checktest.Run(t, VSCode, o, facts.Options{}), check.Info, "go.buildOnSave"), vscodeUserFile, 3, 0)
	})
}

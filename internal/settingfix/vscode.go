package settingfix

import (
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/jsoncedit"
)

// VSCode is the fix for a setting made in a VS Code settings file. entry
// names it as the user finds it in the file (`"go.goroot"`, `the "go"
// entry of go.alternateTools`), where is the file and line
// (facts.VSCodeFile.Where). then says what the editor does once the entry
// is gone and instead offers another way; with neither, the advice is to
// correct or delete the entry. VS Code applies settings to a window only
// when it is reloaded, so every such fix ends with that.
func VSCode(entry, where, then, instead string) *check.Fix {
	var b strings.Builder
	if then == "" && instead == "" {
		b.WriteString("Correct or delete " + entry + " in " + where)
	} else {
		b.WriteString("Delete " + entry + " from " + where)
		if then != "" {
			b.WriteString(" (" + then + ")")
		}
		if instead != "" {
			b.WriteString(", or " + instead)
		}
	}
	b.WriteString(", then reload the VS Code window.")
	return &check.Fix{Description: b.String()}
}

// VSCodeDelete is VSCode for an entry godx fix deletes itself: the member
// at ptr (a JSON pointer in the file, facts.VSCodeFile.Pointer) is
// removed from path with every other byte kept (jsoncedit), through the
// fixer's backup and undo.
func VSCodeDelete(entry, where, then, instead, path, ptr string) *check.Fix {
	fix := VSCode(entry, where, then, instead)
	fix.Auto = check.EditFix(path, func(old []byte) ([]byte, error) { return jsoncedit.Remove(old, ptr) })
	return fix
}

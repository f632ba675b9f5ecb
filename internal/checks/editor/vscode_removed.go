package editor

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/jsoncedit"
	"github.com/godx-dev/godx/internal/settingfix"
)

// vscodeRemovedSettings are settings the current Go extension no
// longer declares (checked against golang/vscode-go extension/package.json)
// or marks deprecated.
var vscodeRemovedSettings = []struct{ key, why string }{
	{"go.languageServerExperimentalFeatures", "removed (the language server now provides every feature; golang/vscode-go#1110, v0.39.0 CHANGELOG)"},
	{"go.useGoProxyToCheckForToolUpdates", "removed; use go.toolsManagement.checkForUpdates"},
	{"go.buildOnSave", "deprecated: gopls reports compile errors (keep go.useLanguageServer on)"},
	{"go.logging.level", "deprecated: use the 'Developer: Set Log Level...' command"},
	{"go.autocompleteUnimportedPackages", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.docsTool", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.gocodeAutoBuild", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.gocodeFlags", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.gocodePackageLookupMode", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.gotoSymbol.ignoreFolders", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.gotoSymbol.includeGoroot", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.gotoSymbol.includeImports", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.liveErrors", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.useCodeSnippetsOnFunctionSuggest", "removed with the legacy language features (golang/vscode-go#2799)"},
	{"go.useCodeSnippetsOnFunctionSuggestWithoutType", "removed with the legacy language features (golang/vscode-go#2799)"},
}

// vscodeRemoved reports, in one info per file, settings the Go
// extension no longer supports.
func vscodeRemoved(file *facts.VSCodeFile, report func(check.Finding)) {
	type hit struct {
		line       int
		key, value string
		why        string
	}
	var hits []hit
	if b, ok := file.Bool("go.useLanguageServer"); ok && !b {
		hits = append(hits, hit{file.Line("go.useLanguageServer"), "go.useLanguageServer", "false",
			"the extension's legacy (non-gopls) language features were removed in 2023 (golang/vscode-go#2799): with gopls off there is no completion, navigation or diagnostics for Go"})
	}
	for _, r := range vscodeRemovedSettings {
		if raw, ok := file.Values[r.key]; ok {
			hits = append(hits, hit{file.Line(r.key), r.key, vscodeShort(raw), r.why})
		}
	}
	if ft, ok := file.String("go.formatTool"); ok {
		switch ft {
		case "goreturns", "gofumports":
			hits = append(hits, hit{file.Line("go.formatTool"), "go.formatTool", strconv.Quote(ft), "no longer an accepted value (default, gofmt, goimports, gofumpt or custom); with gopls, formatting is done by gopls (gopls.formatting.gofumpt for gofumpt)"})
		case "goformat":
			hits = append(hits, hit{file.Line("go.formatTool"), "go.formatTool", strconv.Quote(ft), "deprecated: goformat does not support generics"})
		}
	}
	if alt := file.Object("go.alternateTools"); alt != nil {
		if raw, ok := alt["go-langserver"]; ok {
			hits = append(hits, hit{file.Line("go.alternateTools", "go-langserver"), "go.alternateTools.go-langserver", vscodeShort(raw), "go-langserver support was removed (microsoft/vscode-go#3127); the language server is gopls"})
		}
	}
	if len(hits) == 0 {
		return
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].line < hits[j].line })
	var names []string
	ev := check.Evidence{check.F("file", file.Path)}
	for _, h := range hits {
		names = append(names, h.key)
		loc := file.Path
		if h.line > 0 {
			loc = fmt.Sprintf("%s:%d", file.Path, h.line)
		}
		ev = append(ev, check.F(h.key+" = "+h.value+" ("+loc+")", h.why))
	}
	names = slices.Compact(names)
	fix := settingfix.VSCode("these lines", file.Path, "and set go.useLanguageServer back to true, or remove it", "")
	fix.Auto = vscodeRemovedAuto(file)
	report(check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("%s sets Go extension settings that are removed, deprecated, or switch gopls off: %s.", file.Path, strings.Join(names, ", ")),
		Detail:   "VS Code greys them out as unknown or deprecated; the Go extension ignores removed settings, so they no longer do what they were added for. go.useLanguageServer=false is the exception: it still switches gopls off, leaving Go files without language features.",
		Evidence: ev,
		Fix:      fix,
		Position: check.At(file.Path, hits[0].line, 0),
	})
}

// vscodeSuccessors are removed settings with a successor: the new key
// and its value for the old one's (vscode-go's migration:
// useGoProxyToCheckForToolUpdates false meant "do not ask the proxy").
var vscodeSuccessors = map[string]struct {
	key   string
	value func(old json.RawMessage) (json.RawMessage, bool)
}{
	"go.useGoProxyToCheckForToolUpdates": {"go.toolsManagement.checkForUpdates", func(old json.RawMessage) (json.RawMessage, bool) {
		switch strings.TrimSpace(string(old)) {
		case "true":
			return json.RawMessage(`"proxy"`), true
		case "false":
			return json.RawMessage(`"local"`), true
		}
		return nil, false
	}},
}

// vscodeRemovedAuto is what godx fix does about removed settings: a
// setting with a successor is renamed in place, any other setting the
// extension no longer reads is deleted. Deprecated settings (which still
// work) and go.useLanguageServer=false (a choice) are left to the user.
// nil when there is nothing godx changes.
func vscodeRemovedAuto(file *facts.VSCodeFile) *check.AutoFix {
	type edit struct {
		key, to string
		value   json.RawMessage
	}
	var edits []edit
	for _, r := range vscodeRemovedSettings {
		raw, ok := file.Values[r.key]
		if !ok || !strings.HasPrefix(r.why, "removed") {
			continue
		}
		e := edit{key: r.key}
		if succ, ok := vscodeSuccessors[r.key]; ok {
			if v, ok := succ.value(raw); ok {
				e.to, e.value = succ.key, v
			}
		}
		edits = append(edits, e)
	}
	if alt := file.Object("go.alternateTools"); alt != nil {
		if _, ok := alt["go-langserver"]; ok {
			edits = append(edits, edit{key: "go.alternateTools/go-langserver"})
		}
	}
	if len(edits) == 0 {
		return nil
	}
	parent := strings.TrimSuffix(file.Pointer("x"), "/x") // where the settings are in the file
	return check.EditFix(file.Path, func(data []byte) ([]byte, error) {
		var err error
		for _, e := range edits {
			switch {
			case e.key == "go.alternateTools/go-langserver":
				data, err = jsoncedit.Remove(data, file.Pointer("go.alternateTools", "go-langserver"))
			case e.to != "":
				data, err = jsoncedit.Rename(data, parent, e.key, e.to, e.value)
			default:
				data, err = jsoncedit.Remove(data, file.Pointer(e.key))
			}
			if err != nil {
				return nil, err
			}
		}
		return data, nil
	})
}

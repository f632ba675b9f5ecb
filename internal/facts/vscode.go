package facts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/tailscale/hujson"
)

// JSONCFile is a JSON-with-comments file (VS Code's settings.json,
// launch.json, tasks.json, *.code-workspace): comments and trailing commas
// are allowed. A file that does not parse is still returned, with Err set
// (a *JSONCError carrying line and column): a broken file is a finding, not
// a failure of godx.
type JSONCFile struct {
	Path string
	Data []byte
	// Root is the top-level object's members (nil when Err is set or the
	// top level is not an object).
	Root map[string]json.RawMessage
	Err  error

	ast    hujson.Value
	hasAST bool
}

// JSONCError is a JSONC syntax or structure error at Line:Column (1-based;
// 0 when unknown).
type JSONCError struct {
	Path         string
	Line, Column int
	Msg          string
}

func (e *JSONCError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

var jsoncHujsonPos = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^hujson: line (\d+), column (\d+): (.*)$`) })

// ReadJSONC reads and parses a JSONC file. It returns nil when the file does
// not exist; other read errors are returned in JSONCFile.Err.
func (f *Facts) ReadJSONC(path string) *JSONCFile {
	data, err := f.ReadFile(path)
	if err != nil {
		if IsNotExist(err) {
			return nil
		}
		return &JSONCFile{Path: path, Err: err}
	}
	return ParseJSONC(path, data)
}

// ParseJSONC parses data as JSONC (via hujson.Standardize, which keeps byte
// offsets, so line numbers stay true). An empty file, or one holding only
// comments, is an empty object, as VS Code treats it.
func ParseJSONC(path string, data []byte) *JSONCFile {
	j := &JSONCFile{Path: path, Data: data}
	src := bytes.Clone(data)
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		copy(src, "   ") // keep offsets
	}
	ast, err := hujson.Parse(src)
	if err != nil {
		// Only whitespace and comments: VS Code reads that as {}.
		if v, err2 := hujson.Parse(append(bytes.Clone(src), "\n{}"...)); err2 == nil {
			if o, ok := v.Value.(*hujson.Object); ok && len(o.Members) == 0 {
				j.Root = map[string]json.RawMessage{}
				return j
			}
		}
		je := &JSONCError{Path: path, Msg: err.Error()}
		if m := jsoncHujsonPos().FindStringSubmatch(err.Error()); m != nil {
			je.Line, _ = strconv.Atoi(m[1])
			je.Column, _ = strconv.Atoi(m[2])
			je.Msg = m[3]
		}
		j.Err = je
		return j
	}
	j.ast, j.hasAST = ast.Clone(), true
	ast.Standardize()
	std := ast.Pack()
	if ast.Value.Kind() != '{' {
		line, col := jsoncLineColumn(std, ast.StartOffset)
		j.Err = &JSONCError{Path: path, Line: line, Column: col, Msg: "the top level is not a JSON object"}
		return j
	}
	root := map[string]json.RawMessage{}
	if err := json.Unmarshal(std, &root); err != nil {
		je := &JSONCError{Path: path, Msg: err.Error()}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			je.Line, je.Column = jsoncLineColumn(std, int(se.Offset))
		case errors.As(err, &te):
			je.Line, je.Column = jsoncLineColumn(std, int(te.Offset))
		}
		j.Err = je
		return j
	}
	j.Root = root
	return j
}

func jsoncLineColumn(b []byte, n int) (line, column int) {
	if n < 0 || n > len(b) {
		return 0, 0
	}
	line = 1 + bytes.Count(b[:n], []byte("\n"))
	column = 1 + n - (bytes.LastIndexByte(b[:n], '\n') + 1)
	return line, column
}

// Line is the 1-based line of the value at the JSON pointer ptr
// ("/configurations/0/env"), or of its member name for an object member;
// 0 when unknown. For duplicate names the last one counts (as for
// encoding/json and VS Code).
func (j *JSONCFile) Line(ptr string) int {
	if j == nil || !j.hasAST {
		return 0
	}
	v := &j.ast
	off := v.StartOffset
	if ptr != "" {
		for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
			switch c := v.Value.(type) {
			case *hujson.Object:
				var next *hujson.ObjectMember
				for i := range c.Members {
					m := &c.Members[i]
					if lit, ok := m.Name.Value.(hujson.Literal); ok && lit.String() == tok {
						next = m
					}
				}
				if next == nil {
					return 0
				}
				v, off = &next.Value, next.Name.StartOffset
			case *hujson.Array:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(c.Elements) {
					return 0
				}
				v = &c.Elements[i]
				off = v.StartOffset
			default:
				return 0
			}
		}
	}
	line, _ := jsoncLineColumn(j.Data, off)
	return line
}

// VS Code settings scopes, lowest precedence first (workspace folder
// settings override workspace-file settings, which override remote-server
// machine settings, which override user settings).
const (
	VSCodeUser          = "user"
	VSCodeRemoteServer  = "remote-server"
	VSCodeWorkspaceFile = "workspace-file"
	VSCodeWorkspace     = "workspace"
)

// VSCodeFile is one VS Code settings source: Values are its top-level
// settings (flat dotted keys such as "go.alternateTools", plus language
// blocks such as "[go]"). For a *.code-workspace file they are the members
// of its "settings" object (or "launch"/"tasks" object for VSCodeLaunch and
// VSCodeTasks).
type VSCodeFile struct {
	Path    string
	Scope   string // VSCodeUser, VSCodeRemoteServer, VSCodeWorkspaceFile, VSCodeWorkspace
	Product string // "Code", "Code - Insiders", "VSCodium", … for user settings
	// Folder is what ${workspaceFolder} means for this file: the folder
	// holding .vscode, the *.code-workspace file's directory, or the
	// project directory for user and remote settings.
	Folder string
	Values map[string]json.RawMessage
	Err    error // read or parse error (*JSONCError with the line)

	Doc  *JSONCFile
	base string // JSON pointer of Values inside Doc
}

// ProjectScope reports whether the file belongs to the project (workspace
// settings or a *.code-workspace file) rather than to the user: it comes
// with a cloned repository, so programs it names must never be run.
func (v *VSCodeFile) ProjectScope() bool {
	return v.Scope == VSCodeWorkspace || v.Scope == VSCodeWorkspaceFile
}

// Has reports whether key is set in the file.
func (v *VSCodeFile) Has(key string) bool {
	_, ok := v.Values[key]
	return ok
}

// String is key's value when it is a JSON string.
func (v *VSCodeFile) String(key string) (string, bool) {
	var s string
	if raw, ok := v.Values[key]; ok && json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	return "", false
}

// Bool is key's value when it is a JSON boolean.
func (v *VSCodeFile) Bool(key string) (val, ok bool) {
	var b bool
	if raw, found := v.Values[key]; found && json.Unmarshal(raw, &b) == nil {
		return b, true
	}
	return false, false
}

// Object is key's value when it is a JSON object (nil otherwise).
func (v *VSCodeFile) Object(key string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if raw, ok := v.Values[key]; ok && json.Unmarshal(raw, &m) == nil {
		return m
	}
	return nil
}

// StringMap is key's object value restricted to its string members
// (go.alternateTools, go.toolsEnvVars, …).
func (v *VSCodeFile) StringMap(key string) map[string]string {
	obj := v.Object(key)
	if obj == nil {
		return nil
	}
	out := map[string]string{}
	for k, raw := range obj {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			out[k] = s
		}
	}
	return out
}

// Decode unmarshals key's value into dst.
func (v *VSCodeFile) Decode(key string, dst any) error {
	raw, ok := v.Values[key]
	if !ok {
		return fmt.Errorf("%s: %q is not set", v.Path, key)
	}
	return json.Unmarshal(raw, dst)
}

// Line is the 1-based line where key (or, with more path elements, a member
// or array index below it: Line("go.alternateTools", "go")) is set; 0 when
// unknown.
func (v *VSCodeFile) Line(key string, below ...string) int {
	ptr := v.base + "/" + jsoncPointerEscape(key)
	for _, b := range below {
		ptr += "/" + jsoncPointerEscape(b)
	}
	return v.Doc.Line(ptr)
}

// Pointer is the JSON pointer to key (and the members below it) in the
// file itself: a *.code-workspace file keeps settings under "settings".
func (v *VSCodeFile) Pointer(key string, below ...string) string {
	ptr := v.base + "/" + jsoncPointerEscape(key)
	for _, b := range below {
		ptr += "/" + jsoncPointerEscape(b)
	}
	return ptr
}

// Where is "path:line" of key (just the path when the line is unknown).
func (v *VSCodeFile) Where(key string, below ...string) string {
	if l := v.Line(key, below...); l > 0 {
		return fmt.Sprintf("%s:%d", v.Path, l)
	}
	return v.Path
}

func jsoncPointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// VSCodeProducts are the VS Code builds whose user settings godx reads
// (each keeps its own <config dir>/<product>/User/settings.json).
var VSCodeProducts = []string{"Code", "Code - Insiders", "VSCodium", "Code - OSS", "Cursor"}

// VSCodeLocation is a place VS Code settings may live.
type VSCodeLocation struct {
	Path, Scope, Product, Folder string
	base                         string
}

// vscodeHome is the user's home directory on the inspected OS (%USERPROFILE%
// on Windows, $HOME elsewhere); "" when unset.
func (f *Facts) vscodeHome() string {
	if f.GOOS() == "windows" {
		return f.Getenv("USERPROFILE")
	}
	if f.GOOS() == "plan9" {
		return f.Getenv("home")
	}
	return f.Getenv("HOME")
}

// VSCodeLocations lists every place godx looks for VS Code settings, in
// precedence order (lowest first), whether or not the file exists.
// *.code-workspace files are listed only when present.
func (f *Facts) VSCodeLocations() []VSCodeLocation {
	var locs []VSCodeLocation
	home := f.vscodeHome()
	if p := f.Getenv("VSCODE_PORTABLE"); p != "" && f.IsAbs(p) {
		locs = append(locs, VSCodeLocation{Path: f.JoinPath(p, "user-data", "User", "settings.json"), Scope: VSCodeUser, Product: "Code (portable)", Folder: f.Dir})
	}
	if cfg, err := f.UserConfigDir(); err == nil {
		for _, prod := range VSCodeProducts {
			locs = append(locs, VSCodeLocation{Path: f.JoinPath(cfg, prod, "User", "settings.json"), Scope: VSCodeUser, Product: prod, Folder: f.Dir})
		}
	}
	if f.GOOS() == "linux" && home != "" { // Flatpak builds keep their own config dir
		locs = append(locs, VSCodeLocation{Path: f.JoinPath(home, ".var", "app", "com.visualstudio.code", "config", "Code", "User", "settings.json"), Scope: VSCodeUser, Product: "Code (Flatpak)", Folder: f.Dir})
	}
	// The VS Code server (Remote-SSH, Remote-WSL, dev containers) keeps
	// machine settings on the remote side.
	var servers []string
	if a := f.Getenv("VSCODE_AGENT_FOLDER"); a != "" && f.IsAbs(a) {
		servers = append(servers, a)
	}
	if home != "" {
		for _, d := range []string{".vscode-server", ".vscode-server-insiders", ".vscodium-server", ".vscode-remote", ".cursor-server"} {
			servers = append(servers, f.JoinPath(home, d))
		}
	}
	for _, s := range servers {
		locs = append(locs, VSCodeLocation{Path: f.JoinPath(s, "data", "Machine", "settings.json"), Scope: VSCodeRemoteServer, Folder: f.Dir})
	}
	dirs := f.VSCodeWorkspaceDirs()
	for _, d := range dirs {
		for _, w := range f.vscodeWorkspaceFiles(d) {
			locs = append(locs, VSCodeLocation{Path: w, Scope: VSCodeWorkspaceFile, Folder: d, base: "/settings"})
		}
	}
	for _, d := range dirs {
		locs = append(locs, VSCodeLocation{Path: f.JoinPath(d, ".vscode", "settings.json"), Scope: VSCodeWorkspace, Folder: d})
	}
	return locs
}

// VSCodeSettings reads every VS Code settings file that exists, in
// precedence order (lowest first; see VSCodeLocations). Computed once.
func (f *Facts) VSCodeSettings() []*VSCodeFile {
	files, _ := vscodeSettings.Get(f)
	return files
}

var vscodeSettings = NewFact("VS Code settings", func(f *Facts) ([]*VSCodeFile, error) {
	return f.vscodeRead(f.VSCodeLocations()), nil
})

// VSCodeLaunch reads the project's debug configurations: .vscode/launch.json
// in each workspace folder candidate, and the "launch" object of
// *.code-workspace files. Values hold "configurations", "compounds", ….
func (f *Facts) VSCodeLaunch() []*VSCodeFile {
	files, _ := vscodeLaunch.Get(f)
	return files
}

var vscodeLaunch = NewFact("VS Code debug configurations", func(f *Facts) ([]*VSCodeFile, error) {
	return f.vscodeRead(f.vscodeWorkspaceJSON("launch.json", "/launch")), nil
})

// VSCodeTasks is VSCodeLaunch for tasks.json and the "tasks" object.
func (f *Facts) VSCodeTasks() []*VSCodeFile {
	files, _ := vscodeTasks.Get(f)
	return files
}

var vscodeTasks = NewFact("VS Code tasks", func(f *Facts) ([]*VSCodeFile, error) {
	return f.vscodeRead(f.vscodeWorkspaceJSON("tasks.json", "/tasks")), nil
})

// VSCodeSetting is one definition of a setting.
type VSCodeSetting struct {
	File  *VSCodeFile
	Key   string
	Value json.RawMessage
}

// VSCodeSettingAll lists every file that sets key, lowest precedence first
// (the last one is what VS Code uses when all of them apply).
func (f *Facts) VSCodeSettingAll(key string) []VSCodeSetting {
	var out []VSCodeSetting
	for _, file := range f.VSCodeSettings() {
		if raw, ok := file.Values[key]; ok {
			out = append(out, VSCodeSetting{File: file, Key: key, Value: raw})
		}
	}
	return out
}

// VSCodeResolvePath resolves a path-valued Go extension setting the way the
// extension does (resolvePath): ${workspaceFolder}, ${workspaceRoot},
// ${workspaceFolderBasename}, ${userHome}, ${env:NAME} and a leading ~.
func (f *Facts) VSCodeResolvePath(value string, file *VSCodeFile) string {
	folder := f.Dir
	if file != nil && file.Folder != "" {
		folder = file.Folder
	}
	home := f.vscodeHome()
	base := folder
	if i := strings.LastIndexAny(folder, `/\`); i >= 0 {
		base = folder[i+1:]
	}
	r := strings.NewReplacer("${workspaceFolder}", folder, "${workspaceRoot}", folder,
		"${workspaceFolderBasename}", base, "${userHome}", home)
	value = r.Replace(value)
	for {
		i := strings.Index(value, "${env:")
		if i < 0 {
			break
		}
		j := strings.IndexByte(value[i:], '}')
		if j < 0 {
			break
		}
		value = value[:i] + f.Getenv(value[i+len("${env:"):i+j]) + value[i+j+1:]
	}
	if home != "" && (value == "~" || strings.HasPrefix(value, "~/") || strings.HasPrefix(value, `~\`)) {
		value = f.JoinPath(home, value[1:])
	}
	return value
}

func (f *Facts) vscodeRead(locs []VSCodeLocation) []*VSCodeFile {
	var out []*VSCodeFile
	for _, l := range locs {
		doc := f.ReadJSONC(l.Path)
		if doc == nil {
			continue
		}
		vf := &VSCodeFile{Path: l.Path, Scope: l.Scope, Product: l.Product, Folder: l.Folder, Doc: doc, Err: doc.Err, base: l.base}
		switch {
		case doc.Err != nil:
		case l.base == "":
			vf.Values = doc.Root
		default:
			raw, ok := doc.Root[strings.TrimPrefix(l.base, "/")]
			if !ok {
				if l.Scope == VSCodeWorkspaceFile && l.base != "/settings" {
					continue // a workspace file without launch/tasks
				}
				vf.Values = map[string]json.RawMessage{}
				break
			}
			if err := json.Unmarshal(raw, &vf.Values); err != nil {
				line := doc.Line(l.base)
				vf.Err = &JSONCError{Path: l.Path, Line: line, Msg: fmt.Sprintf("%q is not a JSON object", strings.TrimPrefix(l.base, "/"))}
			}
		}
		out = append(out, vf)
	}
	return out
}

func (f *Facts) vscodeWorkspaceJSON(name, wsKey string) []VSCodeLocation {
	var locs []VSCodeLocation
	dirs := f.VSCodeWorkspaceDirs()
	for _, d := range dirs {
		for _, w := range f.vscodeWorkspaceFiles(d) {
			locs = append(locs, VSCodeLocation{Path: w, Scope: VSCodeWorkspaceFile, Folder: d, base: wsKey})
		}
	}
	for _, d := range dirs {
		locs = append(locs, VSCodeLocation{Path: f.JoinPath(d, ".vscode", name), Scope: VSCodeWorkspace, Folder: d})
	}
	return locs
}

// VSCodeWorkspaceDirs are the folders a user may open in VS Code for this
// project, outermost first: the project directory and its parents up to
// the repository root (nearest .git) or the workspace root (go.work), else
// the module root (nearest go.mod); never above the home directory.
func (f *Facts) VSCodeWorkspaceDirs() []string {
	dirs, _ := vscodeWorkspaceDirs.Get(f)
	return dirs
}

var vscodeWorkspaceDirs = NewFact("VS Code workspace folders", func(f *Facts) ([]string, error) {
	home := f.CleanPath(f.vscodeHome())
	var chain []string
	top, modTop := -1, -1
	d := f.Dir
	for i := 0; i < 12; i++ {
		chain = append(chain, d)
		if f.Exists(f.JoinPath(d, ".git")) || f.Exists(f.JoinPath(d, "go.work")) {
			top = i
			break
		}
		if modTop < 0 && f.Exists(f.JoinPath(d, "go.mod")) {
			modTop = i
		}
		parent := f.ParentDir(d)
		if parent == d || (home != "" && f.pathEqual(parent, home)) || f.pathEqual(d, home) {
			break
		}
		d = parent
	}
	if top < 0 {
		top = max(modTop, 0)
	}
	chain = chain[:top+1]
	out := make([]string, 0, len(chain))
	for i := len(chain) - 1; i >= 0; i-- {
		out = append(out, chain[i])
	}
	return out, nil
})

func (f *Facts) vscodeWorkspaceFiles(dir string) []string {
	ents, err := f.OS.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".code-workspace") {
			out = append(out, f.JoinPath(dir, e.Name()))
			if len(out) == 8 {
				break
			}
		}
	}
	return out
}

package checks

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
)

// GitAutocrlf predicts the line endings git gives .go files on checkout.
var GitAutocrlf = &check.Check{
	ID:    "git/autocrlf",
	Title: "Git line-ending conversion",
	Doc: check.Doc{
		What: "In a git repository holding Go code, reads git's configuration files without running git — the system file (next to the git on PATH, " +
			"or GIT_CONFIG_SYSTEM), the global ones ($XDG_CONFIG_HOME/git/config and ~/.gitconfig, or GIT_CONFIG_GLOBAL), the repository's config, " +
			"GIT_CONFIG_COUNT/KEY_n/VALUE_n, and include.path / includeIf \"gitdir:\", \"gitdir/i:\" and \"onbranch:\" includes — for core.autocrlf and " +
			"core.eol, and the attribute files (core.attributesFile, every .gitattributes from the repository root down to the project directory, " +
			".git/info/attributes) for the text and eol attributes of a .go file there. It then applies git's own decision (convert.c) to predict the " +
			"line endings git writes when it checks out a .go file.",
		Why: "With core.autocrlf=true — the Git for Windows installer's default — git checks out every text file with CRLF line endings unless " +
			".gitattributes says otherwise. Go compiles CRLF files, but gofmt writes LF, so `gofmt -l` lists every file, `go generate` output and golden " +
			"files differ from the committed ones, and \"is the generated code up to date\" checks fail on that machine only. " +
			"The same happens with `* text=auto` in .gitattributes on Windows, where core.eol defaults to native (CRLF).",
		How: "Warning when the predicted checkout line ending for .go files is CRLF, naming the setting (and the file and line it comes from) and the " +
			"attribute rules that apply. Attributes are matched for a file in the project directory; macro attributes other than `binary` and " +
			"includeIf \"hasconfig:\" conditions are not evaluated. Skipped outside a git repository and in repositories without Go code " +
			"(no go.mod, go.work or .go file in the project directory).",
		Fix: "Commit a .gitattributes rule that fixes the line ending of Go files, `*.go text eol=lf` (or `* text=auto eol=lf` for every text file), " +
			"then rewrite the checked-out files once with `git checkout-index --force --all` (with no uncommitted changes). " +
			"For yourself only: `git config --global core.autocrlf input`.",
		Errors: []string{
			"gofmt -l: every .go file listed although nobody changed it",
			"warning: in the working copy of 'main.go', LF will be replaced by CRLF the next time Git touches it",
		},
	},
	Run: runGitAutocrlf,
}

// gitAutocrlfValue is one configuration or attribute value and where it was set.
type gitAutocrlfValue struct {
	Value  string
	Origin string // file:line, or the environment variable
	Set    bool
}

func (v gitAutocrlfValue) where() string {
	if !v.Set {
		return "not set"
	}
	return v.Value + " (" + v.Origin + ")"
}

// gitAutocrlfRepo is a git repository found from the project directory.
type gitAutocrlfRepo struct {
	Worktree  string
	GitDir    string // the repository's .git directory (a worktree's own)
	CommonDir string // where config and info/ live
}

func runGitAutocrlf(pass *check.Pass) error {
	f := pass.Facts
	repo, cfg, ok := gitAutocrlfShared(f)
	if !ok {
		return check.Skip("not in a git repository")
	}
	if !gitAutocrlfHasGo(f) {
		return check.Skip("no Go code in %s", f.Dir)
	}
	autocrlf := cfg["core.autocrlf"]
	coreEOL := cfg["core.eol"]
	attrFile := cfg["core.attributesfile"]
	rel := gitAutocrlfRel(f, repo.Worktree, f.Dir)
	text, eol, rules := gitAutocrlfAttributes(f, repo, attrFile.Value, rel)

	crlf, why := gitAutocrlfCheckout(f.GOOS(), autocrlf, coreEOL, text, eol)
	ev := check.Evidence{
		check.F("repository", repo.Worktree),
		check.F("core.autocrlf", autocrlf.where()),
		check.F("core.eol", coreEOL.where()),
		check.F("text attribute of "+path.Join(rel, "x.go"), text.where()),
		check.F("eol attribute of "+path.Join(rel, "x.go"), eol.where()),
	}
	if len(rules) > 0 {
		ev = append(ev, check.F("attribute rules for .go files", strings.Join(rules, "; ")))
	}
	if !crlf {
		pass.Observe("git checks out .go files with LF ("+why+")", ev...)
		return nil
	}
	gitattributes := f.JoinPath(repo.Worktree, ".gitattributes")
	rule := "*.go text eol=lf"
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("git checks out .go files in %s with CRLF line endings: %s.", repo.Worktree, why),
		Detail: "Go compiles CRLF files, but gofmt writes LF: `gofmt -l` lists every file nobody changed, `go generate` output and golden files differ " +
			"from the committed ones, and checks that generated code is up to date fail on this machine only. Tools that write .go files (gofmt, goimports, " +
			"gopls) produce LF, so files end up with mixed line endings. git also warns: " +
			"`warning: in the working copy of 'main.go', LF will be replaced by CRLF the next time Git touches it`.",
		Evidence: ev,
		Fix: &check.Fix{
			Description: fmt.Sprintf("Add the rule `%s` to %s and commit it, so that every clone gets LF whatever its settings "+
				"(`* text=auto eol=lf` does it for every text file). Files already checked out keep CRLF until git writes them again: "+
				"with no uncommitted changes, rewrite them from the index. For your own clones only, `git config --global core.autocrlf input` also works.",
				rule, gitattributes),
			Commands: []string{"git add .gitattributes", "git checkout-index --force --all"},
			Auto: check.EditFix(gitattributes, func(old []byte) ([]byte, error) {
				for _, line := range strings.Split(string(old), "\n") {
					if strings.TrimSpace(strings.TrimSuffix(line, "\r")) == rule {
						return old, nil
					}
				}
				out := append([]byte(nil), old...)
				nl := "\n"
				if bytes.Contains(old, []byte("\r\n")) {
					nl = "\r\n"
				}
				if len(out) > 0 && out[len(out)-1] != '\n' {
					out = append(out, nl...)
				}
				return append(out, rule+nl...), nil
			}),
		},
	})
	return nil
}

// gitAutocrlfShared finds the git repository of the project directory
// and reads its configuration once per doctor run (other checks that need
// a git setting, such as core.autocrlf, can use it). ok is false outside a
// repository.
func gitAutocrlfShared(f *facts.Facts) (repo gitAutocrlfRepo, cfg map[string]gitAutocrlfValue, ok bool) {
	type answer struct {
		repo gitAutocrlfRepo
		cfg  map[string]gitAutocrlfValue
		ok   bool
	}
	a, _ := facts.Memo(f, "git/autocrlf:config", func() (answer, error) {
		repo, ok := gitAutocrlfFindRepo(f, f.Dir)
		if !ok {
			return answer{}, nil
		}
		return answer{repo, gitAutocrlfLoadConfig(f, repo), true}, nil
	})
	return a.repo, a.cfg, a.ok
}

// gitAutocrlfFindRepo walks up from dir to the first .git (a directory, or
// a file "gitdir: <path>" for worktrees and submodules).
func gitAutocrlfFindRepo(f *facts.Facts, dir string) (gitAutocrlfRepo, bool) {
	for d := f.CleanPath(dir); ; {
		dotgit := f.JoinPath(d, ".git")
		if st, err := f.OS.Stat(dotgit); err == nil {
			r := gitAutocrlfRepo{Worktree: d, GitDir: dotgit}
			if !st.IsDir() {
				data, err := f.ReadFile(dotgit)
				target, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
				if err != nil || !ok {
					return r, false
				}
				target = strings.TrimSpace(target)
				if !f.IsAbs(target) {
					target = f.JoinPath(d, target)
				}
				r.GitDir = f.CleanPath(target)
			}
			r.CommonDir = r.GitDir
			if data, err := f.ReadFile(f.JoinPath(r.GitDir, "commondir")); err == nil {
				c := strings.TrimSpace(string(data))
				if !f.IsAbs(c) {
					c = f.JoinPath(r.GitDir, c)
				}
				r.CommonDir = f.CleanPath(c)
			}
			return r, true
		}
		parent := f.ParentDir(d)
		if parent == d || parent == "." {
			return gitAutocrlfRepo{}, false
		}
		d = parent
	}
}

// gitAutocrlfHasGo reports Go code in the project: the module or
// workspace the go command sees, or .go files in the directory.
func gitAutocrlfHasGo(f *facts.Facts) bool {
	if f.Exists(f.JoinPath(f.Dir, "go.mod")) || f.Exists(f.JoinPath(f.Dir, "go.work")) {
		return true
	}
	entries, _ := f.OS.ReadDir(f.Dir)
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			return true
		}
	}
	if ge, err := f.GoEnv(); err == nil {
		if m := ge.Get("GOMOD"); m != "" && m != f.DevNull() {
			return true
		}
		if w := ge.Get("GOWORK"); w != "" && w != "off" {
			return true
		}
	}
	return false
}

func gitAutocrlfRel(f *facts.Facts, root, dir string) string {
	root, dir = strings.ReplaceAll(f.CleanPath(root), `\`, "/"), strings.ReplaceAll(f.CleanPath(dir), `\`, "/")
	rel := strings.TrimPrefix(strings.TrimPrefix(dir, root), "/")
	if rel == "" {
		return "."
	}
	return rel
}

// gitAutocrlfHome is git's home directory ($HOME; on Windows %USERPROFILE%
// when HOME is unset).
func gitAutocrlfHome(f *facts.Facts) string {
	if h := f.Getenv("HOME"); h != "" {
		return h
	}
	if f.GOOS() == "windows" {
		return f.Getenv("USERPROFILE")
	}
	return ""
}

// gitAutocrlfConfigFiles lists the configuration files git reads, lowest
// precedence first (git-config(1) FILES).
func gitAutocrlfConfigFiles(f *facts.Facts, repo gitAutocrlfRepo) []string {
	var files []string
	if !gitAutocrlfBool(f.Getenv("GIT_CONFIG_NOSYSTEM")) {
		if v := f.Getenv("GIT_CONFIG_SYSTEM"); v != "" {
			files = append(files, v)
		} else {
			files = append(files, gitAutocrlfSystemFiles(f)...)
		}
	}
	home := gitAutocrlfHome(f)
	if v, ok := f.LookupEnv("GIT_CONFIG_GLOBAL"); ok {
		if v != "" {
			files = append(files, v)
		}
	} else {
		xdg := f.Getenv("XDG_CONFIG_HOME")
		if xdg == "" && home != "" {
			xdg = f.JoinPath(home, ".config")
		}
		if xdg != "" {
			files = append(files, f.JoinPath(xdg, "git", "config"))
		}
		if home != "" {
			files = append(files, f.JoinPath(home, ".gitconfig"))
		}
	}
	return append(files, f.JoinPath(repo.CommonDir, "config"))
}

// gitAutocrlfSystemFiles finds the system configuration from the git on
// PATH: <prefix>/etc/gitconfig (/etc/gitconfig for /usr); on Windows the
// Git for Windows tree's etc\gitconfig, after C:\ProgramData\Git\config.
func gitAutocrlfSystemFiles(f *facts.Facts) []string {
	var files []string
	git, err := f.LookPath("git")
	if f.GOOS() == "windows" {
		if pd := f.Getenv("PROGRAMDATA"); pd != "" {
			files = append(files, f.JoinPath(pd, "Git", "config"))
		}
		if err == nil {
			// ...\Git\cmd\git.exe or ...\Git\mingw64\bin\git.exe
			for d, i := f.ParentDir(git), 0; i < 3; d, i = f.ParentDir(d), i+1 {
				if c := f.JoinPath(d, "etc", "gitconfig"); f.Exists(c) {
					return append(files, c)
				}
			}
		}
		return files
	}
	prefix := "/usr"
	if err == nil {
		if r, err := f.OS.EvalSymlinks(git); err == nil {
			git = r
		}
		prefix = f.ParentDir(f.ParentDir(git))
	}
	if prefix == "/usr" || prefix == "/" {
		return []string{"/etc/gitconfig"}
	}
	return []string{f.JoinPath(prefix, "etc", "gitconfig")}
}

// gitAutocrlfLoadConfig reads every configuration file (following
// includes) and GIT_CONFIG_COUNT, and returns the last value of each key
// ("section.name" or "section.subsection.name", section and name in lower case).
func gitAutocrlfLoadConfig(f *facts.Facts, repo gitAutocrlfRepo) map[string]gitAutocrlfValue {
	out := map[string]gitAutocrlfValue{}
	branch := ""
	if data, err := f.ReadFile(f.JoinPath(repo.GitDir, "HEAD")); err == nil {
		if ref, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "ref: refs/heads/"); ok {
			branch = ref
		}
	}
	for _, file := range gitAutocrlfConfigFiles(f, repo) {
		gitAutocrlfReadConfig(f, repo, branch, file, 0, out)
	}
	if n, err := strconv.Atoi(f.Getenv("GIT_CONFIG_COUNT")); err == nil {
		for i := range n {
			k := f.Getenv(fmt.Sprintf("GIT_CONFIG_KEY_%d", i))
			if k == "" {
				continue
			}
			out[gitAutocrlfNormKey(k)] = gitAutocrlfValue{Value: f.Getenv(fmt.Sprintf("GIT_CONFIG_VALUE_%d", i)), Origin: fmt.Sprintf("GIT_CONFIG_KEY_%d", i), Set: true}
		}
	}
	return out
}

// gitAutocrlfNormKey lower-cases the section and name of a key but not
// its subsection.
func gitAutocrlfNormKey(k string) string {
	i, j := strings.IndexByte(k, '.'), strings.LastIndexByte(k, '.')
	if i < 0 {
		return strings.ToLower(k)
	}
	return strings.ToLower(k[:i]) + k[i:j] + strings.ToLower(k[j:])
}

var gitAutocrlfSection = regexp.MustCompile(`^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]`)

// gitAutocrlfReadConfig parses one git config file into out.
func gitAutocrlfReadConfig(f *facts.Facts, repo gitAutocrlfRepo, branch, file string, depth int, out map[string]gitAutocrlfValue) {
	if depth > 10 {
		return
	}
	data, err := f.ReadFile(file)
	if err != nil {
		return
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	section := ""
	for n := 0; n < len(lines); n++ {
		lineNo := n + 1
		line := strings.TrimSpace(lines[n])
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			m := gitAutocrlfSection.FindStringSubmatch(line)
			if m == nil {
				section = ""
				continue
			}
			name := strings.ToLower(m[1])
			if m[2] != "" || strings.Contains(m[0], `"`) {
				sub := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(m[2])
				section = name + "." + sub
			} else if i := strings.IndexByte(name, '.'); i >= 0 {
				section = name // [section.subsection], deprecated form, lower-cased
			} else {
				section = name
			}
			line = strings.TrimSpace(line[len(m[0]):])
			if line == "" || line[0] == '#' || line[0] == ';' {
				continue
			}
		}
		if section == "" {
			continue
		}
		// A value may continue on the next line after a trailing backslash.
		for strings.HasSuffix(line, `\`) && !strings.HasSuffix(line, `\\`) && n+1 < len(lines) {
			n++
			line = line[:len(line)-1] + lines[n]
		}
		name, raw, hasValue := strings.Cut(line, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		value := "true"
		if hasValue {
			value = gitAutocrlfUnquote(raw)
		} else if i := strings.IndexAny(name, " \t#;"); i >= 0 {
			name = name[:i]
		}
		key := section + "." + name
		origin := fmt.Sprintf("%s:%d", file, lineNo)
		switch {
		case key == "include.path":
			gitAutocrlfReadConfig(f, repo, branch, gitAutocrlfIncludePath(f, file, value), depth+1, out)
			continue
		case strings.HasPrefix(key, "includeif.") && strings.HasSuffix(key, ".path"):
			cond := strings.TrimSuffix(strings.TrimPrefix(key, "includeif."), ".path")
			if gitAutocrlfIncludeIf(f, repo, branch, file, cond) {
				gitAutocrlfReadConfig(f, repo, branch, gitAutocrlfIncludePath(f, file, value), depth+1, out)
			}
			continue
		}
		out[key] = gitAutocrlfValue{Value: value, Origin: origin, Set: true}
	}
}

// gitAutocrlfUnquote reads a config value: surrounding blanks dropped,
// "..." quoting, \n \t \b \\ \" escapes, comments after # or ; outside quotes.
func gitAutocrlfUnquote(raw string) string {
	raw = strings.TrimSpace(raw)
	var b strings.Builder
	quoted := false
	pendingSpace := ""
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '"':
			quoted = !quoted
			continue
		case !quoted && (c == '#' || c == ';'):
			return b.String()
		case c == '\\' && i+1 < len(raw):
			i++
			switch raw[i] {
			case 'n':
				c = '\n'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			default:
				c = raw[i]
			}
		case !quoted && (c == ' ' || c == '\t'):
			pendingSpace += string(c)
			continue
		}
		b.WriteString(pendingSpace)
		pendingSpace = ""
		b.WriteByte(c)
	}
	return b.String()
}

// gitAutocrlfIncludePath resolves an include path: ~/ is the home
// directory, a relative path is relative to the including file.
func gitAutocrlfIncludePath(f *facts.Facts, from, p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		return f.JoinPath(gitAutocrlfHome(f), rest)
	}
	if f.IsAbs(p) {
		return p
	}
	return f.JoinPath(f.ParentDir(from), p)
}

// gitAutocrlfIncludeIf evaluates an includeIf condition (gitdir:,
// gitdir/i:, onbranch:); hasconfig: is not evaluated (false).
func gitAutocrlfIncludeIf(f *facts.Facts, repo gitAutocrlfRepo, branch, from, cond string) bool {
	kind, pattern, ok := strings.Cut(cond, ":")
	if !ok {
		return false
	}
	switch kind {
	case "gitdir", "gitdir/i":
		switch {
		case strings.HasPrefix(pattern, "~/"):
			pattern = strings.ReplaceAll(f.JoinPath(gitAutocrlfHome(f), pattern[2:]), `\`, "/") + gitAutocrlfTrailing(pattern)
		case strings.HasPrefix(pattern, "./"):
			pattern = strings.ReplaceAll(f.JoinPath(f.ParentDir(from), pattern[2:]), `\`, "/") + gitAutocrlfTrailing(pattern)
		case !f.IsAbs(pattern) && !strings.HasPrefix(pattern, "/"):
			pattern = "**/" + pattern
		}
		if strings.HasSuffix(pattern, "/") {
			pattern += "**"
		}
		gitdir := strings.ReplaceAll(f.CleanPath(repo.GitDir), `\`, "/")
		fold := kind == "gitdir/i" || f.GOOS() == "windows"
		return gitAutocrlfWildmatch(pattern, gitdir, fold) || gitAutocrlfWildmatch(pattern, gitdir+"/", fold)
	case "onbranch":
		if branch == "" {
			return false
		}
		if strings.HasSuffix(pattern, "/") {
			pattern += "**"
		}
		return gitAutocrlfWildmatch(pattern, branch, false)
	}
	return false
}

func gitAutocrlfTrailing(p string) string {
	if strings.HasSuffix(p, "/") {
		return "/"
	}
	return ""
}

// gitAutocrlfWildmatch matches git's wildmatch with WM_PATHNAME: * and ?
// do not cross '/', ** does, [...] are character classes.
func gitAutocrlfWildmatch(pattern, name string, fold bool) bool {
	var re strings.Builder
	re.WriteString("^")
	if fold {
		re.WriteString("(?i)")
	}
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch c {
		case '*':
			if i+1 < len(pattern) && pattern[i+1] == '*' {
				i++
				if i+1 < len(pattern) && pattern[i+1] == '/' {
					i++
					re.WriteString("(?:.*/)?")
				} else {
					re.WriteString(".*")
				}
			} else {
				re.WriteString("[^/]*")
			}
		case '?':
			re.WriteString("[^/]")
		case '[':
			j := strings.IndexByte(pattern[i+1:], ']')
			if j < 0 {
				re.WriteString(`\[`)
				continue
			}
			class := pattern[i+1 : i+1+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			re.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += j + 1
		case '\\':
			if i+1 < len(pattern) {
				i++
				re.WriteString(regexp.QuoteMeta(string(pattern[i])))
			}
		default:
			re.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	re.WriteString("$")
	r, err := regexp.Compile(re.String())
	return err == nil && r.MatchString(name)
}

// gitAutocrlfAttributes finds the text and eol attributes of a .go file
// in directory rel of the worktree: the global attributes file, the
// .gitattributes files from the root down, then info/attributes; for each
// attribute the last matching line wins.
func gitAutocrlfAttributes(f *facts.Facts, repo gitAutocrlfRepo, attrFile, rel string) (text, eol gitAutocrlfValue, rules []string) {
	type source struct{ file, base string } // base: directory the patterns are relative to
	var sources []source
	if attrFile == "" {
		xdg := f.Getenv("XDG_CONFIG_HOME")
		if xdg == "" && gitAutocrlfHome(f) != "" {
			xdg = f.JoinPath(gitAutocrlfHome(f), ".config")
		}
		if xdg != "" {
			attrFile = f.JoinPath(xdg, "git", "attributes")
		}
	} else if strings.HasPrefix(attrFile, "~/") {
		attrFile = f.JoinPath(gitAutocrlfHome(f), attrFile[2:])
	}
	if attrFile != "" {
		sources = append(sources, source{attrFile, ""})
	}
	dirs := []string{""}
	if rel != "." {
		parts := strings.Split(rel, "/")
		for i := range parts {
			dirs = append(dirs, strings.Join(parts[:i+1], "/"))
		}
	}
	for _, d := range dirs {
		sources = append(sources, source{f.JoinPath(repo.Worktree, d, ".gitattributes"), d})
	}
	sources = append(sources, source{f.JoinPath(repo.CommonDir, "info", "attributes"), ""})

	target := path.Join(rel, "x.go")
	if rel == "." {
		target = "x.go"
	}
	for _, s := range sources {
		data, err := f.ReadFile(s.file)
		if err != nil {
			continue
		}
		for n, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
			fields := strings.Fields(line)
			if len(fields) < 2 || strings.HasPrefix(fields[0], "#") || strings.HasPrefix(fields[0], "[attr]") {
				continue
			}
			if !gitAutocrlfAttrMatch(fields[0], s.base, target) {
				continue
			}
			origin := fmt.Sprintf("%s:%d", s.file, n+1)
			touched := false
			for _, a := range fields[1:] {
				switch a {
				case "text":
					text, touched = gitAutocrlfValue{"set", origin, true}, true
				case "-text", "binary", "-crlf":
					text, touched = gitAutocrlfValue{"unset", origin, true}, true
				case "!text":
					text, touched = gitAutocrlfValue{}, true
				case "text=auto":
					text, touched = gitAutocrlfValue{"auto", origin, true}, true
				case "crlf":
					if !text.Set {
						text, touched = gitAutocrlfValue{"set", origin, true}, true
					}
				case "crlf=input":
					eol, touched = gitAutocrlfValue{"lf", origin, true}, true
				case "eol=lf", "eol=crlf":
					eol, touched = gitAutocrlfValue{strings.TrimPrefix(a, "eol="), origin, true}, true
				case "-eol", "!eol":
					eol, touched = gitAutocrlfValue{}, true
				}
			}
			if touched {
				rules = append(rules, origin+": "+strings.TrimSpace(line))
			}
		}
	}
	return text, eol, rules
}

// gitAutocrlfAttrMatch matches a .gitattributes pattern against a path
// relative to the worktree; base is the directory of the attributes file.
func gitAutocrlfAttrMatch(pattern, base, target string) bool {
	if strings.HasPrefix(pattern, "!") || strings.HasSuffix(pattern, "/") {
		return false // negative patterns are forbidden; directory patterns match no file
	}
	rel := target
	if base != "" {
		var ok bool
		rel, ok = strings.CutPrefix(target, base+"/")
		if !ok {
			return false
		}
	}
	if !strings.Contains(strings.TrimPrefix(pattern, "/"), "/") && !strings.HasPrefix(pattern, "/") {
		return gitAutocrlfWildmatch(pattern, path.Base(rel), false)
	}
	return gitAutocrlfWildmatch(strings.TrimPrefix(pattern, "/"), rel, false)
}

// gitAutocrlfBool is git's boolean parsing.
func gitAutocrlfBool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

// gitAutocrlfCheckout applies git's convert.c: does checkout write CRLF?
// It returns the answer and the reason in words.
func gitAutocrlfCheckout(goos string, autocrlf, coreEOL, text, eol gitAutocrlfValue) (bool, string) {
	ac := "false"
	if autocrlf.Set {
		switch v := strings.ToLower(strings.TrimSpace(autocrlf.Value)); {
		case v == "input":
			ac = "input"
		case gitAutocrlfBool(v):
			ac = "true"
		}
	}
	// text_eol_is_crlf
	textEOLIsCRLF := func() (bool, string) {
		switch ac {
		case "true":
			return true, "core.autocrlf=true (" + autocrlf.Origin + ")"
		case "input":
			return false, "core.autocrlf=input"
		}
		e := strings.ToLower(coreEOL.Value)
		switch {
		case coreEOL.Set && e == "crlf":
			return true, "core.eol=crlf (" + coreEOL.Origin + ")"
		case coreEOL.Set && e == "lf":
			return false, "core.eol=lf"
		case goos == "windows":
			return true, "core.eol is native, which is CRLF on Windows"
		}
		return false, "core.eol is native (LF)"
	}
	attrWhy := func() string {
		if text.Set {
			return "the text attribute is " + text.Value + " (" + text.Origin + ")"
		}
		return "no attribute sets text"
	}
	if text.Set && text.Value == "unset" {
		return false, "the text attribute is unset (" + text.Origin + "): no conversion"
	}
	if eol.Set {
		if eol.Value == "crlf" {
			return true, "the eol attribute is crlf (" + eol.Origin + ")"
		}
		return false, "the eol attribute is lf (" + eol.Origin + ")"
	}
	if !text.Set { // CRLF_UNDEFINED
		if ac == "true" {
			return true, "core.autocrlf=true (" + autocrlf.Origin + ") and no .gitattributes rule sets text or eol for .go files"
		}
		return false, "no conversion: core.autocrlf is " + ac + " and no attribute sets text"
	}
	crlf, why := textEOLIsCRLF()
	return crlf, attrWhy() + " and " + why
}

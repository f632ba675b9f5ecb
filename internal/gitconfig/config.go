// Package gitconfig reads a git repository's configuration the way git
// does, without running git (which may be missing, slow, or another
// version than the one the user's editor runs): the repository found from
// a directory, the configuration files in git's order of precedence with
// their includes, and the attribute files that decide line endings.
//
// What it follows: the system file (next to the git on PATH, or
// GIT_CONFIG_SYSTEM, unless GIT_CONFIG_NOSYSTEM), the global files
// ($XDG_CONFIG_HOME/git/config and ~/.gitconfig, or GIT_CONFIG_GLOBAL),
// the repository's config (in the common directory of a linked worktree),
// GIT_CONFIG_COUNT/KEY_n/VALUE_n, include.path, and includeIf "gitdir:",
// "gitdir/i:" and "onbranch:" (not "hasconfig:"). Every value keeps the
// file and line that set it, so that findings can point there.
package gitconfig

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/godx-dev/godx/internal/facts"
)

// Value is one configuration (or attribute) value and where it was set.
type Value struct {
	Value  string
	Origin string // file:line, or the environment variable
	Set    bool
}

// Config is the effective configuration of a repository: the last value
// of each key over every file git reads.
type Config struct {
	Repo   Repo
	values map[string]Value
}

// Get returns the effective value of key ("core.autocrlf",
// "includeIf.gitdir:~/x/.path"); section and name are case-insensitive,
// a subsection is not, as in git.
func (c *Config) Get(key string) Value {
	return c.values[normKey(key)]
}

// Project is the configuration of the git repository the project
// directory is in, read once per doctor run; nil outside a repository.
var Project = facts.NewFact("git configuration of the project", func(f *facts.Facts) (*Config, error) {
	repo, ok := FindRepo(f, f.Dir)
	if !ok {
		return nil, nil
	}
	return Read(f, repo), nil
})

// Read reads every configuration file git reads for repo (following
// includes) and GIT_CONFIG_COUNT. Unreadable files are skipped, as git
// skips missing ones.
func Read(f *facts.Facts, repo Repo) *Config {
	out := map[string]Value{}
	branch := ""
	if data, err := f.ReadFile(f.JoinPath(repo.GitDir, "HEAD")); err == nil {
		if ref, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "ref: refs/heads/"); ok {
			branch = ref
		}
	}
	r := reader{f: f, repo: repo, branch: branch, out: out}
	for _, file := range configFiles(f, repo) {
		r.read(file, 0)
	}
	if n, err := strconv.Atoi(f.Getenv("GIT_CONFIG_COUNT")); err == nil {
		for i := range n {
			k := f.Getenv(fmt.Sprintf("GIT_CONFIG_KEY_%d", i))
			if k == "" {
				continue
			}
			out[normKey(k)] = Value{Value: f.Getenv(fmt.Sprintf("GIT_CONFIG_VALUE_%d", i)), Origin: fmt.Sprintf("GIT_CONFIG_KEY_%d", i), Set: true}
		}
	}
	return &Config{Repo: repo, values: out}
}

// Bool is git's reading of a boolean value: true, yes, on and 1 are true.
func Bool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

// home is git's home directory: $HOME, or on Windows %USERPROFILE% when
// HOME is unset ("" when neither is set).
func home(f *facts.Facts) string {
	if h := f.Getenv("HOME"); h != "" {
		return h
	}
	if f.GOOS() == "windows" {
		return f.Getenv("USERPROFILE")
	}
	return ""
}

// configFiles lists the configuration files git reads for repo, lowest
// precedence first (git-config(1) FILES), whether they exist or not.
func configFiles(f *facts.Facts, repo Repo) []string {
	var files []string
	if !Bool(f.Getenv("GIT_CONFIG_NOSYSTEM")) {
		if v := f.Getenv("GIT_CONFIG_SYSTEM"); v != "" {
			files = append(files, v)
		} else {
			files = append(files, systemFiles(f)...)
		}
	}
	h := home(f)
	if v, ok := f.LookupEnv("GIT_CONFIG_GLOBAL"); ok {
		if v != "" {
			files = append(files, v)
		}
	} else {
		xdg := f.Getenv("XDG_CONFIG_HOME")
		if xdg == "" && h != "" {
			xdg = f.JoinPath(h, ".config")
		}
		if xdg != "" {
			files = append(files, f.JoinPath(xdg, "git", "config"))
		}
		if h != "" {
			files = append(files, f.JoinPath(h, ".gitconfig"))
		}
	}
	return append(files, f.JoinPath(repo.CommonDir, "config"))
}

// systemFiles finds the system configuration from the git on PATH:
// <prefix>/etc/gitconfig (/etc/gitconfig for /usr); on Windows the Git for
// Windows tree's etc\gitconfig, after C:\ProgramData\Git\config.
func systemFiles(f *facts.Facts) []string {
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

// normKey lower-cases the section and name of a key but not its
// subsection.
func normKey(k string) string {
	i, j := strings.IndexByte(k, '.'), strings.LastIndexByte(k, '.')
	if i < 0 {
		return strings.ToLower(k)
	}
	return strings.ToLower(k[:i]) + k[i:j] + strings.ToLower(k[j:])
}

var sectionHeader = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]`)
})

// reader parses configuration files into out, following includes.
type reader struct {
	f      *facts.Facts
	repo   Repo
	branch string // checked-out branch, for onbranch: ("" when detached)
	out    map[string]Value
}

// read parses one git config file into r.out.
func (r *reader) read(file string, depth int) {
	f := r.f
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
			m := sectionHeader().FindStringSubmatch(line)
			if m == nil {
				section = ""
				continue
			}
			name := strings.ToLower(m[1])
			if m[2] != "" || strings.Contains(m[0], `"`) {
				sub := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(m[2])
				section = name + "." + sub
			} else {
				section = name // [section.subsection] is the deprecated form, lower-cased
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
			value = unquote(raw)
		} else if i := strings.IndexAny(name, " \t#;"); i >= 0 {
			name = name[:i]
		}
		key := section + "." + name
		origin := fmt.Sprintf("%s:%d", file, lineNo)
		switch {
		case key == "include.path":
			r.read(r.includePath(file, value), depth+1)
			continue
		case strings.HasPrefix(key, "includeif.") && strings.HasSuffix(key, ".path"):
			cond := strings.TrimSuffix(strings.TrimPrefix(key, "includeif."), ".path")
			if r.includeIf(file, cond) {
				r.read(r.includePath(file, value), depth+1)
			}
			continue
		}
		r.out[key] = Value{Value: value, Origin: origin, Set: true}
	}
}

// unquote reads a config value: surrounding blanks dropped, "..."
// quoting, \n \t \b \\ \" escapes, comments after # or ; outside quotes.
func unquote(raw string) string {
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

// includePath resolves an include path: ~/ is the home directory, a
// relative path is relative to the including file.
func (r *reader) includePath(from, p string) string {
	f := r.f
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		return f.JoinPath(home(f), rest)
	}
	if f.IsAbs(p) {
		return p
	}
	return f.JoinPath(f.ParentDir(from), p)
}

// includeIf evaluates an includeIf condition (gitdir:, gitdir/i:,
// onbranch:); hasconfig: is not evaluated (false).
func (r *reader) includeIf(from, cond string) bool {
	f := r.f
	kind, pattern, ok := strings.Cut(cond, ":")
	if !ok {
		return false
	}
	switch kind {
	case "gitdir", "gitdir/i":
		switch {
		case strings.HasPrefix(pattern, "~/"):
			pattern = strings.ReplaceAll(f.JoinPath(home(f), pattern[2:]), `\`, "/") + trailingSlash(pattern)
		case strings.HasPrefix(pattern, "./"):
			pattern = strings.ReplaceAll(f.JoinPath(f.ParentDir(from), pattern[2:]), `\`, "/") + trailingSlash(pattern)
		case !f.IsAbs(pattern) && !strings.HasPrefix(pattern, "/"):
			pattern = "**/" + pattern
		}
		if strings.HasSuffix(pattern, "/") {
			pattern += "**"
		}
		gitdir := strings.ReplaceAll(f.CleanPath(r.repo.GitDir), `\`, "/")
		fold := kind == "gitdir/i" || f.GOOS() == "windows"
		return wildmatch(pattern, gitdir, fold) || wildmatch(pattern, gitdir+"/", fold)
	case "onbranch":
		if r.branch == "" {
			return false
		}
		if strings.HasSuffix(pattern, "/") {
			pattern += "**"
		}
		return wildmatch(pattern, r.branch, false)
	}
	return false
}

func trailingSlash(p string) string {
	if strings.HasSuffix(p, "/") {
		return "/"
	}
	return ""
}

// wildmatch matches name against a git pattern with WM_PATHNAME: * and ?
// do not cross '/', ** does, [...] are character classes; fold ignores
// case.
func wildmatch(pattern, name string, fold bool) bool {
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
	rx, err := regexp.Compile(re.String())
	return err == nil && rx.MatchString(name)
}

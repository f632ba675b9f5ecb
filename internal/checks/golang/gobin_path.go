package golang

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellprofile"
)

// BinPath checks that the directory `go install` writes to is on PATH.
var BinPath = &check.Check{
	ID:    "go/gobin-path",
	Title: "Install directory on PATH",
	Doc: check.Doc{
		What: "Finds the directory `go install` puts programs in (GOBIN, else the first GOPATH entry + /bin) and looks for it on PATH, comparing entries the way the OS resolves them: cleaned, with trailing separators dropped, symlinks resolved, and ignoring case on Windows and macOS.",
		Why: "Tools such as gopls, dlv, staticcheck or golangci-lint are installed with `go install`. When the install directory is not on PATH, the install succeeds silently, and then the shell says `gopls: command not found` " +
			"(Windows: `'gopls' is not recognized as an internal or external command, operable program or batch file.`), and editors report that they cannot find gopls.",
		How: "Warning when the install directory is not on PATH and holds programs (the first few are listed: you installed them but cannot run them by name). Info when it is not on PATH but is empty or does not exist yet. " +
			"Info, instead, when the godx block in the shell's startup file already adds it (this environment predates the change). " +
			"Error when GOBIN is set to a relative path, which `go install` refuses.",
		Fix: "Add the install directory to PATH in your shell startup file (Linux/macOS) or in the user Path environment variable (Windows), then open a new terminal and restart your editor. " +
			"`godx fix` does it on Linux and macOS: it writes a marked `# >>> godx >>>` block into the startup file of your shell ($SHELL: ~/.bashrc, ~/.bash_profile on macOS, ~/.zshrc, ~/.config/fish/conf.d/godx.fish, or PowerShell's profile), like `godx shell-init --install`; on Windows, `godx shell-init --install --scope user` sets the user Path.",
		Errors: []string{
			"gopls: command not found",
			"'gopls' is not recognized as an internal or external command, operable program or batch file.",
			"cannot install, GOBIN must be an absolute path",
		},
	},
	Run: runGoBinPath,
}

// gobinPathShown is how many installed programs a finding names.
const gobinPathShown = 5

func runGoBinPath(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if errors.Is(err, facts.ErrNoGo) {
		return check.Skip("no go command on PATH (reported by go/installed)")
	}
	if err != nil {
		return check.Skip("`go env` failed (reported by go/installed)")
	}
	s, err := f.Settings()
	if err != nil {
		return err
	}
	gobin := ge.Get("GOBIN")
	source := "GOBIN"
	if st := s.Get("GOBIN"); st != nil && gobin != "" {
		source = "GOBIN (" + st.Label() + ")"
	}
	if gobin != "" && !f.IsAbs(gobin) {
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s is %q, a relative path: `go install` refuses to install anything.", source, gobin),
			Detail:   "`go install` stops with `cannot install, GOBIN must be an absolute path`.",
			Evidence: check.Evidence{check.F(source, gobin)},
			Fix:      gobinPathSetFix(f, s.Get("GOBIN")),
		})
		return nil
	}
	dir := gobin
	if dir == "" {
		for _, e := range f.SplitList(ge.Get("GOPATH")) {
			if e != "" {
				dir = f.JoinPath(e, "bin")
				source = "GOPATH/bin (GOBIN not set)"
				break
			}
		}
	}
	if dir == "" || !f.IsAbs(dir) {
		return check.Skip("no install directory: GOBIN is not set and GOPATH is empty (reported by go/gopath)")
	}
	evidence := check.Evidence{check.F("install directory, "+source, dir)}

	for i, entry := range f.PathDirs() {
		if entry == "" || !f.IsAbs(entry) {
			continue
		}
		if f.SamePath(entry, dir) {
			evidence = append(evidence, check.F("PATH entry", fmt.Sprintf("#%d %s", i+1, entry)))
			pass.Observe(fmt.Sprintf("%s is on PATH", dir), evidence...)
			return nil
		}
	}
	evidence = append(evidence, check.F("PATH", f.Getenv("PATH")))

	// `godx fix` or `godx shell-init --install` may have added it to the
	// shell's startup file already: then only this environment is stale.
	if sh, profile, ok := pathFixProfile(f); ok {
		data, _ := f.ReadFile(profile)
		if shellprofile.Adds(data, sh, f.GOOS(), shellprofile.Home(f.GOOS(), f.Getenv), dir) {
			pass.Report(check.Finding{
				Severity: check.Info,
				Summary:  fmt.Sprintf("The go install directory %s is not on PATH here, but the godx block in %s adds it for shells started from now on.", dir, profile),
				Detail: fmt.Sprintf("`godx fix` or `godx shell-init --install` wrote that block. Programs keep the PATH they were started with, so this terminal and editors opened before it do not see the change. "+
					"If a new terminal still lacks %s, your shell does not read %s at startup.", dir, profile),
				Evidence: append(evidence, check.F("shell startup file", profile)),
				Fix:      &check.Fix{Description: "Open a new terminal and restart your editor (or load the file in this shell).", Commands: []string{shellprofile.SourceLine(sh, profile)}},
			})
			return nil
		}
	}

	progs, exists := gobinPathPrograms(f, dir)
	if len(progs) == 0 {
		state := "it does not exist yet"
		if exists {
			state = "it holds no programs yet"
		}
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("The go install directory %s is not on PATH (%s).", dir, state),
			Detail:   "Nothing is lost yet, but the first tool you `go install` (gopls, dlv, staticcheck...) will not run by name: `gopls: command not found`.",
			Evidence: evidence,
			Fix:      gobinPathAddFix(f, dir),
		})
		return nil
	}
	names := progs
	more := ""
	if len(names) > gobinPathShown {
		names = names[:gobinPathShown]
		more = fmt.Sprintf(" and %d more", len(progs)-gobinPathShown)
	}
	evidence = append(evidence, check.F("programs in it", strings.Join(progs, ", ")))
	notFound := fmt.Sprintf("`%s: command not found`", gobinPathStem(f, progs[0]))
	if f.GOOS() == "windows" {
		notFound = fmt.Sprintf("`'%s' is not recognized as an internal or external command, operable program or batch file.`", gobinPathStem(f, progs[0]))
	}
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary: fmt.Sprintf("The go install directory %s is not on PATH, so the %d %s installed there cannot be run by name: %s%s.",
			dir, len(progs), english.Plural(len(progs), "program", "programs"), strings.Join(names, ", "), more),
		Detail:   fmt.Sprintf("`go install` succeeded, but your shell does not look in %s: running them by name fails with %s, and editors and tools that look them up on PATH (gopls for VS Code, dlv for debugging) report them missing.", dir, notFound),
		Evidence: evidence,
		Fix:      gobinPathAddFix(f, dir),
	})
	return nil
}

// gobinPathPrograms lists the runnable files directly in dir (sorted) and
// says whether dir exists.
func gobinPathPrograms(f *facts.Facts, dir string) ([]string, bool) {
	entries, err := f.OS.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	exts := map[string]bool{}
	if f.GOOS() == "windows" {
		for _, e := range f.SplitList(f.Getenv("PATHEXT")) {
			exts[strings.ToLower(strings.TrimSpace(e))] = true
		}
		if len(exts) == 0 {
			exts = map[string]bool{".com": true, ".exe": true, ".bat": true, ".cmd": true}
		}
	}
	var progs []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		if f.GOOS() == "windows" {
			i := strings.LastIndexByte(name, '.')
			if i < 0 || !exts[strings.ToLower(name[i:])] {
				continue
			}
		} else if !f.IsExecutable(f.JoinPath(dir, name)) {
			continue
		}
		progs = append(progs, name)
	}
	sort.Strings(progs)
	return progs, true
}

func gobinPathStem(f *facts.Facts, name string) string {
	if f.GOOS() == "windows" {
		if i := strings.LastIndexByte(name, '.'); i > 0 {
			return name[:i]
		}
	}
	return name
}

// gobinPathAddFix adds dir to PATH for the user's shell, persistently.
func gobinPathAddFix(f *facts.Facts, dir string) *check.Fix { return pathFixOnPath(f, dir, true) }

func gobinPathSetFix(f *facts.Facts, st *facts.Setting) *check.Fix {
	def := "$GOPATH/bin"
	if f.GOOS() == "windows" {
		def = `%USERPROFILE%\go\bin`
	}
	return settingfix.Unset(f.GOOS(), st, "Unset GOBIN (go install then uses "+def+"), or set it to an absolute path.")
}

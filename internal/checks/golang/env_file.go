package golang

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goenvfile"
	"github.com/godx-dev/godx/internal/redact"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// EnvFile inspects the file `go env -w` writes.
var EnvFile = &check.Check{
	ID:    "go/env-file",
	Title: "go env -w file",
	Doc: check.Doc{
		What: "Reads the file `go env -w` writes (`go env GOENV`; by default <user config dir>/go/env) line by line, the way the go command does, " +
			"and compares each setting with the process environment. When `go env` itself fails, it still finds and reads the file, because a bad line there is a common reason.",
		Why: "Settings in this file apply to every go command the user runs, but the environment wins over them: after `go env -w GOPROXY=…` nothing changes if GOPROXY is also set in the shell. " +
			"The go command silently skips lines it cannot use (no '=', not starting with an upper-case letter), keeps quotes, spaces and Windows line endings as part of a value, " +
			"silently ignores the whole file when it cannot read it, and ignores names it computes itself or does not know. All of these look like settings but are not.",
		How: "Warning when the file cannot be read, when the environment overrides a value from the file with a different one (the environment wins; the file's value is ignored), " +
			"when lines are skipped or overridden by a later line for the same name, when values carry quotes, surrounding spaces or a carriage return, " +
			"and when the file sets names the go command ignores there (GOENV, GODEBUG, GOVERSION, …) or does not know at all. " +
			"Info listing what the file sets when nothing is wrong, when it is larger than godx reads (16 MiB, not checked), and when the go command has no such file at all (GOENV unset and no $HOME or $XDG_CONFIG_HOME: `go env -w` then fails). " +
			"A path too long for the file system is reported as such, not as a permission problem. GOROOT and GOPATH values from the file are judged by go/goroot and go/gopath, which name the file as their source.",
		Fix: "Change the file with `go env -w NAME=VALUE` and `go env -u NAME` rather than by hand; remove a variable from the environment (`unset NAME`) to let the file's value apply. " +
			"Names that `go env -u` refuses (GOENV, GODEBUG, computed names) have to be deleted from the file in an editor.",
		Errors: []string{
			"go: reading go env config: open /home/you/.config/go/env: permission denied",
			"go: invalid GOTOOLCHAIN \"local\\r\"",
			"go: unknown environment setting GO111MODULE=on",
			"go: invalid proxy URL missing scheme: %22off%22",
			"go: GODEBUG can only be set using the OS environment",
			"go: cannot find go env config: neither $XDG_CONFIG_HOME nor $HOME are defined",
			"go: unknown go command variable GOPRXY",
		},
	},
	Run: runGoEnvFile,
}

func runGoEnvFile(pass *check.Pass) error {
	f := pass.Facts
	if _, err := f.GoCommand(); err != nil {
		return check.Skip("no go command (see go/installed)")
	}
	file, located, goEnvOK := "", "", true
	var goenv *facts.GoEnv
	if s, err := f.Settings(); err == nil {
		file = s.EnvFile
		located = "go env GOENV"
		goenv, _ = f.GoEnv()
	} else {
		// `go env` failed (go/installed reports that); a broken line in
		// this file is a common reason, so find the file like cmd/go does.
		goEnvOK = false
		file = f.UserEnvFile()
		located = "$GOENV, else <user config dir>/go/env (go env failed, so godx located it)"
	}
	if err := f.GoEnvConfigError(); file == "" && err != nil {
		goEnvFileReportNoConfig(pass, err)
		return nil
	}
	if file == "" && !goEnvOK && f.Getenv("GOENV") != "off" {
		return check.Skip("go env failed (see go/installed) and the user config directory is unknown")
	}
	if file == "" {
		pass.Observe("GOENV=off: no go env -w file is used", check.F("GOENV", "off"))
		return nil
	}
	ev := check.Evidence{check.F("go env -w file", file), check.F("located by", located)}
	data, err := f.ReadFile(file)
	if facts.IsNotExist(err) {
		pass.Observe("no go env -w file ("+file+")", ev...)
		return nil
	}
	if errors.Is(err, facts.ErrTooLarge) {
		// godx's limit, not the go command's (it reads the file whole).
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("The go env -w file %s is larger than godx reads (%d MiB), so godx did not check it.", file, facts.MaxFileSize>>20),
			Detail:   "The size is godx's limit, not the go command's. `go env -changed` lists the settings that differ from the defaults.",
			Evidence: append(ev, check.F("error", err.Error())),
		})
		return nil
	}
	if facts.IsNameTooLong(err) {
		fix := "Set GOENV to a shorter path (the go command then keeps its settings there)."
		if f.Getenv("GOENV") != "" {
			fix = "Point GOENV at a shorter path, or unset it to use the default location."
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The go env -w file %s cannot be opened: its path is too long for the file system (%s).", file, errReason(err)),
			Detail: "The go command cannot open it either: it ignores the file, so no `go env -w` setting applies, and `go env -w` and `go env -u` fail with " +
				fmt.Sprintf("`go: reading go env config: %v`.", err),
			Evidence: append(ev, check.F("error", err.Error())),
			Fix:      &check.Fix{Description: fix},
		})
		return nil
	}
	if err != nil {
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The go env -w file %s cannot be read: %v.", file, errReason(err)),
			Detail: "The go command silently ignores a go env file it cannot read, so none of its settings apply, and `go env -w` and `go env -u` fail with " +
				fmt.Sprintf("`go: reading go env config: %v`.", err),
			Evidence: append(ev, check.F("error", err.Error())),
			Fix:      goEnvFileReadableFix(f, file),
		})
		return nil
	}

	lines := goenvfile.Lines(data)
	vars := facts.ParseEnvFile(data)
	known := map[string]bool{}
	for _, k := range goenvfile.KnownNames() {
		known[k] = true
	}
	// A newer go knows more names: those its go env prints.
	if goenv != nil {
		for k := range goenv.Vars {
			known[k] = true
		}
	}
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	slices.Sort(names)

	problems := 0
	flagged := map[string]bool{} // names another check judges
	report := func(fd check.Finding) {
		problems++
		fd.Evidence = append(slices.Clone(ev), fd.Evidence...)
		pass.Report(fd)
	}

	// The environment wins over the file.
	var overridden []string
	var oev check.Evidence
	var fixCmds []string
	same := map[string]bool{}
	for _, k := range names {
		if _, ignored := goenvfile.Ignored(k); ignored {
			continue
		}
		envVal, ok := f.LookupEnv(k)
		switch {
		case !ok || envVal == "":
		case envVal == vars[k]:
			same[k] = true
		default:
			overridden = append(overridden, k)
			oev = append(oev,
				check.F(k+" ("+facts.Definition{Source: facts.FromEnvironment}.Label()+", wins)", redact.Passwords(envVal)),
				check.F(k+" (go env -w file, ignored)", redact.Passwords(vars[k])))
			fixCmds = append(fixCmds, settingfix.GoEnvUnset(f.GOOS(), k))
		}
	}
	if len(overridden) > 0 {
		report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("The environment overrides %s from the go env -w file with a different value: the environment's value wins and the file's is ignored.",
				goEnvFileList(overridden)),
			Detail: "The go command takes a setting from the environment first and reads the go env -w file only for variables the environment does not set (or sets to \"\"). " +
				"So `go env -w " + overridden[0] + "=…` seems to do nothing: `go env " + overridden[0] + "` keeps printing the environment's value.",
			Evidence: oev,
			Fix: &check.Fix{
				Description: "Keep one of the two. To keep what the go command uses now, remove the file's value; to use the file's value instead, remove the variable from the environment (" +
					goEnvFileUnsetHint(f, overridden[0]) + ") and from the shell profile or CI configuration that sets it.",
				Commands: fixCmds,
			},
		})
	}

	// GOROOT and GOPATH values are judged by go/goroot and go/gopath,
	// whatever their source (a GOROOT that does not exist, a relative or ~
	// GOPATH entry): not repeated here, not even as odd quoting.
	for _, k := range []string{"GOROOT", "GOPATH"} {
		if _, ok := vars[k]; ok {
			flagged[k] = true
		}
	}

	// Lines that look like settings but are not used as written.
	var skipped []string
	var sev check.Evidence
	lastLine := map[string]int{}
	for _, l := range lines {
		if l.Used {
			lastLine[l.Key] = l.N
		}
	}
	for _, l := range lines {
		switch {
		case !l.Used:
			skipped = append(skipped, strconv.Itoa(l.N))
			sev = append(sev, check.F(fmt.Sprintf("line %d (skipped)", l.N), strconv.Quote(redact.Passwords(l.Text))))
		case lastLine[l.Key] != l.N:
			skipped = append(skipped, strconv.Itoa(l.N))
			sev = append(sev, check.F(fmt.Sprintf("line %d (overridden by line %d)", l.N, lastLine[l.Key]), strconv.Quote(redact.Passwords(l.Text))))
		}
	}
	if len(skipped) > 0 {
		report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The go command ignores %s of the go env -w file: %s.", goEnvFileLines(skipped), goEnvFileLooks(len(skipped))),
			Detail: "The go command reads only lines of the form NAME=value whose name starts with an upper-case letter, with nothing before the name (no spaces, no `export`), " +
				"and skips every other line without a message; when a name appears twice, the last line wins.",
			Evidence: sev,
			Fix: &check.Fix{
				Description: fmt.Sprintf("Edit %s: delete those lines and set what you meant with `go env -w NAME=value`, which writes lines the go command reads.", file),
				Commands:    goEnvFileRewrite(f, lines, known),
			},
		})
	}

	// Values kept verbatim: quotes, surrounding spaces, carriage returns.
	var odd []string
	var dev check.Evidence
	var oddCmds []string
	for _, k := range names {
		v := vars[k]
		clean := goEnvFileClean(v)
		if _, ignored := goenvfile.Ignored(k); clean == v || flagged[k] || ignored || !known[k] {
			continue
		}
		odd = append(odd, k)
		dev = append(dev, check.F(k+" (as the go command reads it)", strconv.Quote(redact.Passwords(v))))
		oddCmds = append(oddCmds, settingfix.GoEnvSet(f.GOOS(), k, clean))
	}
	if len(odd) > 0 {
		report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The go env -w file gives %s a value with quotes, surrounding spaces or a carriage return, which the go command keeps as part of the value.", goEnvFileList(odd)),
			Detail: "The go command uses everything after '=' up to the end of the line, unchanged (Windows line endings leave a \\r at the end). " +
				"Depending on the variable this fails, for example `go: invalid GOTOOLCHAIN \"local\\r\"` or `go: invalid proxy URL missing scheme: %22off%22`, or silently creates a directory whose name ends in \\r.",
			Evidence: dev,
			Fix: &check.Fix{
				Description: "Rewrite the values with `go env -w`, which writes them plainly:",
				Commands:    oddCmds,
			},
		})
	}

	// Names the go command ignores in this file, or does not know.
	var ignored, unknown []string
	var iev, uev check.Evidence
	for _, k := range names {
		if _, ok := goenvfile.Ignored(k); ok {
			ignored = append(ignored, k)
			iev = append(iev, check.F(k+" (ignored)", redact.Passwords(vars[k])))
			continue
		}
		if !known[k] {
			unknown = append(unknown, k)
			label := k
			if t := strings.TrimSpace(k); t != k && known[t] {
				label = fmt.Sprintf("%q (spaces around the name: not %s)", k, t)
			}
			uev = append(uev, check.F("unknown name", label))
		}
	}
	if len(ignored) > 0 {
		first := ignored[0]
		why, _ := goenvfile.Ignored(first)
		report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The go env -w file sets %s, which the go command ignores there.", goEnvFileList(ignored)),
			Detail: fmt.Sprintf("GOENV and GODEBUG are read only from the OS environment, and GOVERSION, GOHOSTOS, GOTOOLDIR, GOEXE, GOMOD, GOGCCFLAGS and GOTELEMETRY are computed by the go command; "+
				"`go env` shows the real value whatever the file says. `go env -w` refuses these names (`go: %s %s`), so the lines were added by hand, and `go env -u` cannot remove them either.",
				first, why),
			Evidence: iev,
			Fix:      goEnvFileDeleteFix(f, file, ignored),
		})
	}
	if len(unknown) > 0 {
		cmds := make([]string, 0, len(unknown))
		for _, k := range unknown {
			if strings.TrimSpace(k) == k && !strings.ContainsAny(k, " \t") {
				cmds = append(cmds, settingfix.GoEnvUnset(f.GOOS(), k))
			}
		}
		fix := &check.Fix{Description: "Remove the unknown names (`go env -u` works for names already in the file), and set what you meant with `go env -w NAME=value`.", Commands: cmds}
		if len(cmds) < len(unknown) {
			fix = goEnvFileDeleteFix(f, file, unknown)
		}
		detail := "Only the go command's own variables have an effect. "
		plain := slices.IndexFunc(unknown, func(k string) bool { return strings.TrimSpace(k) == k })
		if plain >= 0 {
			detail += "`go env -w` refuses other names (`go: unknown go command variable " + unknown[plain] + "`), so these lines were added by hand, " +
				"often as a misspelling of the variable that was meant, which then stays unset."
		}
		if plain < 0 || len(cmds) < len(unknown) {
			detail += " Spaces around a name are part of it: \"GOPROXY \" is not GOPROXY, so the variable that was meant stays unset."
		}
		report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The go env -w file sets %s, which no part of the go command reads.", goEnvFileList(unknown)),
			Detail:   strings.TrimSpace(detail),
			Evidence: uev,
			Fix:      fix,
		})
	}

	if problems > 0 {
		return nil
	}
	if len(names) == 0 {
		pass.Observe("the go env -w file sets nothing ("+file+")", ev...)
		return nil
	}
	var set []string
	for _, k := range names {
		val := redact.Passwords(vars[k])
		shown := val
		if same[k] {
			shown += " (the environment sets the same value)"
		}
		set = append(set, k+"="+val)
		ev = append(ev, check.F(k, shown))
	}
	if !goEnvOK {
		ev = append(ev, check.F("note", "go env failed; see go/installed"))
	}
	nothing := "Nothing to fix."
	if len(flagged) > 0 {
		nothing = "Nothing to fix here (go/goroot and go/gopath judge the file's GOROOT and GOPATH)."
	}
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("The go env -w file sets %s.", strings.Join(set, ", ")),
		Detail:   "These values apply to every go command you run, unless the environment sets the same variable to a non-empty value. `go env -changed` lists them among other changed settings.",
		Evidence: ev,
		Fix: &check.Fix{
			Description: nothing + " To go back to a default, remove the setting:",
			Commands:    []string{settingfix.GoEnvUnset(f.GOOS(), names[0])},
		},
	})
	return nil
}

// goEnvFileClean is what a value most likely meant: no carriage return,
// no surrounding spaces, no wrapping quotes.
func goEnvFileClean(v string) string {
	c := strings.TrimSpace(v)
	if len(c) >= 2 && (c[0] == '"' || c[0] == '\'') && c[len(c)-1] == c[0] {
		c = c[1 : len(c)-1]
	}
	return c
}

// goEnvFileRewrite turns skipped lines into the go env -w commands they
// were probably meant to be.
func goEnvFileRewrite(f *facts.Facts, lines []goenvfile.Line, known map[string]bool) []string {
	var cmds []string
	seen := map[string]bool{}
	for _, l := range lines {
		if l.Used {
			continue
		}
		t := strings.TrimSpace(l.Text)
		t = strings.TrimPrefix(t, "export ")
		t = strings.TrimPrefix(t, "set ")
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			k, v, ok = strings.Cut(t, ":")
		}
		k = strings.ToUpper(strings.TrimSpace(k))
		if !ok || !known[k] || seen[k] {
			continue
		}
		seen[k] = true
		cmds = append(cmds, settingfix.GoEnvSet(f.GOOS(), k, goEnvFileClean(v)))
	}
	return cmds
}

// goEnvFileDeleteFix deletes lines by name when go env -u cannot.
func goEnvFileDeleteFix(f *facts.Facts, file string, names []string) *check.Fix {
	if f.GOOS() == "windows" {
		var pats []string
		for _, k := range names {
			pats = append(pats, shellquote.PS("^"+regexp.QuoteMeta(strings.TrimSpace(k))+`\s*=`))
		}
		return &check.Fix{
			Description: fmt.Sprintf("Delete the lines for %s from %s in an editor, or with PowerShell:", goEnvFileList(names), file),
			Commands: []string{fmt.Sprintf(`(Get-Content %s) | Where-Object { $_ -notmatch %s } | Set-Content %s`,
				shellquote.PS(file), strings.Join(pats, " -and $_ -notmatch "), shellquote.PS(file))},
		}
	}
	// A basic regular expression for sed, with / as the delimiter.
	bre := strings.NewReplacer(`\`, `\\`, `/`, `\/`, `.`, `\.`, `*`, `\*`, `[`, `\[`, `]`, `\]`, `^`, `\^`, `$`, `\$`)
	args := []string{"sed", "-i.bak"}
	for _, k := range names {
		args = append(args, "-e", "/^"+bre.Replace(strings.TrimSpace(k))+" *=/d")
	}
	return &check.Fix{
		Description: fmt.Sprintf("Delete the lines for %s from %s in an editor, or with sed (a backup is kept as %s.bak):", goEnvFileList(names), file, f.BaseName(file)),
		Commands:    []string{shellquote.Join(shellquote.POSIXShell, append(args, file)...)},
	}
}

// goEnvFileReportNoConfig: without GOENV and a user config directory the
// go command has no go env -w file, so no `go env -w` or `go env -u` works
// — including the ones other checks suggest. Checked with go1.26.8.
func goEnvFileReportNoConfig(pass *check.Pass, err error) {
	f := pass.Facts
	msg := "go: cannot find go env config: " + err.Error()
	vars := "HOME (or XDG_CONFIG_HOME)"
	switch f.GOOS() {
	case "windows":
		vars = "%AppData%"
	case "darwin", "ios":
		vars = "HOME"
	}
	pass.Report(check.Finding{
		Severity: check.Info,
		Summary:  fmt.Sprintf("The go command has no go env -w file: GOENV is not set and %s, so `go env -w` and `go env -u` fail.", err),
		Detail: fmt.Sprintf("They stop with `%s`: a `go env -w` command suggested here cannot work in this environment. "+
			"Settings can still be made in the environment (`%s`); nothing is read from a go env -w file.", msg, settingfix.ShellSet(f.GOOS(), "NAME", "value")),
		Evidence: check.Evidence{check.F("GOENV", "(not set)"), check.F("error", msg)},
		Fix:      &check.Fix{Description: fmt.Sprintf("Set %s — a container or CI job often runs without it — or set GOENV to the path of a file for the go command's settings.", vars)},
	})
}

func goEnvFileReadableFix(f *facts.Facts, file string) *check.Fix {
	if f.GOOS() == "windows" {
		return &check.Fix{Description: fmt.Sprintf("Give your user read and write access to %s (Properties > Security), or delete it and set your values again with `go env -w`.", file)}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Make %s yours again (it is usually left owned by root by `sudo go env -w`):", file),
		Commands:    []string{fmt.Sprintf(`sudo chown "$(id -un)" %s && chmod u+rw %s`, shellquote.POSIX(file), shellquote.POSIX(file))},
	}
}

func goEnvFileUnsetHint(f *facts.Facts, name string) string {
	return "`" + settingfix.ShellUnset(f.GOOS(), name) + "`"
}

func goEnvFileLooks(n int) string {
	if n == 1 {
		return "it looks like a setting but is not used"
	}
	return "they look like settings but are not used"
}

// goEnvFileLines is "line 3" or "lines 3, 4 and 7".
func goEnvFileLines(ns []string) string {
	return english.Plural(len(ns), "line ", "lines ") + goEnvFileList(ns)
}

// goEnvFileList joins names for a sentence: "A", "A and B", "A, B and C".
func goEnvFileList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = n
		if strings.TrimSpace(n) != n {
			q[i] = strconv.Quote(n)
		}
	}
	return english.List(q)
}

package golang

import (
	"errors"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/shellquote"
)

// PathShadowing lists every go command on PATH and says when the one that
// wins is not the one the user most likely meant.
var PathShadowing = &check.Check{
	ID:    "go/path-shadowing",
	Title: "go commands on PATH",
	Doc: check.Doc{
		What: "Lists every `go` command on PATH (`go.exe`, or another PATHEXT name, on Windows) in PATH order, resolves symlinks, and reads each one's version from the VERSION file of the Go installation it belongs to (running `go version` with a timeout only when there is no such file).",
		Why: "When two Go installations are on PATH, the first one wins silently: you install Go 1.26, `go version` still says 1.22, and builds fail with errors such as `go.mod requires go >= 1.26 (running go 1.22.2; GOTOOLCHAIN=local)`. " +
			"Other programs (IDEs, sudo, cron, CI steps) may search a different PATH and run the other one. When GOROOT names one installation and another one's go command wins, every build fails with `compile: version \"go1.26.8\" does not match go tool version \"go1.22.2\"`.",
		How: "Several PATH entries that are the same file through symlinks count as one installation and are fine. " +
			"Warning when separate installations differ in version and the winner is not the one you most likely meant: the one whose installation GOROOT names (when GOROOT is set), otherwise the newest one, when it comes later on PATH. " +
			"Info when separate installations are on PATH but the winner is the newest (or GOROOT's), or when they all have the same version, or when a version cannot be read.",
		Fix: "Put the bin directory of the Go you want first on PATH (in your shell startup file, or on Windows in the Path environment variable, where system entries come before user entries), or uninstall the other Go. " +
			"Then run `hash -r` (bash) or open a new terminal, and check with `go version`.",
		Errors: []string{
			"go: go.mod requires go >= 1.26 (running go 1.22.2; GOTOOLCHAIN=local)",
			`compile: version "go1.26.8" does not match go tool version "go1.22.2"`,
		},
	},
	Run: runGoPathShadowing,
}

// goPathShadowingGo is one go command found on PATH.
type goPathShadowingGo struct {
	path, resolved string
	version, how   string // version "" when unknown
	err            error
	sameAs         int // index of the earlier entry that is the same file, or -1
}

func runGoPathShadowing(pass *check.Pass) error {
	f := pass.Facts
	all := f.LookPathAll("go")
	if len(all) == 0 {
		return check.Skip("no go command on PATH (reported by go/installed)")
	}
	gos := make([]*goPathShadowingGo, len(all))
	var installs []int // indexes of distinct files, in PATH order
	for i, p := range all {
		g := &goPathShadowingGo{path: p, resolved: p, sameAs: -1}
		if r, err := f.OS.EvalSymlinks(p); err == nil {
			g.resolved = r
		}
		for _, j := range installs {
			if f.SamePath(gos[j].resolved, g.resolved) {
				g.sameAs = j
				break
			}
		}
		if g.sameAs < 0 {
			g.version, g.how, g.err = f.GoBinaryVersion(pass.Context, p)
			if g.err == nil && !goversion.IsValid(goversion.TrimExperiments(g.version)) {
				g.err = fmt.Errorf("unrecognised version %q", g.version)
			}
			if g.err != nil {
				g.version = ""
			}
			installs = append(installs, i)
		}
		gos[i] = g
	}
	evidence := goPathShadowingEvidence(gos)
	winner := gos[0]

	if len(installs) == 1 {
		summary := fmt.Sprintf("one go command on PATH: %s", winner.path)
		if winner.version != "" {
			summary += " (" + winner.version + ")"
		}
		if n := len(all) - 1; n > 0 {
			summary += fmt.Sprintf("; %d more PATH %s the same file", n, english.Plural(n, "entry is", "entries are"))
		}
		pass.Observe(summary, evidence...)
		return nil
	}

	// Several separate installations.
	var unknown []string
	for _, i := range installs {
		if gos[i].version == "" {
			unknown = append(unknown, gos[i].path)
		}
	}
	var others []string
	for _, i := range installs[1:] {
		others = append(others, gos[i].path)
	}
	if len(unknown) > 0 {
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%d separate go commands are on PATH; %s wins, and the version of %s could not be read.", len(installs), winner.path, strings.Join(unknown, ", ")),
			Detail:   "godx could not tell whether they are the same Go release. The first one on PATH is the one your shell runs; programs that search a different PATH (IDEs, sudo, cron) may run another.",
			Evidence: evidence,
			Fix: &check.Fix{
				Description: "Run each one's `version` to see what it is; remove the installations you do not use.",
				Commands:    goPathShadowingVersionCommands(f.GOOS(), gos, installs),
			},
		})
		return nil
	}

	meant, reason := goPathShadowingMeant(f, gos, installs)
	sameVersion := true
	for _, i := range installs[1:] {
		if gos[i].version != winner.version {
			sameVersion = false
		}
	}
	switch {
	case sameVersion:
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%d separate Go installations on PATH, all %s; %s wins.", len(installs), winner.version, winner.path),
			Detail:   "They are the same release, so which one runs makes no difference today. When you upgrade one of them, the other may keep winning (or start winning); removing the spare keeps upgrades simple.",
			Evidence: evidence,
			Fix: &check.Fix{
				Description: "Remove the installation you do not use, or its directory from PATH: " + strings.Join(others, ", ") + ".",
			},
		})
	case meant >= 0 && meant != 0:
		m := gos[meant]
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary: fmt.Sprintf("%s (%s) wins on PATH, but %s (%s) comes later and is probably the one you meant: %s.",
				winner.path, winner.version, m.path, m.version, reason),
			Detail:   goPathShadowingDetail(reason, winner, m),
			Evidence: evidence,
			Fix:      goPathShadowingFix(f, m, winner),
		})
	default:
		// The winner is the newest (or the one GOROOT names).
		why := "it is the newest"
		if reason != "" && meant == 0 {
			why = reason
		}
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%d separate Go installations on PATH; %s (%s) wins, and %s.", len(installs), winner.path, winner.version, why),
			Detail:   "Your shell runs the right one. Programs that search a different PATH (IDEs, `sudo` with its secure_path, cron, CI steps) may still run an older one: " + strings.Join(others, ", ") + ".",
			Evidence: evidence,
			Fix: &check.Fix{
				Description: "Remove the installations you no longer use, or their directories from PATH: " + strings.Join(others, ", ") + ".",
			},
		})
	}
	return nil
}

// goPathShadowingMeant picks the installation the user most likely meant:
// the one in the GOROOT they set, else the newest (earliest on ties). It
// returns -1 when there is no reason to prefer one.
func goPathShadowingMeant(f *facts.Facts, gos []*goPathShadowingGo, installs []int) (int, string) {
	if def, ok := f.ExplicitGoSetting("GOROOT"); ok {
		for _, i := range installs {
			if goroot, ok := goPathShadowingRoot(f, gos[i]); ok && f.SamePath(goroot, def.Value) {
				return i, fmt.Sprintf("GOROOT (set in %s) is %s, its installation", def.Where(), def.Value)
			}
		}
	}
	newest := installs[0]
	for _, i := range installs[1:] {
		if goversion.Compare(goversion.TrimExperiments(gos[i].version), goversion.TrimExperiments(gos[newest].version)) > 0 {
			newest = i
		}
	}
	if newest == installs[0] {
		return 0, ""
	}
	return newest, "it is the newest Go on PATH"
}

// goPathShadowingRoot is the Go installation a go binary belongs to
// (bin/go -> ..), when its resolved path looks like one.
func goPathShadowingRoot(f *facts.Facts, g *goPathShadowingGo) (string, bool) {
	bin := f.ParentDir(g.resolved)
	if !strings.EqualFold(goPathShadowingBase(bin), "bin") {
		return "", false
	}
	return f.ParentDir(bin), true
}

func goPathShadowingBase(p string) string {
	i := strings.LastIndexAny(p, `/\`)
	return p[i+1:]
}

func goPathShadowingEvidence(gos []*goPathShadowingGo) check.Evidence {
	var ev check.Evidence
	for i, g := range gos {
		key := fmt.Sprintf("go #%d on PATH", i+1)
		if i == 0 {
			key += " (wins)"
		}
		val := g.path
		if g.resolved != g.path {
			val += " -> " + g.resolved
		}
		switch {
		case g.sameAs >= 0:
			val += fmt.Sprintf(" (same file as #%d)", g.sameAs+1)
		case g.version != "":
			val += ": " + g.version + " (from " + g.how + ")"
		default:
			msg := "unknown"
			if g.err != nil {
				msg = g.err.Error()
				var nf *facts.NotFoundError
				if errors.As(g.err, &nf) {
					msg = "not found"
				}
			}
			val += ": version unknown (" + msg + ")"
		}
		ev = append(ev, check.F(key, val))
	}
	return ev
}

func goPathShadowingVersionCommands(goos string, gos []*goPathShadowingGo, installs []int) []string {
	var cmds []string
	for _, i := range installs {
		cmds = append(cmds, shellquote.Join(shellquote.ForGOOS(goos), gos[i].path, "version"))
	}
	return cmds
}

func goPathShadowingFix(f *facts.Facts, meant, winner *goPathShadowingGo) *check.Fix {
	dir := f.ParentDir(meant.path)
	winDir := f.ParentDir(winner.path)
	if f.GOOS() == "windows" {
		return &check.Fix{
			Description: fmt.Sprintf("Put %s before %s in Path (Settings > System > About > Advanced system settings > Environment Variables; entries of the system Path come before the user Path), or uninstall the other Go. Then open a new terminal (and restart your IDE) and check with `go version`. For the current PowerShell session only:", dir, winDir),
			Commands:    []string{"$env:Path = " + shellquote.PS(dir+";") + " + $env:Path", "go version"},
		}
	}
	return &check.Fix{
		Description: fmt.Sprintf("Put %s before %s on PATH: run the commands below, and change the line that sets PATH in your shell startup file (~/.profile, ~/.bashrc or ~/.zshrc) the same way. Or uninstall the other Go.", dir, winDir),
		Commands:    []string{`export PATH="` + shellquote.InDoubleQuotes(shellquote.POSIXShell, dir) + `:$PATH"`, "hash -r", "go version"},
	}
}

func goPathShadowingDetail(reason string, winner, m *goPathShadowingGo) string {
	d := fmt.Sprintf("Every `go` you type runs %s, not %s.", winner.version, m.version)
	if strings.HasPrefix(reason, "GOROOT") {
		d += fmt.Sprintf(" With GOROOT naming the other installation, the %s go command uses the %s compiler and every build fails with `compile: version %q does not match go tool version %q`.",
			winner.version, m.version, goversion.TrimExperiments(m.version), goversion.TrimExperiments(winner.version))
	}
	if goversion.Compare(goversion.TrimExperiments(m.version), goversion.TrimExperiments(winner.version)) > 0 {
		d += fmt.Sprintf(" Modules that need Go %s fail with `go: go.mod requires go >= %s (running go %s; GOTOOLCHAIN=local)` (or, with GOTOOLCHAIN=auto, download that toolchain although it is already installed).",
			goversion.TrimGo(m.version), goversion.TrimGo(m.version), goversion.TrimGo(winner.version))
	}
	return d
}

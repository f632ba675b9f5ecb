package wsl

import (
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/english"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// WindowsPaths warns when, under WSL, the project or Go's own
// directories live on a Windows drive (/mnt/c and friends).
var WindowsPaths = &check.Check{
	ID:    "wsl/windows-paths",
	Title: "Go files on a Windows drive (WSL)",
	Doc: check.Doc{
		What: "Under WSL, finds the mount holding the project directory, each GOPATH entry, GOMODCACHE, GOCACHE and (when set) GOTMPDIR in /proc/self/mountinfo, after resolving symlinks. " +
			"A mount of type 9p with aname=drvfs (WSL 2) or of type drvfs (WSL 1) is a Windows drive; the check also notes whether it has the `metadata` option.",
		Why: "Files on a Windows drive are served to Linux over a file-sharing protocol: every stat and open crosses from the Linux VM to Windows, and a go build touches thousands of files. " +
			"Builds, tests and module downloads there are many times slower than in the Linux file system (microsoft/WSL#4197; #4706 measured 27 minutes against 58 seconds). " +
			"Without the `metadata` mount option chmod is ignored or rejected, and the go command, which makes module cache files read-only and renames finished downloads into place, fails with `rename ... permission denied` (golang/vscode-go#510, golang/go#36568).",
		How: "Warning for the project directory on a Windows drive, and one warning for the Go directories (GOPATH, GOMODCACHE, GOCACHE, GOTMPDIR) on one, naming each path, its mount and where the setting comes from (environment, `go env -w` file or default). " +
			"No finding when everything is in the Linux file system. Skipped outside WSL, and when /proc/self/mountinfo cannot be read.",
		Fix: "Keep code and caches in the Linux file system: `mkdir -p ~/src && mv /mnt/c/Users/you/src/project ~/src/` for a project (open it with `code .` from WSL; Windows reaches it as \\\\wsl$\\<distro>\\home\\you\\src\\project), " +
			"and `go env -w GOMODCACHE=$HOME/go/pkg/mod`, `go env -w GOCACHE=$HOME/.cache/go-build`, `go env -w GOPATH=$HOME/go` for Go's directories (remove an `export` of the variable from ~/.bashrc or ~/.profile first when it is set there: `go env -w` does not override the environment).",
		Errors: []string{
			"rename /mnt/c/Users/you/go/pkg/mod/github.com/fatih/gomodifytags@v1.6.0.tmp-3407587214 /mnt/c/Users/you/go/pkg/mod/github.com/fatih/gomodifytags@v1.6.0: permission denied",
			"warning: go env -w GOMODCACHE=... does not override conflicting OS environment variable",
		},
	},
	Run: runWindowsPaths,
}

// windowsPathsHit is one location found on a Windows drive.
type windowsPathsHit struct {
	name    string // "project", "GOPATH", "GOMODCACHE", ...
	path    string
	mount   facts.Mount
	setting *facts.Setting // nil for the project and when settings are unknown
}

func runWindowsPaths(pass *check.Pass) error {
	f := pass.Facts
	if _, err := requireWSL(f); err != nil {
		return err
	}
	if _, err := f.Mounts(); err != nil {
		return check.Skip("cannot read %s: %v", facts.MountInfoFile, err)
	}
	var hits []windowsPathsHit
	var ev check.Evidence
	look := func(name, p string, st *facts.Setting) {
		if p == "" || !f.IsAbs(p) {
			return
		}
		m, ok := f.MountOf(p)
		if !ok {
			return
		}
		label := name
		if st != nil {
			label += " (" + st.Provenance() + ")"
		}
		ev = append(ev, check.F(label, p+" — "+windowsPathsDescribe(m)))
		if m.WindowsDrive() {
			hits = append(hits, windowsPathsHit{name: name, path: p, mount: m, setting: st})
		}
	}
	look("project", f.Dir, nil)
	goEnvNote := ""
	if ge, err := f.GoEnv(); err != nil {
		goEnvNote = " (Go's directories not checked: `go env` failed, see go/installed)"
	} else {
		s, _ := f.Settings()
		get := func(name string) *facts.Setting {
			if s == nil {
				return nil
			}
			return s.Get(name)
		}
		for _, e := range f.SplitList(ge.Get("GOPATH")) {
			look("GOPATH", e, get("GOPATH"))
		}
		look("GOMODCACHE", ge.Get("GOMODCACHE"), get("GOMODCACHE"))
		look("GOCACHE", ge.Get("GOCACHE"), get("GOCACHE"))
		look("GOTMPDIR", ge.Get("GOTMPDIR"), get("GOTMPDIR"))
	}

	var project *windowsPathsHit
	var dirs []windowsPathsHit
	for i := range hits {
		if hits[i].name == "project" {
			project = &hits[i]
		} else {
			dirs = append(dirs, hits[i])
		}
	}
	if project != nil {
		windowsPathsReportProject(pass, *project, ev)
	}
	if len(dirs) > 0 {
		windowsPathsReportDirs(pass, dirs)
	}
	if len(hits) == 0 {
		what := "The project"
		if goEnvNote == "" {
			what = "The project, GOPATH, GOMODCACHE and GOCACHE"
		}
		pass.Observe(what+" are in the Linux file system, not on a Windows drive"+goEnvNote, ev...)
	}
	return nil
}

func windowsPathsReportProject(pass *check.Pass, h windowsPathsHit, ev check.Evidence) {
	f := pass.Facts
	base := windowsPathsHome(f)
	name := f.JoinPath(h.path)
	last := name[strings.LastIndex(name, "/")+1:]
	dest := base + "/src/" + last
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("The project directory %s is on the Windows drive %s (%s): Go builds and tests there are many times slower than in the Linux file system.", h.path, windowsPathsDrive(h.mount), h.mount.FSType),
		Detail:   windowsPathsWhy(h.mount) + windowsPathsHomeNote(f),
		Evidence: append(check.Evidence{check.F("project", h.path), check.F("mount", windowsPathsDescribe(h.mount))}, windowsPathsOthers(ev, "project")...),
		Fix: &check.Fix{
			Description: "Move the project into the Linux file system and work on it from there (VS Code: `code .` in the WSL shell; Windows programs reach it as " + windowsPathsUNC(f, last) + ").",
			Commands: []string{
				"mkdir -p " + base + "/src",
				"mv " + shellquote.POSIX(h.path) + " " + base + "/src/",
				"cd " + dest,
			},
		},
	})
}

func windowsPathsReportDirs(pass *check.Pass, hits []windowsPathsHit) {
	f := pass.Facts
	base := windowsPathsHome(f)
	targets := map[string]string{
		"GOPATH":     base + "/go",
		"GOMODCACHE": base + "/go/pkg/mod",
		"GOCACHE":    base + "/.cache/go-build",
	}
	var names, where []string
	var cmds, unset, wslenv []string
	var evidence check.Evidence
	gopathMoved := false
	seen := map[string]bool{}
	for _, h := range hits {
		evidence = append(evidence, check.F(h.name, h.path), check.F(h.name+" mount", windowsPathsDescribe(h.mount)))
		if h.setting != nil {
			evidence = append(evidence, check.F(h.name+" comes from", h.setting.Provenance()))
		}
		where = append(where, fmt.Sprintf("%s %s", h.name, h.path))
		if seen[h.name] {
			continue
		}
		seen[h.name] = true
		names = append(names, h.name)
		st := h.setting
		fromEnv := st != nil && st.Source == facts.FromEnvironment
		if fromEnv {
			unset = append(unset, h.name)
			if windowsPathsInWSLENV(f, h.name) {
				wslenv = append(wslenv, h.name)
			}
		}
		derived := st == nil || st.Source == facts.FromDefault
		switch h.name {
		case "GOPATH":
			gopathMoved = true
			cmds = append(cmds, "go env -w GOPATH="+targets["GOPATH"])
			bin := f.JoinPath(h.path, "bin")
			if entries, err := f.OS.ReadDir(bin); err == nil && len(entries) > 0 {
				cmds = append(cmds, "mkdir -p "+targets["GOPATH"]+"/bin", "mv "+shellquote.POSIX(bin)+"/* "+targets["GOPATH"]+"/bin/")
			}
		case "GOMODCACHE":
			if derived && gopathMoved {
				continue // follows GOPATH
			}
			cmds = append(cmds, "go env -w GOMODCACHE="+targets["GOMODCACHE"])
		case "GOCACHE":
			cmds = append(cmds, "go env -w GOCACHE="+targets["GOCACHE"])
		case "GOTMPDIR":
			if !fromEnv {
				cmds = append(cmds, settingfix.GoEnvUnset(f.GOOS(), "GOTMPDIR"))
			}
		}
	}
	// Optional clean-up of the old caches on the Windows drive.
	for _, h := range hits {
		switch h.name {
		case "GOMODCACHE":
			cmds = append(cmds, settingfix.WithEnv(f.GOOS(), "GOMODCACHE", h.path, "go clean -modcache"))
		case "GOCACHE":
			cmds = append(cmds, settingfix.WithEnv(f.GOOS(), "GOCACHE", h.path, "go clean -cache"))
		}
	}
	if len(unset) > 0 {
		cmds = append([]string{settingfix.ShellUnset(f.GOOS(), unset...)}, cmds...)
	}
	desc := "Point Go's directories into the Linux file system, move installed tools along, and delete the old caches on the Windows drive (the last commands; the caches refill as needed)."
	if len(unset) > 0 {
		desc = "First delete the `export " + strings.Join(unset, "=...`, `export ") + "=...` line from ~/.bashrc or ~/.profile (`go env -w` does not override the environment). " + desc
	}
	if len(wslenv) > 0 {
		desc += " " + strings.Join(wslenv, " and ") + " comes from Windows through WSLENV: remove it from WSLENV in the Windows environment variables too."
	}
	subject := strings.Join(names, ", ")
	verb := english.Plural(len(names), "is", "are")
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary:  fmt.Sprintf("%s %s on a Windows drive (%s): builds and module downloads there are many times slower and can fail with permission errors.", subject, verb, strings.Join(where, ", ")),
		Detail:   windowsPathsWhy(hits[0].mount) + windowsPathsHomeNote(f),
		Evidence: evidence,
		Fix:      &check.Fix{Description: desc, Commands: cmds},
	})
}

// windowsPathsWhy explains the cost of a Windows drive, and the
// permission problems when it lacks the metadata option.
func windowsPathsWhy(m facts.Mount) string {
	s := "Windows drives are served to WSL over a file-sharing protocol (9p on WSL 2): every stat and open crosses from Linux to Windows, and a go build touches thousands of files, so builds, tests and `go mod download` run many times slower than in the Linux file system (microsoft/WSL#4197, #4706)."
	if m.HasOption("metadata") {
		s += " The drive is mounted with the `metadata` option, so file modes are kept; it is still slow."
	} else {
		s += " The drive is mounted without the `metadata` option, so chmod is ignored or rejected: the go command makes module cache files read-only and renames finished downloads into place, which fails with errors like " +
			"`rename .../gomodifytags@v1.6.0.tmp-3407587214 .../gomodifytags@v1.6.0: permission denied` (golang/vscode-go#510, golang/go#36568)."
	}
	return s
}

// windowsPathsUNC is how Windows reaches ~/src/<last> inside WSL.
func windowsPathsUNC(f *facts.Facts, last string) string {
	distro := f.Getenv("WSL_DISTRO_NAME")
	if distro == "" {
		distro = "<distro>"
	}
	home := f.Getenv("HOME")
	if home == "" || windowsPathsHomeOnDrive(f) {
		home = "/home/<you>"
	}
	return `\\wsl$\` + distro + strings.ReplaceAll(f.JoinPath(home, "src", last), "/", `\`)
}

// windowsPathsHome is the Linux home to move things to, as the user
// types it: $HOME, unless $HOME itself is on a Windows drive.
func windowsPathsHome(f *facts.Facts) string {
	if windowsPathsHomeOnDrive(f) {
		if u := f.Getenv("USER"); u != "" {
			return "/home/" + u
		}
		return "/home/$(id -un)"
	}
	return "$HOME"
}

func windowsPathsHomeOnDrive(f *facts.Facts) bool {
	home := f.Getenv("HOME")
	if home == "" {
		return false
	}
	m, ok := f.MountOf(home)
	return ok && m.WindowsDrive()
}

func windowsPathsHomeNote(f *facts.Facts) string {
	if !windowsPathsHomeOnDrive(f) {
		return ""
	}
	return " Your home directory itself ($HOME=" + f.Getenv("HOME") + ") is on the Windows drive, so the default locations are too; the commands use a directory under /home instead."
}

// windowsPathsDescribe is a mount for people: "/mnt/c: 9p C:\ (aname=drvfs, no metadata)".
func windowsPathsDescribe(m facts.Mount) string {
	s := m.MountPoint + ": " + m.FSType
	if m.Source != "" && m.Source != "none" {
		s += " " + m.Source
	}
	if m.WindowsDrive() {
		meta := "no metadata"
		if m.HasOption("metadata") {
			meta = "metadata"
		}
		if m.FSType == "9p" {
			s += " (aname=drvfs, " + meta + ")"
		} else {
			s += " (" + meta + ")"
		}
	}
	return s
}

// windowsPathsDrive names the Windows drive behind a mount: "C:\".
func windowsPathsDrive(m facts.Mount) string {
	for _, o := range strings.FieldsFunc(m.SuperOptions+","+m.Options, func(r rune) bool { return r == ',' || r == ';' }) {
		if p, ok := strings.CutPrefix(o, "path="); ok && p != "" {
			return p
		}
	}
	if len(m.Source) >= 2 && m.Source[1] == ':' {
		return m.Source
	}
	return m.MountPoint
}

// windowsPathsInWSLENV reports whether WSLENV shares name from Windows.
func windowsPathsInWSLENV(f *facts.Facts, name string) bool {
	for _, e := range strings.Split(f.Getenv("WSLENV"), ":") {
		n, _, _ := strings.Cut(e, "/")
		if n == name {
			return true
		}
	}
	return false
}

func windowsPathsOthers(ev check.Evidence, skip string) check.Evidence {
	var out check.Evidence
	for _, e := range ev {
		if !strings.HasPrefix(e.Key, skip) {
			out = append(out, e)
		}
	}
	return out
}

package golang

import (
	"errors"
	"fmt"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/dirstate"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/settingfix"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Caches checks that the build cache and the module cache are usable.
var Caches = &check.Check{
	ID:    "go/caches",
	Title: "Build and module caches",
	Doc: check.Doc{
		What: "Looks at the build cache (GOCACHE) and the module cache (GOMODCACHE) as `go env` reports them, and at where each value comes from " +
			"(environment, `go env -w` file, $GOROOT/go.env or the default). It checks that each directory exists and is writable, or can be created, and how much disk space is free where it lives. " +
			"It writes nothing: on Unix it asks the kernel whether the user may write (access(2)); a cache that does not exist yet is judged by its first existing parent directory. " +
			"With cgo enabled `go env` itself needs the build cache and fails when GOCACHE is unusable; the check then reads GOCACHE from the environment or the `go env -w` file itself (or computes the default location) and judges it the same way.",
		Why: "Every go build, go test, go run and go vet needs the build cache, and every module download needs the module cache. " +
			"GOCACHE=off has been refused since Go 1.12, a relative GOCACHE is silently turned into \"off\", and a cache created by `sudo go …` leaves the directory owned by root, so later builds fail with \"permission denied\". " +
			"A full disk makes builds and downloads fail half-way.",
		How: "Error when GOCACHE is off or not an absolute path, when the go command cannot place the default GOCACHE (no $HOME), when GOMODCACHE is set to a relative path, " +
			"when a cache path (or the parent it would be created in) is a file, cannot be read, or is not writable by the current user. " +
			"Warning when less than 1 GiB is free on the disk holding a cache. Writability is not judged on Windows, where ACLs decide and cannot be read without writing. " +
			"A relative or empty GOMODCACHE that comes from GOPATH is left to go/gopath.",
		Fix: "Unset a bad GOCACHE or GOMODCACHE where it is set (`go env -u GOCACHE` for the `go env -w` file, `unset GOCACHE` for the environment) so the go command uses its default. " +
			"Give a root-owned cache back to your user (`sudo chown -R \"$(id -un)\" DIR`). Free disk space with `go clean -cache` (the build cache is rebuilt as needed) or `go clean -modcache`.",
		Errors: []string{
			"build cache is disabled by GOCACHE=off, but required as of Go 1.12",
			"build cache is required, but could not be located: GOCACHE is not an absolute path",
			"build cache is required, but could not be located: GOCACHE is not defined and neither $XDG_CACHE_HOME nor $HOME are defined",
			"failed to initialize build cache at /srv/cache/go-build: mkdir /srv/cache/go-build: permission denied",
			"open /home/you/.cache/go-build/dd/ddd9620099a2…-d: permission denied",
			"go: GOMODCACHE entry is relative; must be absolute path: \"rel/mod\".",
			"go: could not create module cache: mkdir /srv/gomod: permission denied",
			"go: writing go.mod cache: mkdir /home/you/go/pkg/mod/cache: permission denied",
		},
	},
	Run: runGoCaches,
}

// goCachesMinFree is the free space below which the check warns.
const goCachesMinFree = 1 << 30

func runGoCaches(pass *check.Pass) error {
	f := pass.Facts
	if _, err := f.GoCommand(); err != nil {
		return check.Skip("no go command (see go/installed)")
	}
	if _, err := f.GoEnv(); err != nil {
		return goCachesWithoutGoEnv(pass, err)
	}
	s, err := f.Settings()
	if err != nil {
		return check.Skip("go env failed (see go/installed)")
	}
	var ev check.Evidence
	var summary []string
	type lowSpace struct {
		name, at string
		free     uint64
	}
	var low []lowSpace
	for _, name := range []string{"GOCACHE", "GOMODCACHE"} {
		st := s.Get(name)
		if st == nil {
			continue
		}
		raw := goCachesRaw(f, s, st)
		from := st.Provenance()
		ev = append(ev, check.F(name+" ("+from+")", raw))
		if bad := goCachesValue(f, st, raw); bad != nil {
			bad.Evidence = append(check.Evidence{check.F(name, raw), check.F(name+" comes from", from)}, bad.Evidence...)
			pass.Report(*bad)
			summary = append(summary, name+" unusable")
			continue
		}
		dir := st.Value
		if name == "GOMODCACHE" && (dir == "" || !f.IsAbs(dir)) {
			// Derived from an empty or relative GOPATH: go/gopath's finding.
			ev = append(ev, check.F(name+" state", "not checked: derived from GOPATH, which go/gopath checks"))
			continue
		}
		state := dirstate.Inspect(f, dir)
		if bad := goCachesDirProblem(f, st, state); bad != nil {
			bad.Evidence = append(check.Evidence{check.F(name, dir), check.F(name+" comes from", from)}, bad.Evidence...)
			pass.Report(*bad)
			summary = append(summary, name+" unusable")
			continue
		}
		if name == "GOMODCACHE" && state.Exists {
			// Downloads write under cache/download: a tree left behind by
			// `sudo go mod download` fails there even when the top is fine.
			for _, sub := range []string{"cache", "cache/download"} {
				p := f.JoinPath(dir, sub)
				if fi, err := f.OS.Stat(p); err == nil && fi.IsDir() {
					if werr := f.CheckWrite(p); werr != nil && !errors.Is(werr, facts.ErrWriteUnknown) {
						sstate := dirstate.State{Dir: p, Exists: true, At: p, WriteErr: werr}
						bad := goCachesDirProblem(f, st, sstate)
						bad.Evidence = append(check.Evidence{check.F(name, dir), check.F(name+" comes from", from)}, bad.Evidence...)
						pass.Report(*bad)
						summary = append(summary, name+" unusable")
						state.WriteErr = werr
						break
					}
				}
			}
			if state.WriteErr != nil && !errors.Is(state.WriteErr, facts.ErrWriteUnknown) {
				continue
			}
		}
		desc := "exists, writable"
		switch {
		case !state.Exists && errors.Is(state.WriteErr, facts.ErrWriteUnknown):
			desc = "not created yet (the go command creates it under " + state.At + "; writability not checked on " + f.GOOS() + ")"
		case !state.Exists:
			desc = "not created yet (the go command creates it; " + state.At + " is writable)"
		case errors.Is(state.WriteErr, facts.ErrWriteUnknown):
			desc = "exists (writability not checked on " + f.GOOS() + ")"
		}
		ev = append(ev, check.F(name+" state", desc))
		short := name + " " + goCachesShortState(state)
		if free, err := f.OS.DiskFree(state.At); err == nil {
			ev = append(ev, check.F(name+" free space", goCachesBytes(free)+" at "+state.At))
			if free < goCachesMinFree {
				low = append(low, lowSpace{name, state.At, free})
			}
		} else {
			ev = append(ev, check.F(name+" free space", "unknown: "+err.Error()))
		}
		summary = append(summary, short)
	}
	if len(low) > 0 {
		var parts []string
		var fev check.Evidence
		for _, l := range low {
			parts = append(parts, fmt.Sprintf("%s for %s (%s)", goCachesBytes(l.free), l.name, l.at))
			fev = append(fev, check.F(l.name+" free space", goCachesBytes(l.free)+" at "+l.at))
		}
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  "Less than 1 GiB of disk space is free where the Go caches live: " + strings.Join(parts, ", ") + ".",
			Detail: "Builds write compiled packages into GOCACHE, and module downloads unpack whole module trees (a Go toolchain download is a 70 MB zip plus its unpacked tree) into GOMODCACHE. " +
				"When the disk fills up, builds and downloads fail part-way with errors ending in `no space left on device`.",
			Evidence: fev,
			Fix: &check.Fix{
				Description: "Free disk space. The build cache can always be emptied (the go command rebuilds what it needs); `go clean -modcache` also removes every downloaded module, which are downloaded again when needed.",
				Commands:    []string{"go clean -cache"},
			},
		})
	}
	pass.Observe(strings.Join(summary, "; "), ev...)
	return nil
}

// goCachesWithoutGoEnv handles a failing `go env`: with cgo enabled,
// `go env -json` itself needs the build cache, so a GOCACHE that is off,
// relative or cannot be placed is often why it fails. godx then reads
// GOCACHE where the user set it, the way the go command does.
func goCachesWithoutGoEnv(pass *check.Pass, goEnvErr error) error {
	f := pass.Facts
	def, ok := f.ExplicitGoSetting("GOCACHE")
	st := &facts.Setting{Name: "GOCACHE", Value: def.Value, Definition: def}
	if !ok {
		st.Source, st.Value, st.Note = facts.FromDefault, "off", facts.DefaultNote(f.GOOS(), "GOCACHE")
		if dir, err := f.UserCacheDir(); err == nil {
			st.Value = f.JoinPath(dir, "go-build")
		}
	}
	bad := goCachesValue(f, st, st.Value)
	if bad == nil && f.IsAbs(st.Value) {
		// A build cache that cannot be created or written (a file in the
		// way, a root-owned directory) breaks go env the same way.
		bad = goCachesDirProblem(f, st, dirstate.Inspect(f, st.Value))
	}
	if bad == nil {
		return check.Skip("go env failed (see go/installed)")
	}
	msg, _, _ := strings.Cut(strings.TrimSpace(goEnvErr.Error()), "\n")
	if strings.Contains(msg, "build cache") {
		bad.Detail += " With cgo enabled, even `go env` fails this way."
	}
	bad.Evidence = append(check.Evidence{check.F("GOCACHE", st.Value), check.F("GOCACHE comes from", st.Provenance())}, bad.Evidence...)
	bad.Evidence = append(bad.Evidence, check.F("go env", msg))
	pass.Report(*bad)
	return nil
}

// goCachesRaw is the value as configured at its source: `go env` prints
// "off" for a relative GOCACHE, which would hide what the user wrote.
func goCachesRaw(f *facts.Facts, s *facts.Settings, st *facts.Setting) string {
	switch st.Source {
	case facts.FromEnvironment:
		return f.Getenv(st.Name)
	case facts.FromEnvFile:
		return s.EnvFileVars[st.Name]
	case facts.FromGorootEnv:
		return s.GorootEnvVars[st.Name]
	}
	return st.Value
}

// goCachesValue judges the value itself (off, relative, undefined).
func goCachesValue(f *facts.Facts, st *facts.Setting, raw string) *check.Finding {
	name := st.Name
	switch {
	case name == "GOCACHE" && raw == "off" && st.Source != facts.FromDefault:
		return &check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOCACHE is off (set in %s): every go build, go test, go run and go vet fails.", st.Where()),
			Detail:   "The build cache has been required since Go 1.12; the go command stops with `build cache is disabled by GOCACHE=off, but required as of Go 1.12`.",
			Fix:      goCachesUnset(f, st, "Unset GOCACHE so that the go command uses its default build cache."),
		}
	case name == "GOCACHE" && st.Source != facts.FromDefault && !f.IsAbs(raw):
		return &check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOCACHE is a relative path (%q, set in %s): every go build, go test, go run and go vet fails.", raw, st.Where()),
			Detail:   "The go command treats a relative GOCACHE as off (`go env GOCACHE` prints \"off\") and stops with `build cache is required, but could not be located: GOCACHE is not an absolute path`.",
			Fix:      goCachesUnset(f, st, "Unset GOCACHE, or set it to an absolute path."),
		}
	case name == "GOCACHE" && st.Source == facts.FromDefault && st.Value == "off":
		why := "the user cache directory is unknown"
		if _, err := f.UserCacheDir(); err != nil {
			why = err.Error()
		}
		fix := &check.Fix{
			Description: "Set HOME (or XDG_CACHE_HOME, or %LocalAppData% on Windows) in this environment, or set GOCACHE to an absolute directory.",
			Commands:    []string{settingfix.GoEnvSet(f.GOOS(), "GOCACHE", f.JoinPath(goCachesHomeHint(f), ".cache/go-build"))},
		}
		if err := f.GoEnvConfigError(); err != nil {
			// The same missing HOME leaves go env -w nowhere to write.
			fix.Description = "Set HOME (or XDG_CACHE_HOME, or %LocalAppData% on Windows) in this environment, or set GOCACHE to an absolute directory in the environment: " +
				"`go env -w` cannot store it here: it stops with `go: cannot find go env config: " + err.Error() + "`."
			fix.Commands = goCachesElsewhere(f, st)
		}
		return &check.Finding{
			Severity: check.Error,
			Summary:  "The go command cannot place its build cache: GOCACHE is not set and " + why + ".",
			Detail:   "Every go build, go test, go run and go vet fails with `build cache is required, but could not be located: GOCACHE is not defined and " + why + "`.",
			Fix:      fix,
		}
	case name == "GOMODCACHE" && st.Source != facts.FromDefault && raw != "" && !f.IsAbs(raw):
		return &check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("GOMODCACHE is a relative path (%q, set in %s): module downloads fail.", raw, st.Where()),
			Detail:   fmt.Sprintf("Every go command that needs a module it has not downloaded yet stops with `go: GOMODCACHE entry is relative; must be absolute path: %q.` (`go env -w` refuses such a value, so it was set by hand).", raw),
			Fix:      goCachesUnset(f, st, "Unset GOMODCACHE so that the module cache is $GOPATH/pkg/mod again, or set it to an absolute path."),
		}
	}
	return nil
}

// goCachesUnset says how to remove a setting at its source; in
// $GOROOT/go.env, which belongs to the Go installation, it is overridden
// with the default instead.
func goCachesUnset(f *facts.Facts, st *facts.Setting, lead string) *check.Fix {
	if st.Source == facts.FromGorootEnv {
		return settingfix.Set(f.GOOS(), st, goCachesDefault(f, st.Name), lead)
	}
	return settingfix.Unset(f.GOOS(), st, lead)
}

// goCachesElsewhere points a cache away from an unusable location: it
// removes the user's own setting (so the default applies again), or, when
// the default location itself is unusable, uses one in the temporary
// directory for this shell.
func goCachesElsewhere(f *facts.Facts, st *facts.Setting) []string {
	switch st.Source {
	case facts.FromEnvironment, facts.FromEnvFile, facts.FromGorootEnv:
		return goCachesUnset(f, st, "").Commands
	}
	base := map[string]string{"GOCACHE": "go-build", "GOMODCACHE": "gomodcache"}[st.Name]
	if f.GOOS() == "windows" {
		return []string{fmt.Sprintf(`$env:%s = "$env:TEMP\%s"`, st.Name, base)}
	}
	return []string{settingfix.ShellSet(f.GOOS(), st.Name, "/tmp/"+base)}
}

// goCachesDefault is the go command's default for a cache, as far as godx
// can compute it.
func goCachesDefault(f *facts.Facts, name string) string {
	if name == "GOCACHE" {
		if dir, err := f.UserCacheDir(); err == nil {
			return f.JoinPath(dir, "go-build")
		}
		return f.JoinPath(goCachesHomeHint(f), ".cache/go-build")
	}
	return f.JoinPath(goCachesHomeHint(f), "go/pkg/mod")
}

func goCachesHomeHint(f *facts.Facts) string {
	if f.GOOS() == "windows" {
		if h := f.Getenv("USERPROFILE"); h != "" {
			return h
		}
		return `C:\Users\you`
	}
	if h := f.Getenv("HOME"); h != "" {
		return h
	}
	return "/home/you"
}

// goCachesDirProblem turns what dirstate.Inspect saw into a finding.
func goCachesDirProblem(f *facts.Facts, st *facts.Setting, s dirstate.State) *check.Finding {
	name := st.Name
	what := map[string]string{"GOCACHE": "build cache", "GOMODCACHE": "module cache"}[name]
	breaks := map[string]string{"GOCACHE": "every build, test, run and vet fails", "GOMODCACHE": "module downloads fail"}[name]
	mkdirTarget := s.Child
	if mkdirTarget == "" {
		mkdirTarget = s.Dir
	}
	switch {
	case s.NotDir != "":
		errText := fmt.Sprintf("failed to initialize build cache at %s: mkdir %s: not a directory", s.Dir, mkdirTarget)
		if name == "GOMODCACHE" {
			errText = fmt.Sprintf("go: could not create module cache: %q is not a directory", s.Dir)
			if s.NotDir != s.Dir {
				errText = fmt.Sprintf("go: could not create module cache: mkdir %s: not a directory", mkdirTarget)
			}
		}
		return &check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The %s %s cannot be a directory: %s is a file, so %s.", what, s.Dir, s.NotDir, breaks),
			Detail:   "The go command stops with `" + errText + "`.",
			Evidence: check.Evidence{check.F("file in the way", s.NotDir)},
			Fix: &check.Fix{
				Description: fmt.Sprintf("Move the file %s out of the way, or point %s at a directory.", s.NotDir, name),
				Commands:    goCachesElsewhere(f, st),
			},
		}
	case facts.IsNameTooLong(s.StatErr) || facts.IsNameTooLong(s.WriteErr):
		// Not a permission problem: no owner or mode helps, only a shorter path.
		err := s.StatErr
		if err == nil {
			err = s.WriteErr
		}
		return &check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The %s %s cannot be used: its path is too long for the file system (%s), so %s.", what, s.Dir, errReason(err), breaks),
			Detail:   "The file system refuses a name in the path (or the whole path) as too long; the go command gets the same error when it creates or opens anything there.",
			Evidence: check.Evidence{check.F("error", err.Error())},
			Fix: &check.Fix{
				Description: fmt.Sprintf("Point %s at a shorter path.", name),
				Commands:    goCachesElsewhere(f, st),
			},
		}
	case s.StatErr != nil:
		return &check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The %s %s cannot be looked at (%v), so %s.", what, s.Dir, s.StatErr, breaks),
			Detail:   "The go command needs to read and create files there; it fails with the same error.",
			Evidence: check.Evidence{check.F("error", s.StatErr.Error())},
			Fix: &check.Fix{
				Description: fmt.Sprintf("Make %s reachable for your user (every parent directory needs search permission), or point %s at a directory you own.", s.At, name),
				Commands:    goCachesElsewhere(f, st),
			},
		}
	case s.WriteErr != nil && !errors.Is(s.WriteErr, facts.ErrWriteUnknown):
		readOnlyFS := strings.Contains(s.WriteErr.Error(), "read-only file system")
		var summary, errText string
		fix := &check.Fix{}
		if s.Exists {
			summary = fmt.Sprintf("The %s %s is not writable by you (%v), so %s.", what, s.At, errReason(s.WriteErr), breaks)
			errText = "open " + f.JoinPath(s.At, "dd/ddd9620099a2…-d") + ": permission denied"
			if name == "GOMODCACHE" {
				errText = "go: writing go.mod cache: mkdir " + f.JoinPath(s.At, "…") + ": permission denied"
			}
			fix.Description = fmt.Sprintf("Give %s back to your user: a directory not writable by you was usually created by a go command run as root (sudo, a container).", s.At)
			fix.Commands = []string{`sudo chown -R "$(id -un)" ` + shellquote.POSIX(s.At)}
		} else {
			summary = fmt.Sprintf("The %s %s does not exist and cannot be created: %s is not writable by you (%v), so %s.", what, s.Dir, s.At, errReason(s.WriteErr), breaks)
			errText = fmt.Sprintf("failed to initialize build cache at %s: mkdir %s: permission denied", s.Dir, mkdirTarget)
			if name == "GOMODCACHE" {
				errText = fmt.Sprintf("go: could not create module cache: mkdir %s: permission denied", mkdirTarget)
			}
			fix.Description = fmt.Sprintf("Create %s with your user as its owner, or point %s at a directory you own.", s.Dir, name)
			fix.Commands = []string{fmt.Sprintf(`sudo mkdir -p %s && sudo chown "$(id -un)" %s`, shellquote.POSIX(s.Dir), shellquote.POSIX(s.Dir))}
		}
		if readOnlyFS {
			errText = strings.Replace(errText, "permission denied", "read-only file system", 1)
			fix.Description = fmt.Sprintf("%s is on a read-only file system; point %s at a writable directory.", s.At, name)
			fix.Commands = goCachesElsewhere(f, st)
		}
		return &check.Finding{
			Severity: check.Error,
			Summary:  summary,
			Detail:   "The go command must write there; it fails with errors like `" + errText + "`.",
			Evidence: check.Evidence{check.F("not writable", s.At), check.F("reason", s.WriteErr.Error())},
			Fix:      fix,
		}
	}
	return nil
}

func goCachesShortState(s dirstate.State) string {
	switch {
	case !s.Exists:
		return "not created yet"
	case errors.Is(s.WriteErr, facts.ErrWriteUnknown):
		return "ok"
	}
	return "writable"
}

// goCachesBytes formats a size for people: "512 MiB", "12.3 GiB".
func goCachesBytes(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

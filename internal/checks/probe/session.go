package probe

import (
	"fmt"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/probe"
	"github.com/godx-dev/godx/internal/shellquote"
)

// session is one probe's scratch module and the go command it runs.
type session struct {
	pass   *check.Pass
	f      *facts.Facts
	ge     *facts.GoEnv
	g      probe.Go
	remove func() error
}

// open writes a fresh scratch module for the probe named name. It skips
// when there is no usable go command (go/installed reports that) or no
// scratch directory can be made.
func open(pass *check.Pass, name string) (*session, error) {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return nil, check.Skip("the go command is not usable (go/installed reports it)")
	}
	dir, remove, err := f.ScratchDir(name)
	if err != nil {
		return nil, check.Skip("no scratch directory for the probe: %v", err)
	}
	if err := probe.WriteModule(f.OS, dir, ge.Get("GOVERSION"), f.JoinPath); err != nil {
		_ = remove()
		return nil, check.Skip("could not write the scratch module in %s: %v", dir, err)
	}
	return &session{
		pass: pass, f: f, ge: ge, remove: remove,
		g: probe.Go{Runner: f, Path: ge.Go.Path, Dir: dir, Env: f.Environ()},
	}, nil
}

// close removes the scratch module. A module that cannot be removed is
// worth knowing (it stays in godx's cache folder), not worth failing for.
func (s *session) close() {
	if err := s.remove(); err != nil {
		s.pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  "godx could not remove its scratch module " + s.g.Dir + ".",
			Detail:   err.Error(),
			Fix:      &check.Fix{Description: "Delete the directory; it holds nothing but the probe's hello-world."},
		})
	}
}

// exe is the path of a binary built into the scratch module.
func (s *session) exe(name string) string {
	return s.f.JoinPath(s.g.Dir, s.f.ExeName(name))
}

// goVersion is the go command's version, for summaries.
func (s *session) goVersion() string {
	return s.ge.Get("GOVERSION")
}

// measure records the step's duration under its name.
func (s *session) measure(st probe.Step) {
	s.pass.Measure(st.Name, st.Duration())
}

// evidence describes a step: the command as the user would type it in
// the scratch module, what the probe added to the environment, the exit
// and the duration.
func (s *session) evidence(st probe.Step) check.Evidence {
	sh := shellquote.ForGOOS(s.f.GOOS())
	ev := check.Evidence{
		check.F("command", shellquote.Join(sh, st.Argv...)),
		check.F("environment added", strings.Join(st.Env, " ")),
		check.F("scratch module", s.g.Dir+" (removed afterwards)"),
		check.F("duration", roundDuration(st.Duration())),
	}
	switch {
	case st.Result.TimedOut:
		ev = append(ev, check.F("exit", "stopped: time limit"))
	case st.Result.ExitCode >= 0:
		ev = append(ev, check.F("exit status", fmt.Sprint(st.Result.ExitCode)))
	}
	return ev
}

// fail reports a failed step with the tool's own words.
func (s *session) fail(st probe.Step, sev check.Severity, summary, why string, fix *check.Fix) {
	detail := st.Failure()
	if hint := failureHint(detail); hint != "" {
		why = strings.TrimSpace(why + " " + hint)
	}
	if why != "" {
		detail += "\n\n" + why
	}
	if st.Result.TimedOut {
		// Out of time proves nothing about the toolchain (a cold build
		// cache on a busy machine is slow): say so, and how to find out.
		sev = check.Info
		summary = fmt.Sprintf("The probe's `%s` step did not finish within its time limit (%s): godx cannot tell whether it works.", st.Name, roundDuration(st.Duration()))
		detail = st.Failure() + "\n\nA cold build cache makes the first build for a platform slow (the standard library is compiled first)."
		fix = &check.Fix{
			Description: "Run the probe alone with a longer budget, to tell a slow machine from a hang.",
			Commands:    []string{"godx doctor --deep --only " + s.pass.Check.ID + " --timeout 10m -v"},
		}
	}
	s.pass.Report(check.Finding{Severity: sev, Summary: summary, Detail: detail, Evidence: s.evidence(st), Fix: fix})
}

func roundDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	default:
		return d.Round(time.Millisecond).String()
	}
}

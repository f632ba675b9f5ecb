package module

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"golang.org/x/mod/modfile"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/gotoolchain"
	"github.com/godx-dev/godx/internal/goversion"
)

// goworkModuleProblems loads the modules go.work lists, in its order, as
// the go command does before anything else in workspace mode
// (cmd/go/internal/modload loadModFile): a listed directory without a
// go.mod, and a module whose go line is newer than the go.work's (or than
// the toolchain that runs) stop every package command. Each problem is one
// error, worded as the go command prints it (it prints them all, one per
// module). A go.mod that does not parse is module/gomod's. It returns how
// many it reported.
func goworkModuleProblems(pass *check.Pass, w *facts.ModFile, uses []string, ev check.Evidence) int {
	f := pass.Facts
	wv, verb := w.GoLine(), "lists"
	if wv == "" {
		// A go.work without a go line stands for go 1.18.
		wv, verb = "1.18", "implicitly requires"
	}
	running := ""
	if pt, err := check.ResultOf(pass, gotoolchain.ProjectToolchain); err == nil && pt.Sel.Fatal == "" {
		running = pt.Sel.ChosenVers
	}
	n := 0
	for _, dir := range uses {
		gomod := filepath.Join(dir, "go.mod")
		rel := gotoolchain.ShortPath(f, dir)
		data, err := f.ReadFile(gomod)
		if err != nil {
			var pe *fs.PathError
			reason := err.Error()
			if errors.As(err, &pe) {
				reason = pe.Err.Error()
			}
			quote := fmt.Sprintf("go: cannot load module %s listed in go.work file: open %s: %s", rel, gotoolchain.ShortPath(f, gomod), reason)
			summary := fmt.Sprintf("go.work lists %s, which has no go.mod.", dir)
			if !facts.IsNotExist(err) {
				summary = fmt.Sprintf("go.work lists %s, whose go.mod cannot be read.", dir)
			}
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  summary,
				Detail:   "In workspace mode the go command loads every module go.work lists before anything else, so every build, test and list fails with\n  " + quote,
				Evidence: append(append(check.Evidence(nil), ev...), check.F("listed module", dir)),
				Fix: &check.Fix{
					Description: fmt.Sprintf("Create the module in %s, or drop it from go.work (`go work edit -dropuse`), in the directory of %s.", dir, w.Path),
					Commands:    []string{"go work edit -dropuse=" + goworkUsePath(w, dir)},
				},
			})
			n++
			continue
		}
		mv := gotoolchain.GoModLookup(data, "go")
		if _, perr := modfile.Parse(gomod, data, nil); perr != nil && !(mv != "" && running != "" && goversion.Compare(mv, running) > 0) {
			continue // module/gomod quotes the parse error
		}
		if mv == "" {
			mv = "1.16" // what the go command assumes for a go.mod without go line
		}
		tooNewForWork := goversion.Compare(mv, wv) > 0 && goversion.Compare(mv, "1.21") >= 0
		tooNewForGo := running != "" && goversion.Compare(mv, running) > 0
		if !tooNewForWork && !tooNewForGo {
			continue
		}
		quote := fmt.Sprintf("go: module %s listed in go.work file requires go >= %s, but go.work %s go %s; to update it:\n  \tgo work use", rel, mv, verb, wv)
		pass.Report(check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("The module at %s needs go %s, but go.work %s go %s.", dir, mv, verb, wv),
			Detail: "A go.work's go line must be at least that of every module it lists (from Go 1.21 on), so every build, test and list in the workspace fails with\n  " + quote +
				"\n`go work use` raises the go line of go.work to what the modules need.",
			Evidence: append(append(check.Evidence(nil), ev...), check.F("listed module", dir), check.F("its go line", mv), check.F("go.work go line", w.GoLine())),
			Fix: &check.Fix{
				Description: fmt.Sprintf("Raise the go line of go.work, in the directory of %s.", w.Path),
				Commands:    []string{"go work use"},
			},
		})
		n++
	}
	return n
}

// goworkUsePath is the use path of dir as go.work spells it.
func goworkUsePath(w *facts.ModFile, dir string) string {
	for _, u := range w.Work.Use {
		p := filepath.FromSlash(u.Path)
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(w.Path), p)
		}
		if filepath.Clean(p) == dir {
			return u.Path
		}
	}
	return dir
}

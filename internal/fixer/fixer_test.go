package fixer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/report"
)

func stripBOM(old []byte) ([]byte, error) { return bytes.TrimPrefix(old, []byte("\xef\xbb\xbf")), nil }

func crlfToLF(old []byte) ([]byte, error) {
	return bytes.ReplaceAll(old, []byte("\r\n"), []byte("\n")), nil
}

func appendLine(line string) func([]byte) ([]byte, error) {
	return func(old []byte) ([]byte, error) {
		if bytes.Contains(old, []byte(line)) {
			return old, nil
		}
		return append(old, line+"\n"...), nil
	}
}

func proposal(id string, a *check.AutoFix) Proposal {
	return Proposal{CheckID: id, Finding: check.Finding{Summary: id + " finding", Fix: &check.Fix{Description: "fix it", Auto: a}}}
}

func write(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func apply(t *testing.T, p *Plan, state string, hook func()) *Result {
	t.Helper()
	res, err := Apply(context.Background(), p, Options{StateDir: state, Command: "godx fix", BeforeApply: hook})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestProposals_OnlyAutoFixes(t *testing.T) {
	rep := &report.Report{Checks: []report.CheckResult{
		{ID: "a/x", Findings: []check.Finding{{Summary: "manual", Fix: &check.Fix{Description: "by hand"}}, {Summary: "none"}}},
		{ID: "b/y", Findings: []check.Finding{{Summary: "auto", Fix: &check.Fix{Auto: check.CommandFix("", "go", "env", "-u", "GOFLAGS")}}}},
	}}
	ps := Proposals(rep)
	if len(ps) != 1 || ps[0].CheckID != "b/y" {
		t.Fatalf("proposals = %+v", ps)
	}
}

func TestPlan_CombinesEditsOfOneFileAndDedupsCommands(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "main.go")
	write(t, f, "\ufeffpackage main\r\n\r\nfunc main() {}\r\n", 0o640)
	p := NewPlan([]Proposal{
		proposal("source/bom", check.EditFix(f, stripBOM)),
		proposal("source/line-endings", check.EditFix(f, crlfToLF)),
		proposal("go/gopath", check.CommandFix("", "go", "env", "-u", "GOPATH")),
		proposal("go/other", check.CommandFix("", "go", "env", "-u", "GOPATH")),
		proposal("x/noop", check.EditFix(f, func(b []byte) ([]byte, error) { return b, nil })),
		proposal("x/broken", check.EditFix(f, func(b []byte) ([]byte, error) { return nil, errors.New("cannot") })),
		proposal("x/relative", check.EditFix("rel/go.mod", stripBOM)),
	})
	if len(p.Edits) != 1 || len(p.Commands) != 1 {
		t.Fatalf("plan: %d edits, %d commands", len(p.Edits), len(p.Commands))
	}
	e := p.Edits[0]
	if string(e.New) != "package main\n\nfunc main() {}\n" || len(e.Reasons) != 2 {
		t.Errorf("edit: %q, %d reasons", e.New, len(e.Reasons))
	}
	if len(p.Commands[0].Reasons) != 2 || p.Commands[0].String() != "go env -u GOPATH" {
		t.Errorf("command: %+v", p.Commands[0])
	}
	if len(p.Problems) != 2 || !strings.Contains(p.Problems[0].Err.Error(), "cannot") || !strings.Contains(p.Problems[1].Err.Error(), "relative") {
		t.Errorf("problems: %+v", p.Problems)
	}
	if d := e.Diff(); !strings.Contains(d, "-\ufeffpackage main\r\n") || !strings.Contains(d, "+package main\n") {
		t.Errorf("diff:\n%s", d)
	}
}

// TestPlan_WritesTheRewritesLineEndings: the plan keeps exactly the bytes
// a rewrite returns. LF lines added to a CRLF file stay LF (a shell
// profile needs them: bash reads a CR as part of the line).
func TestPlan_WritesTheRewritesLineEndings(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, ".bashrc")
	write(t, f, "alias ll='ls -l'\r\n", 0o644)
	p := NewPlan([]Proposal{proposal("go/gobin-path", check.EditFix(f, appendLine("# >>> godx >>>\nexport PATH\n# <<< godx <<<")))})
	if got := string(p.Edits[0].New); got != "alias ll='ls -l'\r\n# >>> godx >>>\nexport PATH\n# <<< godx <<<\n" {
		t.Errorf("new = %q", got)
	}
}

func TestApply_BacksUpWritesAtomicallyKeepsModeAndUndoes(t *testing.T) {
	dir, state := t.TempDir(), t.TempDir()
	gomod := filepath.Join(dir, "go.mod")
	write(t, gomod, "\ufeffmodule example.com/m\n\ngo 1.22\n", 0o600)
	created := filepath.Join(dir, "conf.d", "godx.fish")
	p := NewPlan([]Proposal{
		proposal("module/gomod", check.EditFix(gomod, stripBOM)),
		proposal("go/gobin-path", check.EditFix(created, appendLine("set -gx PATH $PATH /x"))),
	})
	res := apply(t, p, state, nil)
	if !res.OK() || len(res.Applied) != 2 {
		t.Fatalf("result: %+v", res)
	}
	if got := read(t, gomod); got != "module example.com/m\n\ngo 1.22\n" {
		t.Errorf("go.mod = %q", got)
	}
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(gomod); fi.Mode().Perm() != 0o600 {
			t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
		}
		if fi, _ := os.Stat(created); fi.Mode().Perm() != 0o644 {
			t.Errorf("new file mode = %v", fi.Mode().Perm())
		}
	}
	if !strings.HasPrefix(res.BackupDir, filepath.Join(state, "backups")) {
		t.Errorf("backup dir %s", res.BackupDir)
	}
	backup := read(t, filepath.Join(res.BackupDir, "files", "1-go.mod.orig"))
	if backup != "\ufeffmodule example.com/m\n\ngo 1.22\n" {
		t.Errorf("backup = %q", backup)
	}
	if j := read(t, filepath.Join(res.BackupDir, "journal.jsonl")); !strings.Contains(j, `"t":"end"`) || !strings.Contains(j, "module/gomod") {
		t.Errorf("journal:\n%s", j)
	}
	if _, err := os.Stat(filepath.Join(res.BackupDir, "open")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the finished run is still marked open: %v", err)
	}
	// No temporary files left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".godx-") {
			t.Errorf("left over %s", e.Name())
		}
	}

	// Idempotent: a second plan from the same fixes is empty.
	again := NewPlan([]Proposal{
		proposal("module/gomod", check.EditFix(gomod, stripBOM)),
		proposal("go/gobin-path", check.EditFix(created, appendLine("set -gx PATH $PATH /x"))),
	})
	if !again.Empty() {
		t.Fatalf("second plan not empty: %+v", again.Edits)
	}

	u, err := Undo(state, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Files) != 2 || u.Files[0].Action != "restored" || u.Files[1].Action != "removed" {
		t.Errorf("undo: %+v", u.Files)
	}
	if got := read(t, gomod); got != "\ufeffmodule example.com/m\n\ngo 1.22\n" {
		t.Errorf("go.mod after undo = %q", got)
	}
	if _, err := os.Stat(created); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("created file not removed: %v", err)
	}
	if _, err := Undo(state, time.Now()); err == nil || !strings.Contains(err.Error(), "already undone") {
		t.Errorf("second undo: %v", err)
	}
}

func TestApply_RefusesFileChangedAfterPlan(t *testing.T) {
	dir, state := t.TempDir(), t.TempDir()
	f := filepath.Join(dir, "main.go")
	other := filepath.Join(dir, "other.go")
	write(t, f, "\ufeffpackage main\n", 0o644)
	write(t, other, "\ufeffpackage main\n", 0o644)
	p := NewPlan([]Proposal{proposal("source/bom", check.EditFix(f, stripBOM)), proposal("source/bom", check.EditFix(other, stripBOM))})
	res := apply(t, p, state, func() {
		// Someone (an editor) saves the file between plan and apply.
		write(t, f, "\ufeffpackage main\n\nfunc main() {}\n", 0o644)
	})
	if res.OK() || len(res.Refused) != 1 || len(res.Applied) != 1 {
		t.Fatalf("result: %+v", res)
	}
	var ce *ChangedError
	if !errors.As(res.Refused[0].Err, &ce) || !strings.Contains(ce.Error(), "changed after godx planned this fix") {
		t.Errorf("refusal: %v", res.Refused[0].Err)
	}
	if got := read(t, f); got != "\ufeffpackage main\n\nfunc main() {}\n" {
		t.Errorf("changed file was overwritten: %q", got)
	}
	if got := read(t, other); got != "package main\n" {
		t.Errorf("other file: %q", got)
	}
}

func TestApply_FileCreatedAfterPlanIsRefused(t *testing.T) {
	dir, state := t.TempDir(), t.TempDir()
	f := filepath.Join(dir, "new.fish")
	p := NewPlan([]Proposal{proposal("x/y", check.EditFix(f, appendLine("x")))})
	res := apply(t, p, state, func() { write(t, f, "mine\n", 0o644) })
	if len(res.Refused) != 1 || read(t, f) != "mine\n" {
		t.Fatalf("result: %+v", res)
	}
}

func TestUndo_RefusesWhenFileChangedSinceFix(t *testing.T) {
	dir, state := t.TempDir(), t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	write(t, a, "\ufeffpackage a\n", 0o644)
	write(t, b, "\ufeffpackage b\n", 0o644)
	apply(t, NewPlan([]Proposal{proposal("source/bom", check.EditFix(a, stripBOM)), proposal("source/bom", check.EditFix(b, stripBOM))}), state, nil)
	write(t, b, "package b // edited\n", 0o644)
	if _, err := Undo(state, time.Now()); err == nil || !strings.Contains(err.Error(), "refusing to undo") || !strings.Contains(err.Error(), b) {
		t.Fatalf("undo: %v", err)
	}
	// All or nothing: a.go was not restored either.
	if got := read(t, a); got != "package a\n" {
		t.Errorf("a.go = %q", got)
	}
}

func TestUndo_NothingRecorded(t *testing.T) {
	if _, err := Undo(t.TempDir(), time.Now()); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("err = %v", err)
	}
}

func TestApply_FollowsSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	dir, state := t.TempDir(), t.TempDir()
	real := filepath.Join(dir, "dotfiles", "zshrc")
	write(t, real, "setopt autocd\n", 0o644)
	link := filepath.Join(dir, ".zshrc")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	res := apply(t, NewPlan([]Proposal{proposal("go/gobin-path", check.EditFix(link, appendLine("export PATH")))}), state, nil)
	if !res.OK() {
		t.Fatalf("%+v", res)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if got := read(t, real); got != "setopt autocd\nexport PATH\n" {
		t.Errorf("target = %q", got)
	}
}

func TestApply_RunsCommandsAndRecordsThem(t *testing.T) {
	state := t.TempDir()
	p := NewPlan([]Proposal{proposal("go/goroot", &check.AutoFix{Kind: "command", Argv: []string{"go", "env", "-u", "GOROOT"}, Env: []string{"GOROOT=/usr/local/go"}})})
	var ran []string
	res, err := Apply(context.Background(), p, Options{StateDir: state, Command: "godx fix", RunCommand: func(ctx context.Context, c *Command) ([]byte, error) {
		ran = append(ran, c.String())
		return nil, nil
	}})
	if err != nil || !res.OK() {
		t.Fatal(err, res)
	}
	if len(ran) != 1 || ran[0] != "GOROOT=/usr/local/go go env -u GOROOT" {
		t.Errorf("ran %q", ran)
	}
	// A run that changed no file is passed over by undo, which says
	// what that run ran.
	u, err := Undo(state, time.Now())
	if !errors.Is(err, ErrNothingToUndo) || len(u.Later) != 1 || u.Later[0] != ran[0] {
		t.Errorf("undo of a command-only run: %+v, %v", u, err)
	}
}

func TestStateDir(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"HOME": "/home/u"}, "/home/u/.local/state/godx"},
		{"linux", map[string]string{"HOME": "/home/u", "XDG_STATE_HOME": "/s"}, "/s/godx"},
		{"linux", map[string]string{"HOME": "/home/u", "XDG_STATE_HOME": "rel"}, "/home/u/.local/state/godx"},
		{"darwin", map[string]string{"HOME": "/Users/u"}, "/Users/u/Library/Application Support/godx"},
		{"windows", map[string]string{"LocalAppData": `C:\Users\Zoë\AppData\Local`}, `C:\Users\Zoë\AppData\Local\godx`},
	} {
		got, err := StateDir(tc.goos, env(tc.env))
		if err != nil || got != tc.want {
			t.Errorf("%s %v: %q %v", tc.goos, tc.env, got, err)
		}
	}
	if _, err := StateDir("linux", env(nil)); err == nil {
		t.Error("no HOME: want an error")
	}
}

// A hard-linked file is written in place: every name sees the fix, and
// undo puts the original back in the same file.
func TestApply_KeepsHardLinks(t *testing.T) {
	dir, state := t.TempDir(), t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	write(t, a, "\ufeffpackage a\n", 0o644)
	if err := os.Link(a, b); err != nil {
		t.Skip("no hard links here:", err)
	}
	// The doctor reports the file under both names: one edit.
	p := NewPlan([]Proposal{proposal("source/bom", check.EditFix(a, stripBOM)), proposal("source/bom", check.EditFix(b, stripBOM))})
	if len(p.Edits) != 1 || len(p.Problems) != 0 {
		t.Fatalf("plan: %d edits, problems %v", len(p.Edits), p.Problems)
	}
	if e := p.Edits[0]; e.Links != 2 || !e.inPlace() {
		t.Fatalf("edit: links=%d in place=%v", e.Links, e.inPlace())
	}
	sameFile := func(when string) {
		fa, err1 := os.Stat(a)
		fb, err2 := os.Stat(b)
		if err1 != nil || err2 != nil || !os.SameFile(fa, fb) {
			t.Errorf("%s: a.go and b.go are no longer one file", when)
		}
	}
	if res := apply(t, p, state, nil); !res.OK() {
		t.Fatalf("%+v", res)
	}
	sameFile("after the fix")
	if read(t, b) != "package a\n" {
		t.Errorf("b.go = %q", read(t, b))
	}
	if _, err := Undo(state, time.Now()); err != nil {
		t.Fatal(err)
	}
	sameFile("after undo")
	if read(t, b) != "\ufeffpackage a\n" {
		t.Errorf("b.go after undo = %q", read(t, b))
	}
}

// A dotfile that is a link to a missing file: the target is created (as
// `echo >> ~/.zshrc` would), the link stays, and undo removes only the
// target it created.
func TestApply_WritesThroughADanglingSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	dir, state := t.TempDir(), t.TempDir()
	must(t, os.Mkdir(filepath.Join(dir, "dotfiles"), 0o755))
	link := filepath.Join(dir, ".zshrc")
	must(t, os.Symlink("dotfiles/zshrc", link))
	p := NewPlan([]Proposal{proposal("go/gobin-path", check.EditFix(link, appendLine("export PATH")))})
	e := p.Edits[0]
	if e.Exists || e.Link != "dotfiles/zshrc" || filepath.Base(e.Target) != "zshrc" {
		t.Fatalf("edit: exists=%v link=%q target=%q", e.Exists, e.Link, e.Target)
	}
	if res := apply(t, p, state, nil); !res.OK() {
		t.Fatalf("%+v", res)
	}
	isLink := func(when string) {
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("%s: .zshrc is no longer a link: %v", when, err)
		}
	}
	isLink("after the fix")
	if got := read(t, link); got != "export PATH\n" {
		t.Errorf(".zshrc = %q", got)
	}
	u, err := Undo(state, time.Now())
	if err != nil || len(u.Files) != 1 || u.Files[0].Action != "removed" {
		t.Fatalf("undo: %+v %v", u, err)
	}
	isLink("after undo")
	if _, err := os.Stat(filepath.Join(dir, "dotfiles", "zshrc")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the created target is still there: %v", err)
	}

	// A link into a folder that does not exist (a drive not mounted) is
	// refused: godx creates no folders at the end of a link.
	must(t, os.Symlink(filepath.Join(dir, "usb", "bashrc"), filepath.Join(dir, ".bashrc")))
	_, err = NewPlan(nil).AddEdit(filepath.Join(dir, ".bashrc"), appendLine("x"), proposal("x", nil))
	if err == nil || !strings.Contains(err.Error(), "whose folder does not exist") {
		t.Errorf("link to a missing folder: %v", err)
	}
}

func TestTorn(t *testing.T) {
	from, to := []byte("\ufeffpackage a\n"), []byte("package a\n")
	for k := 0; k <= len(to); k++ {
		cut := append(append([]byte(nil), to[:k]...), from[min(k, len(from)):]...)
		if !torn(cut, from, to) {
			t.Errorf("k=%d: %q not recognised", k, cut)
		}
	}
	for _, s := range []string{"package b\n", "", "\ufeffpackage a\n// edited\n", "package a\n\n"} {
		if s != "" && torn([]byte(s), from, to) {
			t.Errorf("%q taken for a cut-short write", s)
		}
	}
	longer := []byte("package a\nfunc f() {}\n")
	for k := len(from); k <= len(longer); k++ {
		if !torn(longer[:k], from, longer) {
			t.Errorf("growing, k=%d: not recognised", k)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

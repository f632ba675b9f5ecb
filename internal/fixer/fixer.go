// Package fixer applies the automatic fixes doctor findings carry
// (check.AutoFix), without knowing any check: it turns them into a plan
// (file edits with their diffs, and commands), applies the plan with a
// backup of every file it changes, and undoes the last run.
//
// Safety rules, in the order they are applied:
//   - a file is read when the plan is made, and written only if its content
//     is still exactly what the plan was made from (else it is refused),
//     compared at the moment of the write (see replace.go);
//   - every file is backed up, and what will be done is recorded in a
//     write-ahead journal, synced, before any file is written
//     (journal.go); an interrupted run is cleaned up by the next one
//     (recover.go) and can be undone;
//   - every write replaces the file atomically, keeps its permissions and
//     owner (or is refused when the owner cannot be kept), follows
//     symlinks (a dangling one gets its target created), and keeps hard
//     links by writing in place;
//   - undo restores a file only if it still holds what godx wrote.
//
// The fixer writes exactly the bytes a rewrite returns (and shows them in
// the diff): line endings are the rewrite's choice, because only it knows
// the file's language — a CRLF .bashrc must still get LF lines from godx
// (bash reads a CR as part of the line), a CRLF .gitattributes may get
// CRLF ones.
package fixer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/shellquote"
)

// Proposal is one finding that carries an automatic fix.
type Proposal struct {
	CheckID string
	Finding check.Finding
}

// Auto is the proposal's automatic fix.
func (p Proposal) Auto() *check.AutoFix { return p.Finding.Fix.Auto }

// Proposals lists the findings of rep that carry an automatic fix, in
// report order.
func Proposals(rep *report.Report) []Proposal {
	var out []Proposal
	for _, c := range rep.Checks {
		for _, fd := range c.Findings {
			if fd.Fix != nil && fd.Fix.Auto != nil {
				out = append(out, Proposal{CheckID: c.ID, Finding: fd})
			}
		}
	}
	return out
}

// Edit is one file the plan rewrites (all fixes for the same file are
// combined into one edit).
type Edit struct {
	// Path is the file as the fix named it; Target is the file written
	// (Path with symlinks resolved). Link is the text of Path's symlink
	// ("" when Path is not one); a link whose target does not exist is
	// written through: its target is created.
	Path, Target, Link string
	// Exists says whether the file existed when the plan was made; Mode is
	// its permission bits then (new files get 0644).
	Exists bool
	Mode   fs.FileMode
	// Links is the file's number of hard links: with more than one it is
	// written in place, so that every name keeps seeing the same file.
	Links int
	owner fileOwner
	info  fs.FileInfo // nil when the file did not exist
	// Old is the content the plan was made from, New the content to write.
	Old, New []byte
	// Remove deletes the file instead of writing New (used by
	// `godx shell-init --uninstall` for a file only godx wrote).
	Remove bool
	// Reasons are the findings this edit fixes.
	Reasons []Proposal
}

// inPlace says the edit overwrites the file rather than replacing it.
func (e *Edit) inPlace() bool { return e.Exists && !e.Remove && e.Links > 1 }

// Diff is the edit as a unified diff.
func (e *Edit) Diff() string {
	if e.Remove {
		return Unified(e.Path, "/dev/null", e.Old, nil)
	}
	oldName := e.Path
	if !e.Exists {
		oldName = "/dev/null"
	}
	return Unified(oldName, e.Path, e.Old, e.New)
}

// Command is one command fix.
type Command struct {
	Argv, Env []string
	Dir       string
	Reasons   []Proposal
}

// String is the command as a user would type it in a POSIX shell.
func (c *Command) String() string {
	var parts []string
	for _, kv := range c.Env {
		k, v, _ := strings.Cut(kv, "=")
		parts = append(parts, k+"="+shellquote.POSIX(v))
	}
	for _, a := range c.Argv {
		parts = append(parts, shellquote.POSIX(a))
	}
	return strings.Join(parts, " ")
}

func (c *Command) same(o *check.AutoFix) bool {
	return c.Dir == o.Dir && strings.Join(c.Argv, "\x00") == strings.Join(o.Argv, "\x00") && strings.Join(c.Env, "\x00") == strings.Join(o.Env, "\x00")
}

// Problem is a proposal that could not be planned (its file cannot be
// read, or its rewrite failed).
type Problem struct {
	Proposal Proposal
	Err      error
}

// Plan is what `godx fix` will do.
type Plan struct {
	Edits    []*Edit
	Commands []*Command
	Problems []Problem
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Edits) == 0 && len(p.Commands) == 0 }

// MaxFileSize is the largest file godx fix edits.
const MaxFileSize = 64 << 20

// NewPlan turns proposals into a plan: edits of the same file are combined
// (applied in order), identical commands appear once, and fixes that would
// change nothing are dropped.
func NewPlan(props []Proposal) *Plan {
	p := &Plan{}
	for _, pr := range props {
		a := pr.Auto()
		switch a.Kind {
		case "edit":
			if a.Rewrite == nil {
				p.Problems = append(p.Problems, Problem{pr, errors.New("edit fix without a rewrite function")})
				continue
			}
			if _, err := p.AddEdit(a.Path, a.Rewrite, pr); err != nil {
				p.Problems = append(p.Problems, Problem{pr, err})
			}
		case "command":
			if len(a.Argv) == 0 {
				p.Problems = append(p.Problems, Problem{pr, errors.New("command fix without a command")})
				continue
			}
			p.addCommand(a, pr)
			for _, m := range a.More {
				if m.Kind != "command" || len(m.Argv) == 0 {
					p.Problems = append(p.Problems, Problem{pr, errors.New("a further command of a command fix is not a command")})
					continue
				}
				p.addCommand(m, pr)
			}
		default:
			p.Problems = append(p.Problems, Problem{pr, fmt.Errorf("unknown fix kind %q", a.Kind)})
		}
	}
	p.dropNoOps()
	return p
}

// AddEdit adds a rewrite of path to the plan (reading the file the first
// time it is named) and returns the file's edit; a file the plan already
// has under another name (a link) gets the rewrite in its edit. A
// rewrite that returns its input unchanged adds nothing.
func (p *Plan) AddEdit(path string, rewrite func([]byte) ([]byte, error), why Proposal) (*Edit, error) {
	if !filepath.IsAbs(path) {
		return nil, fmt.Errorf("fix names a relative path %q", path)
	}
	var e *Edit
	for _, x := range p.Edits {
		if x.Path == path {
			e = x
		}
	}
	if e == nil {
		st, err := readForEdit(path)
		if err != nil {
			return nil, err
		}
		// Another name of a file already in the plan (a symlink, a hard
		// link): the fix applies to that edit.
		for _, x := range p.Edits {
			if x.Target == st.target || x.info != nil && st.info != nil && os.SameFile(x.info, st.info) {
				e = x
			}
		}
		if e == nil {
			e = &Edit{Path: path, Target: st.target, Link: st.link, Exists: st.exists, Mode: st.mode, Links: st.links,
				owner: st.owner, info: st.info, Old: st.data, New: st.data}
			p.Edits = append(p.Edits, e)
		}
	}
	next, err := rewrite(bytes.Clone(e.New))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if !bytes.Equal(next, e.New) {
		e.New = next
		e.Reasons = append(e.Reasons, why)
	}
	return e, nil
}

func (p *Plan) addCommand(a *check.AutoFix, pr Proposal) {
	for _, c := range p.Commands {
		if c.same(a) {
			c.Reasons = append(c.Reasons, pr)
			return
		}
	}
	p.Commands = append(p.Commands, &Command{
		Argv: append([]string(nil), a.Argv...), Env: append([]string(nil), a.Env...), Dir: a.Dir, Reasons: []Proposal{pr},
	})
}

func (p *Plan) dropNoOps() {
	var keep []*Edit
	for _, e := range p.Edits {
		if e.changes() {
			keep = append(keep, e)
		}
	}
	p.Edits = keep
}

// changes reports whether applying e does anything.
func (e *Edit) changes() bool { return e.Remove && e.Exists || !e.Remove && !bytes.Equal(e.Old, e.New) }

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

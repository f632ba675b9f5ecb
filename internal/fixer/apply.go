package fixer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// StateDir is godx's state folder, where fix backups live:
// $XDG_STATE_HOME/godx (default ~/.local/state/godx) on Linux and other
// Unix systems, ~/Library/Application Support/godx on macOS, and
// %LocalAppData%\godx on Windows.
func StateDir(goos string, getenv func(string) string) (string, error) {
	// The paths follow goos, not the machine this runs on (the same
	// answer in tests on any OS).
	join := path.Join
	if goos == "windows" {
		join = func(elem ...string) string { return strings.Join(elem, `\`) }
	}
	switch goos {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return join(strings.TrimRight(d, `\/`), "godx"), nil
		}
		return "", errors.New("%LocalAppData% is not defined")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return join(h, "Library", "Application Support", "godx"), nil
		}
		return "", errors.New("$HOME is not defined")
	}
	if d := getenv("XDG_STATE_HOME"); d != "" && path.IsAbs(d) {
		return join(d, "godx"), nil
	}
	if h := getenv("HOME"); h != "" {
		return join(h, ".local", "state", "godx"), nil
	}
	return "", errors.New("neither $XDG_STATE_HOME nor $HOME are defined")
}

// BackupsDir is where each run's backups go: <state>/backups/<time>/.
func BackupsDir(stateDir string) string { return filepath.Join(stateDir, "backups") }

// Options control Apply.
type Options struct {
	// StateDir holds the backups (see StateDir).
	StateDir string
	// Command names what made the changes, recorded in the journal
	// ("godx fix", "godx shell-init --install").
	Command string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// RunCommand runs a command fix and returns its combined output.
	RunCommand func(ctx context.Context, c *Command) ([]byte, error)
	// BeforeApply runs after the plan is final and before anything is
	// written; tests use it to change a file underneath.
	BeforeApply func()
}

// EditError is an edit that was not applied.
type EditError struct {
	Edit *Edit
	Err  error
}

// Message is a failure as told to the user: the file, the error, and
// that the file is unchanged, which is true of every failure but those
// that say themselves what happened (a TornError, a journal that could
// not be closed).
func (e EditError) Message() string {
	var te *TornError
	var je *journalError
	if errors.As(e.Err, &te) || errors.As(e.Err, &je) {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s: %v (the file is unchanged)", e.Edit.Path, e.Err)
}

// journalError: the run's files are written, but its journal could not
// be closed.
type journalError struct {
	dir string
	err error
}

func (e *journalError) Error() string {
	return fmt.Sprintf("closing the journal in %s: %v (the next godx run finishes it)", e.dir, e.err)
}

// CommandResult is a command fix that ran.
type CommandResult struct {
	Command *Command
	Output  []byte
	Err     error
}

// Result is what Apply did.
type Result struct {
	Applied []*Edit
	// Refused: the file changed after the plan was made (also in the
	// instant of the write: a ChangedError or KeptError), or its owner
	// could not be kept (OwnerError). Its content is the user's.
	Refused  []EditError
	Failed   []EditError // reading, backing up or writing failed
	Commands []CommandResult
	// BackupDir holds this run's backups and journal ("" when no file
	// was changed and no command run).
	BackupDir string
	// Recovered says what was cleaned up after an interrupted earlier run.
	Recovered []string
}

// OK reports whether everything in the plan was applied.
func (r *Result) OK() bool {
	if len(r.Refused) > 0 || len(r.Failed) > 0 {
		return false
	}
	for _, c := range r.Commands {
		if c.Err != nil {
			return false
		}
	}
	return true
}

// ChangedError says a file is no longer what the plan was made from.
type ChangedError struct{ Path string }

func (e *ChangedError) Error() string {
	return fmt.Sprintf("%s changed after godx planned this fix (it no longer holds the content the diff was made from); nothing was written to it. Run the command again to see a new plan.", e.Path)
}

// stepHook, set by tests, runs before every step that changes something
// on disk (a backup, a journal record, a temporary file, a rename, an
// exchange, an unlink), named by the step: the crash tests kill the
// process there.
var stepHook func(name string)

func step(name string) {
	if stepHook != nil {
		stepHook(name)
	}
}

// Apply applies the plan: edits first, then commands, in order. Under
// the state folder's lock it cleans up after an interrupted earlier run,
// checks each file against the plan (refusing changed ones), backs up
// and journals every file, writes all the new contents to temporary
// files, and then puts each in place (see replace.go). The error is for
// a failure before any file was touched (the lock, the backups, the
// journal); everything else is in the Result.
func Apply(ctx context.Context, plan *Plan, opts Options) (*Result, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.BeforeApply != nil {
		opts.BeforeApply()
	}
	res := &Result{}
	unlock, err := lockState(opts.StateDir)
	if err != nil {
		return res, fmt.Errorf("locking godx's state folder: %w (nothing was changed)", err)
	}
	locked := true
	defer func() {
		if locked {
			unlock()
		}
	}()
	if res.Recovered, err = recoverRuns(opts.StateDir); err != nil {
		return res, fmt.Errorf("cleaning up after an interrupted godx run: %w (nothing was changed)", err)
	}
	var todo []*Edit
	for _, e := range plan.Edits {
		if !e.changes() {
			continue
		}
		if err := unchanged(e); err != nil {
			res.Refused = append(res.Refused, EditError{e, err})
			continue
		}
		todo = append(todo, e)
	}
	if len(todo) == 0 && len(plan.Commands) == 0 {
		return res, nil
	}
	var commands []string
	for _, c := range plan.Commands {
		commands = append(commands, c.String())
	}
	r, err := createRun(opts.StateDir, opts.Now(), opts.Command, commands, todo)
	if err != nil {
		return res, fmt.Errorf("%w (nothing was changed)", err)
	}
	res.BackupDir = r.dir
	r.apply(todo, res)
	if err := r.finish(res, len(plan.Commands) > 0); err != nil {
		res.Failed = append(res.Failed, EditError{&Edit{Path: filepath.Join(r.dir, journalName)}, &journalError{r.dir, err}})
	}
	unlock()
	locked = false
	for _, c := range plan.Commands {
		if ctx.Err() != nil {
			res.Commands = append(res.Commands, CommandResult{Command: c, Err: ctx.Err()})
			continue
		}
		if opts.RunCommand == nil {
			res.Commands = append(res.Commands, CommandResult{Command: c, Err: errors.New("no way to run commands")})
			continue
		}
		out, err := opts.RunCommand(ctx, c)
		res.Commands = append(res.Commands, CommandResult{Command: c, Output: out, Err: err})
	}
	return res, nil
}

// apply writes every temporary file, records that they are complete,
// then puts each in place.
func (r *run) apply(edits []*Edit, res *Result) {
	changes := make([]*change, len(edits))
	for i, e := range edits {
		f := r.files[i]
		c := &change{path: e.Target, temp: f.Temp, from: e.Old, to: e.New, fromOK: e.Exists, toOK: !e.Remove,
			inPlace: f.InPlace, mode: e.Mode, owner: e.owner}
		if err := c.prepare(); err != nil {
			r.outcome(res, e, f.N, err)
			continue
		}
		changes[i] = c
	}
	if err := appendRecord(r.dir, record{Type: "ready"}); err != nil {
		// Without this record the next run would take the temporary
		// files for half-written ones: stop before touching any file.
		for i, c := range changes {
			if c != nil {
				os.Remove(c.temp)
				r.outcome(res, edits[i], r.files[i].N, fmt.Errorf("recording the journal: %w", err))
			}
		}
		return
	}
	dirs := map[string]bool{}
	for i, c := range changes {
		if c == nil {
			continue
		}
		e, n := edits[i], r.files[i].N
		err := c.commit(func() { appendRecord(r.dir, record{Type: "refused", N: n}) })
		if err != nil {
			r.outcome(res, e, n, err)
			continue
		}
		c.cleanup()
		dirs[filepath.Dir(c.path)] = true
		res.Applied = append(res.Applied, e)
	}
	for d := range dirs {
		syncDir(d)
	}
}

// outcome records an edit that was not applied, in the result and the
// journal (so that undo knows the file holds the user's content).
func (r *run) outcome(res *Result, e *Edit, n int, err error) {
	rec := record{Type: "failed", N: n, Why: err.Error()}
	var ce *ChangedError
	var oe *OwnerError
	var ke *KeptError
	var te *TornError
	switch {
	case errors.As(err, &te):
		// Not recorded: undo must look at this file.
		res.Failed = append(res.Failed, EditError{e, err})
		return
	case errors.As(err, &ke):
		rec.Type, rec.Kept = "kept", ke.Kept
		res.Refused = append(res.Refused, EditError{e, err})
	case errors.As(err, &ce), errors.As(err, &oe):
		rec.Type = "refused"
		res.Refused = append(res.Refused, EditError{e, err})
	default:
		res.Failed = append(res.Failed, EditError{e, err})
	}
	appendRecord(r.dir, rec)
}

// finish closes the journal. A run that changed no file, ran no command
// and kept nothing leaves no folder, so that `godx fix --undo` reaches the
// last run that did.
func (r *run) finish(res *Result, commands bool) error {
	if err := appendRecord(r.dir, record{Type: "end"}); err != nil {
		return err
	}
	if err := setOpen(r.dir, false); err != nil {
		return err
	}
	if len(res.Applied) > 0 || commands {
		return nil
	}
	for _, e := range append(res.Refused, res.Failed...) {
		var ke *KeptError
		var te *TornError
		if errors.As(e.Err, &ke) || errors.As(e.Err, &te) {
			return nil // the folder has what the user needs
		}
	}
	res.BackupDir = ""
	return discardRun(r.dir)
}

// discardRun deletes a run folder: renamed to a .partial name first (one
// atomic step), so a crash midway leaves nothing undo would read.
func discardRun(dir string) error {
	step("discard")
	gone := dir + partialSuffix
	if err := os.Rename(dir, gone); err != nil {
		return err
	}
	syncDir(filepath.Dir(dir))
	return os.RemoveAll(gone)
}

// unchanged checks that e's file still holds what the plan read (a
// first look; the write itself checks again, see replace.go).
func unchanged(e *Edit) error {
	data, exists, err := readCurrent(e.Target)
	if err != nil {
		return err
	}
	if exists != e.Exists || !bytes.Equal(data, e.Old) {
		return &ChangedError{Path: e.Path}
	}
	return nil
}

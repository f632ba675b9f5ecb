package fixer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Restored is one file Undo looked at.
type Restored struct {
	Path string
	// Action is "restored" (old content written back), "removed" (the run
	// created it), "recreated" (the run removed it) or "unchanged" (it
	// already holds what it held before the run: an interrupted run had
	// not written it yet, or it was put back by hand).
	Action string
}

// UndoResult is what Undo did.
type UndoResult struct {
	BackupDir string
	Created   time.Time
	Command   string
	// Interrupted: that run did not finish (godx was killed or crashed).
	Interrupted bool
	Files       []Restored
	// Commands are the command fixes of that run: undo cannot reverse them.
	Commands []string
	// Later are the commands of later runs that changed no file (undo
	// passes over those runs).
	Later []string
	// Recovered says what was cleaned up after an interrupted earlier run.
	Recovered []string
}

// ErrNothingToUndo: no run has changed a file.
var ErrNothingToUndo = errors.New("nothing to undo: godx has not changed any file yet")

// undoStep is one file of the run being undone, as it is now.
type undoStep struct {
	f       fileRecord
	cur     []byte // what it holds now (nil, curOK false: no file)
	curOK   bool
	backup  []byte // what it held before the run
	restore bool
}

// Undo restores the files of the last run that changed any, all or
// none: it refuses when any of them no longer holds what that run wrote
// (a file an interrupted run had not written yet is fine: it still holds
// its backup's content), and a restore that fails midway puts the files
// already restored back as they were. Runs that changed no file (they
// only ran commands, or were interrupted before writing) are passed
// over. An undo that is itself interrupted is finished by the next one.
func Undo(stateDir string, now time.Time) (*UndoResult, error) {
	if _, err := os.Stat(BackupsDir(stateDir)); errors.Is(err, fs.ErrNotExist) {
		return &UndoResult{}, ErrNothingToUndo
	}
	unlock, err := lockState(stateDir)
	if err != nil {
		return nil, fmt.Errorf("locking godx's state folder: %w (nothing was restored)", err)
	}
	defer unlock()
	recovered, err := recoverRuns(stateDir)
	if err != nil {
		return &UndoResult{Recovered: recovered}, fmt.Errorf("cleaning up after an interrupted godx run: %w (nothing was restored)", err)
	}
	runs, err := listRuns(stateDir)
	if errors.Is(err, fs.ErrNotExist) {
		return &UndoResult{Recovered: recovered}, ErrNothingToUndo
	}
	if err != nil {
		return &UndoResult{Recovered: recovered}, err
	}
	var later []string
	for _, dir := range runs {
		j, err := readJournal(dir)
		res := &UndoResult{BackupDir: dir, Recovered: recovered, Later: later}
		if err != nil {
			return res, err
		}
		res.Created, res.Command, res.Commands, res.Interrupted = j.created, j.command, j.commands, !j.ended
		if j.undone != nil {
			return res, fmt.Errorf("the last run (%s, %s) was already undone on %s", j.command, j.created.Local().Format(time.DateTime), j.undone.Local().Format(time.DateTime))
		}
		steps, changed, err := undoSteps(j)
		if err != nil {
			return res, err
		}
		if len(changed) > 0 {
			return res, fmt.Errorf("refusing to undo: %s changed after %s wrote it, and undoing would lose those changes (nothing was restored). The backups are in %s",
				strings.Join(changed, ", "), j.command, filepath.Join(dir, "files"))
		}
		restores := 0
		for _, s := range steps {
			if s.restore {
				restores++
			}
		}
		if restores == 0 {
			later = append(append([]string(nil), j.commands...), later...)
			continue
		}
		return res, undoRun(j, steps, res, now)
	}
	return &UndoResult{Recovered: recovered, Later: later}, ErrNothingToUndo
}

// undoSteps looks at every file j may have changed: restore the ones
// that hold what godx wrote (or what its interrupted in-place write
// left), leave the ones that hold their backup's content, and list the
// others as changed since.
func undoSteps(j *runJournal) (steps []undoStep, changed []string, err error) {
	for _, f := range j.files {
		if j.outcome[f.N] != "" {
			continue // refused or failed: the run did not change it
		}
		s := undoStep{f: f}
		s.cur, s.curOK, err = readCurrent(f.Path)
		if err != nil {
			return nil, nil, err
		}
		h := ""
		if s.curOK {
			h = hashOf(s.cur)
		}
		if f.Existed {
			if s.backup, err = readBackup(j, f.Backup, f.Before, f.Path); err != nil {
				return nil, nil, err
			}
		}
		switch {
		case h == f.Before:
		case h == f.After:
			s.restore = true
		case f.InPlace && s.curOK:
			written, err := readBackup(j, f.NewCopy, f.After, f.Path)
			if err != nil {
				return nil, nil, err
			}
			if !torn(s.cur, s.backup, written) && !torn(s.cur, written, s.backup) {
				changed = append(changed, f.Path)
				continue
			}
			s.restore = true
		default:
			changed = append(changed, f.Path)
			continue
		}
		steps = append(steps, s)
	}
	return steps, changed, nil
}

func readBackup(j *runJournal, name, hash, path string) ([]byte, error) {
	p := filepath.Join(j.dir, "files", name)
	b, err := readLimited(p)
	if err != nil {
		return nil, fmt.Errorf("reading the backup of %s: %w (nothing was restored)", path, err)
	}
	if hashOf(b) != hash {
		return nil, fmt.Errorf("the backup of %s (%s) is damaged (nothing was restored)", path, p)
	}
	return b, nil
}

// undoRun restores the steps marked restore, journaled like a run: the
// undo record names its temporary files before they exist.
func undoRun(j *runJournal, steps []undoStep, res *UndoResult, now time.Time) error {
	attempt := j.undos + 1
	var changes []*change
	var recs []undoRecord
	for _, s := range steps {
		if !s.restore {
			res.Files = append(res.Files, Restored{Path: s.f.Path, Action: "unchanged"})
			continue
		}
		c := &change{path: s.f.Path, from: s.cur, to: s.backup, fromOK: s.curOK, toOK: s.f.Existed, mode: fs.FileMode(s.f.Mode)}
		if s.curOK {
			fi, err := os.Stat(s.f.Path)
			if err != nil {
				return err
			}
			c.mode, c.owner = fi.Mode().Perm(), ownerOf(fi)
			c.inPlace = c.toOK && linkCount(s.f.Path, fi) > 1
			if !c.inPlace && c.toOK {
				if err := c.owner.keepable(s.f.Path); err != nil {
					return fmt.Errorf("refusing to undo: %w", err)
				}
			}
		}
		u := undoRecord{N: s.f.N, InPlace: c.inPlace}
		if s.curOK {
			u.From = hashOf(s.cur)
		}
		if !c.inPlace {
			c.temp = tempName(s.f.Path, j.id, fmt.Sprintf("%du%d", s.f.N, attempt))
			u.Temp = c.temp
		}
		changes = append(changes, c)
		recs = append(recs, u)
	}
	if err := appendRecord(j.dir, record{Type: "undo", Undo: recs}); err != nil {
		return fmt.Errorf("recording the undo in %s: %w (nothing was restored)", j.dir, err)
	}
	if err := setOpen(j.dir, true); err != nil {
		return err
	}
	for i, c := range changes {
		if err := c.prepare(); err != nil {
			for _, p := range changes[:i] {
				os.Remove(p.temp)
			}
			return closeUndo(j, fmt.Errorf("restoring %s: %w (nothing was restored)", c.path, err))
		}
	}
	if err := appendRecord(j.dir, record{Type: "ready"}); err != nil {
		for _, c := range changes {
			os.Remove(c.temp)
		}
		return closeUndo(j, fmt.Errorf("recording the undo in %s: %w (nothing was restored)", j.dir, err))
	}
	for i, c := range changes {
		err := c.commit(func() {})
		if err == nil {
			continue
		}
		var ce *ChangedError
		if errors.As(err, &ce) {
			err = fmt.Errorf("it changed while the undo ran")
		}
		for _, later := range changes[i+1:] {
			os.Remove(later.temp)
		}
		return closeUndo(j, rollBack(changes[:i], fmt.Errorf("restoring %s: %w", c.path, err)))
	}
	dirs := map[string]bool{}
	for _, c := range changes {
		c.cleanup()
		dirs[filepath.Dir(c.path)] = true
	}
	for d := range dirs {
		syncDir(d)
	}
	for _, c := range changes {
		action := "restored"
		switch {
		case !c.toOK:
			action = "removed"
		case !c.fromOK:
			action = "recreated"
		}
		res.Files = append(res.Files, Restored{Path: c.path, Action: action})
	}
	t := now.UTC()
	if err := appendRecord(j.dir, record{Type: "undone", At: &t}); err != nil {
		return fmt.Errorf("files restored, but recording the undo failed: %w", err)
	}
	return setOpen(j.dir, false)
}

// rollBack puts the files of done back as they were before the undo.
func rollBack(done []*change, cause error) error {
	var failed []string
	for i := len(done) - 1; i >= 0; i-- {
		r, prepared := done[i].reverse()
		done[i].swapped = false
		err := error(nil)
		if !prepared {
			err = r.prepare()
		}
		if err == nil {
			err = r.commit(func() {})
		}
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s (%v)", r.path, err))
			continue
		}
		r.cleanup()
	}
	if len(failed) > 0 {
		return fmt.Errorf("%w; putting back the files restored before it failed too: %s. Run `godx fix --undo` again to finish", cause, strings.Join(failed, ", "))
	}
	return fmt.Errorf("%w (the files restored before it were put back as they were)", cause)
}

// closeUndo ends an undo that stopped: its temporary files are gone, so
// the run is closed again, as undone as it was.
func closeUndo(j *runJournal, err error) error {
	appendRecord(j.dir, record{Type: "undo-stopped"})
	setOpen(j.dir, false)
	return err
}

package fixer

// Cleaning up after an interrupted run. Every run (fix, shell-init,
// undo) starts, under the state folder's lock, by finishing what an
// earlier one left: a .partial folder (a run that never touched a file)
// is deleted, and each temporary file the journal of an open run names
// is resolved by what it holds:
//
//   - the operation had not finished writing its temporary files (no
//     "ready" record): it holds a part of godx's content, deleted;
//   - it holds the content godx was writing, or what godx expected to
//     replace (the backup has it): deleted;
//   - anything else is the user's: a save that an interrupted exchange
//     (or removal) had moved out of the way. It is put back where godx's
//     content stands, or left in place and reported when that place holds
//     something else again.
//
// A file written in place (hard links) has no temporary file: if it
// holds what the interrupted write can leave (see torn), the write is
// finished, so that the file is whole again (and undo can restore it).
//
// godx never deletes a file there that the journal does not name.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func recoverRuns(stateDir string) (notes []string, err error) {
	names, err := readDirNames(BackupsDir(stateDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if strings.HasSuffix(n, partialSuffix) {
			step("discard")
			if err := os.RemoveAll(filepath.Join(BackupsDir(stateDir), n)); err != nil {
				return notes, err
			}
		}
	}
	runs, err := listRuns(stateDir)
	if err != nil {
		return notes, err
	}
	for _, dir := range runs {
		if !isOpen(dir) {
			continue
		}
		j, err := readJournal(dir)
		if err != nil {
			notes = append(notes, fmt.Sprintf("an interrupted godx run cannot be cleaned up: %v; its temporary files (.NAME.godx-*) are left where they are", err))
			continue
		}
		var kept []string
		for _, e := range j.lastOp {
			note := recoverTemp(j, e)
			if e.inPlace {
				note = recoverInPlace(j, e)
			}
			if note != "" {
				kept = append(kept, note)
			}
		}
		if err := appendRecord(dir, record{Type: "recovered"}); err != nil {
			return notes, err
		}
		if err := setOpen(dir, false); err != nil {
			return notes, err
		}
		what := j.command
		if j.undos > 0 {
			what = "godx fix --undo of " + j.command
		}
		notes = append(notes, fmt.Sprintf("%s of %s was interrupted; its temporary files are removed, and `godx fix --undo` restores what it changed (backups: %s)", what, j.created.Local().Format("2006-01-02 15:04:05"), dir))
		notes = append(notes, kept...)
	}
	return notes, nil
}

// recoverTemp resolves one temporary file of j's last operation; a
// non-empty note tells the user about their bytes.
func recoverTemp(j *runJournal, e opEntry) string {
	if e.temp == "" {
		return ""
	}
	fi, err := os.Lstat(e.temp)
	if errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	if err != nil || !fi.Mode().IsRegular() {
		return fmt.Sprintf("%s is not a file godx wrote; it is left alone", e.temp)
	}
	remove := func() string {
		step("unlink")
		if err := os.Remove(e.temp); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Sprintf("cannot remove godx's temporary file %s: %v", e.temp, err)
		}
		return ""
	}
	if !j.ready {
		return remove()
	}
	data, err := readLimited(e.temp)
	if err != nil {
		return fmt.Sprintf("cannot read %s (%v); it is left alone", e.temp, err)
	}
	if h := hashOf(data); h == e.to || h == e.from {
		return remove()
	}
	path := e.file.Path
	cur, exists, err := readCurrent(path)
	switch {
	case err != nil:
	case e.to == "" && !exists:
		step("rename-back")
		if renameNoReplace(e.temp, path) == nil {
			j.refused(e)
			return fmt.Sprintf("put back your version of %s, which an interrupted godx run had moved away", path)
		}
	case e.to != "" && exists && hashOf(cur) == e.to:
		// godx's content stands where the user's save was: swap back.
		step("swap-back")
		err := swap(e.temp, path)
		if errors.Is(err, errNoExchange) {
			err = os.Rename(e.temp, path)
		}
		if err == nil {
			j.refused(e)
			if back, err := readLimited(e.temp); err == nil && bytes.Equal(back, cur) {
				remove()
			}
			return fmt.Sprintf("put back your version of %s, which an interrupted godx run had swapped out", path)
		}
	}
	return fmt.Sprintf("%s holds a version of %s that an interrupted godx run moved out of the way; it is neither godx's nor the backup, so it is left there for you to compare", e.temp, path)
}

// refused records that the run's change of e's file did not happen (the
// user's save is back): undo leaves that file alone. Only for the run's
// own operation; an undo's file is judged by its content.
func (j *runJournal) refused(e opEntry) {
	if j.undos == 0 {
		appendRecord(j.dir, record{Type: "refused", N: e.file.N})
	}
}

// recoverInPlace finishes an interrupted in-place write of e's file.
func recoverInPlace(j *runJournal, e opEntry) string {
	path := e.file.Path
	cur, exists, err := readCurrent(path)
	if err != nil || !exists {
		return ""
	}
	if h := hashOf(cur); h == e.from || h == e.to {
		return ""
	}
	from, err1 := j.content(e.file, e.from)
	to, err2 := j.content(e.file, e.to)
	if err1 != nil || err2 != nil || !torn(cur, from, to) && !torn(cur, to, from) {
		return "" // not godx's bytes: undo judges it
	}
	if err := writeInPlace(path, cur, to); err != nil {
		return fmt.Sprintf("cannot finish godx's interrupted write of %s: %v; `godx fix --undo` restores it from %s", path, err, filepath.Join(j.dir, "files"))
	}
	return fmt.Sprintf("finished the interrupted write of %s", path)
}

// content is the content of f with the given hash: its backup or the
// copy of what godx wrote in place.
func (j *runJournal) content(f fileRecord, hash string) ([]byte, error) {
	switch hash {
	case "":
	case f.Before:
		return readBackup(j, f.Backup, f.Before, f.Path)
	case f.After:
		if f.NewCopy != "" {
			return readBackup(j, f.NewCopy, f.After, f.Path)
		}
	}
	return nil, fmt.Errorf("no copy of %s's content %s", f.Path, hash)
}

package fixer

// How one file is changed without losing anyone's bytes. A change turns
// the content `from` into `to` (either may be "no file"): the new
// content goes to a temporary file next to the file (prepare), then
// takes the file's place (commit) in the one way that lets godx see what
// it replaced:
//
//   - replace: the temporary file and the file are exchanged atomically
//     (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np RENAME_SWAP), and
//     what was swapped out is compared with `from`. If it differs, a save
//     landed after godx's last look: the two are swapped back, and the
//     user's bytes are where they were. Where the system cannot exchange,
//     the file is compared just before an ordinary rename (the remaining
//     window is the time between that read and the rename);
//   - create: renamed only if no file appeared meanwhile;
//   - remove: renamed away first, compared, and put back if it differs;
//   - in place, for a file with several hard links (a rename would split
//     them): compared through the open file, then overwritten and
//     truncated (the remaining window is between that read and the write).
//
// A change keeps what it swapped out until cleanup, so that an undo can
// be rolled back with the same exchange.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"unicode/utf8"
)

// errNoExchange: the file system cannot exchange or rename without
// replacing atomically.
var errNoExchange = errors.New("atomic exchange not supported")

// swap is exchange; tests replace it to run the path of systems without
// one.
var swap = exchange

// inPlaceChunk is how much of an in-place write goes in one write call
// (each is a step a crash test can stop at).
const inPlaceChunk = 1 << 20

type change struct {
	path string // the file
	temp string // the temporary file's full path (unused in place)
	// from is what the file must hold for the change to go ahead, to what
	// it will hold; fromOK/toOK are false for "no file".
	from, to     []byte
	fromOK, toOK bool
	inPlace      bool
	mode         fs.FileMode
	owner        fileOwner

	// swapped: commit left what it replaced in temp (an exchange, or a
	// file moved away to be removed).
	swapped bool
}

// prepare writes the new content to the temporary file, synced, with the
// permissions and owner the file has now (mode for a new file). An owner
// that cannot be kept is an OwnerError and leaves nothing behind.
func (c *change) prepare() (err error) {
	if !c.toOK || c.inPlace {
		return nil
	}
	if !c.fromOK {
		if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
			return err
		}
	} else {
		// The owner and permissions the file has now, not when the plan
		// was made: someone may have changed them since.
		fi, err := os.Stat(c.path)
		if errors.Is(err, fs.ErrNotExist) {
			return &ChangedError{Path: c.path}
		}
		if err != nil {
			return err
		}
		c.mode, c.owner = fi.Mode().Perm(), ownerOf(fi)
	}
	step("temp")
	f, err := os.OpenFile(c.temp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(c.temp)
		}
	}()
	if _, err = f.Write(c.to); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if runtime.GOOS != "windows" {
		if err = f.Chmod(c.mode); err != nil {
			return err
		}
	}
	if c.fromOK {
		if err = c.owner.set(f, c.path); err != nil {
			return err
		}
	}
	return f.Close()
}

// commit puts the prepared content in place. A file that no longer holds
// `from` is left with its content and the error is a ChangedError;
// conflict is called when that is found after the swap (before swapping
// back), so that the journal says so first. A KeptError says a second
// save landed while swapping back, and where it was kept.
func (c *change) commit(conflict func()) error {
	switch {
	case c.inPlace:
		return writeInPlace(c.path, c.from, c.to)
	case !c.toOK:
		return c.commitRemove(conflict)
	case !c.fromOK:
		step("rename")
		err := renameNoReplace(c.temp, c.path)
		if err != nil {
			os.Remove(c.temp)
			if errors.Is(err, fs.ErrExist) {
				return &ChangedError{Path: c.path}
			}
		}
		return err
	}
	step("exchange")
	err := swap(c.temp, c.path)
	if errors.Is(err, errNoExchange) {
		cur, exists, err := readCurrent(c.path)
		if err != nil || !exists || !bytes.Equal(cur, c.from) {
			os.Remove(c.temp)
			if err != nil {
				return err
			}
			return &ChangedError{Path: c.path}
		}
		step("rename")
		if err := os.Rename(c.temp, c.path); err != nil {
			os.Remove(c.temp)
			return err
		}
		return nil
	}
	if err != nil {
		os.Remove(c.temp)
		if errors.Is(err, fs.ErrNotExist) {
			return &ChangedError{Path: c.path}
		}
		return err
	}
	if got, err := readLimited(c.temp); err == nil && bytes.Equal(got, c.from) {
		c.swapped = true
		return nil
	}
	// A save landed between godx's last look and the exchange: the
	// user's file is now the temporary one. Swap back.
	conflict()
	step("swap-back")
	if err := swap(c.temp, c.path); err != nil {
		return &KeptError{Path: c.path, Kept: c.temp, Err: err}
	}
	if back, err := readLimited(c.temp); err == nil && bytes.Equal(back, c.to) {
		step("unlink")
		os.Remove(c.temp)
		return &ChangedError{Path: c.path}
	}
	// Another save replaced godx's file in that instant: both versions
	// are the user's, and the later one is now in temp. Swap once more
	// so that it is in place, and keep the earlier one.
	step("swap-back")
	swap(c.temp, c.path)
	return &KeptError{Path: c.path, Kept: c.temp}
}

func (c *change) commitRemove(conflict func()) error {
	step("rename")
	if err := os.Rename(c.path, c.temp); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &ChangedError{Path: c.path}
		}
		return err
	}
	if got, err := readLimited(c.temp); err == nil && bytes.Equal(got, c.from) {
		c.swapped = true
		return nil
	}
	conflict()
	step("rename-back")
	if err := renameNoReplace(c.temp, c.path); err != nil {
		return &KeptError{Path: c.path, Kept: c.temp, Err: err}
	}
	return &ChangedError{Path: c.path}
}

// cleanup deletes what commit swapped out (`from`, which the backup or
// the journal's caller still has).
func (c *change) cleanup() {
	if c.swapped {
		step("unlink")
		os.Remove(c.temp)
		c.swapped = false
	}
}

// reverse is the change that undoes c after a successful commit (before
// cleanup): with what c swapped out still in temp, it needs no prepare.
func (c *change) reverse() (r *change, prepared bool) {
	r = &change{path: c.path, temp: c.temp, from: c.to, to: c.from, fromOK: c.toOK, toOK: c.fromOK,
		inPlace: c.inPlace, mode: c.mode, owner: c.owner}
	return r, c.swapped || c.inPlace || !r.toOK
}

// writeInPlace overwrites path with to if it holds from, through one
// open file, so that its hard links, owner and permissions stay. It
// writes from the start, then truncates: a crash leaves to[:k]+from[k:]
// (see torn).
func writeInPlace(path string, from, to []byte) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &ChangedError{Path: path}
		}
		return err
	}
	defer f.Close()
	cur, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, from) {
		return &ChangedError{Path: path}
	}
	if err := overwrite(f, to); err != nil {
		// A full disk (a file that grows, or a copy-on-write file
		// system) stops the write midway: put the original back the same
		// way, which needs no more room than it had.
		if err2 := overwrite(f, from); err2 != nil {
			return &TornError{Path: path, Err: err, Restore: err2}
		}
		return err
	}
	return f.Close()
}

// overwrite writes data over f from the start, truncates f to it, and
// syncs.
func overwrite(f *os.File, data []byte) error {
	for off := 0; off < len(data); off += inPlaceChunk {
		step("write")
		if _, err := f.WriteAt(data[off:min(off+inPlaceChunk, len(data))], int64(off)); err != nil {
			return err
		}
	}
	step("truncate")
	if err := f.Truncate(int64(len(data))); err != nil {
		return err
	}
	return f.Sync()
}

// TornError: an in-place write failed midway and so did putting the
// original back. The journal does not mark the file as failed, so that
// `godx fix --undo` recognises the partial write and restores it.
type TornError struct {
	Path         string
	Err, Restore error
}

func (e *TornError) Error() string {
	return fmt.Sprintf("writing %s in place failed (%v), and so did putting its original content back (%v): it holds part of each. `godx fix --undo` restores it from the backup", e.Path, e.Err, e.Restore)
}

// torn reports whether cur is what an interrupted writeInPlace of to
// over from can leave: to[:k] followed by from[k:] (nothing of from
// when k is past its end), for some k.
func torn(cur, from, to []byte) bool {
	if bytes.Equal(cur, to) || bytes.Equal(cur, from) {
		return true
	}
	if len(cur) > len(from) {
		return len(cur) <= len(to) && bytes.Equal(cur, to[:len(cur)])
	}
	if len(cur) < len(from) {
		return false
	}
	// Same length as from: the longest prefix shared with to must reach
	// the shortest suffix shared with from.
	p := 0
	for p < len(cur) && p < len(to) && cur[p] == to[p] {
		p++
	}
	s := len(cur)
	for s > 0 && cur[s-1] == from[s-1] {
		s--
	}
	return s <= p
}

// linkNoReplace renames a to b only if b does not exist, with a hard link
// (which fails if b exists) where renaming cannot say so; on a file
// system without hard links, b is checked just before an ordinary rename.
func linkNoReplace(a, b string) error {
	err := os.Link(a, b)
	if err == nil {
		os.Remove(a) // b is in place; a left over is the next run's to clean
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return &fs.PathError{Op: "rename", Path: b, Err: fs.ErrExist}
	}
	if _, err := os.Lstat(b); err == nil {
		return &fs.PathError{Op: "rename", Path: b, Err: fs.ErrExist}
	}
	return os.Rename(a, b)
}

// tempName is the temporary file of a change of path: hidden, next to
// it, named after it and the run (so a journal can name it before it
// exists), and short enough for any file system.
func tempName(path, runID, suffix string) string {
	return filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.godx-%s-%s", cutName(filepath.Base(path)), runID, suffix))
}

// cutName cuts a file name to 64 bytes, at a character boundary, so
// that the names godx derives from it stay within any file system's
// limit.
func cutName(base string) string {
	if len(base) <= 64 {
		return base
	}
	base = base[:64]
	for !utf8.ValidString(base) {
		base = base[:len(base)-1]
	}
	return base
}

// OwnerError: the file belongs to someone this process cannot give a
// new file to, so replacing it would change its owner.
type OwnerError struct {
	Path, Owner, Me string
	Err             error
}

func (e *OwnerError) Error() string {
	return fmt.Sprintf("%s is owned by %s and godx runs as %s: the rewritten file could not be given that owner, so godx leaves it alone (nothing was written to it). Run the fix as its owner or with sudo.", e.Path, e.Owner, e.Me)
}

// KeptError: a change found a save that landed while it ran, put the
// latest one in place, and kept the other in Kept.
type KeptError struct {
	Path, Kept string
	Err        error
}

func (e *KeptError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s was saved while godx was writing it, and godx could not put it back (%v): your version is in %s. Nothing of yours was deleted.", e.Path, e.Err, e.Kept)
	}
	return fmt.Sprintf("%s was saved twice while godx was writing it: both of your versions are kept, the later one in place, the earlier one in %s. godx's change was not applied.", e.Path, e.Kept)
}

package fixer

// The run folder and its write-ahead journal. Each run that writes files
// gets <state>/backups/<UTC time>/ holding files/ (the originals) and
// journal.jsonl, one JSON record a line, each appended and fsynced before
// the step it announces:
//
//	run      the command, time, commands and the run's id
//	file     one per file: path, link, mode, owner, hashes before and
//	         after, backup and temporary file names
//	ready    every temporary file of the operation is complete
//	refused, failed, kept   a file the run did not change, and why
//	end      the run finished (the temporary files are gone)
//	undo     an undo starts: its temporary files
//	undone   that undo finished
//	recovered  a later run cleaned up after an interrupted one
//
// The folder is built as <time>.partial and renamed into place once the
// backups and the file records are on disk, so an interrupted backup
// leaves no folder that `godx fix --undo` would read. While an operation
// writes files, the folder holds an "open" marker, so the next run knows
// which journal to recover (see recover.go).

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/filelock"
)

const (
	journalName    = "journal.jsonl"
	journalVersion = 2
	openMarker     = "open"
	partialSuffix  = ".partial"
	lockName       = "lock"
)

// record is one line of a journal (fields by type, see above).
type record struct {
	Type     string       `json:"t"`
	Version  int          `json:"v,omitempty"`
	ID       string       `json:"id,omitempty"`
	Created  *time.Time   `json:"created,omitempty"`
	Command  string       `json:"command,omitempty"`
	Commands []string     `json:"commands,omitempty"`
	File     *fileRecord  `json:"file,omitempty"`
	N        int          `json:"n,omitempty"`
	Why      string       `json:"why,omitempty"`
	Kept     string       `json:"kept,omitempty"`
	Undo     []undoRecord `json:"undo,omitempty"`
	At       *time.Time   `json:"at,omitempty"`
}

// fileRecord is a file a run is about to change.
type fileRecord struct {
	N       int    `json:"n"`
	Path    string `json:"path"`            // the file written (links resolved)
	Named   string `json:"named,omitempty"` // as the fix named it, when a link
	Link    string `json:"link,omitempty"`  // that symlink's text
	Existed bool   `json:"existed"`
	Remove  bool   `json:"remove,omitempty"`
	// InPlace: the file has Links hard links and is written in place;
	// NewCopy (under files/) holds what is written, to recognise a write
	// cut short.
	InPlace bool     `json:"in_place,omitempty"`
	Links   int      `json:"links,omitempty"`
	Mode    uint32   `json:"mode"`
	UID     *int     `json:"uid,omitempty"`
	GID     *int     `json:"gid,omitempty"`
	Before  string   `json:"before_sha256,omitempty"` // "" when it did not exist
	After   string   `json:"after_sha256,omitempty"`  // "" when removed
	Backup  string   `json:"backup,omitempty"`        // under files/
	NewCopy string   `json:"new_copy,omitempty"`      // under files/
	Temp    string   `json:"temp,omitempty"`          // full path
	Checks  []string `json:"checks,omitempty"`
}

// undoRecord is one file an undo restores: what it held then (From, a
// hash, "" for no file) and the undo's temporary file.
type undoRecord struct {
	N       int    `json:"n"`
	From    string `json:"from_sha256,omitempty"`
	Temp    string `json:"temp,omitempty"`
	InPlace bool   `json:"in_place,omitempty"`
}

// runJournal is a journal read back.
type runJournal struct {
	dir      string
	id       string
	created  time.Time
	command  string
	commands []string
	files    []fileRecord
	outcome  map[int]string // n -> refused, failed or kept
	ended    bool
	undone   *time.Time
	undos    int
	// lastOp is the last operation that wrote temporary files: the run
	// itself, or its last undo.
	lastOp []opEntry
	ready  bool
}

// opEntry is a file an operation changes, with its temporary file (""
// when written in place) and the contents it goes between (hashes; ""
// for no file).
type opEntry struct {
	file     fileRecord
	temp     string
	inPlace  bool
	from, to string
}

func (j *runJournal) file(n int) *fileRecord {
	if n < 1 || n > len(j.files) {
		return nil
	}
	return &j.files[n-1]
}

// readJournal reads dir's journal. A last line without its newline is a
// record cut short by a crash: it was not fsynced, so nothing it
// announced happened, and it is ignored.
func readJournal(dir string) (*runJournal, error) {
	path := filepath.Join(dir, journalName)
	data, err := readLimited(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("the run in %s has no journal (it was made by an older godx, or damaged): godx cannot undo it; its backups are in %s", dir, filepath.Join(dir, "files"))
	}
	if err != nil {
		return nil, fmt.Errorf("reading the journal of the run in %s: %w", dir, err)
	}
	if i := bytes.LastIndexByte(data, '\n'); i < len(data)-1 {
		data = data[:i+1]
	}
	j := &runJournal{dir: dir, outcome: map[int]string{}}
	for n, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		var r record
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, fmt.Errorf("the journal %s is damaged (line %d: %v)", path, n+1, err)
		}
		if n == 0 && (r.Type != "run" || r.Version != journalVersion) {
			return nil, fmt.Errorf("%s is not a godx journal this version reads", path)
		}
		switch r.Type {
		case "run":
			j.id, j.command, j.commands = r.ID, r.Command, r.Commands
			if r.Created != nil {
				j.created = *r.Created
			}
		case "file":
			if r.File == nil || r.File.N != len(j.files)+1 {
				return nil, fmt.Errorf("the journal %s is damaged (line %d: file records out of order)", path, n+1)
			}
			j.files = append(j.files, *r.File)
			f := r.File
			j.lastOp = append(j.lastOp, opEntry{file: *f, temp: f.Temp, inPlace: f.InPlace, from: f.Before, to: f.After})
		case "ready":
			j.ready = true
		case "refused", "failed", "kept":
			j.outcome[r.N] = r.Type
		case "end":
			j.ended = true
		case "undo":
			j.undos++
			j.lastOp, j.ready = nil, false
			for _, u := range r.Undo {
				if f := j.file(u.N); f != nil {
					j.lastOp = append(j.lastOp, opEntry{file: *f, temp: u.Temp, inPlace: u.InPlace, from: u.From, to: f.Before})
				}
			}
		case "undone":
			j.undone = r.At
		}
	}
	if j.id == "" {
		return nil, fmt.Errorf("the journal %s is empty", path)
	}
	return j, nil
}

// appendRecord adds r to dir's journal, synced.
func appendRecord(dir string, r record) error {
	step("journal")
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, journalName), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// setOpen creates or removes dir's "open" marker, synced.
func setOpen(dir string, open bool) error {
	p := filepath.Join(dir, openMarker)
	if open {
		step("open")
		if err := writeNew(p, nil); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	} else {
		step("close")
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	syncDir(dir)
	return nil
}

func isOpen(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, openMarker))
	return err == nil
}

// lockState takes the state folder's lock (created if missing), so that
// two godx processes never write files or journals at once; the system
// drops it if godx dies.
func lockState(stateDir string) (unlock func(), err error) {
	if stateDir == "" {
		return nil, errors.New("no state folder")
	}
	if err := mkdirPrivate(stateDir); err != nil {
		return nil, err
	}
	return filelock.Lock(filepath.Join(stateDir, lockName))
}

// listRuns lists the finished run folders, newest first.
func listRuns(stateDir string) ([]string, error) {
	names, err := readDirNames(BackupsDir(stateDir))
	if err != nil {
		return nil, err
	}
	var runs []string
	for _, n := range names {
		if !strings.HasSuffix(n, partialSuffix) && !strings.HasPrefix(n, ".") {
			runs = append(runs, filepath.Join(BackupsDir(stateDir), n))
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(runs)))
	return runs, nil
}

// run is a run folder being written.
type run struct {
	dir   string
	id    string
	files []fileRecord
}

// createRun makes the run folder for edits (backups, journal with one
// file record each, open marker) under a .partial name and renames it
// into place. On error nothing is left and no file was touched.
func createRun(stateDir string, now time.Time, command string, commands []string, edits []*Edit) (r *run, err error) {
	base := BackupsDir(stateDir)
	if err := mkdirPrivate(base); err != nil {
		return nil, err
	}
	stamp := now.UTC().Format("20060102T150405.000000000Z")
	name := stamp
	for i := 1; ; i++ {
		if _, err := os.Lstat(filepath.Join(base, name)); errors.Is(err, fs.ErrNotExist) {
			break
		}
		if i > 100 {
			return nil, fmt.Errorf("cannot name the backup folder in %s", base)
		}
		name = fmt.Sprintf("%s-%d", stamp, i)
	}
	partial := filepath.Join(base, name+partialSuffix)
	os.RemoveAll(partial) // a leftover of a crash (we hold the lock)
	step("mkdir")
	if err := mkdirNew(partial); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(partial)
			syncDir(base)
		}
	}()
	if err := mkdirNew(filepath.Join(partial, "files")); err != nil {
		return nil, err
	}
	id := newRunID()
	r = &run{dir: filepath.Join(base, name), id: id}
	t := now.UTC()
	recs := []record{{Type: "run", Version: journalVersion, ID: id, Created: &t, Command: command, Commands: commands}}
	for i, e := range edits {
		f := e.record(i+1, id)
		if e.Exists {
			f.Backup = fmt.Sprintf("%d-%s.orig", f.N, shortBase(e.Target))
			step("backup")
			if err := writeNew(filepath.Join(partial, "files", f.Backup), e.Old); err != nil {
				return nil, fmt.Errorf("backing up %s: %w", e.Path, err)
			}
		}
		if f.InPlace {
			f.NewCopy = fmt.Sprintf("%d-%s.new", f.N, shortBase(e.Target))
			step("backup")
			if err := writeNew(filepath.Join(partial, "files", f.NewCopy), e.New); err != nil {
				return nil, fmt.Errorf("backing up %s: %w", e.Path, err)
			}
		}
		r.files = append(r.files, f)
		recs = append(recs, record{Type: "file", File: &r.files[len(r.files)-1]})
	}
	syncDir(filepath.Join(partial, "files"))
	var buf bytes.Buffer
	for _, rec := range recs {
		line, err := json.Marshal(rec)
		if err != nil {
			return nil, err
		}
		buf.Write(append(line, '\n'))
	}
	step("journal")
	if err := writeNew(filepath.Join(partial, journalName), buf.Bytes()); err != nil {
		return nil, fmt.Errorf("writing the journal: %w", err)
	}
	if err := setOpen(partial, true); err != nil {
		return nil, err
	}
	step("publish")
	if err := os.Rename(partial, r.dir); err != nil {
		return nil, err
	}
	syncDir(base)
	return r, nil
}

// record is e's journal record as file n of run id.
func (e *Edit) record(n int, id string) fileRecord {
	f := fileRecord{N: n, Path: e.Target, Existed: e.Exists, Remove: e.Remove, Mode: uint32(e.Mode), Links: e.Links, InPlace: e.inPlace()}
	if e.Target != e.Path {
		f.Named, f.Link = e.Path, e.Link
	}
	if e.owner.known {
		uid, gid := e.owner.UID, e.owner.GID
		f.UID, f.GID = &uid, &gid
	}
	if e.Exists {
		f.Before = hashOf(e.Old)
	}
	if !e.Remove {
		f.After = hashOf(e.New)
	}
	if !f.InPlace {
		f.Temp = tempName(e.Target, id, strconv.Itoa(n))
	}
	for _, r := range e.Reasons {
		f.Checks = append(f.Checks, r.CheckID)
	}
	return f
}

func newRunID() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// shortBase is path's base name, short enough to build names from.
func shortBase(path string) string { return cutName(filepath.Base(path)) }

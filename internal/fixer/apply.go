package fixer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strconv"
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
	// Command names what made the changes, recorded in the manifest
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

// CommandResult is a command fix that ran.
type CommandResult struct {
	Command *Command
	Output  []byte
	Err     error
}

// Result is what Apply did.
type Result struct {
	Applied  []*Edit
	Refused  []EditError // the file changed after the plan was made
	Failed   []EditError // reading, backing up or writing failed
	Commands []CommandResult
	// BackupDir holds this run's backups and manifest ("" when nothing
	// was written).
	BackupDir string
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

// manifest records one run: what was backed up, what was written.
type manifest struct {
	Version  int            `json:"version"`
	Created  time.Time      `json:"created"`
	Command  string         `json:"command"`
	Files    []manifestFile `json:"files"`
	Commands []string       `json:"commands,omitempty"`
	Undone   *time.Time     `json:"undone,omitempty"`
}

type manifestFile struct {
	Path    string   `json:"path"`
	Backup  string   `json:"backup,omitempty"` // under files/, when the file existed
	Existed bool     `json:"existed"`
	Removed bool     `json:"removed,omitempty"`
	Mode    uint32   `json:"mode"`
	Before  string   `json:"before_sha256,omitempty"`
	After   string   `json:"after_sha256,omitempty"`
	Applied bool     `json:"applied"`
	Checks  []string `json:"checks,omitempty"`
}

const manifestName = "manifest.json"

// Apply applies the plan: edits first (each backed up, then written
// atomically, each refused if its file changed since the plan was made),
// then commands, in order. The error is for a failure before anything
// was written (the backup folder cannot be created); everything else is
// in the Result.
func Apply(ctx context.Context, plan *Plan, opts Options) (*Result, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.BeforeApply != nil {
		opts.BeforeApply()
	}
	res := &Result{}
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
	dir, err := newRunDir(opts.StateDir, opts.Now())
	if err != nil {
		return res, fmt.Errorf("creating the backup folder: %w (nothing was changed)", err)
	}
	res.BackupDir = dir
	m := &manifest{Version: 1, Created: opts.Now().UTC(), Command: opts.Command}
	for _, c := range plan.Commands {
		m.Commands = append(m.Commands, c.String())
	}
	// All backups before any write.
	for i, e := range todo {
		mf := manifestFile{Path: e.Target, Existed: e.Exists, Removed: e.Remove, Mode: uint32(e.Mode), Before: hashOf(e.Old)}
		if !e.Remove {
			mf.After = hashOf(e.New)
		}
		for _, r := range e.Reasons {
			mf.Checks = append(mf.Checks, r.CheckID)
		}
		if e.Exists {
			mf.Backup = strconv.Itoa(i+1) + "-" + filepath.Base(e.Target) + ".orig"
			if err := writeNew(filepath.Join(dir, "files", mf.Backup), e.Old); err != nil {
				return res, fmt.Errorf("backing up %s: %w (nothing was changed)", e.Path, err)
			}
		}
		m.Files = append(m.Files, mf)
	}
	if err := writeManifest(dir, m); err != nil {
		return res, fmt.Errorf("writing the backup manifest: %w (nothing was changed)", err)
	}
	for i, e := range todo {
		if err := unchanged(e); err != nil {
			res.Refused = append(res.Refused, EditError{e, err})
			continue
		}
		if e.Remove {
			err = removeFile(e.Target)
		} else {
			err = writeAtomic(e.Target, e.New, e.Mode)
		}
		if err != nil {
			res.Failed = append(res.Failed, EditError{e, err})
			continue
		}
		m.Files[i].Applied = true
		res.Applied = append(res.Applied, e)
	}
	if err := writeManifest(dir, m); err != nil {
		res.Failed = append(res.Failed, EditError{&Edit{Path: filepath.Join(dir, manifestName)}, fmt.Errorf("updating the backup manifest: %w; `godx fix --undo` may not restore this run", err)})
	}
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

// unchanged checks that e's file still holds what the plan read.
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

// newRunDir creates <state>/backups/<UTC time>, unique and sortable.
func newRunDir(stateDir string, now time.Time) (string, error) {
	if stateDir == "" {
		return "", errors.New("no state folder")
	}
	base := BackupsDir(stateDir)
	if err := mkdirPrivate(base); err != nil {
		return "", err
	}
	stamp := now.UTC().Format("20060102T150405.000000000Z")
	for i := 0; ; i++ {
		name := stamp
		if i > 0 {
			name = fmt.Sprintf("%s-%d", stamp, i)
		}
		dir := filepath.Join(base, name)
		err := mkdirNew(dir)
		if err == nil {
			return dir, mkdirPrivate(filepath.Join(dir, "files"))
		}
		if !errors.Is(err, fs.ErrExist) || i > 100 {
			return "", err
		}
	}
}

func writeManifest(dir string, m *manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, manifestName), append(data, '\n'), 0o600)
}

// Restored is one file Undo put back.
type Restored struct {
	Path string
	// Action is "restored" (old content written back), "removed" (the run
	// created it) or "recreated" (the run removed it).
	Action string
}

// UndoResult is what Undo did.
type UndoResult struct {
	BackupDir string
	Created   time.Time
	Command   string
	Files     []Restored
	// Commands are the command fixes of that run: undo cannot reverse them.
	Commands []string
}

// ErrNothingToUndo: no run has been recorded.
var ErrNothingToUndo = errors.New("nothing to undo: godx has not changed any file yet")

// Undo restores the files the last run changed, all or none: it refuses
// when any of them no longer holds what that run wrote, and a restore
// that fails midway puts the already restored files back as they were.
func Undo(stateDir string, now time.Time) (*UndoResult, error) {
	names, err := readDirNames(BackupsDir(stateDir))
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(names) == 0 {
		return nil, ErrNothingToUndo
	}
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	dir := filepath.Join(BackupsDir(stateDir), names[len(names)-1])
	data, err := readLimited(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, fmt.Errorf("reading the last run's manifest: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading the last run's manifest %s: %w", filepath.Join(dir, manifestName), err)
	}
	res := &UndoResult{BackupDir: dir, Created: m.Created, Command: m.Command, Commands: m.Commands}
	if m.Undone != nil {
		return res, fmt.Errorf("the last run (%s, %s) was already undone on %s", m.Command, m.Created.Local().Format(time.DateTime), m.Undone.Local().Format(time.DateTime))
	}
	type step struct {
		mf      manifestFile
		current []byte
		exists  bool
		backup  []byte
	}
	var steps []step
	var changed []string
	for _, mf := range m.Files {
		if !mf.Applied {
			continue
		}
		cur, exists, err := readCurrent(mf.Path)
		if err != nil {
			return res, err
		}
		if mf.Removed && exists || !mf.Removed && (!exists || hashOf(cur) != mf.After) {
			changed = append(changed, mf.Path)
			continue
		}
		s := step{mf: mf, current: cur, exists: exists}
		if mf.Existed {
			b, err := readLimited(filepath.Join(dir, "files", mf.Backup))
			if err != nil {
				return res, fmt.Errorf("reading the backup of %s: %w (nothing was restored)", mf.Path, err)
			}
			if hashOf(b) != mf.Before {
				return res, fmt.Errorf("the backup of %s (%s) is damaged (nothing was restored)", mf.Path, filepath.Join(dir, "files", mf.Backup))
			}
			s.backup = b
		}
		steps = append(steps, s)
	}
	if len(changed) > 0 {
		return res, fmt.Errorf("refusing to undo: %s changed after %s wrote it, and undoing would lose those changes (nothing was restored). The backups are in %s",
			strings.Join(changed, ", "), m.Command, filepath.Join(dir, "files"))
	}
	for i, s := range steps {
		var err error
		action := "restored"
		switch {
		case !s.mf.Existed:
			action = "removed"
			err = removeFile(s.mf.Path)
		default:
			if s.mf.Removed {
				action = "recreated"
			}
			err = writeAtomic(s.mf.Path, s.backup, fs.FileMode(s.mf.Mode))
		}
		if err != nil {
			// Put back what was there before this undo started.
			for _, done := range steps[:i] {
				if done.exists {
					writeAtomic(done.mf.Path, done.current, fs.FileMode(done.mf.Mode))
				} else {
					removeFile(done.mf.Path)
				}
			}
			return res, fmt.Errorf("restoring %s: %w (the files restored before it were put back as they were)", s.mf.Path, err)
		}
		res.Files = append(res.Files, Restored{Path: s.mf.Path, Action: action})
	}
	t := now.UTC()
	m.Undone = &t
	if err := writeManifest(dir, &m); err != nil {
		return res, fmt.Errorf("files restored, but recording the undo failed: %w", err)
	}
	return res, nil
}

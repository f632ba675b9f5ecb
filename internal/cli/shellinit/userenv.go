package shellinit

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/fixer"
)

// userEnv is the user's persistent environment: on Windows the Path value
// under HKCU\Environment, which new programs inherit.
type userEnv interface {
	// Path is the raw user Path ("" when it is not set).
	Path() (string, error)
	// SetPath writes it back, keeping its registry type (REG_EXPAND_SZ
	// when it holds %VARIABLES%).
	SetPath(value string) error
	// Broadcast tells running programs (Explorer above all) that the
	// environment changed (WM_SETTINGCHANGE "Environment").
	Broadcast() error
}

// openUserEnv is replaced on Windows (userenv_windows.go) and in tests.
var openUserEnv = func() (userEnv, error) { return nil, errNoRegistry }

// userPathRecord remembers which entries godx added to the user Path, so
// --uninstall removes those and nothing else.
type userPathRecord struct {
	Added    []string  `json:"added"`
	Previous string    `json:"previous_path"`
	Updated  time.Time `json:"updated"`
}

func userPathRecordFile(state string) string { return filepath.Join(state, "user-path.json") }

// userPathHas reports whether the ';' list value has dir, compared the way
// Windows resolves PATH: %VARIABLES% expanded, case and trailing
// separators ignored.
func userPathHas(value, dir string, expand func(string) string) bool {
	norm := func(s string) string { return strings.ToLower(strings.TrimRight(expand(strings.TrimSpace(s)), `\/`)) }
	want := norm(dir)
	for _, e := range strings.Split(value, ";") {
		if e != "" && norm(e) == want {
			return true
		}
	}
	return false
}

// addUserPath appends the dirs the user Path lacks and records them.
func addUserPath(ue userEnv, dirs []string, state string, expand func(string) string, now time.Time) ([]string, error) {
	cur, err := ue.Path()
	if err != nil {
		return nil, err
	}
	next := cur
	var added []string
	for _, d := range dirs {
		if userPathHas(next, d, expand) {
			continue
		}
		if next != "" && !strings.HasSuffix(next, ";") {
			next += ";"
		}
		next += d
		added = append(added, d)
	}
	if len(added) == 0 {
		return nil, nil
	}
	rec := readUserPathRecord(state)
	rec.Previous, rec.Updated = cur, now.UTC()
	for _, d := range added {
		if !slices.Contains(rec.Added, d) {
			rec.Added = append(rec.Added, d)
		}
	}
	// Record first: an entry godx added but did not record could never be
	// removed by --uninstall.
	if err := writeUserPathRecord(state, rec); err != nil {
		return nil, err
	}
	if err := ue.SetPath(next); err != nil {
		return nil, err
	}
	return added, nil
}

// removeUserPath removes the entries godx recorded adding.
func removeUserPath(ue userEnv, state string, expand func(string) string, now time.Time) ([]string, error) {
	rec := readUserPathRecord(state)
	if len(rec.Added) == 0 {
		return nil, nil
	}
	cur, err := ue.Path()
	if err != nil {
		return nil, err
	}
	var keep, removed []string
	for _, e := range strings.Split(cur, ";") {
		drop := false
		for _, d := range rec.Added {
			if e != "" && userPathHas(e, d, expand) {
				drop = true
			}
		}
		if drop {
			removed = append(removed, e)
		} else {
			keep = append(keep, e)
		}
	}
	if len(removed) > 0 {
		if err := ue.SetPath(strings.Join(keep, ";")); err != nil {
			return nil, err
		}
	}
	rec.Added, rec.Previous, rec.Updated = nil, cur, now.UTC()
	return removed, writeUserPathRecord(state, rec)
}

func readUserPathRecord(state string) userPathRecord {
	var rec userPathRecord
	if data, err := fixer.ReadFile(userPathRecordFile(state)); err == nil {
		json.Unmarshal(data, &rec)
	}
	return rec
}

func writeUserPathRecord(state string, rec userPathRecord) error {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	return fixer.WriteFile(userPathRecordFile(state), append(data, '\n'), 0o600)
}

// userScope applies --scope user: the user Path in the registry.
func userScope(fx *facts.Facts, o *Options, dirs []string, out io.Writer) error {
	ue, err := openUserEnv()
	if err != nil {
		return err
	}
	state, err := fixer.StateDir(fx.GOOS(), fx.Getenv)
	if err != nil {
		return fmt.Errorf("cannot place godx's record of the user Path: %w", err)
	}
	expand := func(s string) string { return expandWindows(s, fx.Getenv) }
	if o.DryRun {
		cur, err := ue.Path()
		if err != nil {
			return err
		}
		for _, d := range dirs {
			if o.Install && !userPathHas(cur, d, expand) {
				fmt.Fprintf(out, "Would add %s to the user Path (HKCU\\Environment).\n", d)
			}
		}
		return nil
	}
	var changed []string
	if o.Install {
		changed, err = addUserPath(ue, dirs, state, expand, fx.OS.Now())
	} else {
		changed, err = removeUserPath(ue, state, expand, fx.OS.Now())
	}
	if err != nil {
		return fmt.Errorf("changing the user Path in the registry: %w", err)
	}
	if len(changed) == 0 {
		fmt.Fprintln(out, "The user Path in the registry needs no change.")
		return nil
	}
	verb := "Added to"
	if o.Uninstall {
		verb = "Removed from"
	}
	fmt.Fprintf(out, "%s the user Path (HKCU\\Environment): %s\n", verb, strings.Join(changed, "; "))
	if err := ue.Broadcast(); err != nil {
		fmt.Fprintf(out, "Telling running programs about it failed (%v); sign out and in again to be sure.\n", err)
	}
	fmt.Fprintln(out, "Programs started from now on see the new Path. Programs already open keep their old one until you restart them:"+
		" this terminal and any other open terminal (Windows Terminal, cmd, PowerShell), editors (VS Code, GoLand), and programs they started (language servers, debuggers).")
	return nil
}

// expandWindows expands %NAME% references the way ExpandEnvironmentStrings
// does (unknown names are kept as written).
func expandWindows(s string, getenv func(string) string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '%')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '%')
		if j < 0 {
			break
		}
		name := s[i+1 : i+1+j]
		if v := getenv(name); v != "" && name != "" {
			b.WriteString(s[:i] + v)
		} else {
			b.WriteString(s[:i+2+j])
		}
		s = s[i+2+j:]
	}
	b.WriteString(s)
	return b.String()
}

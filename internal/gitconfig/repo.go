package gitconfig

import (
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// Repo is a git repository found from a directory.
type Repo struct {
	Worktree  string // the top of the working tree
	GitDir    string // the repository's .git directory (a linked worktree's own)
	CommonDir string // where config and info/ live (the main .git of a linked worktree)
}

// FindRepo walks up from dir to the first .git: a directory, or a file
// "gitdir: <path>" as linked worktrees and submodules have. ok is false
// outside a repository, and for a .git file that names no directory.
func FindRepo(f *facts.Facts, dir string) (repo Repo, ok bool) {
	for d := f.CleanPath(dir); ; {
		dotgit := f.JoinPath(d, ".git")
		if st, err := f.OS.Stat(dotgit); err == nil {
			r := Repo{Worktree: d, GitDir: dotgit}
			if !st.IsDir() {
				data, err := f.ReadFile(dotgit)
				target, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
				if err != nil || !ok {
					return r, false
				}
				target = strings.TrimSpace(target)
				if !f.IsAbs(target) {
					target = f.JoinPath(d, target)
				}
				r.GitDir = f.CleanPath(target)
			}
			r.CommonDir = r.GitDir
			if data, err := f.ReadFile(f.JoinPath(r.GitDir, "commondir")); err == nil {
				c := strings.TrimSpace(string(data))
				if !f.IsAbs(c) {
					c = f.JoinPath(r.GitDir, c)
				}
				r.CommonDir = f.CleanPath(c)
			}
			return r, true
		}
		parent := f.ParentDir(d)
		if parent == d || parent == "." {
			return Repo{}, false
		}
		d = parent
	}
}

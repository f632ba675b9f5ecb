//go:build unix

package fixer

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"slices"
	"strconv"
	"syscall"
)

// fileOwner is a file's owner and group (known is false where godx does
// not carry them over).
type fileOwner struct {
	UID, GID int
	known    bool
}

func ownerOf(fi fs.FileInfo) fileOwner {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return fileOwner{UID: int(st.Uid), GID: int(st.Gid), known: true}
	}
	return fileOwner{}
}

// linkCount is the number of hard links of the file.
func linkCount(_ string, fi fs.FileInfo) int {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Nlink)
	}
	return 1
}

// keepable says whether this process can give a new file owner o: root
// can; anyone else only its own user and a group it is a member of.
func (o fileOwner) keepable(path string) error {
	if !o.known {
		return nil
	}
	euid := os.Geteuid()
	if euid == 0 {
		return nil
	}
	if o.UID == euid && (o.GID == os.Getegid() || inGroups(o.GID)) {
		return nil
	}
	return &OwnerError{Path: path, Owner: userName(o.UID) + ":" + groupName(o.GID), Me: userName(euid)}
}

func inGroups(gid int) bool {
	groups, err := os.Getgroups()
	return err == nil && slices.Contains(groups, gid)
}

// set gives f the owner o; an error is an OwnerError.
func (o fileOwner) set(f *os.File, path string) error {
	if !o.known {
		return nil
	}
	if err := f.Chown(o.UID, o.GID); err != nil {
		return &OwnerError{Path: path, Owner: userName(o.UID) + ":" + groupName(o.GID), Me: userName(os.Geteuid()), Err: err}
	}
	return nil
}

func userName(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil {
		return fmt.Sprintf("%s (uid %d)", u.Username, uid)
	}
	return fmt.Sprintf("uid %d", uid)
}

func groupName(gid int) string {
	if g, err := user.LookupGroupId(strconv.Itoa(gid)); err == nil {
		return fmt.Sprintf("%s (gid %d)", g.Name, gid)
	}
	return fmt.Sprintf("gid %d", gid)
}

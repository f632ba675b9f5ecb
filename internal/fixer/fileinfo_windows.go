package fixer

import (
	"io/fs"
	"os"

	"golang.org/x/sys/windows"
)

// fileOwner: Windows files get their folder's inherited permissions when
// replaced; godx does not carry ACLs over.
type fileOwner struct {
	UID, GID int
	known    bool
}

func ownerOf(fs.FileInfo) fileOwner          { return fileOwner{} }
func (fileOwner) keepable(string) error      { return nil }
func (fileOwner) set(*os.File, string) error { return nil }

// linkCount is the number of hard links of the file (NTFS has them too).
func linkCount(path string, _ fs.FileInfo) int {
	f, err := os.Open(path)
	if err != nil {
		return 1
	}
	defer f.Close()
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(windows.Handle(f.Fd()), &info); err != nil || info.NumberOfLinks == 0 {
		return 1
	}
	return int(info.NumberOfLinks)
}

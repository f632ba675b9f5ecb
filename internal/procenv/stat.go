package procenv

import (
	"strconv"
	"strings"
)

// parseStat takes the command name and parent pid from /proc/PID/stat:
// "pid (comm) state ppid ...", where comm may itself hold spaces and ")".
func parseStat(s string) (ppid int, comm string, ok bool) {
	open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || closing < open {
		return 0, "", false
	}
	comm = s[open+1 : closing]
	f := strings.Fields(s[closing+1:])
	if len(f) < 2 {
		return 0, "", false
	}
	ppid, err := strconv.Atoi(f[1])
	return ppid, comm, err == nil
}

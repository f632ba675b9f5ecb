package procenv

import (
	"strconv"
	"strings"
)

// parseStat takes the command name and parent pid from /proc/PID/stat:
// "pid (comm) state ppid ...", where comm may itself hold spaces and ")".
// (Only the two fields after comm are split off: the list reads one stat
// per process on every doctor run.)
func parseStat(s string) (ppid int, comm string, ok bool) {
	open, closing := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || closing < open {
		return 0, "", false
	}
	comm = s[open+1 : closing]
	rest := strings.TrimLeft(s[closing+1:], " ")
	_, rest, ok = strings.Cut(rest, " ") // the state
	if !ok {
		return 0, "", false
	}
	rest = strings.TrimLeft(rest, " ")
	field, _, _ := strings.Cut(rest, " ")
	ppid, err := strconv.Atoi(strings.TrimSpace(field))
	if err != nil {
		return 0, "", false
	}
	return ppid, comm, true
}

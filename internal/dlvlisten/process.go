package dlvlisten

import (
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// maxProcs bounds the processes read: a busy machine has thousands.
const maxProcs = 8192

// Processes finds running Delve servers listening beyond loopback by
// reading /proc/<pid>/cmdline (Linux; elsewhere /proc does not exist and
// nothing is found); checked is the number of processes looked at.
func Processes(f *facts.Facts) (exposed []Listener, checked int) {
	ents, err := f.OS.ReadDir("/proc")
	if err != nil {
		return nil, 0
	}
	for _, e := range ents {
		pid := e.Name()
		if pid == "" || strings.Trim(pid, "0123456789") != "" {
			continue
		}
		if checked++; checked > maxProcs {
			break
		}
		data, err := f.OS.ReadFile("/proc/"+pid+"/cmdline", 64<<10)
		if err != nil || len(data) == 0 {
			continue
		}
		argv := strings.Split(strings.TrimRight(string(data), "\x00"), "\x00")
		if !IsDlv(argv[0]) {
			continue
		}
		if addr, ok := Args(argv[1:]); ok {
			exposed = append(exposed, Listener{
				Where: "process " + pid, Kind: Process, PID: pid,
				Command: shorten(strings.Join(argv, " ")), Addr: addr,
			})
		}
	}
	return exposed, checked
}

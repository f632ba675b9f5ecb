package dlvlisten

import (
	"strconv"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// Processes finds running Delve servers listening beyond loopback among
// the processes of the run's shared process list (facts.Processes: on
// Linux every user's, elsewhere the user's own); checked is the number of
// processes looked at (0 where processes cannot be listed).
func Processes(f *facts.Facts) (exposed []Listener, checked int) {
	r := f.Processes()
	if r == nil {
		return nil, 0
	}
	procs, err := r.Processes()
	if err != nil {
		return nil, 0
	}
	for _, p := range procs {
		checked++
		if len(p.Args) == 0 || !IsDlv(p.Args[0]) {
			continue
		}
		if addr, ok := Args(p.Args[1:]); ok {
			pid := strconv.Itoa(p.PID)
			exposed = append(exposed, Listener{
				Where: "process " + pid, Kind: Process, PID: pid,
				Command: shorten(strings.Join(p.Args, " ")), Addr: addr,
			})
		}
	}
	return exposed, checked
}

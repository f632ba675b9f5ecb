package root

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/cli/command"
	"github.com/godx-dev/godx/internal/iostreams"
	"github.com/godx-dev/godx/internal/prestart"
)

// The flags a plain doctor run may carry (package prestart starts go env
// for it before the command line is parsed) must be flags of both `godx`
// and `godx doctor`, taking a value exactly when prestart thinks so, and
// none of them may change the directory or the environment.
func TestPrestartFlagsAreDoctorFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	rootCmd := NewCmd(&command.Factory{IO: ios})
	doctorCmd, _, err := rootCmd.Find([]string{"doctor"})
	if err != nil {
		t.Fatal(err)
	}
	for name, valued := range prestart.DoctorFlags() {
		for _, cmd := range []string{"godx", "godx doctor"} {
			fs := rootCmd.Flags()
			if cmd == "godx doctor" {
				fs = doctorCmd.Flags()
			}
			long := strings.TrimLeft(name, "-")
			fl := fs.Lookup(long)
			if len(long) == 1 {
				fl = fs.ShorthandLookup(long)
			}
			if fl == nil {
				t.Errorf("%s has no flag %s", cmd, name)
				continue
			}
			if takes := fl.NoOptDefVal == ""; takes != valued {
				t.Errorf("%s %s: takes a value = %v, prestart says %v", cmd, name, takes, valued)
			}
			if fl.Name == "dir" || fl.Name == "context" || fl.Name == "only" {
				t.Errorf("%s changes the directory, environment or checks run; a plain run must not allow it", name)
			}
		}
	}
}

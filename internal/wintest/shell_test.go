package wintest_test

import (
	"strings"
	"testing"
)

// A SHELL that leaked into a Windows process is not the shell godx runs
// in; Git Bash's (with MSYSTEM) is.
func TestShellInitShellChoice(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{nil, "$env:PATH"},
		{[]string{"SHELL=/bin/bash"}, "$env:PATH"},
		{[]string{"SHELL=/usr/bin/bash", "MSYSTEM=MINGW64"}, `case ":${PATH}:"`},
	} {
		res := u.Godx(t, dir, tc.env, "shell-init")
		if res.ExitCode != 0 || !strings.Contains(res.Stdout, tc.want) {
			t.Errorf("%q: want %q in %s", tc.env, tc.want, res)
		}
	}
}

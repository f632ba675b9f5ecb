package prestart

import (
	"testing"
)

func TestIsPlainDoctorRun(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, true},
		{[]string{"doctor"}, true},
		{[]string{"doctor", "--offline", "--json", "-v", "--deep", "--strict"}, true},
		{[]string{"doctor", "--format", "sarif", "-o", "out.sarif", "--timeout=30s", "--skip", "net/"}, true},
		{[]string{"--offline"}, true},
		{[]string{"doctor", "--format"}, false}, // missing value: cobra says so
		{[]string{"doctor", "--json=true"}, false},
		{[]string{"doctor", "--dir", "x"}, false},
		{[]string{"doctor", "--context", "vscode"}, false},
		{[]string{"doctor", "--only", "go/"}, false},
		{[]string{"doctor", "-h"}, false},
		{[]string{"env"}, false},
		{[]string{"fix", "--yes"}, false},
		{[]string{"-test.run=^$", "-test.v"}, false}, // a test binary
		{[]string{"doctor", "extra"}, false},
	} {
		if got := IsPlainDoctorRun(tc.args); got != tc.want {
			t.Errorf("IsPlainDoctorRun(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

package facts

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The real OS's answer for a name over the file system's limit.
func TestIsNameTooLong(t *testing.T) {
	long := filepath.Join(t.TempDir(), strings.Repeat("a", 300), "x")
	_, err := os.Stat(long)
	if runtime.GOOS != "windows" && !IsNameTooLong(err) {
		t.Errorf("stat of a 300-byte name: %v is not a name too long", err)
	}
	for _, other := range []error{nil, os.ErrPermission, os.ErrNotExist, errors.New("file name too long")} {
		if IsNameTooLong(other) {
			t.Errorf("%v is a name too long", other)
		}
	}
}

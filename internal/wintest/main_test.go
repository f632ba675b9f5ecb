package wintest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/godx-dev/godx/internal/wintest"
)

// h is the Wine harness, nil when it is not set up (skip names why).
var (
	h    *wintest.Harness
	skip string
)

func TestMain(m *testing.M) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	h, skip = wintest.Open(repo)
	if h == nil {
		os.Exit(m.Run())
	}
	if err := h.Build(repo); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	started, err := h.StartServer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "wineserver:", err)
		os.Exit(2)
	}
	code := m.Run()
	if started {
		h.StopServer()
	}
	os.Exit(code)
}

// harness returns the harness or skips the test.
func harness(t *testing.T) *wintest.Harness {
	t.Helper()
	if h == nil {
		t.Skip(skip)
	}
	return h
}

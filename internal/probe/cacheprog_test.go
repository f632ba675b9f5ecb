package probe

import (
	"errors"
	"strings"
	"testing"
)

func TestParseCacheProgHello(t *testing.T) {
	for _, tc := range []struct {
		name, out, wantErr string
		want               []string
	}{
		{"ok", `{"ID":0,"KnownCommands":["get","put","close"]}` + "\n", "", []string{"get", "put", "close"}},
		{"ok then more", `{"KnownCommands":["put"]}` + "\n{\"ID\":1}\n", "", []string{"put"}},
		{"nothing", "", ErrNoHello.Error(), nil},
		{"spaces", " \n", ErrNoHello.Error(), nil},
		{"not json", "cache: starting\n", "error reading JSON from GOCACHEPROG: invalid character 'c'", nil},
		{"cut", `{"ID":0,"Known`, "error reading JSON from GOCACHEPROG: unexpected EOF", nil},
		{"no commands", `{"ID":0}`, "GOCACHEPROG declared no supported commands", nil},
		{"wrong id", `{"ID":7,"KnownCommands":["get"]}`, "unknown request ID 7", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := ParseCacheProgHello([]byte(tc.out))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(h.KnownCommands, ",") != strings.Join(tc.want, ",") {
				t.Errorf("KnownCommands = %q, want %q", h.KnownCommands, tc.want)
			}
		})
	}
	if !errors.Is(func() error { _, err := ParseCacheProgHello(nil); return err }(), ErrNoHello) {
		t.Error("nil output is not ErrNoHello")
	}
}

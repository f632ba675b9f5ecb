package goproxy

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

// The certificate verifier is loaded before the network checks' clock
// starts only when a request may use TLS.
func TestMayUseTLS(t *testing.T) {
	for goproxy, want := range map[string]bool{
		"https://proxy.golang.org,direct":         true,
		"proxy.example.com":                       true, // https:// added
		"direct":                                  true,
		"http://127.0.0.1:3000":                   false,
		"http://127.0.0.1:3000|file:///srv/proxy": false,
		"off": false,
		"http://127.0.0.1:3000,https://example.com": true,
	} {
		m := factstest.NewMachine(t).Linux().Go("/usr/local/go", "go1.26.8", "GOPROXY="+goproxy).Path("/usr/local/go/bin")
		f, err := facts.New(context.Background(), m, facts.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := mayUseTLS(f); got != want {
			t.Errorf("GOPROXY=%s: mayUseTLS = %v, want %v", goproxy, got, want)
		}
	}
}

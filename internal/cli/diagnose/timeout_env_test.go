package diagnose

import (
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/engine"
)

func TestTimeoutFromEnv(t *testing.T) {
	o := Options{}
	if err := o.timeoutFromEnv([]string{"HOME=/h", TimeoutEnv + "=90s"}); err != nil || o.Budget() != 90*time.Second {
		t.Errorf("GODX_TIMEOUT=90s: budget %v, err %v", o.Budget(), err)
	}
	o = Options{Timeout: 5 * time.Second, timeoutGiven: true}
	if err := o.timeoutFromEnv([]string{TimeoutEnv + "=90s"}); err != nil || o.Budget() != 5*time.Second {
		t.Errorf("--timeout 5s with GODX_TIMEOUT=90s: budget %v, err %v; the flag wins", o.Budget(), err)
	}
	o = Options{}
	if err := o.timeoutFromEnv([]string{TimeoutEnv + "="}); err != nil || o.Budget() != engine.DefaultBudget {
		t.Errorf("empty GODX_TIMEOUT: budget %v, err %v", o.Budget(), err)
	}
	for _, bad := range []string{"soon", "0s", "-1m"} {
		o = Options{}
		if err := o.timeoutFromEnv([]string{TimeoutEnv + "=" + bad}); err == nil {
			t.Errorf("GODX_TIMEOUT=%s: no error", bad)
		}
	}
}

package facts

import "testing"

func TestFirstCallerInputsWin(t *testing.T) {
	c, _ := newFirstCaller[string, string](nil, "key")
	calls := 0
	for _, input := range []string{"first", "second"} {
		v, err := c.Do(func() (string, error) { calls++; return input, nil })
		if v != "first" || err != nil {
			t.Errorf("Do = %q, %v; want the first caller's answer", v, err)
		}
	}
	if calls != 1 {
		t.Errorf("computed %d times, want once", calls)
	}
}

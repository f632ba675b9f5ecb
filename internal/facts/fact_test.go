package facts_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestFactComputesOnceUnderConcurrency(t *testing.T) {
	var calls atomic.Int32
	fact := facts.NewFact("answer", func(*facts.Facts) (int, error) {
		return int(calls.Add(1)) * 42, nil
	})
	f := newFacts(t, factstest.New(), facts.Options{})
	const n = 64
	got := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			v, err := fact.Get(f)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		})
	}
	wg.Wait()
	if c := calls.Load(); c != 1 {
		t.Errorf("computed %d times, want once", c)
	}
	for i, v := range got {
		if v != 42 {
			t.Fatalf("goroutine %d got %d, want the shared 42", i, v)
		}
	}

	// Another run computes afresh: a Fact is per Facts, not global.
	if v, _ := fact.Get(newFacts(t, factstest.New(), facts.Options{})); v != 84 {
		t.Errorf("a new run got %d, want a fresh computation (84)", v)
	}
}

func TestFactErrorIsShared(t *testing.T) {
	calls := 0
	boom := errors.New("boom")
	fact := facts.NewFact("failing", func(*facts.Facts) (string, error) {
		calls++
		return "", boom
	})
	f := newFacts(t, factstest.New(), facts.Options{})
	for range 3 {
		if _, err := fact.Get(f); err != boom {
			t.Fatalf("Get = %v, want %v", err, boom)
		}
	}
	if calls != 1 {
		t.Errorf("computed %d times, want once: a failure is an answer too", calls)
	}
}

func TestFactFamilySeparatesArgs(t *testing.T) {
	calls := map[string]int{}
	var mu sync.Mutex
	family := facts.NewFactFamily("length", func(_ *facts.Facts, s string) (int, error) {
		mu.Lock()
		calls[s]++
		mu.Unlock()
		return len(s), nil
	})
	f := newFacts(t, factstest.New(), facts.Options{})
	var wg sync.WaitGroup
	for range 16 {
		for _, arg := range []string{"a", "bb", "ccc"} {
			wg.Go(func() {
				if v, _ := family.Get(f, arg); v != len(arg) {
					t.Errorf("Get(%q) = %d, want %d", arg, v, len(arg))
				}
			})
		}
	}
	wg.Wait()
	for _, arg := range []string{"a", "bb", "ccc"} {
		if calls[arg] != 1 {
			t.Errorf("Get(%q) computed %d times, want once", arg, calls[arg])
		}
	}
}

func TestFactsOfTheSameTypeDoNotCollide(t *testing.T) {
	one := facts.NewFact("same name", func(*facts.Facts) (string, error) { return "one", nil })
	two := facts.NewFact("same name", func(*facts.Facts) (string, error) { return "two", nil })
	fam1 := facts.NewFactFamily("family", func(_ *facts.Facts, s string) (string, error) { return "1:" + s, nil })
	fam2 := facts.NewFactFamily("family", func(_ *facts.Facts, s string) (string, error) { return "2:" + s, nil })
	f := newFacts(t, factstest.New(), facts.Options{})
	for _, c := range []struct{ got, want string }{
		{get(one.Get(f)), "one"},
		{get(two.Get(f)), "two"},
		{get(fam1.Get(f, "x")), "1:x"},
		{get(fam2.Get(f, "x")), "2:x"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func get(s string, _ error) string { return s }

package facts

import "sync"

// Fact is a value computed at most once per doctor run and shared by
// every check and library that asks for it, like a go/analysis result.
// The value's type is part of the Fact, so a consumer can never read it
// as another type; a Fact is declared once, as a package-level variable
// next to the code that computes it:
//
//	var ProjectToolchain = facts.NewFact("project toolchain", computeProjectToolchain)
//	...
//	pt, err := ProjectToolchain.Get(f)
//
// Checks that use a Fact list it in their Requires, and read it with
// check.ResultOf, which refuses an undeclared one.
type Fact[T any] struct {
	name    string
	compute func(*Facts) (T, error)
}

// NewFact declares a fact; name is for documentation and error messages.
func NewFact[T any](name string, compute func(*Facts) (T, error)) *Fact[T] {
	return &Fact[T]{name: name, compute: compute}
}

// FactName names the fact.
func (k *Fact[T]) FactName() string { return k.name }

// Get computes the fact on first use in this run and returns the shared
// answer afterwards, however many goroutines ask concurrently.
func (k *Fact[T]) Get(f *Facts) (T, error) {
	return once(f, k, func() (T, error) { return k.compute(f) })
}

// FactFamily is a Fact with an argument: one value per path, URL or tool
// name, each computed at most once per run.
type FactFamily[A comparable, T any] struct {
	name    string
	compute func(*Facts, A) (T, error)
}

// NewFactFamily declares a family of facts.
func NewFactFamily[A comparable, T any](name string, compute func(*Facts, A) (T, error)) *FactFamily[A, T] {
	return &FactFamily[A, T]{name: name, compute: compute}
}

// FactName names the family.
func (k *FactFamily[A, T]) FactName() string { return k.name }

// Get computes the fact for arg on first use in this run.
func (k *FactFamily[A, T]) Get(f *Facts, arg A) (T, error) {
	type key[A comparable, T any] struct {
		family *FactFamily[A, T]
		arg    A
	}
	return once(f, key[A, T]{k, arg}, func() (T, error) { return k.compute(f, arg) })
}

// Requirement is any Fact or FactFamily, as listed in a check's Requires.
type Requirement interface{ FactName() string }

// once runs compute for key at most once per Facts. Keys are comparable
// values owned by one Fact (its pointer, or its pointer and an argument),
// so two facts can never collide and the stored value always has type T.
func once[T any](f *Facts, key any, compute func() (T, error)) (T, error) {
	f.memoMu.Lock()
	fn, ok := f.memo[key]
	if !ok {
		fn = sync.OnceValues(func() (any, error) { return compute() })
		f.memo[key] = fn
	}
	f.memoMu.Unlock()
	v, err := fn()
	t, _ := v.(T) // only a nil interface value fails the assertion
	return t, err
}

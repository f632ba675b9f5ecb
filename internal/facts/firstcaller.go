package facts

import "sync"

// firstCaller holds a shared answer whose computation depends on
// something of the first caller's that must not split the sharing: the
// context a command runs under, the deadline a request ends at. A
// FactFamily keyed by the shared part (a path, a URL) holds one per key;
// the first Do computes with its own inputs, later ones get that answer.
type firstCaller[T any] struct {
	once sync.Once
	v    T
	err  error
}

func newFirstCaller[A comparable, T any](*Facts, A) (*firstCaller[T], error) {
	return new(firstCaller[T]), nil
}

// Do returns the answer, computing it with compute on the first call.
func (c *firstCaller[T]) Do(compute func() (T, error)) (T, error) {
	c.once.Do(func() { c.v, c.err = compute() })
	return c.v, c.err
}

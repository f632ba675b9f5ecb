// Package fuzzbound makes a hanging fuzz input a crash the fuzzer keeps.
//
// Go's fuzzer has no time limit per input: an input on which the code
// under test never returns stalls the worker until -fuzztime ends, the run
// then passes, and the input is lost. Inside a fuzzing worker, Watch
// crashes the worker when one input runs longer than Limit; the fuzzer
// records a crashing input in testdata/fuzz/<FuzzName>/, so the hang
// becomes a test case that `go test` replays (and there, where Watch does
// nothing, go test's own -timeout reports it with every goroutine's
// stack).
package fuzzbound

import (
	"flag"
	"fmt"
	"os"
	"time"
)

// Limit is how long one input may run inside a fuzzing worker: far more
// than any input of the few kilobytes the fuzzer makes needs, even on a
// loaded machine.
const Limit = 20 * time.Second

// Watch starts the clock for one input; call the returned function when
// the input is done:
//
//	f.Fuzz(func(t *testing.T, data []byte) {
//		defer fuzzbound.Watch()()
//		...
//	})
func Watch() (done func()) {
	if !worker() {
		return func() {}
	}
	timer := time.AfterFunc(Limit, func() {
		fmt.Fprintf(os.Stderr, "fuzzbound: one input ran longer than %v: the code under test does not stop on it\n", Limit)
		os.Exit(2)
	})
	return func() { timer.Stop() }
}

// worker reports whether this process is a fuzzing worker (go test runs
// it with -test.fuzzworker).
func worker() bool {
	fl := flag.Lookup("test.fuzzworker")
	return fl != nil && fl.Value.String() == "true"
}

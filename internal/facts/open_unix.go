//go:build unix

package facts

import "syscall"

// openNonblock keeps System.Open from waiting for a FIFO's writer.
const openNonblock = syscall.O_NONBLOCK

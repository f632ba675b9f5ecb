//go:build !unix

package facts

const openNonblock = 0

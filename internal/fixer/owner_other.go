//go:build !unix

package fixer

import (
	"io/fs"
	"os"
)

// keepOwner: file ownership is not carried over outside Unix.
func keepOwner(*os.File, fs.FileInfo) {}

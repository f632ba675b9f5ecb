// Package source holds the checks of the source/ area: the bytes of the
// project's Go files and module files — byte order marks, encodings and
// line endings that break a build or a format check.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; the three checks share one walk over the module, the
// sourcescan.Project fact of the library package internal/sourcescan,
// and the wording in scanwords.go.
package source

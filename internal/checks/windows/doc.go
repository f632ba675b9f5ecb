// Package windows holds the checks of the windows/ area: Windows settings
// that slow Go down or hide a fresh install from running programs (a
// stale PATH, MAX_PATH, Defender's real-time scanning).
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; the registry is read through internal/facts, and the
// environment a program started now would get is internal/winenv's.
package windows

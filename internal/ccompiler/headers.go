package ccompiler

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/godx-dev/godx/internal/facts"
)

// includeCacheFile remembers each C compiler's include directories in
// godx's cache folder, so that the doctor does not start the compiler (and
// its preprocessor) on every run just to learn where headers are.
const includeCacheFile = "c-include-dirs.json"

// includeCacheMax bounds the file: a machine has few compilers.
const includeCacheMax = 16

// includeEnv are the variables that change the list a compiler prints
// (GCC's and Clang's extra include paths, and where GCC finds its
// programs).
var includeEnv = []string{"CPATH", "C_INCLUDE_PATH", "GCC_EXEC_PREFIX", "COMPILER_PATH", "SDKROOT"}

type includeCacheEntry struct {
	Key  string   `json:"key"`
	Dirs []string `json:"dirs"`
}

// FindHeader looks for the header name (such as "stdlib.h") in the include
// directories of the C compiler at ccPath and returns its path, or "" when
// none of them holds it; dirs are the directories searched.
//
// The directories come from IncludeDirs, remembered in godx's cache folder
// under a key made of the compiler's path, size and modification time and
// the variables that change its search list (CPATH, C_INCLUDE_PATH, ...).
// A remembered list is trusted only to find the header: when it does not,
// the compiler is asked again (headers installed since then can add a
// directory, since compilers list only directories that exist), so a
// cached answer can never produce a "missing" verdict. fromCache says the
// compiler was not started.
func FindHeader(ctx context.Context, f *facts.Facts, ccPath, name string) (header string, dirs []string, fromCache bool) {
	key := includeCacheKey(f, ccPath)
	entries := readIncludeCache(f)
	if key != "" {
		for _, e := range entries {
			if e.Key == key {
				if h := headerIn(f, e.Dirs, name); h != "" {
					return h, e.Dirs, true
				}
			}
		}
	}
	dirs = IncludeDirs(ctx, f, ccPath)
	if key != "" && len(dirs) > 0 {
		writeIncludeCache(f, entries, includeCacheEntry{Key: key, Dirs: dirs})
	}
	return headerIn(f, dirs, name), dirs, false
}

func headerIn(f *facts.Facts, dirs []string, name string) string {
	for _, d := range dirs {
		if h := f.JoinPath(d, name); f.Exists(h) {
			return h
		}
	}
	return ""
}

// includeCacheKey identifies a compiler binary and the environment that
// shapes its search list; "" when the binary cannot be stat'ed.
func includeCacheKey(f *facts.Facts, ccPath string) string {
	st, err := f.OS.Stat(ccPath)
	if err != nil {
		return ""
	}
	key := ccPath + "\x00" + strconv.FormatInt(st.Size(), 10) + "\x00" + strconv.FormatInt(st.ModTime().UnixNano(), 10)
	for _, v := range includeEnv {
		key += "\x00" + v + "=" + f.Getenv(v)
	}
	return key
}

func readIncludeCache(f *facts.Facts) []includeCacheEntry {
	dir, err := f.CacheDir()
	if err != nil {
		return nil
	}
	data, err := f.ReadFile(f.JoinPath(dir, includeCacheFile))
	if err != nil {
		return nil
	}
	var entries []includeCacheEntry
	if json.Unmarshal(data, &entries) != nil {
		return nil // a damaged cache is only a slower run
	}
	return entries
}

// writeIncludeCache stores e first, keeping the newest entries (best
// effort: a cache that cannot be written costs time, not accuracy).
func writeIncludeCache(f *facts.Facts, old []includeCacheEntry, e includeCacheEntry) {
	dir, err := f.CacheDir()
	if err != nil {
		return
	}
	entries := []includeCacheEntry{e}
	for _, o := range old {
		if o.Key != e.Key && len(entries) < includeCacheMax {
			entries = append(entries, o)
		}
	}
	data, err := json.Marshal(entries)
	if err != nil || f.OS.MkdirAll(dir) != nil {
		return
	}
	f.OS.WriteFile(f.JoinPath(dir, includeCacheFile), data)
}

package facts

import "errors"

// UserCacheDir is os.UserCacheDir computed from the inspected environment
// (so fakes can be any OS): %LocalAppData% on Windows, ~/Library/Caches on
// macOS, $XDG_CACHE_HOME or ~/.cache elsewhere. The errors are
// os.UserCacheDir's, which the go command quotes when it cannot place
// GOCACHE ("GOCACHE is not defined and …").
func (f *Facts) UserCacheDir() (string, error) {
	return f.userDir("LocalAppData", "Library/Caches", "lib/cache", "XDG_CACHE_HOME", ".cache")
}

// UserConfigDir is os.UserConfigDir computed from the inspected environment:
// %AppData% on Windows, ~/Library/Application Support on macOS,
// $XDG_CONFIG_HOME or ~/.config elsewhere. The go command keeps its
// `go env -w` file in <UserConfigDir>/go/env.
func (f *Facts) UserConfigDir() (string, error) {
	return f.userDir("AppData", "Library/Application Support", "lib", "XDG_CONFIG_HOME", ".config")
}

// CacheDir is godx's own cache directory, <UserCacheDir>/godx. It may not
// exist yet; writers create it (f.OS.MkdirAll) before f.OS.WriteFile.
func (f *Facts) CacheDir() (string, error) {
	dir, err := f.UserCacheDir()
	if err != nil {
		return "", err
	}
	return f.JoinPath(dir, "godx"), nil
}

func (f *Facts) userDir(winVar, darwinSub, plan9Sub, xdgVar, unixSub string) (string, error) {
	switch f.GOOS() {
	case "windows":
		dir := f.Getenv(winVar)
		if dir == "" {
			return "", errors.New("%" + winVar + "% is not defined")
		}
		return dir, nil
	case "darwin", "ios":
		dir := f.Getenv("HOME")
		if dir == "" {
			return "", errors.New("$HOME is not defined")
		}
		return f.JoinPath(dir, darwinSub), nil
	case "plan9":
		dir := f.Getenv("home")
		if dir == "" {
			return "", errors.New("$home is not defined")
		}
		return f.JoinPath(dir, plan9Sub), nil
	}
	dir := f.Getenv(xdgVar)
	if dir == "" {
		dir = f.Getenv("HOME")
		if dir == "" {
			return "", errors.New("neither $" + xdgVar + " nor $HOME are defined")
		}
		return f.JoinPath(dir, unixSub), nil
	}
	if !f.IsAbs(dir) {
		return "", errors.New("path in $" + xdgVar + " is relative")
	}
	return dir, nil
}

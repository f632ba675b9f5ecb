package facts_test

import (
	"context"
	"testing"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/facts/factstest"
)

func TestCacheDir(t *testing.T) {
	for _, tc := range []struct {
		goos      string
		env       []string
		cache     string
		config    string
		cacheErr  string
		configErr string
	}{
		{goos: "linux", env: []string{"HOME=/home/u"}, cache: "/home/u/.cache", config: "/home/u/.config"},
		{goos: "linux", env: []string{"HOME=/home/u", "XDG_CACHE_HOME=/xdg/cache", "XDG_CONFIG_HOME=/xdg/config"}, cache: "/xdg/cache", config: "/xdg/config"},
		{goos: "linux", env: []string{"HOME=/home/u", "XDG_CACHE_HOME=rel"}, cacheErr: "path in $XDG_CACHE_HOME is relative", config: "/home/u/.config"},
		{goos: "linux", cacheErr: "neither $XDG_CACHE_HOME nor $HOME are defined", configErr: "neither $XDG_CONFIG_HOME nor $HOME are defined"},
		{goos: "darwin", env: []string{"HOME=/Users/u"}, cache: "/Users/u/Library/Caches", config: "/Users/u/Library/Application Support"},
		{goos: "windows", env: []string{`LocalAppData=C:\Users\u\AppData\Local`, `AppData=C:\Users\u\AppData\Roaming`}, cache: `C:\Users\u\AppData\Local`, config: `C:\Users\u\AppData\Roaming`},
		{goos: "windows", cacheErr: "%LocalAppData% is not defined", configErr: "%AppData% is not defined"},
	} {
		o := factstest.New()
		o.OSName = tc.goos
		if tc.goos == "windows" {
			o.Wd = `C:\work`
			o.AddDir(`C:\work`)
		}
		o.Env = tc.env
		f, err := facts.New(context.Background(), o, facts.Options{})
		if err != nil {
			t.Fatal(err)
		}
		check := func(what, got string, err error, want, wantErr string) {
			t.Helper()
			if wantErr != "" {
				if err == nil || err.Error() != wantErr {
					t.Errorf("%s %v: %s = %q, %v; want error %q", tc.goos, tc.env, what, got, err, wantErr)
				}
				return
			}
			if err != nil || got != want {
				t.Errorf("%s %v: %s = %q, %v; want %q", tc.goos, tc.env, what, got, err, want)
			}
		}
		got, err := f.UserCacheDir()
		check("UserCacheDir", got, err, tc.cache, tc.cacheErr)
		got, err = f.UserConfigDir()
		check("UserConfigDir", got, err, tc.config, tc.configErr)
		if tc.cacheErr == "" {
			got, err = f.CacheDir()
			want := f.JoinPath(tc.cache, "godx")
			check("CacheDir", got, err, want, "")
		}
		// The go command has a go env -w file exactly when it has a
		// config directory (or GOENV names one).
		check("GoEnvConfigError", "", f.GoEnvConfigError(), "", tc.configErr)
		o.Env = append(o.Env, "GOENV=/etc/goenv")
		if f, _ := facts.New(context.Background(), o, facts.Options{}); f.GoEnvConfigError() != nil {
			t.Errorf("%s %v: GOENV set, but %v", tc.goos, o.Env, f.GoEnvConfigError())
		}
	}
}

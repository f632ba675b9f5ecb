// Package buildversion says which godx this is, from the build info the Go
// linker embeds (module version, VCS revision) or from -ldflags -X values
// set by a release build.
package buildversion

import (
	"runtime"
	"runtime/debug"
)

// Set with -ldflags "-X github.com/godx-dev/godx/internal/buildversion.version=v1.2.3
// -X ...commit=abc"; otherwise read from debug.ReadBuildInfo.
var version, commit string

// Info describes the running binary.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	Time      string `json:"commit_time,omitempty"`
	Modified  bool   `json:"modified,omitempty"`
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
}

// Get reads the build info once per call (cheap).
func Get() Info {
	in := Info{Version: "(devel)", GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := debug.ReadBuildInfo(); ok {
		in.GoVersion = bi.GoVersion
		if v := bi.Main.Version; v != "" {
			in.Version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Commit = s.Value
			case "vcs.time":
				in.Time = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
	}
	if version != "" {
		in.Version = version
	}
	if commit != "" {
		in.Commit = commit
	}
	return in
}

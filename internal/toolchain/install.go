package toolchain

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/module"

	"github.com/godx-dev/godx/internal/facts"
)

// Phase of an install, for progress reports.
const (
	PhaseDownload = "download" // the zip is arriving (Bytes so far)
	PhaseUnpack   = "unpack"   // the go command is extracting it
	PhaseCheck    = "check"    // godx runs the new go command
)

// Event is one progress report.
type Event struct {
	Phase   string
	Bytes   int64 // downloaded so far (PhaseDownload)
	Elapsed time.Duration
}

// InstallResult says what Install did.
type InstallResult struct {
	Name       string `json:"name"`
	ModVersion string `json:"module_version"`
	Dir        string `json:"dir"`
	// Already is true when the toolchain was installed before: nothing
	// was downloaded.
	Already bool `json:"already_installed"`
	// Prepared is true when godx set the execute bits and go.mod copies.
	Prepared bool   `json:"prepared"`
	Sum      string `json:"sum,omitempty"`
	// Verified says who checked the download.
	Verified string `json:"verified,omitempty"`
	// GoVersion is the new go command's `go version` line.
	GoVersion string        `json:"go_version,omitempty"`
	Duration  time.Duration `json:"duration_ns"`
}

// ProgressInterval is how often Install reports progress.
var ProgressInterval = 100 * time.Millisecond

// Installed reports whether release modVer is fully unpacked in the
// module cache (its directory and bin/go exist and no unpack is pending).
func (e *Env) Installed(modVer string) bool {
	dir := e.Dir(modVer)
	st, err := e.Facts.OS.Lstat(dir)
	if err != nil || !st.IsDir() {
		return false
	}
	return e.Facts.Exists(e.Facts.JoinPath(dir, "bin", e.exe("go"))) && !e.Facts.Exists(e.DownloadFile(modVer, "partial"))
}

func (e *Env) exe(name string) string {
	if e.GOOS() == "windows" {
		return name + ".exe"
	}
	return name
}

// Install downloads release name for this host through the go command
// (`go mod download -json golang.org/toolchain@v0.0.1-<name>.<GOOS>-<GOARCH>`,
// which verifies it with the checksum database and unpacks it into the
// module cache, holding the module cache's lock, so concurrent installs of
// one version are safe), prepares the tree as the go command does on
// first use, and runs the new go command's `go version` to prove it works.
// progress, when not nil, is called from another goroutine.
func (e *Env) Install(ctx context.Context, name string, progress func(Event)) (*InstallResult, error) {
	start := time.Now()
	modVer, err := e.ModVersion(name)
	if err != nil {
		return nil, err
	}
	if e.ModCache() == "" {
		return nil, fmt.Errorf("go env GOMODCACHE is empty: the go command has no module cache to install into (set GOPATH or GOMODCACHE)")
	}
	r := &InstallResult{Name: name, ModVersion: modVer, Dir: e.Dir(modVer)}
	if e.Installed(modVer) {
		r.Already = true
		if !Prepared(r.Dir, e.GOOS()) {
			if r.Prepared, err = Prepare(r.Dir, e.GOOS()); err != nil {
				return nil, fmt.Errorf("preparing %s: %w", r.Dir, err)
			}
		}
		if data, err := os.ReadFile(e.DownloadFile(modVer, "ziphash")); err == nil {
			r.Sum = strings.TrimSpace(string(data))
		}
		r.Duration = time.Since(start)
		return r, nil
	}

	tmp, err := os.MkdirTemp("", "godx-toolchain-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	stop := make(chan struct{})
	watched := make(chan struct{})
	if progress != nil {
		go func() {
			defer close(watched)
			e.watch(modVer, start, progress, stop)
		}()
	} else {
		close(watched)
	}
	// facts.System.Run: the go command and anything it starts are killed
	// if ctx ends, and its output is bounded.
	res := facts.System{}.Run(ctx, facts.Command{Path: e.Go, Args: []string{"mod", "download", "-json", Module + "@" + modVer}, Dir: tmp, Env: e.Environ()})
	runErr := res.Err
	close(stop)
	<-watched

	var out struct {
		Dir, Sum, Error string
	}
	jsonErr := json.Unmarshal(res.Stdout, &out)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("install of %s interrupted (%v); the go command finishes or discards the partial download the next time it is asked for %s", name, ctx.Err(), name)
	}
	if runErr != nil || out.Error != "" || jsonErr != nil {
		msg := out.Error
		if msg == "" && !res.Truncated {
			msg = strings.TrimSpace(string(res.Stderr))
		}
		if msg == "" && runErr != nil {
			msg = runErr.Error()
		}
		return nil, e.downloadError(name, msg)
	}
	if out.Dir != "" {
		r.Dir = out.Dir
	}
	r.Sum = out.Sum
	// A single file:// GOPROXY only makes the check optional
	// (modfetch.useSumDB): GOSUMDB and GONOSUMDB still decide.
	if e.FileProxyOnly() && (e.Get("GOSUMDB") == "off" || module.MatchPrefixPatterns(e.Get("GONOSUMDB"), Module)) {
		r.Verified = "not checked against a checksum database: GOPROXY=" + e.Get("GOPROXY") + " is a single file:// URL, which the go command trusts as is with GOSUMDB=" + e.Get("GOSUMDB")
	} else {
		r.Verified = "checked by the go command against the checksum database (GOSUMDB=" + e.Get("GOSUMDB") + ")"
	}

	if r.Prepared, err = Prepare(r.Dir, e.GOOS()); err != nil {
		return nil, fmt.Errorf("preparing %s: %w", r.Dir, err)
	}
	if progress != nil {
		progress(Event{Phase: PhaseCheck, Elapsed: time.Since(start)})
	}
	if r.GoVersion, err = e.checkGoVersion(ctx, r.Dir, name); err != nil {
		return nil, err
	}
	r.Duration = time.Since(start)
	return r, nil
}

// watch reports the growing partial download (<version>.zip<N>.tmp, the go
// command's temporary file) and then the unpack (<version>.partial).
func (e *Env) watch(modVer string, start time.Time, progress func(Event), stop <-chan struct{}) {
	dlDir := filepath.Dir(e.DownloadFile(modVer, "zip"))
	partial := e.DownloadFile(modVer, "partial")
	tick := time.NewTicker(ProgressInterval)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		if _, err := os.Stat(partial); err == nil {
			progress(Event{Phase: PhaseUnpack, Elapsed: time.Since(start)})
			continue
		}
		tmps, _ := filepath.Glob(filepath.Join(dlDir, modVer+".zip*.tmp"))
		var n int64
		for _, t := range tmps {
			if st, err := os.Stat(t); err == nil {
				n += st.Size()
			}
		}
		progress(Event{Phase: PhaseDownload, Bytes: n, Elapsed: time.Since(start)})
	}
}

// downloadError explains a failed `go mod download` in the go command's
// words, with the way out for the common causes.
func (e *Env) downloadError(name, msg string) error {
	hint := ""
	switch {
	case strings.Contains(msg, "checksum database disabled by GOSUMDB=off"):
		hint = "Toolchains are always verified with the checksum database, even with GOSUMDB=off; to skip it only for private modules, " +
			"use GOPRIVATE or GONOSUMDB and restore GOSUMDB (`go env -u GOSUMDB`)."
	case strings.Contains(msg, "GOPROXY=off"):
		hint = "GOPROXY=off forbids downloads; set GOPROXY to your module proxy (`go env -u GOPROXY` restores the default)."
	case strings.Contains(msg, "404") || strings.Contains(msg, "410") || strings.Contains(msg, "not found") ||
		strings.Contains(msg, "no such file") || strings.Contains(msg, "cannot find the file") || strings.Contains(msg, "unknown revision"):
		hint = fmt.Sprintf("%s is not available for %s/%s through GOPROXY=%s; `godx toolchain list --remote --all` lists what is.",
			name, e.GOOS(), e.GOARCH(), e.Get("GOPROXY"))
	}
	text := fmt.Sprintf("the go command could not download %s for %s/%s:\n\t%s", name, e.GOOS(), e.GOARCH(), strings.ReplaceAll(msg, "\n", "\n\t"))
	if hint != "" {
		text += "\n" + hint
	}
	return fmt.Errorf("%s", text)
}

// checkGoVersion runs dir/bin/go version with GOROOT=dir and checks it
// reports release name.
func (e *Env) checkGoVersion(ctx context.Context, dir, name string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	goBin := filepath.Join(dir, "bin", e.exe("go"))
	env := []string{"GOROOT=" + dir}
	for _, kv := range e.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.EqualFold(k, "GOROOT") {
			env = append(env, kv)
		}
	}
	res := facts.System{}.Run(ctx, facts.Command{Path: goBin, Args: []string{"version"}, Env: env})
	line := strings.TrimSpace(string(res.Stdout))
	if res.Err != nil {
		if msg := strings.TrimSpace(string(res.Stderr)); msg != "" {
			line = msg
		}
		if res.Truncated {
			line = ""
		}
		return "", fmt.Errorf("the installed %s does not run: %s version: %v %s", name, goBin, res.Err, line)
	}
	f := strings.Fields(line)
	if len(f) < 3 || f[0] != "go" || f[1] != "version" || f[2] != name {
		return "", fmt.Errorf("the installed %s reports %q, not go version %s", goBin, line, name)
	}
	return line, nil
}

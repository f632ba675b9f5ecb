package toolchain

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// Who vouches for an expected module hash.
const (
	// FromSumDB: a record of the checksum database (GOSUMDB) that the go
	// command fetched, verified against the database's signed tree, and
	// cached in the module cache.
	FromSumDB = "checksum database"
	// FromDownload: the hash the go command recorded (.ziphash) for a zip
	// it downloaded, which it checked against the checksum database unless
	// GOPROXY was a single file:// URL.
	FromDownload = "verified download"
	// FromFileProxy: the hash of the zip in a file:// GOPROXY, which the
	// go command trusts as is (no checksum database).
	FromFileProxy = "file proxy"
)

// Expected is the module hash a toolchain must have and who vouches for it.
type Expected struct {
	Sum   string `json:"sum"`
	Kind  string `json:"kind"`
	Where string `json:"where"` // the record file or the proxy
}

func (x *Expected) String() string {
	switch x.Kind {
	case FromSumDB:
		return "the checksum database record " + x.Where + " (verified by the go command)"
	case FromDownload:
		return "the go command's record of its verified download " + x.Where
	case FromFileProxy:
		return "the zip in GOPROXY=" + x.Where + " (a file:// proxy: no checksum database is consulted)"
	}
	return x.Where
}

// Expected finds the h1 hash that release modVer must have. In order: the
// checksum database record the go command cached (asking the go command
// to look it up, unless offline, when it is not cached yet — a lookup of a
// few kilobytes, no download), the go command's .ziphash of a download,
// and, for a file:// GOPROXY, the go command's download of the zip. runDir
// is a directory outside any module for the go command to run in.
func (e *Env) Expected(ctx context.Context, modVer, runDir string) (*Expected, error) {
	fx := e.Facts
	db := e.SumDBName()
	record := ""
	if db != "" {
		record = fx.JoinPath(e.ModCache(), "cache", "download", "sumdb", db, "lookup", Module+"@"+modVer)
		if sum := e.readRecord(record, modVer); sum != "" {
			return &Expected{Sum: sum, Kind: FromSumDB, Where: record}, nil
		}
	}
	var goErr error
	if !fx.Offline {
		res := fx.Run(ctx, facts.Command{Path: e.Go, Args: []string{"list", "-m", "-json", Module + "@" + modVer}, Dir: runDir, Env: e.Environ()})
		if res.Err != nil {
			goErr = goError(res)
		} else if record != "" {
			if sum := e.readRecord(record, modVer); sum != "" {
				return &Expected{Sum: sum, Kind: FromSumDB, Where: record}, nil
			}
		}
	}
	ziphash := e.DownloadFile(modVer, "ziphash")
	if data, err := fx.ReadFile(ziphash); err == nil {
		if sum := strings.TrimSpace(string(data)); strings.HasPrefix(sum, "h1:") {
			return &Expected{Sum: sum, Kind: FromDownload, Where: ziphash}, nil
		}
	}
	if e.FileProxyOnly() && !fx.Offline {
		res := fx.Run(ctx, facts.Command{Path: e.Go, Args: []string{"mod", "download", "-json", Module + "@" + modVer}, Dir: runDir, Env: e.Environ()})
		var out struct{ Sum, Error string }
		if err := json.Unmarshal(res.Stdout, &out); err == nil && out.Error == "" && strings.HasPrefix(out.Sum, "h1:") {
			return &Expected{Sum: out.Sum, Kind: FromFileProxy, Where: e.Get("GOPROXY")}, nil
		}
		goErr = goError(res)
	}
	switch {
	case goErr != nil:
		return nil, fmt.Errorf("cannot learn the checksum of %s@%s: %v", Module, modVer, goErr)
	case fx.Offline:
		return nil, fmt.Errorf("the checksum of %s@%s is not in the module cache, and godx is offline", Module, modVer)
	}
	return nil, fmt.Errorf("the go command looked up %s@%s but left no checksum database record (GOSUMDB=%s)", Module, modVer, e.Get("GOSUMDB"))
}

// readRecord finds the zip's h1 in a cached checksum database lookup:
// "golang.org/toolchain v0.0.1-go1.22.5.linux-amd64 h1:..." before the
// signed note.
func (e *Env) readRecord(file, modVer string) string {
	data, err := e.Facts.ReadFile(file)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" {
			break // the signed tree head follows
		}
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == Module && f[1] == modVer && strings.HasPrefix(f[2], "h1:") {
			return f[2]
		}
	}
	return ""
}

// goError is the go command's own words for a failed run.
func goError(res facts.Result) error {
	var out struct{ Error string }
	if json.Unmarshal(res.Stdout, &out) == nil && out.Error != "" {
		return errors.New(out.Error)
	}
	if msg := strings.TrimSpace(string(res.Stderr)); msg != "" {
		return errors.New(strings.TrimPrefix(msg, "go: "))
	}
	if res.Err != nil {
		return res.Err
	}
	return errors.New("the go command failed")
}

// Verification is the outcome of re-hashing an installed Go tree.
type Verification struct {
	Name       string    `json:"name"`
	ModVersion string    `json:"module_version"`
	Root       string    `json:"root"`
	Expected   *Expected `json:"expected"`
	Got        string    `json:"got"`
	Files      int       `json:"files"`
	// Match is set only when every entry of the tree was read, all are
	// regular files or directories, and the files hash to Expected.
	Match bool `json:"match"`
	// Entries lists what in the tree is not a readable regular file or
	// directory (symbolic links, FIFOs, sockets, devices, unreadable
	// entries), by kind: each is a difference, found without the release
	// zip.
	Entries []Entry `json:"entries,omitempty"`
	// Diff lists the files that differ, when the release zip was at hand
	// (the module cache keeps it for installed toolchains).
	Diff *Diff `json:"diff,omitempty"`
	// Release is where the release's file list came from.
	Release string `json:"release,omitempty"`
	// ReleaseGoEnv is the release's go.env when it was reconstructed
	// rather than read from the release zip (see goEnvOnly).
	ReleaseGoEnv []byte `json:"-"`
	// Build is non-empty when the tree looks like a distribution or
	// source build, which cannot match the official release.
	Build string `json:"build,omitempty"`
}

// Verify re-hashes the Go tree at root, which claims to be release name,
// and compares it with the hash the checksum database vouches for.
func (e *Env) Verify(ctx context.Context, root, name string) (*Verification, error) {
	modVer, err := e.ModVersion(name)
	if err != nil {
		return nil, err
	}
	exp, err := e.Expected(ctx, modVer, root)
	if err != nil {
		return nil, err
	}
	tree, err := HashTree(ctx, e.Facts.OS, e.Facts.JoinPath, root, modVer)
	if err != nil {
		return nil, fmt.Errorf("hashing %s: %w", root, err)
	}
	v := &Verification{Name: name, ModVersion: modVer, Root: root, Expected: exp, Got: tree.H1, Files: len(tree.Files),
		Match: tree.H1 == exp.Sum && len(tree.Entries) == 0, Entries: tree.Entries}
	if v.Match {
		return v, nil
	}
	if tree.H1 == exp.Sum {
		// The regular files are the release's: the other entries are the
		// whole difference.
		d := EntriesDiff(tree)
		v.Diff, v.Release = &d, "the regular files hash to the expected value, so the entries that are not regular files are the only differences"
		return v, nil
	}
	if zipPath := e.DownloadFile(modVer, "zip"); e.Facts.Exists(zipPath) {
		files, h1, err := ZipFiles(ctx, e.Facts.OS, zipPath, modVer)
		if err == nil && h1 == exp.Sum { // use the zip only when it is the vouched-for release
			d := DiffTree(tree, files)
			v.Diff, v.Release = &d, zipPath
		}
	}
	if v.Diff == nil {
		if official := e.goEnvOnly(tree, modVer, exp.Sum); official != nil {
			d := EntriesDiff(tree)
			d.Modified = append(d.Modified, "go.env")
			v.Diff = &d
			v.Release, v.ReleaseGoEnv = "this go.env with GOTOOLCHAIN=auto, the release's setting, gives the expected hash", official
		}
	}
	v.Build = e.buildKind(root, v.Diff)
	return v, nil
}

// goEnvOnly recognises the most common change to an installed Go without
// the release zip: $GOROOT/go.env edited to say GOTOOLCHAIN=local (or
// another value) instead of the release's GOTOOLCHAIN=auto, as container
// images and some installers do. It puts the release's line back and
// re-hashes; a match proves that go.env is the only difference, and the
// result is the release's go.env. nil when that is not the case.
func (e *Env) goEnvOnly(tree *Tree, modVer, want string) []byte {
	if _, ok := tree.Files["go.env"]; !ok {
		return nil
	}
	data, err := e.Facts.ReadFileInto(e.Facts.JoinPath(tree.Root, "go.env"), nil) // never a FIFO
	if err != nil {
		return nil
	}
	lines := strings.SplitAfter(string(data), "\n")
	changed := false
	for i, l := range lines {
		body := strings.TrimRight(l, "\r\n")
		if v, ok := strings.CutPrefix(body, "GOTOOLCHAIN="); ok && v != "auto" {
			lines[i] = "GOTOOLCHAIN=auto" + l[len(body):]
			changed = true
		}
	}
	if !changed {
		return nil
	}
	official := []byte(strings.Join(lines, ""))
	files := maps.Clone(tree.Files)
	files["go.env"] = sha256.Sum256(official)
	if H1(modVer, files) != want {
		return nil
	}
	return official
}

// buildKind explains why a tree that does not match is probably not an
// official release build at all: where it is installed (distribution and
// Homebrew locations), or its content (every compiled program differs while
// the sources match: Go built from source).
func (e *Env) buildKind(root string, d *Diff) string {
	p := filepath.ToSlash(root)
	if e.Facts.GOOS() == "windows" {
		p = strings.ToLower(p)
	}
	if r, err := e.Facts.OS.EvalSymlinks(root); err == nil {
		p = filepath.ToSlash(r)
	}
	if hint := distroLocation(e.Facts.GOOS(), p); hint != "" {
		return hint
	}
	if d != nil && len(d.Modified) > 0 && len(d.Entries) == 0 {
		compiled := 0
		for _, m := range d.Modified {
			if strings.HasPrefix(m, "bin/") || strings.HasPrefix(m, "pkg/tool/") {
				compiled++
			}
		}
		if compiled == len(d.Modified) && compiled >= 2 && slices.Contains(d.Modified, "bin/go") {
			return "built from source: every modified file is a compiled program (bin/, pkg/tool/) and the sources match the release"
		}
	}
	return ""
}

// distroLocation recognises where distributions and package managers put
// the Go they build themselves.
func distroLocation(goos, p string) string {
	switch {
	case strings.Contains(p, "/Cellar/go") || strings.Contains(p, "/homebrew/"):
		return "a Homebrew build (" + p + ")"
	case strings.HasPrefix(p, "/nix/store/"):
		return "a Nix build (" + p + ")"
	case strings.HasPrefix(p, "/gnu/store/"):
		return "a Guix build (" + p + ")"
	case strings.HasPrefix(p, "/usr/lib/golang"):
		return "a Fedora/RHEL package build (" + p + ")"
	case p == "/usr/lib/go" || strings.HasPrefix(p, "/usr/lib/go-") || strings.HasPrefix(p, "/usr/lib/go/") || strings.HasPrefix(p, "/usr/share/go"):
		return "a Linux distribution package build (" + p + ")"
	case strings.HasPrefix(p, "/snap/"):
		return "a Snap package (" + p + ")"
	case goos == "freebsd" && strings.HasPrefix(p, "/usr/local/go"):
		return "a FreeBSD ports build (" + p + ")"
	case strings.HasPrefix(p, "/usr/pkg/"):
		return "a pkgsrc build (" + p + ")"
	}
	return ""
}

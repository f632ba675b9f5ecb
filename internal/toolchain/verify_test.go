package toolchain_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// install puts the fake go1.99.1 into the sandbox's module cache.
func install(t *testing.T, name string) (*toolchaintest.Sandbox, *toolchain.Env, string) {
	t.Helper()
	s := toolchaintest.Setup(t, toolchaintest.Host(name))
	e := newEnv(t, s.Home)
	r, err := e.Install(context.Background(), name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s, e, r.Dir
}

// writable runs fn with dir's parent directories writable.
func edit(t *testing.T, root string, fn func()) {
	t.Helper()
	toolchaintest.MakeWritable(root)
	fn()
}

func TestHashMatchesDirhash(t *testing.T) {
	r := toolchaintest.Host("go1.99.1")
	z, err := toolchaintest.Zip(r)
	if err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(zipPath, z, 0o666)
	want, err := dirhash.HashZip(zipPath, dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	files, got, err := toolchain.ZipFiles(context.Background(), facts.System{}, zipPath, r.ModVersion())
	if err != nil {
		t.Fatal(err)
	}
	if got != want || len(files) != len(toolchaintest.Files(r.Name, r.GOOS, r.GOARCH)) {
		t.Errorf("ZipFiles h1 = %s (%d files), dirhash.HashZip = %s", got, len(files), want)
	}
	// A tree with the release archive's layout (go.mod, not _go.mod, and
	// the directories the module leaves out) hashes the same.
	dir := t.TempDir()
	for name, data := range toolchaintest.Files(r.Name, r.GOOS, r.GOARCH) {
		name = strings.ReplaceAll(name, "_go.mod", "go.mod")
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o777)
		os.WriteFile(p, []byte(data), 0o666)
	}
	for _, extra := range []string{"api/go1.txt", "doc/go_spec.html", "test/x.go", "misc/x", ".github/x"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(extra)), 0o777)
		os.WriteFile(filepath.Join(dir, extra), []byte("x"), 0o666)
	}
	tree, err := toolchain.HashTree(context.Background(), facts.System{}, filepath.Join, dir, r.ModVersion())
	if err != nil {
		t.Fatal(err)
	}
	if tree.H1 != want {
		t.Errorf("HashTree = %s, want %s", tree.H1, want)
	}
}

func TestVerifyInstalled(t *testing.T) {
	_, e, dir := install(t, "go1.99.1")
	v, err := e.Verify(context.Background(), dir, "go1.99.1")
	if err != nil {
		t.Fatal(err)
	}
	if !v.Match || v.Expected.Kind != toolchain.FromDownload {
		t.Fatalf("verify = %+v (expected %+v)", v, v.Expected)
	}
}

func TestVerifyTampered(t *testing.T) {
	_, e, dir := install(t, "go1.99.1")
	edit(t, dir, func() {
		os.Chmod(filepath.Join(dir, "go.env"), 0o644)
		f, _ := os.OpenFile(filepath.Join(dir, "go.env"), os.O_APPEND|os.O_WRONLY, 0)
		f.WriteString("GOTOOLCHAIN=local\n")
		f.Close()
		os.WriteFile(filepath.Join(dir, "bin", "stray"), []byte("x"), 0o755)
		os.Remove(filepath.Join(dir, "src", "fmt", "print.go"))
		os.Symlink("go", filepath.Join(dir, "bin", "go2"))
	})
	v, err := e.Verify(context.Background(), dir, "go1.99.1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Match || v.Diff == nil || v.Build != "" {
		t.Fatalf("verify = %+v", v)
	}
	d := *v.Diff
	if !slices.Equal(d.Modified, []string{"go.env"}) || !slices.Equal(d.Missing, []string{"src/fmt/print.go"}) ||
		!slices.Equal(d.Extra, []string{"bin/go2 (symbolic link to bin/go in the tree)", "bin/stray"}) {
		t.Errorf("diff = %+v", d)
	}
}

// Without the release zip the mismatch is still found; the files cannot
// be listed.
func TestVerifyWithoutZip(t *testing.T) {
	s, e, dir := install(t, "go1.99.1")
	mv := toolchaintest.Host("go1.99.1").ModVersion()
	os.Remove(filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v", mv+".zip"))
	edit(t, dir, func() { os.WriteFile(filepath.Join(dir, "bin", "stray"), []byte("x"), 0o755) })
	v, err := e.Verify(context.Background(), dir, "go1.99.1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Match || v.Diff != nil {
		t.Fatalf("verify = %+v", v)
	}
}

// A Go installed from the release archive (not in the module cache) is
// verified against the same hash.
func TestVerifyArchiveInstall(t *testing.T) {
	s := toolchaintest.Setup(t, toolchaintest.Host("go1.99.1"))
	e := newEnv(t, s.Home)
	dir := filepath.Join(t.TempDir(), "go")
	r := toolchaintest.Host("go1.99.1")
	for name, data := range toolchaintest.Files(r.Name, r.GOOS, r.GOARCH) {
		name = strings.ReplaceAll(name, "_go.mod", "go.mod")
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o777)
		os.WriteFile(p, []byte(data), 0o666)
	}
	os.MkdirAll(filepath.Join(dir, "api"), 0o777)
	os.WriteFile(filepath.Join(dir, "api", "go1.txt"), []byte("pkg fmt"), 0o666)
	v, err := e.Verify(context.Background(), dir, "go1.99.1")
	if err != nil {
		t.Fatal(err)
	}
	if !v.Match || v.Expected.Kind != toolchain.FromFileProxy {
		t.Fatalf("verify = %+v expected %+v", v, v.Expected)
	}
	// Built from source: every compiled program differs, the sources match.
	for _, p := range []string{"bin/go", "bin/gofmt", "pkg/tool/" + r.GOOS + "_" + r.GOARCH + "/compile"} {
		os.WriteFile(filepath.Join(dir, p), []byte("#!/bin/sh\n# rebuilt\n"), 0o755)
	}
	// The release zip is in the module cache once installed.
	if _, err := e.Install(context.Background(), "go1.99.1", nil); err != nil {
		t.Fatal(err)
	}
	v, err = e.Verify(context.Background(), dir, "go1.99.1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Match || !strings.Contains(v.Build, "built from source") {
		t.Fatalf("verify = %+v", v)
	}
}

func TestVerifyOffline(t *testing.T) {
	s := toolchaintest.Setup(t, toolchaintest.Host("go1.99.1"))
	fx, _ := facts.New(context.Background(), facts.System{}, facts.Options{Dir: s.Home, Offline: true})
	e, err := toolchain.NewEnv(fx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Verify(context.Background(), s.Home, "go1.99.1")
	if err == nil || !strings.Contains(err.Error(), "offline") {
		t.Fatalf("err = %v", err)
	}
}

// The checksum database record the go command caches is preferred.
func TestExpectedFromSumDBRecord(t *testing.T) {
	s := toolchaintest.Setup(t)
	t.Setenv("GOSUMDB", "sumdb.example+abcd1234")
	t.Setenv("GOPROXY", "off")
	mv := toolchaintest.Host("go1.99.1").ModVersion()
	rec := filepath.Join(s.ModCache, "cache", "download", "sumdb", "sumdb.example", "lookup", "golang.org", "toolchain@"+mv)
	os.MkdirAll(filepath.Dir(rec), 0o777)
	os.WriteFile(rec, []byte("12345\ngolang.org/toolchain "+mv+" h1:AAAA=\ngolang.org/toolchain "+mv+"/go.mod h1:BBBB=\n\ngo.sum database tree\n"), 0o666)
	e := newEnv(t, s.Home)
	x, err := e.Expected(context.Background(), mv, s.Home)
	if err != nil {
		t.Fatal(err)
	}
	if x.Sum != "h1:AAAA=" || x.Kind != toolchain.FromSumDB || x.Where != rec {
		t.Errorf("expected = %+v", x)
	}
}

// Without the release zip, a go.env whose only change is the GOTOOLCHAIN
// value is proven the only difference by putting the release's value back.
func TestVerifyWithoutZipGoEnvOnly(t *testing.T) {
	s, e, dir := install(t, "go1.99.1")
	mv := toolchaintest.Host("go1.99.1").ModVersion()
	os.Remove(filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v", mv+".zip"))
	edit(t, dir, func() {
		os.Chmod(filepath.Join(dir, "go.env"), 0o644)
		os.WriteFile(filepath.Join(dir, "go.env"), []byte("GOTOOLCHAIN=local\n"), 0o644)
	})
	v, err := e.Verify(context.Background(), dir, "go1.99.1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Match || v.Diff == nil || !slices.Equal(v.Diff.Modified, []string{"go.env"}) || string(v.ReleaseGoEnv) != "GOTOOLCHAIN=auto\n" {
		t.Fatalf("verify = %+v", v)
	}
}

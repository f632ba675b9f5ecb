package golang

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/check/checktest"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/toolchain"
	"github.com/godx-dev/godx/internal/toolchain/toolchaintest"
)

// goRootIntegritySetup installs the fake go1.99.1 from a local file://
// proxy into a sandboxed module cache and makes it the GOROOT of the real
// go command (GOROOT=<that tree>), as if that Go were installed there.
func goRootIntegritySetup(t *testing.T) (*toolchaintest.Sandbox, string) {
	t.Helper()
	s := toolchaintest.Setup(t, toolchaintest.Host("go1.99.1"))
	fx, err := facts.New(context.Background(), facts.System{}, facts.Options{Dir: s.Home, CommandTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	e, err := toolchain.NewEnv(fx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Install(context.Background(), "go1.99.1", nil)
	if err != nil {
		t.Fatal(err)
	}
	toolchaintest.MakeWritable(r.Dir) // the tests edit it
	t.Setenv("GOROOT", r.Dir)
	return s, r.Dir
}

func goRootIntegrityRun(t *testing.T, s *toolchaintest.Sandbox, offline bool) checktest.Result {
	t.Helper()
	return checktest.Run(t, RootIntegrity, facts.System{}, facts.Options{Dir: s.Home, Offline: offline, CommandTimeout: time.Minute})
}

func TestGoRootIntegrity_Deep(t *testing.T) {
	if !RootIntegrity.Deep {
		t.Fatal("go/goroot-integrity must run only with --deep")
	}
}

func TestGoRootIntegrity_Clean(t *testing.T) {
	s, dir := goRootIntegritySetup(t)
	r := goRootIntegrityRun(t, s, false)
	checktest.Clean(t, r, dir+" is the official go1.99.1 release")
	// Offline works too: the hash of the verified download is in the module cache.
	r = goRootIntegrityRun(t, s, true)
	checktest.Clean(t, r, "official go1.99.1 release")
}

func TestGoRootIntegrity_GoEnvEdited(t *testing.T) {
	s, dir := goRootIntegritySetup(t)
	os.Chmod(filepath.Join(dir, "go.env"), 0o644)
	os.WriteFile(filepath.Join(dir, "go.env"), []byte("GOTOOLCHAIN=local\nGOFLAGS=-mod=mod\n"), 0o644)
	r := goRootIntegrityRun(t, s, false)
	checktest.Only(t, r, check.Info, "go.env has been edited", "go.env GOTOOLCHAIN: local (release: auto)", "go.env GOFLAGS: -mod=mod (added", "go env -w")
}

func TestGoRootIntegrity_Tampered(t *testing.T) {
	s, dir := goRootIntegritySetup(t)
	os.Chmod(filepath.Join(dir, "src", "fmt", "print.go"), 0o644)
	os.WriteFile(filepath.Join(dir, "src", "fmt", "print.go"), []byte("package fmt // patched\n"), 0o644)
	os.Remove(filepath.Join(dir, "LICENSE"))
	os.WriteFile(filepath.Join(dir, "src", "fmt", "evil.go"), []byte("package fmt\n"), 0o644)
	r := goRootIntegrityRun(t, s, false)
	checktest.Only(t, r, check.Warning, "differs from the official go1.99.1 release: 1 modified, 1 missing, 1 extra",
		"modified (1): src/fmt/print.go", "missing (1): LICENSE", "extra (1): src/fmt/evil.go", "godx toolchain verify --goroot "+dir)
}

func TestGoRootIntegrity_ToolsInGorootBin(t *testing.T) {
	s, dir := goRootIntegritySetup(t)
	os.WriteFile(filepath.Join(dir, "bin", "gopls"), []byte("tool"), 0o755)
	r := goRootIntegrityRun(t, s, false)
	checktest.Only(t, r, check.Warning, "0 modified, 0 missing, 1 extra", "extra (1): bin/gopls", "GOBIN=$GOROOT/bin", "go env -w GOBIN")
}

func TestGoRootIntegrity_NoReleaseZip(t *testing.T) {
	s, dir := goRootIntegritySetup(t)
	mv := toolchaintest.Host("go1.99.1").ModVersion()
	os.Remove(filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v", mv+".zip"))
	os.WriteFile(filepath.Join(dir, "bin", "gopls"), []byte("tool"), 0o755)
	r := goRootIntegrityRun(t, s, false)
	checktest.Only(t, r, check.Warning, "differs from the official go1.99.1 release.", "cannot be told without the release zip", "godx toolchain install go1.99.1")
}

// Without the release zip, go.env edited to GOTOOLCHAIN=local (as
// container images do) is still recognised: with the release's
// GOTOOLCHAIN=auto put back the tree hashes as expected, so it is a note.
// Any other edit of go.env remains an unexplained difference.
func TestGoRootIntegrity_NoReleaseZipGoEnvEdited(t *testing.T) {
	s, dir := goRootIntegritySetup(t)
	mv := toolchaintest.Host("go1.99.1").ModVersion()
	os.Remove(filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v", mv+".zip"))
	os.Chmod(filepath.Join(dir, "go.env"), 0o644)
	os.WriteFile(filepath.Join(dir, "go.env"), []byte("GOTOOLCHAIN=local\n"), 0o644)
	r := goRootIntegrityRun(t, s, false)
	checktest.Only(t, r, check.Info, "go.env has been edited", "go.env GOTOOLCHAIN: local (release: auto)", "GOTOOLCHAIN=auto, the release's setting, gives the expected hash")

	os.WriteFile(filepath.Join(dir, "go.env"), []byte("GOTOOLCHAIN=local\nGOFLAGS=-mod=mod\n"), 0o644)
	r = goRootIntegrityRun(t, s, false)
	checktest.Only(t, r, check.Warning, "differs from the official go1.99.1 release.", "cannot be told without the release zip")
}

// Go built from source (a distribution's build): every compiled program
// differs, the sources match. Not tampering: no finding.
func TestGoRootIntegrity_BuiltFromSource(t *testing.T) {
	s, dir := goRootIntegritySetup(t)
	tool := "pkg/tool/" + toolchaintest.Host("x").GOOS + "_" + toolchaintest.Host("x").GOARCH
	for _, p := range []string{"bin/go", "bin/gofmt", tool + "/compile", tool + "/link"} {
		os.Chmod(filepath.Join(dir, p), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte("#!/bin/sh\n# rebuilt\n"), 0o755)
	}
	r := goRootIntegrityRun(t, s, false)
	checktest.Clean(t, r, "built from source", "cannot be verified")
}

func TestGoRootIntegrity_DevelopmentBuild(t *testing.T) {
	s, dir := goRootIntegritySetup(t)
	os.Chmod(filepath.Join(dir, "VERSION"), 0o644)
	os.WriteFile(filepath.Join(dir, "VERSION"), []byte("devel go1.99-abcdef Mon Jan 1 00:00:00 2026 +0000\n"), 0o644)
	r := goRootIntegrityRun(t, s, false)
	checktest.Skipped(t, r, "not a Go release")
}

// Offline with no checksum at hand: skipped, not a finding.
func TestGoRootIntegrity_OfflineNothingCached(t *testing.T) {
	s, _ := goRootIntegritySetup(t)
	mv := toolchaintest.Host("go1.99.1").ModVersion()
	os.Remove(filepath.Join(s.ModCache, "cache", "download", "golang.org", "toolchain", "@v", mv+".ziphash"))
	r := goRootIntegrityRun(t, s, true)
	checktest.Skipped(t, r, "offline")
}

func TestGoRootIntegrity_NoGo(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	r := checktest.Run(t, RootIntegrity, facts.System{}, facts.Options{Dir: t.TempDir()})
	checktest.Skipped(t, r)
}

package soak

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
)

// listedPackage is what soak needs from `go list -json`.
type listedPackage struct {
	ImportPath string
	Name       string
	Dir        string
	Standard   bool
	DepOnly    bool
	Module     *struct {
		Path  string
		Main  bool
		GoMod string
	}
	GoFiles, CgoFiles, CFiles, CXXFiles, HFiles, SFiles, SysoFiles, EmbedFiles []string
	TestGoFiles, XTestGoFiles, TestEmbedFiles, XTestEmbedFiles                 []string
	Error                                                                      *struct{ Err string }
}

// project is the result of listing the packages once, before the soak.
type project struct {
	matched  []listedPackage // the packages the patterns name
	mains    []string        // matched main packages (import paths)
	cgo      []string        // packages with cgo files among them and their dependencies
	dirToPkg map[string]string
	inputs   []string // absolute paths of the project's own source files
	root     string   // folder input paths are shown relative to
	module   string   // the main module's path
	goroot   string
	gopath   string
}

const listFields = "ImportPath,Name,Dir,Standard,DepOnly,Module,GoFiles,CgoFiles,CFiles,CXXFiles,HFiles,SFiles,SysoFiles,EmbedFiles,TestGoFiles,XTestGoFiles,TestEmbedFiles,XTestEmbedFiles,Error"

// listOutputLimit bounds what is kept of go list's output: about 400
// bytes a package, so room for over 150,000 packages.
const listOutputLimit = 64 << 20

// listProject runs `go list -e -deps -json` for the patterns, through the
// bounded command runner every godx command uses: its process group is
// killed when ctx ends (Ctrl-C) and once it has exited, and its output is
// capped. ctx's error is returned when ctx ended first.
func listProject(ctx context.Context, goCmd, dir string, env, patterns []string) (*project, error) {
	args := append([]string{"list", "-e", "-deps", "-json=" + listFields}, patterns...)
	res := facts.System{}.Run(ctx, facts.Command{Path: goCmd, Args: args, Dir: dir, Env: env, MaxOutput: listOutputLimit})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	out := res.Stdout
	// go list -e exits 1 when some package has an error, and still lists
	// them all.
	if res.Err != nil && (len(out) == 0 || res.Truncated) {
		msg := strings.TrimSpace(string(res.Stderr))
		if msg == "" || res.Truncated {
			msg = res.Err.Error()
		}
		return nil, fmt.Errorf("go list %s: %s", strings.Join(patterns, " "), msg)
	}
	p := &project{dirToPkg: map[string]string{}, root: dir}
	dec := json.NewDecoder(bytes.NewReader(out))
	seenInput := map[string]bool{}
	addInput := func(path string) {
		if !seenInput[path] {
			seenInput[path] = true
			p.inputs = append(p.inputs, path)
		}
	}
	for {
		var lp listedPackage
		if err := dec.Decode(&lp); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading go list output: %v", err)
		}
		if len(lp.CgoFiles) > 0 {
			p.cgo = append(p.cgo, lp.ImportPath)
		}
		if !lp.DepOnly {
			if lp.Error != nil && lp.Dir == "" {
				return nil, fmt.Errorf("go list: %s", strings.TrimSpace(lp.Error.Err))
			}
			p.matched = append(p.matched, lp)
			if lp.Name == "main" {
				p.mains = append(p.mains, lp.ImportPath)
			}
			if lp.Dir != "" {
				p.dirToPkg[filepath.Clean(lp.Dir)] = lp.ImportPath
			}
		}
		if lp.Standard || lp.Module == nil || !lp.Module.Main {
			continue
		}
		p.module = lp.Module.Path
		if lp.Module.GoMod != "" {
			p.root = filepath.Dir(lp.Module.GoMod)
			addInput(lp.Module.GoMod)
			if sum := filepath.Join(filepath.Dir(lp.Module.GoMod), "go.sum"); fileExists(sum) {
				addInput(sum)
			}
		}
		for _, list := range [][]string{lp.GoFiles, lp.CgoFiles, lp.CFiles, lp.CXXFiles, lp.HFiles, lp.SFiles, lp.SysoFiles,
			lp.EmbedFiles, lp.TestGoFiles, lp.XTestGoFiles, lp.TestEmbedFiles, lp.XTestEmbedFiles} {
			for _, f := range list {
				addInput(filepath.Join(lp.Dir, f))
			}
		}
	}
	if len(p.matched) == 0 {
		return nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	slices.Sort(p.inputs)
	if res := (facts.System{}).Run(ctx, facts.Command{Path: goCmd, Args: []string{"env", "GOROOT", "GOPATH"}, Dir: dir, Env: env}); res.Err == nil {
		lines := strings.Split(strings.TrimSpace(string(res.Stdout)), "\n")
		if len(lines) == 2 {
			p.goroot, p.gopath = lines[0], lines[1]
		}
	}
	return p, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// fingerprint hashes the project's input files: a digest of them all and
// each file's hash (by path relative to the project root). A missing
// file hashes as "missing".
func (p *project) fingerprint() (string, map[string]string) {
	files := map[string]string{}
	all := sha256.New()
	for _, path := range p.inputs {
		h := "missing"
		if data, err := os.ReadFile(path); err == nil {
			sum := sha256.Sum256(data)
			h = hex.EncodeToString(sum[:])
		}
		rel, err := filepath.Rel(p.root, path)
		if err != nil {
			rel = path
		}
		rel = filepath.ToSlash(rel)
		files[rel] = h
		fmt.Fprintf(all, "%s %s\n", rel, h)
	}
	return hex.EncodeToString(all.Sum(nil)), files
}

// changedFiles lists files whose hashes differ between two fingerprints.
func changedFiles(a, b map[string]string) []string {
	var out []string
	for f, h := range b {
		if a[f] != h {
			out = append(out, f)
		}
	}
	for f := range a {
		if _, ok := b[f]; !ok {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

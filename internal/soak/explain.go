package soak

import (
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
)

// BinaryDiff explains why two builds of one binary differ: what
// debug/buildinfo says about each, which absolute paths they embed,
// which sections differ, and whether C code is linked in.
type BinaryDiff struct {
	Name string `json:"name"`
	// A and B label the two builds ("repro 1", "iteration 3") and their
	// hashes.
	A       string `json:"a"`
	B       string `json:"b"`
	SHA256A string `json:"sha256_a"`
	SHA256B string `json:"sha256_b"`
	// GoVersion is set when the two were built by different toolchains.
	GoVersion []string `json:"go_version,omitempty"`
	// Settings are build settings (`go version -m`) whose values differ.
	Settings []SettingDiff `json:"settings,omitempty"`
	// Deps are dependencies (path@version) present in only one.
	Deps []string `json:"deps,omitempty"`
	// AbsPaths are absolute paths of this machine found inside either
	// binary (the source, GOROOT, GOPATH, home or temporary folders).
	AbsPaths []string `json:"abs_paths,omitempty"`
	// Sections are object-file sections whose contents differ; Strings
	// quote printable strings that differ inside them ("A" vs "B").
	Sections []string `json:"sections,omitempty"`
	Strings  []string `json:"strings,omitempty"`
	// Cgo lists packages with C code (cgo) linked into the binary.
	Cgo []string `json:"cgo_packages,omitempty"`
	// Inputs lists project files that changed between the two builds.
	Inputs []string `json:"inputs_changed,omitempty"`
	Error  string   `json:"error,omitempty"`
}

// SettingDiff is one build setting with different values.
type SettingDiff struct {
	Key string `json:"key"`
	A   string `json:"a"`
	B   string `json:"b"`
}

// ExplainDiff compares two binaries. needles are absolute paths to look
// for inside them (empty ones are ignored).
func ExplainDiff(pathA, pathB string, needles []string) BinaryDiff {
	var d BinaryDiff
	ia, errA := buildinfo.ReadFile(pathA)
	ib, errB := buildinfo.ReadFile(pathB)
	known := "" // build info text: its differences are told setting by setting
	if errA == nil && errB == nil {
		known = ia.String() + "\n" + ib.String()
		if ia.GoVersion != ib.GoVersion {
			d.GoVersion = []string{ia.GoVersion, ib.GoVersion}
		}
		d.Settings = diffSettings(ia, ib)
		d.Deps = diffDeps(ia, ib)
	} else if err := cmpErr(errA, errB); err != nil {
		d.Error = "build info: " + err.Error()
	}
	a, errA := os.ReadFile(pathA)
	b, errB := os.ReadFile(pathB)
	if err := cmpErr(errA, errB); err != nil {
		d.Error = err.Error()
		return d
	}
	for _, n := range needles {
		if n == "" || len(n) < 4 || slices.Contains(d.AbsPaths, n) {
			continue
		}
		if bytes.Contains(a, []byte(n)) || bytes.Contains(b, []byte(n)) {
			d.AbsPaths = append(d.AbsPaths, n)
		}
	}
	d.Sections, d.Strings = diffSections(a, b, known)
	return d
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func settingsMap(bi *buildinfo.BuildInfo) map[string]string {
	m := map[string]string{}
	for _, s := range bi.Settings {
		m[s.Key] = s.Value
	}
	return m
}

func diffSettings(a, b *buildinfo.BuildInfo) []SettingDiff {
	ma, mb := settingsMap(a), settingsMap(b)
	keys := map[string]bool{}
	for k := range ma {
		keys[k] = true
	}
	for k := range mb {
		keys[k] = true
	}
	var out []SettingDiff
	for k := range keys {
		if ma[k] != mb[k] {
			out = append(out, SettingDiff{Key: k, A: ma[k], B: mb[k]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func diffDeps(a, b *buildinfo.BuildInfo) []string {
	set := func(bi *buildinfo.BuildInfo) map[string]bool {
		m := map[string]bool{}
		for _, d := range bi.Deps {
			m[d.Path+"@"+d.Version] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	var out []string
	for k := range sa {
		if !sb[k] {
			out = append(out, k)
		}
	}
	for k := range sb {
		if !sa[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// diffSections names the sections (ELF, PE or Mach-O) whose contents
// differ or that exist in only one of the two files, and quotes up to
// maxStrings printable strings that differ inside them: the tell-tale of
// an -ldflags -X value, which -trimpath builds leave out of build info.
// Strings found in known (the build info) are not quoted.
func diffSections(a, b []byte, known string) (names, strs []string) {
	sa, sb := sectionData(a), sectionData(b)
	if sa == nil || sb == nil {
		return nil, nil
	}
	for name, da := range sa {
		db, ok := sb[name]
		if !ok {
			names = append(names, name)
			continue
		}
		if !bytes.Equal(da, db) {
			names = append(names, name)
		}
	}
	for name := range sb {
		if _, ok := sa[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.Contains(name, "build-id") || strings.Contains(name, "buildid") {
			continue // build IDs differ whenever anything does
		}
		if da, db := sa[name], sb[name]; da != nil && db != nil {
			strs = append(strs, differingStrings(da, db, known, maxStrings-len(strs))...)
		}
		if len(strs) >= maxStrings {
			break
		}
	}
	return names, strs
}

const maxStrings = 3

// differingStrings finds places where a and b differ and returns the
// printable text around each, as "A" vs "B" (same offsets in both).
func differingStrings(a, b []byte, known string, limit int) []string {
	var out []string
	n := min(len(a), len(b))
	for i := 0; i < n && len(out) < limit; i++ {
		if a[i] == b[i] {
			continue
		}
		sa, ea := printableRun(a, i)
		sb, eb := printableRun(b, i)
		ta, tb := string(a[sa:ea]), string(b[sb:eb])
		inKnown := known != "" && (strings.Contains(known, ta) || strings.Contains(known, tb))
		if !inKnown && ta != tb && len(ta) >= 4 && len(tb) >= 4 && len(ta) <= 200 && len(tb) <= 200 {
			out = append(out, fmt.Sprintf("%q vs %q", ta, tb))
		}
		i = max(ea, eb)
	}
	return out
}

// printableRun is the run of printable ASCII around data[i].
func printableRun(data []byte, i int) (int, int) {
	printable := func(c byte) bool { return c >= 0x20 && c < 0x7f }
	s, e := i, i
	for s > 0 && printable(data[s-1]) {
		s--
	}
	for e < len(data) && printable(data[e]) {
		e++
	}
	return s, e
}

type sectionReader interface {
	Open() io.ReadSeeker
}

// sectionData maps each section of an executable to its contents (nil
// when the format is not ELF, PE or Mach-O).
func sectionData(data []byte) map[string][]byte {
	r := bytes.NewReader(data)
	out := map[string][]byte{}
	add := func(name string, s sectionReader) {
		if b, err := io.ReadAll(s.Open()); err == nil {
			out[name] = b
		}
	}
	if f, err := elf.NewFile(r); err == nil {
		for _, s := range f.Sections {
			if s.Type != elf.SHT_NOBITS && s.Name != "" {
				add(s.Name, s)
			}
		}
		return out
	}
	if f, err := pe.NewFile(r); err == nil {
		for _, s := range f.Sections {
			add(s.Name, s)
		}
		return out
	}
	if f, err := macho.NewFile(r); err == nil {
		for _, s := range f.Sections {
			add(s.Seg+","+s.Name, s)
		}
		return out
	}
	return nil
}

// HashFile returns the hex SHA-256 and size of a file.
func HashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// The doctor's speed goal is a ratio, not a time: `godx doctor --offline`
// against `go env -json`, the one command it must run, in the same small
// module with warm caches, as whole processes run alternately (so both see
// the same machine load). Each iteration runs one of each; the reported
// metric "ratio" is the median of the pairwise ratios (goal ≤ 1.5). The
// "floor" sub-benchmark measures the same ratio for the smallest Go
// program that runs go env (floorProgram): what process start-up alone
// costs on this machine.
//
//	go test -run '^$' -bench DoctorVsGoEnv -benchtime 30x ./cmd/godx
//
// BenchmarkSourceScanVsRipgrep does the same in $GOROOT/src with the source
// checks against ripgrep looking for a BOM (goal ≤ 1.0; skipped without rg).
func BenchmarkDoctorVsGoEnv(b *testing.B) {
	goBin := benchTool(b, "go")
	godx := benchBuildGodx(b)
	dir := benchModule(b, "module example.com/small\n\ngo 1.22\n", "package main\n\nfunc main() {}\n")
	b.Run("doctor", func(b *testing.B) {
		benchPairs(b, dir,
			[]string{godx, "doctor", "--offline", "--json"},
			[]string{goBin, "env", "-json"})
	})
	b.Run("one-check", func(b *testing.B) {
		// godx's start-up and engine with a single check (go/installed,
		// which needs go env): what the checks themselves add is the
		// difference to "doctor".
		benchPairs(b, dir,
			[]string{godx, "doctor", "--offline", "--json", "--skip", allChecksBut(b, godx, dir, "go/installed")},
			[]string{goBin, "env", "-json"})
	})
	b.Run("floor", func(b *testing.B) {
		benchPairs(b, dir, []string{benchBuildFloor(b), goBin}, []string{goBin, "env", "-json"})
	})
}

// allChecksBut lists, comma-separated, every check of godx's report but
// keep.
func allChecksBut(b *testing.B, godx, dir, keep string) string {
	cmd := exec.Command(godx, "doctor", "--offline", "--json")
	cmd.Dir = dir
	out, _ := cmd.Output() // exit 1 when the machine has problems
	var r struct{ Checks []struct{ ID string } }
	if err := json.Unmarshal(out, &r); err != nil || len(r.Checks) == 0 {
		b.Fatalf("godx doctor --json: %v\n%s", err, out)
	}
	var ids []string
	for _, c := range r.Checks {
		if c.ID != keep {
			ids = append(ids, c.ID)
		}
	}
	return strings.Join(ids, ",")
}

// floorProgram is the least a Go program that needs go env's answer can
// do: start `go env -json` as the doctor does, read its output, exit. Its
// ratio to go env alone is what the machine's process start-up leaves of
// the 1.5 goal.
const floorProgram = `package main

import (
	"os"
	"os/exec"
)

func main() {
	cmd := exec.Command(os.Args[1], "env", "-json")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	_, _ = cmd.Output()
}
`

func benchBuildFloor(b *testing.B) string {
	return benchGoBuild(b, benchModule(b, "module floor\n\ngo 1.22\n", floorProgram), "floor")
}

// benchModule writes a one-package module (its go.mod and main.go) into a
// new directory.
func benchModule(b *testing.B, goMod, mainGo string) string {
	dir := b.TempDir()
	for name, data := range map[string]string{"go.mod": goMod, "main.go": mainGo} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// benchGoBuild builds the package in dir into a new directory as name.
func benchGoBuild(b *testing.B, dir, name string) string {
	exe := filepath.Join(b.TempDir(), name)
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", exe, ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}

func BenchmarkSourceScanVsRipgrep(b *testing.B) {
	rg := benchTool(b, "rg")
	goBin := benchTool(b, "go")
	godx := benchBuildGodx(b)
	goroot, err := exec.Command(goBin, "env", "GOROOT").Output()
	if err != nil {
		b.Fatal(err)
	}
	src := filepath.Join(string(goroot[:len(goroot)-1]), "src")
	benchPairs(b, src,
		[]string{godx, "doctor", "--offline", "--json", "--only", "source/"},
		[]string{rg, "-l", "\ufeff", src})
}

func benchTool(b *testing.B, name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		b.Skipf("%s is not on PATH", name)
	}
	return p
}

// benchBuildGodx builds the real binary (the test binary would add the
// testing package's start-up to every run). GODX_BENCH_BINARY names
// another build to measure instead (an older one, for before/after).
func benchBuildGodx(b *testing.B) string {
	if exe := os.Getenv("GODX_BENCH_BINARY"); exe != "" {
		return exe
	}
	return benchGoBuild(b, ".", "godx")
}

// benchPairs runs a and then c in dir once per iteration (after a warm-up
// of each) and reports each one's median time and the median of the
// per-pair ratios a/c ("ms", "ms-reference", "ratio"). Exit statuses are
// ignored: a doctor that finds problems exits 1 and costs the same.
func benchPairs(b *testing.B, dir string, a, c []string) {
	run := func(argv []string) time.Duration {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = dir
		start := time.Now()
		cmd.Run()
		return time.Since(start)
	}
	for range 3 {
		run(a)
		run(c)
	}
	var ratios, ta, tc []float64
	b.ResetTimer()
	for range b.N {
		da, dc := run(a), run(c)
		ta = append(ta, float64(da.Microseconds())/1000)
		tc = append(tc, float64(dc.Microseconds())/1000)
		ratios = append(ratios, float64(da)/float64(dc))
	}
	b.ReportMetric(median(ratios), "ratio")
	b.ReportMetric(median(ta), "ms")
	b.ReportMetric(median(tc), "ms-reference")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

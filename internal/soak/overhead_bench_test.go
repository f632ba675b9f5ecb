package soak

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkOverhead measures godx's own share of a soak: one in-process
// `godx soak --test-only --runs 10 --per-package=false` of a sample module
// (3 packages × 20 trivial tests) against the wall time of the
// `go test -json -count=1` commands it runs, which a shell loop would run
// too. What is left — go list, starting the commands, reading the
// test2json stream, the analysis — is godx's work ("overhead-%"; the
// target is at most 2 %). Process start-up and `godx env` are not in it
// (about 20 ms per soak, see the README).
func BenchmarkOverhead(b *testing.B) {
	files := map[string]string{"go.mod": "module example.com/overhead\n\ngo 1.22\n"}
	for p := range 3 {
		var src strings.Builder
		fmt.Fprintf(&src, "package p%d\n\nimport \"testing\"\n", p)
		for i := range 20 {
			fmt.Fprintf(&src, "\nfunc Test%d(t *testing.T) { t.Log(%d) }\n", i, i)
		}
		files[fmt.Sprintf("p%d/p.go", p)] = fmt.Sprintf("package p%d\n", p)
		files[fmt.Sprintf("p%d/p_test.go", p)] = src.String()
	}
	dir := writeModule(b, files)
	env := goEnv(b)
	goRun(b, dir, env, "test", "-count=1", "./...") // warm the build cache
	var total, children time.Duration
	for b.Loop() {
		start := time.Now()
		r, err := Run(context.Background(), Options{Dir: dir, Runs: 10, TestOnly: true, FailOn: FailOnFlaky, Timeout: time.Minute, Env: env})
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Iterations) != 10 || r.Analysis.Problem != "" {
			b.Fatalf("%d runs, problem %q", len(r.Iterations), r.Analysis.Problem)
		}
		for _, it := range r.Iterations {
			children += time.Duration(it.Test.WallSeconds * float64(time.Second))
		}
	}
	b.ReportMetric(float64(total-children)/float64(children)*100, "overhead-%")
	b.ReportMetric((total-children).Seconds()*1000/float64(b.N), "godx-ms/op")
}

package goproxy

import (
	"sync"
	"time"

	"golang.org/x/mod/module"

	"github.com/godx-dev/godx/internal/facts"
)

// The bounds of Lookup: at most MaxLookups modules, LookupWorkers
// requests at a time.
const (
	MaxLookups    = 300
	LookupWorkers = 8
)

// ModuleURL is the URL the go command asks a proxy for a module version's
// metadata: <proxy>/<escaped path>/@v/<escaped version><suffix>, suffix
// being ".info", ".mod" or ".zip".
func ModuleURL(base string, m module.Version, suffix string) (string, error) {
	escPath, err := module.EscapePath(m.Path)
	if err != nil {
		return "", err
	}
	escVersion, err := module.EscapeVersion(m.Version)
	if err != nil {
		return "", err
	}
	return Join(base, escPath+"/@v/"+escVersion+suffix), nil
}

// Lookup asks the proxy at base for each module version's .info, as the
// go command does before a download, LookupWorkers at a time. It asks
// about the first MaxLookups modules at most, and starts no request after
// the deadline. probes[i] is the answer for mods[i], nil when it was not
// asked; skipped counts those left out by the two bounds (a path or
// version that cannot be escaped is not asked, and not counted).
func Lookup(n Network, base string, mods []module.Version, deadline time.Time) (probes []*facts.HTTPProbe, skipped int) {
	probes = make([]*facts.HTTPProbe, len(mods))
	todo := len(mods)
	if todo > MaxLookups {
		skipped, todo = todo-MaxLookups, MaxLookups
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(LookupWorkers, todo) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				u, err := ModuleURL(base, mods[i], ".info")
				if err != nil {
					continue
				}
				probes[i] = n.Get(u, deadline) // each worker writes its own indexes
			}
		}()
	}
	for i := range todo {
		if !n.Now().Before(deadline) {
			skipped += todo - i
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	return probes, skipped
}

// Privacy is how the go command treats module paths that are not public,
// from go env: GONOPROXY and GONOSUMDB (each GOPRIVATE when unset, as in
// cmd/go), comma-separated lists of path-prefix glob patterns.
type Privacy struct {
	GOPRIVATE, GONOPROXY, GONOSUMDB string
}

// PrivacyOf reads the settings from go env.
func PrivacyOf(ge *facts.GoEnv) Privacy {
	return Privacy{
		GOPRIVATE: ge.Get("GOPRIVATE"),
		GONOPROXY: ge.Get("GONOPROXY"),
		GONOSUMDB: ge.Get("GONOSUMDB"),
	}
}

// NoProxy reports that the go command fetches path directly, not through
// GOPROXY.
func (p Privacy) NoProxy(path string) bool {
	return module.MatchPrefixPatterns(orPrivate(p.GONOPROXY, p.GOPRIVATE), path)
}

// NoSumDB reports that the go command does not check path against the
// checksum database.
func (p Privacy) NoSumDB(path string) bool {
	return module.MatchPrefixPatterns(orPrivate(p.GONOSUMDB, p.GOPRIVATE), path)
}

// orPrivate is cmd/go's envOr(name, GOPRIVATE): an empty value means
// unset. go env already reports the defaults, so this matters only for
// values read from elsewhere.
func orPrivate(v, private string) string {
	if v == "" {
		return private
	}
	return v
}

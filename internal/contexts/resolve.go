package contexts

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/godx-dev/godx/internal/facts"
)

// Compared are the Go settings Diff compares, in display order (after
// the go command itself).
var Compared = []string{
	"GOROOT", "GOPATH", "GOBIN", "GOFLAGS", "GOTOOLCHAIN", "GOWORK", "GO111MODULE",
	"GOPROXY", "GOPRIVATE", "GONOSUMDB", "CGO_ENABLED", "CC",
}

// PathTools are the programs whose place on PATH Diff compares.
var PathTools = []string{"go", "gopls", "dlv", "gcc", "clang", "cc"}

// Value is a setting's effective value in a context and where it comes
// from ("environment", "go env -w file ...", "default").
type Value struct {
	Value  string `json:"value"`
	Source string `json:"source,omitempty"`
}

// Resolved is what a context's go command says: which go runs, its
// version and GOROOT, its Go settings, and where PATH finds Go's tools.
type Resolved struct {
	*Context
	Go        string           `json:"go,omitempty"`
	GoVersion string           `json:"go_version,omitempty"`
	GOROOT    string           `json:"goroot,omitempty"`
	Settings  map[string]Value `json:"settings,omitempty"`
	// PathTools maps each of PathTools to the PATH directories holding
	// it, in PATH order (the first wins).
	PathTools map[string][]string `json:"path_tools,omitempty"`
	// GoErr says why the go command could not be asked ("" when it was).
	GoErr string `json:"go_error,omitempty"`
	// Error says why the context could not be read at all.
	Error string `json:"error,omitempty"`
}

// Resolver resolves contexts against one OS, running each context's go
// command (`go env -json`, bounded) at most once per distinct Go-relevant
// environment.
type Resolver struct {
	OS facts.OS
	// Dir is used for a context whose working directory is unknown.
	Dir string
	// CommandTimeout bounds each go command.
	CommandTimeout time.Duration

	mu    sync.Mutex
	cache map[string]func() *Resolved
}

// Resolve resolves every context concurrently.
func (r *Resolver) Resolve(ctx context.Context, cs []Context) []*Resolved {
	out := make([]*Resolved, len(cs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = r.One(ctx, &cs[i])
		}()
	}
	wg.Wait()
	return out
}

// One resolves c.
func (r *Resolver) One(ctx context.Context, c *Context) *Resolved {
	if c.Err != nil || c.Env == nil {
		res := &Resolved{Context: c}
		if c.Err != nil {
			res.Error = c.Err.Error()
		} else {
			res.Error = "no environment"
		}
		return res
	}
	dir := c.Dir
	if dir == "" {
		dir = r.Dir
	}
	key := string(c.Kind) + "\x00" + r.key(c.Env, dir)
	r.mu.Lock()
	if r.cache == nil {
		r.cache = map[string]func() *Resolved{}
	}
	once, ok := r.cache[key]
	if !ok {
		resolve := r.resolve
		if c.Kind == KindWindows {
			resolve = r.windows
		}
		once = sync.OnceValue(func() *Resolved { return resolve(ctx, c.Env, dir) })
		r.cache[key] = once
	}
	r.mu.Unlock()
	shared := once()
	res := *shared
	res.Context = c
	return &res
}

// key is what resolving depends on: the directory, and the variables
// the go command and PATH lookup read.
func (r *Resolver) key(env []string, dir string) string {
	win := r.OS.GOOS() == "windows"
	var b strings.Builder
	b.WriteString(dir)
	for _, k := range append(slices.Clone(GoVars), "PATH", "PATHEXT", "HOME", "USERPROFILE", "XDG_CONFIG_HOME", "APPDATA", "LOCALAPPDATA") {
		v, ok := Lookup(env, k, win)
		b.WriteString("\x00" + k)
		if ok {
			b.WriteString("=" + v)
		}
	}
	return b.String()
}

func (r *Resolver) resolve(ctx context.Context, env []string, dir string) *Resolved {
	res := &Resolved{Settings: map[string]Value{}, PathTools: map[string][]string{}}
	fx, err := facts.New(ctx, r.OS, facts.Options{Dir: dir, Environ: env, CommandTimeout: r.CommandTimeout, Offline: true})
	if err != nil {
		// The directory is gone: look from godx's own.
		fx, err = facts.New(ctx, r.OS, facts.Options{Dir: r.Dir, Environ: env, CommandTimeout: r.CommandTimeout, Offline: true})
		if err != nil {
			res.Error = err.Error()
			return res
		}
	}
	for _, t := range PathTools {
		for _, p := range fx.LookPathAll(t) {
			res.PathTools[t] = append(res.PathTools[t], fx.ParentDir(p))
		}
	}
	if g, err := fx.GoCommand(); err == nil {
		res.Go = g.Path
	}
	ge, err := fx.GoEnv()
	if err != nil {
		res.GoErr = goErr(err)
	} else {
		res.GoVersion = ge.Vars["GOVERSION"]
		res.GOROOT = ge.Vars["GOROOT"]
	}
	st, err := fx.Settings()
	for _, name := range Compared {
		if err == nil {
			if s := st.Get(name); s != nil {
				res.Settings[name] = Value{Value: s.Value, Source: s.Label()}
				continue
			}
		}
		if v, ok := fx.LookupEnv(name); ok {
			res.Settings[name] = Value{Value: v, Source: "environment"}
		}
	}
	if res.GOROOT == "" {
		res.GOROOT = res.Settings["GOROOT"].Value
	}
	return res
}

// windows resolves the Windows side of WSL (see resolveWindows).
func (r *Resolver) windows(ctx context.Context, env []string, dir string) *Resolved {
	fx, err := facts.New(ctx, r.OS, facts.Options{Dir: r.Dir, CommandTimeout: r.CommandTimeout, Offline: true})
	if err != nil {
		return &Resolved{Error: err.Error()}
	}
	return r.resolveWindows(fx, env)
}

func goErr(err error) string {
	if errors.Is(err, facts.ErrNoGo) {
		return "no go command on PATH"
	}
	return err.Error()
}

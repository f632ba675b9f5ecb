package facts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/godx-dev/godx/internal/procenv"
)

// Options configure a Facts.
type Options struct {
	// Dir is the project directory the doctor looks at ("" = working dir).
	Dir string
	// Offline makes Fetch fail with ErrOffline without touching the network.
	Offline bool
	// CommandTimeout bounds each external command (default 4s).
	CommandTimeout time.Duration
	// FetchTimeout bounds each network request (default NetRequestTimeout).
	FetchTimeout time.Duration
	// RetryBlockedGoEnv lets GoEnv look past a setting that makes only
	// `go env` fail (see GoEnv.Blocked). The doctor sets it, so that its
	// checks still see the project; commands that need a working go
	// command (godx env, toolchain, soak) keep the plain failure.
	RetryBlockedGoEnv bool
	// Environ, when non-nil, replaces the OS's environment for this run:
	// every fact, and every command the run starts, sees it instead
	// (`godx doctor --context` diagnoses as another process would).
	Environ []string
}

// MaxFileSize is the most godx reads of any single file.
const MaxFileSize = 16 << 20

// Facts answers questions about the machine, computing each shared answer
// once. It is safe for concurrent use.
type Facts struct {
	OS      OS
	Dir     string // absolute
	Offline bool

	ctx            context.Context
	retryBlocked   bool
	commandTimeout time.Duration
	fetchTimeout   time.Duration
	env            map[string]string
	environ        []string

	goCommand func() (*GoCommand, error)
	goEnv     func() (*GoEnv, error)
	goEnvDone chan struct{}
	settings  func() (*Settings, error)
	processes func() procenv.Reader
	module    func() (*ModFile, error)
	workspace func() (*ModFile, error)

	memoMu sync.Mutex
	memo   map[any]func() (any, error)

	commands commandLog
}

// New builds the facts for one doctor run. ctx bounds every command and
// request the facts layer makes (it is the doctor's global budget).
func New(ctx context.Context, sys OS, opts Options) (*Facts, error) {
	f := &Facts{
		OS:             sys,
		Offline:        opts.Offline,
		ctx:            ctx,
		retryBlocked:   opts.RetryBlockedGoEnv,
		commandTimeout: opts.CommandTimeout,
		fetchTimeout:   opts.FetchTimeout,
		env:            map[string]string{},
		memo:           map[any]func() (any, error){},
	}
	if f.commandTimeout == 0 {
		f.commandTimeout = 4 * time.Second
	}
	if f.fetchTimeout == 0 {
		// Same bound as HTTPGet's requests, so that with a dead network
		// the whole doctor still finishes in under 3 s.
		f.fetchTimeout = NetRequestTimeout
	}
	f.environ = sys.Environ()
	if opts.Environ != nil {
		f.environ = append([]string(nil), opts.Environ...)
	}
	for _, kv := range f.environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" { // Windows has "=C:=C:\x" entries
			continue
		}
		if sys.GOOS() == "windows" {
			k = strings.ToUpper(k)
		}
		if _, dup := f.env[k]; !dup { // first wins, like getenv
			f.env[k] = v
		}
	}
	dir := opts.Dir
	if dir == "" {
		wd, err := sys.Getwd()
		if err != nil {
			return nil, fmt.Errorf("finding the current directory: %w", err)
		}
		dir = wd
	} else if !isAbs(sys.GOOS(), dir) {
		wd, err := sys.Getwd()
		if err != nil {
			return nil, fmt.Errorf("finding the current directory: %w", err)
		}
		dir = f.JoinPath(wd, dir)
	}
	st, err := sys.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("project directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("project directory %s is not a directory", dir)
	}
	f.Dir = f.CleanPath(dir)
	f.goCommand = sync.OnceValues(f.findGoCommand)
	f.goEnvDone = make(chan struct{})
	f.goEnv = sync.OnceValues(func() (*GoEnv, error) {
		defer close(f.goEnvDone)
		return f.loadGoEnv()
	})
	f.settings = sync.OnceValues(f.loadSettings)
	f.processes = sync.OnceValue(f.loadProcesses)
	f.module = sync.OnceValues(f.loadModule)
	f.workspace = sync.OnceValues(f.loadWorkspace)
	return f, nil
}

// Context is the budget every fact computation runs under.
func (f *Facts) Context() context.Context { return f.ctx }

// GOOS of the inspected host.
func (f *Facts) GOOS() string { return f.OS.GOOS() }

// GOARCH of the inspected host.
func (f *Facts) GOARCH() string { return f.OS.GOARCH() }

// Getenv returns the process environment value of key ("" when unset).
func (f *Facts) Getenv(key string) string {
	v, _ := f.LookupEnv(key)
	return v
}

// LookupEnv is Getenv that also says whether key is set at all.
func (f *Facts) LookupEnv(key string) (string, bool) {
	if f.OS.GOOS() == "windows" {
		key = strings.ToUpper(key)
	}
	v, ok := f.env[key]
	return v, ok
}

// Environ is the process environment.
func (f *Facts) Environ() []string { return append([]string(nil), f.environ...) }

// ReadFile reads a file of at most MaxFileSize bytes.
func (f *Facts) ReadFile(name string) ([]byte, error) {
	return f.OS.ReadFile(name, MaxFileSize)
}

// Exists reports whether name exists (following symlinks).
func (f *Facts) Exists(name string) bool {
	_, err := f.OS.Stat(name)
	return err == nil
}

// Run runs a command bounded by the command timeout and the global budget.
// A nil Env inherits the process environment.
func (f *Facts) Run(ctx context.Context, c Command) Result {
	if ctx == nil {
		ctx = f.ctx
	}
	ctx, cancel := context.WithTimeout(ctx, f.commandTimeout)
	defer cancel()
	stop := context.AfterFunc(f.ctx, cancel)
	defer stop()
	if c.Env == nil {
		c.Env = f.Environ()
	}
	start := time.Now()
	res := f.OS.Run(ctx, c)
	// A command started before it was asked for (the doctor's go env,
	// package prestart) ran longer than the wait for it: log its own time.
	f.commands.add(c, res, max(time.Since(start), res.Duration))
	return res
}

// Fetch GETs an http(s) or file URL unless godx is offline, through the
// run's one HTTP client (HTTPGet); a non-200 answer is an error (an
// *HTTPError for HTTP statuses, so IsNotFound works).
func (f *Facts) Fetch(ctx context.Context, url string) ([]byte, error) {
	if f.Offline {
		return nil, ErrOffline
	}
	if fake, ok := f.OS.(URLFetcher); ok {
		if ctx == nil {
			ctx = f.ctx
		}
		ctx, cancel := context.WithTimeout(ctx, f.fetchTimeout)
		defer cancel()
		data, err := fake.Fetch(ctx, url)
		if err != nil && f.ctx.Err() != nil {
			err = fmt.Errorf("%w: %w", ErrCutShort, err)
		}
		return data, err
	}
	p := f.HTTPGet(url)
	if p.CutShort {
		return nil, fmt.Errorf("%w: %w", ErrCutShort, p.Err)
	}
	if p.Err != nil {
		return nil, p.Err
	}
	return p.Body, nil
}

// FetchTimeout is the limit of one network request (Options.FetchTimeout).
func (f *Facts) FetchTimeout() time.Duration { return f.fetchTimeout }

// GoCommand is the go command that wins on PATH.
type GoCommand struct {
	Path     string // as found on PATH
	Resolved string // with symlinks evaluated
}

// ErrNoGo means no go command is on PATH.
var ErrNoGo = errors.New("no go command found on PATH")

// GoCommand finds the go command a shell would run.
func (f *Facts) GoCommand() (*GoCommand, error) { return f.goCommand() }

func (f *Facts) findGoCommand() (*GoCommand, error) {
	p, err := f.LookPath("go")
	if err != nil {
		return nil, ErrNoGo
	}
	r, err := f.OS.EvalSymlinks(p)
	if err != nil {
		r = p
	}
	return &GoCommand{Path: p, Resolved: r}, nil
}

// GoEnv is the output of `go env -json`, run in the project directory with
// GOTOOLCHAIN=local so that looking never downloads or switches toolchains:
// GOROOT, GOVERSION and GOTOOLDIR describe the go command on PATH.
// GOTOOLCHAIN itself is resolved by Settings, not by this run.
type GoEnv struct {
	Go     *GoCommand
	Vars   map[string]string
	Result Result
	// Blocked is set (only with Options.RetryBlockedGoEnv) when the first
	// `go env -json` failed because of one setting and a second run
	// without it worked: Vars then come from
	// that second run (with the blocking setting's own value put back),
	// so that every other check can still look, and the check that owns
	// the setting reports the failure.
	Blocked *GoEnvBlock
}

// GoEnvBlock is a `go env -json` that one setting made fail.
type GoEnvBlock struct {
	// Setting is "GOFLAGS" (it holds a flag of go env itself, such as
	// -w from an unquoted "-ldflags=-s -w"), "GOROOT" (it names a
	// directory that does not exist) or "GOPATH" (an entry is relative or
	// starts with ~: every go command fails, but only after choosing its
	// toolchain, whose own errors come first).
	Setting string
	// Definition is where the setting is defined, with its value.
	Definition Definition
	// Failure is the first run: the go command's own words.
	Failure Result
}

// Get returns one variable ("" when absent).
func (e *GoEnv) Get(key string) string { return e.Vars[key] }

// GoEnvError is a `go env` that failed; Stderr holds the go command's words.
type GoEnvError struct {
	Go     *GoCommand
	Result Result
}

func (e *GoEnvError) Error() string {
	msg := strings.TrimSpace(string(e.Result.Stderr))
	if e.Result.TimedOut {
		return fmt.Sprintf("%s env -json did not finish: %v", e.Go.Path, e.Result.Err)
	}
	if (msg == "" || e.Result.Truncated) && e.Result.Err != nil {
		msg = e.Result.Err.Error()
	}
	return fmt.Sprintf("%s env -json failed: %s", e.Go.Path, msg)
}

// GoEnv runs `go env -json` once.
func (f *Facts) GoEnv() (*GoEnv, error) { return f.goEnv() }

// GoEnvReady returns GoEnv's answer only if it is already known, without
// waiting (ok is false when it was never asked for or is still running).
func (f *Facts) GoEnvReady() (*GoEnv, bool) {
	select {
	case <-f.goEnvDone:
		ge, err := f.goEnv()
		return ge, err == nil
	default:
		return nil, false
	}
}

func (f *Facts) loadGoEnv() (*GoEnv, error) {
	g, err := f.GoCommand()
	if err != nil {
		return nil, err
	}
	env := append(f.Environ(), "GOTOOLCHAIN=local")
	res := f.Run(f.ctx, Command{Path: g.Path, Args: []string{"env", "-json"}, Dir: f.Dir, Env: env})
	if res.Err != nil {
		if !f.retryBlocked {
			return nil, &GoEnvError{Go: g, Result: res}
		}
		if ge := f.goEnvUnblocked(g, env, res); ge != nil {
			return ge, nil
		}
		return nil, &GoEnvError{Go: g, Result: res}
	}
	vars := map[string]string{}
	if err := json.Unmarshal(res.Stdout, &vars); err != nil {
		return nil, &GoEnvError{Go: g, Result: Result{Stderr: []byte("unreadable go env -json output: " + err.Error()), Err: err}}
	}
	return &GoEnv{Go: g, Vars: vars, Result: res}, nil
}

// goEnvUnblocked retries a failed `go env -json` without the one setting
// that made it fail where other go commands work, work elsewhere, or fail
// later: GOFLAGS holding a flag of go env itself (builds ignore it), a
// GOROOT that does not exist (a toolchain the go command switches to
// ignores it), a bad GOPATH entry (checked after toolchain selection).
// It returns nil when that is not the cause.
func (f *Facts) goEnvUnblocked(g *GoCommand, env []string, first Result) *GoEnv {
	if first.TimedOut || first.Truncated {
		return nil
	}
	stderr := string(first.Stderr)
	var block GoEnvBlock
	var with string
	if def, ok := f.ExplicitGoSetting("GOROOT"); ok && strings.Contains(stderr, "cannot find GOROOT directory") {
		// The go command's own installation stands in for the run.
		block, with = GoEnvBlock{Setting: "GOROOT", Definition: def}, f.ParentDir(f.ParentDir(g.Resolved))
	} else if def, ok := f.ExplicitGoSetting("GOPATH"); ok && strings.Contains(stderr, "go: GOPATH entry ") {
		// The go command checks GOPATH only after choosing the toolchain,
		// so what selection does (and refuses) still matters: look with
		// the default GOPATH.
		home := f.UserHomeDir()
		if home == "" {
			return nil
		}
		block, with = GoEnvBlock{Setting: "GOPATH", Definition: def}, f.JoinPath(home, "go")
	} else if def, ok := f.ExplicitGoSetting("GOFLAGS"); ok && !strings.Contains(stderr, "$GOFLAGS") && !strings.Contains(stderr, "%GOFLAGS%") {
		// A flag of another go command, which go env ignores, overrides
		// GOFLAGS wherever it is set. ($GOFLAGS in the message, or
		// %GOFLAGS% in go.exe's "(from %GOFLAGS%)", is an error every go
		// command shares, such as -C: not retried.)
		block, with = GoEnvBlock{Setting: "GOFLAGS", Definition: def}, "-buildvcs=auto"
	} else {
		return nil
	}
	block.Failure = first
	res := f.Run(f.ctx, Command{Path: g.Path, Args: []string{"env", "-json"}, Dir: f.Dir, Env: append(env, block.Setting+"="+with)})
	vars := map[string]string{}
	if res.Err != nil || json.Unmarshal(res.Stdout, &vars) != nil {
		return nil
	}
	vars[block.Setting] = block.Definition.Value
	return &GoEnv{Go: g, Vars: vars, Result: res, Blocked: &block}
}

package contexts

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/vscodego"
)

func init() { extraContexts = append(extraContexts, vscodeContexts) }

// vscodeContexts are "vscode" (VS Code's Go settings applied to the
// editor's environment) and one "launch:NAME" per Go debug configuration,
// when the project or the user has VS Code settings.
func vscodeContexts(ctx context.Context, g *Gatherer, procs []Context) ([]Context, error) {
	f := g.F
	settings, launches := f.VSCodeSettings(), f.VSCodeLaunch()
	if len(settings) == 0 && len(launches) == 0 && !vscodeRunning(procs) {
		return nil, nil
	}
	base, owner := vscodeBase(g, procs)
	vs := Context{Name: "vscode", Kind: KindVSCode, Program: "VS Code with its Go settings", Owner: owner, Dir: f.Dir}
	bf, err := facts.New(ctx, f.OS, facts.Options{Dir: f.Dir, Environ: base, Offline: true})
	if err != nil {
		return nil, err
	}
	vs.Env, vs.Overrides = ApplyVSCode(bf, base, settings)
	out := []Context{vs}
	ef, err := facts.New(ctx, f.OS, facts.Options{Dir: f.Dir, Environ: vs.Env, Offline: true})
	if err != nil {
		return out, err
	}
	for _, file := range launches {
		for _, le := range vscodego.LaunchEnvs(file) {
			env, over := ApplyLaunch(ef, vs.Env, file, le)
			out = append(out, Context{
				Name: "launch:" + le.Name, Kind: KindLaunch, Program: "VS Code debug configuration (" + file.Path + ")",
				Owner: "vscode", Dir: f.Dir, Env: env, Overrides: over,
			})
		}
	}
	return out, nil
}

func vscodeRunning(procs []Context) bool {
	for _, c := range procs {
		if strings.HasPrefix(c.Program, "VS Code") {
			return true
		}
	}
	return false
}

// vscodeBase is the environment VS Code's Go extension starts from: its
// extension host's when VS Code runs and can be read, else the editor
// process's, else (VS Code is not running) godx's own.
func vscodeBase(g *Gatherer, procs []Context) (env []string, owner string) {
	for _, want := range []string{"VS Code extension host", "VS Code"} {
		for _, c := range procs {
			if c.Program == want && c.Err == nil && c.Env != nil {
				return c.Env, fmt.Sprintf("%s (pid %d)", c.Program, c.PID)
			}
		}
	}
	return g.F.Environ(), "your shell's environment (VS Code is not running)"
}

// ApplyVSCode applies the Go extension's settings to env the way the
// extension does for the tools it runs (gopls among them), in settings
// precedence order (files lowest first, as f.VSCodeSettings lists them):
// go.toolsEnvVars and gopls' build.env are added to the environment;
// go.goroot becomes GOROOT with its bin directory first on PATH; a
// go.alternateTools "go" entry puts that go's directory first on PATH.
// It returns the environment and what was applied, with where.
func ApplyVSCode(f *facts.Facts, env []string, files []*facts.VSCodeFile) ([]string, []string) {
	win := f.GOOS() == "windows"
	var over []string
	pathFirst := func(dir string) {
		p, _ := Lookup(env, "PATH", win)
		env = Set(env, pathKey(env, win), dir+f.ListSeparator()+p, win)
	}
	for _, file := range files {
		for _, kv := range sortedMap(file.StringMap("go.toolsEnvVars")) {
			env = Set(env, kv[0], kv[1], win)
			over = append(over, fmt.Sprintf("go.toolsEnvVars sets %s (%s)", kv[0], file.Where("go.toolsEnvVars", kv[0])))
		}
		for _, kv := range sortedMap(vscodego.GoplsBuildEnv(file)) {
			env = Set(env, kv[0], kv[1], win)
			over = append(over, fmt.Sprintf("gopls build.env sets %s (%s)", kv[0], file.Where("gopls")))
		}
		if raw, ok := file.String("go.goroot"); ok && strings.TrimSpace(raw) != "" {
			if goroot := f.VSCodeResolvePath(raw, file); strings.TrimSpace(goroot) != "" {
				goroot = f.CleanPath(goroot)
				env = Set(env, "GOROOT", goroot, win)
				pathFirst(f.JoinPath(goroot, "bin"))
				over = append(over, fmt.Sprintf("go.goroot is %s (%s)", goroot, file.Where("go.goroot")))
			}
		}
		if raw, ok := file.StringMap("go.alternateTools")["go"]; ok && strings.TrimSpace(raw) != "" && raw != "go" {
			val := f.VSCodeResolvePath(raw, file)
			if !f.IsAbs(val) {
				val, _ = vscodego.FindTool(f, val, f.Getenv("GOPATH"), f.Getenv("GOROOT"))
			}
			if val != "" {
				pathFirst(f.ParentDir(val))
				over = append(over, fmt.Sprintf("go.alternateTools.go is %s (%s)", val, file.Where("go.alternateTools", "go")))
			}
		}
	}
	return env, over
}

// ApplyLaunch applies a debug configuration on top of the vscode
// context's environment: its envFile files, then its env (which wins).
// buildFlags and dlvFlags are not environment; they are listed.
func ApplyLaunch(f *facts.Facts, env []string, file *facts.VSCodeFile, le vscodego.LaunchEnv) ([]string, []string) {
	win := f.GOOS() == "windows"
	env = append([]string(nil), env...)
	var over []string
	lookup := func(k string) string { v, _ := Lookup(env, k, win); return v }
	for _, ef := range le.EnvFiles {
		p := f.VSCodeResolvePath(ef, file)
		data, err := f.ReadFile(p)
		if err != nil {
			over = append(over, fmt.Sprintf("envFile %s cannot be read: %v", p, err))
			continue
		}
		for _, v := range vscodego.ParseEnvFile(data, lookup) {
			env = Set(env, v.Name, v.Value, win)
			over = append(over, fmt.Sprintf("envFile %s sets %s (line %d)", p, v.Name, v.Line))
		}
	}
	for _, kv := range sortedMap(le.Env) {
		env = Set(env, kv[0], kv[1], win)
		over = append(over, fmt.Sprintf("env sets %s", kv[0]))
	}
	if le.BuildFlags != "" {
		over = append(over, "buildFlags: "+le.BuildFlags)
	}
	if len(le.DlvFlags) > 0 {
		over = append(over, "dlvFlags: "+strings.Join(le.DlvFlags, " "))
	}
	return env, over
}

// pathKey is the spelling of PATH env uses ("Path" on Windows, often).
func pathKey(env []string, win bool) string {
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if k == "PATH" || win && strings.EqualFold(k, "PATH") {
			return k
		}
	}
	return "PATH"
}

func sortedMap(m map[string]string) [][2]string {
	out := make([][2]string, 0, len(m))
	for k, v := range m {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

package debug

import (
	"fmt"
	"strconv"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/dlvlisten"
	"github.com/godx-dev/godx/internal/vsfolder"
)

// Exposed finds Delve servers that accept connections from other
// machines.
var Exposed = &check.Check{
	ID:    "debug/exposed",
	Title: "Delve exposed to the network",
	Doc: check.Doc{
		What: "Looks for Delve debug servers started on a non-loopback address: `dlv ... --headless` (and `dlv dap`) command lines in the project's .vscode/tasks.json and launch.json (and the tasks and launch sections of *.code-workspace files), " +
			"Makefiles (*.mk), shell scripts, Dockerfiles, docker-compose/compose files, .air.toml, Procfiles, Taskfiles, justfiles and .devcontainer/devcontainer.json " +
			"(the project directory and its parents up to the repository root, three directory levels deep, skipping .git, vendor, node_modules and testdata); and the command lines of running dlv processes (on Linux any user's, from /proc; on macOS and Windows your own).",
		Why: "A headless Delve server executes whatever its client asks: it can call any function and change memory of the debugged program, and run programs. It does not authenticate or encrypt connections. " +
			"Delve's documentation says of `dlv --headless --listen :4040`: \"the connection to Delve is unauthenticated and will allow arbitrary remote code execution: do not do this in production\", and Delve itself logs " +
			"`Listening for remote connections (connections are not authenticated nor encrypted)` when it listens on a non-loopback address. --only-same-user protects only loopback listeners.",
		How: "Error for each command line that runs a Delve server (--headless, or the dap subcommand) with --listen (or -l) on all interfaces (`:2345`, `0.0.0.0:2345`, `[::]:2345`) or on a non-loopback host or address. " +
			"Loopback listeners (127.0.0.1, localhost, [::1]), unix sockets, and Delve's default without --listen (127.0.0.1 with a random port) are fine, as are arguments after `--` (they belong to the debugged program) and commented-out lines. " +
			"In a Go launch configuration the Go extension starts `dlv dap`, adds dlvFlags, then its own `--listen=<host>:<port>` (the configuration's \"host\", else 127.0.0.1), and Delve keeps the last --listen: a --listen in dlvFlags is overridden, \"host\" decides; " +
			"nothing is started for a configuration with a \"port\" (it connects to a server started elsewhere), \"mode\": \"remote\", or a terminal console (Delve dials the editor). A configuration whose \"program\" is dlv itself is read like a command line. " +
			"A listen address godx cannot know (`$(ADDR)`, `${HOST}:2345`) is not reported. In a compose file, a Delve port published only on the host's loopback (`127.0.0.1:2345:2345`) is not reported.",
		Fix: "Listen on loopback only, `dlv debug --headless --listen=127.0.0.1:2345`, and reach it from another machine through an SSH tunnel: `ssh -L 2345:127.0.0.1:2345 you@host`, then connect to 127.0.0.1:2345. " +
			"In a container, Delve must listen on the container's interfaces, so publish its port on the host's loopback only (`docker run -p 127.0.0.1:2345:2345`, or `\"127.0.0.1:2345:2345\"` under ports in compose) and never ship a debug image to production. " +
			"Stop a running exposed dlv (kill <pid>) and restart it on loopback.",
		Errors: []string{
			"API server listening at: [::]:2345",
			"Listening for remote connections (connections are not authenticated nor encrypted)",
		},
	},
	Run: runExposed,
}

// exposedMaxReports bounds the findings: past it, one finding counts the
// rest.
const exposedMaxReports = 20

func runExposed(pass *check.Pass) error {
	f := pass.Facts
	var hits, safe []dlvlisten.Listener
	var scanned []string

	// VS Code tasks and launch configurations (JSON, args as arrays).
	for _, file := range f.VSCodeTasks() {
		if file.Err != nil {
			continue // editor/vscode reports malformed files
		}
		scanned = append(scanned, file.Path)
		hits = append(hits, dlvlisten.VSCodeTasks(file)...)
	}
	for _, file := range f.VSCodeLaunch() {
		if file.Err != nil {
			continue
		}
		scanned = append(scanned, file.Path)
		hits = append(hits, dlvlisten.VSCodeLaunch(file)...)
	}

	// Visual Studio's Open Folder tasks and debug targets.
	if dirs := f.VSCodeWorkspaceDirs(); len(dirs) > 0 {
		for _, name := range []string{vsfolder.Tasks, vsfolder.Launch} {
			doc := f.ReadJSONC(f.JoinPath(dirs[0], ".vs", name))
			if doc == nil || doc.Err != nil {
				continue // editor/visualstudio reports malformed files
			}
			scanned = append(scanned, doc.Path)
			hits = append(hits, dlvlisten.VisualStudio(doc, name)...)
		}
	}

	// Build and container files.
	if dirs := f.VSCodeWorkspaceDirs(); len(dirs) > 0 {
		fileHits, fileSafe, files := dlvlisten.ScanProject(f, dirs[0])
		hits = append(hits, fileHits...)
		safe = append(safe, fileSafe...)
		scanned = append(scanned, files...)
	}

	// Running Delve servers.
	ph, procs := dlvlisten.Processes(f)
	hits = append(hits, ph...)

	for i, h := range hits {
		if i == exposedMaxReports {
			pass.Report(check.Finding{
				Severity: check.Error,
				Summary:  fmt.Sprintf("%d more exposed Delve command lines were found and not listed.", len(hits)-i),
				Fix:      &check.Fix{Description: "Fix the ones listed above, then run godx doctor again."},
			})
			break
		}
		pass.Report(exposedFinding(h))
	}
	if len(hits) == 0 {
		ev := check.Evidence{check.F("project files scanned", strconv.Itoa(len(scanned)))}
		for _, s := range safe {
			ev = append(ev, check.F("loopback only", s.Where+" (port published on 127.0.0.1 only)"))
		}
		summary := fmt.Sprintf("no Delve server listening beyond loopback in %d project file(s)", len(scanned))
		if procs > 0 {
			summary += fmt.Sprintf(" or %d running process(es)", procs)
			ev = append(ev, check.F("processes checked", strconv.Itoa(procs)))
		}
		pass.Observe(summary, ev...)
	}
	return nil
}

// exposedFinding words one exposed Delve server; where it was found
// decides the fix.
func exposedFinding(h dlvlisten.Listener) check.Finding {
	port := dlvlisten.Port(h.Addr)
	loop := "127.0.0.1:" + port
	ev := check.Evidence{check.F("where", h.Where), check.F("command", h.Command), check.F("listen address", h.Addr)}
	detail := fmt.Sprintf("--listen=%s makes Delve accept connections from any machine that can reach this one. Delve does not authenticate or encrypt them, and a client can make the debugged program call any function and change its memory: "+
		"Delve's documentation warns that this \"will allow arbitrary remote code execution: do not do this in production\", and Delve logs `Listening for remote connections (connections are not authenticated nor encrypted)`.", h.Addr)
	var fix *check.Fix
	switch h.Kind {
	case dlvlisten.Container:
		detail += " Inside a container Delve has to listen on the container's interfaces, so the exposure is decided by where its port is published."
		fix = &check.Fix{
			Description: fmt.Sprintf("Publish the Delve port on the host's loopback only (in %s, or on the docker run command line) and never ship this debug image to production; connect from another machine through an SSH tunnel.", h.File),
			Commands: []string{
				fmt.Sprintf("docker run -p 127.0.0.1:%s:%s ...   # compose: ports: [\"127.0.0.1:%s:%s\"]", port, port, port, port),
				fmt.Sprintf("ssh -L %s:127.0.0.1:%s you@host", port, port),
			},
		}
	case dlvlisten.Process:
		detail += " This Delve server is running now."
		fix = &check.Fix{
			Description: fmt.Sprintf("Stop it and start it again listening on loopback (--listen=%s); connect from another machine through an SSH tunnel.", loop),
			Commands:    []string{"kill " + h.PID, fmt.Sprintf("ssh -L %s:127.0.0.1:%s you@host", port, port)},
		}
		ev = append(ev, check.F("pid", h.PID))
	default:
		desc := fmt.Sprintf("In %s, replace --listen=%s with --listen=%s, and connect from another machine through an SSH tunnel.", h.Where, h.Addr, loop)
		if h.Fix != "" {
			desc = h.Fix
		}
		fix = &check.Fix{
			Description: desc,
			Commands:    []string{fmt.Sprintf("ssh -L %s:127.0.0.1:%s you@host", port, port)},
		}
	}
	what := h.Where
	if h.Kind == dlvlisten.Process {
		what = "The running Delve " + h.Where
		return check.Finding{
			Severity: check.Error,
			Summary:  fmt.Sprintf("%s accepts debugger connections from the network (--listen=%s): anyone who can reach it can run code on this machine.", what, h.Addr),
			Detail:   detail, Evidence: ev, Fix: fix,
		}
	}
	return check.Finding{
		Severity: check.Error,
		Summary:  fmt.Sprintf("%s starts Delve listening on %s: anyone who can reach that port can run code on this machine.", what, exposedDescribe(h.Addr)),
		Detail:   detail, Evidence: ev, Fix: fix,
	}
}

// exposedDescribe says what kind of exposed address addr is.
func exposedDescribe(addr string) string {
	if dlvlisten.AllInterfaces(addr) {
		return addr + " (every network interface)"
	}
	return addr + " (a non-loopback address)"
}

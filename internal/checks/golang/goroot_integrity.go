package golang

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/godx-dev/godx/internal/check"
	"github.com/godx-dev/godx/internal/facts"
	"github.com/godx-dev/godx/internal/goversion"
	"github.com/godx-dev/godx/internal/shellquote"
	"github.com/godx-dev/godx/internal/toolchain"
)

// RootIntegrity re-hashes the Go installation and compares it with the
// release the checksum database vouches for (runs with --deep).
var RootIntegrity = &check.Check{
	ID:    "go/goroot-integrity",
	Title: "Go installation integrity",
	Doc: check.Doc{
		What: "Re-hashes every file of the Go installation the go command on PATH uses (`go env GOROOT`) the way the module zip of its release is hashed " +
			"(golang.org/toolchain@v0.0.1-<VERSION>.<GOHOSTOS>-<GOHOSTARCH>: dirhash h1 over every regular file, with go.mod counted as _go.mod and the " +
			"api, doc, misc, test and .github directories left out, as the release archive is converted), and compares the result with the h1 hash the " +
			"checksum database vouches for. That hash comes from the checksum database record the go command looked up and verified, cached in the module cache " +
			"(godx asks the go command for it with `go list -m golang.org/toolchain@<version>` when it is not cached: a lookup of a few kilobytes, no download), " +
			"else from the go command's record of a verified download of that release. Official archives and installers unpack the same files as the module, " +
			"so they match too. Runs only with `godx doctor --deep`: it reads the whole installation (about 200 MB).",
		Why: "The go command verifies a toolchain only when it downloads it; it never re-hashes the files afterwards, and nothing checks a Go installed from an archive. " +
			"A modified go binary, compiler or standard library file ends up in every program you build, and you cannot tell by looking. " +
			"Less sinister changes also make an installation differ from the release others use: an edited $GOROOT/go.env changes the defaults of GOPROXY, " +
			"GOSUMDB or GOTOOLCHAIN for everyone using that Go (without `go env -changed` showing it), and tools installed into GOROOT/bin are lost on the next upgrade.",
		How: "No finding when the hash matches the release, and none for a Go built by a distribution or package manager (Debian, Fedora, Alpine, Arch, Homebrew, Nix, " +
			"recognised by where it is installed, or by every compiled program differing while the sources match): such builds cannot match the official release, " +
			"which is no sign of tampering; the report line says so. " +
			"Info when only $GOROOT/go.env differs (an edited default, common in container images), with the settings that differ. " +
			"Warning when other files are modified, missing or extra, and for every entry that is not a regular file or directory (a symbolic link, even to a " +
			"file with the release's content, a FIFO, a socket, a device node: no release has one, and none is opened) or cannot be read: they are listed by kind, " +
			"a link with where it leads (outside the installation, dangling, a loop), even without the release zip; the files are listed when the release zip is in the module cache " +
			"(after `godx toolchain install <version>`), else only the mismatch is reported, except for the commonest edit: when putting the release's " +
			"GOTOOLCHAIN=auto back into go.env gives the expected hash, go.env is proven the only difference (the info above). " +
			"Skipped for development builds (no release in $GOROOT/VERSION), and when the checksum cannot be learnt (offline with nothing cached, " +
			"GOSUMDB=off, a proxy that does not answer).",
		Fix: "Reinstall Go from the official archive or installer into an empty directory (remove the old one first: unpacking over it keeps stray files), " +
			"or install the same release as a toolchain with `godx toolchain install <version>` and use it. " +
			"Run `godx toolchain verify` to see the files that differ. Move tools out of GOROOT/bin (set GOBIN to another directory on PATH). " +
			"Put settings in your own go env file with `go env -w` instead of editing $GOROOT/go.env.",
	},
	Network: check.OptionalNetwork,
	Deep:    true,
	Timeout: 2 * time.Minute,
	Run:     runGoRootIntegrity,
}

func runGoRootIntegrity(pass *check.Pass) error {
	f := pass.Facts
	ge, err := f.GoEnv()
	if err != nil {
		return check.Skip("the go command is not usable (go/installed reports it)")
	}
	goroot := ge.Get("GOROOT")
	line, err := f.GorootVersion(goroot)
	if err != nil {
		return check.Skip("%s has no VERSION file: not a Go release, nothing to compare with", goroot)
	}
	name, ok := toolchain.ReleaseFromVersionFile([]byte(line))
	if !ok {
		return check.Skip("%s is %q, not a Go release: nothing to compare with", goroot, line)
	}
	e, err := toolchain.NewEnv(f)
	if err != nil {
		return check.Skip("%v", err)
	}
	v, err := e.Verify(pass.Context, goroot, name)
	if err != nil {
		if pass.Context.Err() != nil {
			return err
		}
		return check.Skip("%v", err)
	}
	ev := check.Evidence{
		check.F("GOROOT", goroot),
		check.F("release", name+" ("+v.ModVersion+")"),
		check.F("expected", v.Expected.Sum+" from "+v.Expected.String()),
		check.F("computed", fmt.Sprintf("%s over %d files", v.Got, v.Files)),
	}
	switch {
	case v.Match:
		pass.Observe(fmt.Sprintf("%s is the official %s release (%d files, %s)", goroot, name, v.Files, v.Got), ev...)
		return nil
	case v.Build != "":
		pass.Observe(fmt.Sprintf("%s looks like %s: such builds differ from the official %s release by design, so it cannot be verified", goroot, v.Build, name), ev...)
		return nil
	case v.Diff == nil:
		ev = append(ev, goRootIntegrityEntries(v.Entries)...)
		pass.Report(check.Finding{
			Severity: check.Warning,
			Summary:  fmt.Sprintf("The Go installation in %s differs from the official %s release.", goroot, name),
			Detail: "Its files do not hash to the value the checksum database vouches for: something in it was modified, added or removed since it was unpacked " +
				"(an edited go.env or one tool installed into GOROOT/bin is enough). Which files differ cannot be told without the release zip. " +
				"The go command never re-checks an installed Go, so nothing else will notice." + goRootIntegrityEntriesNote(v.Entries),
			Evidence: ev,
			Fix: &check.Fix{
				Description: "Fetch the release (verified by the checksum database) into the module cache, then list the files that differ.",
				Commands:    []string{"godx toolchain install " + name, shellquote.Join(shellquote.ForGOOS(f.GOOS()), "godx", "toolchain", "verify", "--goroot", goroot)},
			},
		})
		return nil
	}
	d := v.Diff
	ev = append(ev, check.F("release files", v.Release))
	if slices.Equal(d.Modified, []string{"go.env"}) && len(d.Missing)+len(d.Extra)+len(d.Unreadable) == 0 {
		ev = append(ev, goRootIntegrityEnvDiff(f, v, goroot)...)
		pass.Report(check.Finding{
			Severity: check.Info,
			Summary:  fmt.Sprintf("%s has been edited; the other %d files of %s are the official %s release.", f.JoinPath(goroot, "go.env"), v.Files-1, goroot, name),
			Detail: "$GOROOT/go.env holds the defaults of this Go installation (GOPROXY, GOSUMDB, GOTOOLCHAIN). Edits there apply to everyone using it, " +
				"do not show in `go env -changed`, and are lost when Go is upgraded. Container images and some installers edit it on purpose (often GOTOOLCHAIN=local).",
			Evidence: ev,
			Fix: &check.Fix{
				Description: "If the edit is yours, keep your settings in your own go env file instead (`go env -w NAME=value`) and restore go.env from the release archive.",
			},
		})
		return nil
	}
	const most = 20
	for _, g := range []struct {
		what  string
		files []string
	}{{"modified", d.Modified}, {"missing", d.Missing}, {"extra", d.Extra}, {"unreadable", d.Unreadable}} {
		if len(g.files) == 0 {
			continue
		}
		list := g.files
		more := ""
		if len(list) > most {
			list, more = list[:most], fmt.Sprintf(" … and %d more", len(g.files)-most)
		}
		ev = append(ev, check.F(fmt.Sprintf("%s (%d)", g.what, len(g.files)), strings.Join(list, ", ")+more))
	}
	fix := &check.Fix{
		Description: fmt.Sprintf("Reinstall Go %s from the official archive or installer into an empty directory, or install it as a toolchain; `godx toolchain verify` lists every file.", goversion.TrimGo(name)),
		Commands:    []string{shellquote.Join(shellquote.ForGOOS(f.GOOS()), "godx", "toolchain", "verify", "--goroot", goroot), "godx toolchain install " + name},
	}
	detail := "The go command never re-checks an installed Go: a modified go command, compiler or standard library file ends up in every program built with it."
	detail += goRootIntegrityEntriesNote(d.Entries)
	if len(d.Modified)+len(d.Missing)+len(d.Unreadable)+len(d.Entries) == 0 && goRootIntegrityAllUnder(d.Extra, "bin/") {
		detail = "Only extra files in GOROOT/bin: usually tools installed there with GOBIN=$GOROOT/bin. They vanish when Go is upgraded, and they shadow " +
			"the commands of the same name elsewhere on PATH."
		fix.Description = "Set GOBIN to a directory of your own on PATH (`go env -w GOBIN=$HOME/go/bin`), reinstall the tools there, and delete them from GOROOT/bin."
		fix.Commands = nil
	}
	unreadable := ""
	if n := len(d.Unreadable); n > 0 {
		unreadable = fmt.Sprintf(", %d unreadable", n)
	}
	pass.Report(check.Finding{
		Severity: check.Warning,
		Summary: fmt.Sprintf("The Go installation in %s differs from the official %s release: %d modified, %d missing, %d extra%s files.",
			goroot, name, len(d.Modified), len(d.Missing), len(d.Extra), unreadable),
		Detail:   detail,
		Evidence: ev,
		Fix:      fix,
	})
	return nil
}

// goRootIntegrityEntriesDetail explains differences that are not regular files.
const goRootIntegrityEntriesDetail = "Some entries are not regular files (symbolic links, FIFOs, sockets, device nodes) or cannot be read: no release contains them, " +
	"and the go command follows a symbolic link in GOROOT as if it were the file itself, so a link to a file elsewhere is compiled into programs."

func goRootIntegrityEntriesNote(entries []toolchain.Entry) string {
	if len(entries) == 0 {
		return ""
	}
	return " " + goRootIntegrityEntriesDetail
}

// goRootIntegrityEntries lists, without the release zip, the entries that
// are not regular files: each is a difference.
func goRootIntegrityEntries(entries []toolchain.Entry) check.Evidence {
	const most = 20
	var list []string
	for i, en := range entries {
		if i == most {
			list = append(list, fmt.Sprintf("… and %d more", len(entries)-most))
			break
		}
		list = append(list, en.Name+" ("+en.Describe()+")")
	}
	if len(list) == 0 {
		return nil
	}
	return check.Evidence{check.F(fmt.Sprintf("not regular files (%d)", len(entries)), strings.Join(list, ", "))}
}

// goRootIntegrityEnvDiff lists the settings in which go.env differs from
// the release's go.env.
func goRootIntegrityEnvDiff(f *facts.Facts, v *toolchain.Verification, goroot string) check.Evidence {
	official := v.ReleaseGoEnv
	if official == nil {
		var err error
		if official, err = toolchain.ZipFile(f.OS, v.Release, v.ModVersion, "go.env"); err != nil {
			return nil
		}
	}
	here, err := f.ReadFileInto(f.JoinPath(goroot, "go.env"), nil) // never a FIFO
	if err != nil {
		return nil
	}
	want, got := facts.ParseGorootEnvFile(official), facts.ParseGorootEnvFile(here)
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var ev check.Evidence
	for _, k := range keys {
		w, inW := want[k]
		g, inG := got[k]
		switch {
		case !inG:
			ev = append(ev, check.F("go.env "+k, "removed (release: "+w+")"))
		case !inW:
			ev = append(ev, check.F("go.env "+k, g+" (added; not in the release)"))
		case w != g:
			ev = append(ev, check.F("go.env "+k, g+" (release: "+w+")"))
		}
	}
	return ev
}

func goRootIntegrityAllUnder(names []string, prefix string) bool {
	for _, n := range names {
		if !strings.HasPrefix(n, prefix) {
			return false
		}
	}
	return len(names) > 0
}

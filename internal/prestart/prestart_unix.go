//go:build unix

package prestart

import (
	"os"
	"syscall"
	"time"
)

// start starts path as os/exec would (argv[0] is path, stdin /dev/null),
// in a process group of its own.
func start(prog string, args []string, dir string, env []string) *Early {
	null, err := os.Open(os.DevNull)
	if err != nil {
		return nil
	}
	defer null.Close()
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil
	}
	began := time.Now()
	p, err := os.StartProcess(prog, append([]string{prog}, args...), &os.ProcAttr{
		Dir: dir, Env: env, Files: []*os.File{null, outW, errW},
		Sys: &syscall.SysProcAttr{Setpgid: true},
	})
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return nil
	}
	return &Early{Path: prog, Args: args, Dir: dir, Env: env, Process: p, Stdout: outR, Stderr: errR, Started: began}
}

func killGroup(p *os.Process) { _ = syscall.Kill(-p.Pid, syscall.SIGKILL) }

// lookGo is facts.LookPath("go") on Unix: relative entries are skipped
// (os/exec refuses them too), the first executable non-directory wins.
func lookGo(pathList string) (string, bool) {
	for len(pathList) > 0 {
		dir := pathList
		rest := ""
		for i := 0; i < len(pathList); i++ {
			if pathList[i] == ':' {
				dir, rest = pathList[:i], pathList[i+1:]
				break
			}
		}
		pathList = rest
		if dir == "" || dir[0] != '/' {
			continue
		}
		if !isClean(dir) {
			// path.Join would clean it; leave such a PATH to the doctor.
			return "", false
		}
		p := dir + "/go"
		if dir == "/" {
			p = "/go"
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, true
		}
	}
	return "", false
}

// isClean reports whether the absolute path p is what path.Clean returns
// for it: no empty, "." or ".." elements and no trailing slash.
func isClean(p string) bool {
	if p == "/" {
		return true
	}
	if len(p) == 0 || p[0] != '/' || p[len(p)-1] == '/' {
		return false
	}
	start := 1
	for i := 1; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			elem := p[start:i]
			if elem == "" || elem == "." || elem == ".." {
				return false
			}
			start = i + 1
		}
	}
	return true
}

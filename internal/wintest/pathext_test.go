package wintest_test

import (
	"strings"
	"testing"

	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/wintest"
)

// Two installations on PATH: golang.org/dl's %USERPROFILE%\sdk\go1.X.Y
// first, the MSI's C:\Program Files\Go later. The first wins; GOROOT naming
// the other one is what breaks builds.
func TestTwoInstallsShadowing(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	sdk := u.Path(`sdk\` + h.GoVersion)
	if err := wintest.LinkTree(h.Host(wintest.GoRoot), h.Host(sdk)); err != nil {
		t.Fatal(err)
	}
	path := "Path=" + sdk + `\bin;` + wintest.SystemPath
	r := u.Doctor(t, dir, []string{path}, "--offline", "--only", "go/installed,go/path-shadowing,go/goroot")
	wintest.Expect(t, r, "go/installed", report.OK, sdk+`\bin\go.exe`)
	c := wintest.Expect(t, r, "go/path-shadowing", report.Info, sdk+`\bin\go.exe`, `C:\Program Files\Go\bin\go.exe`)
	if text := wintest.Text(c); strings.Index(text, sdk) > strings.Index(text, `C:\Program Files\Go\bin\go.exe`) {
		t.Errorf("the winner is listed first:\n%s", text)
	}
	wintest.Expect(t, r, "go/goroot", report.OK, sdk)

	r = u.Doctor(t, dir, []string{path, "GOROOT=" + wintest.GoRoot}, "--offline", "--only", "go/goroot")
	wintest.Expect(t, r, "go/goroot", report.Warning, `GOROOT is set (environment variable) to C:\Program Files\Go, another installation than the one the go command`, sdk)
}

// PATHEXT decides which file "go" is: a go.bat wrapper in an earlier PATH
// directory wins over go.exe, unless PATHEXT leaves .BAT out.
func TestPathextGoBat(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	bat := u.WriteFile(t, `tools\go.bat`, "@echo off\r\n\"C:\\Program Files\\Go\\bin\\go.exe\" %*\r\n")
	path := "Path=" + u.Path("tools") + ";" + wintest.SystemPath

	r := u.Doctor(t, dir, []string{path}, "--offline", "--only", "go/installed,go/path-shadowing")
	wintest.Expect(t, r, "go/installed", report.OK, bat, h.GoVersion)
	wintest.Expect(t, r, "go/path-shadowing", report.Info, bat, `C:\Program Files\Go\bin\go.exe`)

	r = u.Doctor(t, dir, []string{path, "PATHEXT=.COM;.EXE"}, "--offline", "--only", "go/installed,go/path-shadowing")
	wintest.Expect(t, r, "go/installed", report.OK, `C:\Program Files\Go\bin\go.exe`)
	wintest.Expect(t, r, "go/path-shadowing", report.OK, "one go command on PATH")
}

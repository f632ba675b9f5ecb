package wintest_test

import (
	"testing"

	"github.com/godx-dev/godx/internal/report"
	"github.com/godx-dev/godx/internal/wintest"
)

// VS Code's user settings in %APPDATA%\Code\User\settings.json, with
// Windows paths: backslashes, drive letters, ${env:USERPROFILE}.
func TestVSCodeUserSettings(t *testing.T) {
	h := harness(t)
	u := h.NewUser(t, "dev")
	dir := u.Module(t, `src\app`)
	settings := `AppData\Roaming\Code\User\settings.json`
	only := []string{"--offline", "--only", "editor/vscode"}

	// The same Go as the shell's, spelled differently: fine.
	u.WriteFile(t, settings, `{
	// JSON with comments, as VS Code writes it
	"go.goroot": "c:/program files/go/",
	"go.toolsEnvVars": {"GOPATH": "${env:USERPROFILE}\\go"},
}`)
	r := u.Doctor(t, dir, nil, only...)
	wintest.Expect(t, r, "editor/vscode", report.OK)

	// Another Go, a GOPATH that is not the shell's, an alternate go.exe
	// that does not exist.
	file := u.WriteFile(t, settings, `{
	"go.goroot": "C:\\Go1.20",
	"go.toolsEnvVars": {"GOPATH": "${env:USERPROFILE}\\gopath"},
	"go.alternateTools": {"go": "D:\\old\\go\\bin\\go.exe"}
}`)
	r = u.Doctor(t, dir, nil, only...)
	wintest.Expect(t, r, "editor/vscode", report.Warning, file, `C:\Go1.20`, u.Path("gopath"), `D:\old\go\bin\go.exe`)
}

// Package editor holds the checks of the editor/ area: editor settings
// that make the editor build with another Go, or other Go settings, than
// the terminal, and Go wired into Visual Studio projects.
//
// Each check is one exported *check.Check value in its own file, listed
// once in internal/checks' registry. A check file decides and words its
// findings; reading VS Code's settings files lives in internal/facts, and
// what the VS Code Go extension makes of them in internal/vscodego;
// MSBuild project files in internal/msbuild, Visual Studio's Open Folder
// files and CMake presets in internal/vsfolder.
package editor

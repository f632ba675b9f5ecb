package facts

// UserEnvFile is the `go env -w` file as cmd/go locates it (cfg.EnvFile),
// computed without running the go command: $GOENV, else the user config
// directory + /go/env. It is "" when GOENV=off or no directory is known.
func (f *Facts) UserEnvFile() string {
	if v := f.Getenv("GOENV"); v != "" {
		if v == "off" {
			return ""
		}
		return v
	}
	dir := ""
	switch f.GOOS() {
	case "windows":
		dir = f.Getenv("AppData")
	case "darwin", "ios":
		if h := f.Getenv("HOME"); h != "" {
			dir = h + "/Library/Application Support"
		}
	case "plan9":
		if h := f.Getenv("home"); h != "" {
			dir = h + "/lib"
		}
	default:
		dir = f.Getenv("XDG_CONFIG_HOME")
		if dir == "" {
			if h := f.Getenv("HOME"); h != "" {
				dir = h + "/.config"
			}
		} else if !f.IsAbs(dir) {
			dir = ""
		}
	}
	if dir == "" {
		return ""
	}
	return f.JoinPath(dir, "go", "env")
}

// GoEnvConfigError is why the go command has no go env -w file at all:
// GOENV is not set and the user config directory is unknown (no $HOME and
// no $XDG_CONFIG_HOME; %AppData% on Windows). It is os.UserConfigDir's
// error, which `go env -w` and `go env -u` quote when they stop: `go:
// cannot find go env config: neither $XDG_CONFIG_HOME nor $HOME are
// defined`. nil when GOENV is set or the directory is known.
func (f *Facts) GoEnvConfigError() error {
	if f.Getenv("GOENV") != "" {
		return nil
	}
	_, err := f.UserConfigDir()
	return err
}

// ExplicitGoSetting is the value of a Go setting the user set, read the
// way cmd/go reads it but without running it (for when `go env` itself
// fails because of that setting): a non-empty process environment value,
// else the `go env -w` file. ok is false when neither sets it.
// When `go env` works, prefer Settings, which also knows the effective value.
func (f *Facts) ExplicitGoSetting(name string) (def Definition, ok bool) {
	if v := f.Getenv(name); v != "" {
		return Definition{Source: FromEnvironment, Value: v}, true
	}
	file := f.UserEnvFile()
	if file == "" || name == "GOENV" {
		return Definition{}, false
	}
	data, err := f.ReadFile(f.CleanPath(file))
	if err != nil {
		return Definition{}, false
	}
	if v, found := ParseEnvFile(data)[name]; found && v != "" {
		return Definition{Source: FromEnvFile, Origin: file, Value: v}, true
	}
	return Definition{}, false
}

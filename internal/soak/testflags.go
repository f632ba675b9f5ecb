package soak

import (
	"fmt"
	"strings"
)

// TestFlags are the go test flags given after `--`: passed to every go
// test command of the soak (and to its replays), the build flags among
// them also to the build phase.
type TestFlags struct {
	Args  []string // as given, each flag with its value
	Build []string // the subset that the build phase needs too (-tags, ...)
	Run   string   // the -run value, if any (replays replace it)
}

// boolTestFlags are the go test and test binary flags that take no
// separate value; every other flag does ("-run X" or "-run=X").
var boolTestFlags = map[string]bool{
	"a": true, "n": true, "x": true, "v": true, "race": true, "msan": true, "asan": true,
	"linkshared": true, "trimpath": true, "work": true, "modcacherw": true, "json": true,
	"c": true, "i": true, "cover": true, "failfast": true, "short": true, "benchmem": true,
	"fullpath": true, "buildvcs": true,
}

// buildFlagNames are the flags that change what is built: the build
// phase gets them too, so that it builds what the tests test.
var buildFlagNames = map[string]bool{
	"tags": true, "ldflags": true, "gcflags": true, "asmflags": true, "mod": true, "modfile": true,
	"overlay": true, "pgo": true, "buildvcs": true, "trimpath": true, "msan": true, "asan": true,
	"buildmode": true, "installsuffix": true, "compiler": true, "gccgoflags": true, "toolexec": true,
}

// ParseTestFlags checks the go test flags given after `--`. Flags that
// would defeat the soak are refused with the reason: it must count each
// test once per run (-count, -cpu, -failfast), read the JSON stream
// itself (-json, -c, -o, -list, -exec), and it has its own flags for the
// ones it records (-race, -timeout, -parallel, and -shuffle when
// --shuffle is on).
func ParseTestFlags(args []string, shuffle bool) (TestFlags, error) {
	var tf TestFlags
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			return tf, fmt.Errorf("%q after --: only go test flags go there (packages go before --)", a)
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		name = strings.TrimPrefix(name, "test.")
		if why := refusedFlag(name, shuffle); why != "" {
			return tf, fmt.Errorf("go test flag -%s cannot be used in a soak: %s", name, why)
		}
		flag := []string{a}
		if !hasValue && !boolTestFlags[name] {
			if i+1 == len(args) {
				return tf, fmt.Errorf("go test flag -%s needs a value", name)
			}
			i++
			value = args[i]
			flag = append(flag, value)
		}
		if name == "run" {
			tf.Run = value
		}
		tf.Args = append(tf.Args, flag...)
		if buildFlagNames[name] {
			tf.Build = append(tf.Build, flag...)
		}
	}
	return tf, nil
}

func refusedFlag(name string, shuffle bool) string {
	switch name {
	case "count", "cpu":
		return "the soak runs every test once per run (use --runs or --for)"
	case "failfast":
		return "it stops at the first failure and hides the tests after it"
	case "json", "c", "o", "list", "exec", "i", "n":
		return "the soak runs go test -json itself and reads its stream"
	case "race":
		return "use --race (it also builds with the race detector)"
	case "timeout":
		return "use --timeout (it is recorded and carried into replays)"
	case "parallel":
		return "use --parallel (it is recorded)"
	case "shuffle":
		if shuffle {
			return "--shuffle already randomizes the order with a new seed each run"
		}
	}
	return ""
}

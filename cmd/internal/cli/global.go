package cli

import (
	"fmt"
	"strings"
)

// Global holds the options that come before a subcommand.
type Global struct {
	RegistryPath string // --registry FILE
	Select       int    // --select N, or -1
	// Fleet are the paths of --fleet PATH (repeatable): osquery results
	// the window opens at start.
	Fleet []string
}

// ParseGlobal reads the global options and returns the remaining arguments
// (a subcommand and its own options, or nothing to open the window).
func ParseGlobal(args []string) (Global, []string, error) {
	g := Global{Select: -1}
	for len(args) > 0 {
		arg := args[0]
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			break
		}
		if arg == "--" {
			args = args[1:]
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		switch name {
		case "registry", "select", "fleet":
		case "h", "help":
			return g, []string{"help"}, nil
		default:
			return g, nil, usageErr("unknown option %s", arg)
		}
		if !hasValue {
			if len(args) < 2 {
				return g, nil, usageErr("%s needs a value", arg)
			}
			value = args[1]
			args = args[1:]
		}
		args = args[1:]
		switch name {
		case "registry":
			g.RegistryPath = value
		case "select":
			port, err := ParsePortArg(value)
			if err != nil {
				return g, nil, fmt.Errorf("--select: %w", err)
			}
			g.Select = int(port)
		case "fleet":
			g.Fleet = append(g.Fleet, value)
		}
	}
	if len(g.Fleet) > 0 && len(args) > 0 {
		return g, nil, usageErr("--fleet opens osquery results in the window; on the command line give them to the command: portolan fleet summary PATH")
	}
	return g, args, nil
}

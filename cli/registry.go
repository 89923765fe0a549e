package cli

import (
	"fmt"

	"github.com/portolan/portolan/registry"
)

// RegistryInfo is the JSON of `portolan registry info --json`.
type RegistryInfo struct {
	Source  registry.Source       `json:"source"`
	Counts  map[string]int        `json:"counts"`
	Skipped []registry.SkippedRow `json:"skipped"`
}

func runRegistry(env *Env, args []string) error {
	if len(args) == 0 {
		return usageErr("say what to do with the registry")
	}
	switch args[0] {
	case "info":
		return runRegistryInfo(env, args[1:])
	}
	return usageErr("unknown registry command %q", args[0])
}

func runRegistryInfo(env *Env, args []string) error {
	fs := newFlags("registry info")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageErr("registry info takes no arguments")
	}
	reg, err := env.LoadRegistry(env.RegistryPath)
	if err != nil {
		return err
	}
	info := RegistryInfo{Source: reg.Source(), Counts: reg.Counts(), Skipped: reg.Skipped()}
	if info.Skipped == nil {
		info.Skipped = []registry.SkippedRow{}
	}
	if *asJSON {
		return writeJSON(env.Stdout, info)
	}
	w := env.Stdout
	fmt.Fprintf(w, "Source:   %s\n", info.Source.Name)
	fmt.Fprintf(w, "Format:   %s\n", info.Source.Kind)
	fmt.Fprintf(w, "Data to:  %s\n", dash(info.Source.Date))
	fmt.Fprintf(w, "Records:  %d (%d assigned, %d reserved, %d unassigned, %d other)\n", info.Counts["records"],
		info.Counts["assigned"], info.Counts["reserved"], info.Counts["unassigned"], info.Counts["other"])
	fmt.Fprintf(w, "Skipped:  %d rows\n", len(info.Skipped))
	for i, s := range info.Skipped {
		if i == 10 {
			fmt.Fprintf(w, "          ... and %d more\n", len(info.Skipped)-10)
			break
		}
		fmt.Fprintf(w, "          line %d: %s\n", s.Line, s.Reason)
	}
	return nil
}

package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
)

// RegistryInfo is the JSON of `portolan registry info --json`.
type RegistryInfo struct {
	Source registry.Source `json:"source"`
	// Origin is "file", "cache" or "embedded": a file given with
	// --registry, the cached IANA download, or the built-in snapshot.
	Origin model.Origin `json:"origin,omitempty"`
	// Path is the file in use (the --registry file or the cached download).
	Path string `json:"path,omitempty"`
	// Fetched and URL: when and where the cached download came from.
	Fetched time.Time `json:"fetched,omitzero"`
	URL     string    `json:"url,omitempty"`
	// Note says why a cached download was passed over.
	Note string `json:"note,omitempty"`
	// CacheDir is where updates are kept; LastCheck when one last ran.
	CacheDir  string                `json:"cache_dir,omitempty"`
	LastCheck time.Time             `json:"last_check,omitzero"`
	Counts    map[string]int        `json:"counts"`
	Skipped   []registry.SkippedRow `json:"skipped"`
	// Overlays are the other port lists found on this system.
	Overlays *model.Overlays `json:"overlays"`
}

func runRegistry(env *Env, args []string) error {
	if len(args) == 0 {
		return usageErr("say what to do with the registry: info, update or diff")
	}
	switch args[0] {
	case "info":
		return runRegistryInfo(env, args[1:])
	case "update":
		return runRegistryUpdate(env, args[1:])
	case "diff":
		return runRegistryDiff(env, args[1:])
	}
	return usageErr("unknown registry command %q (want info, update or diff)", args[0])
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
	reg, choice, err := env.LoadRegistry(env.RegistryPath) // the note is part of the output
	if err != nil {
		return err
	}
	info := RegistryInfo{Source: reg.Source(), Counts: reg.Counts(), Skipped: reg.Skipped(),
		Origin: choice.Origin, Path: choice.Path, Fetched: choice.Fetched, URL: choice.URL, Note: choice.Note}
	if dir, err := update.CacheDir(); err == nil {
		info.CacheDir = dir
		info.LastCheck = (&update.Updater{CacheDir: dir}).LastCheck()
	}
	if info.Skipped == nil {
		info.Skipped = []registry.SkippedRow{}
	}
	info.Overlays = env.overlays()
	if *asJSON {
		return export.WriteJSON(env.Stdout, info)
	}
	w := env.Stdout
	fmt.Fprintf(w, "Source:   %s\n", info.Source.Name)
	switch info.Origin {
	case model.OriginCache:
		fmt.Fprintf(w, "In use:   the cached IANA download %s\n", info.Path)
		if !info.Fetched.IsZero() {
			from := ""
			if info.URL != "" {
				from = " from " + info.URL
			}
			fmt.Fprintf(w, "          fetched %s%s\n", info.Fetched.Local().Format("2006-01-02 15:04"), from)
		}
	case model.OriginEmbedded:
		fmt.Fprintln(w, "In use:   the embedded snapshot (no IANA download yet: portolan registry update)")
	case model.OriginFile:
		fmt.Fprintf(w, "In use:   the file %s (given with --registry)\n", info.Path)
	}
	if info.Note != "" {
		fmt.Fprintf(w, "Note:     %s\n", info.Note)
	}
	fmt.Fprintf(w, "Format:   %s\n", info.Source.Kind)
	fmt.Fprintf(w, "Data to:  %s\n", export.Dash(info.Source.Date))
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
	if info.CacheDir != "" {
		check := "never"
		if !info.LastCheck.IsZero() {
			check = info.LastCheck.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(w, "Updates:  kept in %s; last check %s\n", info.CacheDir, check)
	}
	writeOverlays(w, info.Overlays)
	return nil
}

func writeOverlays(w io.Writer, o *model.Overlays) {
	if o == nil || len(o.Found) == 0 && len(o.Problems) == 0 {
		fmt.Fprintln(w, "Overlays: none found")
		return
	}
	label := "Overlays:"
	for _, ov := range o.Found {
		what := "entries"
		if ov.Nmap != nil {
			what = "ports with open frequencies"
		}
		fmt.Fprintf(w, "%-9s %s (%s): %d %s\n", label, ov.Label, ov.Path, ov.Entries, what)
		label = ""
	}
	for _, p := range o.Problems {
		fmt.Fprintf(w, "%-9s %s (%s): not used, %s\n", label, p.Label, p.Path, p.Problem)
		label = ""
	}
}

// updateJSON is the output of `registry update --json`.
type updateJSON struct {
	*update.Result
	// Changes sums up what the update changed, when it replaced the registry.
	Changes *registry.DiffCounts `json:"changes,omitempty"`
}

func runRegistryUpdate(env *Env, args []string) error {
	fs := newFlags("registry update")
	from := fs.String("from", "", "download from this address (a mirror) instead of IANA")
	timeout := fs.Duration("timeout", update.DefaultTimeout, "give up after this long")
	asJSON := fs.Bool("json", false, "JSON output")
	force := fs.Bool("force", false, "take a download that is smaller than the registry in use")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageErr("registry update takes no arguments (a mirror's address goes with --from)")
	}
	if *timeout <= 0 {
		return usageErr("--timeout must be more than 0")
	}
	u := &update.Updater{URL: *from, Timeout: *timeout, Force: *force}
	res, err := u.Update(context.Background(), nil)
	var changes *registry.DiffCounts
	if d, derr := res.Diff(); derr == nil && d != nil {
		changes = &d.Counts
	}
	if *asJSON {
		if werr := export.WriteJSON(env.Stdout, updateJSON{res, changes}); werr != nil {
			return werr
		}
		return err
	}
	if err != nil {
		if res.Forceable {
			return fmt.Errorf("%s\n(portolan registry update --force takes it anyway)", res.Message)
		}
		return errors.New(res.Message)
	}
	fmt.Fprintln(env.Stdout, res.Message)
	if changes != nil {
		fmt.Fprintf(env.Stdout, "Changes: %s\n", changes)
	}
	if res.Warning != "" {
		fmt.Fprintf(env.Stderr, "portolan registry: warning: %s\n", res.Warning)
	}
	if env.RegistryPath != "" {
		fmt.Fprintf(env.Stderr, "portolan registry: note: %s stays in use while it is given with --registry\n", env.RegistryPath)
	}
	return nil
}

func runRegistryDiff(env *Env, args []string) error {
	fs := newFlags("registry diff")
	asJSON := fs.Bool("json", false, "JSON output")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageErr("give two registries: OLD NEW (a file, or the word embedded or cached)")
	}
	old, err := loadNamedRegistry(pos[0])
	if err != nil {
		return err
	}
	new, err := loadNamedRegistry(pos[1])
	if err != nil {
		return err
	}
	d := registry.Compare(old, new)
	if *asJSON {
		return export.WriteJSON(env.Stdout, d)
	}
	w := env.Stdout
	fmt.Fprintf(w, "Old: %s\nNew: %s\n%s\n", d.Old, d.New, capitalize(d.Summary()))
	for _, e := range d.Entries() {
		mark := map[registry.ChangeKind]string{registry.Added: "+", registry.Removed: "-", registry.Changed: "~"}[e.Kind]
		line := mark + " " + e.Label()
		if e.Service != "" && e.Kind != registry.Changed && e.Description != "" {
			line += ": " + e.Description
		}
		fmt.Fprintln(w, export.OneLine(line))
		if e.OldStatus != nil {
			fmt.Fprintf(w, "    status: %s -> %s\n", *e.OldStatus, e.Status)
		}
		for _, f := range e.Fields {
			fmt.Fprintf(w, "    %s: %q -> %q\n", strings.ReplaceAll(f.Field, "_", " "), export.OneLine(f.Old), export.OneLine(f.New))
		}
	}
	return nil
}

// loadNamedRegistry opens a file, or the embedded snapshot ("embedded"), or
// the cached IANA download ("cached"). A file named like one of the words
// is reached as ./embedded.
func loadNamedRegistry(name string) (*registry.Registry, error) {
	switch name {
	case "embedded":
		return registry.Embedded()
	case "cached":
		dir, err := update.CacheDir()
		if err != nil {
			return nil, err
		}
		reg, choice, err := model.LoadRegistryIn(dir, "")
		if err != nil {
			return nil, err
		}
		if choice.Origin != model.OriginCache {
			if choice.Note != "" {
				return nil, errors.New(choice.Note)
			}
			return nil, fmt.Errorf("there is no cached IANA download in %s (portolan registry update makes one)", dir)
		}
		return reg, nil
	}
	return registry.LoadFile(name)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

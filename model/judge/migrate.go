package judge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/portolan/portolan/model/internal/fsutil"
	"github.com/portolan/portolan/registry"
)

// KnownProcsFile is the user's file of the old known-processes table
// (service -> program names), replaced by programs.json.
const KnownProcsFile = "knownprocs.json"

// MigratedSuffix is added to a file once its content moved elsewhere.
const MigratedSuffix = ".migrated"

// knownProcsDoc is the old format.
type knownProcsDoc struct {
	Version  int                 `json:"version,omitempty"`
	Comment  string              `json:"comment,omitempty"`
	Any      []string            `json:"any,omitempty"`
	Services map[string][]string `json:"services"`
}

// MigrateKnownProcs turns the user's old knownprocs.json in dir into
// entries of dir/programs.json: each program named there becomes a
// program (recognised by that name) that usually listens on the ports reg
// registers for its services, on all interfaces; one listed under "any"
// becomes a launcher that may listen anywhere. programs.json is written
// atomically, keeping its own entries; knownprocs.json is renamed
// knownprocs.json.migrated. It returns a message saying so ("" when there
// was nothing to do). A file that cannot be read is left as it is, and the
// error says why.
func MigrateKnownProcs(dir string, reg *registry.Registry) (string, error) {
	src := filepath.Join(dir, KnownProcsFile)
	data, err := os.ReadFile(src)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("known processes: %w", err)
	}
	var old knownProcsDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&old); err != nil || old.Version > 1 {
		if err == nil {
			err = fmt.Errorf("version %d is newer than this Portolan reads", old.Version)
		}
		return "", fmt.Errorf("known processes: %s is not used and left as it is (%v); the knowledge of ordinary programs is in %s now (docs/listeners.md)", src, err, ProgramsFile)
	}
	dst := filepath.Join(dir, ProgramsFile)
	doc := knowledgeDoc{Version: 1, Comment: "Your additions to Portolan's knowledge of ordinary programs: docs/listeners.md."}
	if data, err := os.ReadFile(dst); err == nil {
		if _, err := parsePrograms(data); err != nil {
			return "", fmt.Errorf("known processes: %s was not migrated because %s cannot be read (%v); fix or move it", src, dst, err)
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return "", fmt.Errorf("known processes: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("known processes: %w", err)
	}
	added := migratedPrograms(&old, reg, doc.Programs)
	doc.Programs = append(doc.Programs, added...)
	out, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return "", err
	}
	if _, err := parsePrograms(out); err != nil {
		return "", fmt.Errorf("known processes: %s could not be turned into programs (%v); it is left as it is", src, err)
	}
	if err := fsutil.AtomicWrite(dst, append(out, '\n'), 0o700); err != nil {
		return "", fmt.Errorf("known processes: writing %s: %w", dst, err)
	}
	kept, err := fsutil.RenameFree(src, src+MigratedSuffix)
	if err != nil && !errors.Is(err, fs.ErrNotExist) { // another Portolan renamed it first
		return "", fmt.Errorf("known processes: %s is in %s now, but could not be renamed (%v)", src, dst, err)
	}
	return fmt.Sprintf("Your known-processes file became %d entries of %s (the knowledge of ordinary programs); the old file was kept as %s.",
		len(added), dst, kept), nil
}

// migratedPrograms are the entries of the old table not already in have
// (by program name).
func migratedPrograms(old *knownProcsDoc, reg *registry.Registry, have []programDoc) []programDoc {
	listens := map[string][]string{} // program name -> its listens
	var names []string
	note := func(name string, ls ...string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		if _, ok := listens[name]; !ok {
			names = append(names, name)
		}
		for _, l := range ls {
			if !slices.Contains(listens[name], l) {
				listens[name] = append(listens[name], l)
			}
		}
	}
	services := make([]string, 0, len(old.Services))
	for svc := range old.Services {
		services = append(services, svc)
	}
	sort.Strings(services)
	for _, svc := range services {
		ls := serviceListens(reg, svc)
		for _, name := range old.Services[svc] {
			note(name, ls...)
		}
	}
	launcher := map[string]bool{}
	for _, name := range old.Any {
		note(name, "tcp any all", "udp any all")
		launcher[strings.TrimSpace(name)] = true
	}
	var out []programDoc
	for _, name := range names {
		if slices.ContainsFunc(have, func(p programDoc) bool { return strings.EqualFold(p.Program, name) }) {
			continue
		}
		p := programDoc{Program: name, Names: []string{name}, Listens: listens[name],
			Source: "your knownprocs.json (migrated)"}
		if strings.ContainsAny(name, `/\`) {
			p.Names, p.Paths = nil, []string{name}
		}
		if launcher[name] {
			p.Role = RoleLauncher
		}
		out = append(out, p)
	}
	return out
}

// serviceListens are the habits of a program serving svc: its registered
// ports, by protocol, on all interfaces.
func serviceListens(reg *registry.Registry, svc string) []string {
	ports := map[string][]string{}
	for _, r := range reg.ByName(svc) {
		var proto string
		switch r.Protocol {
		case registry.TCP:
			proto = "tcp"
		case registry.UDP:
			proto = "udp"
		default:
			continue
		}
		p := strconv.Itoa(int(r.Low))
		if r.High != r.Low {
			p += "-" + strconv.Itoa(int(r.High))
		}
		if !slices.Contains(ports[proto], p) {
			ports[proto] = append(ports[proto], p)
		}
	}
	var out []string
	for _, proto := range []string{"tcp", "udp"} {
		if len(ports[proto]) > 0 {
			out = append(out, proto+" "+strings.Join(ports[proto], ",")+" all")
		}
	}
	return out
}

package judge

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/portolan/portolan/model/internal/fsutil"
)

// KnownProcsFile is the name of the user's additions to the known-processes
// table in the config folder.
const KnownProcsFile = "knownprocs.json"

//go:embed knownprocs.json
var knownProcsJSON []byte

// KnownProcs says which programs are expected to serve a registered
// service: sshd for ssh, nginx, httpd or caddy for http and https. It is
// data (model/knownprocs.json, embedded) plus the user's additions. It is
// read-only once loaded and safe for concurrent use.
type KnownProcs struct {
	any      []string
	services map[string][]string // lower-case service -> names
}

// knownProcsDoc is the JSON format (docs/listeners.md).
type knownProcsDoc struct {
	Version  int                 `json:"version,omitempty"`
	Comment  string              `json:"comment,omitempty"`
	Any      []string            `json:"any,omitempty"`
	Services map[string][]string `json:"services"`
}

// DefaultKnownProcs is the built-in table.
func DefaultKnownProcs() *KnownProcs {
	k := &KnownProcs{services: map[string][]string{}}
	if err := k.merge(knownProcsJSON); err != nil {
		panic("model/knownprocs.json: " + err.Error()) // caught by the tests
	}
	return k
}

// LoadKnownProcs is the built-in table with the additions of
// dir/knownprocs.json (no file, no additions). A file that cannot be read
// gives the built-in table and an error saying what is wrong with it; the
// file is left as it is for the user to fix.
func LoadKnownProcs(dir string) (*KnownProcs, error) {
	k := DefaultKnownProcs()
	if dir == "" {
		return k, nil
	}
	p := filepath.Join(dir, KnownProcsFile)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return k, nil
	}
	if err != nil {
		return k, fmt.Errorf("known processes: %w", err)
	}
	user := &KnownProcs{services: map[string][]string{}}
	if err := user.merge(data); err != nil {
		return k, fmt.Errorf("known processes: %s is not used: %w", p, err)
	}
	k.add(user)
	return k, nil
}

func (k *KnownProcs) merge(data []byte) error {
	var doc knownProcsDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("not valid JSON of the documented form: %w", err)
	}
	if doc.Version > 1 {
		return fmt.Errorf("version %d is newer than this Portolan reads (1)", doc.Version)
	}
	check := func(names []string, where string) error {
		for _, n := range names {
			if strings.TrimSpace(n) == "" {
				return fmt.Errorf("%s: an empty program name", where)
			}
			if _, err := path.Match(n, ""); err != nil {
				return fmt.Errorf("%s: bad pattern %q", where, n)
			}
		}
		return nil
	}
	if err := check(doc.Any, `"any"`); err != nil {
		return err
	}
	for svc, names := range doc.Services {
		if strings.TrimSpace(svc) == "" {
			return errors.New("a service with an empty name")
		}
		if err := check(names, fmt.Sprintf("service %q", svc)); err != nil {
			return err
		}
	}
	k.add(&KnownProcs{any: doc.Any, services: doc.Services})
	return nil
}

func (k *KnownProcs) add(o *KnownProcs) {
	k.any = unionNames(k.any, o.any)
	for svc, names := range o.services {
		key := strings.ToLower(strings.TrimSpace(svc))
		k.services[key] = unionNames(k.services[key], names)
	}
}

func unionNames(a, b []string) []string {
	out := slices.Clone(a)
	for _, n := range b {
		n = strings.TrimSpace(n)
		if !slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, n) }) {
			out = append(out, n)
		}
	}
	return out
}

// Services lists the services of the table, sorted.
func (k *KnownProcs) Services() []string {
	out := make([]string, 0, len(k.services))
	for s := range k.services {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// For lists the programs expected for a service (nil if the table has
// no entry for it).
func (k *KnownProcs) For(service string) []string {
	return slices.Clone(k.services[strings.ToLower(service)])
}

// Any lists the programs accepted for every service.
func (k *KnownProcs) Any() []string { return slices.Clone(k.any) }

// Matches tells whether the table has an entry for service (checked) and,
// if so, whether the process (its name, or its executable's base name) is
// one of the expected programs or of those accepted for any service.
func (k *KnownProcs) Matches(service, process, exe string) (checked, ok bool) {
	names, found := k.services[strings.ToLower(service)]
	if !found {
		return false, false
	}
	base := ""
	if exe != "" {
		base = filepath.Base(strings.ReplaceAll(exe, `\`, "/"))
		base = strings.TrimSuffix(strings.TrimSuffix(base, " (deleted)"), ".exe")
	}
	for _, list := range [2][]string{names, k.any} {
		for _, n := range list {
			if nameMatches(n, process) || nameMatches(n, base) {
				return true, true
			}
		}
	}
	return true, false
}

// nameMatches compares a table entry with a process name, ignoring case.
// Linux cuts command names to 15 characters ("systemd-resolve"), so a
// 15-character name matches the entry it begins.
func nameMatches(entry, name string) bool {
	if name == "" {
		return false
	}
	e, n := strings.ToLower(entry), strings.ToLower(name)
	if e == n || strings.TrimSuffix(n, ".exe") == e {
		return true
	}
	if strings.ContainsAny(e, "*?[") {
		ok, _ := path.Match(e, n)
		return ok
	}
	return len(n) == 15 && strings.HasPrefix(e, n)
}

// addKnownProc adds program to the user's table for service in
// dir/knownprocs.json, writing the file atomically. A file that cannot be
// read is not overwritten.
func addKnownProc(dir, service, program string) error {
	service, program = strings.TrimSpace(service), strings.TrimSpace(program)
	if service == "" || program == "" {
		return errors.New("known processes: give a service and a program")
	}
	if _, err := path.Match(program, ""); err != nil {
		return fmt.Errorf("known processes: bad pattern %q", program)
	}
	p := filepath.Join(dir, KnownProcsFile)
	doc := knownProcsDoc{Version: 1, Services: map[string][]string{}}
	data, err := os.ReadFile(p)
	switch {
	case err == nil:
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil {
			return fmt.Errorf("known processes: %s cannot be read, so it is left as it is: %w", p, err)
		}
		if doc.Services == nil {
			doc.Services = map[string][]string{}
		}
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("known processes: %w", err)
	}
	key := strings.ToLower(service)
	doc.Services[key] = unionNames(doc.Services[key], []string{program})
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return fsutil.AtomicWrite(p, append(out, '\n'), 0o700)
}

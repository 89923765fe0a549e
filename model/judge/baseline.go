package judge

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/portolan/portolan/model/internal/fsutil"
	"github.com/portolan/portolan/model/listen"
)

// ConfigDirEnv overrides the config folder (tests, portable installs).
const ConfigDirEnv = "PORTOLAN_CONFIG_DIR"

// BaselineFile is the baseline's name in the config folder.
const BaselineFile = "baseline.json"

// baselineVersion is the format written; docs/listeners.md describes it.
const baselineVersion = 1

// ConfigDir is the folder of the baseline and the known-processes
// additions: $PORTOLAN_CONFIG_DIR if set, else os.UserConfigDir()/portolan
// (~/.config/portolan on Linux). It is not created here.
func ConfigDir() (string, error) {
	return fsutil.UserDir(ConfigDirEnv, os.UserConfigDir, "config folder")
}

// BaselineEntry is one approved listener. A listener matches an entry with
// the same protocol, address, port and process name (any case); an entry
// with no process matches whatever process listens there.
type BaselineEntry struct {
	Protocol string `json:"protocol"`
	Address  string `json:"address"`
	Port     uint16 `json:"port"`
	Process  string `json:"process"`
	// Exe and User are kept to help people read the file; they do not take
	// part in matching.
	Exe      string    `json:"exe,omitempty"`
	User     string    `json:"user,omitempty"`
	Approved time.Time `json:"approved"`
}

type baselineDoc struct {
	Version  int             `json:"version"`
	Comment  string          `json:"comment,omitempty"`
	Approved []BaselineEntry `json:"approved"`
}

type baselineKey struct {
	proto, addr string
	port        uint16
	process     string
}

func baselineKeyOf(proto, addr string, port uint16, process string) baselineKey {
	return baselineKey{strings.ToLower(proto), addr, port, strings.ToLower(process)}
}

// Baseline is the set of listeners the user approved as expected, stored in
// the config folder. It is safe for concurrent use.
type Baseline struct {
	mu      sync.RWMutex
	path    string
	entries []BaselineEntry
	index   map[baselineKey]struct{}
	exists  bool
	notice  string
	version uint64 // bumped by every change
	now     func() time.Time
}

// LoadBaseline reads dir/baseline.json. No file is an empty baseline that
// does not exist yet (nothing is flagged as new until one is approved). A
// file that cannot be parsed is renamed to baseline.json.bak (.bak.1, ...
// if that is taken) and an empty baseline is returned whose Notice says so.
// An error means the file could not be read or set aside; nothing was
// changed.
func LoadBaseline(dir string) (*Baseline, error) {
	b := &Baseline{path: filepath.Join(dir, BaselineFile), index: map[baselineKey]struct{}{}, now: time.Now}
	data, err := os.ReadFile(b.path)
	if errors.Is(err, fs.ErrNotExist) {
		return b, nil
	}
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	entries, perr := parseBaseline(data)
	if perr == nil {
		b.exists = true
		b.setEntries(entries)
		return b, nil
	}
	var newer errNewerBaseline
	if errors.As(perr, &newer) {
		return nil, fmt.Errorf("baseline: %s: %w", b.path, perr)
	}
	bak, err := keepAside(b.path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %s is damaged (%v) and could not be set aside: %w", b.path, perr, err)
	}
	b.notice = fmt.Sprintf("The baseline %s could not be read (%v). It was kept as %s; starting with an empty baseline.", b.path, perr, bak)
	return b, nil
}

type errNewerBaseline int

func (e errNewerBaseline) Error() string {
	return fmt.Sprintf("version %d was written by a newer Portolan (this one reads version %d); it is left unchanged", int(e), baselineVersion)
}

func parseBaseline(data []byte) ([]BaselineEntry, error) {
	var doc baselineDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Version > baselineVersion {
		return nil, errNewerBaseline(doc.Version)
	}
	if doc.Version < 1 {
		return nil, errors.New(`no "version"`)
	}
	for i, e := range doc.Approved {
		if e.Protocol != "tcp" && e.Protocol != "udp" {
			return nil, fmt.Errorf("entry %d: protocol %q is not tcp or udp", i+1, e.Protocol)
		}
		if e.Address == "" {
			return nil, fmt.Errorf("entry %d: no address", i+1)
		}
	}
	return doc.Approved, nil
}

// keepAside renames a damaged file to name.bak, or name.bak.N, never over
// an existing file.
func keepAside(path string) (string, error) {
	for i := 0; i < 1000; i++ {
		bak := path + ".bak"
		if i > 0 {
			bak += "." + strconv.Itoa(i)
		}
		if _, err := os.Lstat(bak); errors.Is(err, fs.ErrNotExist) {
			return bak, os.Rename(path, bak)
		}
	}
	return "", errors.New("too many .bak files")
}

func (b *Baseline) setEntries(es []BaselineEntry) {
	slices.SortFunc(es, func(x, y BaselineEntry) int {
		return cmp.Or(cmp.Compare(x.Protocol, y.Protocol), cmp.Compare(x.Port, y.Port),
			cmp.Compare(x.Address, y.Address), cmp.Compare(x.Process, y.Process))
	})
	b.entries = es
	b.version++
	clear(b.index)
	for _, e := range es {
		b.index[baselineKeyOf(e.Protocol, e.Address, e.Port, e.Process)] = struct{}{}
	}
}

// Version changes with every approval or revocation.
func (b *Baseline) Version() uint64 {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.version
}

// Path is the baseline file.
func (b *Baseline) Path() string { return b.path }

// Notice is the message about a damaged file set aside, or "".
func (b *Baseline) Notice() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.notice
}

// Exists tells whether a baseline was ever approved (the file exists).
func (b *Baseline) Exists() bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.exists
}

// Entries returns a copy of the approved entries, sorted.
func (b *Baseline) Entries() []BaselineEntry {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return slices.Clone(b.entries)
}

// Approved tells whether l matches an approved entry.
func (b *Baseline) Approved(l *listen.Listener) bool {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if _, ok := b.index[baselineKeyOf(l.Protocol, l.Address, l.Port, l.Process)]; ok {
		return true
	}
	_, ok := b.index[baselineKeyOf(l.Protocol, l.Address, l.Port, "")]
	return ok
}

// Approve adds the listeners to the baseline and saves it. It returns how
// many were not approved before.
func (b *Baseline) Approve(ls ...listen.Listener) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	es := slices.Clone(b.entries)
	added := 0
	seen := map[baselineKey]bool{}
	for i := range ls {
		l := &ls[i]
		k := baselineKeyOf(l.Protocol, l.Address, l.Port, l.Process)
		if _, ok := b.index[k]; ok || seen[k] {
			continue
		}
		seen[k] = true
		es = append(es, BaselineEntry{
			Protocol: l.Protocol, Address: l.Address, Port: l.Port, Process: l.Process,
			Exe: l.Exe, User: l.User, Approved: b.now().UTC().Truncate(time.Second),
		})
		added++
	}
	if added == 0 && b.exists {
		return 0, nil
	}
	if err := b.save(es); err != nil {
		return 0, err
	}
	b.setEntries(es)
	return added, nil
}

// Revoke removes the entries matching the listeners exactly (same
// process) and saves. It returns how many were removed.
func (b *Baseline) Revoke(ls ...listen.Listener) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	drop := map[baselineKey]bool{}
	for i := range ls {
		drop[baselineKeyOf(ls[i].Protocol, ls[i].Address, ls[i].Port, ls[i].Process)] = true
	}
	es := slices.DeleteFunc(slices.Clone(b.entries), func(e BaselineEntry) bool {
		return drop[baselineKeyOf(e.Protocol, e.Address, e.Port, e.Process)]
	})
	removed := len(b.entries) - len(es)
	if removed == 0 {
		return 0, nil
	}
	if err := b.save(es); err != nil {
		return 0, err
	}
	b.setEntries(es)
	return removed, nil
}

func (b *Baseline) save(es []BaselineEntry) error {
	doc := baselineDoc{
		Version:  baselineVersion,
		Comment:  "Listeners approved as expected by Portolan; format in docs/listeners.md.",
		Approved: es,
	}
	if doc.Approved == nil {
		doc.Approved = []BaselineEntry{}
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := fsutil.AtomicWrite(b.path, append(data, '\n'), 0o700); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	b.exists = true
	return nil
}

package judge

import (
	"strings"
	"sync"

	"github.com/portolan/portolan/model/identity"
)

// Knowledge is the table of ordinary programs, indexed for matching. It is
// safe for concurrent use.
type Knowledge struct {
	programs []*Program
	byName   map[string][]*Program // literal lower-case names
	byName15 map[string][]*Program // the 15-character cut of longer names (Linux process names)
	byPath   map[string][]*Program // literal normalised paths
	globbed  []*Program            // programs with wildcard names or paths
	withArgs []*Program            // shells and tools recognised by their command line

	mu    sync.Mutex
	cache map[*identity.Facts]matched
}

// matched is what the knowledge says of one process; facts do not change,
// so it is worked out once per process.
type matched struct {
	program *Program
	// exeRole is the role of the executable itself when it runs a script
	// (a shell running a script still holds the socket as a shell).
	exeRole Role
	// masquerade: the process's name is another known program's.
	masquerade bool
}

// cacheLimit bounds the match cache; it is emptied when full.
const cacheLimit = 4096

func newKnowledge(ps []*Program) *Knowledge {
	k := &Knowledge{programs: ps, byName: map[string][]*Program{}, byName15: map[string][]*Program{},
		byPath: map[string][]*Program{}, cache: map[*identity.Facts]matched{}}
	for _, p := range ps {
		if len(p.Args) > 0 {
			k.withArgs = append(k.withArgs, p)
			continue
		}
		glob := false
		for _, g := range p.names {
			if g.re != nil {
				glob = true
				continue
			}
			k.byName[g.literal] = append(k.byName[g.literal], p)
			if len(g.literal) > 15 {
				k.byName15[g.literal[:15]] = append(k.byName15[g.literal[:15]], p)
			}
		}
		for _, g := range p.paths {
			if g.re != nil {
				glob = true
				continue
			}
			k.byPath[g.literal] = append(k.byPath[g.literal], p)
		}
		if glob {
			k.globbed = append(k.globbed, p)
		}
	}
	return k
}

// Programs lists the entries in the order of the file (the built-in ones,
// then the user's new ones).
func (k *Knowledge) Programs() []*Program { return k.programs }

// Match finds the entry for a process: by the path of its program file
// (the script an interpreter runs, else the executable), then by that
// file's base name; never by the name the process gives itself. Shells
// and tools recognised by their command line come first. nil: unknown.
func (k *Knowledge) Match(f *identity.Facts) *Program { return k.lookup(f).program }

// lookup returns (and caches) what the knowledge says of a process.
func (k *Knowledge) lookup(f *identity.Facts) matched {
	if f == nil || f.Program() == "" {
		return matched{}
	}
	k.mu.Lock()
	m, ok := k.cache[f]
	k.mu.Unlock()
	if ok {
		return m
	}
	m.program = k.matchFile(f.Program(), f.Cmdline)
	if f.Script != "" {
		if p := k.matchFile(f.Exe, f.Cmdline); p != nil {
			m.exeRole = p.Role
		}
	}
	if f.NameDiffers {
		for _, p := range k.named(f.Comm) {
			m.masquerade = m.masquerade || p != m.program
		}
	}
	k.mu.Lock()
	if len(k.cache) >= cacheLimit {
		clear(k.cache)
	}
	k.cache[f] = m
	k.mu.Unlock()
	return m
}

// matchFile finds the entry for a program file.
func (k *Knowledge) matchFile(file, cmdline string) *Program {
	path := normPath(file)
	base := strings.ToLower(identity.BaseName(file))
	for _, p := range k.withArgs {
		if p.fileMatch(path, base) && containsAny(cmdline, p.Args) {
			return p
		}
	}
	if ps := k.byPath[path]; len(ps) > 0 {
		return ps[0]
	}
	for _, p := range k.globbed {
		if p.atHome(path) {
			return p
		}
	}
	if ps := k.byName[base]; len(ps) > 0 {
		return ps[0]
	}
	for _, p := range k.globbed {
		for _, g := range p.names {
			if g.re != nil && g.match(base) {
				return p
			}
		}
	}
	return nil
}

func (p *Program) fileMatch(path, base string) bool {
	if p.atHome(path) {
		return true
	}
	for _, g := range p.names {
		if g.match(base) {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// named lists the programs a process name (comm) may stand for: the
// entries with that name, or (a 15-character Linux name) a longer name it
// begins.
func (k *Knowledge) named(comm string) []*Program {
	c := strings.ToLower(comm)
	if c == "" {
		return nil
	}
	out := append([]*Program(nil), k.byName[c]...)
	if len(c) == 15 {
		out = append(out, k.byName15[c]...)
	}
	for _, p := range k.globbed {
		for _, g := range p.names {
			if g.re != nil && g.match(c) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

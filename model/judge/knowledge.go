package judge

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ProgramsFile is the name of the user's additions to the knowledge of
// ordinary programs, in the config folder.
const ProgramsFile = "programs.json"

//go:embed programs.json
var programsJSON []byte

// Role says what kind of program an entry is. Only shells and network
// tools change verdicts; the others help people read the table.
type Role string

const (
	RoleService   Role = "service"   // a system daemon
	RoleDesktop   Role = "desktop"   // a user's application
	RoleDeveloper Role = "developer" // interpreters, IDEs, development servers
	RoleLauncher  Role = "launcher"  // holds sockets for the programs it starts (systemd, inetd)
	RoleContainer Role = "container" // container runtimes and their port proxies
	RoleShell     Role = "shell"     // a command shell: never listens by design
	RoleNetTool   Role = "nettool"   // a raw networking tool: nc, socat, ad-hoc file servers
)

var roles = []Role{RoleService, RoleDesktop, RoleDeveloper, RoleLauncher, RoleContainer, RoleShell, RoleNetTool}

// Program is one entry of the knowledge: how to recognise a program and
// where it usually listens. Read-only once loaded.
type Program struct {
	// Name is how the table calls the program ("sshd", "postfix master").
	Name string
	// Names are executable base names (without .exe) and Paths executable
	// or script paths that identify it; "*" and "**" are wildcards. A
	// program found at one of its Paths is "at home": a hidden folder
	// listed there is no reason for alarm.
	Names, Paths []string
	// Args: for shells and network tools only, words of the command line
	// that make an interpreter one ("-m http.server").
	Args []string
	// Packages are the distribution packages that install it; when set, a
	// copy from no package is a reason.
	Packages []string
	// Platforms: linux, macos, windows (for the table).
	Platforms []string
	Role      Role
	// Listens are its habits; ListenText their text form.
	Listens    []Listen
	ListenText []string
	// Source says where the facts come from (documentation, man page,
	// distribution defaults).
	Source string
	// User is set for entries from the user's file (or merged with one).
	User bool

	names, paths []glob
}

type programDoc struct {
	Program   string   `json:"program"`
	Names     []string `json:"names,omitempty"`
	Paths     []string `json:"paths,omitempty"`
	Args      []string `json:"args,omitempty"`
	Packages  []string `json:"packages,omitempty"`
	Platforms []string `json:"platforms,omitempty"`
	Role      Role     `json:"role,omitempty"`
	Listens   []string `json:"listens,omitempty"`
	Source    string   `json:"source,omitempty"`
}

type knowledgeDoc struct {
	Version  int          `json:"version"`
	Comment  string       `json:"comment,omitempty"`
	Programs []programDoc `json:"programs"`
}

// parsePrograms reads the JSON form (docs/listeners.md).
func parsePrograms(data []byte) ([]*Program, error) {
	var doc knowledgeDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not valid JSON of the documented form: %w", err)
	}
	if doc.Version != 1 {
		return nil, fmt.Errorf("version %d: this Portolan reads version 1", doc.Version)
	}
	out := make([]*Program, 0, len(doc.Programs))
	for i, d := range doc.Programs {
		p, err := programOf(d)
		if err != nil {
			return nil, fmt.Errorf("program %d (%q): %w", i+1, d.Program, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func programOf(d programDoc) (*Program, error) {
	name := strings.TrimSpace(d.Program)
	if name == "" {
		return nil, errors.New(`no "program" name`)
	}
	p := &Program{Name: name, Names: d.Names, Paths: d.Paths, Args: d.Args, Packages: d.Packages,
		Platforms: d.Platforms, Role: d.Role, ListenText: d.Listens, Source: strings.TrimSpace(d.Source)}
	if p.Role == "" {
		p.Role = RoleService
	}
	if !slices.Contains(roles, p.Role) {
		return nil, fmt.Errorf("role %q is not one of %v", p.Role, roles)
	}
	if len(p.Args) > 0 && p.Role != RoleShell && p.Role != RoleNetTool {
		return nil, errors.New(`"args" may only make a shell or a network tool: they can raise a verdict, never calm one`)
	}
	if len(p.Names) == 0 && len(p.Paths) == 0 {
		p.Names = []string{name}
	}
	if err := p.compile(); err != nil {
		return nil, err
	}
	var err error
	if p.Listens, err = parseListens(p.ListenText); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Program) compile() error {
	p.names, p.paths = nil, nil
	for _, n := range p.Names {
		if strings.ContainsAny(n, `/\`) {
			return fmt.Errorf("name %q holds a folder: put it in \"paths\"", n)
		}
		g, err := compileGlob(n)
		if err != nil {
			return err
		}
		p.names = append(p.names, g)
	}
	for _, s := range p.Paths {
		n := normPath(s)
		if !strings.HasPrefix(n, "/") && !strings.HasPrefix(n, "*") && !(len(n) > 2 && n[1] == ':') {
			return fmt.Errorf("path %q is not absolute", s)
		}
		g, err := compileGlob(s)
		if err != nil {
			return err
		}
		p.paths = append(p.paths, g)
	}
	return nil
}

// merge adds a user entry's names, paths, packages and listens to p.
func (p *Program) merge(u *Program) error {
	q := *p
	q.Names = union(p.Names, u.Names)
	q.Paths = union(p.Paths, u.Paths)
	q.Args = union(p.Args, u.Args)
	q.Packages = union(p.Packages, u.Packages)
	q.Listens = append(slices.Clip(p.Listens), u.Listens...)
	q.ListenText = append(slices.Clip(p.ListenText), u.ListenText...)
	if u.Source != "" {
		q.Source = strings.TrimSpace(p.Source + "; yours: " + u.Source)
	}
	q.User = true
	if err := q.compile(); err != nil {
		return err
	}
	*p = q
	return nil
}

func union(a, b []string) []string {
	out := slices.Clip(a)
	for _, s := range b {
		if !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, s) }) {
			out = append(out, s)
		}
	}
	return out
}

// usual returns the habit covering protocol and port, or nil.
func (p *Program) usual(tcp bool, port uint16, ephemeral bool) *Listen {
	var best *Listen
	for i := range p.Listens {
		l := &p.Listens[i]
		if l.portMatch(tcp, port, ephemeral) && (best == nil || l.Scope.reach() > best.Scope.reach()) {
			best = l
		}
	}
	return best
}

// atHome tells whether a normalised path is one of the program's Paths.
func (p *Program) atHome(path string) bool {
	for _, g := range p.paths {
		if g.match(path) {
			return true
		}
	}
	return false
}

// DefaultKnowledge is the built-in knowledge (model/judge/programs.json).
func DefaultKnowledge() *Knowledge {
	ps, err := parsePrograms(programsJSON)
	if err != nil {
		panic("model/judge/programs.json: " + err.Error()) // caught by the tests
	}
	return newKnowledge(ps)
}

// LoadKnowledge is the built-in knowledge with the user's additions from
// dir/programs.json (no file, no additions). An entry named like a
// built-in one adds to it; others are new programs. A file that cannot be
// read gives the built-in knowledge and an error saying what is wrong;
// the file is left as it is for the user to fix.
func LoadKnowledge(dir string) (*Knowledge, error) {
	builtin, err := parsePrograms(programsJSON)
	if err != nil {
		panic("model/judge/programs.json: " + err.Error())
	}
	if dir == "" {
		return newKnowledge(builtin), nil
	}
	p := filepath.Join(dir, ProgramsFile)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return newKnowledge(builtin), nil
	}
	if err != nil {
		return newKnowledge(builtin), fmt.Errorf("known programs: %w", err)
	}
	user, err := parsePrograms(data)
	if err != nil {
		return newKnowledge(builtin), fmt.Errorf("known programs: %s is not used: %w", p, err)
	}
	all := builtin
	for _, u := range user {
		u.User = true
		i := slices.IndexFunc(all, func(b *Program) bool { return strings.EqualFold(b.Name, u.Name) })
		if i < 0 {
			all = append(all, u)
			continue
		}
		if err := all[i].merge(u); err != nil {
			return DefaultKnowledge(), fmt.Errorf("known programs: %s is not used: %s: %w", p, u.Name, err)
		}
	}
	return newKnowledge(all), nil
}

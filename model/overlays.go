package model

import (
	"fmt"
	"os"
	"strings"

	"github.com/portolan/portolan/registry"
)

// OverlayKind says what a system port list is.
type OverlayKind string

const (
	// OverlayServices is the system's services(5) file: /etc/services, or
	// drivers\etc\services on Windows.
	OverlayServices OverlayKind = "services"
	// OverlayIANAEtc is the iana-etc package's copy of the IANA registry.
	OverlayIANAEtc OverlayKind = "iana-etc"
	// OverlayWireshark is Wireshark's own services file.
	OverlayWireshark OverlayKind = "wireshark"
	// OverlayNmap is nmap's nmap-services: names, and how often each port
	// is found open.
	OverlayNmap OverlayKind = "nmap"
)

// OverlayCandidate is a place where a port list may be installed.
type OverlayCandidate struct {
	Kind  OverlayKind `json:"kind"`
	Label string      `json:"label"` // how the detail pane names the source
	Path  string      `json:"path"`
}

// OverlayCandidates lists where this OS keeps port lists, in order of
// preference: of several files of one kind, the first present is used.
func OverlayCandidates() []OverlayCandidate { return overlayCandidates() }

// Overlay is a port list found on this system, read as a second opinion
// beside the registry in use.
type Overlay struct {
	OverlayCandidate
	Entries int `json:"entries"`
	Skipped int `json:"skipped"`
	// Registry holds a services, iana-etc or Wireshark file; nil for nmap.
	Registry *registry.Registry `json:"-"`
	// Nmap holds nmap-services; nil for the others.
	Nmap *registry.NmapServices `json:"-"`
}

// OverlayProblem is a candidate file that is present but could not be read.
type OverlayProblem struct {
	OverlayCandidate
	Problem string `json:"problem"`
}

// Overlays are the port lists found on this system.
type Overlays struct {
	Found    []*Overlay       `json:"found"`
	Problems []OverlayProblem `json:"problems"`
}

// DiscoverOverlays reads the port lists installed on this system (see
// OverlayCandidates). Absent files are passed over in silence; present ones
// that cannot be read are listed in Problems. It reads a few files of up to
// a few MB: call it off the UI goroutine.
func DiscoverOverlays() *Overlays { return LoadOverlays(OverlayCandidates()) }

// maxOverlaySize guards against reading a huge file by mistake.
const maxOverlaySize = 64 << 20

// LoadOverlays reads the candidates that exist, at most one per kind (the
// first present), skipping a file that is the same as one already read (a
// symlink such as /etc/services -> iana-etc's copy).
func LoadOverlays(cands []OverlayCandidate) *Overlays {
	o := &Overlays{Found: []*Overlay{}, Problems: []OverlayProblem{}}
	done := map[OverlayKind]bool{}
	var seen []os.FileInfo
	for _, c := range cands {
		if done[c.Kind] {
			continue
		}
		fi, err := os.Stat(c.Path)
		if err != nil {
			if !os.IsNotExist(err) {
				o.Problems = append(o.Problems, OverlayProblem{c, err.Error()})
			}
			continue
		}
		done[c.Kind] = true
		if fi.IsDir() {
			o.Problems = append(o.Problems, OverlayProblem{c, "is a folder, not a file"})
			continue
		}
		if fi.Size() > maxOverlaySize {
			o.Problems = append(o.Problems, OverlayProblem{c, fmt.Sprintf("is %d MiB, too large for a port list", fi.Size()>>20)})
			continue
		}
		dup := false
		for _, s := range seen {
			dup = dup || os.SameFile(s, fi)
		}
		if dup {
			continue
		}
		seen = append(seen, fi)
		ov, err := loadOverlay(c)
		if err != nil {
			o.Problems = append(o.Problems, OverlayProblem{c, err.Error()})
			continue
		}
		o.Found = append(o.Found, ov)
	}
	return o
}

func loadOverlay(c OverlayCandidate) (*Overlay, error) {
	f, err := os.Open(c.Path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ov := &Overlay{OverlayCandidate: c}
	if c.Kind == OverlayNmap {
		ns, err := registry.ParseNmapServices(f, c.Path)
		if err != nil {
			return nil, err
		}
		ov.Nmap, ov.Entries, ov.Skipped = ns, len(ns.Entries()), len(ns.Skipped())
		return ov, nil
	}
	reg, err := registry.Parse(f, c.Path) // services form, or iana-etc's XML or CSV
	if err != nil {
		return nil, err
	}
	ov.Registry, ov.Entries, ov.Skipped = reg, reg.Len(), len(reg.Skipped())
	return ov, nil
}

// Nmap is the nmap-services overlay, or nil when nmap is not installed.
func (o *Overlays) Nmap() *registry.NmapServices {
	if o == nil {
		return nil
	}
	for _, ov := range o.Found {
		if ov.Nmap != nil {
			return ov.Nmap
		}
	}
	return nil
}

// Frequency is how often nmap finds port open on proto (ProtoNone: on any
// protocol), 0 to 1, and whether nmap-services is installed at all. For the
// map's "how often found open" shading, see registry.NmapServices.Shade.
func (o *Overlays) Frequency(port uint16, proto registry.Protocol) (float64, bool) {
	ns := o.Nmap()
	if ns == nil {
		return 0, false
	}
	return ns.Frequency(port, proto), true
}

// OverlayName is the name one system list gives a port.
type OverlayName struct {
	Source   string      `json:"source"` // the overlay's label: "/etc/services", "Wireshark", "nmap"
	Kind     OverlayKind `json:"kind"`
	Protocol string      `json:"protocol"`
	Name     string      `json:"name"`
	Aliases  []string    `json:"aliases,omitempty"`
	// Note is the list's comment or description, and for nmap how often
	// the port is found open.
	Note string `json:"note,omitempty"`
	// Differs is true when the registry in use gives the port on this
	// protocol no name of that spelling (any case): the detail pane's
	// "other names" are the ones that differ.
	Differs bool `json:"differs"`
}

// Names lists the name each overlay gives port on proto (ProtoNone: on
// each protocol), in overlay order then protocol order, compared with reg
// (nil: every name differs). nmap's placeholder name "unknown" is left out.
func (o *Overlays) Names(reg *registry.Registry, port uint16, proto registry.Protocol) []OverlayName {
	if o == nil {
		return nil
	}
	protos := []registry.Protocol{proto}
	if proto == registry.ProtoNone {
		protos = registry.Transports[:]
	}
	var out []OverlayName
	for _, ov := range o.Found {
		for _, p := range protos {
			n, ok := ov.name(port, p)
			if !ok {
				continue
			}
			n.Differs = !registryHasName(reg, port, p, n.Name)
			out = append(out, n)
		}
	}
	return out
}

// Differing is Names without the names the registry also gives.
func (o *Overlays) Differing(reg *registry.Registry, port uint16, proto registry.Protocol) []OverlayName {
	var out []OverlayName
	for _, n := range o.Names(reg, port, proto) {
		if n.Differs {
			out = append(out, n)
		}
	}
	return out
}

func (ov *Overlay) name(port uint16, p registry.Protocol) (OverlayName, bool) {
	n := OverlayName{Source: ov.Label, Kind: ov.Kind, Protocol: p.String()}
	if ov.Nmap != nil {
		e, ok := ov.Nmap.Entry(port, p)
		if !ok || e.Name == registry.NmapUnknown {
			return n, false
		}
		n.Name = e.Name
		n.Note = fmt.Sprintf("found open in %s of nmap's scans", percent(e.Frequency))
		if e.Comment != "" {
			n.Note = e.Comment + "; " + n.Note
		}
		return n, true
	}
	primary := ov.Registry.Primary(port, p)
	if primary == nil {
		return n, false
	}
	n.Name = primary.Service
	n.Aliases = ov.Registry.Aliases(port, p)
	n.Note = primary.Description
	return n, true
}

func registryHasName(reg *registry.Registry, port uint16, p registry.Protocol, name string) bool {
	if reg == nil {
		return false
	}
	for _, r := range reg.RecordsFor(port, p) {
		if r.Service != "" && r.Protocol == p && strings.EqualFold(r.Service, name) {
			return true
		}
	}
	return false
}

// percent writes a frequency for people: "48.4%", "0.2%", "0.0001%".
func percent(f float64) string {
	switch pct := f * 100; {
	case pct == 0:
		return "0%"
	case pct >= 1:
		return fmt.Sprintf("%.1f%%", pct)
	default:
		return strings.TrimSuffix(fmt.Sprintf("%.2g", pct), ".") + "%"
	}
}

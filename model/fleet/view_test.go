package fleet

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/portolan/portolan/registry"
)

// judgeByPath flags executables under /dev/shm and python servers: enough
// to see verdicts flow through, as model/judge will.
func judgeByPath(r *Row) (string, []string) {
	switch {
	case strings.HasPrefix(r.Exe, "/dev/shm/"):
		return SeverityAlert, []string{"run from a temporary folder"}
	case r.Process == "java":
		return "notice", []string{"unknown program"}
	}
	return "none", nil
}

func judgedFixtures(t *testing.T) *Fleet {
	t.Helper()
	f := loadFixtures(t, true)
	f.Rejudge(judgeByPath)
	return f
}

func TestSummaryMostHostsFirst(t *testing.T) {
	t.Parallel()
	v, err := judgedFixtures(t).View("")
	if err != nil {
		t.Fatal(err)
	}
	s := v.Summary()
	if s.Hosts != 8 || s.Listeners != 19 || s.Skipped != 3 {
		t.Errorf("hosts/listeners/skipped = %d/%d/%d", s.Hosts, s.Listeners, s.Skipped)
	}
	// tcp/22 is on web-01 (twice: IPv4 and IPv6, one host), db-01,
	// app-01, app-02 and broken-7.
	if p := s.Ports[0]; p.Protocol != "tcp" || p.Port != 22 || p.Hosts != 5 || p.Alerts != 0 {
		t.Errorf("first port = %+v", p)
	}
	for i := 1; i < len(s.Ports); i++ {
		a, b := s.Ports[i-1], s.Ports[i]
		if a.Hosts < b.Hosts || (a.Hosts == b.Hosts && a.Port > b.Port) {
			t.Errorf("ports out of order at %d: %+v then %+v", i, a, b)
		}
	}
	var nc *PortCount
	for i := range s.Ports {
		if s.Ports[i].Port == 4444 {
			nc = &s.Ports[i]
		}
	}
	if nc == nil || nc.Alerts != 1 || nc.Hosts != 1 {
		t.Errorf("4444 = %+v", nc)
	}
}

func TestPortRowsAlertsFirst(t *testing.T) {
	t.Parallel()
	f := judgedFixtures(t)
	v, _ := f.View("")
	rows := v.Port(22, "")
	var hosts []string
	for _, r := range rows {
		hosts = append(hosts, r.Host+" "+r.Address)
	}
	if got, want := strings.Join(hosts, ", "), "app-01 0.0.0.0, app-02 0.0.0.0, broken-7 0.0.0.0, db-01.example.com 0.0.0.0, web-01 0.0.0.0, web-01 ::"; got != want {
		t.Errorf("port 22 = %s, want %s", got, want)
	}
	if len(v.Port(22, "udp")) != 0 || len(v.Port(69, "udp")) != 1 || len(v.Port(69, "tcp")) != 0 {
		t.Error("the protocol does not select")
	}
	db := f.Hosts[3].Name
	if db != "db-01.example.com" {
		t.Fatalf("host 3 = %s", db)
	}
	r := v.Port(4444, "tcp")
	if len(r) != 1 || r[0].Severity != SeverityAlert || r[0].Reasons[0] != "run from a temporary folder" || r[0].Host != db {
		t.Errorf("4444 = %+v", r)
	}
	if rows[0].Reasons == nil {
		t.Error("Reasons is nil: JSON would say null")
	}
}

func TestRareFewestFirst(t *testing.T) {
	t.Parallel()
	v, _ := judgedFixtures(t).View("")
	rare := v.Rare(1)
	if len(rare) == 0 {
		t.Fatal("nothing rare")
	}
	for _, p := range rare {
		if p.Hosts != 1 {
			t.Errorf("rare with --max-hosts 1 lists %+v", p)
		}
	}
	// Among ports on one host, alerts come first.
	if rare[0].Port != 4444 {
		t.Errorf("first rare = %+v, want 4444 (the alert)", rare[0])
	}
	all := v.Rare(100)
	if len(all) != len(v.Ports()) || all[len(all)-1].Port != 22 {
		t.Errorf("rare(100) = %d ports ending %+v, summary has %d", len(all), all[len(all)-1], len(v.Ports()))
	}
}

func TestHostFilter(t *testing.T) {
	t.Parallel()
	f := judgedFixtures(t)
	for _, tc := range []struct {
		filter string
		hosts  int
		p22    uint32
	}{
		{"app-*", 2, 2},
		{"APP-0[2]", 1, 1},
		{"example.com", 2, 2}, // db-01's name, app-02's display name
		{"win, mac", 2, 0},
		{"macbook", 1, 0}, // the display name
		{"nothing-like-it", 0, 0},
	} {
		v, err := f.View(tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		c := v.Counts()
		if v.Hosts != tc.hosts || c.Hosts[TCP][22] != tc.p22 || c.Hosts[AnyProtocol][22] != tc.p22 {
			t.Errorf("filter %q: %d hosts, %d on 22; want %d, %d", tc.filter, v.Hosts, c.Hosts[TCP][22], tc.hosts, tc.p22)
		}
	}
	if _, err := f.View("web-["); err == nil {
		t.Error("a malformed glob was accepted")
	}
}

func TestCountsForTheMap(t *testing.T) {
	t.Parallel()
	f := judgedFixtures(t)
	v, _ := f.View("")
	c := v.Counts()
	// mac-07 has 5353/udp; web-01 53/udp and app-01 69/udp.
	if c.Hosts[UDP][5353] != 1 || c.Hosts[TCP][5353] != 0 || c.Hosts[AnyProtocol][5353] != 1 {
		t.Errorf("5353 = %d/%d/%d", c.Hosts[AnyProtocol][5353], c.Hosts[TCP][5353], c.Hosts[UDP][5353])
	}
	if c.Max[AnyProtocol] != 5 || c.Max[TCP] != 5 || c.Max[UDP] != 1 {
		t.Errorf("max = %v", c.Max)
	}
	if c.Alerts[AnyProtocol][4444] != 1 || c.Alerts[TCP][4444] != 1 || c.Alerts[TCP][22] != 0 {
		t.Error("alerts not counted per port")
	}
	// 19 listeners on 18 (host, protocol, port)s: web-01 has 22 twice.
	var total uint32
	for p := range 65536 {
		total += c.Hosts[TCP][p] + c.Hosts[UDP][p]
	}
	sum := 0
	for _, p := range v.Ports() {
		sum += p.Hosts
	}
	if total != 18 || sum != 18 {
		t.Errorf("map counts %d host-ports, the summary %d, want 18", total, sum)
	}
}

func TestServiceNamesFromTheRegistry(t *testing.T) {
	t.Parallel()
	csv := os.Getenv("PORTOLAN_IANA_CSV")
	if csv == "" {
		csv = "../../../shared/iana/service-names-port-numbers.csv"
	}
	if _, err := os.Stat(csv); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the IANA test file %s is missing in CI", csv)
		}
		t.Skipf("the IANA test file is absent (%v): set PORTOLAN_IANA_CSV", err)
	}
	reg, err := registry.LoadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Load(context.Background(), []string{fixtures + "/osqueryi"}, Options{Registry: reg, Judge: judgeByPath})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := f.View("")
	names := map[uint16]string{}
	for _, p := range v.Ports() {
		names[p.Port] = p.Service
	}
	if names[22] != "ssh" || names[443] != "https" || names[5432] != "postgresql" || names[4444] != "krb524" {
		t.Errorf("service names = %v", names)
	}
	if f.Rows[0].Severity == "" {
		t.Error("Options.Judge was not applied")
	}
}

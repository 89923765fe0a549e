package model

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/portolan/portolan/registry"
)

func embeddedSpace(t testing.TB) *Space {
	t.Helper()
	reg, err := registry.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return &Space{Reg: reg, Ephemeral: EphemeralRange{Low: 32768, High: 60999, Source: "test"}}
}

func TestAnswer290(t *testing.T) {
	s := embeddedSpace(t)
	a := s.Answer(290, registry.ProtoNone)
	if a.Status != registry.Unassigned || a.Range != registry.System || a.Ephemeral {
		t.Errorf("290 = %+v", a)
	}
	if a.UnassignedRun == nil || *a.UnassignedRun != (registry.PortRun{From: 288, To: 299}) {
		t.Errorf("run = %+v", a.UnassignedRun)
	}
	if len(a.Protocols) != 4 {
		t.Errorf("protocols = %v, want all four", a.Protocols)
	}
	tcp, udp := a.Protocols["tcp"], a.Protocols["udp"]
	if tcp.Next == nil || tcp.Next.Service != "tacacss" || udp.Next == nil || udp.Next.Port != 308 {
		t.Errorf("next tcp %+v udp %+v", tcp.Next, udp.Next)
	}
	if len(tcp.Records) != 1 || tcp.Records[0].Ports != "288-299" || tcp.Records[0].Status != registry.Unassigned {
		t.Errorf("tcp records = %+v", tcp.Records)
	}
	if a.NearestFree != 290 {
		t.Errorf("nearest free = %d", a.NearestFree)
	}
}

func TestAnswerJSONShape(t *testing.T) {
	s := embeddedSpace(t)
	data, err := json.Marshal(s.Answer(22, registry.TCP))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{`"port":22`, `"range":"system"`, `"status":"assigned"`, `"protocol":"tcp"`,
		`"service":"ssh"`, `"rfc":4251`, `"url":"https://www.rfc-editor.org/rfc/rfc4251"`, `"previous_assigned":{`} {
		if !strings.Contains(text, want) {
			t.Errorf("JSON lacks %s: %s", want, text)
		}
	}
	if strings.Contains(text, `"udp"`) {
		t.Error("--proto tcp answer lists udp")
	}
}

func TestSummary(t *testing.T) {
	s := embeddedSpace(t)
	cases := map[uint16]string{
		290:   "290 · unassigned · System · run 288-299",
		22:    "22 ssh · assigned · System",
		6003:  "6003 x11 · assigned · User · unauthorized use reported",
		50000: "50000 · unassigned · Dynamic · run 49152-65535 · ephemeral",
	}
	for port, want := range cases {
		if got := s.Summary(port, registry.ProtoNone); got != want {
			t.Errorf("Summary(%d) = %q, want %q", port, got, want)
		}
	}
}

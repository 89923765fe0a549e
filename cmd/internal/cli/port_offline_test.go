package cli

import (
	"encoding/json"
	"slices"
	"testing"
)

// Offline, from the embedded snapshot alone (an empty cache folder),
// 853/udp cites the RFCs of DNS over DTLS and over QUIC, with nothing on
// stderr (issue 15).
func TestPort853UDPOffline(t *testing.T) {
	regCache(t)
	out, errOut, code := run(t, "port", "853", "--proto", "udp", "--json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var a struct {
		Protocols map[string]struct {
			Records []struct {
				Source     string
				References []struct{ RFC int }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	var rfcs []int
	for _, r := range a.Protocols["udp"].Records {
		if r.Source != "embedded snapshot" {
			t.Errorf("a record from %q, want the embedded snapshot", r.Source)
		}
		for _, ref := range r.References {
			rfcs = append(rfcs, ref.RFC)
		}
	}
	if !slices.Equal(rfcs, []int{7858, 8094, 9250}) {
		t.Errorf("853/udp cites RFCs %v, want 7858, 8094, 9250:\n%s", rfcs, out)
	}
}

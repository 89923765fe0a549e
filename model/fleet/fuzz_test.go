package fleet

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead feeds anything to the readers: nothing may panic, hang or keep
// rows that are not TCP/UDP listeners.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*", "*"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"host":"h","rows":[{"port":"1","protocol":"17"}]}`))
	f.Add([]byte(`{"hostIdentifier":"h","diffResults":{"added":[{"port":"2","protocol":"6"}],"removed":[]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxArrayBytes: 1 << 16, MaxLineBytes: 1 << 12, MaxRows: 1000}
		fl, err := Read(context.Background(), []Source{stringSource("fuzz", string(data))}, Options{Limits: lim})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range fl.Rows {
			if r.Port == 0 || (r.Protocol != "tcp" && r.Protocol != "udp") || (r.Family != "ipv4" && r.Family != "ipv6") {
				t.Fatalf("kept a row that is not a listener: %+v", r)
			}
		}
		if len(fl.Rows) > 1000 {
			t.Fatalf("%d rows past the cap", len(fl.Rows))
		}
		v, err := fl.View("")
		if err != nil {
			t.Fatal(err)
		}
		if v.Listeners != len(fl.Rows) {
			t.Fatalf("view counts %d listeners, the fleet has %d", v.Listeners, len(fl.Rows))
		}
	})
}

// FuzzScanner: the scanner accepts a document exactly when encoding/json
// does, and never runs past its input.
func FuzzScanner(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}],"c":true}`, `"caf\u00e9"`, `[1e5,-0.5]`, `{"a":"b\"c"}`, `[[[[]]]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := scanner{data: data}
		err := s.skip()
		if err == nil && !s.atEnd() {
			err = s.fail("trailing")
		}
		depth, maxDepthSeen := 0, 0
		for _, c := range data {
			switch c {
			case '[', '{':
				depth++
				maxDepthSeen = max(maxDepthSeen, depth)
			case ']', '}':
				depth--
			}
		}
		valid := json.Valid(data)
		if valid && maxDepthSeen > maxDepth {
			return // deeper than the scanner's cap (brackets in strings count too: a rough bound)
		}
		if (err == nil) != valid {
			t.Fatalf("%q: scanner error %v, encoding/json valid %v", data, err, valid)
		}
		if s.pos > len(data) {
			t.Fatalf("position %d past the end %d", s.pos, len(data))
		}
	})
}

package fleet

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/portolan/portolan/model/fleet/internal/genfleet"
)

// The same made-up fleet written in each of osquery's shapes reads back to
// the same hosts, listeners and summary.
func TestShapesAgree(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	o := genfleet.Options{Hosts: 40, Listeners: 30, Files: 3, Seed: 7}
	if err := genfleet.WriteAll(dir, o); err != nil {
		t.Fatal(err)
	}
	var first *Fleet
	var firstSummary Summary
	for _, shape := range []string{"osqueryi", "fleetctl", "snapshots", "events"} {
		f, err := Load(context.Background(), []string{filepath.Join(dir, shape)}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Problems) != 0 || len(f.Hosts) != 40 || len(f.Rows) != 40*30 {
			t.Fatalf("%s: %d hosts, %d rows, problems %v", shape, len(f.Hosts), len(f.Rows), f.Problems)
		}
		v, _ := f.View("")
		s := v.Summary()
		s.Files = 0
		if first == nil {
			first, firstSummary = f, s
			continue
		}
		if !reflect.DeepEqual(s, firstSummary) {
			t.Errorf("%s: the summary differs from osqueryi's", shape)
		}
		for i := range f.Rows {
			if a, b := f.Rows[i], first.Rows[i]; !reflect.DeepEqual(a, b) {
				t.Fatalf("%s: row %d = %+v, osqueryi's %+v", shape, i, a, b)
			}
		}
	}
}

package registry

import (
	"reflect"
	"sync"
	"testing"
)

// Goroutines asking for records of a fresh compact registry at once (the
// window's panes, the listener panel, a search) all get the same, whole
// records; run with -race.
func TestLazyRecordsConcurrently(t *testing.T) {
	t.Parallel()
	want := embedded(t).Records()
	reg, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := g * 997; p < NumPorts; p += 8 * 97 {
				pr := reg.Lookup(uint16(p))
				for i := 0; i < pr.Len(); i++ {
					r := pr.At(i)
					if !r.Contains(uint16(p)) || !reflect.DeepEqual(*r, *pr.At(i)) {
						t.Errorf("port %d: record %+v does not cover it or changed", p, r)
						return
					}
				}
			}
			if g%2 == 0 {
				if got := reg.Records(); !reflect.DeepEqual(got, want) {
					t.Error("Records differ from a fully decoded registry")
				}
			} else {
				reg.Search("secure shell", 5)
			}
		}()
	}
	wg.Wait()
}

// A headless answer decodes a few blocks of records, not the registry.
func TestLookupDecodesLittle(t *testing.T) {
	t.Parallel()
	reg, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if reg.Primary(22, TCP).Service != "ssh" {
		t.Fatal("22/tcp is not ssh")
	}
	reg.NeighboursOf(22, TCP)
	decoded := 0
	for b := range reg.lazy.blocks {
		if reg.lazy.blocks[b].Load() != nil {
			decoded++
		}
	}
	if decoded == 0 || decoded > 4 || reg.lazy.full.Load() != nil {
		t.Errorf("answering 22/tcp decoded %d of %d blocks (or all records)", decoded, len(reg.lazy.blocks))
	}
}

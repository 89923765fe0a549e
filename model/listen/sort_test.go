package listen

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// SortListeners moves every listener whole into Compare's order, for
// listings already sorted, reversed, shuffled, with ties on the endpoint.
func TestSortListenersPermutesWhole(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 3, 17, 1000} {
		ls := make([]Listener, n)
		for i := range ls {
			ls[i] = Listener{Protocol: []string{"tcp", "udp"}[r.IntN(2)], Port: uint16(r.IntN(20)), Family: "ipv4",
				Address: []string{"127.0.0.1", "0.0.0.0", "10.0.0.2"}[r.IntN(3)], PID: int32(r.IntN(3)),
				Inode: uint64(i), Process: "p" + strconv.Itoa(i)}
		}
		want := slices.Clone(ls)
		slices.SortFunc(want, func(a, b Listener) int { return Compare(&a, &b) })
		reversed := slices.Clone(want)
		slices.Reverse(reversed)
		for name, in := range map[string][]Listener{"shuffled": ls, "sorted": slices.Clone(want), "reversed": reversed} {
			got := slices.Clone(in)
			SortListeners(got)
			for i := range got {
				if got[i].Inode != want[i].Inode || got[i].Process != "p"+strconv.FormatUint(got[i].Inode, 10) {
					t.Fatalf("%d %s: position %d holds inode %d (%s), want %d", n, name, i, got[i].Inode, got[i].Process, want[i].Inode)
				}
			}
		}
	}
}

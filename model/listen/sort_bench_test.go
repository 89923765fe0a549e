package listen

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// BenchmarkSortListeners sorts 10,000 listeners in kernel order (shuffled):
// TCP and UDP on 127.0.0.1, ::1 and a few other addresses, some ports
// shared, as `portolan listeners` sorts them once per poll.
func BenchmarkSortListeners(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	ls := make([]Listener, 10000)
	addrs := []string{"127.0.0.1", "::1", "0.0.0.0", "::", "192.168.1.20"}
	for i := range ls {
		a := addrs[r.IntN(len(addrs))]
		ls[i] = Listener{Protocol: []string{"tcp", "udp"}[r.IntN(2)], Port: uint16(1024 + r.IntN(40000)),
			Family: map[bool]string{true: "ipv6", false: "ipv4"}[len(a) < 4 || a[0] == ':'], Address: a,
			PID: int32(r.IntN(50)), Inode: uint64(i), Process: "p" + strconv.Itoa(i%50)}
	}
	work := make([]Listener, len(ls))
	for b.Loop() {
		copy(work, ls)
		SortListeners(work)
	}
	if !slices.IsSortedFunc(work, func(x, y Listener) int { return Compare(&x, &y) }) {
		b.Fatal("not sorted")
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/sort")
}

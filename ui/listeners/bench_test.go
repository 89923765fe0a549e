package listeners

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/portolan/portolan/model/listen"
)

// manyListeners makes n listeners on loopback, half TCP, half UDP, a
// tenth of them flagged.
func manyListeners(n int) []listen.Listener {
	ls := make([]listen.Listener, n)
	for i := range ls {
		proto := "tcp"
		if i%2 == 1 {
			proto = "udp"
		}
		l := lis(proto, "127.0.0.1", uint16(10000+i/2), int32(1000+i), fmt.Sprintf("server%d", i%37), "user", "")
		l.IP = netip.MustParseAddr("127.0.0.1")
		if i%10 == 0 {
			l.Severity, l.Findings = listen.SeverityNotice, []listen.Finding{notice(listen.ReasonUnassigned)}
		}
		ls[i] = l
	}
	listen.SortListeners(ls)
	return ls
}

// BenchmarkApply measures Apply of 1,000 listeners on a panel shown in a
// 1400x520 window (about 8 rows visible; only visible cells are drawn):
//   - first: the first poll on a new panel (the visible cells are created);
//   - steady: a poll that changed nothing (the same listing, no diff);
//   - changed-offscreen: one listener went and another came, below the
//     visible rows (sorting, filtering, highlight and change log);
//   - changed-visible: the same at the top, so that every visible cell is
//     drawn again.
func BenchmarkApply(b *testing.B) {
	const n = 1000
	ls := manyListeners(n)
	first := listen.PollResult{Seq: 1, Time: t0, Snapshot: listen.Snapshot{Listeners: ls}, Diff: listen.DiffListeners(nil, ls)}

	b.Run("first", func(b *testing.B) {
		_, w := newPanel(b, Options{})
		b.ReportAllocs()
		var p *Panel
		for b.Loop() {
			b.StopTimer()
			p = New(w, Options{})
			w.SetContent(p)
			b.StartTimer()
			p.Apply(first)
		}
		b.ReportMetric(float64(len(p.view)), "rows")
	})
	b.Run("steady", func(b *testing.B) {
		p, _ := newPanel(b, Options{})
		p.Apply(first)
		steady := listen.PollResult{Seq: 2, Time: t0, Snapshot: listen.Snapshot{Listeners: ls}}
		b.ReportAllocs()
		for b.Loop() {
			p.Apply(steady)
		}
	})
	for _, c := range []struct {
		name string
		at   int    // the listener that moves
		to   uint16 // to this port
	}{
		{"changed-offscreen", n - 1, 30000}, // udp 10499: the last row by port
		{"changed-visible", 0, 9999},        // tcp 10000: the first
	} {
		b.Run(c.name, func(b *testing.B) {
			p, _ := newPanel(b, Options{})
			p.Apply(first)
			// Two listings that differ by one listener, applied in turn.
			other := append([]listen.Listener(nil), ls...)
			other[c.at].Port = c.to
			listen.SortListeners(other)
			there := listen.PollResult{Time: t0, Snapshot: listen.Snapshot{Listeners: ls}, Diff: listen.DiffListeners(other, ls)}
			back := listen.PollResult{Time: t0, Snapshot: listen.Snapshot{Listeners: other}, Diff: listen.DiffListeners(ls, other)}
			p.Apply(back)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					p.Apply(there)
				} else {
					p.Apply(back)
				}
				i++
			}
		})
	}
}

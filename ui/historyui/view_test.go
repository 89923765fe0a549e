package historyui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/history"
)

// now is the tests' clock: the timeline ends in its hour.
var now = time.Date(2026, 3, 10, 15, 30, 0, 0, time.UTC)

func obs(process string, port uint16, sev history.Severity) history.Observation {
	return history.Observation{Protocol: "tcp", Family: "ipv4", Address: "127.0.0.1", Port: port, Scope: "loopback",
		PID: int32(port), Process: process, Exe: "/usr/bin/" + process, User: "alice", Severity: sev}
}

// seeded is a history of three days, polled every 20 minutes but for a
// gap of 5 hours: sshd throughout, python3 on 8000 for a few hours each
// day, nc on 4444 (an alert) in one hour of the last day.
func seeded(t *testing.T) *history.Store {
	t.Helper()
	s, err := history.Open(context.Background(), history.Options{Path: filepath.Join(t.TempDir(), history.FileName)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	start := now.Add(-72 * time.Hour).Truncate(time.Hour)
	for at := start; !at.After(now); at = at.Add(20 * time.Minute) {
		h := int(at.Sub(start) / time.Hour)
		if h >= 30 && h < 35 {
			continue // nothing recording
		}
		o := []history.Observation{obs("sshd", 22, history.SeverityNone)}
		if at.Hour() >= 9 && at.Hour() < 12 {
			o = append(o, obs("python3", 8000, history.SeverityNone))
		}
		if at.Hour() == 13 && at.Day() == now.Day() {
			o = append(o, obs("nc", 4444, history.SeverityAlert))
		}
		if _, err := s.Record(context.Background(), at, o); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// newTestView shows a seeded history in a window, loading at once.
func newTestView(t *testing.T) (*View, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := New(Options{Background: func(f func()) { f() }, Deliver: func(f func()) { f() }, Now: func() time.Time { return now },
		Location: time.UTC})
	w := test.NewWindow(v)
	w.Resize(fyne.NewSize(1000, 560))
	t.Cleanup(w.Close)
	v.SetSource(seeded(t))
	return v, w
}

func summary(es []history.Event) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Time.Format("02 15:04")+" "+e.Kind.String()+" "+e.Key.Process)
	}
	return out
}

func TestViewFilter(t *testing.T) {
	v, _ := newTestView(t)
	all := v.Rows()
	// 1 sshd new, python3 new and gone each day (3 days), nc new and gone.
	if len(all) != 9 || !all[0].Time.After(all[len(all)-1].Time) {
		t.Fatalf("rows, newest first: %q", summary(all))
	}
	test.Type(v.filterEntry, "proc=nc")
	if got := summary(v.Rows()); !slices.Equal(got, []string{"10 14:00 gone nc", "10 13:00 new nc"}) {
		t.Errorf("proc=nc: %q", got)
	}
	v.SetFilter("flagged gone")
	if got := summary(v.Rows()); !slices.Equal(got, []string{"10 14:00 gone nc"}) {
		t.Errorf("flagged gone: %q", got)
	}
	v.SetFilter("port=x")
	if !strings.Contains(v.noticeLine.Text, "port=x") || !v.noticeLine.Visible() || len(v.Rows()) != 1 {
		t.Errorf("a bad filter: notice %q, %d rows", v.noticeLine.Text, len(v.Rows()))
	}
	v.SetFilter("")
	if len(v.Rows()) != 9 || v.noticeLine.Visible() || v.count.Text != "9 events" {
		t.Errorf("filter cleared: %d rows, notice %q, count %q", len(v.Rows()), v.noticeLine.Text, v.count.Text)
	}
}

// A click on a bar of the timeline shows that hour's events only; a
// second click on it, or the hour's clear button, all of them again.
func TestTimelineClickFiltersToHour(t *testing.T) {
	v, _ := newTestView(t)
	tl := v.Timeline()
	bs := tl.Buckets()
	if len(bs) != Hours || !bs[len(bs)-1].Start.Equal(now.Truncate(time.Hour)) {
		t.Fatalf("%d hours ending %v", len(bs), bs[len(bs)-1].Start)
	}
	i := slices.IndexFunc(bs, func(b history.HourBucket) bool { return b.Start.Equal(time.Date(2026, 3, 10, 13, 0, 0, 0, time.UTC)) })
	if bs[i].Alerts != 1 || bs[i].Listeners != 2 || bs[i].Events != 1 {
		t.Fatalf("the hour of nc: %+v", bs[i])
	}
	if got := tl.HourAt(tl.BarX(i)); got != i {
		t.Fatalf("the bar at %v is hour %d, want %d", tl.BarX(i), got, i)
	}
	test.TapAt(tl, fyne.NewPos(tl.BarX(i), 20))
	if !v.Hour().Equal(bs[i].Start) || !v.hourBox.Visible() || !strings.Contains(v.hourLabel.Text, "13:00-14:00") {
		t.Fatalf("hour %v, label %q", v.Hour(), v.hourLabel.Text)
	}
	if got := summary(v.Rows()); !slices.Equal(got, []string{"10 13:00 new nc"}) {
		t.Errorf("the hour's events: %q", got)
	}
	// The filter applies within the hour.
	v.SetFilter("sshd")
	if len(v.Rows()) != 0 {
		t.Errorf("sshd in that hour: %q", summary(v.Rows()))
	}
	v.SetFilter("")
	test.TapAt(tl, fyne.NewPos(tl.BarX(i), 20))
	if !v.Hour().IsZero() || v.hourBox.Visible() || len(v.Rows()) != 9 {
		t.Errorf("tapped again: hour %v, %d rows", v.Hour(), len(v.Rows()))
	}
	test.TapAt(tl, fyne.NewPos(tl.BarX(i-1), 20))
	test.Tap(v.hourClear)
	if !v.Hour().IsZero() || len(v.Rows()) != 9 {
		t.Errorf("cleared: hour %v, %d rows", v.Hour(), len(v.Rows()))
	}
}

// The bars follow the counts: an hour with 2 listeners is twice as tall
// as one with 1, alerts show over them, hours with no poll are unknown.
func TestTimelineBars(t *testing.T) {
	v, _ := newTestView(t)
	tl := v.Timeline()
	r := test.WidgetRenderer(tl).(*timelineRenderer)
	bs := tl.Buckets()
	var one, two, gap int = -1, -1, -1
	for i, b := range bs {
		switch {
		case b.Polls == 0 && i > Hours-72 && gap < 0:
			gap = i
		case b.Listeners == 1 && b.Polls > 0 && one < 0:
			one = i
		case b.Listeners == 2 && b.Alerts == 1:
			two = i
		}
	}
	if one < 0 || two < 0 || gap < 0 {
		t.Fatalf("hours: one %d, two %d, gap %d", one, two, gap)
	}
	h1, h2 := r.bars[one].Size().Height, r.bars[two].Size().Height
	if h1 <= 0 || h2 < 1.9*h1 || h2 > 2.1*h1 {
		t.Errorf("bar heights %v (1 listener), %v (2)", h1, h2)
	}
	if r.alerts[two].Size().Height != h1 || r.alerts[one].Size().Height != 0 {
		t.Errorf("alert bars: %v, %v", r.alerts[two].Size().Height, r.alerts[one].Size().Height)
	}
	if r.unknown[gap].Hidden || !r.unknown[one].Hidden || r.bars[gap].Size().Height != 0 {
		t.Errorf("unknown hour %d: stub hidden %v", gap, r.unknown[gap].Hidden)
	}
	if !strings.Contains(tl.Describe(gap), "nothing was recording") || !strings.Contains(tl.Describe(two), "up to 2 listeners, 1 alerting") {
		t.Errorf("descriptions: %q, %q", tl.Describe(gap), tl.Describe(two))
	}
	if len(r.dayNames) != 7 && len(r.dayNames) != 6 {
		t.Errorf("%d day names", len(r.dayNames))
	}
	// The hour under the pointer is told over the bars, the legend again
	// when the pointer leaves.
	tl.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(tl.BarX(two), 30)}})
	if !strings.Contains(r.caption.Text, "up to 2 listeners, 1 alerting") {
		t.Errorf("caption over hour %d: %q", two, r.caption.Text)
	}
	tl.MouseOut()
	if r.caption.Text != legendText {
		t.Errorf("caption after: %q", r.caption.Text)
	}
	for n, want := range map[int]string{7: "7", 999: "999", 1000: "1.0k", 3456: "3.5k", 10009: "10k", 123456: "123k"} {
		if got := compact(n); got != want {
			t.Errorf("compact(%d) = %q, want %q", n, got, want)
		}
	}
}

// Picking a row reports its port and draws the row chosen.
func TestViewRowReportsPort(t *testing.T) {
	v, _ := newTestView(t)
	var got []uint16
	v.OnSelectPort = func(p uint16) { got = append(got, p) }
	v.SetFilter("8000")
	v.table.Select(widget.TableCellID{Row: 1, Col: 3})
	if !slices.Equal(got, []uint16{8000}) || v.selRow != 1 {
		t.Errorf("ports %v, row %d", got, v.selRow)
	}
}

func TestRetentionChoice(t *testing.T) {
	test.NewTempApp(t)
	var chosen []time.Duration
	v := New(Options{Retention: history.DefaultRetention, OnRetention: func(d time.Duration) { chosen = append(chosen, d) }})
	if v.retention.Selected != "90 days" || len(chosen) != 0 {
		t.Fatalf("selected %q, told %v", v.retention.Selected, chosen)
	}
	v.retention.SetSelected("1 year")
	if !slices.Equal(chosen, []time.Duration{365 * 24 * time.Hour}) {
		t.Errorf("told %v", chosen)
	}
	if New(Options{}).retention != nil {
		t.Error("a retention choice with nobody to tell")
	}
}

// With FilterDelay, edits in quick succession load once, after the pause.
func TestFilterDelay(t *testing.T) {
	test.NewTempApp(t)
	loads := make(chan string, 10)
	pending := make(chan func(), 10) // what the UI goroutine (this one) runs
	v := New(Options{Background: func(f func()) { f() }, Deliver: func(f func()) { pending <- f },
		Now: func() time.Time { return now }, FilterDelay: 50 * time.Millisecond})
	runPending := func() {
		t.Helper()
		select {
		case f := <-pending:
			f()
		case <-time.After(5 * time.Second):
			t.Fatal("nothing delivered")
		}
	}
	v.SetSource(countingSource{seeded(t), loads})
	runPending()
	<-loads
	v.SetFilter("s")
	v.SetFilter("ss")
	v.SetFilter("sshd")
	for range 3 { // one timer each; only the last loads
		runPending()
	}
	select {
	case f := <-loads:
		if f != "sshd" {
			t.Errorf("loaded with %q", f)
		}
	default:
		t.Fatal("no load after the pause")
	}
	runPending() // the load's result
	if len(loads) != 0 || len(v.Rows()) != 1 {
		t.Errorf("%d more loads, %d rows", len(loads), len(v.Rows()))
	}
}

// countingSource says the filter of each Events call.
type countingSource struct {
	*history.Store
	loads chan string
}

func (c countingSource) Events(ctx context.Context, q history.EventQuery) ([]history.Event, error) {
	es, err := c.Store.Events(ctx, q)
	n := 0
	for _, e := range es {
		if e.Key.Process == "sshd" {
			n++
		}
	}
	if n == len(es) && n > 0 {
		c.loads <- "sshd"
	} else {
		c.loads <- fmt.Sprintf("%d rows", len(es))
	}
	return es, err
}

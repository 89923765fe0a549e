package listeners

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/portolan/portolan/model/listen"
)

// The panel after two polls, in the app's light theme: an alert (290:
// "▲ alert" bold in the error colour, the reasons in words beside it), a
// notice (22, in the primary colour), calm rows ("ok"), a new row (8000,
// tinted and saying "new"), a gone row (631, grey, struck through), a
// socket of another user's process (5353), the limited notice, and the
// alert 290 selected with who it is and its reasons explained below.
// Look at testdata/panel.png after changing how rows are drawn.
func TestGoldenPanel(t *testing.T) {
	p, w := newPanel(t, Options{})
	w.Resize(fyne.NewSize(1400, 520))
	cups := lis("tcp", "127.0.0.1", 631, 1200, "cupsd", "root", "ipp")
	f := newFeed()
	r := f.poll(sshd, dns, tacacs, hidden, cups)
	r.Limited = true
	p.Apply(r)
	r = f.poll(sshd, dns, tacacs, hidden, webdev)
	r.Limited = true
	p.Apply(r)
	p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 290), Col: int(colPort)})
	test.AssertImageMatches(t, "panel.png", w.Canvas().Capture())

	if got := ports(p); !equal(got, []uint16{22, 53, 290, 631, 5353, 8000}) {
		t.Errorf("rows %v", got)
	}
	if !p.view[rowIndex(t, p, 8000)].isNew || p.view[rowIndex(t, p, 631)].gone == nil {
		t.Error("the image lacks its new or its gone row")
	}
	if !p.limitedLine.Visible() || p.limitedLine.Text != listen.NoticeLimited {
		t.Error("the image lacks the limited notice")
	}
}

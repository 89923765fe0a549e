package detail

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/internal/uitest"
)

// testSpace is the embedded registry with a fixed ephemeral range, so the
// pane reads the same on every machine.
func testSpace(t testing.TB) *model.Space {
	t.Helper()
	return &model.Space{Reg: uitest.Embedded(t), Ephemeral: model.EphemeralRange{Low: 32768, High: 60999, Source: "test"}}
}

// paneSize is the pane's size in the window for the common case.
var paneSize = fyne.NewSize(400, 600)

type events struct {
	navigated []uint16
	opened    []string
	copied    []string
}

func newPane(t testing.TB) (*Pane, fyne.Window, *events) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme(a.Settings().Theme())) // the pane's type scale
	p := New(testSpace(t))
	p.goos = "linux" // the "how to check" line of the golden images
	ev := &events{}
	p.OnNavigate = func(port uint16) { ev.navigated = append(ev.navigated, port) }
	p.OnOpenURL = func(u *url.URL) { ev.opened = append(ev.opened, u.String()) }
	p.OnCopy = func(s string) { ev.copied = append(ev.copied, s) }
	w := test.NewTempWindow(t, p)
	w.SetPadded(false)
	w.Resize(paneSize)
	return p, w, ev
}

func wantLines(t *testing.T, p *Pane, want ...string) {
	t.Helper()
	text := p.Text()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the pane lacks %q; it shows:\n%s", w, text)
		}
	}
}

func dontWant(t *testing.T, p *Pane, notWant ...string) {
	t.Helper()
	text := p.Text()
	for _, w := range notWant {
		if strings.Contains(text, w) {
			t.Errorf("the pane shows %q:\n%s", w, text)
		}
	}
}

// findLink finds the link whose text is s and the middle of its text on
// the canvas.
func findLink(t *testing.T, p *Pane, s string) (*widget.Hyperlink, fyne.Position) {
	t.Helper()
	var found *widget.Hyperlink
	walk(p, func(o fyne.CanvasObject) {
		if h, ok := o.(*widget.Hyperlink); ok && found == nil && h.Text == s && h.Visible() {
			found = h
		}
	})
	if found == nil {
		t.Fatalf("no link %q in the pane:\n%s", s, p.Text())
	}
	size := fyne.MeasureText(s, found.Theme().Size(theme.SizeNameText), found.TextStyle)
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(found)
	return found, abs.Add(fyne.NewPos(size.Width/2, size.Height/2))
}

// tapLink taps a link where a user would click it.
func tapLink(t *testing.T, w fyne.Window, p *Pane, s string) {
	t.Helper()
	_, pos := findLink(t, p, s)
	test.TapCanvas(w.Canvas(), pos)
}

func TestPort290(t *testing.T) {
	p, w, ev := newPane(t)
	p.ShowSelection(model.PortSelection(290), registry.ProtoNone)
	wantLines(t, p,
		"290\nunassigned System range 0-1023 · outside the ephemeral range",
		"tcp · udp · sctp · dccp unassigned\nUnassigned 288-299",
		"tcp previous 287 k-block next 300 tacacss",
		"udp previous 287 k-block next 308 novastorbakcup",
		"unassigned run 288-299, 12 ports",
		"nearest free port 290 (this one)",
		"LISTENING HERE\nno listener data yet",
		"HOW TO CHECK ON LINUX\nss -ltnup 'sport = :290'",
		"Registry: embedded snapshot, data to 2026-07")
	dontWant(t, p, "Unauthorized", "IANA never assigns")
	if sel, proto, ok := p.Selection(); !ok || sel != model.PortSelection(290) || proto != registry.ProtoNone {
		t.Errorf("selection = %v %v %v", sel, proto, ok)
	}
	test.AssertRendersToImage(t, "port_290.png", w.Canvas())

	// The copy button beside the free port copies it.
	tapIcon(t, w, p, "nearest free port")
	if len(ev.copied) != 1 || ev.copied[0] != "290" {
		t.Errorf("copied %q, want 290", ev.copied)
	}
}

// tapIcon taps the first icon button of the block with a line that starts
// with prefix.
func tapIcon(t *testing.T, w fyne.Window, p *Pane, prefix string) {
	t.Helper()
	for _, rt := range p.blocks {
		starts := false
		for _, line := range strings.Split(blockText(rt), "\n") {
			starts = starts || strings.HasPrefix(line, prefix)
		}
		if !starts {
			continue
		}
		var button *iconButton
		walk(rt, func(o fyne.CanvasObject) {
			if b, ok := o.(*iconButton); ok && button == nil {
				button = b
			}
		})
		if button != nil {
			abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(button)
			test.TapCanvas(w.Canvas(), abs.Add(fyne.NewPos(button.Size().Width/2, button.Size().Height/2)))
			return
		}
	}
	t.Fatalf("no icon on a line starting %q:\n%s", prefix, p.Text())
}

func TestPort22References(t *testing.T) {
	p, w, ev := newPane(t)
	p.ShowSelection(model.PortSelection(22), registry.ProtoNone)
	wantLines(t, p,
		"22 ssh\nassigned System range 0-1023",
		"tcp · udp assigned: ssh\nssh The Secure Shell (SSH) Protocol\nreference RFC 4251\nnotes Defined TXT keys: u=<username> p=<password>",
		"sctp assigned: ssh\nssh SSH\nassignee & contact Randall Stewart\nmodified 2022-02-07\nreference RFC 9260",
		"dccp not listed: no record",
		"tcp · udp previous 21 ftp next 23 telnet",
		"sctp previous 21 ftp next 80 http",
		"nearest free port 26")
	// The common case fits: everything down to the command shows without
	// scrolling.
	for _, rt := range p.blocks {
		if strings.HasPrefix(blockText(rt), "ss -ltnup") {
			// A block's height is its MinSize (blockLayout leaves Size's stale).
			abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(rt)
			if bottom := abs.Y + rt.MinSize().Height; bottom > paneSize.Height {
				t.Errorf("the check command ends at %.0f px, below the %0.f px pane", bottom, paneSize.Height)
			}
		}
	}
	tapLink(t, w, p, "RFC 4251")
	tapLink(t, w, p, "RFC 9260")
	want := []string{"https://www.rfc-editor.org/rfc/rfc4251", "https://www.rfc-editor.org/rfc/rfc9260"}
	if fmt.Sprint(ev.opened) != fmt.Sprint(want) {
		t.Errorf("opened %v, want %v", ev.opened, want)
	}
}

func TestReferenceLinks(t *testing.T) {
	// A section goes to its anchor; a person or text to IANA's page.
	b := registry.NewBuilder("test")
	b.Add(registry.Record{Service: "demo", HasPort: true, Low: 4444, High: 4444, Protocol: registry.TCP, Description: "Demo",
		References: registry.ParseReferences("[RFC8765, Section 6.1][Jon_Postel][3GPP TS 24.379]")})
	p, w, ev := newPane(t)
	p.SetSpace(&model.Space{Reg: b.Build()})
	p.ShowSelection(model.PortSelection(4444), registry.TCP)
	wantLines(t, p, "references RFC 8765, Section 6.1 · Jon_Postel · 3GPP TS 24.379")
	for _, s := range []string{"RFC 8765, Section 6.1", "Jon_Postel", "3GPP TS 24.379"} {
		tapLink(t, w, p, s)
	}
	iana := "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml?search=4444"
	want := []string{"https://www.rfc-editor.org/rfc/rfc8765#section-6.1", iana, iana}
	if fmt.Sprint(ev.opened) != fmt.Sprint(want) {
		t.Errorf("opened %v, want %v", ev.opened, want)
	}
}

func TestPort80(t *testing.T) {
	p, w, _ := newPane(t)
	p.ShowSelection(model.PortSelection(80), registry.ProtoNone)
	wantLines(t, p,
		"80 http\nassigned System range 0-1023 · outside the ephemeral range",
		"tcp · udp assigned: http, also www, www-http\nhttp World Wide Web HTTP\nassignee IESG · contact IETF Chair\nmodified 2021-10-01\nreference RFC 9110\nnotes Defined TXT keys:",
		"www World Wide Web HTTP\nassignee IESG · contact IETF Chair",
		"www-http World Wide Web HTTP\nassignee & contact Tim Berners Lee",
		"sctp assigned: http\nhttp HTTP",
		"tcp · udp previous 79 finger next 82 xfer",
		"sctp previous 22 ssh next 179 bgp",
		"nearest free port 81",
		"ss -ltnup 'sport = :80'")
	// With IANA's full records (three of them, every field) port 80 is
	// taller than the pane: the fit is checked on port 22.
	findLink(t, p, "81")
	test.AssertRendersToImage(t, "port_80.png", w.Canvas())

	// IANA's page-long note is cut short; "more" shows it all.
	dontWant(t, p, "xul-http")
	tapLink(t, w, p, "more")
	wantLines(t, p, `DNS-SD service type "xul-http".`)
	// New listeners redraw their own block: the note stays open.
	p.SetListeners(nil)
	wantLines(t, p, `DNS-SD service type "xul-http".`, "LISTENING HERE\nnobody listens on 80 here")
}

func TestPort853(t *testing.T) {
	p, _, _ := newPane(t)
	p.ShowSelection(model.PortSelection(853), registry.ProtoNone)
	wantLines(t, p,
		"tcp assigned: domain-s\ndomain-s DNS query-response protocol run over TLS",
		"udp assigned: domain-s\ndomain-s DNS query-response protocol run over DTLS or QUIC",
		"sctp · dccp not listed: no record")
	p.ShowSelection(model.PortSelection(853), registry.UDP)
	wantLines(t, p, "853 domain-s\nassigned on udp System range", "DTLS or QUIC", "udp previous 848 gdoi next 854 dlep")
	dontWant(t, p, "run over TLS", "tcp", "sctp")
}

func TestX11Unauthorized(t *testing.T) {
	p, _, _ := newPane(t)
	p.ShowSelection(model.PortSelection(6000), registry.ProtoNone)
	wantLines(t, p, "6000 x11\nassigned User range 1024-49151",
		"tcp · udp assigned: x11\nx11 6000-6063 X Window System\nassignee & contact Stephen Gildea")
	dontWant(t, p, "Unauthorized use reported")
	p.ShowSelection(model.PortSelection(6003), registry.ProtoNone)
	wantLines(t, p, "Unauthorized use reported: Known Unauthorized Use on port 6003",
		"tcp · udp previous 6002 x11 next 6004 x11")
	var warning *widget.RichText
	for _, rt := range p.blocks {
		if strings.Contains(blockText(rt), "Unauthorized use reported") {
			warning = rt
		}
	}
	if warning == nil {
		t.Fatal("no unauthorized use warning")
	}
	var icon *widget.Icon
	walk(warning, func(o fyne.CanvasObject) {
		if i, ok := o.(*widget.Icon); ok {
			icon = i
		}
	})
	words, _ := warning.Segments[1].(*widget.TextSegment)
	if icon == nil || icon.Resource != theme.WarningIcon() || words == nil || words.Style.ColorName != theme.ColorNameWarning {
		t.Errorf("the unauthorized use is not a warning: icon %v, segments %+v", icon, warning.Segments)
	}
	p.ShowSelection(model.PortSelection(6002), registry.ProtoNone)
	dontWant(t, p, "Unauthorized use reported")
}

func TestReservedEnds(t *testing.T) {
	p, _, _ := newPane(t)
	p.ShowSelection(model.PortSelection(0), registry.ProtoNone)
	wantLines(t, p, "0\nreserved System range 0-1023",
		"tcp · udp reserved\nReserved\nmodified 2024-12-20\nreference RFC 6335",
		"tcp · udp previous none next 1 tcpmux",
		"nearest free port 4")
	p.ShowSelection(model.PortSelection(1023), registry.ProtoNone)
	wantLines(t, p, "1023\nreserved System range 0-1023",
		"tcp · udp reserved\nReserved\nmodified 2024-12-20\nreference RFC 6335",
		"tcp · udp previous 1022 exp2 next 1025 blackjack")
}

func TestDynamic50000(t *testing.T) {
	p, _, _ := newPane(t)
	p.ShowSelection(model.PortSelection(50000), registry.ProtoNone)
	wantLines(t, p,
		"50000\nunassigned Dynamic range 49152-65535 · inside this machine's ephemeral range 32768-60999",
		"IANA never assigns ports of the Dynamic range",
		"tcp · udp · sctp · dccp unassigned\nno registry record",
		"tcp previous 49150 inspider next none",
		"unassigned run 49152-65535, 16384 ports",
		"nearest free port 49149")
}

func TestListeners(t *testing.T) {
	p, _, _ := newPane(t)
	p.ShowSelection(model.PortSelection(80), registry.ProtoNone)
	wantLines(t, p, "LISTENING HERE\nno listener data yet")
	p.SetListeners(nil)
	wantLines(t, p, "LISTENING HERE\nnobody listens on 80 here")
	p.SetListeners([]ListenerLine{
		{Port: 80, Protocol: "tcp", Text: "tcp 0.0.0.0:80 nginx (pid 812)"},
		{Port: 80, Protocol: "udp", Text: "udp 0.0.0.0:80 mystery (pid 9)", Who: "/tmp/mystery (deleted) · user eve", Severity: "alert", SeverityWord: "▲ alert",
			Reasons: []string{"executable deleted (alert): The program's file was deleted.", "unknown program on a registered port (alert): Not the registry's service."}},
		{Port: 22, Protocol: "tcp", Text: "tcp 0.0.0.0:22 sshd"},
	})
	wantLines(t, p, "LISTENING HERE\ntcp 0.0.0.0:80 nginx (pid 812)\n▲ alert udp 0.0.0.0:80 mystery (pid 9)\n/tmp/mystery (deleted) · user eve\n"+
		"• executable deleted (alert): The program's file was deleted.\n• unknown program on a registered port (alert): Not the registry's service.")
	dontWant(t, p, "sshd")
	p.ShowSelection(model.PortSelection(80), registry.TCP)
	dontWant(t, p, "mystery")
	p.ShowSelection(model.RangeSelection(1, 100), registry.ProtoNone)
	wantLines(t, p, "sshd", "nginx", "mystery")
}

func TestCopy(t *testing.T) {
	// Port 22 fits the pane, so every icon can be tapped without scrolling.
	p, w, ev := newPane(t)
	p.ShowSelection(model.PortSelection(22), registry.ProtoNone)
	space := testSpace(t)
	for _, f := range export.Formats {
		tapLink(t, w, p, f.Title())
		want, err := export.PortString(space, space.Answer(22, registry.ProtoNone), f)
		if err != nil {
			t.Fatal(err)
		}
		if got := ev.copied[len(ev.copied)-1]; got != want {
			t.Errorf("%s copy:\n%s\nwant:\n%s", f, got, want)
		}
	}
	wantLines(t, p, "Copy as text · Markdown · JSON copied JSON")
	tapIcon(t, w, p, "ss -ltnup")
	if got := ev.copied[len(ev.copied)-1]; got != "ss -ltnup 'sport = :22'" {
		t.Errorf("command copy = %q", got)
	}
	// Without OnCopy the app's clipboard gets it.
	p.OnCopy = nil
	tapIcon(t, w, p, "nearest free port")
	if got := fyne.CurrentApp().Clipboard().Content(); got != "26" {
		t.Errorf("clipboard = %q, want 26", got)
	}
}

func TestNeighbourLinkAndHistory(t *testing.T) {
	p, w, _ := newPane(t)
	var h model.History
	show := func(s model.Selection) {
		h.Visit(s)
		if s.IsRange() {
			p.ShowSelection(model.RangeSelection(s.From, s.To), registry.ProtoNone)
		} else {
			p.ShowSelection(model.PortSelection(s.From), registry.ProtoNone)
		}
	}
	var navigated []uint16
	p.OnNavigate = func(port uint16) {
		navigated = append(navigated, port)
		show(model.PortSelection(port))
	}
	p.OnSelectRange = func(lo, hi uint16) { show(model.RangeSelection(lo, hi)) }
	show(model.PortSelection(290))
	tapLink(t, w, p, "300 tacacss")
	if fmt.Sprint(navigated) != "[300]" {
		t.Fatalf("OnNavigate got %v, want [300]", navigated)
	}
	wantLines(t, p, "300 tacacss\nassigned System range")
	back, ok := h.Back()
	if !ok || back != model.PortSelection(290) {
		t.Fatalf("back = %v %v, want 290", back, ok)
	}
	show(back)
	wantLines(t, p, "290\nunassigned")
	if !h.CanForward() {
		t.Error("showing the page Back returned dropped the forward entry")
	}
	// The unassigned run selects the range.
	tapLink(t, w, p, "288-299, 12 ports")
	if sel, _, _ := p.Selection(); sel != model.RangeSelection(288, 299) {
		t.Errorf("the run selected %v", sel)
	}
	wantLines(t, p, "288-299 12 ports")
}

func TestRangeFromSearch(t *testing.T) {
	p, w, _ := newPane(t)
	space := testSpace(t)
	hits := space.Reg.Search("288-307", 0)
	if len(hits) == 0 || hits[0].Port != 288 || hits[0].To != 307 {
		t.Fatalf("search 288-307 = %+v", hits)
	}
	p.ShowSelection(model.RangeSelection(hits[0].Port, hits[0].To), registry.ProtoNone)
	counts := map[registry.Status]int{}
	for port := 288; port <= 307; port++ {
		counts[space.Reg.Status(uint16(port), registry.ProtoNone)]++
	}
	var want []string
	for _, st := range model.StatusOrder {
		if counts[st] > 0 {
			want = append(want, fmt.Sprintf("%s %d", st, counts[st]))
		}
	}
	wantLines(t, p, "288-307 20 ports\nSystem range · outside the ephemeral range",
		"PORTS BY STATUS\n"+strings.Join(want, " "),
		"ASSIGNED SERVICES (1)",
		"HOW TO CHECK ON LINUX\nss -ltnup 'sport >= :288 and sport <= :307'")
	// The summary's counts are the registry's.
	for _, st := range model.StatusOrder {
		if p.rangeAnswer.Counts[st] != counts[st] {
			t.Errorf("%v: pane %d, registry %d", st, p.rangeAnswer.Counts[st], counts[st])
		}
	}
	test.AssertRendersToImage(t, "range_288-307.png", w.Canvas())
	// The list of services links to each one.
	row := serviceRow(t, p, 0)
	if got := blockText(row); got != "300 tacacss tcp TLS Secure Login Host Protocol (TACACSS)" {
		t.Errorf("first service row = %q", got)
	}
	var navigated []uint16
	p.OnNavigate = func(port uint16) { navigated = append(navigated, port) }
	test.TapCanvas(w.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(row).AddXY(30, row.Size().Height/2))
	if fmt.Sprint(navigated) != "[300]" {
		t.Errorf("tapping 300 in the list navigated to %v", navigated)
	}
}

// serviceRow is row i of a range's service list, as drawn.
func serviceRow(t *testing.T, p *Pane, i int) *widget.RichText {
	t.Helper()
	var rows []*widget.RichText
	walk(p, func(o fyne.CanvasObject) {
		if rt, ok := o.(*widget.RichText); ok && rt.Truncation == fyne.TextTruncateClip && rt.Visible() {
			rows = append(rows, rt)
		}
	})
	if i >= len(rows) {
		t.Fatalf("no service row %d", i)
	}
	return rows[i]
}

// walk visits the objects drawn under o, without laying anything out
// (test.LaidOutObjects resizes them to their minimum size).
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	visit(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, k := range c.Objects {
			walk(k, visit)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(c).Objects() {
			walk(k, visit)
		}
	}
}

func TestRangeWarningsAndDynamic(t *testing.T) {
	p, _, _ := newPane(t)
	p.ShowSelection(model.RangeSelection(5990, 6010), registry.ProtoNone)
	wantLines(t, p, "Unauthorized use reported on 6003", "ASSIGNED SERVICES")
	p.ShowSelection(model.RangeSelection(49000, 50000), registry.UDP)
	wantLines(t, p, "udp · User and Dynamic ranges · all inside this machine's ephemeral range 32768-60999",
		"IANA never assigns ports of the Dynamic range")
}

func TestEmptyAndSpace(t *testing.T) {
	p, _, _ := newPane(t)
	if !strings.Contains(p.Text(), "Select a port") {
		t.Errorf("an empty pane shows %q", p.Text())
	}
	p.ShowSelection(model.PortSelection(22), registry.ProtoNone)
	b := registry.NewBuilder("mine")
	b.Add(registry.Record{Service: "mine", HasPort: true, Low: 22, High: 22, Protocol: registry.TCP, Description: "Mine"})
	p.SetSpace(&model.Space{Reg: b.Build()})
	wantLines(t, p, "22 mine", "Registry: mine")
}

func TestCheckCommand(t *testing.T) {
	cases := []struct {
		goos   string
		lo, hi uint16
		want   string
		system string
	}{
		{"linux", 80, 80, "ss -ltnup 'sport = :80'", "Linux"},
		{"darwin", 80, 80, "lsof -nP -i :80", "macOS"},
		{"windows", 80, 80, "netstat -ano | findstr :80", "Windows"},
		{"linux", 288, 307, "ss -ltnup 'sport >= :288 and sport <= :307'", "Linux"},
		{"darwin", 288, 307, "lsof -nP -i :288-307", "macOS"},
		{"windows", 288, 307, "Get-NetTCPConnection -State Listen | Where-Object { $_.LocalPort -ge 288 -and $_.LocalPort -le 307 }", "Windows PowerShell"},
		{"freebsd", 22, 22, "sockstat -l -p 22", "FreeBSD"},
	}
	for _, c := range cases {
		cmd, system := checkCommand(c.goos, c.lo, c.hi)
		if cmd != c.want || system != c.system {
			t.Errorf("%s %d-%d: %q on %q, want %q on %q", c.goos, c.lo, c.hi, cmd, system, c.want, c.system)
		}
	}
}

func TestStatusColor(t *testing.T) {
	seen := map[string]registry.Status{}
	for st := registry.Unassigned; st <= registry.Assigned; st++ {
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			c := fmt.Sprint(statusColorFor(st, v))
			if other, dup := seen[c]; dup {
				t.Errorf("%v and %v share the colour %s", st, other, c)
			}
			seen[c] = st
		}
		// Light colours are dark enough for a white page and the other way round.
		if luminance(statusColorFor(st, theme.VariantLight)) >= luminance(statusColorFor(st, theme.VariantDark)) {
			t.Errorf("%v: the light variant is not darker than the dark one", st)
		}
	}
}

func TestLinkHover(t *testing.T) {
	p, _, _ := newPane(t)
	p.ShowSelection(model.PortSelection(290), registry.ProtoNone)
	h, pos := findLink(t, p, "300 tacacss")
	local := pos.Subtract(fyne.CurrentApp().Driver().AbsolutePositionForObject(h))
	if h.Cursor() != desktop.DefaultCursor {
		t.Error("pointer cursor before hovering")
	}
	h.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: local}})
	if h.Cursor() != desktop.PointerCursor {
		t.Errorf("hovering a link: cursor %v", h.Cursor())
	}
	h.MouseOut()
	if h.Cursor() != desktop.DefaultCursor {
		t.Errorf("after leaving: cursor %v", h.Cursor())
	}
}

func TestBlocksWrap(t *testing.T) {
	p, w, _ := newPane(t)
	p.ShowSelection(model.PortSelection(80), registry.ProtoNone)
	wide := p.page.MinSize().Height
	text := p.Text()
	w.Resize(fyne.NewSize(220, paneSize.Height))
	if narrow := p.page.MinSize().Height; narrow <= wide {
		t.Errorf("a narrower pane is not taller: %v at %v, %v at 220", wide, paneSize.Width, narrow)
	}
	if p.Text() != text {
		t.Errorf("wrapping changed the text:\n%s\nwas:\n%s", p.Text(), text)
	}
	// Text wraps within the pane (a link is kept whole: RichText never
	// breaks one, nor moves it to the next line).
	right := fyne.CurrentApp().Driver().AbsolutePositionForObject(p).X + 220
	for _, rt := range p.blocks {
		for _, o := range test.WidgetRenderer(rt).Objects() {
			if txt, ok := o.(*canvas.Text); ok && txt.Visible() && txt.Text != "" {
				if end := fyne.CurrentApp().Driver().AbsolutePositionForObject(txt).X + txt.MinSize().Width; end > right+0.5 {
					t.Errorf("%q overflows: ends at %v of %v", txt.Text, end, right)
				}
			}
		}
	}
}

// measurePanes calls show with 0, 1, 2... until b.Loop ends and reports
// the wall time and the CPU time per pane (the steadier figure when
// other processes share the cores). The first call, which makes the
// pane's widgets and meets its text for the first time, is timed apart.
func measurePanes(b *testing.B, show func(i int)) {
	start := time.Now()
	show(0)
	first := time.Since(start)
	cpu := processCPU()
	for i := 1; b.Loop(); i++ {
		show(i)
	}
	b.ReportMetric(float64(first.Microseconds())/1000, "first-ms")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/pane")
	if cpu > 0 {
		b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/pane")
	}
}

// BenchmarkShowPortMostRecords builds the pane for the embedded registry's
// port with the most records, laid out in a window. Target < 5 ms.
func BenchmarkShowPortMostRecords(b *testing.B) {
	p, _, _ := newPane(b)
	reg := testSpace(b).Reg
	best, most := uint16(0), 0
	for port := 0; port < registry.NumPorts; port++ {
		if n := reg.Lookup(uint16(port)).Len(); n > most {
			best, most = uint16(port), n
		}
	}
	measurePanes(b, func(int) { p.ShowSelection(model.PortSelection(best), registry.ProtoNone) })
	b.ReportMetric(float64(most), "records")
	b.ReportMetric(float64(best), "port")
}

// BenchmarkShowPortMostRecordsIANA is the same over IANA's own file (its
// busiest port has more records than the snapshot's); skipped without it.
func BenchmarkShowPortMostRecordsIANA(b *testing.B) {
	reg := uitest.IANA(b)
	p, _, _ := newPane(b)
	p.SetSpace(&model.Space{Reg: reg, Ephemeral: testSpace(b).Ephemeral})
	best, most := uint16(0), 0
	for port := 0; port < registry.NumPorts; port++ {
		if n := reg.Lookup(uint16(port)).Len(); n > most {
			best, most = uint16(port), n
		}
	}
	measurePanes(b, func(int) { p.ShowSelection(model.PortSelection(best), registry.ProtoNone) })
	b.ReportMetric(float64(most), "records")
	b.ReportMetric(float64(best), "port")
}

// BenchmarkShowPortTenRecords builds a pane for a port with ten full
// records (every field, three references, long notes) over four protocols.
func BenchmarkShowPortTenRecords(b *testing.B) {
	bld := registry.NewBuilder("bench")
	for i := 0; i < 10; i++ {
		bld.Add(registry.Record{Service: fmt.Sprintf("svc-%d", i), HasPort: true, Low: 4444, High: 4444,
			Protocol: registry.Transports[i%4], Description: fmt.Sprintf("Service number %d for the benchmark", i),
			Assignee: "[Jon_Postel]", Contact: fmt.Sprintf("[Person_%d]", i), Registered: "2009-08-03", Modified: "2021-02-15",
			References:  registry.ParseReferences(fmt.Sprintf("[RFC%d][RFC8765, Section 6.1][draft-x-%d]", 4000+i, i)),
			ServiceCode: "SC-1", Notes: strings.Repeat(fmt.Sprintf("note %d words to wrap ", i), 12)})
	}
	p, _, _ := newPane(b)
	p.SetSpace(&model.Space{Reg: bld.Build(), Ephemeral: testSpace(b).Ephemeral})
	measurePanes(b, func(int) { p.ShowSelection(model.PortSelection(4444), registry.ProtoNone) })
}

// BenchmarkShowPortScattered shows a different port each time, as when
// clicking about the map: most of the text is new to the text cache.
func BenchmarkShowPortScattered(b *testing.B) {
	p, _, _ := newPane(b)
	measurePanes(b, func(i int) {
		p.ShowSelection(model.PortSelection(uint16(i*7919%registry.NumPorts)), registry.ProtoNone)
	})
}

// BenchmarkShowRangeAll summarises the whole port space.
func BenchmarkShowRangeAll(b *testing.B) {
	p, _, _ := newPane(b)
	measurePanes(b, func(int) { p.ShowSelection(model.RangeSelection(0, 65535), registry.ProtoNone) })
}

// BenchmarkShowRangeAllNew summarises the whole port space on all
// protocols and on tcp in turn, so that each page computes its summary
// (the pane keeps only the last one).
func BenchmarkShowRangeAllNew(b *testing.B) {
	p, _, _ := newPane(b)
	protos := []registry.Protocol{registry.ProtoNone, registry.TCP}
	measurePanes(b, func(i int) { p.ShowSelection(model.RangeSelection(0, 65535), protos[i%2]) })
}

// textTheme is a theme with another text size.
type textTheme struct {
	fyne.Theme
	text float32
}

func (t textTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return t.text
	}
	return t.Theme.Size(n)
}

// drawnSize is the size the text s is drawn at in the pane (0: not drawn).
func drawnSize(p fyne.CanvasObject, s string) float32 {
	size := float32(0)
	walk(p, func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok && t.Text == s && t.Visible() {
			size = t.TextSize
		}
	})
	return size
}

func TestThemeSizes(t *testing.T) {
	p, _, _ := newPane(t)
	p.ShowSelection(model.PortSelection(80), registry.ProtoNone)
	sizes := func(title, body, small, link float32) {
		t.Helper()
		got := []float32{drawnSize(p, "80"), drawnSize(p, "no listener data yet"), drawnSize(p, "LISTENING HERE")}
		if want := []float32{title, body, small}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("title, body and label drawn at %v, want %v", got, want)
		}
		// A link is measured and drawn at the body size.
		hl, _ := findLink(t, p, "81")
		if s := drawnSize(hl, "81"); s != link {
			t.Errorf("link drawn at %v, want %v", s, link)
		}
	}
	// The test theme's text is 14: the pane's scale is 20, 13 and 12.
	sizes(20, 13, 12, 13)

	// A theme change reaches the page, which is built again.
	fyne.CurrentApp().Settings().SetTheme(Theme(textTheme{test.Theme(), 20}))
	sizes(29, 19, 18, 19)

	// Under a theme that does not answer the pane's names, the standard
	// sizes stand in (none is 0, which would hide the text).
	fyne.CurrentApp().Settings().SetTheme(test.Theme())
	th := test.Theme()
	sizes(th.Size(theme.SizeNameHeadingText), th.Size(theme.SizeNameText), th.Size(theme.SizeNameCaptionText), th.Size(theme.SizeNameText))
}

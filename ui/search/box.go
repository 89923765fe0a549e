// Package search is the toolbar's search box: type a port, a range
// ("288-307"), a service name ("ssh") or words of a description ("secure
// shell") and pick from the registry's ranked hits.
package search

import (
	"runtime"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/registry"
)

// DefaultLimit is how many hits the drop-down lists.
const DefaultLimit = 50

// Box is an entry with a drop-down list of the registry's hits for what is
// typed. Each keystroke hands the query to a background goroutine (most
// searches take microseconds, but a range as wide as "0-65535" or a single
// letter takes a few milliseconds over IANA's registry): typing never
// waits for a search, and a search overtaken by the next keystroke is
// never shown. Nothing is debounced.
//
// Keys: Up and Down move through the hits, Enter chooses the highlighted
// one (the first by default), Escape clears the box. Every callback runs on
// the UI goroutine. The box uses the entry's OnChanged itself: set the On*
// fields of Box instead.
type Box struct {
	widget.Entry

	// OnHits receives every hit of the query, best first, whenever the
	// query changes: the map marks them. It gets nil when the box is
	// cleared and an empty list when nothing is found.
	OnHits func(hits []registry.Hit)
	// OnChosen is called with the hit chosen by Enter or a click. A hit
	// with To > Port is a range: the range a range query asked for (Score
	// registry.ScoreRange), or a service registered on a range (x11
	// 6000-6063).
	OnChosen func(hit registry.Hit)
	// OnCleared is called when the query is emptied (Escape, or deleting
	// the text): the search is no longer active.
	OnCleared func()
	// OnEscape is called after Escape cleared the box: the user is done
	// with it (the window gives the keyboard back to the map).
	OnEscape func()
	// Limit is how many hits the drop-down lists (DefaultLimit when 0);
	// OnHits always gets them all.
	Limit int

	reg    *registry.Registry
	query  string
	hits   []registry.Hit
	cursor int // the highlighted hit

	// gen counts queries; shown is the query the hits belong to.
	gen, shown uint64
	// deliver brings a finished search back to the UI goroutine.
	deliver func(func())
	work    worker

	drop  *dropDown
	popup *widget.PopUp
}

// New makes a search box over reg.
func New(reg *registry.Registry) *Box {
	b := &Box{reg: reg, deliver: fyne.Do}
	b.ExtendBaseWidget(b)
	b.PlaceHolder = "Port, range, service or words"
	b.Wrapping = fyne.TextWrapOff
	b.OnChanged = b.search
	b.drop = newDropDown(b)
	return b
}

// SetRegistry searches another registry, running the current query again.
func (b *Box) SetRegistry(reg *registry.Registry) {
	b.reg = reg
	if b.query != "" {
		b.search(b.Text)
	}
}

// SetDeliver sets how a finished background search reaches the UI
// goroutine: fyne.Do unless a test runs the results itself.
func (b *Box) SetDeliver(deliver func(func())) {
	if deliver != nil {
		b.deliver = deliver
	}
}

// Hits are the hits of the current query (nil when the box is empty).
func (b *Box) Hits() []registry.Hit { return b.hits }

// Clear empties the box and ends the search.
func (b *Box) Clear() {
	b.hideDropDown()
	if b.Text == "" {
		return
	}
	b.SetText("") // runs search(""), which reports the clearing
}

// FocusShortcut is Ctrl+F (Cmd+F on macOS), for the window to give to
// Focus: window.Canvas().AddShortcut(search.FocusShortcut(), func(fyne.Shortcut) { box.Focus() }).
func FocusShortcut() fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
}

// Focus puts the keyboard in the box and selects its text, so typing
// replaces the last query.
func (b *Box) Focus() {
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil {
		return
	}
	c.Focus(b)
	b.Entry.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// search starts the query; its hits arrive in apply.
func (b *Box) search(text string) {
	b.gen++
	b.query = text
	b.cursor = 0
	if text == "" {
		b.hits, b.shown = nil, b.gen
		b.hideDropDown()
		if b.OnHits != nil {
			b.OnHits(nil)
		}
		if b.OnCleared != nil {
			b.OnCleared()
		}
		return
	}
	if b.reg == nil {
		return
	}
	b.work.submit(request{gen: b.gen, reg: b.reg, query: text}, func(r request) {
		hits := r.reg.Search(r.query, 0)
		b.deliver(func() { b.apply(r.gen, hits, true) })
	})
}

// apply shows the hits of query gen, unless a newer query overtook it.
func (b *Box) apply(gen uint64, hits []registry.Hit, show bool) {
	if gen != b.gen {
		return
	}
	if hits == nil {
		hits = []registry.Hit{}
	}
	b.hits, b.shown = hits, gen
	if b.OnHits != nil {
		b.OnHits(hits)
	}
	if show {
		b.showDropDown()
	}
}

// current makes sure the hits are those of the text in the box, searching
// now if the background search has not answered yet (Enter typed fast).
func (b *Box) current() {
	if b.shown != b.gen && b.query != "" && b.reg != nil {
		b.apply(b.gen, b.reg.Search(b.query, 0), false)
	}
}

func (b *Box) limit() int {
	if b.Limit > 0 {
		return b.Limit
	}
	return DefaultLimit
}

// listed is how many hits the drop-down shows.
func (b *Box) listed() int { return min(len(b.hits), b.limit()) }

// choose reports hit i as chosen and closes the drop-down; the query stays
// (and the map keeps its marks) until Escape.
func (b *Box) choose(i int) {
	if i < 0 || i >= len(b.hits) {
		return
	}
	b.cursor = i
	b.hideDropDown()
	if b.OnChosen != nil {
		b.OnChosen(b.hits[i])
	}
}

func (b *Box) move(delta int) {
	b.current()
	n := b.listed()
	if n == 0 {
		return
	}
	if !b.dropDownShown() {
		b.showDropDown()
		return
	}
	b.cursor = max(0, min(n-1, b.cursor+delta))
	b.drop.highlight(b.cursor)
}

// TypedKey handles the keys of the drop-down and passes the others to the
// entry.
func (b *Box) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		b.Clear()
		if b.OnEscape != nil {
			b.OnEscape()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		b.current()
		b.choose(b.cursor)
	case fyne.KeyDown:
		b.move(1)
	case fyne.KeyUp:
		b.move(-1)
	case fyne.KeyPageDown:
		b.move(10)
	case fyne.KeyPageUp:
		b.move(-10)
	default:
		b.Entry.TypedKey(k)
	}
}

// TypedShortcut keeps the entry's own shortcuts (copy, paste, word moves)
// and gives the window's (Alt+Left for back, ...) to the window, which an
// entry would otherwise swallow while it has the keyboard.
func (b *Box) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok {
		if cs.KeyName == fyne.KeyF && cs.Modifier == fyne.KeyModifierShortcutDefault {
			b.Entry.TypedShortcut(&fyne.ShortcutSelectAll{})
			return
		}
		if !entryShortcut(cs) {
			if c, ok := fyne.CurrentApp().Driver().CanvasForObject(b).(interface{ TypedShortcut(fyne.Shortcut) }); ok {
				c.TypedShortcut(s)
				return
			}
		}
	}
	b.Entry.TypedShortcut(s)
}

// entryShortcut reports whether widget.Entry handles the shortcut itself
// (its word moves and deletes, and Cmd+Left/Right on macOS).
func entryShortcut(s *desktop.CustomShortcut) bool {
	word := fyne.KeyModifierShortcutDefault
	if runtime.GOOS == "darwin" {
		word = fyne.KeyModifierAlt
		if s.Modifier == fyne.KeyModifierSuper && (s.KeyName == fyne.KeyLeft || s.KeyName == fyne.KeyRight) {
			return true
		}
	}
	switch s.KeyName {
	case fyne.KeyLeft, fyne.KeyRight:
		return s.Modifier&^fyne.KeyModifierShift == word
	case fyne.KeyBackspace, fyne.KeyDelete:
		return s.Modifier == word
	}
	return false
}

// showDropDown shows (or updates) the list under the box.
func (b *Box) showDropDown() {
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil {
		return
	}
	b.drop.update()
	if b.popup == nil || b.popup.Canvas != c {
		b.popup = widget.NewPopUp(b.drop, c)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b)
	pos.Y += b.Size().Height
	size := b.drop.MinSize().Max(fyne.NewSize(b.Size().Width, 0))
	size.Width = max(size.Width, 560)
	if cs := c.Size(); pos.X+size.Width > cs.Width {
		pos.X = max(0, cs.Width-size.Width)
	}
	b.popup.ShowAtPosition(pos)
	b.popup.Resize(size)
	// While the pop-up is shown the canvas sends keys to it: the drop-down
	// takes them and gives them back to the box.
	c.Focus(b.drop)
}

func (b *Box) hideDropDown() {
	if b.popup != nil && b.popup.Visible() {
		b.popup.Hide()
	}
}

func (b *Box) dropDownShown() bool { return b.popup != nil && b.popup.Visible() }

// portsText is "22" or "288-307".
func portsText(h registry.Hit) string {
	if h.To > h.Port {
		return strconv.Itoa(int(h.Port)) + "-" + strconv.Itoa(int(h.To))
	}
	return strconv.Itoa(int(h.Port))
}

// request is one query for the background search.
type request struct {
	gen   uint64
	reg   *registry.Registry
	query string
}

// worker runs one search at a time off the UI goroutine. A query that
// arrives while one runs waits in next, replacing any query waiting
// there: only the newest matters. The goroutine ends when nothing waits.
type worker struct {
	mu      sync.Mutex
	next    *job
	running bool
}

type job struct {
	req request
	run func(request)
}

func (w *worker) submit(r request, run func(request)) {
	w.mu.Lock()
	w.next = &job{req: r, run: run}
	if w.running {
		w.mu.Unlock()
		return
	}
	w.running = true
	w.mu.Unlock()
	go func() {
		for {
			w.mu.Lock()
			j := w.next
			w.next = nil
			if j == nil {
				w.running = false
				w.mu.Unlock()
				return
			}
			w.mu.Unlock()
			j.run(j.req)
		}
	}()
}

package registryui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/registry"
)

// overlayLines says what the other port lists on this system call port on
// proto, where they differ from reg (model.Overlays.Differing), one line a
// list and name:
//
//	/etc/services: http (also www)
//	nmap: http-alt
//
// With ProtoNone the protocols are named, and a name several protocols
// share is one line: "/etc/services: webcache on tcp and udp". Nil when
// every list agrees with reg, or there are no lists.
func overlayLines(o *model.Overlays, reg *registry.Registry, port uint16, proto registry.Protocol) []string {
	type line struct {
		source, name string
		aliases      []string
		protos       []string
	}
	var lines []*line
	for _, n := range o.Differing(reg, port, proto) {
		i := slices.IndexFunc(lines, func(l *line) bool {
			return l.source == n.Source && l.name == n.Name && slices.Equal(l.aliases, n.Aliases)
		})
		if i < 0 {
			lines = append(lines, &line{source: n.Source, name: n.Name, aliases: n.Aliases})
			i = len(lines) - 1
		}
		if n.Protocol != "" && !slices.Contains(lines[i].protos, n.Protocol) {
			lines[i].protos = append(lines[i].protos, n.Protocol)
		}
	}
	var out []string
	for _, l := range lines {
		s := l.source + ": " + l.name
		if proto == registry.ProtoNone && len(l.protos) > 0 {
			s += " on " + andList(l.protos)
		}
		if len(l.aliases) > 0 {
			s += " (also " + strings.Join(l.aliases, ", ") + ")"
		}
		out = append(out, s)
	}
	return out
}

// andList is "tcp", "tcp and udp", "tcp, udp and sctp".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// SourcesView is a small block for the detail pane: "Other lists" and the
// overlayLines of a port, hidden when there are none.
type SourcesView struct {
	widget.BaseWidget

	heading *widget.Label
	lines   *widget.Label
	content fyne.CanvasObject
}

// NewSourcesView makes an empty, hidden view; call ShowSelection.
func NewSourcesView() *SourcesView {
	v := &SourcesView{
		heading: widget.NewLabelWithStyle("Other lists on this system", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		lines:   widget.NewLabel(""),
	}
	v.lines.Wrapping = fyne.TextWrapWord
	v.content = newMinWidth(0, v.heading, v.lines)
	v.ExtendBaseWidget(v)
	v.Hidden = true
	return v
}

// CreateRenderer is part of fyne.Widget.
func (v *SourcesView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(v.content)
}

// ShowSelection shows what the lists say of a selected port on proto, and
// hides the view when they say nothing the registry does not, or a range
// is selected (the lists are read port by port).
func (v *SourcesView) ShowSelection(o *model.Overlays, reg *registry.Registry, sel model.Selection, proto registry.Protocol) {
	var lines []string
	if !sel.IsRange() {
		lines = overlayLines(o, reg, sel.From, proto)
	}
	v.lines.SetText(strings.Join(lines, "\n"))
	if len(lines) == 0 {
		v.Hide()
	} else {
		v.Show()
	}
}

// Text is the lines shown, one a line ("" when hidden).
func (v *SourcesView) Text() string {
	if v.Hidden {
		return ""
	}
	return v.lines.Text
}

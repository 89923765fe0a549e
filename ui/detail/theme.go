package detail

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The pane's type scale: three theme size names of its own, relative to
// the theme's text size. The pane's text segments and links name them,
// so that the app's theme sizes them and no container.ThemeOverride is
// needed: that container walks everything under it on each Refresh and
// empties Fyne's text-measure cache once per widget, so that every
// string was shaped again (60 % of a page's time).
//
// The app's theme answers these names: Theme wraps any theme so, and an
// app theme of its own may call Size. Under a theme that does not
// answer them (Size 0), the pane falls back to the nearest standard
// sizes (standardSize).
const (
	SizeNameBody  fyne.ThemeSizeName = "portolan.detail.body"  // text - 1
	SizeNameSmall fyne.ThemeSizeName = "portolan.detail.small" // text - 2: labels, headings, footers
	SizeNameTitle fyne.ThemeSizeName = "portolan.detail.title" // text * 1.45: the port number
)

// Size is the size of one of the pane's size names in a theme whose text
// size is text; ok is false for any other name.
func Size(name fyne.ThemeSizeName, text float32) (size float32, ok bool) {
	switch name {
	case SizeNameBody:
		return text - 1, true
	case SizeNameSmall:
		return text - 2, true
	case SizeNameTitle:
		return float32(int(text*1.45 + 0.5)), true
	}
	return 0, false
}

// Theme is th answering the pane's size names as well.
func Theme(th fyne.Theme) fyne.Theme {
	if _, ok := th.(sizedTheme); ok {
		return th
	}
	return sizedTheme{th}
}

type sizedTheme struct{ fyne.Theme }

func (t sizedTheme) Size(n fyne.ThemeSizeName) float32 {
	if s, ok := Size(n, t.Theme.Size(theme.SizeNameText)); ok {
		return s
	}
	return t.Theme.Size(n)
}

// standardSize is the standard name that stands in for one of the pane's
// under a theme that does not answer it.
func standardSize(n fyne.ThemeSizeName) fyne.ThemeSizeName {
	switch n {
	case SizeNameBody:
		return theme.SizeNameText
	case SizeNameSmall:
		return theme.SizeNameCaptionText
	case SizeNameTitle:
		return theme.SizeNameHeadingText
	}
	return n
}

// sizeNames says whether the app's theme answers the pane's size names.
func sizeNames() bool { return theme.Current().Size(SizeNameBody) > 0 }

// sizeOf is the size of n in the app's theme now, n being one of the
// pane's names or a standard one.
func sizeOf(n fyne.ThemeSizeName) float32 {
	th := theme.Current()
	if s := th.Size(n); s > 0 {
		return s
	}
	return th.Size(standardSize(n))
}

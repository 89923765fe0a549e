// Package export writes answers out of Portolan: a port's or a range's
// answer as text (`portolan port N`), Markdown or JSON, and listener
// listings as CSV or JSON. The command line and the window's copy and
// export actions share these writers, so both say the same.
//
// It imports model, model/listen and registry; it must not import Fyne,
// ui, cmd, model/judge or model/update.
package export

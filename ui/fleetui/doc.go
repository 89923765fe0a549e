// Package fleetui is the window's side of a fleet: the osquery results of
// many hosts (model/fleet). Loader opens results off the Fyne goroutine
// with a dialog that shows how far it got and can cancel; Panel shows
// what was loaded: a summary, a host filter, the Rare list (ports open on
// at most N hosts) and, for the selected port, the hosts listening with
// their process, user, address and verdict.
//
// Like the window's other views, the panel reports what the user asked
// for (OnSelectPort, OnFilter, OnClose) and is told the result (SetFleet,
// ShowSelection); it never selects anything itself. The map's
// fleet shading is ui/portmap's (ShadeByHosts, HostsLegend).
//
// It imports model/fleet, registry, ui/internal and Fyne; never ui (the
// window) or cmd.
package fleetui

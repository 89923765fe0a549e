// Package fleet reads what osquery reports about listening sockets on many
// hosts and answers the fleet-wide questions: which ports are open on how
// many hosts, who listens on a given port, and which ports are open on only
// a few hosts (the rare ones, worth a look).
//
// It reads osquery's own output shapes, told apart by their content:
// `osqueryi --json` arrays (one file per host), `fleetctl query --json` lines,
// and osqueryd result logs (differential events, batches and snapshots). It
// does not run osquery and has no agent of its own; Pack writes the query
// pack that makes osquery collect what Portolan needs.
//
// Use: Load (or Read) in a goroutine with Options{Registry, Judge,
// Progress}, cancelled through its context; then Fleet.View(hostFilter)
// answers what the map shades (View.Counts: hosts and alerts per port and
// protocol, and the maximum for the legend), what the pane lists for a port
// (View.Port), the Rare list (View.Rare) and the summary (View.Summary).
// Fleet.Problems says what was wrong with the input.
//
// It imports only registry/ (service names) and the standard library: the
// verdicts come in through Options.Judge, so the package stays free of the
// verdict engine, the UI and the OS readers.
package fleet

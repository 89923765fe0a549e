// Package listen owns the sockets listening on this machine: the Listener
// type, the SocketSource seam and every OS reader behind it (Linux netlink
// sock_diag, /proc/net, the /proc fd walk; gopsutil elsewhere), the Poller
// and the diffs between polls, the filter language of the panel and of
// `portolan listeners FILTER`, and the Process handle through which a
// listener's process is ended (PID and start time, checked before each
// signal).
//
// The reasons a listener is flagged are codes (Reason) defined here, so that
// a Listener can carry them; deciding them is model/judge's work, which
// imports this package. The Poller takes any Judge, and the program hands
// it judge.Verdicts.
//
// It imports only the standard library and gopsutil: not model, model/judge,
// registry, Fyne, ui or cmd.
package listen

// Package listen owns the sockets listening on this machine: the Listener
// type, the SocketSource seam and every OS reader behind it (Linux netlink
// sock_diag, /proc/net, the /proc fd walk; gopsutil elsewhere), the Poller
// and the diffs between polls, the filter language of the panel and of
// `portolan listeners FILTER`, and the Process handle through which a
// listener's process is ended (PID and start time, checked before each
// signal).
//
// A Listener carries its verdict, so the vocabulary of verdicts lives
// here: Severity (alert, notice, none) and the Reasons, each a stable
// phrase with a sentence (reason.go). Deciding them is model/judge's work,
// which imports this package; the Poller takes any Judge, and the program
// hands it judge.Verdicts. The Poller also fills each listener's Facts
// (who the process really is) from a model/identity Reader.
//
// It imports only the standard library, gopsutil and model/identity: not
// model, model/judge, registry, Fyne, ui or cmd.
package listen

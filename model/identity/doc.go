// Package identity says who a process really is, from what the kernel and
// the package databases say rather than from the name the process gives
// itself: its executable (path, deleted or not, owner, mode, the kind of
// folder it sits in), the package that installed it, the systemd unit or
// container it runs in, its network namespace, and whether its name
// (comm) differs from its executable's.
//
// A Reader caches the facts per process (PID and start time) and per
// executable file, so a poll of thousands of listeners owned by a few
// dozen processes reads each process once. The OS sits behind fields of
// Options (a /proc root, a file-system root, the package databases) so
// tests can use fixtures as well as the real /proc.
//
// Linux reads /proc directly; other systems get what gopsutil offers
// (the executable and name) and leave the rest unknown. FromReport makes
// what facts it can from another machine's report (osquery's processes
// table), from the text alone.
//
// This package owns no verdicts (model/judge decides what the facts mean)
// and must not import any other package of this module.
package identity

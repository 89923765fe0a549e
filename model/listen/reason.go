package listen

import "strings"

// Reason is a short, stable phrase saying why a listener deserves a look.
// JSON output and filters carry the phrase; Explain gives the sentence.
type Reason string

// The reasons, in the order a listener lists them: first what the kernel
// says about the program, then what it does, then the port.
const (
	// ReasonDeleted: the executable was deleted after the process started
	// and nothing replaced it (alert).
	ReasonDeleted Reason = "executable deleted"
	// ReasonTempFolder: the program runs from /tmp, /var/tmp, /dev/shm or
	// a Temp folder (alert).
	ReasonTempFolder Reason = "run from a temporary folder"
	// ReasonDeviceFolder: the program runs from /dev (alert).
	ReasonDeviceFolder Reason = "run from a device folder"
	// ReasonWorldWritable: the program file or a folder above it may be
	// written by every user (alert).
	ReasonWorldWritable Reason = "run from a world-writable folder"
	// ReasonKernelName: a program calls itself like a kernel thread
	// (kworker/0:1, [kthreadd]) (alert).
	ReasonKernelName Reason = "kernel-thread name"
	// ReasonMasquerade: the process calls itself by the name of another
	// program the knowledge knows (alert).
	ReasonMasquerade Reason = "name of another program"
	// ReasonHiddenFolder: the program runs from a dot folder (alert beyond
	// loopback, notice on loopback).
	ReasonHiddenFolder Reason = "run from a hidden folder"
	// ReasonCacheFolder: the program runs from a cache folder (alert
	// beyond loopback, notice on loopback).
	ReasonCacheFolder Reason = "run from a cache folder"
	// ReasonShell: a shell holds the listening socket (alert beyond
	// loopback, notice on loopback).
	ReasonShell Reason = "shell listening"
	// ReasonNetTool: a raw networking tool (nc, socat, python -m
	// http.server, ...) listens (alert beyond loopback, notice on
	// loopback).
	ReasonNetTool Reason = "network tool listening"
	// ReasonUnexpectedProcess: a program the knowledge does not know serves
	// a port registered to a service (alert beyond loopback, notice on
	// loopback).
	ReasonUnexpectedProcess Reason = "unknown program on a registered port"
	// ReasonNew: first seen after the baseline was approved (alert beyond
	// loopback, notice on loopback).
	ReasonNew Reason = "new since baseline"
	// ReasonReplaced: the executable was replaced since the process started
	// (an upgrade; restart it) (notice).
	ReasonReplaced Reason = "executable replaced since start"
	// ReasonNameDiffers: the process's name is not its executable's
	// (notice).
	ReasonNameDiffers Reason = "name differs from executable"
	// ReasonNoPackage: a program the knowledge says a distribution ships,
	// from no installed package (notice).
	ReasonNoPackage Reason = "from no installed package"
	// ReasonAllInterfaces: a known program open on all interfaces where it
	// usually keeps to loopback or one address (notice).
	ReasonAllInterfaces Reason = "open on all interfaces"
	// ReasonBeyondLoopback: a known program reachable on an address where
	// it usually keeps to loopback (notice).
	ReasonBeyondLoopback Reason = "reachable beyond loopback"
	// ReasonUnusualPort: a known program on a port it does not usually use
	// (notice).
	ReasonUnusualPort Reason = "unusual port for this program"
	// ReasonUnknownExposed: a program the knowledge does not know, on a
	// port no service registered, reachable beyond loopback (notice).
	ReasonUnknownExposed Reason = "unknown program reachable from the network"
	// ReasonUnidentified: the program holding the socket cannot be seen
	// (another user's process without rights, or a kernel socket),
	// reachable beyond loopback (notice).
	ReasonUnidentified Reason = "program not identified"
	// ReasonUnassigned: on loopback, a port IANA lists as unassigned
	// (outside the ephemeral ranges) (notice).
	ReasonUnassigned Reason = "unassigned port"
	// ReasonReserved: on loopback, a port IANA reserves (notice).
	ReasonReserved Reason = "reserved port"
)

// Reasons lists every reason in display order.
var Reasons = [...]Reason{
	ReasonDeleted, ReasonTempFolder, ReasonDeviceFolder, ReasonWorldWritable, ReasonKernelName,
	ReasonMasquerade, ReasonHiddenFolder, ReasonCacheFolder, ReasonShell, ReasonNetTool,
	ReasonUnexpectedProcess, ReasonNew, ReasonReplaced, ReasonNameDiffers, ReasonNoPackage,
	ReasonAllInterfaces, ReasonBeyondLoopback, ReasonUnusualPort, ReasonUnknownExposed,
	ReasonUnidentified, ReasonUnassigned, ReasonReserved,
}

// Explain is a sentence about the reason, for the pane, tooltips and help.
func (r Reason) Explain() string {
	switch r {
	case ReasonDeleted:
		return "The program's file was deleted after it started, so nothing on disk shows what is running: malware often does this."
	case ReasonTempFolder:
		return "The program runs from a temporary folder (/tmp, /var/tmp, /dev/shm), where anyone can drop files and installed software never lives."
	case ReasonDeviceFolder:
		return "The program runs from /dev, a folder for devices that holds no programs unless someone hid one there."
	case ReasonWorldWritable:
		return "Every user may write the program file or a folder above it, so anyone could have replaced it."
	case ReasonKernelName:
		return "The process calls itself like a kernel thread, yet it runs a program file: kernel threads have none and never hold sockets this way."
	case ReasonMasquerade:
		return "The process calls itself by the name of another, well-known program, but its executable is something else."
	case ReasonHiddenFolder:
		return "The program runs from a hidden (dot) folder, where installed daemons do not live; user tools sometimes do, so it counts only when others can reach it."
	case ReasonCacheFolder:
		return "The program runs from a cache folder, which holds downloaded data rather than installed programs."
	case ReasonShell:
		return "A command shell holds the listening socket: the signature of a bind shell, which hands a command line to whoever connects."
	case ReasonNetTool:
		return "A raw networking tool (nc, socat, an ad-hoc file server) listens: handy by hand, and the usual way to open a backdoor or leak files."
	case ReasonUnexpectedProcess:
		return "The port is registered to a service, but the program serving it is not one the knowledge of ordinary programs knows."
	case ReasonNew:
		return "The listener was first seen after the baseline was approved: nothing like it was there then."
	case ReasonReplaced:
		return "The program's file was replaced after it started, as an upgrade does; the old version still runs until it is restarted."
	case ReasonNameDiffers:
		return "The process's name is not its executable's; some programs rename themselves on purpose, and so does malware."
	case ReasonNoPackage:
		return "Distributions ship this program in a package, but this copy was installed by none: built by hand, or put there by someone."
	case ReasonAllInterfaces:
		return "The program usually keeps this port to this machine or one address, yet here every network the machine is on can reach it."
	case ReasonBeyondLoopback:
		return "The program usually keeps this port to this machine, yet here another address makes it reachable from a network."
	case ReasonUnusualPort:
		return "The program is known, but this port is not one it usually uses: a setting someone changed, or something else."
	case ReasonUnknownExposed:
		return "The knowledge of ordinary programs does not know this program, and other machines can reach it."
	case ReasonUnidentified:
		return "The program holding the socket cannot be seen (another user's process: run elevated; or a kernel socket), and other machines can reach it."
	case ReasonUnassigned:
		return "IANA has not assigned this port to any service, and it is outside the ranges the OS hands out itself."
	case ReasonReserved:
		return "IANA reserves this port; no service should be using it."
	}
	return ""
}

// Tamper tells whether the reason is about the program not being what it
// claims: approving the listener does not calm it.
func (r Reason) Tamper() bool {
	switch r {
	case ReasonDeleted, ReasonTempFolder, ReasonDeviceFolder, ReasonWorldWritable, ReasonKernelName, ReasonMasquerade:
		return true
	}
	return false
}

// Finding is one reason with the severity it has for this listener (some
// reasons are alerts beyond loopback and notices on it).
type Finding struct {
	Reason   Reason   `json:"reason"`
	Severity Severity `json:"severity"`
}

// ReasonsText joins the reasons' phrases with sep; none or one costs no
// allocation (the listener table calls it for every visible cell).
func ReasonsText(fs []Finding, sep string) string {
	switch len(fs) {
	case 0:
		return ""
	case 1:
		return string(fs[0].Reason)
	}
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(string(f.Reason))
	}
	return b.String()
}

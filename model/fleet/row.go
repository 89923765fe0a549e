package fleet

import (
	"strconv"
	"strings"
)

// Row is one listening socket on one host, from a listening_ports row
// (joined with processes and users when the query did; see Pack).
type Row struct {
	// Host is the host's name (see Host.Name).
	Host string `json:"host"`
	// Protocol is "tcp" or "udp"; Family "ipv4" or "ipv6".
	Protocol string `json:"protocol"`
	Family   string `json:"family"`
	Address  string `json:"address"`
	Port     uint16 `json:"port"`
	// PID is 0 when osquery did not know the process (-1 or empty).
	PID int32 `json:"pid"`
	// Process, Exe and Cmdline are processes.name, .path and .cmdline.
	Process string `json:"process"`
	Exe     string `json:"exe"`
	Cmdline string `json:"cmdline"`
	// UID is processes.uid, -1 when unknown; User is users.username.
	UID  int64  `json:"uid"`
	User string `json:"user"`
	// Started is processes.start_time: seconds since the epoch in osquery
	// 4 and later (older versions gave seconds since boot), 0 if unknown.
	Started int64 `json:"started"`
	// CgroupPath is processes.cgroup_path (Linux): the unit or container.
	CgroupPath string `json:"cgroup_path"`
	// NetNamespace is listening_ports.net_namespace: the inode of the
	// socket's network namespace ("" when osquery did not say).
	NetNamespace string `json:"net_namespace"`
	// Platform is the host's system: "linux", "darwin", "windows" or
	// "freebsd" (the pack's platform column, else told from the address
	// family's number, a cgroup or a drive letter; "" when nothing told).
	// The verdicts need it: each system has its own ephemeral ports.
	Platform string `json:"platform"`
	// OnDisk is processes.on_disk: 1 the executable exists, 0 it was
	// deleted, -1 unknown.
	OnDisk int8 `json:"on_disk"`
	// Severity and Reasons are the verdict of Options.Judge ("" and nil
	// without one).
	Severity string   `json:"severity"`
	Reasons  []string `json:"reasons"`

	host int32 // index into Fleet.Hosts
}

// SeverityAlert is the severity that counts as an alert in the summaries;
// SeverityNotice is worth knowing, not counted.
const (
	SeverityAlert  = "alert"
	SeverityNotice = "notice"
)

// Alert reports whether the row's verdict is an alert.
func (r *Row) Alert() bool { return r.Severity == SeverityAlert }

// Host is one machine of the fleet.
type Host struct {
	// Name identifies the host: the hostname column, fleetctl's host, the
	// result log's hostIdentifier, or the file name of an osqueryi file.
	Name string
	// DisplayName is fleetctl's host_display_name or the hostname the
	// result log's decorations give, when it differs from Name.
	DisplayName string
	// Listeners is the number of TCP/UDP listeners kept for the host;
	// Skipped the rows that were not TCP/UDP (UNIX sockets, port 0...).
	Listeners int
	Skipped   int
	// Time is when its state was taken (seconds since the epoch): the result
	// log's unixTime, or the file's modification time.
	Time int64
	// Files are the files the host's state came from, in reading order.
	Files []string
	// Platform is the system its rows tell (see Row.Platform).
	Platform string
	// Incomplete: a file with the host's rows was truncated or malformed,
	// so rows may be missing. Error is what fleetctl said instead of rows.
	Incomplete bool
	Error      string
}

// rowKey is what tells two listeners of one host apart (a "removed" event
// names the listener it removes by these columns).
type rowKey struct {
	protocol, family string
	address          string
	port             uint16
	pid              int32
	netns            string
}

func keyOf(r *Row) rowKey {
	return rowKey{r.Protocol, r.Family, r.Address, r.Port, r.PID, r.NetNamespace}
}

// Column names: those of listening_ports, processes and users, and the
// hostname columns of osqueryi and fleetctl output.
const (
	colHostname    = "hostname"
	colHostHost    = "host_hostname"
	colHostDisplay = "host_display_name"
)

// rowBuilder turns one result row, column by column, into a Row.
type rowBuilder struct {
	row          Row
	proto, fam   []byte // copied: validated once every column is in
	path         string
	hostname     string
	display      string
	hasPort      bool // a listening_ports row (not some other query's)
	portBad      bool
	strs         *interner
	protoRaw     [8]byte
	famRaw       [8]byte
	protoN, famN int
}

func (b *rowBuilder) reset() {
	b.row = Row{UID: -1, OnDisk: -1}
	b.proto, b.fam = nil, nil
	b.path, b.hostname, b.display = "", "", ""
	b.hasPort, b.portBad = false, false
}

// column takes one column's value (the text of a JSON string or number;
// empty for null).
func (b *rowBuilder) column(key, val []byte) {
	switch string(key) {
	case "port":
		b.hasPort = true
		n, ok := parseUint(val, 65535)
		b.row.Port, b.portBad = uint16(n), !ok && len(val) > 0
	case "protocol":
		b.hasPort = true
		b.protoN = copy(b.protoRaw[:], val)
		b.proto = b.protoRaw[:b.protoN]
		if len(val) > len(b.protoRaw) {
			b.proto = []byte("?")
		}
	case "family":
		b.famN = copy(b.famRaw[:], val)
		b.fam = b.famRaw[:b.famN]
		if len(val) > len(b.famRaw) {
			b.fam = []byte("?")
		}
	case "address":
		b.row.Address = b.strs.get(val)
	case "pid":
		b.row.PID = int32(parseInt(val, 0, 1<<31-1))
	case "net_namespace":
		b.row.NetNamespace = b.strs.get(val)
	case "path":
		b.path = b.strs.get(val)
	case "name", "process", "process_name":
		b.row.Process = b.strs.get(val)
	case "exe", "process_path":
		b.row.Exe = b.strs.get(val)
	case "cmdline":
		b.row.Cmdline = b.strs.get(val)
	case "uid":
		b.row.UID = parseInt(val, -1, 1<<62)
	case "username", "user":
		b.row.User = b.strs.get(val)
	case "start_time":
		b.row.Started = parseInt(val, 0, 1<<62)
	case "cgroup_path":
		b.row.CgroupPath = b.strs.get(val)
	case "platform", "build_platform":
		b.row.Platform = platformOf(val)
	case "on_disk":
		b.row.OnDisk = int8(parseInt(val, -1, 1))
	case colHostname, colHostHost:
		b.hostname = b.strs.get(val)
	case colHostDisplay:
		b.display = b.strs.get(val)
	}
}

// rowVerdict is what finish decides about a row.
type rowVerdict uint8

const (
	rowListener rowVerdict = iota // a TCP/UDP listener
	rowSkipped                    // a listening_ports row, not TCP/UDP or port 0
	rowOther                      // not a listening_ports row at all
)

// finish completes the row once all its columns are in.
func (b *rowBuilder) finish() rowVerdict {
	if !b.hasPort {
		return rowOther
	}
	r := &b.row
	if r.Exe == "" && b.path != "" && !isUnixFamily(b.fam) {
		// Joined with processes, "path" is the executable; in a bare
		// listening_ports row it is a UNIX socket's path.
		r.Exe = b.path
	}
	switch string(b.proto) {
	case "6", "tcp", "TCP":
		r.Protocol = "tcp"
	case "17", "udp", "UDP":
		r.Protocol = "udp"
	default:
		return rowSkipped
	}
	if r.Port == 0 || b.portBad || isUnixFamily(b.fam) {
		return rowSkipped
	}
	r.Family = familyOf(b.fam, r.Address)
	if r.Platform == "" {
		r.Platform = guessPlatform(b.fam, r)
	}
	return rowListener
}

// platformOf names a system as osquery_info.build_platform does;
// os_version.platform's distribution names (ubuntu, rhel...) are Linux.
func platformOf(v []byte) string {
	switch string(v) {
	case "":
		return ""
	case "darwin", "windows", "freebsd":
		return string(v)
	}
	return "linux"
}

// guessPlatform tells the system from what a row shows of it: AF_INET6's
// number differs from one system to the next, only Linux has cgroups, only
// Windows drive letters.
func guessPlatform(fam []byte, r *Row) string {
	switch string(fam) {
	case "10":
		return "linux"
	case "30":
		return "darwin"
	case "23":
		return "windows"
	case "28":
		return "freebsd"
	}
	switch {
	case r.CgroupPath != "":
		return "linux"
	case len(r.Exe) > 2 && r.Exe[1] == ':' && (r.Exe[2] == '\\' || r.Exe[2] == '/'):
		return "windows"
	}
	return ""
}

func isUnixFamily(fam []byte) bool { return string(fam) == "1" }

// familyOf names the address family. AF_INET6 is 10 on Linux, 30 on macOS,
// 23 on Windows and 28 on FreeBSD, so the address decides when it can.
func familyOf(fam []byte, addr string) string {
	if addr != "" {
		if strings.IndexByte(addr, ':') >= 0 {
			return "ipv6"
		}
		return "ipv4"
	}
	if string(fam) == "2" {
		return "ipv4"
	}
	return "ipv6"
}

// parseUint reads a decimal number up to max; ok is false for anything else.
func parseUint(b []byte, max uint64) (uint64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
		if n > max {
			return 0, false
		}
	}
	return n, true
}

// parseInt reads a decimal integer; empty, negative, malformed or too large
// values give unknown.
func parseInt(b []byte, unknown, max int64) int64 {
	n, ok := parseUint(b, uint64(max))
	if !ok {
		return unknown
	}
	return int64(n)
}

// interner shares the bytes of repeated strings (process names, paths,
// command lines repeat across thousands of hosts).
type interner struct {
	m map[string]string
}

const maxInterned = 1 << 20

func newInterner() *interner { return &interner{m: make(map[string]string, 1024)} }

func (in *interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(in.m) < maxInterned && len(b) <= 4096 {
		in.m[s] = s
	}
	return s
}

// itoa is strconv.Itoa for the port text of messages.
func itoa(n int) string { return strconv.Itoa(n) }

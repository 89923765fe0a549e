package fleet

import (
	"encoding/json"
	"fmt"
)

// PackName is the pack's name in osquery.conf ("packs": {"portolan": ...});
// osqueryd then logs its results under "pack/portolan/<query>".
const PackName = "portolan"

// PackOptions shape the query pack.
type PackOptions struct {
	// Interval between runs, in seconds (0: 3600).
	Interval int
	// Differential logs only what changed ("added"/"removed" events);
	// the default is a whole snapshot at every run, which is simpler to
	// collect (each run stands alone) at the cost of larger logs.
	Differential bool
}

// listenersColumns is what the verdicts need of each listener: the socket
// (listening_ports), who holds it (processes: name, executable, whether
// it is still on disk, command line, owner, start, cgroup), the owner's
// name (users), the host's name for files saved from osqueryi, and its
// system (each has its own ephemeral ports).
const listenersColumns = `SELECT lp.pid, lp.port, lp.protocol, lp.family, lp.address, lp.fd, lp.socket, lp.net_namespace,
       p.name, p.path, p.cmdline, p.uid, p.euid, p.start_time, p.on_disk, p.parent,%s
       u.username,
       (SELECT hostname FROM system_info) AS hostname,
       (SELECT build_platform FROM osquery_info) AS platform
  FROM listening_ports AS lp
  LEFT JOIN processes AS p USING (pid)
  LEFT JOIN users AS u ON u.uid = p.uid
 WHERE lp.port != 0 AND lp.protocol IN (6, 17)`

// ListenersSQL is the pack's query. cgroup_path exists only on Linux, so
// the other systems get the same query without it.
func ListenersSQL(linux bool) string {
	if linux {
		return fmt.Sprintf(listenersColumns, " p.cgroup_path,")
	}
	return fmt.Sprintf(listenersColumns, "")
}

type packQuery struct {
	Query       string `json:"query"`
	Interval    int    `json:"interval"`
	Platform    string `json:"platform"`
	Snapshot    bool   `json:"snapshot,omitempty"`
	Description string `json:"description"`
	Value       string `json:"value"`
}

type pack struct {
	Queries map[string]packQuery `json:"queries"`
}

// Pack is an osquery query pack (JSON) that collects every listening
// TCP/UDP socket with its process and user, as the fleet readers expect.
func Pack(opt PackOptions) ([]byte, error) {
	interval := opt.Interval
	if interval == 0 {
		interval = 3600
	}
	if interval < 60 || interval > 7*86400 {
		return nil, fmt.Errorf("the interval is %d seconds; give 60 to 604800 (a week)", interval)
	}
	desc := "Listening TCP/UDP sockets with the process and user holding them, for Portolan's fleet view (portolan fleet summary)."
	value := "What listens on which port across the fleet: rare ports and unexpected programs stand out."
	q := func(linux bool, platform string) packQuery {
		return packQuery{Query: ListenersSQL(linux) + ";", Interval: interval, Platform: platform,
			Snapshot: !opt.Differential, Description: desc, Value: value}
	}
	p := pack{Queries: map[string]packQuery{
		"listening_ports_linux": q(true, "linux"),
		"listening_ports":       q(false, "darwin,windows,freebsd"),
	}}
	return json.MarshalIndent(p, "", "  ")
}

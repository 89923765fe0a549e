// Package genfleet writes made-up but realistic osquery output for a fleet
// of hosts, in each of the shapes model/fleet reads, for its benchmarks and
// scripts/bench-fleet.sh. Rows carry the columns of Portolan's query pack;
// most listeners repeat from host to host (sshd, chronyd, node_exporter),
// some are on a few hosts only, as in a real fleet. It imports only the
// standard library.
package genfleet

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// Options size the fleet.
type Options struct {
	Hosts     int
	Listeners int // per host
	// Files splits the line-based shapes over this many files (0: 10).
	Files int
	Seed  uint64
}

// program is one kind of listener.
type program struct {
	name, path, cmdline, user, cgroup string
	port                              int
	proto                             string // "6" or "17"
	uid                               int
}

// common listeners are on most hosts; the pool adds variety; rare ones
// (random ports, odd paths) are on a few.
var common = []program{
	{"sshd", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", "root", "/system.slice/ssh.service", 22, "6", 0},
	{"chronyd", "/usr/sbin/chronyd", "/usr/sbin/chronyd -F 1", "_chrony", "/system.slice/chrony.service", 323, "17", 998},
	{"systemd-resolve", "/usr/lib/systemd/systemd-resolved", "/usr/lib/systemd/systemd-resolved", "systemd-resolve", "/system.slice/systemd-resolved.service", 53, "17", 991},
	{"systemd-resolve", "/usr/lib/systemd/systemd-resolved", "/usr/lib/systemd/systemd-resolved", "systemd-resolve", "/system.slice/systemd-resolved.service", 53, "6", 991},
	{"rpcbind", "/usr/sbin/rpcbind", "/usr/sbin/rpcbind -f -w", "_rpc", "/system.slice/rpcbind.service", 111, "6", 997},
	{"rpcbind", "/usr/sbin/rpcbind", "/usr/sbin/rpcbind -f -w", "_rpc", "/system.slice/rpcbind.service", 111, "17", 997},
	{"prometheus-node", "/usr/bin/prometheus-node-exporter", "/usr/bin/prometheus-node-exporter --collector.systemd", "prometheus", "/system.slice/prometheus-node-exporter.service", 9100, "6", 996},
	{"master", "/usr/lib/postfix/sbin/master", "/usr/lib/postfix/sbin/master -w", "root", "/system.slice/postfix@-.service", 25, "6", 0},
	{"osqueryd", "/opt/osquery/bin/osqueryd", "/opt/osquery/bin/osqueryd --flagfile /etc/osquery/osquery.flags", "root", "/system.slice/osqueryd.service", 9000, "6", 0},
	{"containerd", "/usr/bin/containerd", "/usr/bin/containerd", "root", "/system.slice/containerd.service", 10010, "6", 0},
}

var pool = func() []program {
	names := []string{"nginx", "apache2", "postgres", "mysqld", "redis-server", "memcached", "java", "node", "python3", "dockerd",
		"haproxy", "envoy", "consul", "nomad", "vault", "etcd", "kubelet", "kube-proxy", "coredns", "grafana-server",
		"prometheus", "alertmanager", "loki", "promtail", "telegraf", "influxd", "mongod", "rabbitmq", "beam.smp", "elasticsearch"}
	ports := []int{80, 443, 5432, 3306, 6379, 11211, 8080, 3000, 8000, 2375, 8404, 15000, 8500, 4646, 8200, 2379, 10250, 10256, 9153, 3001,
		9090, 9093, 3100, 9080, 8125, 8086, 27017, 5672, 4369, 9200}
	var out []program
	for i, n := range names {
		out = append(out, program{n, "/usr/sbin/" + n, "/usr/sbin/" + n + " --config /etc/" + n + "/" + n + ".conf", n,
			"/system.slice/" + n + ".service", ports[i], "6", 100 + i})
	}
	return out
}()

// host is the listeners of host i: the same for the same seed.
func (o Options) host(i int) (name string, rows []program) {
	r := rand.New(rand.NewPCG(o.Seed, uint64(i)))
	name = fmt.Sprintf("host-%05d.fleet.example", i)
	n := o.Listeners
	for _, p := range common {
		if len(rows) == n {
			return name, rows
		}
		rows = append(rows, p)
	}
	for len(rows) < n {
		switch k := r.IntN(100); {
		case k < 2: // rare: something odd on a random port
			port := 1024 + r.IntN(64000)
			rows = append(rows, program{"nc", "/dev/shm/.cache/nc", "nc -lvp " + strconv.Itoa(port), "www-data", "/system.slice/nginx.service", port, "6", 33})
		case k < 40: // ephemeral UDP of a resolver or a browser
			rows = append(rows, program{"avahi-daemon", "/usr/sbin/avahi-daemon", "avahi-daemon: running", "avahi", "/system.slice/avahi-daemon.service", 32768 + r.IntN(28232), "17", 105})
		default:
			p := pool[r.IntN(len(pool))]
			p.port += r.IntN(3) // some run a second instance next door
			rows = append(rows, p)
		}
	}
	return name, rows
}

// appendRow writes one row as osquery does: every value a string, keys in
// order. Process columns as the pack query returns them.
func appendRow(b []byte, host string, i int, p program, fleetctl bool) []byte {
	addr, family := "0.0.0.0", "2"
	if i%3 == 1 {
		addr, family = "::", "10"
	}
	pid := strconv.Itoa(300 + i*7)
	b = append(b, `{"address":"`...)
	b = append(b, addr...)
	b = append(b, `","cgroup_path":"`...)
	b = append(b, p.cgroup...)
	b = append(b, `","cmdline":"`...)
	b = append(b, p.cmdline...)
	b = append(b, `","euid":"`...)
	b = strconv.AppendInt(b, int64(p.uid), 10)
	b = append(b, `","family":"`...)
	b = append(b, family...)
	b = append(b, `","fd":"`...)
	b = strconv.AppendInt(b, int64(3+i), 10)
	if fleetctl {
		b = append(b, `","host_display_name":"`...)
		b = append(b, host...)
		b = append(b, `","host_hostname":"`...)
		b = append(b, host...)
	}
	b = append(b, `","hostname":"`...)
	b = append(b, host...)
	b = append(b, `","name":"`...)
	b = append(b, p.name...)
	b = append(b, `","net_namespace":"4026531840","on_disk":"1","parent":"1","path":"`...)
	b = append(b, p.path...)
	b = append(b, `","pid":"`...)
	b = append(b, pid...)
	b = append(b, `","platform":"linux","port":"`...)
	b = strconv.AppendInt(b, int64(p.port), 10)
	b = append(b, `","protocol":"`...)
	b = append(b, p.proto...)
	b = append(b, `","socket":"`...)
	b = strconv.AppendInt(b, int64(20000+i*13), 10)
	b = append(b, `","start_time":"1764000000","uid":"`...)
	b = strconv.AppendInt(b, int64(p.uid), 10)
	b = append(b, `","username":"`...)
	b = append(b, p.user...)
	return append(b, `"}`...)
}

func create(path string) (*os.File, *bufio.Writer, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, bufio.NewWriterSize(f, 1<<20), nil
}

func finish(f *os.File, w *bufio.Writer, err error) error {
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteOsqueryi writes one osqueryi --json file per host into dir.
func WriteOsqueryi(dir string, o Options) error {
	var b []byte
	for i := range o.Hosts {
		name, rows := o.host(i)
		b = append(b[:0], "[\n"...)
		for j, p := range rows {
			b = append(b, "  "...)
			b = appendRow(b, name, j, p, false)
			if j < len(rows)-1 {
				b = append(b, ',')
			}
			b = append(b, '\n')
		}
		b = append(b, "]\n"...)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".json"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// lines writes the hosts over o.Files files, each host's text made by line.
func (o Options) lines(dir, pattern string, line func(b []byte, host string, rows []program) []byte) error {
	files := o.Files
	if files <= 0 {
		files = 10
	}
	per := (o.Hosts + files - 1) / files
	var b []byte
	for f := range files {
		out, w, err := create(filepath.Join(dir, fmt.Sprintf(pattern, f)))
		if err != nil {
			return err
		}
		for i := f * per; i < min((f+1)*per, o.Hosts) && err == nil; i++ {
			name, rows := o.host(i)
			b = line(b[:0], name, rows)
			_, err = w.Write(b)
		}
		if err := finish(out, w, err); err != nil {
			return err
		}
	}
	return nil
}

// WriteFleetctl writes fleetctl query --json output: a line per host.
func WriteFleetctl(dir string, o Options) error {
	return o.lines(dir, "fleetctl-%02d.jsonl", func(b []byte, host string, rows []program) []byte {
		b = append(b, `{"host":"`...)
		b = append(b, host...)
		b = append(b, `","rows":[`...)
		for j, p := range rows {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendRow(b, host, j, p, true)
		}
		return append(b, "]}\n"...)
	})
}

func appendHeader(b []byte, host, action string, counter int) []byte {
	b = append(b, `{"name":"pack/portolan/listening_ports_linux","hostIdentifier":"`...)
	b = append(b, host...)
	b = append(b, `","calendarTime":"Tue Nov 25 16:00:00 2025 UTC","unixTime":1764000000,"epoch":0,"counter":`...)
	b = strconv.AppendInt(b, int64(counter), 10)
	b = append(b, `,"numerics":false,"decorations":{"host_uuid":"4c4c4544-0031-3510-8052-b4c04f4e4232","hostname":"`...)
	b = append(b, host...)
	b = append(b, `"},"action":"`...)
	b = append(b, action...)
	return append(b, `",`...)
}

// WriteSnapshots writes osqueryd snapshot logs: a snapshot line per host.
func WriteSnapshots(dir string, o Options) error {
	return o.lines(dir, "osqueryd.snapshots.log.%02d", func(b []byte, host string, rows []program) []byte {
		b = appendHeader(b, host, "snapshot", 1)
		b = append(b, `"snapshot":[`...)
		for j, p := range rows {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendRow(b, host, j, p, false)
		}
		return append(b, "]}\n"...)
	})
}

// WriteEvents writes osqueryd differential results: the first run's
// "added" line for every listener of every host.
func WriteEvents(dir string, o Options) error {
	return o.lines(dir, "osqueryd.results.log.%02d", func(b []byte, host string, rows []program) []byte {
		for j, p := range rows {
			b = appendHeader(b, host, "added", 0)
			b = append(b, `"columns":`...)
			b = appendRow(b, host, j, p, false)
			b = append(b, "}\n"...)
		}
		return b
	})
}

// WriteAll writes every shape under dir: osqueryi/, fleetctl/, snapshots/
// and events/.
func WriteAll(dir string, o Options) error {
	for _, w := range []struct {
		sub   string
		write func(string, Options) error
	}{{"osqueryi", WriteOsqueryi}, {"fleetctl", WriteFleetctl}, {"snapshots", WriteSnapshots}, {"events", WriteEvents}} {
		if err := w.write(filepath.Join(dir, w.sub), o); err != nil {
			return fmt.Errorf("writing %s: %w", w.sub, err)
		}
	}
	return nil
}

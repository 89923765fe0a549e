package fleet

import (
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const fixtures = "testdata/fleet"

// loadFixtures reads testdata/fleet with the osqueryi file of web-01 older
// (or newer) than the fleetctl output that also has web-01.
func loadFixtures(t *testing.T, osqueryiNewer bool) *Fleet {
	t.Helper()
	srcs, err := Sources(context.Background(), []string{fixtures}, 0)
	if err != nil {
		t.Fatal(err)
	}
	older, newer := time.Unix(1764000000, 0), time.Unix(1764100000, 0)
	for i := range srcs {
		srcs[i].ModTime = older
		isOsqueryi := strings.Contains(srcs[i].Name, "osqueryi")
		if isOsqueryi == osqueryiNewer {
			srcs[i].ModTime = newer
		}
	}
	f, err := Read(context.Background(), srcs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func host(t *testing.T, f *Fleet, name string) (*Host, []Row) {
	t.Helper()
	for i := range f.Hosts {
		if f.Hosts[i].Name == name {
			return &f.Hosts[i], f.HostRows(i)
		}
	}
	t.Fatalf("no host %q among %v", name, hostNames(f))
	return nil, nil
}

func hostNames(f *Fleet) []string {
	var out []string
	for _, h := range f.Hosts {
		out = append(out, h.Name)
	}
	return out
}

// endpoints is "tcp 22 0.0.0.0" for each row, in order.
func endpoints(rows []Row) string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Protocol+" "+itoa(int(r.Port))+" "+r.Address)
	}
	return strings.Join(out, ", ")
}

func TestFixturesHostsAndShapes(t *testing.T) {
	t.Parallel()
	f := loadFixtures(t, true)
	want := []string{"app-01", "app-02", "broken-7", "db-01.example.com", "mac-07.local", "offline-09", "web-01", "win-03"}
	if got := hostNames(f); !slices.Equal(got, want) {
		t.Errorf("hosts = %v, want %v", got, want)
	}
	if f.Files != 6 || f.Ignored != 3 {
		t.Errorf("files read/ignored = %d/%d, want 6/3", f.Files, f.Ignored)
	}
	if f.Shapes[ShapeOsqueryi] != 3 || f.Shapes[ShapeFleetctl] != 1 || f.Shapes[ShapeResultLog] != 2 {
		t.Errorf("shapes = %v", f.Shapes)
	}
	// web-01: 2 skipped (a UNIX socket, a UDP socket on port 0); app-01's
	// snapshot had a UNIX socket.
	if f.Skipped != 3 {
		t.Errorf("skipped = %d, want 3", f.Skipped)
	}
	if f.OtherRows != 2 { // the processes query's row and snapshot
		t.Errorf("other rows = %d, want 2", f.OtherRows)
	}
}

func TestOsqueryiFileNamesHostUnlessHostnameColumn(t *testing.T) {
	t.Parallel()
	f := loadFixtures(t, true)
	h, rows := host(t, f, "web-01")
	if got, want := endpoints(rows), "tcp 22 0.0.0.0, tcp 22 ::, udp 53 127.0.0.53, tcp 443 0.0.0.0, tcp 6379 0.0.0.0"; got != want {
		t.Errorf("web-01 = %s, want %s", got, want)
	}
	if h.Skipped != 2 || h.Listeners != 5 {
		t.Errorf("web-01 listeners/skipped = %d/%d", h.Listeners, h.Skipped)
	}
	redis := rows[4]
	if redis.NetNamespace != "4026532301" || redis.CgroupPath != "/system.slice/docker-5f1c0a.scope" || redis.UID != 999 || redis.User != "" {
		t.Errorf("redis row = %+v", redis)
	}
	ssh6 := rows[1]
	if ssh6.Family != "ipv6" || ssh6.PID != 812 || ssh6.Exe != "/usr/sbin/sshd" || ssh6.Process != "sshd" || ssh6.Started != 1764140000 || ssh6.OnDisk != 1 {
		t.Errorf("sshd ipv6 row = %+v", ssh6)
	}
	_, rows = host(t, f, "db-01.example.com")
	nc := rows[1]
	if nc.Port != 4444 || nc.Exe != "/dev/shm/.x/nc" || nc.OnDisk != 0 || nc.User != "alice" || nc.Cmdline != "nc -lvp 4444 -e /bin/sh" {
		t.Errorf("nc row = %+v", nc)
	}
}

func TestHostInTwoFilesNewestWins(t *testing.T) {
	t.Parallel()
	for _, osqueryiNewer := range []bool{true, false} {
		f := loadFixtures(t, osqueryiNewer)
		h, rows := host(t, f, "web-01")
		want, file := "tcp 22 0.0.0.0, tcp 80 0.0.0.0", "live-query.jsonl"
		if osqueryiNewer {
			want, file = "tcp 22 0.0.0.0, tcp 22 ::, udp 53 127.0.0.53, tcp 443 0.0.0.0, tcp 6379 0.0.0.0", "web-01.json"
		}
		if got := endpoints(rows); got != want {
			t.Errorf("osqueryi newer %v: web-01 = %s, want %s", osqueryiNewer, got, want)
		}
		if len(h.Files) != 1 || filepath.Base(h.Files[0]) != file {
			t.Errorf("osqueryi newer %v: web-01 from %v, want %s", osqueryiNewer, h.Files, file)
		}
	}
}

func TestFleetctlHosts(t *testing.T) {
	t.Parallel()
	f := loadFixtures(t, true)
	h, rows := host(t, f, "mac-07.local")
	if h.DisplayName != "Ana's MacBook Pro" {
		t.Errorf("display name = %q", h.DisplayName)
	}
	// macOS's AF_INET6 is 30: the address tells the family.
	if endpoints(rows) != "tcp 5353 0.0.0.0, tcp 49152 ::" && endpoints(rows) != "udp 5353 0.0.0.0, tcp 49152 ::" {
		t.Errorf("mac rows = %s", endpoints(rows))
	}
	if rows[1].Family != "ipv6" || rows[0].Protocol != "udp" {
		t.Errorf("mac rows = %+v", rows)
	}
	_, rows = host(t, f, "win-03")
	if rows[0].Exe != `C:\Windows\System32\svchost.exe` || rows[0].UID != -1 || rows[1].Family != "ipv6" {
		t.Errorf("windows rows = %+v", rows)
	}
	for name, want := range map[string]string{"mac-07.local": "darwin", "win-03": "windows", "web-01": "linux", "app-02": "linux", "broken-7": ""} {
		if h, rows := host(t, f, name); h.Platform != want || (len(rows) > 0 && rows[0].Platform != want) {
			t.Errorf("%s: platform %q, want %q", name, h.Platform, want)
		}
	}
	h, rows = host(t, f, "offline-09")
	if h.Error != "host did not respond within the timeout" || len(rows) != 0 {
		t.Errorf("offline host = %+v, %d rows", h, len(rows))
	}
}

func TestResultLogReplaysDifferentialOnLatestSnapshot(t *testing.T) {
	t.Parallel()
	f := loadFixtures(t, true)
	h, rows := host(t, f, "app-01")
	// The snapshot at 1764005000 replaces the differential state (mysqld's
	// 3306 goes); later events remove python's 8000, change sshd's command
	// line, and a batch adds node_exporter's 9100 on IPv6.
	if got, want := endpoints(rows), "tcp 22 0.0.0.0, udp 69 0.0.0.0, tcp 9100 ::"; got != want {
		t.Errorf("app-01 = %s, want %s", got, want)
	}
	if rows[0].Cmdline != "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups" {
		t.Errorf("sshd's later command line lost: %q", rows[0].Cmdline)
	}
	if h.Skipped != 1 || h.Time != 1764010800 || len(h.Files) != 2 {
		t.Errorf("app-01 = %+v", h)
	}
	h, rows = host(t, f, "app-02")
	// The latest snapshot wins; another query's snapshots leave it alone.
	if got, want := endpoints(rows), "tcp 22 0.0.0.0, tcp 8080 ::"; got != want {
		t.Errorf("app-02 = %s, want %s", got, want)
	}
	if rows[1].NetNamespace != "4026532455" || h.DisplayName != "app-02.prod.example.com" {
		t.Errorf("app-02 = %+v %+v", h, rows[1])
	}
}

func TestCounterZeroStartsOver(t *testing.T) {
	t.Parallel()
	line := func(t int, counter, action, port string) string {
		return `{"name":"q","hostIdentifier":"h","unixTime":` + itoa(t) + `,"epoch":0,"counter":` + counter +
			`,"columns":{"port":"` + port + `","protocol":"6","address":"0.0.0.0","pid":"1"},"action":"` + action + `"}` + "\n"
	}
	// osqueryd restarted with a new epoch: its first run logs everything as
	// added again, and 8080, which went meanwhile, must go.
	log := line(100, "0", "added", "22") + line(100, "0", "added", "8080") + line(200, "0", "added", "22") + line(200, "0", "added", "443")
	f := readString(t, "r.log", log)
	if _, rows := host(t, f, "h"); endpoints(rows) != "tcp 22 0.0.0.0, tcp 443 0.0.0.0" {
		t.Errorf("rows = %s", endpoints(rows))
	}
}

func readString(t *testing.T, name, content string) *Fleet {
	t.Helper()
	src := Source{Name: name, ModTime: time.Unix(1764000000, 0), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(content)), nil
	}}
	f, err := Read(context.Background(), []Source{src}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestBadInputIsNamedAndTheRestRead(t *testing.T) {
	t.Parallel()
	f := loadFixtures(t, true)
	var got []string
	for _, p := range f.Problems {
		got = append(got, filepath.Base(p.File)+":"+itoa(p.Line)+": "+p.Message)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"broken-7.json:4: malformed JSON: the JSON ends inside a string (truncated?); the 2 rows before it are kept",
		"notes.txt:0: not osquery output (neither a JSON array nor JSON lines): skipped",
		"osqueryd.INFO.json:0: an osquery status log, not query results: skipped",
		"processes.json:0: JSON rows without port or protocol columns (not listening_ports): skipped",
		"osqueryd.results.log:11: malformed JSON: the JSON ends inside a string (truncated?): the line is skipped",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	if len(got) != 5 {
		t.Errorf("%d problems, want 5:\n%s", len(got), all)
	}
	h, rows := host(t, f, "broken-7")
	if !h.Incomplete || endpoints(rows) != "tcp 22 0.0.0.0, tcp 80 0.0.0.0" {
		t.Errorf("broken-7 = %+v %s", h, endpoints(rows))
	}
}

func TestGzipAndFolderRecursion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(fixtures, "osqueryi", "db-host.json"))
	if err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	writeGzip(t, filepath.Join(sub, "db.json.gz"), data)
	if err := os.WriteFile(filepath.Join(dir, ".hidden.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Load(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Hosts) != 1 || f.Hosts[0].Name != "db-01.example.com" || f.Hosts[0].Listeners != 3 || f.Files != 1 {
		t.Errorf("hosts = %+v, files %d", f.Hosts, f.Files)
	}
	if _, err := Load(context.Background(), []string{filepath.Join(dir, "missing")}, Options{}); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("a missing path gave %v", err)
	}
}

func writeGzip(t *testing.T, path string, data []byte) {
	t.Helper()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(out)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// An osqueryi array holding several hosts' rows (a hostname column) gives
// each host its own; an empty array is a host without listeners.
func TestOsqueryiArrayOfSeveralHosts(t *testing.T) {
	t.Parallel()
	f := readString(t, "all.json", `[{"hostname":"b","port":"22","protocol":"6","address":"::"},
{"hostname":"a","port":"80","protocol":"6","address":"0.0.0.0"},{"hostname":"b","port":"53","protocol":"17","address":"0.0.0.0"}]`)
	if got := hostNames(f); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("hosts %v", got)
	}
	if _, rows := host(t, f, "b"); endpoints(rows) != "tcp 22 ::, udp 53 0.0.0.0" || rows[0].Host != "b" {
		t.Errorf("b = %s", endpoints(rows))
	}
	f = readString(t, "idle-host.json", "[]\n")
	if h, rows := host(t, f, "idle-host"); len(rows) != 0 || h.Listeners != 0 {
		t.Errorf("idle host = %+v", h)
	}
}

// osqueryd with --logger_numerics writes numbers as numbers.
func TestNumericColumns(t *testing.T) {
	t.Parallel()
	f := readString(t, "numerics.log", `{"hostIdentifier":"n","name":"q","unixTime":5,"action":"snapshot","numerics":true,`+
		`"snapshot":[{"port":22,"protocol":6,"family":2,"address":"0.0.0.0","pid":7,"uid":0,"start_time":1764000000,"on_disk":-1,"platform":"darwin"}]}`)
	h, rows := host(t, f, "n")
	if len(rows) != 1 || rows[0].Port != 22 || rows[0].Protocol != "tcp" || rows[0].PID != 7 || rows[0].UID != 0 ||
		rows[0].Started != 1764000000 || rows[0].OnDisk != -1 || h.Time != 5 || h.Platform != "darwin" {
		t.Errorf("rows = %+v, host %+v", rows, h)
	}
}

// Batched results (--logger_event_type=false): "diffResults" with added
// and removed rows in one line.
func TestBatchedDiffResults(t *testing.T) {
	t.Parallel()
	row := func(port string) string {
		return `{"port":"` + port + `","protocol":"6","address":"0.0.0.0","pid":"1"}`
	}
	log := `{"name":"q","hostIdentifier":"b","unixTime":"100","counter":"0","diffResults":{"added":[` + row("22") + `,` + row("80") + `],"removed":[]}}` + "\n" +
		`{"name":"q","hostIdentifier":"b","unixTime":"200","counter":"1","diffResults":{"removed":[` + row("80") + `],"added":[` + row("443") + `]}}` + "\n" +
		`{"name":"q","hostIdentifier":"b","unixTime":"300","counter":"2","diffResults":{"removed":[` + row("22") + `]}}` + "\n"
	f := readString(t, "batch.log", log)
	if _, rows := host(t, f, "b"); endpoints(rows) != "tcp 443 0.0.0.0" {
		t.Errorf("rows = %s", endpoints(rows))
	}
}

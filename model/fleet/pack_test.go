package fleet

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPack(t *testing.T) {
	t.Parallel()
	data, err := Pack(PackOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Queries map[string]struct {
			Query    string `json:"query"`
			Interval int    `json:"interval"`
			Platform string `json:"platform"`
			Snapshot bool   `json:"snapshot"`
		} `json:"queries"`
	}
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	linux, other := p.Queries["listening_ports_linux"], p.Queries["listening_ports"]
	if linux.Platform != "linux" || !strings.Contains(other.Platform, "darwin") || !strings.Contains(other.Platform, "windows") {
		t.Errorf("platforms %q / %q", linux.Platform, other.Platform)
	}
	if !linux.Snapshot || linux.Interval != 3600 {
		t.Errorf("linux query = %+v", linux)
	}
	// Every column the readers use is selected; cgroup_path on Linux only.
	for _, col := range []string{"lp.pid", "lp.port", "lp.protocol", "lp.family", "lp.address", "lp.net_namespace",
		"p.name", "p.path", "p.cmdline", "p.uid", "p.start_time", "p.on_disk", "u.username", "AS hostname", "AS platform",
		"listening_ports AS lp", "LEFT JOIN processes", "LEFT JOIN users"} {
		if !strings.Contains(linux.Query, col) || !strings.Contains(other.Query, col) {
			t.Errorf("the queries lack %q", col)
		}
	}
	if !strings.Contains(linux.Query, "p.cgroup_path") || strings.Contains(other.Query, "cgroup_path") {
		t.Error("cgroup_path must be in the Linux query only")
	}
	diff, err := Pack(PackOptions{Differential: true, Interval: 600})
	if err != nil || strings.Contains(string(diff), `"snapshot"`) || !strings.Contains(string(diff), `"interval": 600`) {
		t.Errorf("differential pack: %v\n%s", err, diff)
	}
	if _, err := Pack(PackOptions{Interval: 5}); err == nil {
		t.Error("an interval of 5 s was accepted")
	}
}

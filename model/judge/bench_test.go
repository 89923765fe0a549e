package judge

import (
	"fmt"
	"testing"

	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// BenchmarkJudge judges a poll of n listeners held by 50 processes (a mix
// of known and unknown programs, loopback and all interfaces), as the
// poller does when something changed.
func BenchmarkJudge(b *testing.B) {
	exes := []string{"/usr/sbin/sshd", "/usr/sbin/nginx", "/usr/bin/syncthing", "/usr/sbin/avahi-daemon", "/opt/app/server"}
	var procs []*identity.Facts
	for i := range 50 {
		exe := exes[i%len(exes)]
		procs = append(procs, &identity.Facts{PID: int32(1000 + i), Exe: exe, Comm: identity.BaseName(exe), PackageDB: "dpkg", Package: "p", File: true, Mode: 0o755})
	}
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ins := make([]Input, n)
			for i := range ins {
				f := procs[i%len(procs)]
				scope := ScopeLoopback
				if i%3 == 0 {
					scope = ScopeAll
				}
				port := uint16(1024 + i%60000)
				ins[i] = Input{Protocol: "tcp", Port: port, Scope: scope, Ephemeral: port >= 32768, Status: registry.Assigned,
					Service: "svc", PID: f.PID, Facts: f, Comm: f.Comm, BaselineExists: true, SeenBeforeBaseline: i%2 == 0}
			}
			e := NewEngine(nil)
			alerts := 0
			for b.Loop() {
				alerts = 0
				for i := range ins {
					if e.Judge(&ins[i]).Severity == listen.SeverityAlert {
						alerts++
					}
				}
			}
			if alerts == 0 {
				b.Fatal("nothing raised: the mix is not what it should be")
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/poll")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/listener")
		})
	}
}

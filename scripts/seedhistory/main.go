// Command seedhistory writes a plausible week of a developer machine's
// listeners into a listener history, for screenshots and trying the
// History tab: services always there, development servers coming and
// going in working hours, a nightly restart, a machine off at night (hours
// with no record), and one alert: a shell on port 4444 open on every
// interface for an hour and a half from 50 hours before the current hour
// (so the alert's bar is always the 118th of the timeline's 168).
//
//	go run ./scripts/seedhistory -db /tmp/h/history.db [-days 7]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/portolan/portolan/model/history"
)

func main() {
	db := flag.String("db", "", "the history file to write (created)")
	days := flag.Int("days", 7, "days of history, ending a few minutes ago")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "seedhistory: give -db PATH")
		os.Exit(2)
	}
	if err := seed(*db, *days, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "seedhistory:", err)
		os.Exit(1)
	}
}

func listener(proto, addr string, port uint16, scope string, pid int32, process, exe, user string, sev history.Severity) history.Observation {
	family := "ipv4"
	for _, c := range addr {
		if c == ':' {
			family = "ipv6"
		}
	}
	return history.Observation{Protocol: proto, Family: family, Address: addr, Port: port, Scope: scope, PID: pid,
		Process: process, Exe: exe, User: user, Severity: sev}
}

// at is what listens at time t (local); alert is when the shell starts.
func at(t, start, alert time.Time) []history.Observation {
	day := int(t.Sub(start) / (24 * time.Hour))
	h := t.Hour()
	workday := t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
	pg := int32(1200 + day) // restarted every night
	ls := []history.Observation{
		listener("tcp", "0.0.0.0", 22, "all", 812, "sshd", "/usr/sbin/sshd", "root", history.SeverityNone),
		listener("udp", "127.0.0.53", 53, "loopback", 640, "systemd-resolve", "/usr/lib/systemd/systemd-resolved", "systemd-resolve", history.SeverityNone),
		listener("tcp", "127.0.0.1", 631, "loopback", 903, "cupsd", "/usr/sbin/cupsd", "root", history.SeverityNone),
		listener("tcp", "127.0.0.1", 5432, "loopback", pg, "postgres", "/usr/lib/postgresql/16/bin/postgres", "postgres", history.SeverityNone),
	}
	if h >= 8 {
		ls = append(ls, listener("udp", "0.0.0.0", uint16(40000+day*7), "all", int32(3000+day), "chrome", "/opt/google/chrome/chrome", "alice", history.SeverityNotice))
	}
	if workday && (h >= 9 && h < 12 || h >= 14 && h < 17) {
		ls = append(ls, listener("tcp", "127.0.0.1", 8000, "loopback", int32(5000+day*10+h/12), "python3", "/usr/bin/python3.12", "alice", history.SeverityNone))
	}
	if workday && h >= 10 && h < 18 {
		ls = append(ls, listener("tcp", "::1", 3000, "loopback", int32(6000+day), "node", "/usr/bin/node", "alice", history.SeverityNone))
	}
	if !t.Before(alert) && t.Before(alert.Add(90*time.Minute)) {
		ls = append(ls, listener("tcp", "0.0.0.0", 4444, "all", 7777, "nc", "/usr/bin/nc.openbsd", "alice", history.SeverityAlert))
	}
	return ls
}

func seed(path string, days int, now time.Time) error {
	ctx := context.Background()
	s, err := history.Open(ctx, history.Options{Path: path})
	if err != nil {
		return err
	}
	defer s.Close()
	end := now.Add(-3 * time.Minute)
	start := end.Add(-time.Duration(days) * 24 * time.Hour).Truncate(time.Hour)
	alert := now.Truncate(time.Hour).Add(-50 * time.Hour)
	n := 0
	for t := start; t.Before(end); t = t.Add(10 * time.Minute) {
		night := t.Hour() < 7 && t.Sub(start) < time.Duration(days-1)*24*time.Hour
		if night && (t.Before(alert) || !t.Before(alert.Add(2*time.Hour))) {
			continue // the machine is off at night (but the last, and while the shell runs)
		}
		res, err := s.Record(ctx, t, at(t, start, alert))
		if err != nil {
			return err
		}
		n += len(res.Events)
	}
	fmt.Printf("seedhistory: %d events over %d days in %s\n", n, days, path)
	return nil
}

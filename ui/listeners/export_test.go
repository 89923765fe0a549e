package listeners

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/portolan/portolan/model/listen"
)

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := writeCSV(&b, []listen.Listener{sshd, hidden}); err != nil {
		t.Fatal(err)
	}
	want := "protocol,family,address,port,scope,pid,process,exe,cmdline,user,started,service,severity,reasons,unit,container,package,note\n" +
		"tcp,ipv4,0.0.0.0,22,all,812,sshd,/usr/bin/sshd,/usr/bin/sshd --serve,root,2026-11-26T09:14:00Z,ssh,notice,open on all interfaces,,,,\n" +
		"udp,ipv4,192.168.1.20,5353,address,,,,,avahi,,mdns,none,,,,,another user's process (run elevated to see it)\n"
	if b.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := writeJSON(&b, []listen.Listener{tacacs, hidden}); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("the export is not JSON: %v\n%s", err, b.String())
	}
	if len(got) != 2 {
		t.Fatalf("%d listeners in the JSON", len(got))
	}
	if got[0]["port"] != 290.0 || got[0]["pid"] != 4242.0 || got[0]["address"] != "::1" {
		t.Errorf("first listener = %v", got[0])
	}
	if rs, _ := got[0]["reasons"].([]any); len(rs) != 2 || rs[0] != "run from a temporary folder" || got[0]["severity"] != "alert" {
		t.Errorf("reasons = %v", got[0]["reasons"])
	}
	if got[1]["pid"] != nil || got[1]["note"] != listen.NoteOtherUser {
		t.Errorf("PID-less listener = %v", got[1])
	}
	if rs, ok := got[1]["reasons"].([]any); !ok || len(rs) != 0 {
		t.Errorf("reasons of an unflagged listener = %#v, want []", got[1]["reasons"])
	}
	for _, key := range []string{"protocol", "family", "address", "port", "scope", "pid", "process", "exe", "cmdline", "user", "started", "service",
		"severity", "reasons", "unit", "container", "package"} {
		if _, ok := got[0][key]; !ok {
			t.Errorf("the JSON lacks %q", key)
		}
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, errors.New("disk full")
}

func TestWriteExport(t *testing.T) {
	for ext, prefix := range map[string]string{".csv": "protocol,", ".json": "[", ".JSON": "[", "": "protocol,", ".txt": "protocol,"} {
		var b bytes.Buffer
		if err := writeExport(&b, ext, []listen.Listener{sshd}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(b.String(), prefix) {
			t.Errorf("export to %q starts %q, want %q", ext, b.String()[:10], prefix)
		}
	}
	w := &failingWriter{}
	err := writeExport(w, ".csv", []listen.Listener{sshd, dns})
	if err == nil || err.Error() != "could not write the file: disk full" {
		t.Errorf("error = %v", err)
	}
	if w.n != 1 {
		t.Errorf("%d writes: the export should be written in one go", w.n)
	}
}

func TestShownListenersExported(t *testing.T) {
	p, _ := newPanel(t, Options{})
	f := newFeed()
	p.Apply(f.poll(all()...))
	p.Apply(f.poll(sshd, dns, tacacs, webdev)) // 5353 gone
	p.filterEntry.SetText("-port=53")
	test := p.shownListeners()
	var got []uint16
	for _, l := range test {
		got = append(got, l.Port)
	}
	if want := []uint16{22, 290, 8000}; !equal(got, want) {
		t.Errorf("exported ports %v, want %v (filtered, without the gone row)", got, want)
	}
}

func equal(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

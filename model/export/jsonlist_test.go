package export

import (
	"bytes"
	"fmt"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/portolan/portolan/model/listen"
)

// oddStrings are strings encoding/json escapes or mends: quotes,
// backslashes, every control character, HTML characters (left as they
// are), DEL, invalid UTF-8, U+2028 and U+2029, and plain non-ASCII.
var oddStrings = []string{
	"", "plain", `say "hi"`, `C:\Program Files\x`, "tab\there\nnew\rline\bback\fform",
	"\x00\x01\x07\x1b\x1f end", "<script>&amp;</script>", "del\x7f", "bad \xff\xfe utf8 \xc3",
	"cut \xe2\x82", "line\u2028para\u2029sep", "日本語 ünïcödé 🚀", "\\u0041 not an escape", "'=1+1'!A0",
}

// listenersForJSON is a listing with every odd string in every string
// field, known and unknown PIDs and start times, and no, one or many
// verdicts.
func listenersForJSON(n int) []listen.Listener {
	ls := make([]listen.Listener, n)
	for i := range ls {
		s := oddStrings[i%len(oddStrings)]
		l := listen.Listener{Protocol: "tcp", Family: "ipv4", IP: netip.MustParseAddr("127.0.0.1"), Address: "127.0.0.1",
			Port: uint16(i * 7919), Scope: listen.ScopeLoopback, State: "LISTEN", Process: s, Exe: "/usr/bin/" + s,
			Cmdline: strings.Repeat(s+" --flag ", i%5), User: s, Service: s, Note: s}
		if i%3 != 0 {
			l.PID = int32(i * 31)
			l.Started = time.Date(2026, 11, 28, 16, 0, i%60, i*1000, time.FixedZone("x", 3600))
		}
		switch i % 4 {
		case 1:
			l.Severity, l.Findings = listen.SeverityNotice, []listen.Finding{{Reason: listen.ReasonUnassigned, Severity: listen.SeverityNotice}}
		case 2:
			l.Severity, l.Findings = listen.SeverityAlert, []listen.Finding{{Reason: listen.ReasonUnassigned, Severity: listen.SeverityNotice}, {Reason: listen.Reason(s), Severity: listen.SeverityAlert}}
		case 3:
			l.Findings = []listen.Finding{}
		}
		if i%2 == 0 {
			l.Protocol, l.Family, l.Address, l.Scope = "udp", "ipv6", "fe80::1%"+s, listen.ScopeAddress
		}
		ls[i] = l
	}
	return ls
}

// viaEncodingJSON is what WriteListenersJSON wrote before it wrote by hand.
func viaEncodingJSON(t testing.TB, ls []listen.Listener) string {
	t.Helper()
	out := make([]listen.ListenerJSON, len(ls))
	for i := range ls {
		out[i] = ls[i].JSON()
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, out); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// writeCounter counts the writes it is given.
type writeCounter struct {
	bytes.Buffer
	writes int
}

func (w *writeCounter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// The listing's JSON is byte for byte encoding/json's, for none, one, a few
// and enough listeners to need several chunks.
func TestListenersJSONIsEncodingJSONs(t *testing.T) {
	t.Parallel()
	if listenerJSONPlan() == nil {
		t.Fatal("listen.ListenerJSON cannot be laid out by a jsonPlan: WriteListenersJSON would fall back to encoding/json")
	}
	for _, n := range []int{0, 1, 2, len(oddStrings) * 4, 2000} {
		ls := listenersForJSON(n)
		var got writeCounter
		if err := WriteListenersJSON(&got, ls); err != nil {
			t.Fatal(err)
		}
		if want := viaEncodingJSON(t, ls); got.String() != want {
			t.Errorf("%d listeners: the output differs from encoding/json's at byte %d:\n%s", n, firstDiff(got.String(), want), diffContext(got.String(), want))
		}
		if n == 2000 && (got.Len() < 3*jsonChunk || got.writes < 3) {
			t.Errorf("%d bytes in %d writes: the test no longer covers writing in chunks", got.Len(), got.writes)
		}
	}
}

// FuzzListenerJSONString puts any string in every string field of a
// listener and compares the JSON with encoding/json's.
func FuzzListenerJSONString(f *testing.F) {
	for _, s := range oddStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ls := []listen.Listener{{Protocol: s, Family: s, Address: s, Port: 1, Scope: listen.Scope(s), PID: 1, Process: s,
			Exe: s, Cmdline: s, User: s, Service: s, Note: s, Severity: listen.SeverityAlert, Findings: []listen.Finding{{Reason: listen.Reason(s), Severity: listen.SeverityAlert}}}}
		var got bytes.Buffer
		if err := WriteListenersJSON(&got, ls); err != nil {
			t.Fatal(err)
		}
		if want := viaEncodingJSON(t, ls); got.String() != want {
			t.Errorf("%q: got\n%s\nwant\n%s", s, got.String(), want)
		}
	})
}

func firstDiff(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

func diffContext(got, want string) string {
	i := firstDiff(got, want)
	cut := func(s string) string { return s[max(0, i-80):min(len(s), i+80)] }
	return fmt.Sprintf("got:  %q\nwant: %q", cut(got), cut(want))
}

// The plan is made from a type's fields, so a key added to ListenerJSON
// needs nothing in this package. This type has a field of every kind the
// plan writes itself, and of kinds it hands to encoding/json; each is
// written as encoding/json writes it, left out or not, set or zero.
type textish string

func (t textish) MarshalText() ([]byte, error) { return []byte("text:" + string(t)), nil }

type ptrMarshaler struct{ N int }

func (p *ptrMarshaler) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{"n": %d}`, p.N)), nil
}

type zeroer struct{ V int }

func (z zeroer) IsZero() bool { return z.V < 0 }

type inner struct {
	Name  string   `json:"name"`
	Tags  []string `json:"tags,omitempty"`
	Level *int     `json:"level"`
}

type everyKind struct {
	S       string          `json:"s"`
	SOmit   string          `json:"s_omit,omitempty"`
	Scope   listen.Scope    `json:"scope"`
	B       bool            `json:"b"`
	BOmit   bool            `json:"b_omit,omitempty"`
	I       int64           `json:"i"`
	I8      int8            `json:"i8,omitempty"`
	U16     uint16          `json:"u16"`
	U       uint            `json:"u,omitempty"`
	F       float64         `json:"f"`
	F32     float32         `json:"f32,omitempty"`
	P       *int32          `json:"p"`
	POmit   *int32          `json:"p_omit,omitempty"`
	T       time.Time       `json:"t"`
	TZero   time.Time       `json:"t_zero,omitzero"`
	TP      *time.Time      `json:"tp"`
	Strs    []string        `json:"strs"`
	Reasons []listen.Reason `json:"reasons,omitempty"`
	Inners  []inner         `json:"inners"`
	Inner   inner           `json:"inner"`
	InnerP  *inner          `json:"inner_p,omitempty"`
	Bytes   []byte          `json:"bytes"`
	Map     map[string]int  `json:"map,omitempty"`
	Any     any             `json:"any"`
	Text    textish         `json:"text"`
	PtrM    ptrMarshaler    `json:"ptrm"`
	PtrMP   *ptrMarshaler   `json:"ptrm_p"`
	Zeroer  zeroer          `json:"zeroer,omitzero"`
	Both    []int           `json:"both,omitempty,omitzero"`
	Arr     [2]int          `json:"arr"`
	Skipped string          `json:"-"`
	//lint:ignore SA5008 on purpose: encoding/json names this field "-"
	Dash string `json:"-,"`
	//lint:ignore SA5008 on purpose: encoding/json falls back to the field name
	BadTag   string `json:"bad\"name"`
	NoTag    string
	hidden   string             // unexported: never written
	Nested   map[string][]inner `json:"nested"`
	Untagged int                `json:",omitempty"`
}

func TestJSONPlanWritesEveryKindAsEncodingJSON(t *testing.T) {
	t.Parallel()
	plan, ok := planJSON(reflect.TypeFor[everyKind]())
	if !ok {
		t.Fatal("everyKind cannot be planned")
	}
	pid, level := int32(42), 3
	when := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
	full := everyKind{S: "a\"b", SOmit: "<x>", Scope: listen.ScopeAll, B: true, BOmit: true, I: -5, I8: -8, U16: 65535, U: 7,
		F: 1.5e-7, F32: 3.25, P: &pid, POmit: &pid, T: when, TZero: when, TP: &when, Strs: []string{"x", "\u2028"},
		Reasons: []listen.Reason{"r"}, Inners: []inner{{Name: "i", Tags: []string{"t"}, Level: &level}, {}},
		Inner: inner{Name: "n"}, InnerP: &inner{Tags: []string{}}, Bytes: []byte("hi"), Map: map[string]int{"b": 2, "a": 1},
		Any: map[string]any{"k": []any{1, "two", nil}}, Text: "t", PtrM: ptrMarshaler{5}, PtrMP: &ptrMarshaler{6},
		Zeroer: zeroer{-1}, Both: []int{}, Arr: [2]int{1, 2}, Skipped: "no", Dash: "dash", BadTag: "bad", NoTag: "nt",
		hidden: "h", Nested: map[string][]inner{"x": {{Name: "deep"}}}, Untagged: 9}
	rows := []everyKind{full, {}, {Strs: []string{}, Zeroer: zeroer{1}, Any: "s"}}
	var got, want bytes.Buffer
	if err := writeJSONList(&got, plan, len(rows), func(i int, r *everyKind) { *r = rows[i] }); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&want, rows); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("differs at byte %d:\n%s", firstDiff(got.String(), want.String()), diffContext(got.String(), want.String()))
	}
}

// Types the plan cannot lay out as encoding/json does are written by
// encoding/json whole; errors are encoding/json's.
func TestJSONPlanDeclinesAndErrs(t *testing.T) {
	t.Parallel()
	type Base struct{ ID int }
	type embedded struct {
		Base
		Name string
	}
	type quoted struct {
		N int `json:"n,string"`
	}
	type clash struct {
		X string
		B string `json:"X"` // encoding/json keeps the tagged one
	}
	type iface struct {
		V any `json:"v,omitzero"`
	}
	for name, typ := range map[string]any{"embedded": embedded{}, "string option": quoted{}, "clashing names": clash{},
		"omitzero interface": iface{}} {
		if _, ok := planJSON(reflect.TypeOf(typ)); ok {
			t.Errorf("%s: planned", name)
		}
	}
	rows := []embedded{{Base{1}, "a"}, {Base{2}, "b"}}
	var got, want bytes.Buffer
	if err := writeJSONList(&got, nil, len(rows), func(i int, r *embedded) { *r = rows[i] }); err != nil {
		t.Fatal(err)
	}
	WriteJSON(&want, rows)
	if got.String() != want.String() {
		t.Errorf("without a plan: %q, want %q", got.String(), want.String())
	}

	far := []listen.Listener{{Protocol: "tcp", PID: 1, Started: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}
	var b bytes.Buffer
	err := WriteListenersJSON(&b, far)
	var w bytes.Buffer
	wantErr := WriteJSON(&w, []listen.ListenerJSON{far[0].JSON()})
	if err == nil || wantErr == nil || err.Error() != wantErr.Error() {
		t.Errorf("a start in year 10000: %v; encoding/json says %v", err, wantErr)
	}
}

// BenchmarkListenersJSON writes 10,000 listeners (of listenersForJSON,
// long command lines included) by hand and through encoding/json.
func BenchmarkListenersJSON(b *testing.B) {
	ls := listenersForJSON(10000)
	for _, c := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"by-hand", func(w *bytes.Buffer) error { return WriteListenersJSON(w, ls) }},
		{"encoding-json", func(w *bytes.Buffer) error {
			out := make([]listen.ListenerJSON, len(ls))
			for i := range ls {
				out[i] = ls[i].JSON()
			}
			return WriteJSON(w, out)
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var w bytes.Buffer
			for b.Loop() {
				w.Reset()
				if err := c.write(&w); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/write")
			b.ReportMetric(float64(w.Len())/1e6, "MB")
		})
	}
}

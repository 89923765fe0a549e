package fleet

import (
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"
)

func TestScannerStrings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`"plain"`, "plain"},
		{`"tab\there \"q\" \\ \/"`, "tab\there \"q\" \\ /"},
		{`"caf\u00e9 \ud83d\ude00"`, "café 😀"},
		{`"lone \ud800 x"`, "lone \uFFFD x"},
		{`"C:\\Windows\\System32"`, `C:\Windows\System32`},
	} {
		s := scanner{data: []byte(tc.in)}
		got, err := s.str()
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// The scanner accepts exactly what encoding/json accepts as one value.
func TestScannerAgreesWithEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{}`, `[]`, `{"a":[1,2,{"b":null}],"c":true}`, `[1.5e10,-0,0.1,"x"]`, `{"a":"b"}`,
		`{"a":}`, `{"a" "b"}`, `[1,]`, `{,}`, `[01]`, `[1.]`, `[-]`, `"\x"`, "\"a\nb\"", `[tru]`, `{"a":1`, `[`, `[1 2]`,
		`{"a":{"b":{"c":[[[]]]}}}`, `nul`, `"\u12"`, `{"a":1}}`,
	} {
		s := scanner{data: []byte(in)}
		err := s.skip()
		if err == nil && !s.atEnd() {
			err = s.fail("trailing")
		}
		ok := json.Valid([]byte(in))
		if (err == nil) != ok {
			t.Errorf("%s: scanner error %v, encoding/json valid %v", in, err, ok)
		}
	}
}

func TestScannerDepthCap(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	s := scanner{data: []byte(deep)}
	if err := s.skip(); err != errDepth {
		t.Errorf("100,000 nested arrays: %v", err)
	}
	ok := strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth)
	s = scanner{data: []byte(ok)}
	if err := s.skip(); err != nil {
		t.Errorf("%d nested arrays: %v", maxDepth, err)
	}
}

func TestSyntaxErrorOffset(t *testing.T) {
	t.Parallel()
	s := scanner{data: []byte(`{"a": "b", "c" 1}`)}
	err := s.skip()
	se, ok := err.(*syntaxError)
	if !ok || se.offset != 15 || !strings.Contains(se.msg, `expected ':'`) {
		t.Errorf("error = %#v", err)
	}
}

func TestHasSpecialEveryByteEveryPlace(t *testing.T) {
	t.Parallel()
	for place := range 8 {
		for v := range 256 {
			for _, fill := range []byte{'a', 0xe9, 0x7f, 0x21} {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[place] = byte(v)
				want := v < 0x20 || v == '"' || v == '\\'
				if got := hasSpecial(binary.LittleEndian.Uint64(b[:])); got != want {
					t.Fatalf("byte %#x at %d among %#x: %v, want %v", v, place, fill, got, want)
				}
			}
		}
	}
}

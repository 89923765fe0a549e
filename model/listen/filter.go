package listen

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Filter is a parsed filter of the listeners panel and of `portolan
// listeners FILTER`. Its language (docs/listeners.md):
//
//	ssh 8080              words: each must appear in some field (any case);
//	                      a number must be the whole port or PID
//	proto=udp port=290    key=value terms (all must hold)
//	port=8000-8999,443    ranges; commas give alternatives
//	proc=python user=root scope=all
//	flagged  new          alerts; new since the baseline
//	severity=notice       alert, notice or none
//	-scope=loopback !new  a leading - or ! negates a term
//	proc="my server"      double quotes keep spaces
//
// Keys: proto, family, addr, port, scope, pid, proc, exe, cmd, user,
// service, severity, reason, unit, container, package (and the long names
// protocol, address, process, cmdline). The zero Filter matches everything.
type Filter struct {
	text  string
	terms []filterTerm
}

type filterTerm struct {
	neg   bool
	match func(l *Listener) bool
}

// FilterKeys are the keys of key=value terms.
var FilterKeys = []string{"proto", "family", "addr", "port", "scope", "pid", "proc", "exe", "cmd", "user", "service",
	"severity", "reason", "unit", "container", "package"}

var filterAliases = map[string]string{"protocol": "proto", "address": "addr", "process": "proc", "cmdline": "cmd"}

// ParseFilter reads a filter; the error names the term it cannot read.
func ParseFilter(s string) (*Filter, error) {
	tokens, err := splitFilter(s)
	if err != nil {
		return nil, err
	}
	f := &Filter{text: strings.TrimSpace(s)}
	for _, tok := range tokens {
		t, err := parseTerm(tok)
		if err != nil {
			return nil, err
		}
		f.terms = append(f.terms, t)
	}
	return f, nil
}

// MustParseFilter is ParseFilter for constant filters; it panics on error.
func MustParseFilter(s string) *Filter {
	f, err := ParseFilter(s)
	if err != nil {
		panic(err)
	}
	return f
}

// String is the filter's text.
func (f *Filter) String() string {
	if f == nil {
		return ""
	}
	return f.text
}

// Empty tells whether the filter lets everything through.
func (f *Filter) Empty() bool { return f == nil || len(f.terms) == 0 }

// Match tells whether l passes every term.
func (f *Filter) Match(l *Listener) bool {
	if f == nil {
		return true
	}
	for i := range f.terms {
		if f.terms[i].match(l) == f.terms[i].neg {
			return false
		}
	}
	return true
}

// Apply returns the listeners that match, in order (ls itself when the
// filter is empty).
func (f *Filter) Apply(ls []Listener) []Listener {
	if f.Empty() {
		return ls
	}
	var out []Listener
	for i := range ls {
		if f.Match(&ls[i]) {
			out = append(out, ls[i])
		}
	}
	return out
}

// splitFilter splits on spaces outside double quotes, removing the quotes.
func splitFilter(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inQuote, has := false, false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote, has = !inQuote, true
		case !inQuote && (r == ' ' || r == '\t' || r == '\n'):
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if inQuote {
		return nil, errors.New(`filter: a " is not closed`)
	}
	if has {
		out = append(out, cur.String())
	}
	return out, nil
}

func parseTerm(tok string) (filterTerm, error) {
	var t filterTerm
	// A term of marks alone would look for "-" or ",,," in every field and
	// quietly show nothing: it is a mistake to name.
	if strings.Trim(tok, "-!") == "" {
		return t, fmt.Errorf("filter: %q is not a term: a - or ! goes right before the term it leaves out (-scope=loopback, !new)", tok)
	}
	if strings.Trim(tok, "-!,") == "" {
		return t, fmt.Errorf("filter: %q holds nothing to look for: commas separate the values of a key (port=22,80)", tok)
	}
	if len(tok) > 1 && (tok[0] == '-' || tok[0] == '!') {
		t.neg, tok = true, tok[1:]
	}
	key, value, isKV := strings.Cut(tok, "=")
	if !isKV {
		switch strings.ToLower(tok) {
		case "flagged":
			t.match = func(l *Listener) bool { return l.Flagged() }
		case "new":
			t.match = func(l *Listener) bool { return l.HasReason(ReasonNew) }
		default:
			word := strings.ToLower(tok)
			t.match = func(l *Listener) bool { return matchWord(l, word) }
		}
		return t, nil
	}
	key = strings.ToLower(strings.TrimSpace(key))
	if a, ok := filterAliases[key]; ok {
		key = a
	}
	if value == "" {
		return t, fmt.Errorf("filter: %s= needs a value", key)
	}
	var alts []func(*Listener) bool
	for _, v := range strings.Split(value, ",") {
		m, err := parseValue(key, strings.TrimSpace(v))
		if err != nil {
			return t, fmt.Errorf("filter: %s=%s: %w", key, v, err)
		}
		alts = append(alts, m)
	}
	t.match = func(l *Listener) bool {
		for _, m := range alts {
			if m(l) {
				return true
			}
		}
		return false
	}
	return t, nil
}

func parseValue(key, v string) (func(*Listener) bool, error) {
	lv := strings.ToLower(v)
	if v == "" {
		return nil, errors.New("empty value")
	}
	switch key {
	case "proto":
		if lv != "tcp" && lv != "udp" {
			return nil, errors.New("want tcp or udp")
		}
		return func(l *Listener) bool { return l.Protocol == lv }, nil
	case "family":
		switch lv {
		case "4", "ipv4", "inet":
			lv = "ipv4"
		case "6", "ipv6", "inet6":
			lv = "ipv6"
		default:
			return nil, errors.New("want ipv4 or ipv6")
		}
		return func(l *Listener) bool { return l.Family == lv }, nil
	case "addr":
		return func(l *Listener) bool { return strings.HasPrefix(strings.ToLower(l.Address), lv) }, nil
	case "port":
		lo, hi, err := parsePortRange(v)
		if err != nil {
			return nil, err
		}
		return func(l *Listener) bool { return lo <= l.Port && l.Port <= hi }, nil
	case "scope":
		var sc Scope
		for _, s := range []Scope{ScopeLoopback, ScopeAll, ScopeAddress} {
			if strings.HasPrefix(string(s), lv) {
				sc = s
				break
			}
		}
		if sc == "" {
			return nil, errors.New("want loopback, all or address")
		}
		return func(l *Listener) bool { return l.Scope == sc }, nil
	case "pid":
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 0 {
			return nil, errors.New("not a process id")
		}
		return func(l *Listener) bool { return l.PID == int32(n) }, nil
	case "proc":
		return func(l *Listener) bool { return containsFold(l.Process, lv) }, nil
	case "exe":
		return func(l *Listener) bool { return containsFold(l.Exe, lv) }, nil
	case "cmd":
		return func(l *Listener) bool { return containsFold(l.Cmdline, lv) }, nil
	case "user":
		return func(l *Listener) bool { return strings.EqualFold(l.User, v) }, nil
	case "service":
		return func(l *Listener) bool { return strings.EqualFold(l.Service, v) }, nil
	case "severity":
		sev, err := ParseSeverity(lv)
		if err != nil {
			return nil, errors.New("want alert, notice or none")
		}
		return func(l *Listener) bool { return l.Severity == sev }, nil
	case "unit":
		return func(l *Listener) bool { return containsFold(l.Unit(), lv) }, nil
	case "container":
		return func(l *Listener) bool { return containsFold(l.Container(), lv) }, nil
	case "package":
		return func(l *Listener) bool { return containsFold(l.Package(), lv) }, nil
	case "reason":
		return func(l *Listener) bool {
			for _, f := range l.Findings {
				if containsFold(string(f.Reason), lv) {
					return true
				}
			}
			return false
		}, nil
	}
	return nil, fmt.Errorf("unknown key (use %s)", strings.Join(FilterKeys, ", "))
}

// parsePortRange reads "290" or "8000-8999".
func parsePortRange(v string) (uint16, uint16, error) {
	a, b, isRange := strings.Cut(v, "-")
	lo, err := strconv.ParseUint(strings.TrimSpace(a), 10, 16)
	if err != nil {
		return 0, 0, errors.New("not a port number (0-65535) or range (8000-8999)")
	}
	hi := lo
	if isRange {
		if hi, err = strconv.ParseUint(strings.TrimSpace(b), 10, 16); err != nil || hi < lo {
			return 0, 0, errors.New("not a port range (8000-8999)")
		}
	}
	return uint16(lo), uint16(hi), nil
}

// matchWord looks for a lower-case word in the fields people see.
func matchWord(l *Listener, word string) bool {
	for _, s := range [...]string{l.Process, l.Address, l.Protocol, l.User, l.Service, l.Exe, l.Cmdline, l.Note, string(l.Scope)} {
		if containsFold(s, word) {
			return true
		}
	}
	// A number is a port or a PID, whole: "80" is not 8080.
	var buf [12]byte
	if string(strconv.AppendUint(buf[:0], uint64(l.Port), 10)) == word {
		return true
	}
	if l.PID != 0 && string(strconv.AppendInt(buf[:0], int64(l.PID), 10)) == word {
		return true
	}
	for _, f := range l.Findings {
		if containsFold(string(f.Reason), word) {
			return true
		}
	}
	return word == l.Severity.String() && l.Severity != SeverityNone
}

// containsFold reports whether s contains the lower-case sub, ignoring the
// case of ASCII letters in s, without allocating.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

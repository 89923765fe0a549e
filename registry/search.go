package registry

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Search scores, best first: a port number, a range, an exact service name,
// a name prefix, then the query's words found whole in a description.
const (
	ScorePort        = 1000
	ScoreRange       = 950
	ScoreInRange     = 900
	ScoreExactName   = 800
	ScoreNamePrefix  = 600
	ScoreDescription = 400
)

type searchIndex struct {
	names []nameEntry        // sorted by lower-case name
	words map[string][]int32 // description word -> record ids, ascending
}

type nameEntry struct {
	name string // lower case
	ids  []int32
}

func buildSearchIndex(recs []Record) searchIndex {
	byName := map[string][]int32{}
	words := map[string][]int32{}
	for i := range recs {
		r := &recs[i]
		if r.Service == "" || !r.HasPort {
			// Status rows ("Unassigned") are found by number; names without
			// a port (DNS-SD only) have no place on the map.
			continue
		}
		key := strings.ToLower(r.Service)
		byName[key] = append(byName[key], int32(i))
		var last string
		forEachWord(r.Description, func(w string) {
			if w == last {
				return
			}
			last = w
			ids := words[w]
			if n := len(ids); n == 0 || ids[n-1] != int32(i) {
				words[w] = append(ids, int32(i))
			}
		})
	}
	idx := searchIndex{names: make([]nameEntry, 0, len(byName)), words: words}
	for name, ids := range byName {
		idx.names = append(idx.names, nameEntry{name, ids})
	}
	sort.Slice(idx.names, func(i, j int) bool { return idx.names[i].name < idx.names[j].name })
	return idx
}

// forEachWord calls f with each lower-case word of s (letters and digits).
func forEachWord(s string, f func(string)) {
	start := -1
	for i, r := range s {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		if alnum && start < 0 {
			start = i
		}
		if !alnum && start >= 0 {
			f(strings.ToLower(s[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		f(strings.ToLower(s[start:]))
	}
}

// Search ranks what the query may mean: "22", "288-307", "ssh", "secure
// shell". limit <= 0 means no limit.
func (reg *Registry) Search(query string, limit int) []Hit {
	q := strings.TrimSpace(query)
	if q == "" {
		return nil
	}
	var hits []Hit
	if has, lo, hi, err := ParsePortRange(q); err == nil && has {
		if lo == hi {
			hits = reg.portHits(lo, ScorePort)
		} else {
			hits = reg.rangeHits(lo, hi)
		}
	} else {
		hits = reg.textHits(strings.ToLower(q))
	}
	sortHits(hits)
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// merger folds the tcp, udp, ... records of one service at one port into a
// single hit "tcp/udp".
type merger struct {
	hits []Hit
	at   map[[3]string]int
}

func (m *merger) add(r *Record, score int) {
	key := [3]string{strings.ToLower(r.Service), r.PortText(), ""}
	if !r.HasPort {
		key[2] = r.Description
	}
	if m.at == nil {
		m.at = map[[3]string]int{}
	}
	if i, ok := m.at[key]; ok {
		h := &m.hits[i]
		if p := r.Protocol.String(); p != "" && !strings.Contains("/"+h.Protocol+"/", "/"+p+"/") {
			if h.Protocol != "" {
				h.Protocol += "/"
			}
			h.Protocol += p
		}
		if score > h.Score {
			h.Score = score
		}
		return
	}
	m.at[key] = len(m.hits)
	m.hits = append(m.hits, Hit{Port: r.Low, To: r.High, Protocol: r.Protocol.String(),
		Service: r.Service, Description: r.Description, Score: score})
}

func (reg *Registry) portHits(port uint16, score int) []Hit {
	var m merger
	pr := reg.Lookup(port)
	for i := 0; i < pr.Len(); i++ {
		if r := pr.At(i); r.Service != "" {
			m.add(r, score)
		}
	}
	if len(m.hits) == 0 {
		st := reg.Status(port, ProtoNone)
		m.hits = append(m.hits, Hit{Port: port, To: port, Description: capitalise(st.String()), Score: score})
	}
	return m.hits
}

func (reg *Registry) rangeHits(lo, hi uint16) []Hit {
	assigned := 0
	var m merger
	for p := int(lo); p <= int(hi); p++ {
		if reg.Status(uint16(p), ProtoNone) == Assigned {
			assigned++
		}
		pr := reg.Lookup(uint16(p))
		for i := 0; i < pr.Len(); i++ {
			// A record is listed once: where it starts, or at lo if it starts before.
			if r := pr.At(i); r.Service != "" && (r.Low == uint16(p) || p == int(lo)) {
				m.add(r, ScoreInRange)
			}
		}
	}
	summary := Hit{Port: lo, To: hi, Score: ScoreRange,
		Description: fmt.Sprintf("%d ports, %d assigned", int(hi)-int(lo)+1, assigned)}
	return append([]Hit{summary}, m.hits...)
}

func (reg *Registry) textHits(q string) []Hit {
	var m merger
	idx := reg.searchIndex()
	// Exact and prefix names, from the sorted name list.
	start := sort.Search(len(idx.names), func(i int) bool { return idx.names[i].name >= q })
	for i := start; i < len(idx.names) && strings.HasPrefix(idx.names[i].name, q); i++ {
		e := idx.names[i]
		score := ScoreNamePrefix - (len(e.name) - len(q)) // shorter completions first
		if e.name == q {
			score = ScoreExactName
		}
		for _, id := range e.ids {
			m.add(reg.record(int(id)), score)
		}
	}
	// Whole words of the description: every query word must be there.
	var words []string
	forEachWord(q, func(w string) { words = append(words, w) })
	if ids := idx.intersect(words); len(ids) > 0 {
		phrase := strings.Join(words, " ")
		for _, id := range ids {
			r := reg.record(int(id))
			score := ScoreDescription
			desc := strings.ToLower(r.Description)
			if strings.Contains(desc, phrase) {
				score += 100 // the words in the query's order
			}
			// Shorter descriptions say more about the words: favour them.
			score -= min(len(desc)/8, 90)
			m.add(r, score)
		}
	}
	return m.hits
}

// intersect returns the records whose descriptions hold every word.
func (idx *searchIndex) intersect(words []string) []int32 {
	if len(words) == 0 {
		return nil
	}
	lists := make([][]int32, len(words))
	for i, w := range words {
		lists[i] = idx.words[w]
		if len(lists[i]) == 0 {
			return nil
		}
	}
	sort.Slice(lists, func(i, j int) bool { return len(lists[i]) < len(lists[j]) })
	out := append([]int32(nil), lists[0]...)
	for _, l := range lists[1:] {
		out = intersectSorted(out, l)
		if len(out) == 0 {
			return nil
		}
	}
	return out
}

func intersectSorted(a, b []int32) []int32 {
	out := a[:0]
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Hit is one search result: a port or range with the service found there.
type Hit struct {
	Port        uint16 `json:"port"`
	To          uint16 `json:"to"`
	Protocol    string `json:"protocol"` // "tcp", "tcp/udp", or "" for a range or status
	Service     string `json:"service"`
	Description string `json:"description"`
	Score       int    `json:"score"`
}

// SortHits orders hits best first, then by port.
func sortHits(hits []Hit) {
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Port < hits[j].Port
	})
}

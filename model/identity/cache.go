package identity

import "sync"

// cache maps keys to values, remembering in which round each was last
// used, so that sweep can forget what a round did not ask for. It is safe
// for concurrent use.
type cache[K comparable, V any] struct {
	mu    sync.Mutex
	round uint64
	m     map[K]*cached[V]
}

type cached[V any] struct {
	v     V
	round uint64
}

func newCache[K comparable, V any]() *cache[K, V] {
	return &cache[K, V]{m: map[K]*cached[V]{}}
}

// get returns the value of k and marks it used in this round.
func (c *cache[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok {
		var zero V
		return zero, false
	}
	e.round = c.round
	return e.v, true
}

func (c *cache[K, V]) put(k K, v V) {
	c.mu.Lock()
	c.m[k] = &cached[V]{v: v, round: c.round}
	c.mu.Unlock()
}

func (c *cache[K, V]) drop(k K) {
	c.mu.Lock()
	delete(c.m, k)
	c.mu.Unlock()
}

// sweep forgets the keys not used in this round and starts the next.
func (c *cache[K, V]) sweep() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if e.round != c.round {
			delete(c.m, k)
		}
	}
	c.round++
}

// each calls fn for a copy of every entry (fn may use the cache).
func (c *cache[K, V]) each(fn func(K, V)) {
	c.mu.Lock()
	keys := make([]K, 0, len(c.m))
	vals := make([]V, 0, len(c.m))
	for k, e := range c.m {
		keys = append(keys, k)
		vals = append(vals, e.v)
	}
	c.mu.Unlock()
	for i := range keys {
		fn(keys[i], vals[i])
	}
}

func (c *cache[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

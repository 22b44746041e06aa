// Package ahocorasick finds every occurrence of many patterns in a text in
// one pass (the Aho–Corasick automaton), for taxonomy terms, gazetteers and
// alias tables that hold thousands of names.
//
// In: a list of patterns, once; then texts. Out: the matches of each text,
// as pattern indexes and code point offsets. A Matcher is immutable after
// Build and safe for concurrent use.
package ahocorasick

import (
	"math/bits"
	"unicode/utf8"
)

// Matcher is a compiled set of patterns.
type Matcher struct {
	// The goto function: one open-addressing table over all states,
	// keyed by state and character (a Go map per state cost several
	// times more per character of text).
	keys  []uint64 // 1 + state<<32 | character; 0: empty slot
	vals  []int32  // the next state
	shift uint     // 64 − log2(len(keys))
	fail  []int32
	out   [][]int32 // patterns ending at each state, longest first
	sizes []int     // pattern lengths in code points
}

// Match is one occurrence of a pattern.
type Match struct {
	Pattern    int // index into the patterns given to Build
	Start, End int // code point offsets, end exclusive
}

// Build compiles patterns. Empty patterns are ignored.
func Build(patterns []string) *Matcher {
	m := &Matcher{fail: []int32{0}, out: [][]int32{nil}, sizes: make([]int, len(patterns))}
	// The trie, in maps while it grows.
	next := []map[rune]int32{{}}
	edges := 0
	for i, p := range patterns {
		m.sizes[i] = utf8.RuneCountInString(p)
		if p == "" {
			continue
		}
		s := int32(0)
		for _, r := range p {
			n, ok := next[s][r]
			if !ok {
				n = int32(len(next))
				next = append(next, map[rune]int32{})
				m.fail = append(m.fail, 0)
				m.out = append(m.out, nil)
				next[s][r] = n
				edges++
			}
			s = n
		}
		m.out[s] = append(m.out[s], int32(i))
	}
	// Breadth-first: a state's failure link is the longest proper suffix
	// of its path that is also a path from the root.
	queue := make([]int32, 0, len(next))
	for _, n := range next[0] {
		queue = append(queue, n)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for r, n := range next[s] {
			queue = append(queue, n)
			f := m.fail[s]
			for f != 0 {
				if _, ok := next[f][r]; ok {
					break
				}
				f = m.fail[f]
			}
			if t, ok := next[f][r]; ok && t != n {
				m.fail[n] = t
			}
			m.out[n] = append(m.out[n], m.out[m.fail[n]]...)
		}
	}
	// The goto table, at most half full.
	size := 1 << bits.Len(uint(2*edges+1))
	m.keys, m.vals = make([]uint64, size), make([]int32, size)
	m.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for s, edges := range next {
		for r, n := range edges {
			k := edgeKey(int32(s), r)
			i := m.slot(k)
			m.keys[i], m.vals[i] = k, n
		}
	}
	return m
}

// edgeKey is the goto table's key of the edge from state s on r.
func edgeKey(s int32, r rune) uint64 { return 1 + (uint64(s)<<32 | uint64(uint32(r))) }

// slot returns the slot holding k, or the empty slot where it goes.
func (m *Matcher) slot(k uint64) int {
	mask := len(m.keys) - 1
	for i := int((k * 0x9e3779b97f4a7c15) >> m.shift); ; i = (i + 1) & mask {
		if m.keys[i] == k || m.keys[i] == 0 {
			return i
		}
	}
}

// step follows the edge from state s on r, if there is one.
func (m *Matcher) step(s int32, r rune) (int32, bool) {
	i := m.slot(edgeKey(s, r))
	return m.vals[i], m.keys[i] != 0
}

// FindAll returns every match in text, overlapping ones included, ordered by
// end offset and, at the same end, longest first.
func (m *Matcher) FindAll(text string) []Match {
	var out []Match
	s := int32(0)
	pos := 0
	for _, r := range text {
		pos++
		for {
			if n, ok := m.step(s, r); ok {
				s = n
				break
			}
			if s == 0 {
				break
			}
			s = m.fail[s]
		}
		for _, p := range m.out[s] {
			out = append(out, Match{Pattern: int(p), Start: pos - m.sizes[p], End: pos})
		}
	}
	return out
}

// Occurring reports which patterns occur in text at least once: element i
// of the result is true when pattern i does. It makes one pass over text and
// allocates only the result, whatever the number of occurrences.
func (m *Matcher) Occurring(text string) []bool {
	found := make([]bool, len(m.sizes))
	s := int32(0)
	for _, r := range text {
		for {
			if n, ok := m.step(s, r); ok {
				s = n
				break
			}
			if s == 0 {
				break
			}
			s = m.fail[s]
		}
		for _, p := range m.out[s] {
			found[p] = true
		}
	}
	return found
}

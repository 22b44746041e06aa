// Package ahocorasick finds every occurrence of many patterns in a text in
// one pass (the Aho–Corasick automaton), for taxonomy terms, gazetteers and
// alias tables that hold thousands of names.
//
// In: a list of patterns, once; then texts. Out: the matches of each text,
// as pattern indexes and code point offsets. A Matcher is immutable after
// Build and safe for concurrent use.
package ahocorasick

import "unicode/utf8"

// Matcher is a compiled set of patterns.
type Matcher struct {
	next  []map[rune]int32 // goto function, per state
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
	m := &Matcher{next: []map[rune]int32{{}}, fail: []int32{0}, out: [][]int32{nil}, sizes: make([]int, len(patterns))}
	for i, p := range patterns {
		m.sizes[i] = utf8.RuneCountInString(p)
		if p == "" {
			continue
		}
		s := int32(0)
		for _, r := range p {
			n, ok := m.next[s][r]
			if !ok {
				n = int32(len(m.next))
				m.next = append(m.next, map[rune]int32{})
				m.fail = append(m.fail, 0)
				m.out = append(m.out, nil)
				m.next[s][r] = n
			}
			s = n
		}
		m.out[s] = append(m.out[s], int32(i))
	}
	// Breadth-first: a state's failure link is the longest proper suffix
	// of its path that is also a path from the root.
	queue := make([]int32, 0, len(m.next))
	for _, n := range m.next[0] {
		queue = append(queue, n)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for r, n := range m.next[s] {
			queue = append(queue, n)
			f := m.fail[s]
			for f != 0 {
				if _, ok := m.next[f][r]; ok {
					break
				}
				f = m.fail[f]
			}
			if t, ok := m.next[f][r]; ok && t != n {
				m.fail[n] = t
			}
			m.out[n] = append(m.out[n], m.out[m.fail[n]]...)
		}
	}
	return m
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
			if n, ok := m.next[s][r]; ok {
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
			if n, ok := m.next[s][r]; ok {
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

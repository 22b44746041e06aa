package entopic

import (
	"slices"
	"unicode/utf8"
)

// RuneCounter converts byte offsets of a string into code point offsets.
// Asked for increasing offsets, as when walking tokens left to right, it
// does the work once in all; asked for a smaller offset it counts again from
// the start. The zero value is not usable; build one with NewRuneCounter.
type RuneCounter struct {
	s    string
	b, r int // the last byte offset asked for and its code point offset
}

// NewRuneCounter returns a RuneCounter over s.
func NewRuneCounter(s string) *RuneCounter { return &RuneCounter{s: s} }

// At returns the code point offset of byte offset b (0 ≤ b ≤ len(s)).
func (c *RuneCounter) At(b int) int {
	if b < c.b {
		c.b, c.r = 0, 0
	}
	c.r += utf8.RuneCountInString(c.s[c.b:b])
	c.b = b
	return c.r
}

// ByteOffsets returns, for each code point offset 0…n of s, its byte offset:
// the inverse of RuneCounter for code that slices by code points.
func ByteOffsets(s string) []int {
	offs := make([]int, 0, len(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

// SentenceTokens returns the tokens of the sentence spanning s: tokens are
// in order and lie within their sentence, so they are found by binary
// search.
func (d *Doc) SentenceTokens(s Span) []Token {
	i, _ := slices.BinarySearchFunc(d.Tokens, s.Start, func(t Token, p int) int { return t.Start - p })
	j, _ := slices.BinarySearchFunc(d.Tokens[i:], s.End+1, func(t Token, p int) int { return t.End - p })
	return d.Tokens[i : i+j]
}

// SentenceAt returns the index of the sentence holding code point pos, or
// of the nearest one when pos falls between sentences (0 when there are
// none).
func (d *Doc) SentenceAt(pos int) int {
	i, found := slices.BinarySearchFunc(d.Sentences, pos, func(s Span, p int) int {
		switch {
		case s.End <= p:
			return -1
		case s.Start > p:
			return 1
		}
		return 0
	})
	if found {
		return i
	}
	return max(0, min(i, len(d.Sentences)-1))
}

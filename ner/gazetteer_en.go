package ner

import (
	"bufio"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Gazetteer holds lists of English names by kind (city, country, first
// name, last name, university …) for the English features: which names of
// which kinds cover a word, and where in the name it stands. Build it with
// NewGazetteer; it is read-only afterwards and safe for concurrent use.
type Gazetteer struct {
	kinds []string
	// names maps the hash of a name's lower-cased words to a bit per kind
	// (bit k: kinds[k]) and gazLonger when a longer name goes on from
	// there.
	names  index
	maxLen int
}

const (
	gazLonger   = 1 << 31
	maxGazWords = 6
	maxGazKinds = 31
)

// NewGazetteer reads "KIND<TAB>name" lines (models/data/gazetteer-en.tsv;
// # starts a comment). Names of more than six words, and kinds after the
// 31st, are left out.
func NewGazetteer(text string) *Gazetteer {
	g := &Gazetteer{}
	kindOf := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		kind, name, ok := strings.Cut(sc.Text(), "\t")
		if !ok || strings.HasPrefix(kind, "#") {
			continue
		}
		k, ok := kindOf[kind]
		if !ok {
			if len(g.kinds) == maxGazKinds {
				continue
			}
			k = len(g.kinds)
			kindOf[kind] = k
			g.kinds = append(g.kinds, kind)
		}
		words := strings.Fields(strings.ToLower(name))
		if len(words) == 0 || len(words) > maxGazWords {
			continue
		}
		g.maxLen = max(g.maxLen, len(words))
		h := newHash(0)
		for i, w := range words {
			h = h.str(w)
			if i < len(words)-1 {
				g.names.or(uint64(h), gazLonger)
			}
		}
		g.names.or(uint64(h), 1<<k)
	}
	return g
}

// gazMatch is a name of the gazetteer found in a sentence: words
// [start, end) and the kinds it has.
type gazMatch struct {
	start, end int
	kinds      uint32
}

// find returns the names of the gazetteer in a sentence of lower-cased
// words. A name must start with a word that starts with a capital
// (words, as written): "may" is not the month, nor "bath" the city.
func (g *Gazetteer) find(words, lower []string, out []gazMatch) []gazMatch {
	if g == nil {
		return out
	}
	for i := range lower {
		r, _ := utf8.DecodeRuneInString(words[i])
		if !unicode.IsUpper(r) {
			continue
		}
		h := newHash(0)
		for j := i; j < len(lower) && j-i < g.maxLen; j++ {
			h = h.str(lower[j])
			v, ok := g.names.get(uint64(h))
			if !ok {
				break
			}
			if kinds := v &^ gazLonger; kinds != 0 {
				out = append(out, gazMatch{i, j + 1, kinds})
			}
			if v&gazLonger == 0 {
				break
			}
		}
	}
	return out
}

// kindNames yields the names of the kinds whose bits are set, in bit order.
func (g *Gazetteer) kindNames(bits uint32) func(yield func(int, string) bool) {
	return func(yield func(int, string) bool) {
		for k := 0; bits != 0; k++ {
			if bits&1 != 0 && !yield(k, g.kinds[k]) {
				return
			}
			bits >>= 1
		}
	}
}

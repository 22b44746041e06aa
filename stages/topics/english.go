package topics

import (
	"strings"
	"unicode"

	"github.com/entopic/entopic/internal/ahocorasick"
	"github.com/kljensen/snowball/english"
)

// englishTerms finds English terms word by word, so that a term matches
// its inflections and a phrase matches across them: "interest rate" finds
// "interest rates", "raises rates" finds "raised rates". A term written in
// lower case is compared on the Snowball (Porter 2) stems of its words; a
// term that holds a capital letter names something (Wall Street, Nasdaq,
// Yankees) and is compared on its words exactly as written, so that the
// team does not match "yankee" and the index not "nasdaq.com". Terms in
// capitals only (NBA, WHO) are searched as written by the acronym matcher
// instead.
type englishTerms struct {
	// first maps a phrase's first key to the phrases that start with it,
	// as indexes into phrases; keys are stems or, for names, "=" + word.
	first   map[string][]int
	phrases [][]string
	words   [][]string // per phrase: its words in lower case, for inflected
	refs    []int      // per phrase: its index in Tagger.enT
}

// stemKey returns the key a lower-case word is compared on.
func stemKey(w string) string { return english.Stem(w, false) }

// nameKey returns the key a word of a name is compared on.
func nameKey(w string) string { return "=" + w }

// hasUpper reports whether a term holds a capital letter.
func hasUpper(s string) bool { return strings.IndexFunc(s, unicode.IsUpper) >= 0 }

func newEnglishTerms() *englishTerms { return &englishTerms{first: map[string][]int{}} }

// add adds a term; ref is its index in Tagger.enT.
func (e *englishTerms) add(term string, ref int) {
	name := hasUpper(term)
	var keys, lower []string
	for _, w := range words(term) {
		lower = append(lower, strings.ToLower(w.text))
		if name {
			keys = append(keys, nameKey(w.text))
		} else {
			keys = append(keys, stemKey(lower[len(lower)-1]))
		}
	}
	if len(keys) == 0 {
		return
	}
	e.addKeys(keys, lower, ref)
	// A name that starts in lower case (eBay, iPod) starts with a capital
	// in a headline written in title case (EBay Auction).
	if !name {
		return
	}
	if first := []rune(strings.TrimPrefix(keys[0], nameKey(""))); unicode.IsLower(first[0]) {
		first[0] = unicode.ToUpper(first[0])
		e.addKeys(append([]string{nameKey(string(first))}, keys[1:]...), lower, ref)
	}
}

func (e *englishTerms) addKeys(keys, lower []string, ref int) {
	e.first[keys[0]] = append(e.first[keys[0]], len(e.phrases))
	e.phrases = append(e.phrases, keys)
	e.words = append(e.words, lower)
	e.refs = append(e.refs, ref)
}

// word is a run of letters or digits in a text, at rune offsets.
type word struct {
	text       string
	start, end int
}

// words cuts a text into runs of letters and digits (Han characters
// excluded: they are matched by the Chinese terms).
func words(text string) []word {
	var out []word
	start, pos := -1, 0
	var b strings.Builder
	flush := func() {
		if start >= 0 {
			out = append(out, word{b.String(), start, pos})
			b.Reset()
			start = -1
		}
	}
	for _, r := range text {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.Is(unicode.Han, r) {
			if start < 0 {
				start = pos
			}
			b.WriteRune(r)
		} else {
			flush()
		}
		pos++
	}
	flush()
	return out
}

// find returns every phrase found in text, as matches at rune offsets whose
// Pattern is the phrase's index in Tagger.enT. Overlaps are left to the
// caller, which keeps the longest.
func (e *englishTerms) find(text string) []ahocorasick.Match {
	ws := words(text)
	if len(ws) == 0 || len(e.phrases) == 0 {
		return nil
	}
	// Each word's keys, computed once: its stem (for ASCII words) and its
	// name key.
	stems := make([]string, len(ws))
	names := make([]string, len(ws))
	lower := make([]string, len(ws))
	for i, w := range ws {
		names[i] = nameKey(w.text)
		if isASCIILetters(w.text) {
			lower[i] = strings.ToLower(w.text)
			stems[i] = stemKey(lower[i])
		}
	}
	// same says whether word k of the text is word j of phrase p.
	same := func(p, j, k int) bool {
		if key := e.phrases[p][j]; key == names[k] {
			return true
		} else if key != stems[k] {
			return false
		}
		return inflected(e.words[p][j], lower[k])
	}
	var out []ahocorasick.Match
	for i, w := range ws {
		for _, key := range [2]string{stems[i], names[i]} {
			if key == "" {
				continue
			}
		phrases:
			for _, p := range e.first[key] {
				ph := e.phrases[p]
				if i+len(ph) > len(ws) {
					continue
				}
				for k := range ph {
					if !same(p, k, i+k) {
						continue phrases
					}
				}
				out = append(out, ahocorasick.Match{Start: w.start, End: ws[i+len(ph)-1].end, Pattern: e.refs[p]})
			}
		}
	}
	return out
}

// inflected reports whether two words of the same stem are forms of one
// word that differ by an inflection only (rate, rates, rated; company,
// companies; stop, stopped), not by a derivation the stemmer also strips:
// "celebrating" is not "celebrities", nor "customer" "customs", nor
// "renewed" "renewable", though each pair shares a Snowball stem.
func inflected(a, b string) bool {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	ra, rb := a[p:], b[p:]
	// A consonant doubled before the ending: stop → stopped, run → running.
	if p > 0 {
		if len(ra) > 1 && ra[0] == a[p-1] {
			ra = ra[1:]
		}
		if len(rb) > 1 && rb[0] == b[p-1] {
			rb = rb[1:]
		}
	}
	// premier is not premiere: a silent e alone marks another word.
	if ra+rb == "e" {
		return false
	}
	return inflection[ra] && inflection[rb]
}

// inflection holds what may follow the part two inflected forms share.
var inflection = map[string]bool{
	"": true, "s": true, "es": true, "e": true, "ed": true, "d": true, "ing": true,
	"y": true, "ies": true, "ied": true, "ying": true, "ie": true, "'s": true,
}

// isASCIILetters reports a word the English stemmer applies to.
func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

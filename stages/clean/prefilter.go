package clean

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// Cue rules are regular expressions over lines, and most lines match none
// of them. Running forty expressions over every line cost more than all
// the rest of cleaning, so each rule knows a small set of characters one of
// which any line it matches holds (分享到|扫一扫 needs 分 or 扫), and a line
// is tried only against the rules some character of it may trigger. A
// rule with no such set (one that can match anything) is always tried.

// maxNeeded bounds the characters a rule's set may hold; a set larger than
// that filters little and the rule is always tried.
const maxNeeded = 64

// needed returns the characters one of which every match of the parsed
// expression holds, or ok false when there is no such set of at most
// maxNeeded characters. An expression that can match the empty string has
// none.
func needed(re *syntax.Regexp) (set map[rune]bool, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil, false
		}
		return foldSet([]rune{re.Rune[0]}, re.Flags&syntax.FoldCase != 0), true
	case syntax.OpCharClass:
		var rs []rune
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi-lo+1 > maxNeeded || len(rs)+int(hi-lo+1) > maxNeeded {
				return nil, false
			}
			for r := lo; r <= hi; r++ {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			return nil, false
		}
		return foldSet(rs, re.Flags&syntax.FoldCase != 0), true
	case syntax.OpCapture, syntax.OpPlus:
		return needed(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min == 0 {
			return nil, false
		}
		return needed(re.Sub[0])
	case syntax.OpConcat:
		// Any child's set will do; the smallest filters best.
		var best map[rune]bool
		for _, sub := range re.Sub {
			if s, ok := needed(sub); ok && (best == nil || len(s) < len(best)) {
				best = s
			}
		}
		return best, best != nil
	case syntax.OpAlternate:
		union := map[rune]bool{}
		for _, sub := range re.Sub {
			s, ok := needed(sub)
			if !ok {
				return nil, false
			}
			for r := range s {
				union[r] = true
			}
			if len(union) > maxNeeded {
				return nil, false
			}
		}
		return union, true
	}
	return nil, false // empty-width, any character, star, quest: nothing is needed
}

// foldSet returns the runes as a set, with their other cases when fold.
func foldSet(rs []rune, fold bool) map[rune]bool {
	set := make(map[rune]bool, len(rs))
	for _, r := range rs {
		set[r] = true
		if fold {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				set[f] = true
			}
		}
	}
	return set
}

// ruleIndex finds, for a line, the rules worth trying on it.
type ruleIndex struct {
	byRune map[rune][]uint64 // character → the rules that need it (bit i: rule i)
	always []uint64          // the rules that need no character
	words  int
}

// newRuleIndex indexes rules by the characters their expressions need.
func newRuleIndex(exprs []string) ruleIndex {
	x := ruleIndex{byRune: map[rune][]uint64{}, words: (len(exprs) + 63) / 64}
	x.always = make([]uint64, x.words)
	for i, expr := range exprs {
		re, err := syntax.Parse(expr, syntax.Perl)
		var set map[rune]bool
		ok := false
		if err == nil {
			set, ok = needed(re.Simplify())
		}
		if !ok {
			x.always[i/64] |= 1 << (i % 64)
			continue
		}
		for r := range set {
			bits := x.byRune[r]
			if bits == nil {
				bits = make([]uint64, x.words)
				x.byRune[r] = bits
			}
			bits[i/64] |= 1 << (i % 64)
		}
	}
	return x
}

// candidates returns the rules worth trying on t, as a bit set.
func (x ruleIndex) candidates(t string, buf []uint64) []uint64 {
	buf = append(buf[:0], x.always...)
	for i := 0; i < len(t); {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(t[i:])
		}
		i += size
		if bits, ok := x.byRune[r]; ok {
			for w := range bits {
				buf[w] |= bits[w]
			}
		}
	}
	return buf
}

// has reports whether rule i is in the bit set.
func has(set []uint64, i int) bool { return set[i/64]&(1<<(i%64)) != 0 }

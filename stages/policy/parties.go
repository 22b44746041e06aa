package policy

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A dialogue's name often begins with who meets: a run of country
// abbreviations (中美, 中日韩), countries written out (中国—东盟), groupings
// and organisations that meet as one (上合, 八国集团, “金砖四国”, 8+5), or
// two of them joined (八国集团同发展中国家). This file reads such runs, from
// the left for a name's start and from the right for the walk from a head.

// party is one party read in a name.
type party struct {
	name  string // the name it is counted under: 中国, 上海合作组织
	group bool   // a grouping or organisation rather than a country
}

// plusGroupRE matches a grouping named by its members' numbers: 8+5, 10+3,
// 八加五.
var plusGroupRE = regexp.MustCompile(`^(?:[0-9]{1,2}\s?\+\s?[0-9]{1,2}|[一二三四五六七八九十]{1,2}加[一二三四五六七八九十]{1,2})`)

// partyJoins may stand between two parties of a run: 中国—东盟, 八国集团同
// 发展中国家. 同 joins parties only; 和, 与, 及 join parts of names as well.
const partyJoins = "与和同及、—－-–"

// partyAt reads one party at the start of s: a group (the longest form the
// table knows, in quotes or not), a grouping by numbers, a country written
// out, or a country abbreviation (only as part of a run: 中 alone is no
// party). It returns the party, the bytes it takes, and whether it is an
// abbreviation.
func (r Rules) partyAt(s string) (p party, n int, abbr bool, ok bool) {
	if strings.HasPrefix(s, "“") {
		inner, _, found := strings.Cut(s[len("“"):], "”")
		if found {
			if g, ok := r.KB.groups[inner]; ok {
				return party{g, !r.KB.kinds[g]}, len("“") + len(inner) + len("”"), false, true
			}
		}
		return party{}, 0, false, false
	}
	if m := plusGroupRE.FindString(s); m != "" {
		return party{m, true}, len(m), false, true
	}
	best := ""
	for form := range r.KB.groups {
		if len(form) > len(best) && strings.HasPrefix(s, form) {
			best = form
		}
	}
	for _, full := range r.KB.countriesZH {
		if len(full) > len(best) && strings.HasPrefix(s, full) {
			best = full
		}
	}
	if best != "" {
		if g, ok := r.KB.groups[best]; ok {
			return party{g, !r.KB.kinds[g]}, len(best), false, true
		}
		return party{best, false}, len(best), false, true
	}
	for _, k := range []int{2, 1} {
		if utf8.RuneCountInString(s) < k {
			continue
		}
		key := string([]rune(s)[:k])
		if c, ok := r.KB.participantsZH[key]; ok {
			return party{c, false}, len(key), true, true
		}
	}
	return party{}, 0, false, false
}

// partyRun reads a run of parties at the start of m and returns them, the
// rest of m, and whether a group is among them. A run is two parties or
// more (中美, 中国—东盟, 八国集团同发展中国家), or one group (上合, “金砖四国”);
// one country alone is none, for 中国互联网大会 is no meeting of parties.
func (r Rules) partyRun(m string) (parts []string, rest string, group bool) {
	rest = m
	n := 0
	for {
		p, k, _, ok := r.partyAt(rest)
		if !ok {
			break
		}
		parts = appendNew(parts, p.name)
		group = group || p.group
		n++
		rest = rest[k:]
		// A join carries the run on only to another party.
		j, size := utf8.DecodeRuneInString(rest)
		if size > 0 && strings.ContainsRune(partyJoins, j) {
			if _, _, _, ok := r.partyAt(rest[size:]); ok {
				rest = rest[size:]
				continue
			}
		}
	}
	if n < 2 && !group {
		return nil, m, false
	}
	return parts, rest, group
}

// partyEnding returns where the longest group, quoted group, grouping by
// numbers or country written out that ends at view[e] starts, or −1.
// Abbreviations are left to the word walk: 美 ends many words.
func (r Rules) partyEnding(view []rune, e int) int {
	if e > 0 && view[e-1] == '”' {
		for s := e - 2; s >= 0 && e-s <= maxGroup+2; s-- {
			if view[s] == '“' {
				if _, ok := r.KB.groups[string(view[s+1:e-1])]; ok {
					return s
				}
				break
			}
		}
		return -1
	}
	for n := min(e, maxGroup); n >= 2; n-- {
		w := string(view[e-n : e])
		if _, ok := r.KB.groups[w]; ok {
			return e - n
		}
		if r.KB.isCountry(w) {
			return e - n
		}
	}
	// 8+5, 八加五: digits and a plus at most five code points back.
	for s := max(0, e-5); s < e-2; s++ {
		if m := plusGroupRE.FindString(string(view[s:e])); m != "" && utf8.RuneCountInString(m) == e-s {
			return s
		}
	}
	return -1
}

// maxGroup bounds the length of a group's name.
const maxGroup = 12

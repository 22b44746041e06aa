package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/entopic/entopic"
)

// english finds capitalised English names of policy documents (National
// Cyberspace Security Strategy, International Strategy of Cooperation on
// Cyberspace, the Paris Agreement) and of dialogues (China-US Law
// Enforcement and Cybersecurity Dialogue) in sentences without Han
// characters, from the tokens of the segment stage.
func (r Rules) english(d *entopic.Doc, text []rune) []entopic.Mention {
	var out []entopic.Mention
	for _, s := range d.Sentences {
		if strings.IndexFunc(string(text[s.Start:s.End]), isHan) >= 0 {
			continue
		}
		out = append(out, r.englishSentence(d.SentenceTokens(s))...)
	}
	return out
}

// connectors may join the capitalised words of a name.
var connectors = map[string]bool{"of": true, "on": true, "for": true, "and": true, "&": true, "to": true, "the": true, "in": true}

// continuers may follow a head and carry its name on.
var continuers = map[string]bool{"of": true, "on": true, "for": true, "to": true, "between": true, "in": true}

// ordinalsEN are ordinal words before a dialogue's name.
var ordinalsEN = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8,
	"9th": 9, "10th": 10, "inaugural": 1,
}

func (r Rules) englishSentence(toks []entopic.Token) []entopic.Mention {
	var out []entopic.Mention
	for i := 0; i < len(toks); i++ {
		h, typ, hs, ok := r.englishHeadEnding(toks, i)
		if !ok {
			continue
		}
		// Left: capitalised words, joined by connectors.
		ns := hs
		for j := hs - 1; j >= 0; j-- {
			w := toks[j].Text
			if capitalised(w) {
				ns = j
				continue
			}
			if connectors[w] && w != "the" && j > 0 && capitalised(toks[j-1].Text) {
				continue
			}
			break
		}
		// Right: "of Cooperation on Cyberspace", "on the Non-Proliferation
		// of Nuclear Weapons": connectors, then capitalised words.
		ne := i
		for j := i + 1; j < len(toks); {
			// A name goes on after its head with of, on, for, to or
			// between ("Agreement on Trade in Services"), not with and
			// ("the Paris Agreement and the European Union" are two),
			// and a meeting not with in (the G20 Summit in Hangzhou).
			if j >= len(toks) || !continuers[toks[j].Text] || typ == entopic.TypeDialogue && toks[j].Text == "in" {
				break
			}
			k := j
			for k < len(toks) && connectors[toks[k].Text] && k-j < 2 {
				k++
			}
			if k == j || k >= len(toks) || !capitalised(toks[k].Text) {
				break
			}
			for k < len(toks) && capitalised(toks[k].Text) {
				ne = k
				k++
			}
			j = k
		}
		// Take off what precedes the name: ordinals, participants,
		// generic words.
		var parts []string
		ordinal := 0
		for ns < hs {
			w := toks[ns].Text
			lw := strings.ToLower(w)
			if v, ok := ordinalsEN[lw]; ok {
				ordinal = v
				ns++
				continue
			}
			if p := r.participantsEN(w); len(p) > 0 && (len(p) > 1 || ns+1 < hs) {
				parts = appendNew(parts, p...)
				ns++
				continue
			}
			if r.KB.stripEN[lw] || connectors[lw] {
				ns++
				continue
			}
			break
		}
		if ns == hs && ne == i {
			continue // a head alone is no name
		}
		if ordinal == 0 {
			ordinal = ordinalBefore(toks, ns)
		}
		m := entopic.Mention{
			Span: entopic.Span{Start: toks[ns].Start, End: toks[ne].End}, Type: typ, Subtype: h.subtype,
			Normalized: joinTokens(toks[ns : ne+1]), Method: entopic.MethodRule, Confidence: confDialogue,
		}
		if typ == entopic.TypeDialogue {
			m.Ordinal, m.Participants = ordinal, parts
			if len(parts) == 0 && ns > 0 {
				m.Participants = r.participantsEN(toks[ns-1].Text)
			}
		}
		out = append(out, m)
		i = ne
	}
	return out
}

// englishHeadEnding returns the longest policy or dialogue head whose last
// word is toks[i], its mention type and the index of its first word.
func (r Rules) englishHeadEnding(toks []entopic.Token, i int) (head, string, int, bool) {
	for _, group := range []struct {
		heads []head
		typ   string
	}{{r.KB.dialogueEN, entopic.TypeDialogue}, {r.KB.policyEN, entopic.TypePolicy}} {
		last := strings.ToLower(toks[i].Text)
		for _, h := range group.heads {
			words := h.words
			if !strings.EqualFold(words[len(words)-1], last) {
				continue
			}
			s := i - len(words) + 1
			if s < 0 {
				continue
			}
			match := true
			for k, w := range words {
				t := toks[s+k].Text
				// A meeting's head may be lowercase after its name (the
				// G20 summit); a document's is capitalised.
				if t != w && !(group.typ == entopic.TypeDialogue && len(words) == 1 && s > 0 &&
					t == strings.ToLower(w) && capitalised(toks[s-1].Text)) {
					match = false
					break
				}
			}
			if match {
				return h, group.typ, s, true
			}
		}
	}
	return head{}, "", 0, false
}

// participantsEN reads the countries a word names: China, US, or a
// hyphenated pair such as China-US.
func (r Rules) participantsEN(w string) []string {
	var out []string
	for _, part := range strings.Split(w, "-") {
		c, ok := r.KB.participantsEN[part]
		if !ok {
			return nil
		}
		out = appendNew(out, c)
	}
	return out
}

// ordinalBefore finds an ordinal among the four words before a name ("the
// fourth round of", "the first").
func ordinalBefore(toks []entopic.Token, ns int) int {
	for j := ns - 1; j >= 0 && j >= ns-4; j-- {
		if v, ok := ordinalsEN[strings.ToLower(toks[j].Text)]; ok {
			return v
		}
	}
	return 0
}

// capitalised reports a word that starts with a capital letter.
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// joinTokens writes tokens with single spaces where the text had space.
func joinTokens(toks []entopic.Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.Start > toks[i-1].End {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

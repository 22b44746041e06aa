package policy

import (
	"regexp"
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
		toks := d.SentenceTokens(s)
		if titleCase(toks) {
			continue // a headline capitalises every word: capitals name nothing there
		}
		out = append(out, r.englishSentence(toks)...)
	}
	return out
}

// titleCase reports a sentence whose words of four letters or more, four
// or more of them, are all capitalised but for function words, as
// headlines write them (Microsoft and Dell Get Air Force Pact); a
// sentence has a verb or a noun in lower case.
func titleCase(toks []entopic.Token) bool {
	long := 0
	for _, t := range toks {
		if utf8.RuneCountInString(t.Text) < 4 || !unicode.IsLetter([]rune(t.Text)[0]) || functionWords[strings.ToLower(t.Text)] {
			continue
		}
		if !capitalised(t.Text) {
			return false
		}
		long++
	}
	return long >= 4
}

// functionWords are the words of four letters or more that headlines
// leave in lower case.
var functionWords = map[string]bool{"with": true, "from": true, "into": true, "over": true, "about": true, "after": true,
	"than": true, "that": true, "this": true, "upon": true, "onto": true, "amid": true, "against": true, "before": true}

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
		if m, ok := r.tradeDeal(toks, i); ok {
			out = append(out, m)
			i++
			continue
		}
		h, typ, hs, ok := r.englishHeadEnding(toks, i)
		if !ok {
			continue
		}
		// A capitalised head followed by a capitalised word is part of
		// another name: President Bill Clinton, the Summit Group.
		if i+1 < len(toks) && capitalised(toks[i].Text) && capitalised(toks[i+1].Text) && !allCaps(toks[i].Text) {
			continue
		}
		lower := !capitalised(toks[hs].Text)
		if lower {
			if m, ok := r.ordinalDialogue(toks, h, typ, hs, i); ok {
				out = append(out, m)
				continue
			}
		}
		// Left: capitalised words, joined by connectors; before a
		// lowercase head, over a word that says what it is about first
		// (the Dayton peace accord).
		name := hs
		for lower && name > 0 && hs-name < 2 && r.KB.topicsEN[toks[name-1].Text] {
			name--
		}
		if lower && name == hs && r.KB.topicHeadsEN[toks[hs].Text] {
			continue // the process: a peace process names one
		}
		ns := name
		for j := name - 1; j >= 0; j-- {
			w := toks[j].Text
			if capitalised(w) {
				ns = j
				continue
			}
			// Of joins a name on the left only to its head's words
			// (Results of Australian Rules are two things).
			if connectors[w] && w != "the" && w != "of" && j > 0 && capitalised(toks[j-1].Text) {
				continue
			}
			break
		}
		// Right: "of Cooperation on Cyberspace", "on Trade and
		// Investment", "on the Non-Proliferation of Nuclear Weapons":
		// a continuer, then capitalised words joined by connectors.
		ne := i
		for j := i + 1; j < len(toks); {
			// A name goes on after its head with of, on, for, to or
			// between ("Agreement on Trade in Services"), not with and
			// ("the Paris Agreement and the European Union" are two),
			// and a meeting not with in (the G20 Summit in Hangzhou).
			if lower || !continuers[toks[j].Text] || typ == entopic.TypeDialogue && toks[j].Text == "in" {
				break
			}
			k := j
			for k < len(toks) && connectors[toks[k].Text] && k-j < 2 {
				k++
			}
			if k == j || k >= len(toks) || !capitalised(toks[k].Text) {
				break
			}
			for k < len(toks) {
				if capitalised(toks[k].Text) {
					ne = k
					k++
					continue
				}
				if connectors[toks[k].Text] && toks[k].Text != "to" && k+1 < len(toks) && capitalised(toks[k+1].Text) &&
					!(typ == entopic.TypeDialogue && toks[k].Text == "in") {
					k++
					continue
				}
				break
			}
			j = k
		}
		// A number after an instrument's name: Executive Order 14028,
		// Resolution 1441, COUNCIL REGULATION (EEC) No 4064/89. A head
		// in capitals is one only so (headlines are in capitals).
		numbered := false
		if typ == entopic.TypePolicy && !lower {
			if end, ok := instrumentNumber(toks, ne+1); ok {
				ne, numbered = end, true
			}
		}
		if allCaps(toks[i].Text) && !numbered {
			continue
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
		if ns == hs && ne == i && !numbered {
			continue // a head alone is no name
		}
		if ns < hs && r.KB.notNamesEN[toks[ns].Text] {
			continue // the Democratic Convention: a party's, not a treaty
		}
		if lower && (!r.namedBefore(toks, ns, name) || ns == 0 && name-ns == 1) {
			continue // Peace talks, an Islamist conference, Nuclear pact (a sentence's first word): no name
		}
		if ne == i && !numbered && ns < hs && r.onlyPeoples(toks[ns:hs]) {
			continue // Australian Rules, the Venezuelan Agenda: a people's, not a name
		}
		if ns >= 3 && toks[ns-1].Text == "the" && toks[ns-2].Text == "of" && capitalised(toks[ns-3].Text) {
			continue // the Organisation of the Islamic Conference: part of another name
		}
		if r.KB.needsMore[h.text] && !(ne > i && (toks[i+1].Text == "on" || toks[i+1].Text == "for")) &&
			!r.international(toks[ns:hs]) && len(parts) == 0 {
			continue // the Western Conference, National Conference of Bishops: no meeting of countries
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

// ordinalDialogue finds a lowercase dialogue named by what it is about
// after an ordinal: the first comprehensive dialogue, the second
// China-US strategic and economic dialogue. Words that say only how the
// parties talk name nothing (the first direct talks).
func (r Rules) ordinalDialogue(toks []entopic.Token, h head, typ string, hs, i int) (entopic.Mention, bool) {
	if typ != entopic.TypeDialogue || hs != i {
		return entopic.Mention{}, false
	}
	s := hs
	named := false
	for s > 0 && hs-s < 5 {
		w := toks[s-1]
		switch {
		case w.Text == "and" && s < hs && s > 1 && strings.HasPrefix(toks[s-2].POS, "JJ"):
		case (strings.HasPrefix(w.POS, "JJ") || w.POS == "NN") && !capitalised(w.Text) && ordinalsEN[w.Text] == 0:
			named = named || !r.KB.stripEN[w.Text] && !r.KB.genericEN[w.Text]
		default:
			goto done
		}
		s--
	}
done:
	if !named || s == hs {
		return entopic.Mention{}, false
	}
	ns := s
	var parts []string
	if s > 0 {
		if p := r.participantsEN(toks[s-1].Text); len(p) > 1 {
			parts, s = p, s-1
		}
	}
	if s == 0 || ordinalsEN[strings.ToLower(toks[s-1].Text)] == 0 {
		return entopic.Mention{}, false
	}
	return entopic.Mention{
		Span: entopic.Span{Start: toks[ns].Start, End: toks[hs].End}, Type: typ, Subtype: h.subtype,
		Normalized: joinTokens(toks[ns : hs+1]), Method: entopic.MethodRule, Confidence: confCued,
		Ordinal: ordinalsEN[strings.ToLower(toks[s-1].Text)], Participants: parts,
	}, true
}

// namedBefore reports whether the words before a lowercase head name it:
// proper nouns that are not a people or a faith (Helsinki summit, Camp
// David talks; not Islamist conference, Afghan talks), nor a country
// alone (China talks).
func (r Rules) namedBefore(toks []entopic.Token, ns, hs int) bool {
	if ns >= hs {
		return false
	}
	for j := ns; j < hs; j++ {
		w := toks[j].Text
		if !capitalised(w) || toks[j].POS != "NNP" && toks[j].POS != "NNPS" && toks[j].POS != "CD" {
			return false
		}
		if len(r.participantsEN(w)) > 0 || demonymRE.MatchString(w) {
			return false
		}
	}
	return true
}

// onlyPeoples reports a name made only of words that name peoples or
// countries: Australian, Venezuelan, Chinese.
func (r Rules) onlyPeoples(toks []entopic.Token) bool {
	for _, t := range toks {
		if !demonymRE.MatchString(t.Text) && len(r.participantsEN(t.Text)) == 0 {
			return false
		}
	}
	return true
}

// international reports a name that says its meeting is between
// countries: World Conference, Ministerial Conference, UN Conference.
func (r Rules) international(toks []entopic.Token) bool {
	for _, t := range toks {
		if r.KB.internationalEN[t.Text] || len(r.participantsEN(t.Text)) > 0 {
			return true
		}
	}
	return false
}

// demonymRE matches words that name a people, a faith or a movement
// rather than a place: Islamist, Chinese, Afghan, Arab.
var demonymRE = regexp.MustCompile(`(?:ist|ists|ese|ish|ian|ians|an|ans|ic|ab)$`)

// instrumentNumber reads the number of an instrument written from
// toks[i]: an optional acronym in parentheses, an optional No or No., and
// a number (14028, 4064/89, 95/46/EC). It returns the index of its last
// token.
func instrumentNumber(toks []entopic.Token, i int) (int, bool) {
	if i+2 < len(toks) && toks[i].Text == "(" && allCaps(toks[i+1].Text) && toks[i+2].Text == ")" {
		i += 3
	}
	if i < len(toks) {
		switch toks[i].Text {
		case "No", "No.", "no.", "Number", "Nos":
			i++
			if i < len(toks) && toks[i].Text == "." {
				i++
			}
		}
	}
	if i < len(toks) && instrumentNumberRE.MatchString(toks[i].Text) {
		return i, true
	}
	return 0, false
}

// instrumentNumberRE matches the number of a regulation, an order or a
// resolution.
var instrumentNumberRE = regexp.MustCompile(`^[0-9]{1,5}(?:[/-][0-9]{1,5})*(?:/[A-Z]{2,4})?$`)

// allCaps reports a word of two letters or more written in capitals.
func allCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

// tradeDeal finds a deal named by what is traded, a hyphenated compound
// with a preposition inside, before a lowercase agreement head:
// oil-for-food deal, land-for-peace accord.
func (r Rules) tradeDeal(toks []entopic.Token, i int) (entopic.Mention, bool) {
	if i+1 >= len(toks) {
		return entopic.Mention{}, false
	}
	parts := strings.Split(toks[i].Text, "-")
	sub, ok := r.KB.dealHeadsEN[strings.ToLower(toks[i+1].Text)]
	if len(parts) < 3 || !ok {
		return entopic.Mention{}, false
	}
	for _, p := range parts[1 : len(parts)-1] {
		if p == "for" || p == "to" || p == "against" {
			return entopic.Mention{
				Span: entopic.Span{Start: toks[i].Start, End: toks[i+1].End}, Type: entopic.TypePolicy, Subtype: sub,
				Normalized: joinTokens(toks[i : i+2]), Method: entopic.MethodRule, Confidence: confCued,
			}, true
		}
	}
	return entopic.Mention{}, false
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
				// A head is capitalised, or written in capitals
				// (COUNCIL REGULATION), or, for some, lowercase after
				// its name (the G20 summit, the Dayton accord).
				if t != w && !(allCaps(t) && strings.EqualFold(t, w)) && !(len(words) == 1 && s > 0 &&
					t == strings.ToLower(w) && r.KB.lowercaseEN[t]) {
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

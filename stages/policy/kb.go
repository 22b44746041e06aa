// Package policy finds the policy documents and the named dialogues and
// mechanisms an article talks about, with the attributes analysts count
// them by.
//
// In: Doc.Text, Doc.Lang, Doc.Tokens, Doc.Published (for relative dates)
// and, after the entities stage has resolved overlaps, Doc.Mentions. Out:
// POLICY and DIALOGUE mentions (proposed through the entities stage's
// Recognizer interface) with subtype, normalized name, participants and
// ordinal; then, on the resolved mentions (the Enricher step), their dates,
// issuers, participants shared between mentions of one dialogue, and short
// titles resolved to the full ones (《战略》 → 网络空间国际合作战略).
//
// The rules are driven by models/data/policy.yaml: heads of policy
// documents and dialogues by subtype, media titles that are not policy,
// generic words that make no name, words that end a name, country
// abbreviations for participants, and issuing verbs. Chinese rules read
// traditional text through simplified characters (package hanzi).
package policy

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
)

// KB is the knowledge the rules use, parsed from models/data/policy.yaml.
// It is read-only after Parse and safe for concurrent use.
type KB struct {
	policyZH, policyEN     []head // longest first
	dialogueZH, dialogueEN []head
	dialogueByLast         map[rune][]head // Chinese dialogue heads by last character, longest first
	notHeads, media        []string
	generic, strippable    map[string]bool
	stripEN                map[string]bool
	stops                  map[string]bool
	participantsZH         map[string]string
	participantsEN         map[string]string
	issueZH, issueEN       []string
	mechanismCues          []string
	trailing               []head // longest first
	titleCues              []string
	groups                 map[string]string // group forms (上合) → names (上海合作组织)
	countriesZH            []string          // countries written out (中国), from participantsZH
	partyHeads             map[string]bool   // meeting heads that need parties in the name
	keepParties            map[string]bool   // subtypes whose names keep their parties
	keepGroups             map[string]bool   // subtypes whose names keep a group among their parties
	kinds                  map[string]bool   // groups that are kinds of countries (发展中国家)
	determiners            map[string]bool   // words that start a name's phrase (下届)
	ceremonies             []string          // words that make a meeting a ceremony (庆祝)
	headCompounds          []string          // words that make a head part of a longer word (伙伴)
	lowercaseEN            map[string]bool   // English heads that may be lowercase after their name
	notNamesEN             map[string]bool   // English words that make a name a party's (Democratic)
	dealHeadsEN            map[string]string // lowercase heads of deals named by what is traded → subtype
	topicsEN               map[string]bool   // lowercase words between a name and its head (peace)
	genericEN              map[string]bool   // lowercase words that say only how parties talk (direct)
	bareHeads              []head            // heads of names written without brackets, longest first
	strongBare             map[string]bool   // bare heads that need no cue after a name of two words
	bareCuesBefore         map[string]bool   // verbs of law-making before a bare name
	bareCuesAfter          map[string]bool   // words of law-making after a bare name
	lawVerbs               map[string]bool   // of those, verbs that may stand a few characters on
	jurisdictions          map[string]bool   // territories whose documents they name (香港)
	placeHeads             map[string]bool   // summit heads that need parties or a place in the name
	nameVerbs              map[string]bool   // verbs that make part of dialogues' names (打击)
	needsMore              map[string]bool   // English heads that need a complement or countries (Conference)
	internationalEN        map[string]bool   // English words that make a meeting one of countries (World)
	roles                  map[string]bool   // strip words that say who meets (元首)
	topicHeadsEN           map[string]bool   // lowercase English heads that need a topic word (process)
	workKinds              []string          // words before a title that say it is a work (游戏)
}

// head is a head word and the subtype it gives.
type head struct {
	text, subtype string
	runes         []rune   // text, for Chinese heads
	words         []string // text's words, for English heads
}

// source is the YAML shape of the file.
type source struct {
	PolicyHeads   map[string]langs `yaml:"policy_heads"`
	NotHeads      langs            `yaml:"not_heads"`
	MediaHeads    langs            `yaml:"media_heads"`
	DialogueHeads map[string]langs `yaml:"dialogue_heads"`
	Generic       langs            `yaml:"generic"`
	Strip         langs            `yaml:"strip"`
	NameStops     langs            `yaml:"name_stops"`
	Participants  struct {
		ZH map[string]string `yaml:"zh"`
		EN map[string]string `yaml:"en"`
	} `yaml:"participants"`
	Groups struct {
		ZH map[string]string `yaml:"zh"`
	} `yaml:"groups"`
	PartyHeads     langs    `yaml:"party_heads"`
	KeepParties    []string `yaml:"keep_parties"`
	KeepGroups     []string `yaml:"keep_groups"`
	Kinds          []string `yaml:"kinds"`
	Determiners    langs    `yaml:"determiners"`
	Ceremonies     langs    `yaml:"ceremonies"`
	HeadCompounds  langs    `yaml:"head_compounds"`
	LowercaseHeads langs    `yaml:"lowercase_heads"`
	NotNames       langs    `yaml:"not_names"`
	Topics         langs    `yaml:"topics"`
	BareHeads      struct {
		Strong []string `yaml:"strong"`
		Cued   []string `yaml:"cued"`
	} `yaml:"bare_heads"`
	BareCuesBefore []string `yaml:"bare_cues_before"`
	BareCuesAfter  []string `yaml:"bare_cues_after"`
	LawVerbs       []string `yaml:"law_verbs"`
	Jurisdictions  []string `yaml:"jurisdictions"`
	PlaceHeads     langs    `yaml:"place_heads"`
	NameVerbs      langs    `yaml:"name_verbs"`
	NeedsMore      langs    `yaml:"needs_more"`
	Roles          langs    `yaml:"roles"`
	Countries      langs    `yaml:"countries"`
	TopicHeads     langs    `yaml:"topic_heads"`
	WorkKinds      langs    `yaml:"work_kinds"`
	International  langs    `yaml:"international"`
	DealHeads      struct {
		EN map[string]string `yaml:"en"`
	} `yaml:"deal_heads"`
	IssueVerbs    langs `yaml:"issue_verbs"`
	MechanismCues langs `yaml:"mechanism_cues"`
	TrailingHeads langs `yaml:"trailing_heads"`
	TrailingOnly  struct {
		ZH map[string]string `yaml:"zh"`
	} `yaml:"trailing_only"`
	TitleCues langs `yaml:"title_cues"`
}

type langs struct {
	ZH []string `yaml:"zh"`
	EN []string `yaml:"en"`
}

// Parse reads the knowledge base. A malformed file is an error naming the
// problem.
func Parse(src []byte) (*KB, error) {
	var s source
	if err := yaml.UnmarshalWithOptions(src, &s, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("policy rules: %s", yaml.FormatError(err, false, false))
	}
	kb := &KB{
		notHeads: s.NotHeads.ZH, media: s.MediaHeads.ZH,
		generic:    set(s.Generic.ZH),
		strippable: set(s.Strip.ZH), stripEN: set(lower(s.Strip.EN)),
		participantsZH: s.Participants.ZH, participantsEN: s.Participants.EN,
		issueZH: s.IssueVerbs.ZH, issueEN: s.IssueVerbs.EN,
		mechanismCues:   append(slices.Clone(s.MechanismCues.ZH), s.MechanismCues.EN...),
		titleCues:       s.TitleCues.ZH,
		groups:          s.Groups.ZH,
		partyHeads:      set(s.PartyHeads.ZH),
		keepParties:     set(s.KeepParties),
		keepGroups:      set(s.KeepGroups),
		kinds:           set(s.Kinds),
		determiners:     set(s.Determiners.ZH),
		ceremonies:      s.Ceremonies.ZH,
		headCompounds:   s.HeadCompounds.ZH,
		lowercaseEN:     set(s.LowercaseHeads.EN),
		notNamesEN:      set(s.NotNames.EN),
		topicsEN:        set(s.Topics.EN),
		genericEN:       set(s.Generic.EN),
		strongBare:      set(s.BareHeads.Strong),
		bareCuesBefore:  set(s.BareCuesBefore),
		bareCuesAfter:   set(s.BareCuesAfter),
		lawVerbs:        set(s.LawVerbs),
		jurisdictions:   set(s.Jurisdictions),
		placeHeads:      set(s.PlaceHeads.ZH),
		nameVerbs:       set(s.NameVerbs.ZH),
		needsMore:       set(s.NeedsMore.EN),
		roles:           set(s.Roles.ZH),
		topicHeadsEN:    set(s.TopicHeads.EN),
		workKinds:       s.WorkKinds.ZH,
		internationalEN: set(s.International.EN),
		dealHeadsEN:     s.DealHeads.EN,
	}
	for _, full := range append(slices.Collect(maps.Values(s.Participants.ZH)), s.Countries.ZH...) {
		if utf8.RuneCountInString(full) >= 2 && !slices.Contains(kb.countriesZH, full) {
			kb.countriesZH = append(kb.countriesZH, full)
		}
	}
	slices.Sort(kb.countriesZH)
	for _, k := range s.Kinds {
		if !slices.Contains(slices.Collect(maps.Values(kb.groups)), k) {
			return nil, fmt.Errorf("policy rules: kind %q is not the name of a group", k)
		}
	}
	for form := range kb.groups {
		if utf8.RuneCountInString(form) > maxGroup {
			return nil, fmt.Errorf("policy rules: group %q is longer than %d characters", form, maxGroup)
		}
	}
	for _, sub := range sortedKeys(s.PolicyHeads) {
		for _, h := range s.PolicyHeads[sub].ZH {
			kb.policyZH = append(kb.policyZH, head{text: h, subtype: sub})
		}
		for _, h := range s.PolicyHeads[sub].EN {
			kb.policyEN = append(kb.policyEN, head{text: h, subtype: sub, words: strings.Fields(h)})
		}
	}
	for _, sub := range sortedKeys(s.DialogueHeads) {
		for _, h := range s.DialogueHeads[sub].ZH {
			kb.dialogueZH = append(kb.dialogueZH, head{text: h, subtype: sub, runes: []rune(h)})
		}
		for _, h := range s.DialogueHeads[sub].EN {
			kb.dialogueEN = append(kb.dialogueEN, head{text: h, subtype: sub, words: strings.Fields(h)})
		}
	}
	for _, t := range append(slices.Clone(s.BareHeads.Strong), s.BareHeads.Cued...) {
		h, ok := kb.policyHead(t)
		if !ok || h.text != t {
			return nil, fmt.Errorf("policy rules: bare head %q is not a policy head", t)
		}
		kb.bareHeads = append(kb.bareHeads, head{text: t, subtype: h.subtype, runes: []rune(t)})
	}
	byLength(kb.bareHeads)
	for r := range kb.roles {
		if !kb.strippable[r] {
			return nil, fmt.Errorf("policy rules: role %q is not in strip", r)
		}
	}
	for _, c := range s.LawVerbs {
		if !kb.bareCuesAfter[c] {
			return nil, fmt.Errorf("policy rules: law verb %q is not in bare_cues_after", c)
		}
	}
	for _, t := range s.TrailingHeads.ZH {
		h, ok := kb.policyHead(t)
		if sub, only := s.TrailingOnly.ZH[t]; !ok && only {
			h, ok = head{subtype: sub}, true
		}
		if !ok {
			return nil, fmt.Errorf("policy rules: trailing head %q is not a policy head", t)
		}
		kb.trailing = append(kb.trailing, head{text: t, subtype: h.subtype})
	}
	byLength(kb.trailing)
	kb.stops = set(s.NameStops.ZH)
	for _, hs := range [][]head{kb.policyZH, kb.policyEN, kb.dialogueZH, kb.dialogueEN} {
		byLength(hs)
	}
	for _, hs := range [][]head{kb.policyZH, kb.policyEN, kb.dialogueZH, kb.dialogueEN} {
		for _, h := range hs {
			if strings.TrimSpace(h.text) == "" {
				return nil, fmt.Errorf("policy rules: an empty head")
			}
		}
	}
	kb.dialogueByLast = map[rune][]head{}
	for _, h := range kb.dialogueZH {
		last := h.runes[len(h.runes)-1]
		kb.dialogueByLast[last] = append(kb.dialogueByLast[last], h)
	}
	switch {
	case len(kb.policyZH) == 0 || len(kb.policyEN) == 0:
		return nil, fmt.Errorf("policy rules: policy_heads needs zh and en heads")
	case len(kb.dialogueZH) == 0 || len(kb.dialogueEN) == 0:
		return nil, fmt.Errorf("policy rules: dialogue_heads needs zh and en heads")
	case len(kb.participantsZH) == 0 || len(kb.participantsEN) == 0:
		return nil, fmt.Errorf("policy rules: participants needs zh and en entries")
	}
	return kb, nil
}

// byLength orders heads longest first, so that the first match is the
// longest (指导原则 before 原则).
func byLength(hs []head) {
	slices.SortStableFunc(hs, func(a, b head) int {
		return utf8.RuneCountInString(b.text) - utf8.RuneCountInString(a.text)
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func set(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func lower(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.ToLower(w)
	}
	return out
}

// policyHead returns the policy head a Chinese title ends with, if the
// title is not a media title and the ending is not a word that merely
// contains a head (方法). The longer ending decides between a policy and a
// media head: 联合公报 is a communiqué, 人民日报 a newspaper.
func (kb *KB) policyHead(title string) (head, bool) {
	h, ok := kb.longestPolicyHead(title)
	if !ok || utf8.RuneCountInString(h.text) <= kb.mediaEnding(title) {
		return head{}, false
	}
	return h, true
}

func (kb *KB) longestPolicyHead(title string) (head, bool) {
	for _, h := range kb.policyZH {
		if !strings.HasSuffix(title, h.text) {
			continue
		}
		for _, nh := range kb.notHeads {
			if strings.HasSuffix(title, nh) && len(nh) > len(h.text) {
				return head{}, false
			}
		}
		return h, true
	}
	return head{}, false
}

// mediaEnding returns the length of the longest media head title ends
// with, 0 for none.
func (kb *KB) mediaEnding(title string) int {
	n := 0
	for _, m := range kb.media {
		if strings.HasSuffix(title, m) {
			n = max(n, utf8.RuneCountInString(m))
		}
	}
	return n
}

// isMedia reports a title that ends like a newspaper, a programme or a
// work of art rather than like a policy document.
func (kb *KB) isMedia(title string) bool {
	// A paper named by one character and 公报 (《大公报》) is no
	// communiqué.
	if rs := []rune(title); len(rs) == 3 && strings.HasSuffix(title, "公报") {
		return true
	}
	n := kb.mediaEnding(title)
	h, ok := kb.longestPolicyHead(title)
	return n > 0 && !(ok && utf8.RuneCountInString(h.text) > n)
}

// cued reports whether a mechanism's name says how its parties meet.
func (kb *KB) cued(name string) bool {
	for _, c := range kb.mechanismCues {
		if strings.Contains(name, c) {
			return true
		}
	}
	return false
}

// isCountry reports a country written out (中国, 俄罗斯).
func (kb *KB) isCountry(w string) bool {
	_, found := slices.BinarySearch(kb.countriesZH, w)
	return found
}

// isCeremony reports a meeting's name that ends like a ceremony's
// (庆祝, 纪念).
func (kb *KB) isCeremony(name string) bool {
	for _, w := range kb.ceremonies {
		if strings.HasSuffix(name, w) {
			return true
		}
	}
	return false
}

// notHeadEnding reports whether text ends with a word that contains a
// head without being one, longer than the head of headLen code points
// (管理办法 ends with 法 but is no law).
func (kb *KB) notHeadEnding(text string, headLen int) bool {
	for _, nh := range kb.notHeads {
		if utf8.RuneCountInString(nh) > headLen && strings.HasSuffix(text, nh) {
			return true
		}
	}
	return false
}

// isStop reports a word that ends a name leftwards.
func (kb *KB) isStop(w string) bool { return kb.stops[w] }

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
	IssueVerbs    langs `yaml:"issue_verbs"`
	MechanismCues langs `yaml:"mechanism_cues"`
	TrailingHeads langs `yaml:"trailing_heads"`
	TitleCues     langs `yaml:"title_cues"`
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
		mechanismCues: append(slices.Clone(s.MechanismCues.ZH), s.MechanismCues.EN...),
		titleCues:     s.TitleCues.ZH,
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
	for _, t := range s.TrailingHeads.ZH {
		h, ok := kb.policyHead(t)
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

// isStop reports a word that ends a name leftwards.
func (kb *KB) isStop(w string) bool { return kb.stops[w] }

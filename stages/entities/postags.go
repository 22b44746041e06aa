package entities

import (
	"strings"
	"unicode/utf8"

	"github.com/entopic/entopic"
)

// POSTags proposes people, places and organizations from the part-of-speech
// tags gse gives Chinese tokens (nr person, ns place, nt organization),
// with two repairs for what the dictionary misses: a person's name that gse
// cut in two (张家/nrfg 栋/zg) is joined, and an organization is extended
// over the nouns before a word ending in an organization suffix
// (复旦大学 国际 问题 研究院 → one ORG).
type POSTags struct{}

// orgSuffixes end the names of organizations.
var orgSuffixes = []string{
	"大学", "学院", "研究院", "研究所", "研究中心", "中心", "委员会", "办公室", "部", "局", "署", "厅",
	"协会", "学会", "联合会", "基金会", "公司", "集团", "银行", "组织", "联盟", "法院", "检察院",
	"政府", "议会", "国会", "党", "军", "报社", "电视台", "通讯社", "新华社", "网",
}

// notPlaces are words gse tags ns that do not name a place.
var notPlaces = map[string]bool{
	"两国": true, "各国": true, "大国": true, "本国": true, "他国": true, "外国": true, "全国": true,
	"各地": true, "当地": true, "外地": true, "多国": true, "该国": true, "我国": true, "强国": true,
	"小国": true, "邻国": true, "异国": true, "诸国": true, "国外": true, "国内": true, "境外": true,
	"境内": true, "海外": true, "中外": true,
}

// nameTags are gse's tags for personal names.
var nameTags = map[string]bool{"nr": true, "nrfg": true, "nrt": true}

// nounTags may form the inside of an organization's name.
var nounTags = map[string]bool{"n": true, "nz": true, "ns": true, "nt": true, "vn": true, "j": true, "an": true, "nrt": true}

// Recognize implements Recognizer.
func (POSTags) Recognize(d *entopic.Doc) []entopic.Mention {
	if d.Lang != "zh" {
		return nil
	}
	toks := d.Tokens
	var out []entopic.Mention
	add := func(start, end int, typ string) {
		out = append(out, entopic.Mention{
			Span: entopic.Span{Start: start, End: end}, Type: typ,
			Method: entopic.MethodDictionary, Confidence: 0.5,
		})
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case nameTags[t.POS] && utf8.RuneCountInString(t.Text) <= 3:
			end := i
			// A surname or name cut from its given name: join single
			// characters that follow within the sentence.
			for end+1 < len(toks) && toks[end+1].Sentence == t.Sentence && toks[end+1].Start == toks[end].End &&
				utf8.RuneCountInString(toks[end+1].Text) == 1 && isNameTail(toks[end+1]) &&
				toks[end+1].End-t.Start <= 3 {
				end++
			}
			if toks[end].End-t.Start >= 2 {
				add(t.Start, toks[end].End, entopic.TypePerson)
			}
			i = end
		case t.POS == "ns" && !notPlaces[t.Text] && utf8.RuneCountInString(t.Text) >= 2:
			add(t.Start, t.End, entopic.TypeLoc)
		case t.POS == "nt":
			add(t.Start, t.End, entopic.TypeOrg)
		}
		if hasOrgSuffix(t.Text) && i > 0 {
			// Extend left over the nouns that name the organization.
			first := i
			for first > 0 && toks[first-1].Sentence == t.Sentence && nounTags[toks[first-1].POS] &&
				toks[first-1].End == toks[first].Start && t.End-toks[first-1].Start <= 20 {
				first--
			}
			if first < i || utf8.RuneCountInString(t.Text) > 2 && t.POS != "n" {
				add(toks[first].Start, t.End, entopic.TypeOrg)
			}
		}
	}
	return out
}

// isNameTail reports a one-character token that can end a Chinese name:
// gse tags such characters as name parts or as bound morphemes.
func isNameTail(t entopic.Token) bool {
	switch t.POS {
	case "nr", "nrfg", "zg", "ng", "rg", "tg", "ag", "dg", "mg", "yg", "vg":
		return true
	}
	return false
}

func hasOrgSuffix(w string) bool {
	for _, s := range orgSuffixes {
		if strings.HasSuffix(w, s) && len(w) >= len(s) {
			return true
		}
	}
	return false
}

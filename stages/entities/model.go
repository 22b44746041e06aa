package entities

import (
	"context"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
	"github.com/entopic/entopic/models"
	"github.com/entopic/entopic/ner"
	"github.com/entopic/entopic/stages/lang"
	"github.com/entopic/entopic/stages/segment"
)

// otherLanguage reports a document the lang stage reads as neither Chinese
// nor English. The models were trained on those two languages alone: on a
// German page every capitalised noun (Behandlung, Ärzte) reads as a name to
// the English model, and on a Japanese one kana run into the Chinese
// model's names; their mentions would be noise. The known names of the
// gazetteer are still found there.
func otherLanguage(d *entopic.Doc) bool { return d.Lang == lang.Other }

// ChineseModel proposes people, places and organizations in Chinese
// sentences with the trained labeller of package ner. It sees a sentence as
// training did: the sentence's characters and the words the segment stage
// cut it into.
type ChineseModel struct {
	Model    *ner.Model
	Features *ner.ZH
	// Han, when set, shows the model traditional text through simplified
	// characters, the script it was trained on.
	Han *hanzi.Converter
}

// modelTypes maps the model's types to the contract's.
var modelTypes = map[string]string{"PER": entopic.TypePerson, "LOC": entopic.TypeLoc, "ORG": entopic.TypeOrg}

// Recognize implements Recognizer: every sentence with Han characters is
// labelled, whatever the document's language (an English article quoting
// Chinese), but for a language the lang stage reads as neither Chinese nor
// English (otherLanguage); only names holding Han characters are kept.
func (c ChineseModel) Recognize(d *entopic.Doc) []entopic.Mention {
	out, _ := c.RecognizeContext(context.Background(), d)
	return out
}

// checkEvery is how many sentences are labelled between two looks at
// whether the run was cancelled.
const checkEvery = 32

// RecognizeContext implements ContextRecognizer.
func (c ChineseModel) RecognizeContext(ctx context.Context, d *entopic.Doc) ([]entopic.Mention, error) {
	if otherLanguage(d) {
		return nil, nil
	}
	var out []entopic.Mention
	var buf ner.Buffer // one document's sentences are labelled in the same memory
	var words []ner.Word
	runes := []rune(d.Text)
	for i, s := range d.Sentences {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		text := runes[s.Start:s.End]
		if !hasHan(text) {
			continue
		}
		if c.Han != nil {
			text = c.Han.Runes(text)
		}
		words = words[:0]
		for _, t := range d.SentenceTokens(s) {
			words = append(words, ner.Word{Start: t.Start - s.Start, End: t.End - s.Start, POS: t.POS})
		}
		sent := ner.Sentence{Text: text, Words: words}
		for _, sp := range c.Model.PredictWith(c.Features.FeaturesWith(sent, &buf), &buf) {
			typ, ok := modelTypes[sp.Type]
			lo, hi := nameEdges(sp.End-sp.Start, func(i int) string { return string(text[sp.Start+i]) })
			sp.Start, sp.End = sp.Start+lo, sp.Start+hi
			sp.End = sp.Start + withoutGloss(text[sp.Start:sp.End])
			if !ok || sp.Start == sp.End || !hasHan(text[sp.Start:sp.End]) {
				continue // English in a Chinese sentence is the English model's
			}
			if timeWord(words, sp.Start, sp.End) {
				continue
			}
			out = append(out, entopic.Mention{
				Span: entopic.Span{Start: s.Start + sp.Start, End: s.Start + sp.End}, Type: typ,
				Method: entopic.MethodModel, Confidence: sp.Confidence,
			})
		}
	}
	return out, nil
}

// timeWord reports a name that is one word the segmenter tags as a word
// of time (t: 周三, 明年, 春节前): the model, which sees a surname in 周,
// reads a weekday before a name as a person.
func timeWord(words []ner.Word, start, end int) bool {
	for _, w := range words {
		if w.Start == start && w.End == end {
			return w.POS == "t"
		}
	}
	return false
}

// withoutGloss returns the length of name without the gloss in Latin
// letters that Chinese news writes in brackets after a foreign name:
// 约翰逊(Boris Johnson) is the name 约翰逊. A bracket holding Han
// characters is part of the name (《时代潮》杂志 keeps its own).
func withoutGloss(name []rune) int {
	n := len(name)
	if n < 3 || (name[n-1] != ')' && name[n-1] != '）') {
		return n
	}
	for i := n - 2; i > 0; i-- {
		switch r := name[i]; {
		case r == '(' || r == '（':
			if i+1 < n-1 {
				return i
			}
			return n
		case unicode.Is(unicode.Han, r) || r == ')' || r == '）':
			return n
		}
	}
	return n
}

func hasWordChar(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

func hasHan(rs []rune) bool {
	for _, r := range rs {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// ChineseFeatures builds the Chinese model's feature extractor from the
// embedded gazetteer and surname lists and the segmenter's dictionary.
// Training (entopic train) and the pipeline build it the same way.
func ChineseFeatures(seg *segment.Segmenter) (*ner.ZH, error) {
	gaz, err := models.Read("gazetteer-zh.tsv")
	if err != nil {
		return nil, err
	}
	sur, err := models.Read("surnames-zh.txt")
	if err != nil {
		return nil, err
	}
	return ner.NewZH(ner.ZHResources{Gazetteer: string(gaz), Surnames: string(sur), Lexicon: seg.Lexicon}), nil
}

// EnglishFeatures builds the English model's feature extractor with the
// embedded gazetteer (models/data/gazetteer-en.tsv) and list of words
// usually written in lower case (lowercase-en.txt). Training (entopic
// train) and the pipeline build it the same way.
func EnglishFeatures() (ner.EN, error) {
	b, err := models.Read("gazetteer-en.tsv")
	if err != nil {
		return ner.EN{}, err
	}
	low, err := models.Read("lowercase-en.txt")
	if err != nil {
		return ner.EN{}, err
	}
	return ner.EN{Gazetteer: ner.NewGazetteer(string(b)), Lowercase: ner.NewWordSet(string(low))}, nil
}

// ChineseWords cuts a sentence into words as the segment stage does, for
// training.
func ChineseWords(seg *segment.Segmenter) ner.Segmenter {
	return func(sentence string) []ner.Word {
		words := seg.ChineseWords(sentence)
		out := make([]ner.Word, len(words))
		for i, w := range words {
			out[i] = ner.Word{Start: w.Start, End: w.End, POS: w.Tag}
		}
		return out
	}
}

// EnglishModel proposes people, places, organizations and other names
// (MISC) in sentences without Han characters, with the English model of
// package ner over the words the segment stage cut.
type EnglishModel struct {
	Model *ner.Model
	// Features are the features Model was trained with (EnglishFeatures).
	Features ner.EN
	// Load, used when Model is nil, returns the model and its features.
	// It is called each time a run of English words is labelled, so that
	// a corpus without English never loads the model: make it load once
	// (sync.OnceValues).
	Load func() (*ner.Model, ner.EN, error)
}

// model returns the model and its features, loading them if need be.
func (e EnglishModel) model() (*ner.Model, ner.EN, error) {
	if e.Model != nil || e.Load == nil {
		return e.Model, e.Features, nil
	}
	return e.Load()
}

// englishTypes maps the English model's types to the contract's.
var englishTypes = map[string]string{"PER": entopic.TypePerson, "LOC": entopic.TypeLoc, "ORG": entopic.TypeOrg,
	"MISC": entopic.TypeMisc}

// Recognize implements Recognizer. Sentences without Han characters are
// labelled whole; in a sentence with Han characters, each run of two or
// more Latin words (an English title or gloss in a Chinese text) is
// labelled on its own. A document in a language other than Chinese and
// English (otherLanguage) is not labelled.
func (e EnglishModel) Recognize(d *entopic.Doc) []entopic.Mention {
	out, _ := e.RecognizeContext(context.Background(), d)
	return out
}

// RecognizeContext implements ContextRecognizer.
func (e EnglishModel) RecognizeContext(ctx context.Context, d *entopic.Doc) ([]entopic.Mention, error) {
	if otherLanguage(d) {
		return nil, nil
	}
	var out []entopic.Mention
	runes := []rune(d.Text)
	label := func(toks []entopic.Token) error {
		if len(toks) == 0 {
			return nil
		}
		m, f, err := e.model()
		if err != nil {
			return err
		}
		out = append(out, label(m, f, toks)...)
		return nil
	}
	for i, s := range d.Sentences {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		toks := d.SentenceTokens(s)
		if !hasHan(runes[s.Start:s.End]) {
			if err := label(toks); err != nil {
				return nil, err
			}
			continue
		}
		for _, run := range latinRuns(toks) {
			if err := label(run); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// latinRuns returns the runs of tokens without Han characters that hold
// two or more words in Latin letters.
func latinRuns(toks []entopic.Token) [][]entopic.Token {
	var runs [][]entopic.Token
	start, words := 0, 0
	flush := func(end int) {
		if words >= 2 {
			runs = append(runs, toks[start:end])
		}
	}
	for i, t := range toks {
		rs := []rune(t.Text)
		if hasHan(rs) {
			flush(i)
			start, words = i+1, 0
			continue
		}
		if slices.ContainsFunc(rs, func(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }) {
			words++
		}
	}
	flush(len(toks))
	return runs
}

// straightQuotes writes typographic quotes and apostrophes as the
// straight ones of the English model's training text (CoNLL-2003 has
// "'s", never "’s").
var straightQuotes = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`)

// label runs an English model over a run of tokens.
func label(m *ner.Model, f ner.EN, toks []entopic.Token) []entopic.Mention {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = straightQuotes.Replace(t.Text)
	}
	var names []name
	for _, sp := range m.Predict(f.Words(words)) {
		typ, ok := englishTypes[sp.Type]
		if !ok {
			continue
		}
		for _, part := range splitAtWords(sp.Start, sp.End, words, f.Lowercase) {
			lo, hi := nameEdges(part[1]-part[0], func(i int) string { return toks[part[0]+i].Text })
			start, end := part[0]+lo, part[0]+hi
			if start == end || !capitalised(toks[start:end]) || (end-start == 1 && commonAcronym(toks[start].Text)) {
				continue
			}
			kind := typ
			switch {
			case (kind == entopic.TypePerson || kind == entopic.TypeOrg) && slices.ContainsFunc(toks[start:end], modelCode):
				kind = entopic.TypeMisc
			case kind == entopic.TypePerson && end-start > 1 && placeHeads[toks[end-1].Text]:
				kind = entopic.TypeLoc
			}
			names = append(names, name{start, end, kind, sp.Confidence})
		}
	}
	names = cityAndState(names, words)
	out := make([]entopic.Mention, len(names))
	for i, n := range names {
		out[i] = entopic.Mention{Span: entopic.Span{Start: toks[n.start].Start, End: toks[n.end-1].End}, Type: n.kind,
			Method: entopic.MethodModel, Confidence: n.confidence}
	}
	return out
}

// name is a name the English model found: words [start, end) of a run.
type name struct {
	start, end int
	kind       string
	confidence float32
}

// usStates are the postal codes and AP abbreviations of the states of the
// United States.
var usStates = func() map[string]bool {
	set := map[string]bool{}
	for _, s := range strings.Fields(`AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT
		NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY
		Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Kan Ky. La. Md. Mass. Mich. Minn. Miss. Mo.
		Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Tex. Vt. Va. Wash. W.Va.
		Wis. Wyo. D.C.`) {
		set[s] = true
	}
	return set
}()

// cityAndState reads "Denver, CO" and "Springfield, Ill." as a city and
// its state, both places, whatever the model made of them: on pages of
// tour dates and in American copy it read such cities as people ("John
// Denver") and codes that are also words (CO, IN, OR) as organizations. A
// state code counts only at the end of the run or before what is not a
// capitalised word ("Paris, IN Brief" is something else).
func cityAndState(names []name, words []string) []name {
	stateAt := func(i int) bool {
		if i+1 >= len(words) || words[i] != "," || !usStates[words[i+1]] {
			return false
		}
		next := ""
		if i+2 < len(words) {
			next = words[i+2]
		}
		return next == "" || !unicode.IsUpper([]rune(next)[0])
	}
	have := map[int]int{} // start of a one-word name → its index
	for i, n := range names {
		if n.end-n.start == 1 {
			have[n.start] = i
		}
	}
	for i := range names {
		n := &names[i]
		if !stateAt(n.end) {
			continue
		}
		n.kind = entopic.TypeLoc
		if j, ok := have[n.end+1]; ok {
			names[j].kind = entopic.TypeLoc
		} else if !slices.ContainsFunc(names, func(o name) bool { return o.start <= n.end+1 && n.end+1 < o.end }) {
			names = append(names, name{n.end + 1, n.end + 2, entopic.TypeLoc, n.confidence})
		}
	}
	slices.SortFunc(names, func(a, b name) int { return a.start - b.start })
	return names
}

// nameParticles are the words in lower case that names hold (Bank of
// America, Ministry for Foreign Affairs, Joost van der Westhuizen, Kengo wa
// Dondo): in CoNLL-2003, of, and, de, the, van, for, in and der make up
// most lower-case words inside names.
var nameParticles = map[string]bool{"of": true, "and": true, "de": true, "the": true, "van": true, "for": true,
	"in": true, "der": true, "on": true, "den": true, "et": true, "al": true, "da": true, "del": true, "della": true,
	"du": true, "la": true, "le": true, "von": true, "y": true, "upon": true, "wa": true, "bin": true, "ibn": true,
	"di": true, "do": true, "dos": true, "das": true, "des": true, "e": true, "zu": true, "ter": true, "at": true}

// placeHeads end names of buildings and streets and never a person's in
// CoNLL-2003 (Hall, Park and Field, which are also surnames, are left
// out): the model read venues on pages of tour dates as people (Pepsi
// Center, Ak-Chin Pavilion). CoNLL labels most such names LOC.
var placeHeads = map[string]bool{"Center": true, "Centre": true, "Pavilion": true, "Arena": true, "Stadium": true,
	"Theatre": true, "Theater": true, "Auditorium": true, "Airport": true, "Station": true, "Museum": true,
	"Cathedral": true, "Avenue": true, "Boulevard": true, "Road": true, "Square": true, "Street": true, "Bridge": true}

// splitAtWords cuts the span [start, end) of words at every word after its
// first that is a common word written in lower case (lowercase, a set of
// ner.EN.Lowercase) and no name particle, and leaves that word out: the
// model sometimes runs two names and what joins them into one ("Pokemon
// Sword or Shield", "Viera defeats Rockledge") or takes in the word after
// a name ("Alexa built-in"), which names never hold.
func splitAtWords(start, end int, words []string, lowercase map[string]bool) [][2]int {
	var parts [][2]int
	from := start
	for i := start + 1; i < end; i++ {
		if w := words[i]; lowercase[w] && !nameParticles[w] {
			parts = append(parts, [2]int{from, i})
			from = i + 1
		}
	}
	if from < end {
		parts = append(parts, [2]int{from, end})
	}
	return parts
}

// capitalised reports whether a capital letter is written anywhere in
// toks. English names are (Reuters, eBay, al-Qaeda); a span of lower-case
// words the model labels in a list or a recipe ("¼ cup feta") is not a
// name. Of CoNLL-2003's 35,000 names, 15 hold no capital.
func capitalised(toks []entopic.Token) bool {
	for _, t := range toks {
		if strings.ContainsFunc(t.Text, unicode.IsUpper) {
			return true
		}
	}
	return false
}

// commonAcronyms are acronyms of common nouns (models/data/acronyms-en.txt),
// parsed on first use and shared read-only.
var commonAcronyms = sync.OnceValue(func() map[string]bool {
	b, _ := models.Read("acronyms-en.txt") // embedded: cannot fail
	return ner.NewWordSet(string(b))
})

// commonAcronym reports a word that is an acronym of a common noun or its
// plural (SUV, PCs, CEO): the model, which learnt that most acronyms in
// Reuters copy are organizations, reads them as names.
func commonAcronym(w string) bool {
	set := commonAcronyms()
	return set[w] || len(w) > 2 && strings.HasSuffix(w, "s") && set[w[:len(w)-1]]
}

// modelCode reports a word of letters then digits (Galaxy S20, Nighthawk
// X4, PS4, Ferrari F40): the designation of a product, which CoNLL-2003
// labels MISC (42 of the 52 names holding such a word in train and valid;
// the rest are a club, a motorway and typing slips). The model, which has
// seen few products, reads them as people or companies.
func modelCode(t entopic.Token) bool {
	letters, digits := 0, 0
	for _, r := range t.Text {
		switch {
		case r >= '0' && r <= '9' && letters > 0:
			digits++
		case (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') && digits == 0:
			letters++
		default:
			return false
		}
	}
	return letters > 0 && digits > 0
}

// nameEdges returns the part [lo, hi) of a name of n tokens (tok(i) is
// the i-th) that stays when the quotes and brackets the model took in at
// its edges are let go; a bracket that pairs with one inside the name
// stays (Mladost ( L ), a club and its town; 《时代潮》杂志), one that pairs
// with the other edge goes with it (《中国改革先锋》).
func nameEdges(n int, tok func(int) string) (lo, hi int) {
	lo, hi = 0, n
	for lo < hi {
		switch {
		case !hasWordChar(tok(lo)) && !pairedInside(lo, lo, hi, tok):
			lo++
		case !hasWordChar(tok(hi-1)) && !pairedInside(hi-1, lo, hi, tok):
			hi--
		default:
			return lo, hi
		}
	}
	return lo, hi
}

// pairedInside reports whether token i, an edge of the name [lo, hi), is a
// bracket whose partner lies strictly inside the name, not at its other
// edge.
func pairedInside(i, lo, hi int, tok func(int) string) bool {
	t := tok(i)
	if cl, ok := openers[t]; ok && i == lo {
		depth := 0
		for j := lo + 1; j < hi; j++ {
			switch tok(j) {
			case t:
				depth++
			case cl:
				if depth == 0 {
					return j < hi-1
				}
				depth--
			}
		}
		return false
	}
	if op, ok := closers[t]; ok && i == hi-1 {
		depth := 0
		for j := hi - 2; j >= lo; j-- {
			switch tok(j) {
			case t:
				depth++
			case op:
				if depth == 0 {
					return j > lo
				}
				depth--
			}
		}
	}
	return false
}

// openers maps each opening bracket to its closing one, closers the other
// way.
var (
	openers = map[string]string{"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "《": "》", "〈": "〉", "“": "”", "「": "」"}
	closers = func() map[string]string {
		m := map[string]string{}
		for o, c := range openers {
			m[c] = o
		}
		return m
	}()
)

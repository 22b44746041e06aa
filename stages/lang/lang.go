// Package lang tells the language of a document.
//
// In: Doc.Text (and Doc.Hint.Lang from structured input). Out: Doc.Lang,
// "zh", "en" or "other".
//
// The method is character statistics, which is reliable for the languages
// entopic reads because they differ in script: Han characters against Latin
// letters, weighted by how much text each carries per word (a Chinese word is
// about 1.6 characters, an English word about 5 letters plus a space), so
// that a Chinese article quoting English sentences stays Chinese and the
// reverse. Kana or Hangul make a text Japanese or Korean ("other"). Latin
// text is English when its most frequent function words are English ones,
// which tells English from French, German or Spanish on a few words.
package lang

import (
	"strings"
	"sync"
	"unicode"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/models"
)

// The languages the stage reports.
const (
	Chinese = "zh"
	English = "en"
	Other   = "other"
)

// Process sets d.Lang: the hint when the input gives a usable one, else
// what Detect finds.
func Process(d *entopic.Doc) error {
	if h := normalizeHint(d.Hint.Lang); h != "" {
		d.Lang = h
		return nil
	}
	d.Lang = Detect(d.Text)
	return nil
}

// normalizeHint maps a language tag given by the input (zh-CN, zh_Hant,
// en-US, English …) to the stage's codes; "" when it is not one of them.
func normalizeHint(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	switch {
	case h == "":
		return ""
	case h == "zh" || strings.HasPrefix(h, "zh-") || strings.HasPrefix(h, "zh_") || h == "chinese" || h == "cmn":
		return Chinese
	case h == "en" || strings.HasPrefix(h, "en-") || strings.HasPrefix(h, "en_") || h == "english":
		return English
	}
	return Other
}

// Detect returns the dominant language of text. Lines that read as code
// (program text, markup, URLs: symbols between the letters) are left out,
// so that a Chinese tutorial with code or a page with Latin menus stays
// Chinese; when every line reads as code, all are counted.
func Detect(text string) string {
	if prose := withoutCode(text); prose != "" {
		text = prose
	}
	var han, kana, hangul, latin, otherLetters float64
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case r < 0x250 && unicode.IsLetter(r):
			latin++
		case unicode.IsLetter(r):
			otherLetters++
		}
	}
	// Words, roughly, in each script.
	hanWords, latinWords := han/1.6, latin/5
	switch {
	case han+kana+hangul+latin+otherLetters == 0:
		return Other
	case kana > 0.05*(han+kana) && kana >= 3:
		return Other // Japanese
	case hangul > han && hangul > latin/5:
		return Other // Korean
	case otherLetters/2 > hanWords+latinWords:
		return Other // Cyrillic, Arabic, Thai …
	case hanWords >= latinWords:
		return Chinese
	case isEnglish(text):
		return English
	}
	return Other
}

// withoutCode returns the lines of text that do not read as code.
func withoutCode(text string) string {
	var b strings.Builder
	for line := range strings.Lines(text) {
		if !isCode(line) {
			b.WriteString(line)
		}
	}
	return b.String()
}

// isCode reports a line of program text, markup or addresses: at least one
// character in twelve is a symbol of code ({}[]();=<>/\_#$&*|^~`+@), or it
// holds a URL and few words around it.
func isCode(line string) bool {
	var chars, symbols int
	for _, r := range line {
		if unicode.IsSpace(r) {
			continue
		}
		chars++
		if strings.ContainsRune("{}[]();=<>/\\_#$&*|^~`+@", r) {
			symbols++
		}
	}
	if chars == 0 {
		return false
	}
	if strings.Contains(line, "://") && chars < 120 {
		return true
	}
	return symbols*12 >= chars
}

// english are frequent function words of English that are rare as words in
// other languages written in Latin script.
var english = map[string]bool{
	"the": true, "of": true, "and": true, "to": true, "in": true, "is": true, "that": true,
	"for": true, "it": true, "with": true, "as": true, "was": true, "on": true, "be": true,
	"by": true, "this": true, "are": true, "from": true, "at": true, "or": true, "have": true,
	"has": true, "an": true, "which": true, "not": true, "but": true, "were": true, "its": true,
	"will": true, "their": true, "been": true, "they": true, "would": true, "said": true,
	"he": true, "she": true, "we": true, "you": true, "his": true, "her": true, "our": true,
	"a": true, "i": true, "s": true, "also": true, "can": true, "more": true, "than": true,
}

// foreign are frequent function words of French, German, Spanish, Italian,
// Portuguese, Dutch, Indonesian and the Scandinavian languages that are not
// English words.
var foreign = map[string]bool{
	"le": true, "la": true, "les": true, "des": true, "et": true, "est": true, "une": true, "du": true,
	"au": true, "pour": true, "dans": true, "sur": true, "qui": true, "pas": true, "avec": true,
	"der": true, "das": true, "und": true, "ist": true, "nicht": true, "mit": true, "ein": true,
	"eine": true, "den": true, "dem": true, "sich": true, "auf": true, "von": true, "zu": true, "im": true,
	"el": true, "los": true, "las": true, "del": true, "y": true, "es": true, "una": true, "por": true,
	"con": true, "para": true, "que": true, "se": true, "il": true, "di": true, "che": true, "non": true,
	"per": true, "della": true, "em": true, "os": true, "um": true, "uma": true, "não": true, "da": true,
	"für": true, "auch": true, "nach": true, "bei": true, "aus": true, "oder": true, "wird": true, "werden": true,
	"sind": true, "noch": true, "über": true, "nous": true, "vous": true, "sont": true, "mais": true, "ont": true,
	"como": true, "pero": true, "más": true, "sus": true, "fue": true, "está": true, "sono": true, "anche": true,
	"nel": true, "alla": true, "foi": true, "são": true, "pelo": true, "pela": true,
	"het": true, "een": true, "niet": true, "zijn": true, "voor": true, "ook": true, "wordt": true, "naar": true,
	"yang": true, "dengan": true, "untuk": true, "tidak": true, "dari": true, "dalam": true, "akan": true,
	"pada": true, "juga": true, "adalah": true, "atau": true, "ini": true, "itu": true,
	"och": true, "att": true, "det": true, "ikke": true, "jeg": true, "og": true,
}

// isEnglish tells English from other languages written in Latin script by
// their function words: running English text has about 40% English ones and
// next to no French, German or Spanish ones; those languages the reverse.
// Foreign function words count in lower case only, outside names, and only
// when they are more than a stray one: a line of names and numbers is
// English, the language entopic reads in Latin script, unless it shows
// another. A text too short to hold function words (a headline, a name) is
// English unless it holds foreign ones. Lists, tables and recipes hold few
// function words of any language ("Palm Bay d. Rockledge 70-44", "½ cup
// white beans"); such a text is English when most of its words written in
// lower case are common English words, which words of Dutch, Indonesian or
// German seldom are.
func isEnglish(text string) bool {
	words, en, other := 0, 0, 0
	lower, common := 0, 0
	vocabulary := englishVocabulary()
	// A foreign function word in lower case counts once the next word
	// shows it is not a name's particle: capitalised, they begin names
	// (Los Angeles, El Hassane), and before a capital they sit inside
	// them (Joaquin del Olmo, Maarten den Bakker).
	particle := false
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool {
		return !(r < 0x250 && unicode.IsLetter(r))
	}) {
		words++
		lw := strings.ToLower(w)
		if particle && w == lw {
			other++
		}
		particle = false
		switch {
		case english[lw]:
			en++
		case foreign[lw] && w == lw:
			particle = true
		}
		if len(w) >= 2 && w == lw {
			lower++
			if english[lw] || vocabulary[lw] {
				common++
			}
		}
		if words >= 2000 {
			break
		}
	}
	if particle {
		other++
	}
	switch {
	case words == 0:
		return false
	case other > en && other >= max(2, words/20):
		return false
	case words < 15, float64(en)/float64(words) >= 0.12, lower < 10:
		return true
	}
	return float64(common)/float64(lower) >= 0.3
}

// englishVocabulary returns the common English words of
// models/data/lowercase-en.txt (words usually written in lower case),
// parsed on first use and shared read-only.
var englishVocabulary = sync.OnceValue(func() map[string]bool {
	words := map[string]bool{}
	b, err := models.Read("lowercase-en.txt")
	if err != nil {
		return words // embedded: cannot fail; without it, lists are not English
	}
	for line := range strings.Lines(string(b)) {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			words[w] = true
		}
	}
	return words
})

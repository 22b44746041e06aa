// Package segment splits a document into sentences and tokens.
//
// In: Doc.Text and Doc.Lang. Out: Doc.Sentences and Doc.Tokens, each with
// code point offsets into Doc.Text, tokens tagged with their part of speech.
//
// Chinese is cut by github.com/go-ego/gse with its embedded dictionary plus
// entopic's own additions (models/data/dict-zh.txt); English is tokenized and
// tagged by github.com/jdkato/prose/v2. Both are loaded once per process
// and then shared read-only by every worker: gse's dictionary by New (about
// two seconds), prose's models when the first English text arrives (a few
// hundred milliseconds); far too much to do per document.
package segment

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
	"github.com/jdkato/prose/v2"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
)

// Segmenter segments documents. It is safe for concurrent use.
type Segmenter struct {
	zh *gse.Segmenter
	// en loads prose's model the first time English text is cut: a
	// Chinese corpus never pays for it.
	en  func() *prose.Model
	han *hanzi.Converter
}

// ProseModel names the prose model the segmenter uses, for the run
// manifest.
const ProseModel = "en"

// New loads the segmenters. extraDict is added to gse's dictionary: lines of
// "word frequency pos" as in gse's own files (models/data/dict-zh.txt); a
// word gse already has takes the frequency and tag given here. han, when
// not nil, lets gse read traditional Chinese through simplified
// characters: its dictionary holds simplified words only, and cuts
// traditional text into single characters.
//
// The dictionary is built in one pass: the added words go in first and
// gse's own after them, so that gse works out its path costs once (it does
// so for every word after each load, the larger part of loading), into a
// token list sized up front.
func New(extraDict []byte, han *hanzi.Converter) (*Segmenter, error) {
	extra, err := parseDict(string(extraDict))
	if err != nil {
		return nil, fmt.Errorf("segment: dict-zh.txt: %w", err)
	}
	zh := &gse.Segmenter{Dict: gse.NewDict()}
	zh.Dict.Tokens = make([]gse.Token, 0, gseWords+len(extra))
	zh.Init()
	for _, e := range extra {
		if err := zh.AddToken(e.word, e.freq, e.pos); err != nil {
			return nil, fmt.Errorf("segment: dict-zh.txt: %s: %w", e.word, err)
		}
	}
	if err := zh.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("segment: load gse dictionary: %w", err)
	}
	en := sync.OnceValue(func() *prose.Model { return prose.ModelFromData(ProseModel) })
	return &Segmenter{zh: zh, en: en, han: han}, nil
}

// gseWords is about the number of words of gse's simplified Chinese
// dictionary, to size the token list once.
const gseWords = 352_400

type dictEntry struct {
	word string
	freq float64
	pos  string
}

// parseDict reads lines of "word frequency [pos]", skipping blank lines and
// lines starting with #.
func parseDict(s string) ([]dictEntry, error) {
	var out []dictEntry
	n := 0
	for line := range strings.Lines(s) {
		n++
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Fields(t)
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("line %d: want \"word frequency [pos]\", got %q", n, t)
		}
		freq, err := strconv.ParseFloat(f[1], 64)
		if err != nil || freq <= 0 {
			return nil, fmt.Errorf("line %d: frequency %q is not a positive number", n, f[1])
		}
		e := dictEntry{word: f[0], freq: freq}
		if len(f) == 3 {
			e.pos = f[2]
		}
		out = append(out, e)
	}
	return out, nil
}

// Chinese returns the loaded gse segmenter, for stages that cut phrases of
// their own (keywords written without separators, for instance). Callers
// must not change it.
func (s *Segmenter) Chinese() *gse.Segmenter { return s.zh }

// English returns prose's model, loading it on the first call, for stages
// that run prose's entity extraction. Callers must not change it.
func (s *Segmenter) English() *prose.Model { return s.en() }

// Process fills d.Sentences and d.Tokens, and d.TitleSentences and
// d.TitleTokens.
func (s *Segmenter) Process(d *entopic.Doc) error { return s.ProcessContext(context.Background(), d) }

// ProcessContext is Process that stops, with the context's error, when
// ctx is cancelled while it cuts a long text.
func (s *Segmenter) ProcessContext(ctx context.Context, d *entopic.Doc) error {
	var err error
	if d.Sentences, d.Tokens, err = s.segment(ctx, d.Text, d.Lang); err != nil {
		return err
	}
	d.TitleSentences, d.TitleTokens, err = s.segment(ctx, d.Title, d.Lang)
	return err
}

// checkEvery is how many sentences are cut between two looks at whether
// the run was cancelled.
const checkEvery = 64

// segment cuts text into sentences and tokens, with code point offsets.
func (s *Segmenter) segment(ctx context.Context, text, lang string) ([]entopic.Span, []entopic.Token, error) {
	// Sized for about one token per four bytes (Chinese words take five
	// bytes or so, English ones six with their space) and a sentence per
	// hundred: a long document's token list is not copied over and over
	// as it grows, which costs more the larger it is.
	sentences := make([]entopic.Span, 0, len(text)/100+1)
	tokens := make([]entopic.Token, 0, len(text)/4+1)
	rc := entopic.NewRuneCounter(text)
	for i, sb := range s.Sentences(text, lang) {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		// Offsets are asked for in increasing order, so that the rune
		// counter walks the text once: the sentence's start, its
		// tokens, its end.
		idx := len(sentences)
		sentStart := rc.At(sb.Start)
		for _, t := range s.tokens(text[sb.Start:sb.End], lang, useChinese(text[sb.Start:sb.End], lang)) {
			start, end := rc.At(sb.Start+t.Start), rc.At(sb.Start+t.End)
			tokens = append(tokens, entopic.Token{
				Span: entopic.Span{Start: start, End: end}, Sentence: idx,
				Text: text[sb.Start+t.Start : sb.Start+t.End], POS: t.Tag,
			})
		}
		sentences = append(sentences, entopic.Span{Start: sentStart, End: rc.At(sb.End)})
	}
	return sentences, tokens, nil
}

// useChinese tells whether a sentence is cut by gse: always in a Chinese
// document, and in any document when the sentence holds Han characters.
func useChinese(sentence, lang string) bool {
	if lang == "zh" {
		return true
	}
	for _, r := range sentence {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// ByteSpan is a half-open range of byte offsets.
type ByteSpan struct{ Start, End int }

// Sentences splits text into sentences, as byte spans. A line break always
// ends a sentence (the cleaner puts one paragraph per line); within a line
// Chinese text ends a sentence after 。！？ and English text after . ! ? where
// the next word starts a sentence.
func (s *Segmenter) Sentences(text, lang string) []ByteSpan {
	var out []ByteSpan
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := text[start:end]
		var spans []ByteSpan
		if useChinese(line, lang) {
			spans = chineseSentences(line)
		} else {
			spans = englishSentences(line)
		}
		for _, sp := range spans {
			sp = trimSpan(line, sp)
			if sp.End > sp.Start {
				out = append(out, ByteSpan{start + sp.Start, start + sp.End})
			}
		}
		start = end + 1
	}
	return out
}

// closers may follow a sentence's final punctuation and belong to it.
const closers = "”’\"')）」』】》"

// chineseSentences splits a line after 。！？!? (and …… ending a sentence),
// keeping closing quotes and brackets with the sentence they close.
func chineseSentences(line string) []ByteSpan {
	var out []ByteSpan
	start := 0
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRuneInString(line[i:])
		i += n
		if !isTerminal(r) {
			continue
		}
		// Runs of terminals (？！, ……) and the closers after them stay.
		for i < len(line) {
			r2, n2 := utf8.DecodeRuneInString(line[i:])
			if !isTerminal(r2) && !strings.ContainsRune(closers, r2) {
				break
			}
			i += n2
		}
		out = append(out, ByteSpan{start, i})
		start = i
	}
	if start < len(line) {
		out = append(out, ByteSpan{start, len(line)})
	}
	return out
}

func isTerminal(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '…':
		return true
	}
	return false
}

// englishSentences splits a line after . ! ? (and the closing quotes or
// brackets that follow) when the next word starts a sentence: it begins
// with a capital letter, a digit or an opening quote. A period does not end
// a sentence after a known abbreviation (Mr., Oct., Inc.) or an initial
// (Jefferson B. Sessions), nor after an acronym (U.S.) unless the next word
// is one that usually starts a sentence.
func englishSentences(line string) []ByteSpan {
	var out []ByteSpan
	start := 0
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRuneInString(line[i:])
		i += n
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i
		for end < len(line) {
			r2, n2 := utf8.DecodeRuneInString(line[end:])
			if r2 != '.' && r2 != '!' && r2 != '?' && !strings.ContainsRune(closers, r2) {
				break
			}
			end += n2
		}
		next := end
		for next < len(line) {
			r2, n2 := utf8.DecodeRuneInString(line[next:])
			if !unicode.IsSpace(r2) {
				break
			}
			next += n2
		}
		if next == end || next >= len(line) {
			i = end
			continue // no space after, or end of line
		}
		nr, _ := utf8.DecodeRuneInString(line[next:])
		if !(unicode.IsUpper(nr) || unicode.IsDigit(nr) || strings.ContainsRune("\"“‘'([", nr)) {
			i = end
			continue
		}
		if r == '.' && end == i && !endsSentence(line[start:i-1], line[next:]) {
			i = end
			continue
		}
		out = append(out, ByteSpan{start, end})
		start, i = next, next
	}
	if start < len(line) {
		out = append(out, ByteSpan{start, len(line)})
	}
	return out
}

// abbreviations are words that are usually followed by a period that does
// not end the sentence; lowercase, without the period. Tokens keep them
// whole with their period (joinAbbreviations).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"gen": true, "sen": true, "rep": true, "gov": true, "lt": true, "col": true, "capt": true, "sgt": true,
	"maj": true, "adm": true, "pres": true, "amb": true, "rev": true, "hon": true, "messrs": true,
	"inc": true, "corp": true, "co": true, "cos": true, "ltd": true, "plc": true, "cmdr": true, "bros": true, "no": true, "nos": true, "vs": true,
	"etc": true, "fig": true, "vol": true, "pp": true, "approx": true, "dept": true, "univ": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "mt": true, "ft": true, "ave": true,
	// The AP's abbreviations of American states that are no English word
	// (TALLAHASSEE, Fla.; not Ill., Mass., Miss., Wash. or Ore.).
	"ala": true, "ariz": true, "ark": true, "calif": true, "colo": true, "conn": true, "fla": true, "ga": true,
	"ind": true, "kan": true, "ky": true, "md": true, "mich": true, "minn": true, "mont": true, "neb": true,
	"nev": true, "okla": true, "pa": true, "tenn": true, "tex": true, "va": true, "vt": true, "wis": true, "wyo": true,
}

// starters usually begin a sentence; after an acronym they say that its
// period ends one.
var starters = map[string]bool{
	"the": true, "they": true, "he": true, "she": true, "it": true, "we": true, "i": true, "but": true,
	"in": true, "this": true, "that": true, "there": true, "a": true, "an": true, "both": true, "on": true,
	"however": true, "its": true, "his": true, "her": true, "their": true, "our": true, "after": true,
}

// endsSentence decides whether the period after before ends a sentence,
// given the text that follows.
func endsSentence(before, after string) bool {
	wordStart := strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("(\"“‘'", r) })
	word := before[wordStart+1:]
	if wordStart >= 0 {
		_, n := utf8.DecodeRuneInString(before[wordStart:])
		word = before[wordStart+n:]
	}
	lower := strings.ToLower(word)
	switch {
	case word == "":
		return true
	case word == before && len(word) <= 3 && strings.Trim(word, "0123456789") == "":
		return false // the number of a list item: "1. Miss Stamper"
	case abbreviations[lower]:
		return false
	case utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]):
		return false // an initial
	case strings.Contains(word, "."):
		// An acronym such as U.S or e.g: a sentence ends only if a
		// sentence starter follows.
		next := strings.FieldsFunc(after, func(r rune) bool { return !unicode.IsLetter(r) })
		return len(next) > 0 && starters[strings.ToLower(next[0])]
	}
	return true
}

func trimSpan(s string, sp ByteSpan) ByteSpan {
	for sp.Start < sp.End {
		r, n := utf8.DecodeRuneInString(s[sp.Start:])
		if !unicode.IsSpace(r) {
			break
		}
		sp.Start += n
	}
	for sp.End > sp.Start {
		r, n := utf8.DecodeLastRuneInString(s[:sp.End])
		if !unicode.IsSpace(r) {
			break
		}
		sp.End -= n
	}
	return sp
}

// Word is a token found in a text: its byte span and its tag.
type Word struct {
	Start, End int
	Tag        string
}

// ChineseWords cuts a Chinese sentence into words with gse, exactly as the
// segment stage does, and returns their byte spans and part-of-speech tags.
// The entity model is trained on these words, so training and the pipeline
// see the same segmentation.
func (s *Segmenter) ChineseWords(sentence string) []Word {
	return s.tokens(sentence, "zh", true)
}

// EnglishWords cuts an English sentence into words as the segment stage
// does, for tables counted over English text (models/gen idf-en).
func (s *Segmenter) EnglishWords(sentence string) []Word {
	return s.tokens(sentence, "en", false)
}

// Lexicon calls yield with every word of the Chinese dictionary and its
// part-of-speech tag.
func (s *Segmenter) Lexicon(yield func(word, pos string) bool) {
	for i := range s.zh.Dict.Tokens {
		t := &s.zh.Dict.Tokens[i]
		if t.Freq() > 0 && !yield(t.Text(), t.Pos()) {
			return
		}
	}
}

// tokens cuts one sentence into tokens, with gse when chinese is true and
// with prose otherwise.
func (s *Segmenter) tokens(sentence, lang string, chinese bool) []Word {
	var words, tags []string
	if chinese {
		view := sentence
		if s.han != nil {
			view = s.han.String(sentence)
		}
		for _, p := range s.zh.Pos(view, false) {
			words, tags = append(words, p.Text), append(tags, p.Pos)
		}
		if view != sentence {
			return remap(Cover(view, Align(view, words, tags), "x"), view, sentence)
		}
		return Cover(sentence, Align(sentence, words, tags), "x")
	} else {
		doc, err := prose.NewDocument(sentence, prose.WithSegmentation(false), prose.WithExtraction(false),
			prose.UsingModel(s.en()))
		if err != nil {
			return nil
		}
		for _, t := range doc.Tokens() {
			words, tags = append(words, t.Text), append(tags, t.Tag)
		}
		return joinAbbreviations(sentence, splitFinalPeriod(sentence, Cover(sentence, Align(sentence, words, tags), "NN")))
	}
}

// Cover returns ws, tokens of text in order, with every stretch of text
// that no token holds and that is not white space made a token too: a
// segmenter must not lose text, yet prose drops the rest of a word after
// an apostrophe and a capital ("O'Meara" comes back as "O" alone), and a
// possessive before a punctuation mark ("Macy's," comes back as "Macy"),
// and Align leaves out a word it cannot find. A stretch right after a
// token (no space between) continues that word and joins it, keeping its
// tag, as O'Meara is one word; any other is a token of its own, tagged
// tag. Either way a possessive 's at its start and the punctuation marks
// at its end are tokens of their own, as the segmenters cut them
// elsewhere: the entity model reads "Macy" then "'s", not "Macy's,".
func Cover(text string, ws []Word, tag string) []Word {
	out := make([]Word, 0, len(ws))
	cur := 0
	push := func(start, end int, tag string) { out = append(out, Word{Start: start, End: end, Tag: tag}) }
	gap := func(end int) {
		for cur < end {
			r, n := utf8.DecodeRuneInString(text[cur:end])
			if unicode.IsSpace(r) {
				cur += n
				continue
			}
			stop := cur
			for stop < end {
				r, n := utf8.DecodeRuneInString(text[stop:end])
				if unicode.IsSpace(r) {
					break
				}
				stop += n
			}
			// The stretch [cur, stop): a possessive, the word, the
			// punctuation after it.
			word, marks := cur, trailingMarks(text[cur:stop])
			wordEnd := stop - marks
			if n := possessive(text[cur:wordEnd]); n > 0 && len(out) > 0 && out[len(out)-1].End == cur {
				push(cur, cur+n, "POS")
				word = cur + n
			}
			if word < wordEnd {
				if k := len(out) - 1; k >= 0 && out[k].End == word {
					out[k].End = wordEnd // continues the word before
				} else {
					push(word, wordEnd, tag)
				}
			}
			for i := wordEnd; i < stop; {
				_, n := utf8.DecodeRuneInString(text[i:stop])
				push(i, i+n, punctuationTag(text[i:i+n]))
				i += n
			}
			cur = stop
		}
	}
	for _, w := range ws {
		gap(w.Start)
		out = append(out, w)
		cur = w.End
	}
	gap(len(text))
	return out
}

// closingMarks end a word without belonging to it.
const closingMarks = ",.;:!?)]}\"”»"

// trailingMarks returns the length in bytes of the run of closing
// punctuation that ends s ("Macy's," ends in one).
func trailingMarks(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeLastRuneInString(s[:len(s)-n])
		if !strings.ContainsRune(closingMarks, r) {
			break
		}
		n += size
	}
	return n
}

// possessive returns the length in bytes of a possessive 's (straight or
// curly apostrophe) that is the whole of s, else 0.
func possessive(s string) int {
	for _, p := range []string{"'s", "’s", "'S", "’S"} {
		if s == p {
			return len(p)
		}
	}
	return 0
}

// punctuationTag is the Penn Treebank tag prose gives a punctuation mark.
func punctuationTag(mark string) string {
	switch mark {
	case ",":
		return ","
	case ".", "!", "?":
		return "."
	case ";", ":":
		return ":"
	case ")", "]", "}":
		return ")"
	}
	return "''"
}

// splitFinalPeriod cuts the period that ends a sentence off its last word
// when the word is no abbreviation: prose takes a capitalised word of two or
// three letters and its period for an abbreviation ("said Kim.", "the
// South China Sea.", "met Bob."), and the entity model, which learnt "Kim"
// and a full stop, then reads "Sea." as a word of its own.
func splitFinalPeriod(text string, ws []Word) []Word {
	k := len(ws) - 1
	for k >= 0 && strings.ContainsRune(closingMarks, []rune(text[ws[k].Start:ws[k].End])[0]) && ws[k].End-ws[k].Start == 1 {
		k-- // a closing quote or bracket after the sentence's end
	}
	if k < 0 {
		return ws
	}
	w := ws[k]
	word := text[w.Start:w.End]
	stem := strings.TrimSuffix(word, ".")
	if len(stem) < 2 || stem == word || abbreviations[strings.ToLower(stem)] ||
		strings.ContainsFunc(stem, func(r rune) bool { return !unicode.IsLetter(r) }) {
		return ws
	}
	out := make([]Word, 0, len(ws)+1)
	out = append(out, ws[:k]...)
	out = append(out, Word{Start: w.Start, End: w.End - 1, Tag: w.Tag}, Word{Start: w.End - 1, End: w.End, Tag: "."})
	return append(out, ws[k+1:]...)
}

// joinAbbreviations joins an initial (B. Young, N. Korea), an
// abbreviation (Acme Corp.) or the number that starts a list item (1. …)
// with the period right after it, which prose
// cuts off: the entity model knows "B." as an initial, not "B" then a full
// stop. A period that ends the sentence stays a token of its own.
func joinAbbreviations(text string, ws []Word) []Word {
	out := ws[:0]
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if i+2 < len(ws) && ws[i+1].Start == w.End && text[ws[i+1].Start:ws[i+1].End] == "." {
			word := text[w.Start:w.End]
			initial := len(word) == 1 && word[0] >= 'A' && word[0] <= 'Z'
			// "1. Miss Stamper": the number of a list item, as at the
			// start of a line of results.
			item := i == 0 && len(word) <= 3 && strings.Trim(word, "0123456789") == ""
			if initial || item || abbreviations[strings.ToLower(word)] {
				w.End = ws[i+1].End
				i++
			}
		}
		out = append(out, w)
	}
	return out
}

// remap moves byte spans of view onto text, which holds the same number of
// code points (hanzi converts character for character, but a character's
// simplified form may take another number of bytes).
func remap(ws []Word, view, text string) []Word {
	vr := entopic.NewRuneCounter(view)
	to := entopic.ByteOffsets(text)
	for i := range ws {
		ws[i].Start, ws[i].End = to[vr.At(ws[i].Start)], to[vr.At(ws[i].End)]
	}
	return ws
}

// Align finds each word of words in text, left to right, and returns their
// byte spans with their tags. Segmenters do not give offsets and do not keep
// the text exactly (gse lowercases Latin letters, prose turns curly quotes
// into straight ones), so matching folds case and quote styles. A word that
// cannot be found near the cursor is left out.
func Align(text string, words, tags []string) []Word {
	out := make([]Word, 0, len(words))
	cur := 0
	for i, w := range words {
		if strings.TrimSpace(w) == "" {
			continue
		}
		start, end, ok := find(text, cur, w)
		if !ok {
			continue
		}
		out = append(out, Word{Start: start, End: end, Tag: tags[i]})
		cur = end
	}
	return out
}

// window bounds how far past the cursor a word is looked for.
const window = 256

// find looks for w in text from byte offset from, first right at the next
// non-space character, then within the window.
func find(text string, from int, w string) (int, int, bool) {
	for from < len(text) {
		r, n := utf8.DecodeRuneInString(text[from:])
		if !unicode.IsSpace(r) {
			break
		}
		from += n
	}
	limit := min(len(text), from+window)
	for i := from; i < limit; {
		if end, ok := matchAt(text, i, w); ok {
			return i, end, true
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
	}
	return 0, 0, false
}

// matchAt reports whether w matches text at byte offset i, folding case and
// quote styles, and where the match ends.
func matchAt(text string, i int, w string) (int, bool) {
	j := i
	for _, wr := range w {
		if j >= len(text) {
			return 0, false
		}
		tr, n := utf8.DecodeRuneInString(text[j:])
		if !sameRune(tr, wr) {
			return 0, false
		}
		j += n
	}
	return j, true
}

func sameRune(a, b rune) bool {
	if a == b {
		return true
	}
	fa, fb := foldQuote(a), foldQuote(b)
	if fa == fb {
		return true
	}
	return unicode.ToLower(fa) == unicode.ToLower(fb)
}

func foldQuote(r rune) rune {
	switch r {
	case '“', '”', '„', '″', '«', '»':
		return '"'
	case '‘', '’', '‚', '′', '`':
		return '\''
	}
	return r
}

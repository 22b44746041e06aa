package ner

import (
	"bufio"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/entopic/entopic/internal/ahocorasick"
)

// Sentence is a Chinese sentence to label: its characters and, when a word
// segmenter has cut it, its words.
type Sentence struct {
	Text  []rune
	Words []Word
}

// Word is a segmenter's word: positions [Start, End) and its
// part-of-speech tag.
type Word struct {
	Start, End int
	POS        string
}

// ZH extracts the features of Chinese characters. Build it with NewZH; it
// is read-only afterwards and safe for concurrent use.
//
// Features of character i, each hashed with its template's number:
//   - characters: at offsets −2…2, the bigrams and the trigram around i,
//     the skip-bigram c[i−1]c[i+1], and the classes (Han, digit, Latin,
//     punctuation) of i−1, i, i+1;
//   - the segmenter's word around i: its place (B/M/E/S) with its part of
//     speech and with the character, the word itself when short, its
//     length, the parts of speech of the words before and after;
//   - the lexicon: dictionary words that start, end or lie around i,
//     with their length and part of speech;
//   - gazetteers: entries of each type covering i, with i's place in the
//     entry and its length; how often the character stands first, inside
//     or last in the gazetteer's names of each type;
//   - surnames: i starts a surname or a compound surname;
//   - suffixes: an organization or place suffix (大学, 委员会; 省, 江 …)
//     ends at i or starts right after it, and the distance to the nearest
//     one ahead in the same run of Han characters, which marks the start of
//     a long name (国务院残疾人工作协调委员会).
type ZH struct {
	gaz      *ahocorasick.Matcher
	gazTypes []uint8 // per gazetteer pattern: index into gazTypeNames
	// chars holds, per character, charSurname and 1 + its index in
	// nameCounts (or 0).
	chars      index
	nameCounts [][3][3]int32 // names holding a character first, inside, last, by type
	compound   index         // hashes of compound surnames
	// lexicon holds the hashes of dictionary words of 2–7 characters and
	// of their beginnings: 1 + an index into posNames for a word, and
	// lexLonger when a longer word goes on from there, which ends the
	// search for words at a position early.
	lexicon  *index
	posNames []string // parts of speech of the lexicon
	suffix   index    // hashes of suffixes: 1 organization, 2 place, 3 both
}

// Values of ZH.chars and ZH.lexicon.
const (
	charSurname = 1 << 31
	lexLonger   = 1 << 31
	lexPOS      = 1<<16 - 1
)

var gazTypeNames = []string{"PER", "LOC", "ORG"}

// ZHResources are the lists the Chinese features use.
type ZHResources struct {
	// Gazetteer holds "TYPE<TAB>name[<TAB>…]" lines (models/data/gazetteer-zh.tsv).
	Gazetteer string
	// Surnames holds single-character surnames and, on further lines,
	// space-separated compound ones (models/data/surnames-zh.txt).
	Surnames string
	// Lexicon calls yield with every word of the segmenter's dictionary
	// and its part of speech (nil: no lexicon features).
	Lexicon func(yield func(word, pos string) bool)
}

// NewZH builds the feature extractor. The lexicon's table and the others
// are built side by side, each about a quarter of a second.
func NewZH(r ZHResources) *ZH {
	z := &ZH{}
	var wg sync.WaitGroup
	wg.Go(func() { z.addLexicon(r.Lexicon) })
	z.addLists(r)
	wg.Wait()
	return z
}

// addLexicon builds the table of dictionary words.
func (z *ZH) addLexicon(lexicon func(yield func(word, pos string) bool)) {
	if lexicon != nil {
		z.lexicon = &index{}
		posID := map[string]uint32{}
		lexicon(func(word, pos string) bool {
			if n := utf8.RuneCountInString(word); n >= 2 && n <= 7 {
				id, ok := posID[pos]
				if !ok {
					id = uint32(len(z.posNames))
					posID[pos] = id
					z.posNames = append(z.posNames, pos)
				}
				rs := []rune(word)
				h := newHash(0).rune(rs[0])
				for l := 2; l < n; l++ {
					h = h.rune(rs[l-1])
					z.lexicon.or(uint64(h), lexLonger)
				}
				h = h.rune(rs[n-1])
				v, _ := z.lexicon.get(uint64(h))
				z.lexicon.set(uint64(h), v&lexLonger|(id+1))
			}
			return true
		})
	}
}

// addLists builds the tables of the gazetteer, surnames and suffixes.
func (z *ZH) addLists(r ZHResources) {
	var patterns []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(r.Gazetteer))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		t := -1
		for i, n := range gazTypeNames {
			if n == f[0] {
				t = i
			}
		}
		name := f[1]
		if t < 0 || utf8.RuneCountInString(name) < 2 || seen[f[0]+"\t"+name] {
			continue
		}
		seen[f[0]+"\t"+name] = true
		patterns = append(patterns, name)
		z.gazTypes = append(z.gazTypes, uint8(t))
		rs := []rune(name)
		for i, c := range rs {
			place := 1
			switch i {
			case 0:
				place = 0
			case len(rs) - 1:
				place = 2
			}
			v, _ := z.chars.get(uint64(c))
			if v&^charSurname == 0 {
				z.nameCounts = append(z.nameCounts, [3][3]int32{})
				v |= uint32(len(z.nameCounts))
				z.chars.set(uint64(c), v)
			}
			z.nameCounts[v&^charSurname-1][t][place]++
		}
	}
	z.gaz = ahocorasick.Build(patterns)
	for line := range strings.Lines(r.Surnames) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, f := range strings.Fields(line) {
			if utf8.RuneCountInString(f) == 2 {
				z.compound.set(runesHash([]rune(f)), 1)
				continue
			}
			for _, c := range f {
				z.chars.or(uint64(c), charSurname)
			}
		}
	}
	for _, s := range orgSuffixes {
		z.suffix.or(runesHash([]rune(s)), 1)
	}
	for _, s := range locSuffixes {
		z.suffix.or(runesHash([]rune(s)), 2)
	}
}

// orgSuffixes and locSuffixes end names of organizations and places.
var orgSuffixes = strings.Fields(`公司 集团 银行 大学 学院 学校 中学 小学 研究院 研究所 研究中心 中心 委员会 委 部 局 厅 署 办 办公室 院
	会 协会 学会 联合会 基金会 党 队 社 报 台 电视台 组织 联盟 医院 法院 检察院 政府 军 部队 俱乐部 厂 所 馆 处 科 团 司
	总局 总署 总会 常委会 政协 人大 议会 国会 内阁 法庭 警察局 公安局 商会 工会 联社 集团公司 股份公司 有限公司`)

var locSuffixes = strings.Fields(`省 市 县 区 镇 乡 村 州 国 岛 山 河 江 湖 海 洋 湾 峡 半岛 群岛 沙漠 平原 高原 盆地 港 路 街 道 大街
	广场 地区 自治区 特区 大陆 大洋 海峡 流域 山脉 城 堡 关 口 峰 岭 谷 滩 寺 宫 园`)

// runesHash hashes a run of characters, for the suffix table.
func runesHash(rs []rune) uint64 {
	h := newHash(0)
	for _, r := range rs {
		h = h.rune(r)
	}
	return uint64(h)
}

// Template numbers; changing them invalidates trained models.
const (
	fBias = iota + 1
	fChar
	fBigram
	fTrigram
	fSkip
	fClass
	fWordPos
	fWord
	fWordLen
	fPrevPos
	fNextPos
	fWordPosChar
	fGaz
	fGazLen
	fSurname
	fCompound
	fOrgSuffix
	fLocSuffix
	fOrgSuffixNext
	fLocSuffixNext
	fLexStart
	fLexEnd
	fLexInside
	fNameChar
	fOrgAhead
	fLocAhead
)

// hashing: FNV-1a style mixing of the template number and its values.
const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

type hasher uint64

func newHash(template int) hasher { return hasher(offset64^uint64(template)) * prime64 }
func (h hasher) rune(r rune) hasher {
	return (h ^ hasher(uint64(r))) * prime64
}
func (h hasher) str(s string) hasher {
	for _, r := range s {
		h = h.rune(r)
	}
	return h.rune(0)
}
func (h hasher) int(n int) hasher { return h.rune(rune(0x10FFFF + 1 + n)) }

// runes is str(string(rs)) without building the string (rs holds valid
// characters only, as text decoded from a string does).
func (h hasher) runes(rs []rune) hasher {
	for _, r := range rs {
		h = h.rune(r)
	}
	return h.rune(0)
}

// boundary characters outside the sentence.
const (
	bos = rune(0x110001)
	eos = rune(0x110002)
)

// place returns the place of position i in [start, end): B, M, E or S.
func place(i, start, end int) string {
	switch {
	case end-start == 1:
		return "S"
	case i == start:
		return "B"
	case i == end-1:
		return "E"
	}
	return "M"
}

// Features returns the features of every character of s.
//
// Everything a character's features look up more than once — its
// normalized form and class, the dictionary words around it, the suffixes
// ending at it — is worked out once per sentence first, in flat arrays.
func (z *ZH) Features(s Sentence) Features { return z.FeaturesWith(s, new(Buffer)) }

// FeaturesWith is Features working in b's memory: the features it returns
// stay valid until b is used again.
func (z *ZH) FeaturesWith(s Sentence, b *Buffer) Features {
	n := len(s.Text)
	fs := resize(b.fs, n)
	flat := b.flat[:0]
	if cap(flat) < n*48 {
		flat = make([]uint64, 0, n*48)
	}
	defer func() { b.fs, b.flat = fs, flat[:0] }()
	// The normalized characters and their classes, with two boundary
	// characters on each side: at(i) is norm[i+2].
	b.norm, b.cls = resize(b.norm, n+4), resize(b.cls, n+4)
	norm, cls := b.norm, b.cls
	norm[0], norm[1], norm[n+2], norm[n+3] = bos, bos, eos, eos
	for i, r := range s.Text {
		norm[i+2] = NormalizeRune(r)
	}
	for i, r := range norm {
		cls[i] = class(r)
	}
	at := func(i int) rune { return norm[i+2] }
	b.wordOf = resize(b.wordOf, n)
	wordOf := b.wordOf
	for i := range wordOf {
		wordOf[i] = -1
	}
	for wi, w := range s.Words {
		for i := max(0, w.Start); i < min(n, w.End); i++ {
			wordOf[i] = wi
		}
	}
	// Gazetteer coverage: for each type, the longest entry over each
	// position.
	b.gaz = resize(b.gaz, n)
	gaz := b.gaz
	clear(gaz)
	if z.gaz != nil {
		for _, m := range z.gaz.FindAll(string(s.Text)) {
			t := z.gazTypes[m.Pattern]
			for i := m.Start; i < m.End; i++ {
				if c := &gaz[i][t]; c.end-c.start < m.End-m.Start {
					*c = cover{m.Start, m.End}
				}
			}
		}
	}
	// Lexicon: the dictionary words starting at each position, in order
	// of start and length: words[first[i]:first[i+1]] start at i.
	words := b.words[:0]
	defer func() { b.words = words[:0] }()
	var first []int
	if z.lexicon != nil {
		b.first = resize(b.first, n+1)
		first = b.first
		for i := range n {
			first[i] = len(words)
			h := newHash(0).rune(s.Text[i])
			for l := 2; l <= 7 && i+l <= n; l++ {
				h = h.rune(s.Text[i+l-1])
				v, ok := z.lexicon.get(uint64(h))
				if !ok {
					break
				}
				if id := v & lexPOS; id != 0 {
					words = append(words, lex{l, z.posNames[id-1]})
				}
				if v&lexLonger == 0 {
					break
				}
			}
		}
		first[n] = len(words)
	}
	b.han = resize(b.han, n)
	han := b.han
	for i, r := range s.Text {
		han[i] = unicode.Is(unicode.Han, r)
	}
	// Suffix kinds of every run of one to four characters, looked up once:
	// suf[j*4+l-1] is the kind of text[j+1-l : j+1], the run of length l
	// ending at j (0 when it runs off the start).
	b.suf = resize(b.suf, n*4)
	suf := b.suf
	clear(suf)
	for j := range n {
		for l := 1; l <= 4 && l <= j+1; l++ {
			k, _ := z.suffix.get(runesHash(s.Text[j+1-l : j+1]))
			suf[j*4+l-1] = uint8(k)
		}
	}
	sufEnding := func(j, l int) uint8 { return suf[j*4+l-1] } // text[j+1-l : j+1], l ≤ j+1
	// For the look ahead: the latest start, after which an organization
	// or place suffix ending at j begins, i.e. j+1-l for the shortest l.
	b.orgStart, b.locStart = resize(b.orgStart, n), resize(b.locStart, n)
	orgStart, locStart := b.orgStart, b.locStart
	for j := range n {
		orgStart[j], locStart[j] = -1, -1
		for l := 1; l <= 4 && l <= j+1; l++ {
			k := sufEnding(j, l)
			if orgStart[j] < 0 && k&1 != 0 {
				orgStart[j] = j + 1 - l
			}
			if locStart[j] < 0 && k&2 != 0 {
				locStart[j] = j + 1 - l
			}
		}
	}
	for i := range n {
		start := len(flat)
		add := func(h hasher) { flat = append(flat, uint64(h)) }
		add(newHash(fBias))
		for k := -2; k <= 2; k++ {
			add(newHash(fChar).int(k).rune(at(i + k)))
		}
		for k := -2; k <= 1; k++ {
			add(newHash(fBigram).int(k).rune(at(i + k)).rune(at(i + k + 1)))
		}
		add(newHash(fTrigram).rune(at(i - 1)).rune(at(i)).rune(at(i + 1)))
		add(newHash(fSkip).rune(at(i - 1)).rune(at(i + 1)))
		add(newHash(fClass).rune(cls[i+1]).rune(cls[i+2]).rune(cls[i+3]))

		if wi := wordOf[i]; wi >= 0 {
			w := s.Words[wi]
			p := place(i, w.Start, w.End)
			add(newHash(fWordPos).str(p).str(w.POS))
			add(newHash(fWordPosChar).str(p).rune(at(i)))
			if w.End-w.Start <= 6 {
				add(newHash(fWord).str(p).runes(s.Text[w.Start:w.End]))
			}
			add(newHash(fWordLen).int(min(w.End-w.Start, 6)).str(p))
			if wi > 0 {
				add(newHash(fPrevPos).str(s.Words[wi-1].POS).str(p))
			}
			if wi+1 < len(s.Words) {
				add(newHash(fNextPos).str(s.Words[wi+1].POS).str(p))
			}
		}
		if first != nil {
			// Words starting at i, by length; ending at i, by start;
			// around i, by start, then length.
			for _, x := range words[first[i]:first[i+1]] {
				add(newHash(fLexStart).int(min(x.length, 5)).str(x.pos))
			}
			for b := max(0, i-6); b < i; b++ {
				for _, x := range words[first[b]:first[b+1]] {
					if b+x.length-1 == i {
						add(newHash(fLexEnd).int(min(x.length, 5)).str(x.pos))
					}
				}
			}
			for b := max(0, i-5); b < i; b++ {
				for _, x := range words[first[b]:first[b+1]] {
					if b+x.length-1 > i {
						add(newHash(fLexInside).str(x.pos))
					}
				}
			}
		}

		for t, c := range gaz[i] {
			if c.end == 0 {
				continue
			}
			p := place(i, c.start, c.end) // entries have two characters or more: never S
			add(newHash(fGaz).int(t).str(p))
			add(newHash(fGazLen).int(t).int(min(c.end-c.start, 6)).str(p))
		}
		cv, _ := z.chars.get(uint64(at(i)))
		if ci := cv &^ charSurname; ci != 0 {
			cnt := &z.nameCounts[ci-1]
			for t := range cnt {
				for p, c := range cnt[t] {
					if c > 0 {
						add(newHash(fNameChar).int(t).int(p).int(bucket(c)))
					}
				}
			}
		}
		if cv&charSurname != 0 {
			add(newHash(fSurname))
		}
		if i+1 < n {
			if _, ok := z.compound.get(runesHash(s.Text[i : i+2])); ok {
				add(newHash(fCompound))
			}
		}

		for l := 1; l <= 4 && l <= i+1; l++ {
			k := sufEnding(i, l)
			if k&1 != 0 {
				add(newHash(fOrgSuffix).int(l))
			}
			if k&2 != 0 {
				add(newHash(fLocSuffix).int(l))
			}
		}
		for l := 1; l <= 4 && i+1+l <= n; l++ {
			k := sufEnding(i+l, l) // text[i+1 : i+1+l]
			if k&1 != 0 {
				add(newHash(fOrgSuffixNext).int(l))
			}
			if k&2 != 0 {
				add(newHash(fLocSuffixNext).int(l))
			}
		}
		// The nearest suffix ahead in the run of Han characters that
		// starts after i: one ending at j whose latest start lies after i
		// (a suffix of length l < j+1-i).
		orgAt, locAt := -1, -1
		for j := i; j < n && j < i+12 && han[j] && (orgAt < 0 || locAt < 0); j++ {
			if orgAt < 0 && orgStart[j] > i {
				orgAt = j
			}
			if locAt < 0 && locStart[j] > i {
				locAt = j
			}
		}
		if orgAt >= 0 {
			add(newHash(fOrgAhead).int(min(orgAt-i, 8)))
		}
		if locAt >= 0 {
			add(newHash(fLocAhead).int(min(locAt-i, 8)))
		}
		fs[i] = flat[start:len(flat):len(flat)]
	}
	return fs
}

// bucket is a count's order of magnitude, base 4.
func bucket(c int32) int {
	b := 0
	for c > 0 {
		c /= 4
		b++
	}
	return b
}

// NormalizeRune folds full-width letters and digits to ASCII and ASCII
// letters to lower case, so that ＡＰＥＣ, APEC and apec share features.
func NormalizeRune(r rune) rune {
	if r >= 0xff01 && r <= 0xff5e {
		if a := r - 0xfee0; (a >= '0' && a <= '9') || (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z') {
			r = a
		}
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// class returns a character's class: D digit (Arabic or Chinese), H Han,
// L Latin letter, P punctuation, S space, B/E sentence boundary, O other.
func class(r rune) rune {
	switch {
	case r == bos:
		return 'B'
	case r == eos:
		return 'E'
	case r >= '0' && r <= '9' || strings.ContainsRune("零一二三四五六七八九十百千万亿〇两", r):
		return 'D'
	case unicode.Is(unicode.Han, r):
		return 'H'
	case r < 0x250 && unicode.IsLetter(r):
		return 'L'
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return 'P'
	case unicode.IsSpace(r):
		return 'S'
	}
	return 'O'
}

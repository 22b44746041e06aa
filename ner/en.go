package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// EN extracts the features of English words. The zero value is ready to
// use and safe for concurrent use.
//
// Features of word i, each hashed with its template's number: the
// lower-cased words at offsets −2…2 and the bigrams around i; the shape of
// words i−1, i, i+1 (Xxxx, XX, dd, x-x …, runs collapsed); prefixes and
// suffixes of word i up to four letters; whether it is capitalised at the
// start of the sentence or inside it; whether it holds digits, hyphens,
// periods or apostrophes; whether the words around it are capitalised;
// with a Gazetteer, the kinds of the names that cover it (city, first name,
// university …) with its place in each (single, first, inside, last).
//
// A headline in capitals (SOCCER - JAPAN GET LUCKY WIN) has features of
// its own, for capitals say nothing there of names. With Lowercase, so
// does a headline in title case (Airlines Agree to Cut Flights at Chicago
// O'Hare), which the training data lacks: it is read as if written in
// capitals.
type EN struct {
	// Gazetteer, when set, adds the gazetteer features (nil: none).
	Gazetteer *Gazetteer
	// Lowercase holds the words usually written in lower case
	// (models/data/lowercase-en.txt), by which a sentence in title case
	// is told (nil: none is).
	Lowercase map[string]bool
}

// NewWordSet reads a list of words, one per line; lines starting with #
// are comments.
func NewWordSet(list string) map[string]bool {
	m := map[string]bool{}
	for line := range strings.Lines(list) {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			m[w] = true
		}
	}
	return m
}

// minor are the short words title case leaves in lower case.
var minor = wordSet("a an the and but or nor for so yet on at to by of in up as off out per via vs vs. v. with from into onto over than upon")

// titleCase reports a sentence written in title case: at least three words
// with letters, each capitalised but the minor ones, and at least two of
// the capitalised ones words usually written in lower case (Agree, Cut,
// Flights), which tells a headline from a line of names (Racing Club 0
// Rosario Central 2 has one).
func (e EN) titleCase(words, lower []string) bool {
	if e.Lowercase == nil {
		return false
	}
	letters, common := 0, 0
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if strings.IndexFunc(w, unicode.IsLetter) < 0 {
			continue
		}
		letters++
		switch {
		case minor[lower[i]] && !unicode.IsUpper(r):
		case !unicode.IsUpper(r):
			return false
		case e.Lowercase[lower[i]] && strings.ToUpper(w) != w:
			common++
		}
	}
	return letters >= 3 && common >= 2
}

// Template numbers for English; changing them invalidates trained models.
const (
	eBias = iota + 101
	eWord
	eBigram
	eShape
	eShapeContext
	ePrefix
	eSuffix
	eCap
	eFlags
	eCapContext
	eLength
	eGazetteer
	eOrgHead
	eGazContext
)

// orgHeads are words that end or head organizations' names (Acme Corp.,
// Ministry of Defence, Manchester United, Pakistan People's Party). A
// word in a capitalised run that such a word ends or heads is likely part
// of an organization's name even when the name itself was never seen.
var orgHeads = wordSet(`inc inc. corp corp. corporation co co. company companies ltd ltd. plc llc ag sa nv bv gmbh spa
	group holdings holding industries international bank bancorp airlines airways motors systems technologies
	partners capital securities investments fund trust exchange insurance associates enterprises
	university college institute school academy hospital
	ministry department agency office commission council committee board authority bureau service administration
	parliament assembly congress senate court tribunal army navy police force forces
	party union league federation association confederation organisation organization alliance front movement
	club fc afc united city rovers wanderers athletic county town albion
	times post journal news herald tribune press television radio network agency
	foundation society church council`)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// joinsNames are the lower-case words inside organizations' names
// (Ministry of Defence, Bank for International Settlements).
var joinsNames = wordSet("of for and & de la du der")

// Words returns the features of every word of a sentence.
func (e EN) Words(words []string) Features {
	n := len(words)
	fs := make(Features, n)
	flat := make([]uint64, 0, n*32)
	lower := make([]string, n)
	shapes := make([]string, n)
	for i, w := range words {
		lower[i] = strings.ToLower(w)
		shapes[i] = shape(w)
	}
	at := func(i int) string {
		switch {
		case i < 0:
			return "<s>"
		case i >= n:
			return "</s>"
		}
		return lower[i]
	}
	shapeAt := func(i int) string {
		if i < 0 || i >= n {
			return "_"
		}
		return shapes[i]
	}
	// In a headline written in capitals (SOCCER - JAPAN GET LUCKY WIN)
	// capitalisation tells nothing about names: the shape and capital
	// features of its words are kept apart from those of running text. A
	// headline in title case is read in capitals.
	hl := headline(words)
	if hl == 0 && e.titleCase(words, lower) {
		upper := make([]string, n)
		for i, w := range words {
			upper[i] = strings.ToUpper(w)
			shapes[i] = shape(upper[i])
		}
		words, hl = upper, 1
	}
	// The gazetteer's kinds over each word, with its place in the name:
	// kinds[i*4+p], p = 0 single word, 1 first, 2 inside, 3 last.
	var kinds []uint32
	if e.Gazetteer != nil {
		kinds = make([]uint32, 4*n)
		for _, m := range e.Gazetteer.find(words, lower, nil) {
			for i := m.start; i < m.end; i++ {
				p := 2
				switch {
				case m.end-m.start == 1:
					p = 0
				case i == m.start:
					p = 1
				case i == m.end-1:
					p = 3
				}
				kinds[i*4+p] |= m.kinds
			}
		}
	}
	for i, w := range words {
		start := len(flat)
		add := func(h hasher) { flat = append(flat, uint64(h)) }
		add(newHash(eBias))
		for k := -2; k <= 2; k++ {
			add(newHash(eWord).int(k).str(at(i + k)))
		}
		add(newHash(eBigram).int(-1).str(at(i - 1)).str(at(i)))
		add(newHash(eBigram).int(1).str(at(i)).str(at(i + 1)))
		add(newHash(eShape).int(hl).str(shapes[i]))
		add(newHash(eShapeContext).int(hl).str(shapeAt(i - 1)).str(shapes[i]).str(shapeAt(i + 1)))
		rs := []rune(lower[i])
		for l := 1; l <= 4 && l <= len(rs); l++ {
			add(newHash(ePrefix).int(l).str(string(rs[:l])))
			add(newHash(eSuffix).int(l).str(string(rs[len(rs)-l:])))
		}
		r, _ := utf8.DecodeRuneInString(w)
		capital := unicode.IsUpper(r)
		switch {
		case hl == 1:
			add(newHash(eCap).str("headline"))
		case capital && i == 0:
			add(newHash(eCap).str("first"))
		case capital:
			add(newHash(eCap).str("inside"))
		}
		if hl == 0 && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			add(newHash(eFlags).str("allcaps"))
		}
		for _, f := range []struct {
			name string
			has  bool
		}{
			{"digit", strings.IndexFunc(w, unicode.IsDigit) >= 0},
			{"hyphen", strings.Contains(w, "-")},
			{"period", strings.Contains(w, ".")},
			{"apostrophe", strings.ContainsAny(w, "'’")},
		} {
			if f.has {
				add(newHash(eFlags).str(f.name))
			}
		}
		prevCap, nextCap := i > 0 && isCapitalised(words[i-1]), i+1 < n && isCapitalised(words[i+1])
		add(newHash(eCapContext).int(hl).int(b2i(prevCap)).int(b2i(capital)).int(b2i(nextCap)))
		add(newHash(eLength).int(min(utf8.RuneCountInString(w), 10)))
		// The nearest organization head at or after i within the run of
		// capitalised words (and joining words) around i.
		if capital || hl == 1 {
			for d := 0; d <= 4 && i+d < n; d++ {
				wd := words[i+d]
				if d > 0 && !isCapitalised(wd) && !joinsNames[lower[i+d]] {
					break
				}
				if isCapitalised(wd) && orgHeads[lower[i+d]] {
					add(newHash(eOrgHead).int(d))
					break
				}
			}
		}
		// The kinds of the names over the words either side (a first name
		// before, a city after), whatever their place.
		for _, k := range []int{-1, 1} {
			if j := i + k; kinds != nil && j >= 0 && j < n {
				for _, kind := range e.Gazetteer.kindNames(kinds[j*4] | kinds[j*4+1] | kinds[j*4+2] | kinds[j*4+3]) {
					add(newHash(eGazContext).int(k).str(kind))
				}
			}
		}
		for p, ks := range kinds[min(len(kinds), i*4):min(len(kinds), i*4+4)] {
			for _, kind := range e.Gazetteer.kindNames(ks) {
				add(newHash(eGazetteer).int(p).str(kind))
			}
		}
		fs[i] = flat[start:len(flat):len(flat)]
	}
	return fs
}

// headline returns 1 when a sentence is written in capitals: at least
// three words with letters, and none of them with a lower-case letter.
func headline(words []string) int {
	n := 0
	for _, w := range words {
		if strings.IndexFunc(w, unicode.IsLower) >= 0 {
			return 0
		}
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			n++
		}
	}
	return b2i(n >= 3)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// shape maps a word to its shape: upper-case letters X, lower-case x,
// digits d, other characters kept; runs longer than two collapse (Beijing →
// Xxx, NATO → XX, 1998 → dd, U.S. → X.X.).
func shape(w string) string {
	var b strings.Builder
	var last rune
	run := 0
	for _, r := range w {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c == last {
			run++
			if run >= 2 {
				continue
			}
		} else {
			run = 0
		}
		b.WriteRune(c)
		last = c
	}
	return b.String()
}

// PrepareWords turns word-level examples (Example.Text holds the words
// joined by single spaces, entities in code points) into instances.
func (e EN) PrepareWords(types []string, examples []Example) []Instance {
	m := newModel(types)
	out := make([]Instance, 0, len(examples))
	for _, ex := range examples {
		words, starts := splitWords(ex.Text)
		// Entities in word positions.
		wex := Example{Text: make([]rune, len(words)), Partial: ex.Partial}
		for _, en := range ex.Entities {
			ws, we := -1, -1
			for k, s := range starts {
				if s == en.Start {
					ws = k
				}
				if s < en.End {
					we = k + 1
				}
			}
			if ws >= 0 && we > ws {
				wex.Entities = append(wex.Entities, Entity{Start: ws, End: we, Type: en.Type})
			}
		}
		gold := m.tags(wex)
		out = append(out, Instance{Features: e.Words(words), Gold: gold, Example: wex, Fixed: m.constraints(wex, gold)})
	}
	return out
}

// splitWords splits text at spaces and returns the words and the code
// point offset of each.
func splitWords(text []rune) ([]string, []int) {
	var words []string
	var starts []int
	start := -1
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == ' ' {
			if start >= 0 {
				words = append(words, string(text[start:i]))
				starts = append(starts, start)
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return words, starts
}

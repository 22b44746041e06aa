package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/go-ego/gse"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/stages/keywords"
)

// idfChinese writes the inverse document frequency of the words of a JSON
// lines corpus of Chinese news ({"text": …} per line, one document each),
// cut by the segment stage's segmenter, so that the keywords stage weighs
// words as they are cut in a run. The corpus is small (a few hundred
// documents), so gse's IDF table (jieba's, from a large corpus) serves as a
// prior worth priorDocs documents: a word's document frequency is
//
//	p(w) = (df(w) + priorDocs·exp(−idfGse(w))) / (N + priorDocs)
//	idf(w) = −ln p(w)
//
// Only words seen in two documents or more are written; the keywords stage
// looks other words up in gse's table.
func idfChinese(src, out string) error {
	seg, _, err := job.LoadSegmenter()
	if err != nil {
		return err
	}
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	df := map[string]int{}
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		var rec struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("%s: document %d: %w", src, n+1, err)
		}
		seen := map[string]bool{}
		for _, w := range seg.ChineseWords(rec.Text) {
			word := rec.Text[w.Start:w.End]
			if strings.IndexFunc(word, func(r rune) bool { return unicode.IsLetter(r) }) >= 0 {
				seen[strings.ToLower(word)] = true
			}
		}
		for w := range seen {
			df[w]++
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return err
	}
	prior := keywords.ParseIDF(gse.ZhIdf)
	const priorDocs = 20000
	words := seenTwice(df)
	var b strings.Builder
	fmt.Fprintf(&b, "# Chinese IDF over %d news documents of %s (People's Daily and CLUENER\n", n, "../shared/data/bench/zh-news.jsonl")
	fmt.Fprintf(&b, "# sentences, 20 to a document) cut by entopic's segmenter, with gse's IDF table as a prior\n")
	fmt.Fprintf(&b, "# worth %d documents; built by `go run ./models/gen idf-zh`.\n", priorDocs)
	for _, w := range words {
		p := (float64(df[w]) + priorDocs*math.Exp(-prior.Of(w))) / float64(n+priorDocs)
		fmt.Fprintf(&b, "%s %.4f\n", w, -math.Log(p))
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// seenTwice returns, in order, the words of an IDF table: those seen in two
// documents or more (a word seen once tells nothing of its rarity).
func seenTwice(df map[string]int) []string {
	words := make([]string, 0, len(df))
	for w, c := range df {
		if c >= 2 {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	return words
}

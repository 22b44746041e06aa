// Package topicmodel discovers the topics a corpus is about, with no
// taxonomy: latent Dirichlet allocation over the documents of a finished
// run.
//
// In: a run's output directory — its documents table, streamed part by part
// and row group by row group — and the segmenter of the run. Out: two tables
// beside the run's, topic_terms (topic, term, weight, rank: the best terms
// of each topic) and document_topics (doc_id, topic, weight: the topics of
// each document), and topic_model.json, written last, which marks them
// complete.
//
// Documents are cut into content words (nouns, names and verbal nouns of two
// characters or more, less stopwords; traditional Chinese as simplified) in
// a first pass that counts document frequencies and spools the words to a
// temporary file; the vocabulary keeps words seen in a few documents but not
// in most. The model is fitted by online variational Bayes (lda.go) over
// mini-batches read back from the spool, for a few passes; its memory is the
// K×V topic matrix and one batch, whatever the corpus size. Near duplicates
// (documents.duplicate_of) do not train the model but get their topics. The
// same run, options and seed give the same tables, whatever the worker count.
package topicmodel

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
	"github.com/entopic/entopic/stages/keywords"
	"github.com/entopic/entopic/stages/segment"
	"github.com/entopic/entopic/stages/write"
)

// The tables and the file the package writes in a run's directory.
const (
	TopicTerms     = "topic_terms"
	DocumentTopics = "document_topics"
	SummaryName    = "topic_model.json"
)

// TermRow is a row of topic_terms: one of the best terms of a topic.
type TermRow struct {
	Topic  int32   `parquet:"topic"`
	Term   string  `parquet:"term"`
	Weight float32 `parquet:"weight"` // the term's probability in the topic
	Rank   int32   `parquet:"rank"`   // 1 for the topic's most likely term
}

// DocumentTopicRow is a row of document_topics: a topic of a document.
type DocumentTopicRow struct {
	DocID  string  `parquet:"doc_id"`
	Topic  int32   `parquet:"topic"`
	Weight float32 `parquet:"weight"` // the topic's share of the document
}

// shuffleWindow is how many documents are shuffled together for learning.
const shuffleWindow = 4096

// Options configure Run. Zero values take the defaults.
type Options struct {
	K         int    // topics; default 20
	Seed      uint64 // default 1
	Passes    int    // passes over the corpus; default 10
	BatchSize int    // documents per mini-batch; default 256
	Workers   int    // E-step workers; default 1
	TopTerms  int    // terms per topic in topic_terms; default 20
	// MinWeight is the least share of a document a topic needs to be a
	// row of document_topics; default 0.1.
	MinWeight float64
	// VocabSize bounds the vocabulary (most frequent words first); default
	// 20,000. MinDF is the least number of documents a word must be seen
	// in; default 3 (2 under 200 documents, 1 under 20).
	VocabSize, MinDF int
	// Stopwords, one per line (# comments), are never terms.
	Stopwords string
	// Overwrite replaces the topic tables of an earlier entopic topics.
	Overwrite bool
	// Progress, when set, is told what is done: the pass (0 for reading,
	// Passes+1 for writing) and the documents done in it.
	Progress func(pass, docs int)
}

func (o *Options) defaults() {
	o.K = cmp.Or(o.K, 20)
	o.Seed = cmp.Or(o.Seed, 1)
	o.Passes = cmp.Or(o.Passes, 10)
	o.BatchSize = cmp.Or(o.BatchSize, 256)
	o.Workers = cmp.Or(o.Workers, 1)
	o.TopTerms = cmp.Or(o.TopTerms, 20)
	o.MinWeight = cmp.Or(o.MinWeight, 0.1)
	o.VocabSize = cmp.Or(o.VocabSize, 20_000)
	if o.Progress == nil {
		o.Progress = func(int, int) {}
	}
}

// Summary describes a fitted model; it is written as topic_model.json.
type Summary struct {
	K          int              `json:"k"`
	Seed       uint64           `json:"seed"`
	Passes     int              `json:"passes"`
	Documents  int              `json:"documents"`         // documents read
	Trained    int              `json:"trained_documents"` // documents the model learnt from
	Vocabulary int              `json:"vocabulary"`
	Rows       map[string]int64 `json:"rows"`
	Started    time.Time        `json:"started"`
	Finished   time.Time        `json:"finished"`
	// Topics lists each topic's ten best terms.
	Topics [][]string `json:"topics"`
}

// ErrUsage marks a directory or options Run cannot work with.
var ErrUsage = errors.New("usage")

// Run fits a topic model to the documents of the run in dir and writes its
// tables there.
func Run(ctx context.Context, dir string, seg *segment.Segmenter, han *hanzi.Converter, opts Options) (*Summary, error) {
	opts.defaults()
	started := time.Now()
	if opts.K < 2 {
		return nil, fmt.Errorf("%w: k must be at least 2", ErrUsage)
	}
	if _, err := os.Stat(filepath.Join(dir, write.ManifestName)); err != nil {
		return nil, fmt.Errorf("%w: %s holds no finished run (no %s)", ErrUsage, dir, write.ManifestName)
	}
	if err := clearEarlier(dir, opts.Overwrite); err != nil {
		return nil, err
	}

	// Pass 0: words of every document, spooled; document frequencies.
	spool, err := os.CreateTemp("", "entopic-topics-*.txt")
	if err != nil {
		return nil, err
	}
	defer os.Remove(spool.Name())
	defer spool.Close()
	stop := keywords.ParseStopwords(opts.Stopwords)
	df := map[string]int{}
	docs, training := 0, 0
	out := bufio.NewWriter(spool)
	err = readDocuments(ctx, filepath.Join(dir, write.Documents), func(r docRow) error {
		words := contentWords(seg, han, stop, r.Text, r.Lang)
		dup := r.DuplicateOf != ""
		if !dup {
			seen := map[string]bool{}
			for _, w := range words {
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
			}
			training++
		}
		docs++
		opts.Progress(0, docs)
		flag := "0"
		if dup {
			flag = "1"
		}
		_, err := fmt.Fprintf(out, "%s\t%s\t%s\n", r.DocID, flag, strings.Join(words, " "))
		return err
	})
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		return nil, err
	}
	vocab := vocabulary(df, training, opts)
	if len(vocab) < opts.K {
		return nil, fmt.Errorf("%w: %d documents give %d terms, too few for %d topics", ErrUsage, docs, len(vocab), opts.K)
	}
	index := make(map[string]int32, len(vocab))
	for i, w := range vocab {
		index[w] = int32(i)
	}

	// Passes 1…P: online variational Bayes over mini-batches, of at most
	// BatchSize documents and small enough that a small corpus still makes
	// a few dozen updates a pass.
	size := min(opts.BatchSize, max(32, training/32))
	m := newLDA(opts.K, len(vocab), max(1, training), opts.Workers, opts.Seed)
	for pass := 1; pass <= opts.Passes; pass++ {
		done := 0
		// Online learning follows the order of what it reads: the
		// documents are shuffled within windows of a few thousand (a
		// corpus sorted by category would otherwise teach one category
		// at a time), with a random order of its own for each pass.
		rng := rand.New(rand.NewPCG(opts.Seed, uint64(pass)))
		var window []bag
		learn := func() {
			rng.Shuffle(len(window), func(i, j int) { window[i], window[j] = window[j], window[i] })
			for len(window) > 0 {
				n := min(size, len(window))
				m.update(window[:n])
				window = window[n:]
				done += n
				opts.Progress(pass, done)
			}
		}
		err := readSpool(ctx, spool, index, size, true, func(_ []string, batch []bag) error {
			window = append(window, batch...)
			if len(window) >= shuffleWindow {
				learn()
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		learn()
	}

	// The tables.
	s := &Summary{K: opts.K, Seed: opts.Seed, Passes: opts.Passes, Documents: docs, Trained: training,
		Vocabulary: len(vocab), Started: started.UTC()}
	if err := writeTables(ctx, dir, m, vocab, spool, index, opts, s); err != nil {
		return nil, err
	}
	s.Finished = time.Now().UTC()
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	tmp := filepath.Join(dir, "."+SummaryName+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return nil, err
	}
	return s, os.Rename(tmp, filepath.Join(dir, SummaryName))
}

// clearEarlier refuses to write over an earlier model unless overwrite is set,
// and then removes it.
func clearEarlier(dir string, overwrite bool) error {
	var found []string
	for _, name := range []string{TopicTerms, DocumentTopics, SummaryName} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			found = append(found, name)
		}
	}
	if len(found) == 0 {
		return nil
	}
	if !overwrite {
		return fmt.Errorf("%w: %s already holds %s (--overwrite replaces them)", ErrUsage, dir, strings.Join(found, ", "))
	}
	for _, name := range []string{SummaryName, TopicTerms, DocumentTopics} {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

// vocabulary keeps the words seen in MinDF documents or more but in no more
// than half of them (when there are enough documents to tell), most
// frequent first, at most VocabSize.
func vocabulary(df map[string]int, docs int, opts Options) []string {
	minDF := opts.MinDF
	if minDF == 0 {
		switch {
		case docs < 20:
			minDF = 1
		case docs < 200:
			minDF = 2
		default:
			minDF = 3
		}
	}
	var words []string
	for w, n := range df {
		if n >= minDF && (docs < 20 || n*2 <= docs) {
			words = append(words, w)
		}
	}
	slices.SortFunc(words, func(a, b string) int {
		if c := cmp.Compare(df[b], df[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(words) > opts.VocabSize {
		words = words[:opts.VocabSize]
	}
	return words
}

// writeTables writes topic_terms and document_topics.
func writeTables(ctx context.Context, dir string, m *lda, vocab []string, spool *os.File, index map[string]int32,
	opts Options, s *Summary) (err error) {
	terms, err := write.NewTable[TermRow](filepath.Join(dir, TopicTerms), 0)
	if err != nil {
		return err
	}
	topics, err := write.NewTable[DocumentTopicRow](filepath.Join(dir, DocumentTopics), 0)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			terms.Abort()
			topics.Abort()
		}
	}()
	for k, row := range m.lambda {
		sum, order := byWeight(row)
		var best []string
		for r, w := range order[:min(opts.TopTerms, len(order))] {
			if err := terms.Write(TermRow{Topic: int32(k), Term: vocab[w], Weight: round(row[w] / sum), Rank: int32(r + 1)}); err != nil {
				return err
			}
			if r < 10 {
				best = append(best, vocab[w])
			}
		}
		s.Topics = append(s.Topics, best)
	}
	done := 0
	err = readSpool(ctx, spool, index, opts.BatchSize, false, func(ids []string, batch []bag) error {
		gammas, _ := m.inferAll(batch, false)
		for i, g := range gammas {
			if len(batch[i].ids) == 0 {
				continue // no word of the vocabulary: no topics to tell
			}
			sum, order := byWeight(g)
			for _, k := range order {
				if g[k]/sum < opts.MinWeight {
					break
				}
				if err := topics.Write(DocumentTopicRow{DocID: ids[i], Topic: int32(k), Weight: round(g[k] / sum)}); err != nil {
					return err
				}
			}
		}
		done += len(batch)
		opts.Progress(opts.Passes+1, done)
		return nil
	})
	if err != nil {
		return err
	}
	if err := errors.Join(terms.Close(), topics.Close()); err != nil {
		return err
	}
	s.Rows = map[string]int64{TopicTerms: terms.Rows(), DocumentTopics: topics.Rows()}
	return nil
}

// byWeight returns the sum of weights and their indexes, heaviest first
// (in index order between equals).
func byWeight(w []float64) (float64, []int) {
	sum := 0.0
	order := make([]int, len(w))
	for i, x := range w {
		sum += x
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(w[b], w[a]) })
	return sum, order
}

func round(x float64) float32 { return float32(math.Round(x*1e6) / 1e6) }

// docRow is the part of a documents row the model reads.
type docRow struct {
	DocID       string `parquet:"doc_id"`
	Lang        string `parquet:"lang,optional"`
	Text        string `parquet:"text"`
	DuplicateOf string `parquet:"duplicate_of,optional"`
}

// readDocuments streams the rows of a documents table, part by part in
// name order, a few rows at a time.
func readDocuments(ctx context.Context, dir string, yield func(docRow) error) error {
	parts, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil {
		return err
	}
	if len(parts) == 0 {
		return fmt.Errorf("%w: no parts in %s", ErrUsage, dir)
	}
	slices.Sort(parts)
	buf := make([]docRow, 64)
	for _, p := range parts {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		r := parquet.NewGenericReader[docRow](f)
		for {
			if err := ctx.Err(); err != nil {
				r.Close()
				f.Close()
				return err
			}
			n, rerr := r.Read(buf)
			for _, row := range buf[:n] {
				if err := yield(row); err != nil {
					r.Close()
					f.Close()
					return err
				}
			}
			if rerr == io.EOF {
				break
			}
			if rerr != nil {
				r.Close()
				f.Close()
				return fmt.Errorf("read %s: %w", p, rerr)
			}
		}
		r.Close()
		f.Close()
	}
	return nil
}

// readSpool reads the spooled documents back in batches of bags of
// vocabulary ids; with training set, near duplicates are left out.
func readSpool(ctx context.Context, spool *os.File, index map[string]int32, size int, training bool,
	yield func(ids []string, batch []bag) error) error {
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sc := bufio.NewScanner(spool)
	sc.Buffer(make([]byte, 64<<10), 256<<20)
	var ids []string
	var batch []bag
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		err := yield(ids, batch)
		ids, batch = ids[:0], batch[:0]
		return err
	}
	for sc.Scan() {
		id, rest, _ := strings.Cut(sc.Text(), "\t")
		dup, words, _ := strings.Cut(rest, "\t")
		if training && dup == "1" {
			continue
		}
		counts := map[int32]float64{}
		for _, w := range strings.Fields(words) {
			if i, ok := index[w]; ok {
				counts[i]++
			}
		}
		if training && len(counts) == 0 {
			continue
		}
		b := bag{}
		for _, i := range slices.Sorted(maps.Keys(counts)) {
			b.ids, b.counts = append(b.ids, i), append(b.counts, counts[i])
		}
		ids, batch = append(ids, id), append(batch, b)
		if len(batch) == size {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return flush()
}

// contentWords cuts a text into the words a topic is made of: nouns, names
// and verbal nouns of two characters or more, lowercased, traditional
// Chinese as simplified, stopwords left out.
func contentWords(seg *segment.Segmenter, han *hanzi.Converter, stop map[string]bool, text, lang string) []string {
	d := &entopic.Doc{Text: text, Lang: lang}
	if err := seg.Process(d); err != nil {
		return nil
	}
	var out []string
	for _, t := range d.Tokens {
		if !keywords.IsNoun(t.POS) || utf8.RuneCountInString(t.Text) < 2 {
			continue
		}
		w := strings.ToLower(han.String(t.Text))
		if stop[w] || strings.IndexFunc(w, unicode.IsLetter) < 0 || strings.ContainsFunc(w, unicode.IsSpace) {
			continue
		}
		out = append(out, w)
	}
	return out
}

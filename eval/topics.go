package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/ner"
	"github.com/entopic/entopic/stages/topics"
	"github.com/entopic/entopic/stages/write"
)

// TopicDoc is a text labelled with its category, for topic evaluation.
type TopicDoc struct {
	ID, Title, Text, Lang string
	Category              string
}

// ReadTopicGold reads labelled texts as JSON lines: text (required), title,
// lang, and the label as category_en or, failing that, category. src may
// name a range of texts as in ReadGold.
func ReadTopicGold(src ner.Source) ([]TopicDoc, error) {
	path := src.Path
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var docs []TopicDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rec struct {
			ID, Title, Text, Lang, Category string
			CategoryEN                      string `json:"category_en"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", path, n, err)
		}
		cat := rec.CategoryEN
		if cat == "" {
			cat = rec.Category
		}
		if rec.Text == "" || cat == "" {
			return nil, fmt.Errorf("%s: line %d: needs text and category_en (or category)", path, n)
		}
		docs = append(docs, TopicDoc{ID: rec.ID, Title: rec.Title, Text: rec.Text, Lang: rec.Lang, Category: cat})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, errors.New(path + ": no labelled texts")
	}
	return ner.Select(src, docs)
}

// TopicResult is the outcome of a topic evaluation: how often the best
// topic of a text falls under the top-level topic its category maps to.
type TopicResult struct {
	Docs     int `json:"texts"`
	Correct  int `json:"correct"`
	Untagged int `json:"untagged"` // texts with no topic over the threshold
	Accuracy float64
	// Categories holds precision, recall and F1 per category: predicted
	// counts the texts whose best topic falls under the category's topic.
	Categories map[string]*TopicScore `json:"categories"`
	// Confusion counts, per category, the top-level topics predicted.
	Confusion map[string]map[string]int `json:"confusion"`
}

// TopicScore counts one category: the texts of the category (Gold), those
// whose best topic falls under the category's topic (Predicted), and both.
type TopicScore struct {
	Topic string `json:"topic"`
	ner.PRF
}

// TopicMapping maps each category to a top-level topic of the taxonomy,
// one to one. Categories not in explicit take the top-level topic of the
// same id.
func TopicMapping(tax *topics.Taxonomy, docs []TopicDoc, explicit map[string]string) (map[string]string, error) {
	mapping := map[string]string{}
	used := map[string]string{}
	var cats []string
	for _, d := range docs {
		if !slices.Contains(cats, d.Category) {
			cats = append(cats, d.Category)
		}
	}
	slices.Sort(cats)
	for _, c := range cats {
		topic, ok := explicit[c]
		if !ok {
			topic = c
		}
		tp, found := tax.Topic(topic)
		switch {
		case !found:
			return nil, fmt.Errorf("category %q: no topic %q in the taxonomy; map it with --topic-map %s=TOPIC", c, topic, c)
		case tp.Parent != "":
			return nil, fmt.Errorf("category %q maps to %q, which is not a top-level topic", c, topic)
		case used[topic] != "":
			return nil, fmt.Errorf("categories %q and %q both map to %q: the mapping must be one to one", used[topic], c, topic)
		}
		used[topic], mapping[c] = c, topic
	}
	return mapping, nil
}

// RunTopics runs labelled texts through the job and scores the best topic
// of each against its category's top-level topic.
func RunTopics(ctx context.Context, docs []TopicDoc, res *job.Resources, mapping map[string]string, opts Options) (*TopicResult, error) {
	recs := make([]map[string]string, len(docs))
	for i, d := range docs {
		recs[i] = map[string]string{"text": d.Text, "title": d.Title, "lang": d.Lang}
	}
	var rows []write.TopicRow
	err := throughJob(ctx, recs, res, opts, func(out string) (err error) {
		rows, err = readTable[write.TopicRow](filepath.Join(out, write.Topics))
		return err
	})
	if err != nil {
		return nil, err
	}
	best := map[int]string{}
	for _, r := range rows {
		if i, err := strconv.Atoi(r.DocID); err == nil && r.Rank == 1 {
			best[i] = res.Topics.Taxonomy().Root(r.Topic)
		}
	}
	return scoreTopics(docs, best, mapping), nil
}

// scoreTopics compares the top-level topic of each text's best topic with
// its category's.
func scoreTopics(docs []TopicDoc, best map[int]string, mapping map[string]string) *TopicResult {
	r := &TopicResult{Docs: len(docs), Categories: map[string]*TopicScore{}, Confusion: map[string]map[string]int{}}
	byTopic := map[string]*TopicScore{}
	for c, t := range mapping {
		s := &TopicScore{Topic: t}
		r.Categories[c], byTopic[t] = s, s
		r.Confusion[c] = map[string]int{}
	}
	for i, d := range docs {
		got, ok := best[i]
		if !ok {
			r.Untagged++
			got = "(none)"
		}
		r.Categories[d.Category].Gold++
		r.Confusion[d.Category][got]++
		if s := byTopic[got]; s != nil {
			s.Predicted++
		}
		if got == mapping[d.Category] {
			r.Correct++
			r.Categories[d.Category].Correct++
		}
	}
	for _, s := range r.Categories {
		s.Finish()
	}
	if r.Docs > 0 {
		r.Accuracy = float64(r.Correct) / float64(r.Docs)
	}
	return r
}

// Package eval measures entopic's entity extraction against gold
// annotations, through the same path as `entopic run`.
//
// In: gold sentences or documents (character-level BIO, CLUENER JSON lines,
// CoNLL word-level files, or entopic's own gold JSON lines) and the loaded
// resources. Out: entity-level precision, recall and F1 per type and
// overall (exact match of start, end and type: the CoNLL definition).
//
// Every gold text is written as a JSON lines document, run through job.Run
// into a temporary dataset, and the mentions table read back and compared
// with the gold entities: what is measured is what `entopic run` outputs.
package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/parquet-go/parquet-go"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/ner"
	"github.com/entopic/entopic/stages/write"
)

// Doc is a gold text with its entities.
type Doc struct {
	ID        string
	Text      string
	Lang      string
	Published string // publication time, for relative dates; may be empty
	Entities  []Entity
}

// Entity is a gold entity: code point offsets [Start, End) into Doc.Text,
// its type in the contract's names (PERSON, ORG, LOC, POLICY, DIALOGUE …)
// and, for entopic's gold format, its attributes: the mentions table's
// columns (subtype, normalized, role, affiliation, participants, ordinal,
// date, issuer) that the gold states. A stated empty value ("" or 0 or
// []) says the column must be empty.
type Entity struct {
	Type       string         `json:"type"`
	Start      int            `json:"start"`
	End        int            `json:"end"`
	Text       string         `json:"text,omitempty"`
	Attributes map[string]any `json:"-"`
}

// Result is the outcome of an evaluation.
type Result struct {
	Scores ner.Scores
	// Docs is the number of gold texts; Failed those that ended in the
	// errors table (their gold entities count as missed).
	Docs, Failed int
	// Misaligned counts mentions whose offsets could not be mapped back
	// to the gold text (cleaning changed it beyond spacing and width).
	Misaligned int
	// Attributes scores the attributes of the mentions that match a gold
	// entity, per attribute and per type ("POLICY date").
	Attributes map[string]*AttributeScore
}

// AttributeScore counts the gold values of one attribute on matched
// mentions and how many the mention got right.
type AttributeScore struct {
	Gold     int     `json:"gold"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
}

// Options configure Run.
type Options struct {
	Workers int
	// Types restricts scoring to these types (contract names); empty
	// means the types the gold holds.
	Types []string
	// TempDir is where the temporary corpus and dataset go; "" means the
	// system's.
	TempDir string
	// AsText runs extraction pages as text pages: the visible text of
	// each, as a scraper that keeps only text saves it (RunExtraction).
	AsText bool
}

// Run runs the gold texts through the job and scores the mentions.
func Run(ctx context.Context, gold []Doc, res *job.Resources, opts Options) (*Result, error) {
	recs := make([]map[string]string, len(gold))
	for i, d := range gold {
		recs[i] = map[string]string{"text": d.Text, "lang": d.Lang, "published": d.Published}
	}
	var docs []write.DocumentRow
	var mentions []write.MentionRow
	err := throughJob(ctx, recs, res, opts, func(out string) (err error) {
		if docs, err = readTable[write.DocumentRow](filepath.Join(out, write.Documents)); err != nil {
			return err
		}
		mentions, err = readTable[write.MentionRow](filepath.Join(out, write.Mentions))
		return err
	})
	if err != nil {
		return nil, err
	}
	return score(gold, docs, mentions, opts.Types), nil
}

// throughJob writes texts as a JSON lines corpus — one record each, with
// the record's index as its id and its empty fields left out — runs the
// job over it into a temporary directory, and lets read read the tables
// before the directory goes.
func throughJob(ctx context.Context, recs []map[string]string, res *job.Resources, opts Options, read func(out string) error) error {
	dir, err := os.MkdirTemp(opts.TempDir, "entopic-eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	corpus := filepath.Join(dir, "gold.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for i, rec := range recs {
		line := map[string]string{"id": strconv.Itoa(i)}
		for k, v := range rec {
			if v != "" {
				line[k] = v
			}
		}
		if err := enc.Encode(line); err != nil {
			f.Close()
			return err
		}
	}
	if err := f.Close(); err != nil {
		return err
	}
	out := filepath.Join(dir, "out")
	if _, err := job.Run(ctx, job.Config{Inputs: []string{corpus}, Out: out, Workers: opts.Workers}, res); err != nil {
		return err
	}
	return read(out)
}

// score compares the mentions of each document with its gold entities.
func score(gold []Doc, docs []write.DocumentRow, mentions []write.MentionRow, only []string) *Result {
	types := map[string]bool{}
	for _, t := range only {
		types[t] = true
	}
	if len(types) == 0 {
		for _, d := range gold {
			for _, e := range d.Entities {
				types[e.Type] = true
			}
		}
	}
	text := map[int]string{}
	for _, d := range docs {
		if i, err := strconv.Atoi(d.DocID); err == nil {
			text[i] = d.Text
		}
	}
	byDoc := map[int][]write.MentionRow{}
	for _, m := range mentions {
		if m.Field != entopic.FieldText {
			continue // gold texts annotate their text; a title would be scored apart
		}
		if i, err := strconv.Atoi(m.DocID); err == nil {
			byDoc[i] = append(byDoc[i], m)
		}
	}
	r := &Result{Docs: len(gold), Attributes: map[string]*AttributeScore{}}
	var c ner.Counter
	for i, g := range gold {
		var ge, pe []ner.Entity
		for _, e := range g.Entities {
			if types[e.Type] {
				ge = append(ge, ner.Entity{Start: e.Start, End: e.End, Type: e.Type})
			}
		}
		got, ok := text[i]
		if !ok {
			r.Failed++
			c.Add(ge, nil)
			continue
		}
		back := align(g.Text, got)
		predicted := map[ner.Entity]write.MentionRow{}
		for _, m := range byDoc[i] {
			if !types[m.Type] {
				continue
			}
			s, e := int(m.Start), int(m.End)
			if s < 0 || e > len(back) || s >= e || back[s] < 0 || back[e-1] < 0 {
				r.Misaligned++
				continue
			}
			pe = append(pe, ner.Entity{Start: back[s], End: back[e-1] + 1, Type: m.Type})
			predicted[pe[len(pe)-1]] = m
		}
		c.Add(ge, pe)
		for _, e := range g.Entities {
			m, ok := predicted[ner.Entity{Start: e.Start, End: e.End, Type: e.Type}]
			if !ok || !types[e.Type] {
				continue
			}
			for key, want := range e.Attributes {
				a := r.Attributes[e.Type+" "+key]
				if a == nil {
					a = &AttributeScore{}
					r.Attributes[e.Type+" "+key] = a
				}
				a.Gold++
				if sameAttribute(want, attribute(m, key)) {
					a.Correct++
				}
			}
		}
	}
	for _, a := range r.Attributes {
		a.Accuracy = float64(a.Correct) / float64(a.Gold)
	}
	r.Scores = c.Scores()
	return r
}

// attribute returns a mention's value of a gold attribute, as JSON decodes
// it: strings, a list of strings, a number.
func attribute(m write.MentionRow, key string) any {
	switch key {
	case "subtype":
		return m.Subtype
	case "normalized":
		return m.Normalized
	case "role":
		return m.Role
	case "affiliation":
		return m.Affiliation
	case "date":
		return m.Date
	case "issuer":
		return m.Issuer
	case "participants":
		out := make([]any, len(m.Participants))
		for i, p := range m.Participants {
			out[i] = p
		}
		return out
	case "ordinal":
		if m.Ordinal == nil {
			return float64(0)
		}
		return float64(*m.Ordinal)
	}
	return nil
}

// sameAttribute compares a gold value with a mention's: lists as sets,
// issuers as sets of comma-separated names, a missing value as empty.
func sameAttribute(want, got any) bool {
	switch w := want.(type) {
	case nil:
		return got == nil || got == "" || got == float64(0)
	case string:
		g, _ := got.(string)
		return nameSet(w) == nameSet(g)
	case float64:
		return got == w
	case []any:
		g, _ := got.([]any)
		return listSet(w) == listSet(g)
	}
	return false
}

func nameSet(s string) string {
	var parts []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, "\x00")
}

func listSet(vs []any) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, fmt.Sprint(v))
	}
	slices.Sort(parts)
	return strings.Join(parts, "\x00")
}

// align maps each code point of got (a cleaned copy of gold) to its code
// point in gold, or −1. Cleaning changes letters' width and case-free
// forms (ＡＢ → AB), drops invisible characters and collapses spaces; the
// two texts are walked together, skipping what one has and the other
// dropped.
func align(gold, got string) []int {
	g, t := []rune(gold), []rune(got)
	out := make([]int, len(t))
	i := 0
	for j := range t {
		out[j] = -1
		for i < len(g) && !same(g[i], t[j]) && skippable(g[i]) {
			i++
		}
		if i < len(g) && !same(g[i], t[j]) {
			// The cleaner left out some of the gold text (a line of
			// chrome, a caption): pick the text up where what follows
			// in ours stands in the gold text again.
			if k := resync(g, i, t[j:min(len(t), j+resyncLen)]); k >= 0 {
				i = k
			}
		}
		if i < len(g) && same(g[i], t[j]) {
			out[j] = i
			i++
		}
	}
	return out
}

// resyncLen is how many code points of our text must stand in the gold
// text again for the alignment to go on there.
const resyncLen = 12

// resync returns the first offset at or after i where g holds want, or −1.
func resync(g []rune, i int, want []rune) int {
	if len(want) < resyncLen {
		return -1
	}
	for k := i; k+len(want) <= len(g); k++ {
		match := true
		for n, r := range want {
			if !same(g[k+n], r) {
				match = false
				break
			}
		}
		if match {
			return k
		}
	}
	return -1
}

func same(a, b rune) bool {
	return a == b || ner.NormalizeRune(a) == ner.NormalizeRune(b) || unicode.IsSpace(a) && unicode.IsSpace(b)
}

func skippable(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || unicode.IsControl(r) || r == '\u3000'
}

// readTable reads every part of a table.
func readTable[T any](dir string) ([]T, error) {
	parts, err := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if err != nil {
		return nil, err
	}
	var rows []T
	for _, p := range parts {
		rs, err := parquet.ReadFile[T](p)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		rows = append(rows, rs...)
	}
	return rows, nil
}

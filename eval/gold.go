package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/ner"
)

// GoldOptions configure ReadGold.
type GoldOptions struct {
	// Lang is the language given to texts of formats that do not say
	// (BIO, CoNLL, CLUENER); "" lets the pipeline detect it.
	Lang string
	// CLUENERTypes maps CLUENER's types to entity types; nil means
	// ner.CLUENERTypes.
	CLUENERTypes map[string]string
}

// contractType maps the type names of gold sets to the contract's.
var contractType = map[string]string{
	"PER": entopic.TypePerson, "PERSON": entopic.TypePerson, "ORG": entopic.TypeOrg, "LOC": entopic.TypeLoc,
	"GPE": entopic.TypeLoc, "MISC": entopic.TypeMisc, "POLICY": entopic.TypePolicy, "DIALOGUE": entopic.TypeDialogue,
}

func canonical(t string) string {
	if c, ok := contractType[strings.ToUpper(t)]; ok {
		return c
	}
	return strings.ToUpper(t)
}

// ReadGold reads a gold file, telling its format by its content:
//   - character-level BIO ("char<TAB>tag" lines, blank line between
//     sentences): MSRA, People's Daily;
//   - word-level CoNLL ("word tag" lines): CoNLL-2003; words are joined by
//     spaces;
//   - CLUENER JSON lines ({"text", "label"});
//   - entopic's gold JSON lines ({"id", "text", "lang", "published",
//     "entities": [{"type", "start", "end", …attributes}]}), offsets in code
//     points; "published" (RFC 3339 or a date) resolves relative dates as
//     the page's publication time does in a run.
//
// src may name a range of sentences ("file:FROM-TO"), as in ner.ParseSource.
func ReadGold(src ner.Source, opts GoldOptions) ([]Doc, error) {
	b, err := os.ReadFile(src.Path)
	if err != nil {
		return nil, err
	}
	var docs []Doc
	first := firstLine(b)
	switch {
	case strings.HasPrefix(first, "{") && strings.Contains(first, `"label"`):
		types := opts.CLUENERTypes
		if types == nil {
			types = ner.CLUENERTypes
		}
		exs, err := ner.ReadCLUENER(bytes.NewReader(b), types)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.Path, err)
		}
		docs = fromExamples(exs, opts.Lang)
	case strings.HasPrefix(first, "{"):
		docs, err = readEntopicGold(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.Path, err)
		}
	case isWordLevel(b):
		exs, err := ner.ReadCoNLL(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.Path, err)
		}
		docs = fromExamples(exs, opts.Lang)
	default:
		exs, err := ner.ReadBIO(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.Path, err)
		}
		docs = fromExamples(exs, opts.Lang)
	}
	return ner.Select(src, docs)
}

func firstLine(b []byte) string {
	for line := range bytes.Lines(b) {
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return string(t)
		}
	}
	return ""
}

// isWordLevel reports a column file whose first column holds words rather
// than single characters.
func isWordLevel(b []byte) bool {
	n := 0
	for line := range bytes.Lines(b) {
		f := strings.Fields(string(line))
		if len(f) < 2 {
			continue
		}
		if utf8.RuneCountInString(f[0]) > 1 && f[0] != "-DOCSTART-" {
			return true
		}
		if n++; n > 2000 {
			break
		}
	}
	return false
}

func fromExamples(exs []ner.Example, lang string) []Doc {
	docs := make([]Doc, len(exs))
	for i, ex := range exs {
		d := Doc{ID: fmt.Sprint(i + 1), Text: string(ex.Text), Lang: lang}
		for _, e := range ex.Entities {
			d.Entities = append(d.Entities, Entity{Type: canonical(e.Type), Start: e.Start, End: e.End,
				Text: string(ex.Text[e.Start:e.End])})
		}
		docs[i] = d
	}
	return docs
}

// goldRecord is a line of entopic's gold format.
type goldRecord struct {
	ID        string            `json:"id"`
	Text      string            `json:"text"`
	Lang      string            `json:"lang"`
	Published string            `json:"published,omitempty"`
	Entities  []json.RawMessage `json:"entities"`
}

// readEntopicGold reads entopic's gold JSON lines.
func readEntopicGold(b []byte) ([]Doc, error) {
	var docs []Doc
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var rec goldRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		d := Doc{ID: rec.ID, Text: rec.Text, Lang: rec.Lang, Published: rec.Published}
		length := utf8.RuneCountInString(rec.Text)
		for k, raw := range rec.Entities {
			var e Entity
			if err := json.Unmarshal(raw, &e); err != nil {
				return nil, fmt.Errorf("line %d: entity %d: %w", n, k+1, err)
			}
			if err := json.Unmarshal(raw, &e.Attributes); err != nil {
				return nil, fmt.Errorf("line %d: entity %d: %w", n, k+1, err)
			}
			for _, key := range []string{"type", "start", "end", "text"} {
				delete(e.Attributes, key)
			}
			if e.Type == "" || e.Start < 0 || e.End > length || e.Start >= e.End {
				return nil, fmt.Errorf("line %d: entity %d: needs a type and 0 ≤ start < end ≤ %d", n, k+1, length)
			}
			if e.Text != "" && string([]rune(rec.Text)[e.Start:e.End]) != e.Text {
				return nil, fmt.Errorf("line %d: entity %d: text %q, but the offsets slice %q", n, k+1, e.Text,
					string([]rune(rec.Text)[e.Start:e.End]))
			}
			e.Type = canonical(e.Type)
			d.Entities = append(d.Entities, e)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, errors.New("no gold documents")
	}
	return docs, nil
}

// titleMinor are the words title case leaves in lower case (inside a
// headline, not at its start).
var titleMinor = map[string]bool{"a": true, "an": true, "the": true, "and": true, "but": true, "or": true, "nor": true,
	"for": true, "on": true, "at": true, "to": true, "by": true, "of": true, "in": true, "up": true, "as": true}

// TitleCase rewrites each text as a headline in title case (Airlines
// Agree to Cut Flights at Chicago O'Hare), as many news sites write their
// titles: every space-separated word that starts with a lower-case letter
// is capitalised, but the minor words after the first. Offsets, in code
// points, stay valid. The scores then say how entities hold up in
// headlines.
func TitleCase(docs []Doc) []Doc {
	out := make([]Doc, len(docs))
	for i, d := range docs {
		rs := []rune(d.Text)
		first := true
		for j := 0; j < len(rs); {
			if unicode.IsSpace(rs[j]) {
				j++
				continue
			}
			k := j
			for k < len(rs) && !unicode.IsSpace(rs[k]) {
				k++
			}
			if unicode.IsLower(rs[j]) && (first || !titleMinor[string(rs[j:k])]) {
				rs[j] = unicode.ToUpper(rs[j])
			}
			first = false
			j = k
		}
		d.Text = string(rs)
		out[i] = d
	}
	return out
}

package ner

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// Example is a labelled sentence: its text and its entities.
type Example struct {
	Text     []rune
	Entities []Entity
	// Partial says that only the listed entities are known: the rest of
	// the sentence may hold entities nobody marked (CLUENER marks its ten
	// types, not every place or organization).
	Partial bool
}

// Entity is a gold entity: positions [Start, End) and type.
type Entity struct {
	Start, End int
	Type       string
}

// ReadBIO reads a character-level BIO file: "char<TAB>tag" (or separated by
// a space) per line, a blank line between sentences. A malformed line is an
// error naming its number.
func ReadBIO(r io.Reader) ([]Example, error) {
	var out []Example
	var text []rune
	var tags []string
	flush := func(line int) error {
		if len(text) == 0 {
			return nil
		}
		ents, err := spansOf(tags)
		if err != nil {
			return fmt.Errorf("sentence ending at line %d: %w", line, err)
		}
		out = append(out, Example{Text: text, Entities: ents})
		text, tags = nil, nil
		return nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			if err := flush(n); err != nil {
				return nil, err
			}
			continue
		}
		i := strings.LastIndexAny(line, "\t ")
		if i <= 0 {
			return nil, fmt.Errorf("line %d: want a character and a tag, got %q", n, line)
		}
		ch, tag := line[:i], strings.TrimSpace(line[i+1:])
		if utf8.RuneCountInString(ch) != 1 {
			return nil, fmt.Errorf("line %d: want one character, got %q", n, ch)
		}
		text = append(text, []rune(ch)[0])
		tags = append(tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := flush(n); err != nil {
		return nil, err
	}
	return out, nil
}

// spansOf reads entities from BIO (or IOB1) tags.
func spansOf(tags []string) ([]Entity, error) {
	var out []Entity
	for i := 0; i < len(tags); {
		tag := tags[i]
		if tag == "O" {
			i++
			continue
		}
		bio, typ, ok := strings.Cut(tag, "-")
		if !ok || (bio != "B" && bio != "I") || typ == "" {
			return nil, fmt.Errorf("tag %q is not O, B-TYPE or I-TYPE", tag)
		}
		j := i + 1
		for j < len(tags) && tags[j] == "I-"+typ {
			j++
		}
		out = append(out, Entity{Start: i, End: j, Type: typ})
		i = j
	}
	return out, nil
}

// ReadCoNLL reads a word-level CoNLL file: "word … tag" per line (the tag
// last), a blank line between sentences, -DOCSTART- lines ignored, IOB1 or
// IOB2 tags. Each sentence becomes an Example whose text is its words
// joined by single spaces, entity offsets in code points of that text.
func ReadCoNLL(r io.Reader) ([]Example, error) {
	var out []Example
	var words, tags []string
	flush := func(line int) error {
		if len(words) == 0 {
			return nil
		}
		ents, err := spansOf(iob2(tags))
		if err != nil {
			return fmt.Errorf("sentence ending at line %d: %w", line, err)
		}
		var text []rune
		starts := make([]int, len(words))
		for i, w := range words {
			if i > 0 {
				text = append(text, ' ')
			}
			starts[i] = len(text)
			text = append(text, []rune(w)...)
		}
		ex := Example{Text: text}
		for _, e := range ents {
			ex.Entities = append(ex.Entities, Entity{Start: starts[e.Start],
				End: starts[e.End-1] + utf8.RuneCountInString(words[e.End-1]), Type: e.Type})
		}
		out = append(out, ex)
		words, tags = nil, nil
		return nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			if err := flush(n); err != nil {
				return nil, err
			}
		case f[0] == "-DOCSTART-":
		case len(f) < 2:
			return nil, fmt.Errorf("line %d: want a word and a tag, got %q", n, sc.Text())
		default:
			words, tags = append(words, f[0]), append(tags, f[len(f)-1])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := flush(n); err != nil {
		return nil, err
	}
	return out, nil
}

// iob2 rewrites IOB1 tags (I- may open an entity) as IOB2 (B- always
// does).
func iob2(tags []string) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t
		if typ, ok := strings.CutPrefix(t, "I-"); ok && (i == 0 || (tags[i-1] != t && tags[i-1] != "B-"+typ)) {
			out[i] = "B-" + typ
		}
	}
	return out
}

// CLUENERTypes maps CLUENER2020's fine-grained types to PER, ORG and LOC;
// the others (position, book, game, movie) are not entities of these types.
var CLUENERTypes = map[string]string{
	"name": "PER", "organization": "ORG", "government": "ORG", "company": "ORG", "address": "LOC", "scene": "LOC",
}

// ReadCLUENER reads CLUENER2020 JSON lines ({"text": …, "label": {type:
// {surface: [[start, end_inclusive]]}}}), mapping types with types; a
// type mapped to "" or missing is left out.
func ReadCLUENER(r io.Reader, types map[string]string) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	n := 0
	for sc.Scan() {
		n++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rec struct {
			Text  string                         `json:"text"`
			Label map[string]map[string][][2]int `json:"label"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		ex := Example{Text: []rune(rec.Text), Partial: true}
		for typ, surfaces := range rec.Label {
			mapped := types[typ]
			if mapped == "" {
				continue
			}
			for _, spans := range surfaces {
				for _, sp := range spans {
					if sp[0] < 0 || sp[1] >= len(ex.Text) || sp[1] < sp[0] {
						return nil, fmt.Errorf("line %d: span %v outside the text", n, sp)
					}
					ex.Entities = append(ex.Entities, Entity{Start: sp[0], End: sp[1] + 1, Type: mapped})
				}
			}
		}
		sort.Slice(ex.Entities, func(i, j int) bool { return ex.Entities[i].Start < ex.Entities[j].Start })
		ex.Entities = dropOverlaps(ex.Entities)
		out = append(out, ex)
	}
	return out, sc.Err()
}

// dropOverlaps keeps the first of overlapping entities (sorted by start).
func dropOverlaps(es []Entity) []Entity {
	out := es[:0]
	end := -1
	for _, e := range es {
		if e.Start >= end {
			out = append(out, e)
			end = e.End
		}
	}
	return out
}

// constraints returns, for a partially labelled example, the label each
// position must take (-1: free; -2: free but not inside an entity, right
// after a marked one), or nil for a fully labelled example.
func (m *Model) constraints(ex Example, gold []int) []int {
	if !ex.Partial {
		return nil
	}
	c := make([]int, len(gold))
	for i := range c {
		c[i] = -1
	}
	for _, e := range ex.Entities {
		for i := e.Start; i < e.End; i++ {
			c[i] = gold[i]
		}
		if e.End < len(c) && c[e.End] == -1 {
			c[e.End] = -2
		}
	}
	return c
}

// tags returns the BIOES label indexes of an example for a model's types;
// entities of other types are O.
func (m *Model) tags(ex Example) []int {
	out := make([]int, len(ex.Text))
	for _, e := range ex.Entities {
		t := -1
		for k, typ := range m.Types {
			if typ == e.Type {
				t = k
			}
		}
		if t < 0 {
			continue
		}
		if e.End-e.Start == 1 {
			out[e.Start] = label(t, roleS)
			continue
		}
		out[e.Start] = label(t, roleB)
		for i := e.Start + 1; i < e.End-1; i++ {
			out[i] = label(t, roleI)
		}
		out[e.End-1] = label(t, roleE)
	}
	return out
}

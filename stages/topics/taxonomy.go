package topics

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Taxonomy is a two-level hierarchy of topics with weighted terms in
// Chinese and English. Load it with ParseTaxonomy; it is read-only after.
type Taxonomy struct {
	Version int     `yaml:"version"`
	Topics  []Topic `yaml:"topics"`

	index map[string]int
}

// Topic is one node of the taxonomy.
type Topic struct {
	ID      string `yaml:"id"`
	LabelZH string `yaml:"label_zh"`
	LabelEN string `yaml:"label_en"`
	// Parent is the id of a top-level topic, or "" for a top-level topic.
	Parent string `yaml:"parent"`
	// Terms maps a language ("zh", "en") to its terms and their weights
	// (how strongly a term alone points to the topic, from 0 to 3).
	Terms map[string]map[string]float64 `yaml:"terms"`
	// Entities maps a kind of named thing, "TYPE" or "TYPE/subtype" of the
	// mentions table (ORG/government, POLICY, DIALOGUE), to the support
	// each distinct one the document names gives the topic, from 0 to 3:
	// an article that cites ministries is about politics whatever its
	// field.
	Entities map[string]float64 `yaml:"entities"`
}

// Topic returns the topic with the given id.
func (t *Taxonomy) Topic(id string) (Topic, bool) {
	i, ok := t.index[id]
	if !ok {
		return Topic{}, false
	}
	return t.Topics[i], true
}

// Root returns the top-level ancestor of a topic: its parent, or itself.
func (t *Taxonomy) Root(id string) string {
	if tp, ok := t.Topic(id); ok && tp.Parent != "" {
		return tp.Parent
	}
	return id
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// maxWeight bounds a term's weight.
const maxWeight = 3

// ParseTaxonomy reads a taxonomy from YAML and checks it: ids are unique
// snake_case, parents exist and are top-level, both labels are given, and
// every topic has terms with weights in (0, 3]. An error names the line
// and the problem.
func ParseTaxonomy(src []byte) (*Taxonomy, error) {
	src = trimBOM(src)
	file, err := parser.ParseBytes(src, 0)
	if err != nil {
		return nil, fmt.Errorf("taxonomy: %s", yaml.FormatError(err, false, false))
	}
	var t Taxonomy
	if err := yaml.UnmarshalWithOptions(src, &t, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("taxonomy: %s", yaml.FormatError(err, false, false))
	}
	if len(t.Topics) == 0 {
		return nil, errors.New("taxonomy: no topics")
	}
	fail := func(path, format string, args ...any) error {
		return fmt.Errorf("taxonomy: line %d: %s", lineOf(file, path), fmt.Sprintf(format, args...))
	}
	t.index = make(map[string]int, len(t.Topics))
	for i, tp := range t.Topics {
		at := fmt.Sprintf("$.topics[%d]", i)
		if !idPattern.MatchString(tp.ID) {
			return nil, fail(at, "topic id %q is not snake_case (a-z, 0-9, _)", tp.ID)
		}
		if _, dup := t.index[tp.ID]; dup {
			return nil, fail(at+".id", "topic id %q appears twice", tp.ID)
		}
		t.index[tp.ID] = i
		if strings.TrimSpace(tp.LabelZH) == "" || strings.TrimSpace(tp.LabelEN) == "" {
			return nil, fail(at, "topic %q needs both label_zh and label_en", tp.ID)
		}
		if len(tp.Terms) == 0 {
			return nil, fail(at, "topic %q has no terms", tp.ID)
		}
		for _, lang := range slices.Sorted(maps.Keys(tp.Terms)) {
			if lang != "zh" && lang != "en" {
				return nil, fail(at+".terms."+lang, "topic %q: terms language %q is not zh or en", tp.ID, lang)
			}
			for _, term := range slices.Sorted(maps.Keys(tp.Terms[lang])) {
				w := tp.Terms[lang][term]
				if strings.TrimSpace(term) == "" {
					return nil, fail(at+".terms."+lang, "topic %q: empty term", tp.ID)
				}
				if !(w > 0 && w <= maxWeight) {
					return nil, fail(at+".terms."+lang, "topic %q: term %q has weight %v, want (0, %d]", tp.ID, term, w, maxWeight)
				}
			}
		}
		for _, kind := range slices.Sorted(maps.Keys(tp.Entities)) {
			typ, _, _ := strings.Cut(kind, "/")
			if !slices.Contains([]string{"PERSON", "ORG", "LOC", "POLICY", "DIALOGUE", "MISC"}, typ) {
				return nil, fail(at+".entities", "topic %q: entity kind %q is not TYPE or TYPE/subtype of PERSON, ORG, LOC, POLICY, DIALOGUE, MISC", tp.ID, kind)
			}
			if w := tp.Entities[kind]; !(w > 0 && w <= maxWeight) {
				return nil, fail(at+".entities", "topic %q: entity kind %q has weight %v, want (0, %d]", tp.ID, kind, w, maxWeight)
			}
		}
	}
	for i, tp := range t.Topics {
		if tp.Parent == "" {
			continue
		}
		at := fmt.Sprintf("$.topics[%d].parent", i)
		p, ok := t.index[tp.Parent]
		switch {
		case !ok:
			return nil, fail(at, "topic %q: parent %q is not a topic", tp.ID, tp.Parent)
		case t.Topics[p].Parent != "":
			return nil, fail(at, "topic %q: parent %q is not top-level (the taxonomy has two levels)", tp.ID, tp.Parent)
		}
	}
	return &t, nil
}

// lineOf finds the line of the node at a YAML path, or 0.
func lineOf(file *ast.File, path string) int {
	p, err := yaml.PathString(path)
	if err != nil {
		return 0
	}
	for path != "$" {
		if n, err := p.FilterFile(file); err == nil && n != nil && n.GetToken() != nil {
			return n.GetToken().Position.Line
		}
		// Fall back to the enclosing node.
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			break
		}
		path = path[:i]
		if p, err = yaml.PathString(path); err != nil {
			break
		}
	}
	return 0
}

// trimBOM drops a UTF-8 byte order mark some editors write.
func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }

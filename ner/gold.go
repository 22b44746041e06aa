package ner

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Source names a file of labelled sentences and, optionally, a range of its
// sentences: "path", "path:FROM-TO" for sentences FROM to TO counted from 1,
// both included (a held-out part of a training file), or
// "path:FROM-TO/STEP" for every STEP-th of them from FROM on (file:1-800/2
// is the odd-numbered half, file:2-800/2 the even-numbered one).
type Source struct {
	Path     string
	From, To int // 0, 0: the whole file
	Step     int // 0 or 1: every sentence of the range
}

// ParseSource reads a Source from its command-line form.
func ParseSource(s string) (Source, error) {
	src := Source{Path: s}
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return src, nil
	}
	rng, stepText, stepped := strings.Cut(s[i+1:], "/")
	from, to, ok := strings.Cut(rng, "-")
	a, err1 := strconv.Atoi(from)
	b, err2 := strconv.Atoi(to)
	if !ok || err1 != nil || err2 != nil {
		return src, nil // a colon in the path itself
	}
	if a < 1 || b < a {
		return src, fmt.Errorf("%s: range %d-%d is not FROM-TO with 1 ≤ FROM ≤ TO", s, a, b)
	}
	step := 0
	if stepped {
		var err error
		if step, err = strconv.Atoi(stepText); err != nil || step < 1 {
			return src, fmt.Errorf("%s: step %q is not a whole number ≥ 1", s, stepText)
		}
	}
	return Source{Path: s[:i], From: a, To: b, Step: step}, nil
}

func (s Source) String() string {
	switch {
	case s.From == 0:
		return s.Path
	case s.Step > 1:
		return fmt.Sprintf("%s:%d-%d/%d", s.Path, s.From, s.To, s.Step)
	}
	return fmt.Sprintf("%s:%d-%d", s.Path, s.From, s.To)
}

// Select returns the items of a file that src names: all of them, or those
// of its range and step. A range past the end of the file is an error.
func Select[T any](src Source, items []T) ([]T, error) {
	if src.From == 0 {
		return items, nil
	}
	if src.To > len(items) {
		return nil, fmt.Errorf("%s: has %d items, fewer than %d", src.Path, len(items), src.To)
	}
	step := max(1, src.Step)
	out := make([]T, 0, (src.To-src.From)/step+1)
	for i := src.From - 1; i < src.To; i += step {
		out = append(out, items[i])
	}
	return out, nil
}

// Format is the format of a labelled file.
type Format string

// The formats ReadExamples reads.
const (
	FormatBIO     Format = "bio"     // char<TAB>tag per line, blank line between sentences
	FormatCoNLL   Format = "conll"   // word … tag per line, blank line between sentences
	FormatCLUENER Format = "cluener" // CLUENER2020 JSON lines
)

// DetectFormat tells a file's format by its extension: .jsonl and .json are
// CLUENER, .bio character-level BIO, anything else word-level CoNLL.
func DetectFormat(path string) Format {
	switch {
	case strings.HasSuffix(path, ".jsonl") || strings.HasSuffix(path, ".json"):
		return FormatCLUENER
	case strings.HasSuffix(path, ".bio"):
		return FormatBIO
	}
	return FormatCoNLL
}

// ReadExamples reads the sentences of a source; CLUENER types are mapped
// with cluenerTypes.
func ReadExamples(src Source, cluenerTypes map[string]string) ([]Example, error) {
	b, err := os.ReadFile(src.Path)
	if err != nil {
		return nil, err
	}
	var exs []Example
	switch DetectFormat(src.Path) {
	case FormatCLUENER:
		exs, err = ReadCLUENER(bytes.NewReader(b), cluenerTypes)
	case FormatCoNLL:
		exs, err = ReadCoNLL(bytes.NewReader(b))
	default:
		exs, err = ReadBIO(bytes.NewReader(b))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.Path, err)
	}
	return Select(src, exs)
}

// ParseTypeMap reads "from=TO,from=TO" pairs (name=PER,company=ORG).
func ParseTypeMap(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, kv := range strings.Split(s, ",") {
		if kv = strings.TrimSpace(kv); kv == "" {
			continue
		}
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("type map %q: want from=TO pairs separated by commas", s)
		}
		m[k] = v
	}
	return m, nil
}

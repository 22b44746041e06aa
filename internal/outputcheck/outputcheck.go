// Package outputcheck verifies a run's output directory against the output
// contract, reading it back with parquet-go: every table's parts have the
// contract's columns in order with their logical types, and the invariants
// of docs/DESIGN.md §3 hold (offsets slice the text exactly, every mention
// belongs to a document, row counts match the manifest).
//
// In: the path of testdata/contract.json and an output directory. Out: the
// tables' rows for further checks, or an error naming the first breach. It
// serves the tests; scripts/check-output.sh checks the same with DuckDB.
package outputcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/entopic/entopic/stages/write"
)

// Contract maps a table name to its columns, each [name, type].
type Contract map[string][][2]string

// LoadContract reads testdata/contract.json.
func LoadContract(path string) (Contract, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c struct {
		Tables Contract `json:"tables"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c.Tables, nil
}

// Describe lists the top-level columns of a Parquet schema with their types
// in the contract's terms: STRING, INT32, INT64, FLOAT, BOOLEAN, TIMESTAMP,
// DATE, LIST<STRING>.
func Describe(s *parquet.Schema) [][2]string {
	var out [][2]string
	for _, f := range s.Fields() {
		out = append(out, [2]string{f.Name(), typeName(f)})
	}
	return out
}

func typeName(n parquet.Node) string {
	if lt := n.Type().LogicalType(); lt != nil {
		switch v := lt.Value.(type) {
		case *format.ListType:
			elem := n.Fields()[0].Fields()[0] // list → repeated group → element
			return "LIST<" + typeName(elem) + ">"
		case *format.StringType:
			return "STRING"
		case *format.TimestampType:
			if _, micros := v.Unit.Value.(*format.MicroSeconds); !micros || !v.IsAdjustedToUTC {
				return "TIMESTAMP(" + v.String() + ")"
			}
			return "TIMESTAMP"
		case *format.DateType:
			return "DATE"
		case *format.IntType:
			return fmt.Sprintf("INT%d", v.BitWidth)
		}
	}
	switch n.Type().Kind() {
	case parquet.Int32:
		return "INT32"
	case parquet.Int64:
		return "INT64"
	case parquet.Float:
		return "FLOAT"
	case parquet.Double:
		return "DOUBLE"
	case parquet.Boolean:
		return "BOOLEAN"
	}
	return n.Type().String()
}

// Output is a run's tables read back.
type Output struct {
	Documents []write.DocumentRow
	Mentions  []write.MentionRow
	Entities  []write.EntityRow
	Topics    []write.TopicRow
	Keywords  []write.KeywordRow
	Tokens    []write.TokenRow
	Errors    []write.ErrorRow
	Manifest  map[string]any
}

// Check reads every table of dir, checks it against the contract and the
// invariants, and returns the rows.
func Check(contract Contract, dir string) (*Output, error) {
	out := &Output{}
	var err error
	if out.Documents, err = readTable[write.DocumentRow](contract, dir, write.Documents); err != nil {
		return nil, err
	}
	if out.Mentions, err = readTable[write.MentionRow](contract, dir, write.Mentions); err != nil {
		return nil, err
	}
	if out.Entities, err = readTable[write.EntityRow](contract, dir, write.Entities); err != nil {
		return nil, err
	}
	if out.Topics, err = readTable[write.TopicRow](contract, dir, write.Topics); err != nil {
		return nil, err
	}
	if out.Keywords, err = readTable[write.KeywordRow](contract, dir, write.Keywords); err != nil {
		return nil, err
	}
	if _, statErr := os.Stat(filepath.Join(dir, write.Tokens)); statErr == nil {
		if out.Tokens, err = readTable[write.TokenRow](contract, dir, write.Tokens); err != nil {
			return nil, err
		}
	}
	if out.Errors, err = readTable[write.ErrorRow](contract, dir, write.Errors); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(dir, write.ManifestName))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &out.Manifest); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	return out, out.invariants()
}

// readTable reads all parts of a table, checking each part's schema.
func readTable[T any](contract Contract, dir, table string) ([]T, error) {
	want, ok := contract[table]
	if !ok {
		return nil, fmt.Errorf("contract has no table %s", table)
	}
	parts, err := filepath.Glob(filepath.Join(dir, table, "*.parquet"))
	if err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("%s: no parts", table)
	}
	slices.Sort(parts)
	var rows []T
	for _, p := range parts {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		info, _ := f.Stat()
		pf, err := parquet.OpenFile(f, info.Size())
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		got := Describe(pf.Schema())
		if !slices.Equal(got, want) {
			f.Close()
			return nil, fmt.Errorf("%s: schema\n got %v\nwant %v", p, got, want)
		}
		r := parquet.NewGenericReader[T](pf)
		buf := make([]T, pf.NumRows())
		n, err := r.Read(buf)
		r.Close()
		f.Close()
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		rows = append(rows, buf[:n]...)
	}
	return rows, nil
}

// invariants checks the contract's invariants across tables.
func (o *Output) invariants() error {
	docs := make(map[string][]rune, len(o.Documents))
	titles := make(map[string][]rune, len(o.Documents))
	for _, d := range o.Documents {
		if _, dup := docs[d.DocID]; dup {
			return fmt.Errorf("documents: doc_id %s appears twice", d.DocID)
		}
		docs[d.DocID] = []rune(d.Text)
		titles[d.DocID] = []rune(d.Title)
		if int(d.Chars) != len(docs[d.DocID]) {
			return fmt.Errorf("documents: %s: chars %d, text has %d", d.DocID, d.Chars, len(docs[d.DocID]))
		}
	}
	slice := func(table, id, field string, start, end int32, text string) error {
		t, ok := docs[id]
		if !ok {
			return fmt.Errorf("%s: doc_id %s is not in documents", table, id)
		}
		switch field {
		case "text":
		case "title":
			t = titles[id]
		default:
			return fmt.Errorf("%s: %s: field %q is neither text nor title", table, id, field)
		}
		if start < 0 || end > int32(len(t)) || start > end {
			return fmt.Errorf("%s: %s [%d,%d) out of a text of %d", table, id, start, end, len(t))
		}
		if got := string(t[start:end]); got != text {
			return fmt.Errorf("%s: %s [%d,%d) slices %q, row says %q", table, id, start, end, got, text)
		}
		return nil
	}
	for _, m := range o.Mentions {
		if err := slice("mentions", m.DocID, m.Field, m.Start, m.End, m.Text); err != nil {
			return err
		}
	}
	for _, t := range o.Tokens {
		if err := slice("tokens", t.DocID, "text", t.Start, t.End, t.Token); err != nil {
			return err
		}
	}
	for _, table := range []struct {
		name string
		ids  []string
	}{
		{"entities", ids(o.Entities, func(e write.EntityRow) string { return e.DocID })},
		{"topics", ids(o.Topics, func(e write.TopicRow) string { return e.DocID })},
		{"keywords", ids(o.Keywords, func(e write.KeywordRow) string { return e.DocID })},
	} {
		for _, id := range table.ids {
			if _, ok := docs[id]; !ok {
				return fmt.Errorf("%s: doc_id %s is not in documents", table.name, id)
			}
		}
	}
	rows, _ := o.Manifest["rows"].(map[string]any)
	counts := map[string]int{
		write.Documents: len(o.Documents), write.Mentions: len(o.Mentions), write.Entities: len(o.Entities),
		write.Topics: len(o.Topics), write.Keywords: len(o.Keywords), write.Errors: len(o.Errors),
	}
	if o.Tokens != nil {
		counts[write.Tokens] = len(o.Tokens)
	}
	for table, n := range counts {
		if v, _ := rows[table].(float64); int(v) != n {
			return fmt.Errorf("manifest says %v rows in %s, the table has %d", rows[table], table, n)
		}
	}
	c, _ := o.Manifest["counts"].(map[string]any)
	if seen, _ := c["inputs_seen"].(float64); int(seen) != len(o.Documents)+len(o.Errors) {
		return fmt.Errorf("manifest: %v inputs seen, but %d documents + %d errors", c["inputs_seen"],
			len(o.Documents), len(o.Errors))
	}
	return nil
}

func ids[T any](rows []T, id func(T) string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = id(r)
	}
	return out
}

// Names lists the contract's tables, sorted.
func (c Contract) Names() []string { return slices.Sorted(maps.Keys(c)) }

// Diff compares two runs' tables row for row, order aside (the rows of
// each table are compared as sorted sets), and describes the first
// difference of each table; nil when they are equal. The manifests are not
// compared: they record times and commands.
func Diff(a, b *Output) error {
	var errs []error
	add := func(table string, x, y []string) {
		if err := diffRows(table, x, y); err != nil {
			errs = append(errs, err)
		}
	}
	add(write.Documents, rowKeys(a.Documents), rowKeys(b.Documents))
	add(write.Mentions, rowKeys(a.Mentions), rowKeys(b.Mentions))
	add(write.Entities, rowKeys(a.Entities), rowKeys(b.Entities))
	add(write.Topics, rowKeys(a.Topics), rowKeys(b.Topics))
	add(write.Keywords, rowKeys(a.Keywords), rowKeys(b.Keywords))
	add(write.Tokens, rowKeys(a.Tokens), rowKeys(b.Tokens))
	add(write.Errors, rowKeys(a.Errors), rowKeys(b.Errors))
	return errors.Join(errs...)
}

// rowKeys renders each row as JSON, sorted.
func rowKeys[T any](rows []T) []string {
	out := make([]string, len(rows))
	for i := range rows {
		b, err := json.Marshal(rows[i])
		if err != nil {
			b = fmt.Appendf(nil, "%#v", rows[i])
		}
		out[i] = string(b)
	}
	slices.Sort(out)
	return out
}

func diffRows(table string, a, b []string) error {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			i, j = i+1, j+1
		case a[i] < b[j]:
			return fmt.Errorf("%s: %d rows against %d; first only in the first: %s", table, len(a), len(b), a[i])
		default:
			return fmt.Errorf("%s: %d rows against %d; first only in the second: %s", table, len(a), len(b), b[j])
		}
	}
	switch {
	case i < len(a):
		return fmt.Errorf("%s: %d rows against %d; first only in the first: %s", table, len(a), len(b), a[i])
	case j < len(b):
		return fmt.Errorf("%s: %d rows against %d; first only in the second: %s", table, len(a), len(b), b[j])
	}
	return nil
}

package job

import (
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/stages/dedupe"
	"github.com/entopic/entopic/stages/read"
	"github.com/entopic/entopic/stages/write"
)

// runKey identifies a run's inputs and options for the journal: every
// input with its size and modification time, the flags that shape the
// tables, and the checksums of the resources in use. A resumed run must
// present the same key.
func runKey(cfg Config, res *Resources, r *read.Reader) (string, error) {
	type input struct {
		Path    string `json:"path"`
		Size    int64  `json:"size"`
		ModTime int64  `json:"mtime"`
	}
	k := struct {
		Inputs      []input `json:"inputs"`
		Tokens      bool    `json:"tokens"`
		PartRows    int64   `json:"part_rows"`
		MaxDocBytes int64   `json:"max_doc_bytes"`
		Resources   any     `json:"resources"`
	}{Tokens: cfg.Tokens, PartRows: cfg.PartRows, MaxDocBytes: cfg.MaxDocBytes, Resources: res.Files}
	for _, in := range r.Inputs() {
		i := input{Path: in.Path, Size: in.Size}
		if info, err := os.Stat(in.Path); err == nil {
			i.Size, i.ModTime = info.Size(), info.ModTime().UnixNano()
		}
		k.Inputs = append(k.Inputs, i)
	}
	b, err := json.Marshal(k)
	return string(b), err
}

// skipFirst drops the first n records of a source: those a resumed run
// had committed.
func skipFirst(src iter.Seq2[*entopic.Doc, error], n int64) iter.Seq2[*entopic.Doc, error] {
	if n <= 0 {
		return src
	}
	return func(yield func(*entopic.Doc, error) bool) {
		var i int64
		for d, err := range src {
			if i < n {
				i++
				continue
			}
			if !yield(d, err) {
				return
			}
		}
	}
}

// reindex adds the committed documents of an interrupted run in out to
// the duplicates index, in input order, as the run added them.
func reindex(out string, x *dedupe.Index) error {
	parts, err := filepath.Glob(filepath.Join(out, write.Documents, "part-*.parquet"))
	if err != nil {
		return err
	}
	slices.Sort(parts)
	for _, p := range parts {
		if err := write.ScanPart(p, func(r *write.DocumentRow) {
			d := &entopic.Doc{ID: r.DocID, Text: r.Text, ContentHash: r.ContentHash, Fingerprint: dedupe.SimHash(r.Text)}
			x.Check(d)
		}); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

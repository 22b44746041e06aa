package write

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// table writes the rows of one table as a dataset directory of parts:
// <dir>/<name>/part-00000.parquet, part-00001.parquet … A part is written
// under a hidden temporary name (.part-00000.parquet.tmp, which neither
// DuckDB's *.parquet glob nor pyarrow's dataset reader picks up) and renamed
// only when its footer is written and synced, so a reader never sees a
// half-written file.
type table[T any] struct {
	dir      string
	partRows int64

	part  int
	rows  int64 // rows written in all parts
	partN int64 // rows in the open part
	f     *os.File
	tmp   string
	pw    *PartWriter[T]
}

func newTable[T any](dir string, partRows int64) (*table[T], error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create table directory: %w", err)
	}
	return &table[T]{dir: dir, partRows: partRows}, nil
}

func (t *table[T]) partName(i int) string { return fmt.Sprintf("part-%05d.parquet", i) }

func (t *table[T]) open() error {
	t.tmp = filepath.Join(t.dir, "."+t.partName(t.part)+".tmp")
	f, err := os.OpenFile(t.tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	t.f = f
	t.pw = NewPartWriter[T](f)
	t.partN = 0
	return nil
}

// write appends rows, opening and rolling parts as needed.
func (t *table[T]) write(rows []T) error {
	for len(rows) > 0 {
		if t.pw == nil {
			if err := t.open(); err != nil {
				return err
			}
		}
		n := int64(len(rows))
		if t.partRows > 0 {
			n = min(n, t.partRows-t.partN)
		}
		if err := t.pw.Write(rows[:n]); err != nil {
			return err
		}
		t.partN += n
		t.rows += n
		rows = rows[n:]
		if t.partRows > 0 && t.partN >= t.partRows {
			if err := t.finish(); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish completes the open part: footer, sync, rename.
func (t *table[T]) finish() error {
	err := t.pw.Close()
	if err == nil {
		err = t.f.Sync()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(t.tmp, filepath.Join(t.dir, t.partName(t.part)))
	}
	t.pw, t.f = nil, nil
	t.part++
	return err
}

// close completes the table. A table without rows still gets one part
// holding its schema, so that every table reads as a dataset.
func (t *table[T]) close() error {
	if t.pw == nil && t.part == 0 {
		if err := t.open(); err != nil {
			return err
		}
	}
	if t.pw != nil {
		return t.finish()
	}
	return nil
}

// abort removes the part being written.
func (t *table[T]) abort() error {
	if t.pw == nil {
		return nil
	}
	err := t.f.Close()
	t.pw, t.f = nil, nil
	return errors.Join(err, os.Remove(t.tmp))
}

// The methods a Writer uses to roll the parts of all its tables together
// and to resume them.

func (t *table[T]) name() string        { return filepath.Base(t.dir) }
func (t *table[T]) openRows() int64     { return t.partN }
func (t *table[T]) state() (int, int64) { return t.part, t.rows }

// finishOpen completes the open part, if there is one.
func (t *table[T]) finishOpen() error {
	if t.pw == nil {
		return nil
	}
	return t.finish()
}

// resumeAt makes the table continue after parts complete parts holding
// rows rows, removing any later part and any temporary file: what an
// interrupted run wrote after its last checkpoint.
func (t *table[T]) resumeAt(parts int, rows int64) error {
	entries, err := os.ReadDir(t.dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		var i int
		_, scanErr := fmt.Sscanf(e.Name(), "part-%05d.parquet", &i)
		stale := strings.HasPrefix(e.Name(), ".") && strings.HasSuffix(e.Name(), ".tmp") ||
			scanErr == nil && e.Name() == t.partName(i) && i >= parts
		if stale {
			if err := os.Remove(filepath.Join(t.dir, e.Name())); err != nil {
				return err
			}
		}
	}
	for i := range parts {
		if _, err := os.Stat(filepath.Join(t.dir, t.partName(i))); err != nil {
			return fmt.Errorf("part %d of the checkpoint is missing: %w", i, err)
		}
	}
	t.part, t.rows = parts, rows
	return nil
}

// Table writes rows of type T (a struct with parquet tags) as one table of
// a dataset directory, in parts written under temporary names and renamed
// when complete, as the run's own tables are. It serves tables written
// beside a finished run's (entopic topics).
type Table[T any] struct {
	t *table[T]
}

// NewTable starts a table in dir (created if needed), rolling parts every
// partRows rows (0: the default).
func NewTable[T any](dir string, partRows int64) (*Table[T], error) {
	if partRows <= 0 {
		partRows = DefaultPartRows
	}
	t, err := newTable[T](dir, partRows)
	if err != nil {
		return nil, err
	}
	return &Table[T]{t}, nil
}

// Write appends rows.
func (t *Table[T]) Write(rows ...T) error { return t.t.write(rows) }

// Rows returns the number of rows written.
func (t *Table[T]) Rows() int64 { return t.t.rows }

// Close completes the table.
func (t *Table[T]) Close() error { return t.t.close() }

// Abort removes the part being written.
func (t *Table[T]) Abort() error { return t.t.abort() }

// PartWriter writes rows of type T as one Parquet part, as the run's tables
// are written: zstd-compressed, row groups cut every 65,536 rows or, for
// tables of texts, every 64 MB, so that a part of long documents is not
// buffered whole in memory. It writes to any io.Writer (a file of another
// file system, a buffer); making the part appear complete at once is the
// caller's work (a temporary name renamed once Close has returned, as Table
// does).
type PartWriter[T any] struct {
	pw       *parquet.GenericWriter[T]
	buffered int64 // bytes of text in the open row group
}

// flushBytes is the buffered size at which a row group is cut.
const flushBytes = 64 << 20

// NewPartWriter starts a part on w.
func NewPartWriter[T any](w io.Writer) *PartWriter[T] {
	return &PartWriter[T]{pw: parquet.NewGenericWriter[T](w,
		parquet.Compression(&parquet.Zstd),
		parquet.CreatedBy("entopic", "", ""),
		parquet.MaxRowsPerRowGroup(64<<10),
	)}
}

// Write appends rows.
func (p *PartWriter[T]) Write(rows []T) error {
	if _, err := p.pw.Write(rows); err != nil {
		return err
	}
	for i := range rows {
		p.buffered += rowBytes(&rows[i])
	}
	if p.buffered >= flushBytes {
		p.buffered = 0
		return p.pw.Flush()
	}
	return nil
}

// Close writes the last row group and the footer; it does not close the
// underlying writer.
func (p *PartWriter[T]) Close() error { return p.pw.Close() }

// rowBytes is about what a row of a table of texts takes in a row group;
// 0 for the tables of short rows, which row counts bound well enough.
func rowBytes(row any) int64 {
	switch r := row.(type) {
	case *DocumentRow:
		return int64(len(r.Text)) + 256
	case *ErrorRow:
		return int64(len(r.Excerpt) + len(r.Error))
	}
	return 0
}

// ScanPart reads a Parquet part of rows of type T a batch at a time,
// calling f for each row in order; memory stays that of one batch
// whatever the part's size. It serves readers of a finished or
// interrupted run (entopic report, a resumed run).
func ScanPart[T any](path string, f func(*T)) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(file, info.Size())
	if err != nil {
		return err
	}
	r := parquet.NewGenericReader[T](pf)
	defer r.Close()
	buf := make([]T, 256)
	for {
		n, err := r.Read(buf)
		for i := range n {
			f(&buf[i])
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

package write

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

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
	// flushBytes is the buffered size at which a row group is cut, so
	// that a table of long texts does not buffer a whole part in memory.
	flushBytes int64
	size       func(*T) int64

	part     int
	rows     int64 // rows written in all parts
	partN    int64 // rows in the open part
	buffered int64 // bytes in the open row group
	f        *os.File
	tmp      string
	pw       *parquet.GenericWriter[T]
}

func newTable[T any](dir string, partRows int64, size func(*T) int64) (*table[T], error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create table directory: %w", err)
	}
	return &table[T]{dir: dir, partRows: partRows, flushBytes: 64 << 20, size: size}, nil
}

func (t *table[T]) partName(i int) string { return fmt.Sprintf("part-%05d.parquet", i) }

func (t *table[T]) open() error {
	t.tmp = filepath.Join(t.dir, "."+t.partName(t.part)+".tmp")
	f, err := os.OpenFile(t.tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	t.f = f
	t.pw = parquet.NewGenericWriter[T](f,
		parquet.Compression(&parquet.Zstd),
		parquet.CreatedBy("entopic", "", ""),
		parquet.MaxRowsPerRowGroup(64<<10),
	)
	t.partN, t.buffered = 0, 0
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
		n := min(int64(len(rows)), t.partRows-t.partN)
		batch := rows[:n]
		if _, err := t.pw.Write(batch); err != nil {
			return err
		}
		t.partN += n
		t.rows += n
		if t.size != nil {
			for i := range batch {
				t.buffered += t.size(&batch[i])
			}
			if t.buffered >= t.flushBytes {
				if err := t.pw.Flush(); err != nil {
					return err
				}
				t.buffered = 0
			}
		}
		rows = rows[n:]
		if t.partN >= t.partRows {
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
	t, err := newTable[T](dir, partRows, nil)
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

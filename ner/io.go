package ner

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/klauspost/compress/zstd"
)

// magic starts a model file; the digit is the format's version.
const magic = "ENTOPIC-NER\x00\x01"

// header is the JSON part of a model file.
type header struct {
	Labels   []string          `json:"labels"`
	Types    []string          `json:"types"`
	Meta     map[string]string `json:"meta"`
	Features int               `json:"features"`
	Scale    float32           `json:"scale"` // weight = int16 value × scale
}

// Save writes the model, zstd-compressed: a header, the feature hashes in
// the order Load puts them in its table, their weights quantized to 16 bits, and the
// transition weights. The same model always writes the same bytes.
func (m *Model) Save(w io.Writer) error {
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedBetterCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	n := len(m.Labels)
	// Each feature's quantized row: from the weights of a model being
	// trained, or as they are from the table of a frozen one.
	var keys []uint64
	var scale float32
	var rowOf func(k uint64, q []int16) []int16
	if m.tab != nil {
		for s := 0; s < len(m.tab.data); s += m.tab.stride {
			if k := m.tab.data[s]; k != 0 {
				if k == zeroKey {
					k = 0 // the table's stand-in for the hash 0
				}
				keys = append(keys, k)
			}
		}
		scale = m.tab.scale
		rowOf = func(k uint64, q []int16) []int16 { return m.tab.weights(m.tab.row(k), q) }
	} else {
		for k := range m.index {
			keys = append(keys, k)
		}
		scale = quantize(m.w)
		rowOf = func(k uint64, q []int16) []int16 {
			q = q[:0]
			r := int(m.index[k])
			for l := range n {
				q = append(q, int16(math.Round(float64(m.w[r*n+l]/scale))))
			}
			return q
		}
	}
	// The keys go in the order of their home slots in the table Load
	// fills (then by value), so that loading writes the table front to
	// back rather than all over it, an order of magnitude faster for a
	// table far larger than the caches.
	slots := tableSlots(len(keys))
	home := func(k uint64) uint64 {
		if k == 0 {
			k = zeroKey
		}
		return homeSlot(k, slots)
	}
	slices.SortFunc(keys, func(a, b uint64) int {
		return cmp.Or(cmp.Compare(home(a), home(b)), cmp.Compare(a, b))
	})
	h, err := json.Marshal(header{Labels: m.Labels, Types: m.Types, Meta: m.Meta, Features: len(keys), Scale: scale})
	if err != nil {
		return err
	}
	bw.WriteString(magic)
	binary.Write(bw, binary.LittleEndian, uint32(len(h)))
	bw.Write(h)
	// Feature hashes are uniform: they are stored as they are.
	buf := make([]byte, 8)
	for _, k := range keys {
		binary.LittleEndian.PutUint64(buf, k)
		bw.Write(buf)
	}
	q := make([]byte, 2)
	row := make([]int16, 0, n)
	for _, k := range keys {
		row = rowOf(k, row)
		for _, v := range row {
			binary.LittleEndian.PutUint16(q, uint16(v))
			bw.Write(q)
		}
	}
	if err := binary.Write(bw, binary.LittleEndian, m.trans); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// maxHeader bounds a model file's JSON header, so that a damaged length
// field is an error and not a huge allocation.
const maxHeader = 1 << 20

// maxTypes bounds the entity types of a model file: the transition table
// grows with the square of their number.
const maxTypes = 256

// Load reads a model written by Save. It decodes as it reads, putting each
// feature's weights straight into the lookup table, so that loading holds
// no copy of the file besides the table and the feature keys; memory grows
// only with the bytes actually read, whatever the header claims.
func Load(r io.Reader) (*Model, error) {
	zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("ner model: %w", err)
	}
	defer zr.Close()
	return decode(zr)
}

// decode reads a model from the decompressed bytes of a model file.
func decode(r io.Reader) (*Model, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	read := func(p []byte, what string) error {
		if _, err := io.ReadFull(br, p); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("ner model: truncated %s", what)
			}
			return fmt.Errorf("ner model: %s: %w", what, err)
		}
		return nil
	}
	head := make([]byte, len(magic)+4)
	if _, err := io.ReadFull(br, head); err != nil || !bytes.HasPrefix(head, []byte(magic)) {
		return nil, errors.New("ner model: not an entopic entity model (or of another format version)")
	}
	hl := binary.LittleEndian.Uint32(head[len(magic):])
	if hl > maxHeader {
		return nil, fmt.Errorf("ner model: header of %d bytes", hl)
	}
	hb := make([]byte, hl)
	if err := read(hb, "header"); err != nil {
		return nil, err
	}
	var h header
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, fmt.Errorf("ner model: header: %w", err)
	}
	if len(h.Types) > maxTypes {
		return nil, fmt.Errorf("ner model: %d entity types", len(h.Types))
	}
	m := newModel(h.Types)
	if !slices.Equal(m.Labels, h.Labels) {
		return nil, fmt.Errorf("ner model: labels %v do not follow from types %v", h.Labels, h.Types)
	}
	m.Meta = h.Meta
	n := len(m.Labels)
	if h.Features < 0 {
		return nil, fmt.Errorf("ner model: %d features", h.Features)
	}
	// The keys come first, then the rows in the same order.
	keys := make([]uint64, 0, min(h.Features, 1<<20))
	buf := make([]byte, max(8, 2*n))
	for range h.Features {
		if err := read(buf[:8], "feature keys"); err != nil {
			return nil, err
		}
		keys = append(keys, binary.LittleEndian.Uint64(buf))
	}
	m.tab = newTable(h.Features, n, h.Scale)
	q := make([]int16, n)
	for _, k := range keys {
		if err := read(buf[:2*n], "weights"); err != nil {
			return nil, err
		}
		for l := range n {
			q[l] = int16(binary.LittleEndian.Uint16(buf[2*l:]))
		}
		m.tab.put(k, q)
	}
	for i := range m.trans {
		if err := read(buf[:4], "transition weights"); err != nil {
			return nil, err
		}
		m.trans[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf))
	}
	if _, err := br.ReadByte(); err != io.EOF {
		if err != nil {
			return nil, fmt.Errorf("ner model: %w", err)
		}
		return nil, errors.New("ner model: bytes after the transition weights")
	}
	return m.freeze(), nil
}

package ner

import (
	"bufio"
	"bytes"
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
// increasing order, their weights quantized to 16 bits, and the
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
	slices.Sort(keys)
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

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("ner model: %w", err)
	}
	defer zr.Close()
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("ner model: %w", err)
	}
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, errors.New("ner model: not an entopic entity model (or of another format version)")
	}
	data = data[len(magic):]
	if len(data) < 4 {
		return nil, errors.New("ner model: truncated")
	}
	hl := int(binary.LittleEndian.Uint32(data))
	data = data[4:]
	if len(data) < hl {
		return nil, errors.New("ner model: truncated header")
	}
	var h header
	if err := json.Unmarshal(data[:hl], &h); err != nil {
		return nil, fmt.Errorf("ner model: header: %w", err)
	}
	data = data[hl:]
	m := newModel(h.Types)
	if !slices.Equal(m.Labels, h.Labels) {
		return nil, fmt.Errorf("ner model: labels %v do not follow from types %v", h.Labels, h.Types)
	}
	m.Meta = h.Meta
	n := len(m.Labels)
	need := h.Features*8 + h.Features*n*2 + len(m.trans)*4
	if h.Features < 0 || len(data) != need {
		return nil, fmt.Errorf("ner model: %d bytes of weights, want %d", len(data), need)
	}
	// The weights go straight into the lookup table, as stored.
	m.tab = newTable(h.Features, n, h.Scale)
	keys, rows := data[:h.Features*8], data[h.Features*8:]
	q := make([]int16, n)
	for i := range h.Features {
		for l := range n {
			q[l] = int16(binary.LittleEndian.Uint16(rows[(i*n+l)*2:]))
		}
		m.tab.put(binary.LittleEndian.Uint64(keys[i*8:]), q)
	}
	data = rows[h.Features*n*2:]
	for i := range m.trans {
		m.trans[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[i*4:]))
	}
	return m.freeze(), nil
}

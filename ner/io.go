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
	keys := make([]uint64, 0, len(m.index))
	for k := range m.index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var maxAbs float32
	for _, v := range m.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := maxAbs / math.MaxInt16
	if scale == 0 {
		scale = 1
	}
	h, err := json.Marshal(header{Labels: m.Labels, Types: m.Types, Meta: m.Meta, Features: len(keys), Scale: scale})
	if err != nil {
		return err
	}
	bw.WriteString(magic)
	binary.Write(bw, binary.LittleEndian, uint32(len(h)))
	bw.Write(h)
	// Feature hashes are uniform: they are stored as they are.
	n := len(m.Labels)
	buf := make([]byte, 8)
	for _, k := range keys {
		binary.LittleEndian.PutUint64(buf, k)
		bw.Write(buf)
	}
	q := make([]byte, 2)
	for _, k := range keys {
		r := int(m.index[k])
		for l := range n {
			v := int16(math.Round(float64(m.w[r*n+l] / scale)))
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
	m.index = make(map[uint64]int32, h.Features)
	m.w = make([]float32, h.Features*n)
	for i := range h.Features {
		m.index[binary.LittleEndian.Uint64(data[i*8:])] = int32(i)
	}
	data = data[h.Features*8:]
	for i := range m.w {
		m.w[i] = float32(int16(binary.LittleEndian.Uint16(data[i*2:]))) * h.Scale
	}
	data = data[len(m.w)*2:]
	for i := range m.trans {
		m.trans[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[i*4:]))
	}
	return m.freeze(), nil
}

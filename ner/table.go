package ner

import (
	"math"
	"math/bits"
	"sync/atomic"
)

// table holds a frozen model's emission weights, keyed by feature hash:
// open addressing with linear probing over one flat array in which each
// slot holds a key and, right after it, the key's row of weights quantized
// to 16 bits (four to a word). Labelling looks up some forty features per
// character in a table of a million, far larger than the processor's
// caches: with the row beside its key, a lookup touches one or two cache
// lines instead of three (key, row number, row), and the rows take half
// the memory of float32 ones. The weights are those of the model file,
// which quantizes them the same way. Read-only once built.
type table struct {
	data   []uint64 // per slot: the key (0: empty), then the weights
	stride int      // words per slot
	slots  uint64
	labels int
	scale  float32 // weight = int16 value × scale
	count  int
}

// zeroKey stands for the (unlikely) feature hash 0, which marks empty slots.
const zeroKey = 0x9e3779b97f4a7c15

// maxLoad is the table's load: few probes for the lookups of features the
// model does not hold, which are most of them.
const maxLoad = 0.6

// newTable returns an empty table for count features of the given number
// of labels.
func newTable(count, labels int, scale float32) *table {
	slots := tableSlots(count)
	stride := 1 + (labels+3)/4
	return &table{data: make([]uint64, int(slots)*stride), stride: stride, slots: slots, labels: labels, scale: scale}
}

// tableSlots is the number of slots of a table for count features.
func tableSlots(count int) uint64 { return uint64(float64(count)/maxLoad) + 1 }

// home is the first slot to probe for k.
func (t *table) home(k uint64) uint64 { return homeSlot(k, t.slots) }

// homeSlot is the first slot to probe for k in a table of the given number
// of slots: k mixed (the feature hashes' high bits cluster: the last step
// of their hash is a multiplication), then scaled to the table's size.
func homeSlot(k, slots uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	hi, _ := bits.Mul64(k, slots)
	return hi
}

// put stores a feature's quantized weights; a key already present keeps
// its first row.
func (t *table) put(k uint64, w []int16) {
	if k == 0 {
		k = zeroKey
	}
	for s := t.home(k); ; s++ {
		if s == t.slots {
			s = 0
		}
		slot := t.data[int(s)*t.stride : int(s+1)*t.stride]
		switch slot[0] {
		case k:
			return
		case 0:
			slot[0] = k
			for l, v := range w {
				slot[1+l/4] |= uint64(uint16(v)) << (16 * (l % 4))
			}
			t.count++
			return
		}
	}
}

// touch reads the key of k's home slot, to bring it into the cache before
// the lookup.
func (t *table) touch(k uint64) uint64 {
	if k == 0 {
		k = zeroKey
	}
	return t.data[int(t.home(k))*t.stride]
}

// touched keeps the compiler from dropping touch's loads.
var touched atomic.Uint64

// row returns the slot holding k's weights, or nil.
func (t *table) row(k uint64) []uint64 {
	if k == 0 {
		k = zeroKey
	}
	for s := t.home(k); ; s++ {
		if s == t.slots {
			s = 0
		}
		base := int(s) * t.stride
		switch t.data[base] {
		case k:
			return t.data[base+1 : base+t.stride]
		case 0:
			return nil
		}
	}
}

// weights returns the quantized weights of a slot's row.
func (t *table) weights(row []uint64, out []int16) []int16 {
	out = out[:0]
	for l := range t.labels {
		out = append(out, int16(row[l/4]>>(16*(l%4))))
	}
	return out
}

// addRow adds the raw (unscaled) weights of k to sums and reports whether
// the table holds k.
func (t *table) addRow(sums []float32, k uint64) bool {
	row := t.row(k)
	if row == nil {
		return false
	}
	l := 0
	for _, word := range row {
		for j := 0; j < 4 && l < len(sums); j++ {
			sums[l] += float32(int16(word >> (16 * j)))
			l++
		}
	}
	return true
}

// quantize returns the scale that maps weights to 16 bits, as the model
// file stores them.
func quantize(w []float32) float32 {
	var maxAbs float32
	for _, v := range w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	if maxAbs == 0 {
		return 1
	}
	return maxAbs / math.MaxInt16
}

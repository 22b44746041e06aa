package ner

// table maps feature hashes to weight rows: open addressing with linear
// probing over two flat arrays, about twice as fast as a Go map for the
// lookups that dominate labelling (feature hashes are uniform already, so
// their low bits index the table directly). Read-only once built.
type table struct {
	keys []uint64 // 0 marks an empty slot; key 0 is stored as zeroKey
	rows []int32
	mask uint64
}

// zeroKey stands for the (unlikely) feature hash 0.
const zeroKey = 0x9e3779b97f4a7c15

func newTable(index map[uint64]int32) *table {
	size := uint64(1)
	for size < uint64(len(index))*2 {
		size <<= 1
	}
	t := &table{keys: make([]uint64, size), rows: make([]int32, size), mask: size - 1}
	for k, r := range index {
		if k == 0 {
			k = zeroKey
		}
		i := k & t.mask
		for t.keys[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.rows[i] = k, r
	}
	return t
}

// get returns the row of a feature, or -1.
func (t *table) get(k uint64) int32 {
	if k == 0 {
		k = zeroKey
	}
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case k:
			return t.rows[i]
		case 0:
			return -1
		}
	}
}

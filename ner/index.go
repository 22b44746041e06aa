package ner

// index maps 64-bit keys (hashes of characters and words) to small values:
// open addressing with linear probing over two parallel arrays, kept at
// most half full. The feature extractor asks a dozen such questions per
// character (is this run of characters a dictionary word, a suffix, a
// surname?); with no hashing of its own and no groups to scan, a lookup
// here costs a fraction of a Go map's. The zero value is an empty index;
// it is read-only once built.
type index struct {
	keys []uint64 // 0: empty slot (zeroKey stands for the key 0)
	vals []uint32
	mask uint64
	n    int
}

// slot returns the slot holding k, or the empty slot where it would go.
func (x *index) slot(k uint64) uint64 {
	// Mix the key: its low bits, which pick the slot, are the weakest of
	// a multiplicative hash.
	h := k ^ k>>33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	for s := h & x.mask; ; s = (s + 1) & x.mask {
		if x.keys[s] == k || x.keys[s] == 0 {
			return s
		}
	}
}

// get returns k's value and whether the index holds k.
func (x *index) get(k uint64) (uint32, bool) {
	if x.n == 0 {
		return 0, false
	}
	if k == 0 {
		k = zeroKey
	}
	s := x.slot(k)
	return x.vals[s], x.keys[s] != 0
}

// or sets k's value to its current value (0 when absent) OR v.
func (x *index) or(k uint64, v uint32) {
	if k == 0 {
		k = zeroKey
	}
	if 2*(x.n+1) > len(x.keys) {
		x.grow()
	}
	s := x.slot(k)
	if x.keys[s] == 0 {
		x.keys[s] = k
		x.n++
	}
	x.vals[s] |= v
}

// set sets k's value to v.
func (x *index) set(k uint64, v uint32) {
	x.or(k, 0)
	if k == 0 {
		k = zeroKey
	}
	x.vals[x.slot(k)] = v
}

// grow doubles the index (or makes its first 16 slots).
func (x *index) grow() {
	old, oldVals := x.keys, x.vals
	size := max(16, 2*len(old))
	x.keys, x.vals = make([]uint64, size), make([]uint32, size)
	x.mask = uint64(size - 1)
	for i, k := range old {
		if k != 0 {
			s := x.slot(k)
			x.keys[s], x.vals[s] = k, oldVals[i]
		}
	}
}

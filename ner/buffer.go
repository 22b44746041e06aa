package ner

// A Buffer is the working memory of labelling sentences one at a time: the
// arrays feature extraction fills and the tables of decoding. Labelling a
// document's sentences through one Buffer allocates almost nothing after
// the first few sentences, where fresh arrays for each would make the
// garbage collector a good part of the labeller's cost.
//
// The zero value is ready to use. A Buffer is not safe for concurrent use;
// what a method returns from it stays valid until the Buffer is used again.
type Buffer struct {
	d      decoder
	labels []int

	// Feature extraction (ZH.FeaturesWith).
	fs                 Features
	flat               []uint64
	norm, cls          []rune
	wordOf             []int
	gaz                [][3]cover
	words              []lex
	first              []int
	han                []bool
	suf                []uint8
	orgStart, locStart []int
}

// cover is the span of the longest gazetteer entry of a type over a
// position; the zero value stands for none.
type cover struct{ start, end int }

// lex is a dictionary word starting at a position: its length in
// characters and its part of speech.
type lex struct {
	length int
	pos    string
}

// resize returns s with length n, reusing its array when it is large
// enough. The elements are not cleared.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

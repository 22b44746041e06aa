package ner

import (
	"runtime"
	"sync"
)

// Segmenter cuts a Chinese sentence into words (byte spans and tags), as
// segment.Segmenter.ChineseWords does.
type Segmenter func(sentence string) []Word

// Prepare turns examples into instances for the model's types: segments
// each sentence, extracts its features and its gold labels, on all cores.
func (z *ZH) Prepare(types []string, examples []Example, words Segmenter) []Instance {
	m := newModel(types)
	out := make([]Instance, len(examples))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range next {
				ex := examples[i]
				s := Sentence{Text: ex.Text}
				if words != nil {
					s.Words = RuneWords(string(ex.Text), words(string(ex.Text)))
				}
				gold := m.tags(ex)
				out[i] = Instance{Features: z.Features(s), Gold: gold, Example: ex, Fixed: m.constraints(ex, gold)}
			}
		})
	}
	for i := range examples {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// RuneWords converts words with byte offsets into a text into words with
// code point offsets.
func RuneWords(text string, byteWords []Word) []Word {
	out := make([]Word, 0, len(byteWords))
	b2r := make([]int, len(text)+1)
	r := 0
	for i := range text {
		b2r[i] = r
		r++
	}
	b2r[len(text)] = r
	// Positions inside a multi-byte rune map to the rune before.
	last := 0
	for i := range b2r {
		if i > 0 && b2r[i] == 0 {
			b2r[i] = last
		}
		last = b2r[i]
	}
	for _, w := range byteWords {
		if w.Start < 0 || w.End > len(text) || w.Start >= w.End {
			continue
		}
		out = append(out, Word{Start: b2r[w.Start], End: b2r[w.End], POS: w.POS})
	}
	return out
}

package ner

import (
	"slices"
	"strings"
	"testing"
)

const testGazetteer = `# a comment
city	York
city	New York
city	Bath
org	New York Times
first	Bill
`

func TestGazetteerFindsNamesThatStartWithACapital(t *testing.T) {
	g := NewGazetteer(testGazetteer)
	words := strings.Fields("the New York Times says Bill took a bath in York")
	lower := make([]string, len(words))
	for i, w := range words {
		lower[i] = strings.ToLower(w)
	}
	var got []string
	for _, m := range g.find(words, lower, nil) {
		var kinds []string
		for k, name := range g.kinds {
			if m.kinds&(1<<k) != 0 {
				kinds = append(kinds, name)
			}
		}
		got = append(got, strings.Join(words[m.start:m.end], " ")+"="+strings.Join(kinds, ","))
	}
	// Every name that starts at a capitalised word, the shorter and the
	// longer; "bath" is a lower-case word, not the city.
	want := []string{"New York=city", "New York Times=org", "York=city", "Bill=first", "York=city"}
	if !slices.Equal(got, want) {
		t.Errorf("matches:\n got %q\nwant %q", got, want)
	}
	if m := (*Gazetteer)(nil).find(words, lower, nil); m != nil {
		t.Errorf("a nil gazetteer found %v", m)
	}
}

// The gazetteer adds features, so a model with one can tell a known city
// from an unknown word in the same context; without one (the zero EN),
// the features are those of the words alone.
func TestGazetteerFeatures(t *testing.T) {
	words := strings.Fields("He flew to York on Monday")
	plain := EN{}.Words(words)
	with := EN{Gazetteer: NewGazetteer(testGazetteer)}.Words(words)
	for i := range words {
		extra := len(with[i]) - len(plain[i])
		// York: the city, single word; "to" and "on": a city beside them.
		wantExtra := map[int]int{2: 1, 3: 1, 4: 1}[i]
		if extra != wantExtra {
			t.Errorf("%s: %d gazetteer features, want %d", words[i], extra, wantExtra)
		}
	}
}

// A capitalised word that an organization's head follows within the run
// of capitalised words (and joining words) carries the distance to it.
func TestOrgHeadFeature(t *testing.T) {
	has := func(fs []uint64, h hasher) bool { return slices.Contains(fs, uint64(h)) }
	for _, c := range []struct {
		text string
		word int
		dist int // -1: none
	}{
		{"He joined Acme Corp. in May", 2, 1},
		{"the Ministry of Defence said", 1, 0},
		{"the Bank of New Zealand said", 3, -1}, // after the head: not marked
		{"He joined Acme in May", 2, -1},
		{"a corp. of engineers", 1, -1}, // lower case
	} {
		fs := EN{}.Words(strings.Fields(c.text))[c.word]
		for d := 0; d <= 4; d++ {
			if got := has(fs, newHash(eOrgHead).int(d)); got != (d == c.dist) {
				t.Errorf("%q word %d: head at distance %d: %v", c.text, c.word, d, got)
			}
		}
	}
}

// A sentence in title case is told by its capitalised common words and
// read as a headline in capitals; a line of names or running text is not.
func TestTitleCaseReadAsHeadline(t *testing.T) {
	en := EN{Lowercase: NewWordSet("# common words\nagree\ncut\nflights\nto\nat\nclub\nsaid\n")}
	for text, want := range map[string]bool{
		"Airlines Agree to Cut Flights at Chicago O'Hare": true,
		"Racing Club 0 Rosario Central 2":                 false, // one common word
		"Airlines agree to cut flights at Chicago":        false, // sentence case
		"AIRLINES AGREE TO CUT FLIGHTS":                   false, // capitals: a headline already
		"Agree Cut":                                       false, // too short
	} {
		words := strings.Fields(text)
		lower := make([]string, len(words))
		for i, w := range words {
			lower[i] = strings.ToLower(w)
		}
		if got := en.titleCase(words, lower); got != want {
			t.Errorf("titleCase(%q) = %v, want %v", text, got, want)
		}
	}
	title := en.Words(strings.Fields("Airlines Agree to Cut Flights at Chicago O'Hare"))
	caps := en.Words(strings.Fields("AIRLINES AGREE TO CUT FLIGHTS AT CHICAGO O'HARE"))
	for i := range title {
		if !slices.Equal(title[i], caps[i]) {
			t.Errorf("word %d of the title-case headline has other features than in capitals", i)
		}
	}
}

// English features of any words, with a gazetteer read from any text: one
// feature list per word, no panic.
func FuzzEnglishFeatures(f *testing.F) {
	f.Add(testGazetteer, "the New York Times says Bill took a bath in York")
	f.Add("city\tA  B\n\tx\n#\n", "A B - C")
	f.Fuzz(func(t *testing.T, gazetteer, sentence string) {
		words := strings.Fields(sentence)
		fs := EN{Gazetteer: NewGazetteer(gazetteer)}.Words(words)
		if len(fs) != len(words) {
			t.Fatalf("%d feature lists for %d words", len(fs), len(words))
		}
	})
}

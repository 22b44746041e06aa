package ner

import (
	"bytes"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// toy returns a tiny labelled corpus with a regular pattern: a person
// before 说, a place after 在, an organization ending in 公司.
func toy() []Example {
	people := []string{"张伟", "王芳", "李娜", "刘强", "陈静", "杨洋"}
	places := []string{"北京", "上海", "广州", "深圳", "杭州", "南京"}
	orgs := []string{"华为公司", "联想公司", "小米公司", "海尔公司", "格力公司", "百度公司"}
	var out []Example
	for i := range 30 {
		p, l, o := people[i%6], places[(i+1)%6], orgs[(i+2)%6]
		text := p + "说他在" + l + "的" + o + "工作。"
		rs := []rune(text)
		ps, ls := 0, len([]rune(p+"说他在"))
		os := ls + len([]rune(l+"的"))
		out = append(out, Example{Text: rs, Entities: []Entity{
			{Start: ps, End: ps + len([]rune(p)), Type: "PER"},
			{Start: ls, End: ls + len([]rune(l)), Type: "LOC"},
			{Start: os, End: os + len([]rune(o)), Type: "ORG"},
		}})
	}
	return out
}

func toyFeatures() *ZH {
	return NewZH(ZHResources{
		Gazetteer: "PER\t张伟\t10\nLOC\t北京\t5\nORG\t华为公司\t3\n",
		Surnames:  "# surnames\n张王李刘陈杨\n欧阳 司马\n",
	})
}

var types = []string{"PER", "LOC", "ORG"}

func TestTrainLearnsAPattern(t *testing.T) {
	z := toyFeatures()
	data := z.Prepare(types, toy(), nil)
	m, reports := Train(types, data[:24], data[24:], TrainOptions{Epochs: 5, Seed: 3})
	if len(reports) != 5 {
		t.Fatalf("%d epoch reports", len(reports))
	}
	if f1 := m.Evaluate(data[24:]).Overall.F1; f1 < 0.99 {
		t.Errorf("held-out F1 %.3f on a regular pattern, want 1", f1)
	}
	// An unseen name in the same frame.
	s := Sentence{Text: []rune("赵敏说他在成都的长虹公司工作。")}
	var got []string
	for _, sp := range m.Predict(z.Features(s)) {
		got = append(got, sp.Type+":"+string(s.Text[sp.Start:sp.End]))
		if sp.Confidence <= 0 || sp.Confidence > 1 {
			t.Errorf("confidence %v out of (0, 1]", sp.Confidence)
		}
	}
	if strings.Join(got, " ") != "PER:赵敏 LOC:成都 ORG:长虹公司" {
		t.Errorf("predicted %v", got)
	}
}

func TestTrainIsDeterministic(t *testing.T) {
	z := toyFeatures()
	data := z.Prepare(types, toy(), nil)
	save := func() []byte {
		m, _ := Train(types, data, nil, TrainOptions{Epochs: 2, Seed: 7})
		var b bytes.Buffer
		if err := m.Save(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if !bytes.Equal(save(), save()) {
		t.Error("two trainings with the same seed differ")
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	z := toyFeatures()
	data := z.Prepare(types, toy(), nil)
	m, _ := Train(types, data, nil, TrainOptions{Epochs: 3, Seed: 1})
	m.Meta["note"] = "round trip"
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	got, err := Load(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Labels, m.Labels) || got.Size() != m.Size() || got.Meta["note"] != "round trip" {
		t.Fatalf("loaded %v %d %v", got.Labels, got.Size(), got.Meta)
	}
	// Weights are stored in 16 bits: within one step of the scale.
	var maxAbs float32
	for _, w := range m.w {
		maxAbs = max(maxAbs, float32(math.Abs(float64(w))))
	}
	for f, r := range m.index {
		row := got.tab.row(f)
		if row == nil {
			t.Fatalf("feature %x lost", f)
		}
		q := got.tab.weights(row, nil)
		for l := range m.Labels {
			a, b := m.w[int(r)*len(m.Labels)+l], float32(q[l])*got.tab.scale
			if math.Abs(float64(a-b)) > float64(maxAbs)/math.MaxInt16 {
				t.Fatalf("weight %v became %v", a, b)
			}
		}
	}
	// A loaded model saves the same bytes it was loaded from.
	var again bytes.Buffer
	if err := got.Save(&again); err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	m.Save(&first)
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Error("a loaded model saved other bytes")
	}
	spans := func(sp []Span) []Span {
		for i := range sp {
			sp[i].Confidence = 0
		}
		return sp
	}
	for _, in := range data {
		if !slices.Equal(spans(m.Predict(in.Features)), spans(got.Predict(in.Features))) {
			t.Fatal("the loaded model labels differently")
		}
	}
	if _, err := Load(strings.NewReader("not a model")); err == nil {
		t.Error("Load accepted garbage")
	}
}

// randomModel is a model with random weights over a handful of features.
func randomModel(rng *rand.Rand) *Model {
	m := newModel(types)
	n := len(m.Labels)
	for f := range 50 {
		m.index[uint64(f)] = int32(f)
		for range n {
			m.w = append(m.w, float32(rng.NormFloat64()*3))
		}
	}
	for i := range m.trans {
		m.trans[i] = float32(rng.NormFloat64() * 3)
	}
	return m
}

// valid reports whether labels form well-formed BIOES entities.
func valid(labels []int) bool {
	for t, l := range labels {
		prev := -1
		if t > 0 {
			prev = labels[t-1]
		}
		if !allowed(prev, l) {
			return false
		}
	}
	return len(labels) == 0 || final(labels[len(labels)-1])
}

func TestDecodingRespectsBIOES(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		m := randomModel(rng)
		fs := make(Features, rng.IntN(12))
		for i := range fs {
			fs[i] = []uint64{uint64(rng.IntN(50)), uint64(rng.IntN(50))}
		}
		var d decoder
		labels := m.viterbi(fs, &d, nil)
		if !valid(labels) {
			t.Fatalf("invalid labels %v", labels)
		}
		for _, sp := range m.spans(labels, &d) {
			if sp.Start >= sp.End || sp.End > len(fs) {
				t.Fatalf("bad span %+v", sp)
			}
		}
	}
}

func TestFixedLabelsAreKept(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m := randomModel(rng)
	fs := make(Features, 6)
	for i := range fs {
		fs[i] = []uint64{uint64(i)}
	}
	// Positions 1–2 are a known PER; 3 is free but may not continue it.
	fixed := []int{-1, label(0, roleB), label(0, roleE), -2, -1, -1}
	var d decoder
	got := m.viterbiFixed(fs, fixed, &d, nil)
	if got[1] != label(0, roleB) || got[2] != label(0, roleE) || continues(got[3]) || !valid(got) {
		t.Errorf("labels %v ignore the fixed ones %v", got, fixed)
	}
}

func TestFeatures(t *testing.T) {
	z := toyFeatures()
	s := Sentence{Text: []rune("张伟在北京"), Words: []Word{{0, 2, "nr"}, {2, 3, "p"}, {3, 5, "ns"}}}
	fs := z.Features(s)
	if len(fs) != 5 {
		t.Fatalf("%d positions", len(fs))
	}
	has := func(i int, h hasher) bool { return slices.Contains(fs[i], uint64(h)) }
	checks := []struct {
		name string
		ok   bool
	}{
		{"bias everywhere", has(0, newHash(fBias)) && has(4, newHash(fBias))},
		{"character at offset 0", has(1, newHash(fChar).int(0).rune('伟'))},
		{"sentence start seen from 0", has(0, newHash(fChar).int(-1).rune(bos))},
		{"word place and POS", has(0, newHash(fWordPos).str("B").str("nr")) && has(1, newHash(fWordPos).str("E").str("nr"))},
		{"gazetteer PER begins at 0", has(0, newHash(fGaz).int(0).str("B"))},
		{"gazetteer LOC ends at 4", has(4, newHash(fGaz).int(1).str("E"))},
		{"surname at 0", has(0, newHash(fSurname))},
		{"no surname at 1", !has(1, newHash(fSurname))},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: missing", c.name)
		}
	}
	sfx := z.Features(Sentence{Text: []rune("在北京市委大楼")})
	if !slices.Contains(sfx[3], uint64(newHash(fLocSuffix).int(1))) || !slices.Contains(sfx[4], uint64(newHash(fOrgSuffix).int(1))) {
		t.Error("place suffix 市 or organization suffix 委 not seen where it ends")
	}
	if !slices.Contains(sfx[1], uint64(newHash(fOrgAhead).int(3))) {
		t.Error("the organization suffix 3 characters ahead of 北 is not seen")
	}
	// Features are a pure function of the sentence.
	again := z.Features(s)
	for i := range fs {
		if !slices.Equal(fs[i], again[i]) {
			t.Fatal("features differ between two calls")
		}
	}
	// Full-width and ASCII letters share features.
	a := z.Features(Sentence{Text: []rune("ＡＰＥＣ")})
	b := z.Features(Sentence{Text: []rune("apec")})
	if !slices.Equal(a[1], b[1]) {
		t.Error("ＡＰＥＣ and apec get different features")
	}
}

func TestCounterArithmetic(t *testing.T) {
	var c Counter
	// Sentence 1: gold PER[0,2) LOC[3,5); predicted PER[0,2) (right),
	// LOC[3,4) (wrong boundary).
	c.Add([]Entity{{0, 2, "PER"}, {3, 5, "LOC"}}, []Entity{{0, 2, "PER"}, {3, 4, "LOC"}})
	// Sentence 2: gold ORG[1,4); predicted ORG[1,4) twice (counted once
	// right) and PER[5,6) (spurious).
	c.Add([]Entity{{1, 4, "ORG"}}, []Entity{{1, 4, "ORG"}, {1, 4, "ORG"}, {5, 6, "PER"}})
	s := c.Scores()
	want := map[string]PRF{
		"PER": {Gold: 1, Predicted: 2, Correct: 1, Precision: 0.5, Recall: 1, F1: 2.0 / 3},
		"LOC": {Gold: 1, Predicted: 1, Correct: 0},
		"ORG": {Gold: 1, Predicted: 2, Correct: 1, Precision: 0.5, Recall: 1, F1: 2.0 / 3},
	}
	for typ, w := range want {
		if got := *s.Types[typ]; math.Abs(got.F1-w.F1) > 1e-9 || got.Gold != w.Gold || got.Predicted != w.Predicted || got.Correct != w.Correct {
			t.Errorf("%s: %+v, want %+v", typ, got, w)
		}
	}
	// Overall: 3 gold, 5 predicted, 2 correct.
	if o := s.Overall; o.Gold != 3 || o.Predicted != 5 || o.Correct != 2 || math.Abs(o.F1-2*0.4*(2.0/3)/(0.4+2.0/3)) > 1e-9 {
		t.Errorf("overall %+v", o)
	}
	var b strings.Builder
	s.Table(&b)
	if !strings.Contains(b.String(), "overall") || !strings.Contains(b.String(), "0.4000") {
		t.Errorf("table:\n%s", b.String())
	}
}

func TestReadBIO(t *testing.T) {
	exs, err := ReadBIO(strings.NewReader("中\tB-LOC\n国\tI-LOC\n人\tO\n\n李 B-PER\n四 I-PER\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 2 || string(exs[0].Text) != "中国人" || exs[0].Entities[0] != (Entity{0, 2, "LOC"}) ||
		exs[1].Entities[0] != (Entity{0, 2, "PER"}) {
		t.Errorf("read %+v", exs)
	}
	for _, bad := range []string{"中国\tO\n", "中\tX-LOC\n", "中\n"} {
		if _, err := ReadBIO(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line") && !strings.Contains(err.Error(), "tag") {
			t.Errorf("ReadBIO(%q): %v, want an error", bad, err)
		}
	}
}

func TestReadCLUENER(t *testing.T) {
	line := `{"text": "浙商银行企业信贷部叶老桂博士", "label": {"name": {"叶老桂": [[9, 11]]}, "company": {"浙商银行": [[0, 3]]}, "position": {"博士": [[12, 13]]}}}`
	exs, err := ReadCLUENER(strings.NewReader(line), CLUENERTypes)
	if err != nil {
		t.Fatal(err)
	}
	if len(exs) != 1 || !exs[0].Partial || len(exs[0].Entities) != 2 ||
		exs[0].Entities[0] != (Entity{0, 4, "ORG"}) || exs[0].Entities[1] != (Entity{9, 12, "PER"}) {
		t.Errorf("read %+v", exs)
	}
	if _, err := ReadCLUENER(strings.NewReader(`{"text":"短","label":{"name":{"x":[[0,5]]}}}`), CLUENERTypes); err == nil {
		t.Error("a span outside the text was accepted")
	}
}

func TestParseSource(t *testing.T) {
	tests := []struct {
		in   string
		want Source
		err  bool
	}{
		{"a.bio", Source{Path: "a.bio"}, false},
		{"a.jsonl:1-10", Source{Path: "a.jsonl", From: 1, To: 10}, false},
		{"c:/dir/a.bio", Source{Path: "c:/dir/a.bio"}, false},
		{"a.jsonl:10-1", Source{}, true},
		{"a.jsonl:2-800/2", Source{Path: "a.jsonl", From: 2, To: 800, Step: 2}, false},
		{"a.jsonl:1-9/0", Source{}, true},
		{"a.jsonl:1-9/x", Source{}, true},
	}
	for _, tt := range tests {
		got, err := ParseSource(tt.in)
		if (err != nil) != tt.err || !tt.err && got != tt.want {
			t.Errorf("ParseSource(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

// Select takes a range, every STEP-th item of it, and refuses a range past
// the end.
func TestSelect(t *testing.T) {
	items := []int{1, 2, 3, 4, 5, 6, 7}
	for _, tt := range []struct {
		src  string
		want []int
	}{
		{"f", items},
		{"f:2-4", []int{2, 3, 4}},
		{"f:1-7/2", []int{1, 3, 5, 7}},
		{"f:2-7/2", []int{2, 4, 6}},
		{"f:3-3/5", []int{3}},
	} {
		src, err := ParseSource(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Select(src, items)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Select(%s) = %v, %v; want %v", tt.src, got, err, tt.want)
		}
	}
	if _, err := Select(Source{Path: "f", From: 1, To: 8}, items); err == nil {
		t.Error("a range past the end was accepted")
	}
}

func FuzzFeaturesAndDecode(f *testing.F) {
	f.Add("张伟在北京的华为公司工作。")
	f.Add("ＡＰＥＣ，１９９７年")
	f.Add("")
	z := toyFeatures()
	m := randomModel(rand.New(rand.NewPCG(9, 9)))
	f.Fuzz(func(t *testing.T, text string) {
		s := Sentence{Text: []rune(text)}
		fs := z.Features(s)
		if len(fs) != len(s.Text) {
			t.Fatal("one feature list per character")
		}
		var d decoder
		if labels := m.viterbi(fs, &d, nil); !valid(labels) {
			t.Fatalf("invalid labels %v", labels)
		}
	})
}

// The table finds every key it holds, with its row, and no other: the
// hash 0, keys that share a home slot, and a table filled to its load.
func TestTable(t *testing.T) {
	tab := newTable(1000, 13, 0.5)
	want := map[uint64][]int16{}
	rng := rand.New(rand.NewPCG(1, 2))
	keys := []uint64{0, zeroKey - 1, 1, 2, 3}
	for len(keys) < 1000 {
		keys = append(keys, rng.Uint64())
	}
	for i, k := range keys {
		row := make([]int16, 13)
		for l := range row {
			row[l] = int16(i*13 + l - 6000)
		}
		tab.put(k, row)
		want[k] = row
	}
	if tab.count != len(keys) {
		t.Fatalf("count %d", tab.count)
	}
	for k, row := range want {
		got := tab.row(k)
		if got == nil || !slices.Equal(tab.weights(got, nil), row) {
			t.Fatalf("key %x: %v, want %v", k, tab.weights(got, nil), row)
		}
		sums := make([]float32, 13)
		tab.addRow(sums, k)
		for l := range sums {
			if sums[l] != float32(row[l]) {
				t.Fatalf("key %x: sums %v", k, sums)
			}
		}
	}
	for range 1000 {
		if k := rng.Uint64(); want[k] == nil && tab.row(k) != nil {
			t.Fatalf("key %x found but never put", k)
		}
	}
}

// toyModelBytes is a small trained model as Save writes it, and the bytes
// zstd-decompressed.
func toyModelBytes(t testing.TB) (file, raw []byte) {
	t.Helper()
	z := toyFeatures()
	m, _ := Train(types, z.Prepare(types, toy(), nil), nil, TrainOptions{Epochs: 2, Seed: 1})
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	zr, err := zstd.NewReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	raw, err = io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), raw
}

// compress writes raw as a model file does.
func compress(t testing.TB, raw []byte) []byte {
	var b bytes.Buffer
	zw, _ := zstd.NewWriter(&b)
	zw.Write(raw)
	zw.Close()
	return b.Bytes()
}

func TestLoadRejectsDamagedFiles(t *testing.T) {
	_, raw := toyModelBytes(t)
	cases := map[string][]byte{
		"truncated in the weights":     raw[:len(raw)-10],
		"truncated in the header":      raw[:len(magic)+8],
		"bytes after the end":          append(slices.Clone(raw), 0),
		"another format version":       append([]byte("ENTOPIC-NER\x00\x09"), raw[len(magic):]...),
		"header length beyond the cap": append(append([]byte(magic), 0xff, 0xff, 0xff, 0x7f), raw[len(magic)+4:]...),
	}
	for name, b := range cases {
		if _, err := Load(bytes.NewReader(compress(t, b))); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	if _, err := Load(strings.NewReader("not zstd at all")); err == nil {
		t.Error("plain text loaded")
	}
	if _, err := Load(bytes.NewReader(compress(t, raw))); err != nil {
		t.Errorf("the undamaged file: %v", err)
	}
}

// FuzzLoad feeds the model decoder damaged files (users load their own
// with --ner-model): an error, never a panic or an allocation the bytes do
// not justify. (Decompression is the zstd library's, fuzzed by its
// authors.)
func FuzzLoad(f *testing.F) {
	_, raw := toyModelBytes(f)
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := decode(bytes.NewReader(raw))
		if err == nil && m == nil {
			t.Fatal("no model and no error")
		}
	})
}

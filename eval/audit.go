package eval

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"

	"github.com/entopic/entopic/stages/write"
)

// A precision audit estimates how many of the mentions a run predicts are
// right where nobody annotated the texts: draw a random sample of the
// mentions of a run (DrawSample, a fixed seed makes it the same sample
// every time), judge each by hand, and read the judged sample back
// (ReadAudit, AuditPrecision).

// AuditItem is one predicted mention drawn for judging, with the text
// around it. Correct is set by the judge.
type AuditItem struct {
	DocID      string `json:"doc_id"`
	MentionID  int32  `json:"mention_id"`
	Field      string `json:"field"`
	Type       string `json:"type"`
	Subtype    string `json:"subtype,omitempty"`
	Text       string `json:"text"`
	Normalized string `json:"normalized,omitempty"`
	Method     string `json:"method"`
	// Context is the mention in its sentence's surroundings, set off
	// with 【】.
	Context string `json:"context"`
	// Correct is the judgement: is this a mention of its type, with the
	// right extent? Null until judged.
	Correct *bool `json:"correct"`
	// Note says why, for a wrong one.
	Note string `json:"note,omitempty"`
}

// auditContext is how many code points of context stand on each side.
const auditContext = 40

// DrawSample draws n mentions of the given types (all types when empty)
// at random from the run in dir, with the seed: the same run, types, n
// and seed give the same sample. The sample is ordered by document and
// position, as one reads it.
func DrawSample(dir string, types []string, n int, seed uint64) ([]AuditItem, error) {
	docs, err := readTable[write.DocumentRow](filepath.Join(dir, write.Documents))
	if err != nil {
		return nil, err
	}
	mentions, err := readTable[write.MentionRow](filepath.Join(dir, write.Mentions))
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: no documents table (is it the output of entopic run?)", dir)
	}
	fields := map[string][2]string{}
	for _, d := range docs {
		fields[d.DocID] = [2]string{d.Text, d.Title}
	}
	pool := slices.DeleteFunc(mentions, func(m write.MentionRow) bool {
		return len(types) > 0 && !slices.Contains(types, m.Type)
	})
	// Parts of a run may be read in any order: sort before drawing.
	byPlace := func(a, b write.MentionRow) int {
		return cmp.Or(cmp.Compare(a.DocID, b.DocID), cmp.Compare(a.MentionID, b.MentionID))
	}
	slices.SortFunc(pool, byPlace)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	pool = pool[:min(n, len(pool))]
	slices.SortFunc(pool, byPlace)
	items := make([]AuditItem, len(pool))
	for i, m := range pool {
		text := fields[m.DocID][0]
		if m.Field == "title" {
			text = fields[m.DocID][1]
		}
		items[i] = AuditItem{DocID: m.DocID, MentionID: m.MentionID, Field: m.Field, Type: m.Type, Subtype: m.Subtype,
			Text: m.Text, Normalized: m.Normalized, Method: m.Method, Context: around(text, int(m.Start), int(m.End))}
	}
	return items, nil
}

// around returns text[start:end] (code points) set off with 【】 in
// auditContext code points of context, line breaks shown as ⏎.
func around(text string, start, end int) string {
	rs := []rune(text)
	if start < 0 || end > len(rs) || start > end {
		return ""
	}
	lo, hi := max(0, start-auditContext), min(len(rs), end+auditContext)
	s := string(rs[lo:start]) + "【" + string(rs[start:end]) + "】" + string(rs[end:hi])
	return strings.ReplaceAll(s, "\n", "⏎")
}

// ReadAudit reads a judged sample: JSON lines of AuditItem.
func ReadAudit(r io.Reader) ([]AuditItem, error) {
	var items []AuditItem
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var it AuditItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		items = append(items, it)
	}
	return items, sc.Err()
}

// AuditScore is the precision of a judged sample: the share judged
// correct, with its 95% Wilson score interval.
type AuditScore struct {
	Judged  int     `json:"judged"`
	Correct int     `json:"correct"`
	Value   float64 `json:"precision"`
	Low     float64 `json:"low"`
	High    float64 `json:"high"`
}

// AuditPrecision scores a judged sample per type and over all ("all"). An
// item left unjudged is an error: the estimate would be of another sample.
func AuditPrecision(items []AuditItem) (map[string]AuditScore, error) {
	counts := map[string][2]int{}
	for i, it := range items {
		if it.Correct == nil {
			return nil, fmt.Errorf("item %d (%s %q in %s) is not judged", i+1, it.Type, it.Text, it.DocID)
		}
		for _, k := range []string{it.Type, "all"} {
			c := counts[k]
			c[0]++
			if *it.Correct {
				c[1]++
			}
			counts[k] = c
		}
	}
	out := map[string]AuditScore{}
	for k, c := range counts {
		lo, hi := wilson(c[1], c[0])
		out[k] = AuditScore{Judged: c[0], Correct: c[1], Value: float64(c[1]) / float64(c[0]), Low: lo, High: hi}
	}
	return out, nil
}

// wilson returns the 95% Wilson score interval of k successes in n.
func wilson(k, n int) (float64, float64) {
	if n == 0 {
		return 0, 0
	}
	const z = 1.959964
	p, nf := float64(k)/float64(n), float64(n)
	centre := (p + z*z/(2*nf)) / (1 + z*z/nf)
	half := z / (1 + z*z/nf) * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf))
	return max(0, centre-half), min(1, centre+half)
}

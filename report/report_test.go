package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/report"
)

// runSample runs the job over the sample article and pages.
func runSample(t *testing.T) string {
	t.Helper()
	res, err := job.LoadResources(job.ResourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	inputs := []string{"../testdata/articles", "../testdata/pages", "../testdata/html"}
	if _, err := job.Run(context.Background(), job.Config{Inputs: inputs, Out: out, Workers: 2}, res); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReport(t *testing.T) {
	out := runSample(t)
	t.Run("sample run", func(t *testing.T) { testSampleRun(t, out) })
	t.Run("bounded sample", func(t *testing.T) { testBoundedSample(t, out) })
}

func testSampleRun(t *testing.T, out string) {
	r, err := report.Build(out, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Render(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		// Every section.
		`id="glance"`, `id="topics"`, `id="names"`, `id="timeline"`, `id="network"`, `id="browser-section"`,
		// The sample article's people with their roles, its policy
		// documents and dialogues, on the lists and the timeline.
		"习近平", "国家主席", "左晓栋", "唐岚", "国家网络空间安全战略", "网络空间国际合作战略",
		"打击网络犯罪及相关事项高级别联合对话", "2016-12",
		// Charts drawn.
		`aria-label="documents per month by topic"`, `aria-label="timeline of policy documents and dialogues"`,
		`aria-label="who appears with whom"`, "<polyline",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// Nothing is fetched: no script or style from elsewhere.
	for _, banned := range []string{"<script src", "<link ", "http://", "https://"} {
		if strings.Contains(page, banned) {
			t.Errorf("the report refers outside itself: %q", banned)
		}
	}
	if r.Documents < 10 || len(r.Sample) != int(r.Documents) {
		t.Errorf("%d documents, %d in the browser: want every document of a small run", r.Documents, len(r.Sample))
	}
	for _, d := range r.Sample {
		text := []rune(d.Text)
		for _, m := range d.Mentions {
			if m.Start < 0 || int(m.End) > len(text) || m.Start >= m.End {
				t.Errorf("%s: mention [%d,%d) outside its text of %d characters", d.ID, m.Start, m.End, len(text))
			}
		}
	}
}

// A report drawing a sample beyond its size draws the same one every time.
func testBoundedSample(t *testing.T, out string) {
	a, err := report.Build(out, report.Options{SampleDocs: 4})
	if err != nil {
		t.Fatal(err)
	}
	b, err := report.Build(out, report.Options{SampleDocs: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sample) != 4 || len(b.Sample) != 4 {
		t.Fatalf("samples of %d and %d documents, want 4", len(a.Sample), len(b.Sample))
	}
	for i := range a.Sample {
		if a.Sample[i].ID != b.Sample[i].ID {
			t.Errorf("sample %d: %s, then %s", i, a.Sample[i].ID, b.Sample[i].ID)
		}
	}
	if !strings.Contains(a.SampleNote, "drawn at random") {
		t.Errorf("the note does not say the browser holds a sample: %q", a.SampleNote)
	}
}

func TestNotARun(t *testing.T) {
	if _, err := report.Build(t.TempDir(), report.Options{}); err == nil {
		t.Error("a directory without a finished run was reported on")
	}
	if _, err := os.Stat("page.html"); err != nil {
		t.Fatal(err)
	}
}

package eval

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/ner"
)

// TestTopicsOnTHUCNews guards the topic tagging's accuracy on the labelled
// THUCNews articles of ../shared/data (README, Results).
func TestTopicsOnTHUCNews(t *testing.T) {
	const gold = "../../shared/data/topics/thucnews-dev.jsonl"
	if _, err := os.Stat(gold); err != nil {
		t.Skipf("THUCNews sample not available (%v)", err)
	}
	if testing.Short() {
		t.Skip("runs 498 articles through the job")
	}
	docs, err := ReadTopicGold(ner.Source{Path: gold})
	if err != nil {
		t.Fatal(err)
	}
	res, err := job.LoadResources(job.ResourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mapping, err := TopicMapping(res.Topics.Taxonomy(), docs, map[string]string{"finance": "economy"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := RunTopics(context.Background(), docs, res, mapping, Options{Workers: 2, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Docs != 498 || r.Accuracy < 0.85 {
		t.Errorf("accuracy %.4f over %d texts, want at least 0.85 over 498", r.Accuracy, r.Docs)
	}
}

func TestTopicMapping(t *testing.T) {
	res, err := job.LoadResources(job.ResourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tax := res.Topics.Taxonomy()
	docs := []TopicDoc{{Category: "sports"}, {Category: "finance"}}
	for _, tt := range []struct {
		explicit map[string]string
		want     string
	}{
		{map[string]string{"finance": "economy"}, ""},
		{nil, `maps to "finance", which is not a top-level topic`},
		{map[string]string{"finance": "nowhere"}, `no topic "nowhere"`},
		{map[string]string{"finance": "stock_market"}, "not a top-level topic"},
		{map[string]string{"finance": "sports"}, "one to one"},
	} {
		_, err := TopicMapping(tax, docs, tt.explicit)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("mapping %v: error %v, want %q", tt.explicit, err, tt.want)
		}
	}
	r := scoreTopics(
		[]TopicDoc{{Category: "sports"}, {Category: "sports"}, {Category: "finance"}},
		map[int]string{0: "sports", 1: "economy", 2: "economy"},
		map[string]string{"sports": "sports", "finance": "economy"})
	if r.Correct != 2 || r.Categories["finance"].Precision != 0.5 || r.Categories["sports"].Recall != 0.5 {
		t.Errorf("result %+v", r)
	}
}

package ner

import (
	"bytes"
	"testing"

	"github.com/entopic/entopic/models"
)

// The embedded model's features spread over the table: no long runs of
// full slots, which every lookup of an absent feature would walk.
func TestTableSpread(t *testing.T) {
	src, _ := models.Read("ner-zh.model")
	m, err := Load(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	tab := m.tab
	maxRun, run, runs, total := 0, 0, 0, 0
	for s := 0; s < len(tab.data); s += tab.stride {
		if tab.data[s] != 0 {
			run++
		} else if run > 0 {
			maxRun = max(maxRun, run)
			runs++
			total += run
			run = 0
		}
	}
	mean := float64(total) / float64(runs)
	if mean > 6 || maxRun > 1000 {
		t.Errorf("slots %d count %d runs %d mean run %.1f max run %d", tab.slots, tab.count, runs, mean, maxRun)
	}
}

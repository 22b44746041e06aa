package job_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/entopic/entopic/internal/outputcheck"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/stages/write"
)

// describe writes a mention and the attributes its type has, the way the
// policy issue states what the sample must yield.
func describe(m write.MentionRow) string {
	s := m.Type + " " + m.Text
	switch m.Type {
	case "POLICY":
		s += fmt.Sprintf(" (%s, date %s, issuer %s)", m.Subtype, m.Date, m.Issuer)
	case "DIALOGUE":
		ord := 0
		if m.Ordinal != nil {
			ord = int(*m.Ordinal)
		}
		s += fmt.Sprintf(" (%s, %s, ordinal %d)", m.Subtype, strings.Join(m.Participants, "+"), ord)
	case "PERSON":
		s += fmt.Sprintf(" (%s, %s)", m.Role, m.Affiliation)
	}
	return s
}

// TestSampleExtraction checks what the sample article must yield of
// policies, dialogues and people, with their attributes.
func TestSampleExtraction(t *testing.T) {
	out, _ := run(t, 2, false, "testdata/articles")
	o, err := outputcheck.Check(contract(t), out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	normalized := map[string]string{}
	for _, m := range o.Mentions {
		switch m.Type {
		case "POLICY", "DIALOGUE", "PERSON":
			if !slices.Contains(got, describe(m)) {
				got = append(got, describe(m))
			}
		default:
			normalized[m.Text] = m.Normalized
		}
	}
	want := []string{
		"PERSON 金波 (网络技术专家, )",
		"DIALOGUE 网络安全工作组 (working_group, , ordinal 0)",
		"PERSON 习近平 (国家主席, 中国)",
		"DIALOGUE 打击网络犯罪及相关事项高级别联合对话 (dialogue, 中国+美国, ordinal 0)",
		"POLICY 《打击网络犯罪及相关事项指导原则》 (principles, date , issuer 中国, 美国)",
		"DIALOGUE 热线机制 (mechanism, , ordinal 0)",
		"DIALOGUE 海湖庄园会晤 (summit, 中国+美国, ordinal 0)",
		"DIALOGUE 打击网络犯罪及相关事项高级别联合对话 (dialogue, 中国+美国, ordinal 4)",
		"DIALOGUE 执法及网络安全对话 (dialogue, 中国+美国, ordinal 1)",
		"PERSON 左晓栋 (副院长, 中国信息安全研究院)",
		"PERSON 张家栋 (教授, 复旦大学国际问题研究院)",
		"POLICY 《国家网络空间安全战略》 (strategy, date 2016-12, issuer 中国)",
		"POLICY “四项原则” (principles, date 2016-12, issuer )",
		"POLICY 《网络空间国际合作战略》 (strategy, date 2017-03, issuer )",
		"PERSON 唐岚 (副所长, 现代国际关系研究院信息与社会发展研究所)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if normalized["上合组织"] != "上海合作组织" || normalized["金砖国家"] != "金砖国家 (BRICS)" || normalized["美"] != "美国" {
		t.Errorf("normalized: 上合组织 → %q, 金砖国家 → %q, 美 → %q", normalized["上合组织"], normalized["金砖国家"], normalized["美"])
	}
}

// TestUserGazetteer runs the job with a user's gazetteer: its names are
// found and counted under the name it gives.
func TestUserGazetteer(t *testing.T) {
	gaz := filepath.Join(t.TempDir(), "mine.tsv")
	os.WriteFile(gaz, []byte("# think tanks\nORG\tthink_tank\t现代国际关系研究院\t现代院\t中国现代国际关系研究院\n"), 0o644)
	res, err := job.LoadResources(job.ResourceOptions{Gazetteers: []string{gaz}})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	t.Chdir(root)
	if _, err := job.Run(context.Background(), job.Config{Inputs: []string{"testdata/articles"}, Out: out}, res); err != nil {
		t.Fatal(err)
	}
	o, err := outputcheck.Check(contract(t), out)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range o.Mentions {
		found = found || m.Text == "现代国际关系研究院" && m.Type == "ORG" && m.Subtype == "think_tank" &&
			m.Normalized == "中国现代国际关系研究院" && m.Method == "dictionary"
	}
	if !found {
		t.Error("the user's think tank was not found")
	}

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("- type: ORG\n  name: 甲\n- type: THINK_TANK\n  name: 乙\n"), 0o644)
	_, err = job.LoadResources(job.ResourceOptions{Gazetteers: []string{bad}})
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "THINK_TANK") {
		t.Errorf("a malformed gazetteer gave %v, want an error naming line 3 and the type", err)
	}
}

// TestSampleTopicsAndKeywords checks the topics and keywords the sample
// article must yield.
func TestSampleTopicsAndKeywords(t *testing.T) {
	out, _ := run(t, 2, false, "testdata/articles")
	o, err := outputcheck.Check(contract(t), out)
	if err != nil {
		t.Fatal(err)
	}
	rank := map[string]int32{}
	for _, tp := range o.Topics {
		rank[tp.Topic] = tp.Rank
		if tp.Score <= 0 || tp.Score > 1 || len(tp.Evidence) == 0 {
			t.Errorf("topic %+v: score out of (0, 1] or no evidence", tp)
		}
	}
	for id, within := range map[string]int32{"cybersecurity": 3, "international_cooperation": 3, "cybercrime": 5} {
		if r, ok := rank[id]; !ok || r > within {
			t.Errorf("topic %s ranks %d, want within the first %d (%v)", id, r, within, rank)
		}
	}
	top := map[string]bool{}
	for _, k := range o.Keywords {
		if k.Method == "tfidf" && k.Rank <= 10 {
			top[k.Keyword] = true
		}
	}
	for _, w := range []string{"网络安全", "网络空间", "网络犯罪"} {
		if !top[w] {
			t.Errorf("%s is not among the ten best keywords: %v", w, top)
		}
	}
}

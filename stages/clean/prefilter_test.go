package clean

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	"github.com/entopic/entopic/models"
)

func TestNeeded(t *testing.T) {
	tests := []struct {
		expr string
		want string // the needed characters, sorted; "-" for none
	}{
		{`分享到|扫一扫`, "分扫"},
		{`^(首页|主页)\s*>`, ">"},
		{`(?i)^more from`, "Mm"},
		{`[0-9]+条评论`, "条"},
		{`^.*$`, "-"},
		{`(图|视频)?$`, "-"},
		{`a|.`, "-"},
	}
	for _, tt := range tests {
		re, err := syntax.Parse(tt.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		set, ok := needed(re.Simplify())
		got := "-"
		if ok {
			var rs []rune
			for r := range set {
				rs = append(rs, r)
			}
			slices.Sort(rs)
			got = string(rs)
		}
		// The smallest set of a concatenation is taken: ^(首页|主页)\s*>
		// needs > alone.
		if got != tt.want {
			t.Errorf("needed(%q) = %q, want %q", tt.expr, got, tt.want)
		}
	}
}

// The index never leaves out a rule that matches: over the lines of real
// pages, the rules tried find what all rules find.
func TestRuleIndexLosesNoMatch(t *testing.T) {
	src, err := models.Read("boilerplate.tsv")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(src)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range []string{"zh-news.jsonl", "en-news.jsonl"} {
		fh, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", "bench", f))
		if err != nil {
			t.Skipf("real pages not available (%v): they live in ../shared/data/bench/", err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for n := 0; sc.Scan() && n < 300; n++ {
			var rec struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil {
				lines = append(lines, strings.Split(rec.Text, "\n")...)
			}
		}
		fh.Close()
	}
	// And lines made to match: the rules' own cue words.
	lines = append(lines, "分享到微信", "相关阅读", "Related stories", "责任编辑：王小明", "© 2019 All rights reserved", "24小时排行")
	for _, l := range lines {
		l = strings.TrimSpace(l)
		try := c.ruleIdx.candidates(l, nil)
		for i, r := range c.rules {
			if r.re.MatchString(l) && !has(try, i) {
				t.Errorf("rule %s matches %q but is not tried", r.re, l)
			}
		}
		try = c.endIdx.candidates(l, nil)
		for i, r := range c.ends {
			if r.re.MatchString(l) && !has(try, i) {
				t.Errorf("end rule %s matches %q but is not tried", r.re, l)
			}
		}
	}
}

package hanzi

import (
	"os"
	"testing"
)

func TestSimplify(t *testing.T) {
	table, err := os.ReadFile("../models/data/t2s.tsv")
	if err != nil {
		t.Fatal(err)
	}
	c := New(table)
	if c.Len() < 2000 {
		t.Fatalf("table of %d characters", c.Len())
	}
	tests := []struct{ in, want string }{
		{"網絡空間國際合作戰略", "网络空间国际合作战略"},
		{"新華社北京3月1日電", "新华社北京3月1日电"},
		{"已是简体", "已是简体"},
		{"English 中文 混合", "English 中文 混合"},
	}
	for _, tt := range tests {
		if got := c.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := string(c.Runes([]rune(tt.in))); got != tt.want || len([]rune(got)) != len([]rune(tt.in)) {
			t.Errorf("Runes(%q) = %q", tt.in, got)
		}
	}
	var zero Converter
	if zero.String("網") != "網" {
		t.Error("the zero Converter changed text")
	}
}

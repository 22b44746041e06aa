package ahocorasick

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFindAll(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		text     string
		want     string // matches as pattern@start-end
	}{
		{"classic", []string{"he", "she", "his", "hers"}, "ushers", "1@1-4 0@2-4 3@2-6"},
		{"chinese overlapping", []string{"网络", "网络安全", "安全", "全"}, "网络安全法", "0@0-2 1@0-4 2@2-4 3@3-4"},
		{"no match", []string{"abc"}, "xyz", ""},
		{"empty pattern ignored", []string{"", "a"}, "aa", "1@0-1 1@1-2"},
		{"duplicates", []string{"ab", "ab"}, "ab", "0@0-2 1@0-2"},
		{"failure chain", []string{"aab", "ab", "b"}, "aaab", "0@1-4 1@2-4 2@3-4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range Build(tt.patterns).FindAll(tt.text) {
				got = append(got, fmt.Sprintf("%d@%d-%d", m.Pattern, m.Start, m.End))
			}
			slices.Sort(got)
			want := strings.Fields(tt.want)
			slices.Sort(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// naive finds the same matches by brute force.
func naive(patterns []string, text string) map[Match]bool {
	rs := []rune(text)
	out := make(map[Match]bool)
	for i, p := range patterns {
		pr := []rune(p)
		if len(pr) == 0 {
			continue
		}
		for s := 0; s+len(pr) <= len(rs); s++ {
			if string(rs[s:s+len(pr)]) == p {
				out[Match{i, s, s + len(pr)}] = true
			}
		}
	}
	return out
}

func FuzzAgainstNaive(f *testing.F) {
	f.Add("ab,b,bab", "abababb")
	f.Add("网络,络安,安全", "网络安全网")
	f.Fuzz(func(t *testing.T, pats, text string) {
		if !utf8.ValidString(pats) || !utf8.ValidString(text) {
			return
		}
		patterns := strings.Split(pats, ",")
		got := Build(patterns).FindAll(text)
		want := naive(patterns, text)
		if len(got) != len(want) {
			t.Fatalf("%d matches, naive finds %d", len(got), len(want))
		}
		for _, m := range got {
			if !want[m] {
				t.Fatalf("spurious match %+v", m)
			}
		}
	})
}

func TestOccurring(t *testing.T) {
	m := Build([]string{"网络安全", "安全法", "数据", "", "法"})
	got := m.Occurring("网络安全法实施")
	want := []bool{true, true, false, false, true}
	if !slices.Equal(got, want) {
		t.Errorf("Occurring = %v, want %v", got, want)
	}
}

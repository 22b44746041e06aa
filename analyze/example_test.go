package analyze_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/entopic/entopic/analyze"
	"github.com/entopic/entopic/stages/write"
)

// One Analyzer is loaded per process and shared by every goroutine.
func Example() {
	a, err := analyze.Load(analyze.Options{})
	if err != nil {
		log.Fatal(err)
	}
	d, err := a.Analyze(context.Background(), analyze.Record{
		ID:    "example-1",
		Title: "中美举行新一轮经贸磋商",
		Text:  "国务院副总理何立峰与美国财政部长贝森特在日内瓦举行中美经贸高层会谈。双方同意建立中美经贸磋商机制。",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.ID, d.Lang)
	for _, m := range d.Mentions {
		switch m.Type {
		case "PERSON":
			fmt.Printf("%s %s role=%q affiliation=%q\n", m.Type, m.Text, m.Role, m.Affiliation)
		case "DIALOGUE", "POLICY":
			fmt.Printf("%s %s %v\n", m.Type, m.Text, m.Participants)
		default:
			fmt.Println(m.Type, m.Text)
		}
	}
	// Output:
	// example-1 zh
	// ORG 国务院
	// PERSON 何立峰 role="副总理" affiliation="国务院"
	// ORG 美国财政部
	// PERSON 贝森特 role="部长" affiliation=""
	// LOC 日内瓦
	// LOC 中
	// LOC 美
	// DIALOGUE 经贸高层会谈 [中国 美国]
	// LOC 中
	// LOC 美
	// DIALOGUE 经贸磋商机制 [中国 美国]
	// LOC 中
	// LOC 美
}

// Rows turns an analysed document into the rows of entopic run's tables;
// write.NewTable writes them as Parquet parts with the same schemas.
func ExampleRows() {
	a, err := analyze.Load(analyze.Options{})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "entopic-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	mentions, err := write.NewTable[write.MentionRow](filepath.Join(dir, write.Mentions), 0)
	if err != nil {
		log.Fatal(err)
	}
	for i, text := range []string{
		"Secretary of State Marco Rubio met Foreign Minister Wang Yi in Kuala Lumpur on Friday.",
		"外交部发言人毛宁在例行记者会上介绍了王毅访问欧洲的情况。",
	} {
		d, err := a.Analyze(context.Background(), analyze.Record{ID: fmt.Sprint(i), Text: text})
		if err != nil {
			fmt.Println(analyze.ErrorRow(d, err))
			continue
		}
		rows := analyze.Rows(d, false)
		if err := mentions.Write(rows.Mentions...); err != nil {
			log.Fatal(err)
		}
		for _, m := range rows.Mentions {
			fmt.Println(m.DocID, m.Type, m.Text)
		}
	}
	if err := mentions.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(mentions.Rows(), "rows written")
	// Output:
	// 0 PERSON Marco Rubio
	// 0 PERSON Wang Yi
	// 0 LOC Kuala Lumpur
	// 1 ORG 外交部
	// 1 PERSON 毛宁
	// 1 PERSON 王毅
	// 1 LOC 欧洲
	// 7 rows written
}

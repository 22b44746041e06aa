package dedupe

import (
	"math/bits"
	"strings"
	"testing"

	"github.com/entopic/entopic"
)

// article is the sample's body, long enough to be compared by fingerprint.
var article = strings.Repeat(`信息技术的飞速发展,让网络营造的虚拟空间与现实社会深度融合。然而网络的独特属性也让这个虚拟“第五空间”给人类生活带来很多此前未曾想到过的挑战。网络安全,成为摆在各国政府面前的新课题。近年来,作为互联网大国的中国不断加快对外合作的步伐,在维护自身网络安全的同时,也努力推进互联网全球治理体系朝着多边、民主、透明的方向发展。
大数据时代,互联网为人们的衣食住行乃至社会交往都提供了极大便利,网络空间也被称作继陆地、海洋、天空、外空之后的“第五空间”。然而,它的虚拟性、跨国性和技术隐蔽性,也给上到国家安全,下到个人隐私与财产保护带来未曾预料的冲击。网络犯罪日益呈现出专业化高、流动性强、取证难度大等特点。`, 1) + body

// body continues article with more of the sample's paragraphs.
const body = "\n在互联网经济和技术发展领域,中美无疑是世界范围内的“领跑者”。两国在很多方面都有着合作的需求,应对网络犯罪也不例外。实际上,自2011年以来,两国警方曾多次对网络色情犯罪进行联合打击。2013年6月,两国还成立了网络安全工作组,而取得突破始于2015年两国元首的会晤。面对质疑,中国国家主席习近平当时曾明确指出:“美国是世界上网络实力最强的国家,中国又是世界上网络用户最多的国家,双方应该合作,合则两利,斗则双输。我们完全可以开展部门之间、企业之间、专家之间的对话交流,从技术产业标准、打击犯罪多方面加强合作,将网络安全问题打造成中美合作的增长点,而不是爆发冲突的摩擦点。”\n在高层的推动下,双方随后启动了打击网络犯罪及相关事项高级别联合对话。在已经进行的三次对话中,中美达成《打击网络犯罪及相关事项指导原则》,建立了热线机制,并就网络安全个案、网络反恐合作、执法培训等开展合作。而根据中美元首海湖庄园会晤共识,第四次中美打击网络犯罪及相关事项高级别联合对话和首轮执法及网络安全对话将于近期举行。\n合作渐次展开,分歧依然不少。在中国信息安全研究院副院长左晓栋看来:“中美两国关于互联网共识包括互联网安全共识不断增多,当然我们也承认这其中也存在一些分歧,但中美两国也认识到有效地管控分歧,相向而行,共同推动网络空间安全与和平,具体的分歧我相信会在不断合作、不断沟通交流中双方得以妥善解决。\n近年来,中国在网络安全领域的“朋友圈”在不断扩大。美国之外,中国与俄罗斯、英国等也建立相关合作机制;与此同时,中国还借助上合组织、金砖国家等多边机制,与各方开展网络合作。有资料显示,中国与70多个国家和地区通过双边等渠道的执法合作活动,对网络诈骗、色情、赌博、贩枪等犯罪进行了打击。复旦大学国际问题研究院教授张家栋认为,中国所做的努力,有助于建立一个多极化、平等、均衡的国际网络体系:“中国通过加强与相关国家之间合作,我们正在帮助建立一个更加平衡的网络空间,这个网站空间在本质上为网络安全提供一个更好的基础。中国对世界网络安全领域做的最大贡献,就是正在把一个网络霸权体系,变成网络多极化、平等、势力均衡的体系。”"

const other = `新华社北京3月1日电 经中央网络安全和信息化领导小组批准,外交部和国家互联网信息办公室1日共同发布《网络空间国际合作战略》。战略以和平发展、合作共赢为主题,以构建网络空间命运共同体为目标,就推动网络空间国际交流合作首次全面系统提出中国主张,为破解全球网络空间治理难题贡献中国方案,是指导中国参与网络空间国际交流与合作的战略性文件。这是中国就网络问题首度发布国际战略。`

// english is the body of a real English page.
const english = "On October 4, 2017, Chinese State Councilor and Minister of Public Security Guo Shengkun, together with US Attorney General Jefferson B. Sessions and Acting Secretary of Homeland Security Elaine Duke, co-chaired the first China-US Law Enforcement and Cybersecurity Dialogue (LECD). The LECD is one of four dialogues agreed to by President Xi Jinping and President Trump during their first meeting in Mar-a-Lago in April 2017 and is an important forum for advancing bilateral law enforcement and cyber priorities between our two governments.\nThe following topics were discussed:\n1) Repatriation. Both sides acknowledged the need to make continued progress in the area of repatriation of foreign nationals with final orders of removal. The China and United States? committed to develop a repeatable process whereby the identities of individuals with final orders of removal are verified in a timely manner and travel documents are issued within 30 days of verification. This process should be finalized within three months following the LECD.\n2) Counter-narcotics. Both sides intend to continue to enhance cooperation on narcotics control and enforcement. Such cooperation may include: exchanging intelligence and operational information on trafficking of new psychoactive substances and other synthetic drugs, opioids, and cocaine; combating the illicit production and trafficking of fentanyl and fentanyl-related substances and precursor chemicals, with attention to applicable laws, scheduling actions, and use of express mail and consignment services; exchanging technical information on the relevant science and law; demand reduction cooperation; exchanging views on international narcotics control issues through UN-based and other multilateral forums; and sh"

func doc(id, text string) *entopic.Doc {
	d := &entopic.Doc{ID: id, Text: text}
	Fingerprint(d)
	return d
}

func TestDuplicates(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"original", article, ""},
		{"exact copy", article, "a"},
		{"reformatted copy", strings.ReplaceAll(strings.ReplaceAll(article, ",", "，"), "\n", "\n\n"), "a"},
		{"a few words edited", strings.Replace(strings.Replace(article, "飞速发展", "快速发展", 1), "新课题", "新问题", 1), "a"},
		{"a sentence dropped", strings.Replace(article, "网络安全,成为摆在各国政府面前的新课题。", "", 1), "a"},
		{"a different article on the same subject", other, ""},
		{"english original", english, ""},
		{"english with a word changed", strings.Replace(english, "first meeting", "initial meeting", 1), "english original"},
		{"short text", "网络安全。", ""},
		{"short exact copy", "网络安全。", "short text"},
		{"short near copy is not flagged", "网络安全!", ""},
	}
	var x Index
	ids := map[string]string{}
	for i, tt := range tests {
		id := string(rune('a' + i))
		ids[tt.name] = id
		d := doc(id, tt.text)
		x.Check(d)
		want := tt.want
		if want != "" && want != "a" {
			want = ids[want]
		}
		if d.DuplicateOf != want {
			t.Errorf("%s: duplicate_of %q, want %q", tt.name, d.DuplicateOf, want)
		}
	}
	if x.Len() != len(tests) {
		t.Errorf("index holds %d documents", x.Len())
	}
}

func TestDistances(t *testing.T) {
	a, b := SimHash(article), SimHash(other)
	if d := bits.OnesCount64(a ^ b); d <= 10 {
		t.Errorf("unrelated articles are %d bits apart, want far more than %d", d, Threshold)
	}
	edited := strings.Replace(article, "飞速发展", "快速发展", 1)
	if d := bits.OnesCount64(a ^ SimHash(edited)); d > Threshold {
		t.Errorf("a one-word edit is %d bits away", d)
	}
}

func TestChainPointsToTheFirst(t *testing.T) {
	var x Index
	a := doc("a", article)
	b := doc("b", strings.Replace(article, "飞速发展", "快速发展", 1))
	c := doc("c", strings.Replace(b.Text, "新课题", "新问题", 1))
	for _, d := range []*entopic.Doc{a, b, c} {
		x.Check(d)
	}
	if b.DuplicateOf != "a" || c.DuplicateOf != "a" {
		t.Errorf("b → %q, c → %q; want both → a", b.DuplicateOf, c.DuplicateOf)
	}
	if a.ContentHash == b.ContentHash || len(a.ContentHash) != 32 {
		t.Errorf("content hashes %q %q", a.ContentHash, b.ContentHash)
	}
}

package policy_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/entopic/entopic"
	"github.com/entopic/entopic/hanzi"
	"github.com/entopic/entopic/job"
	"github.com/entopic/entopic/models"
	"github.com/entopic/entopic/stages/entities"
	"github.com/entopic/entopic/stages/policy"
	"github.com/entopic/entopic/stages/segment"
)

var (
	loadOnce  sync.Once
	seg       *segment.Segmenter
	extractor *entities.Extractor
	loadErr   error
)

// load builds, once for all tests, the segmenter and an entities stage
// that runs the policy rules with the embedded gazetteer (which finds the
// countries and organizations that issue policies).
func load(t testing.TB) (*segment.Segmenter, *entities.Extractor) {
	t.Helper()
	loadOnce.Do(func() {
		read := func(name string) []byte {
			b, err := models.Read(name)
			if err != nil && loadErr == nil {
				loadErr = err
			}
			return b
		}
		var han *hanzi.Converter
		if seg, han, loadErr = job.LoadSegmenter(); loadErr != nil {
			return
		}
		kb, err := policy.Parse(read("policy.yaml"))
		if err != nil {
			loadErr = err
			return
		}
		known, err := entities.ParseGazetteer(read("entities.tsv"), false)
		if err != nil {
			loadErr = err
			return
		}
		rules := policy.Rules{KB: kb, Han: han}
		gaz := entities.NewGazetteer(han, known)
		extractor = entities.New(rules, gaz).With(gaz, rules)
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return seg, extractor
}

// extract runs segmentation and the entities stage over text.
func extract(t testing.TB, text, lang string, published time.Time) *entopic.Doc {
	t.Helper()
	s, x := load(t)
	d := &entopic.Doc{Text: text, Lang: lang, Published: published}
	if err := s.Process(d); err != nil {
		t.Fatal(err)
	}
	if err := x.Process(d); err != nil {
		t.Fatal(err)
	}
	return d
}

// describe writes a POLICY or DIALOGUE mention and its attributes the way
// the tests state what they want.
func describe(m entopic.Mention) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s %s", m.Type, m.Subtype, m.Text)
	if m.Normalized != strings.Trim(m.Text, "《》「」“”") {
		fmt.Fprintf(&b, " =%s", m.Normalized)
	}
	if len(m.Participants) > 0 {
		fmt.Fprintf(&b, " parts=%s", strings.Join(m.Participants, ","))
	}
	if m.Ordinal > 0 {
		fmt.Fprintf(&b, " ord=%d", m.Ordinal)
	}
	if m.Date != "" {
		fmt.Fprintf(&b, " date=%s", m.Date)
	}
	if m.Issuer != "" {
		fmt.Fprintf(&b, " issuer=%s", m.Issuer)
	}
	return b.String()
}

var published = time.Date(2017, 11, 7, 9, 29, 11, 0, time.UTC)

func TestPolicyAndDialogue(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"strategy with relative date and issuer", "zh", "去年12月,中国出台首部《国家网络空间安全战略》。",
			[]string{"POLICY/strategy 《国家网络空间安全战略》 date=2016-12 issuer=中国"}},
		{"date after the title", "zh", "在今年3月发布的《网络空间国际合作战略》中,中国提出主张。",
			[]string{"POLICY/strategy 《网络空间国际合作战略》 date=2017-03"}},
		{"law and a draft note", "zh", "全国人大常委会审议了《中华人民共和国网络安全法（草案）》。",
			[]string{"POLICY/law 《中华人民共和国网络安全法（草案）》 =中华人民共和国网络安全法"}},
		{"opinions", "zh", "国务院印发《关于积极推进“互联网+”行动的指导意见》。",
			[]string{"POLICY/guideline 《关于积极推进“互联网+”行动的指导意见》 issuer=国务院"}},
		{"corner brackets", "zh", "「個人資料保護法」昨日生效。", []string{"POLICY/law 「個人資料保護法」 =个人资料保护法"}},
		{"newspaper is not a policy", "zh", "据《人民日报》报道,《新闻联播》也播出了。", nil},
		{"a novel is not a policy", "zh", "他在读《红楼梦》。", nil},
		{"method is not a law", "zh", "这本《学习方法》很好。", nil},
		{"quoted principles", "zh", "提出了维护网络空间和平安全的“四项原则”。", []string{"POLICY/principles “四项原则”"}},
		{"quoted name before its head", "zh", "中国提出“一带一路”倡议。", []string{"POLICY/initiative “一带一路”倡议 =一带一路倡议 issuer=中国"}},
		{"dialogue with ordinal and participants", "zh", "第四次中美打击网络犯罪及相关事项高级别联合对话将于近期举行。",
			[]string{"DIALOGUE/dialogue 打击网络犯罪及相关事项高级别联合对话 parts=中国,美国 ord=4"}},
		{"coordinated dialogues share participants", "zh", "第四次中美打击网络犯罪及相关事项高级别联合对话和首轮执法及网络安全对话将举行。",
			[]string{"DIALOGUE/dialogue 打击网络犯罪及相关事项高级别联合对话 parts=中国,美国 ord=4",
				"DIALOGUE/dialogue 执法及网络安全对话 parts=中国,美国 ord=1"}},
		{"summit named by its place", "zh", "根据中美元首海湖庄园会晤共识,双方同意。", []string{"DIALOGUE/summit 海湖庄园会晤 parts=中国,美国"}},
		{"mechanism", "zh", "双方建立了热线机制。", []string{"DIALOGUE/mechanism 热线机制"}},
		{"working group with its date", "zh", "2013年6月,两国还成立了网络安全工作组。", []string{"DIALOGUE/working_group 网络安全工作组 date=2013-06"}},
		{"counted and generic dialogues are no names", "zh", "在已经进行的三次对话中,两国元首的会晤和相关合作机制都有成果。", nil},
		{"short title defined and used", "zh", "外交部发布《网络空间国际合作战略》(下称“战略”)。战略指出,合作是关键。",
			[]string{"POLICY/strategy 《网络空间国际合作战略》 issuer=外交部", "POLICY/strategy 战略 =网络空间国际合作战略",
				"POLICY/strategy 战略 =网络空间国际合作战略"}},
		{"abbreviated title resolves to the full one", "zh", "中国发布《网络空间国际合作战略》。《战略》共六章。",
			[]string{"POLICY/strategy 《网络空间国际合作战略》 issuer=中国", "POLICY/strategy 《战略》 =网络空间国际合作战略"}},
		{"traditional", "zh", "外交部1日發布《網絡空間國際合作戰略》。",
			[]string{"POLICY/strategy 《網絡空間國際合作戰略》 =网络空间国际合作战略 date=2017-11-01 issuer=外交部"}},
		{"a day still to come is of the month before", "zh", "外交部28日发布《网络空间国际合作战略》。",
			[]string{"POLICY/strategy 《网络空间国际合作战略》 date=2017-10-28 issuer=外交部"}},
		{"principles named by their number", "zh", "应在和平、主权、共治、普惠四项基本原则基础上推动合作。",
			[]string{"POLICY/principles 四项基本原则"}},
		{"english dialogue, ordinal, participants and acronym", "en",
			"On October 4, 2017, they co-chaired the first China-US Law Enforcement and Cybersecurity Dialogue (LECD). The LECD is one of four dialogues.",
			[]string{"DIALOGUE/dialogue Law Enforcement and Cybersecurity Dialogue parts=China,United States ord=1 date=2017-10-04",
				"DIALOGUE/dialogue LECD =Law Enforcement and Cybersecurity Dialogue parts=China,United States date=2017-10-04",
				"DIALOGUE/dialogue LECD =Law Enforcement and Cybersecurity Dialogue parts=China,United States"}},
		{"english strategy", "en", "The International Strategy of Cooperation on Cyberspace is the first China has released.",
			[]string{"POLICY/strategy International Strategy of Cooperation on Cyberspace"}},
		{"english relative date and issuer", "en", "Last December China issued the National Cyberspace Security Strategy.",
			[]string{"POLICY/strategy National Cyberspace Security Strategy date=2016-12 issuer=China"}},
		{"english agreement", "en", "Both signed the Paris Agreement in 2016.", []string{"POLICY/agreement Paris Agreement date=2016"}},
		{"and ends an English name", "en", "They discussed the Paris Agreement and the European Union's rules.",
			[]string{"POLICY/agreement Paris Agreement"}},
		{"a dialogue the gazetteer knows, with what is written before it", "zh", "首轮中美全面经济对话在华盛顿举行。",
			[]string{"DIALOGUE/dialogue 全面经济对话 parts=中国,美国 ord=1"}},
		{"an English dialogue known by its acronym alone", "en", "The fourth U.S.-China LECD ended on Friday.",
			[]string{"DIALOGUE/dialogue LECD =Law Enforcement and Cybersecurity Dialogue parts=United States,China ord=4"}},
		{"english summit", "en", "Leaders met at the G20 Summit in Hangzhou.", []string{"DIALOGUE/summit G20 Summit"}},
		{"a head alone is no name", "en", "The Strategy was discussed at the summit.", nil},
		{"head after the title", "zh", "国务院新闻办公室发表《新时代的中国国防》白皮书。",
			[]string{"POLICY/white_paper 《新时代的中国国防》白皮书 =新时代的中国国防白皮书"}},
		{"title issued by a cue verb", "zh", "国务院印发了《智能制造2035》。", []string{"POLICY/ 《智能制造2035》 issuer=国务院"}},
		{"a cue verb does not make a newspaper a policy", "zh", "他签署了《人民日报》的订单。", nil},
		{"communique is not a newspaper", "zh", "两国发表《中美联合公报》。", []string{"POLICY/declaration 《中美联合公报》"}},
		{"market mechanisms are no dialogue", "zh", "要完善市场机制和激励机制。", nil},
		{"a mechanism named by how parties meet", "zh", "中俄总理定期会晤机制运行良好。",
			[]string{"DIALOGUE/mechanism 总理定期会晤机制 parts=中国,俄罗斯"}},
		{"friendly consultations are no name", "zh", "双方进行了友好磋商。", nil},
		{"customer hotlines are no dialogue", "zh", "请拨打客服热线。", nil},
		{"talking with someone is no dialogue", "zh", "去风岩山顶找欧阳蜂对话,再跟业主委员会协商。", nil},
		{"descriptive words stay in a name", "zh", "中美全面经济对话首轮会议在华盛顿举行。",
			[]string{"DIALOGUE/dialogue 全面经济对话 parts=中国,美国"}},
		{"a generic name with participants is theirs", "zh", "第二轮中美战略对话在北京举行。",
			[]string{"DIALOGUE/dialogue 中美战略对话 parts=中国,美国 ord=2"}},
		{"generic words alone name nothing", "zh", "双方举行了双边磋商和战略对话。", nil},
		{"a verb before the name ends it", "zh", "双方共同主持中阿合作论坛。", []string{"DIALOGUE/forum 中阿合作论坛 parts=中国,阿拉伯国家"}},
		{"a site's forum is no dialogue", "zh", "我们希望代表所有新浪论坛。", nil},
		{"lowercase summit after its name", "en", "Leaders met at the BRICS summit in Xiamen.", []string{"DIALOGUE/summit BRICS summit"}},
		{"lowercase dialogue without a name", "en", "They held a strategic dialogue.", nil},

		// Meetings named with their parties: groups, countries written
		// out, quoted groups, joins between parties.
		{"a group's summit", "zh", "胡锦涛抵俄出席上合峰会。", []string{"DIALOGUE/summit 上合峰会"}},
		{"a group's summit named by its place", "zh", "上海合作组织叶卡捷琳堡峰会在俄罗斯举行。",
			[]string{"DIALOGUE/summit 上海合作组织叶卡捷琳堡峰会"}},
		{"a conference of parties", "zh", "中欧数字圆桌会议在北京举行。", []string{"DIALOGUE/conference 中欧数字圆桌会议 parts=中国,欧盟"}},
		{"a conference without parties is no dialogue", "zh", "国务院常务会议审议通过。国际学术研讨会日前召开。", nil},
		{"an industry summit is no dialogue", "zh", "本届家居品牌峰会精英云集。", nil},
		{"two groups joined", "zh", "胡锦涛出席八国集团同发展中国家领导人对话会议。",
			[]string{"DIALOGUE/dialogue 八国集团同发展中国家领导人对话会议 parts=八国集团,发展中国家"}},
		{"kinds of countries alone name no dialogue", "zh", "这是发达国家与发展中国家对话的一次会议。", nil},
		{"talks lose the group that holds them", "zh", "双方将就世贸组织多哈回合谈判进行协调。", []string{"DIALOGUE/talks 多哈回合谈判"}},
		{"a join before a group's talks joins something else", "zh", "就气候变化和世贸组织多哈回合谈判进行协调。",
			[]string{"DIALOGUE/talks 多哈回合谈判"}},
		{"a quoted group", "zh", "胡锦涛出席“金砖四国”领导人会晤。", []string{"DIALOGUE/summit “金砖四国”领导人会晤 =金砖四国领导人会晤"}},
		{"a member before its group is not in the name", "zh", "出席中国、俄罗斯、印度“金砖四国”领导人会晤。",
			[]string{"DIALOGUE/summit “金砖四国”领导人会晤 =金砖四国领导人会晤"}},
		{"a short name in brackets and an ordinal inside", "zh", "上海合作组织(上合组织)成员国元首理事会第九次会议将举行。",
			[]string{"DIALOGUE/conference 上海合作组织(上合组织)成员国元首理事会第九次会议 ord=9"}},
		{"a grouping named by numbers", "zh", "在8+5对话中，中国很积极。", []string{"DIALOGUE/dialogue 8+5对话"}},
		{"two names of one event", "zh", "他们将出席签字仪式和中意经贸论坛暨企业家洽谈会。",
			[]string{"DIALOGUE/forum 中意经贸论坛暨企业家洽谈会 parts=中国,意大利"}},
		{"a count before the head", "zh", "他参加了20国集团两次峰会。", nil},
		{"a ceremony is no dialogue", "zh", "他出席了中俄建交60周年庆祝大会。", nil},
		{"a determiner starts the name", "zh", "这次峰会可能要探讨下届G20会议的路线图。", []string{"DIALOGUE/conference G20会议"}},
		{"a verb before a name ends it", "zh", "他们讨论了如何筹备叶卡捷琳堡峰会。", []string{"DIALOGUE/summit 叶卡捷琳堡峰会"}},
		{"who talks is no name", "zh", "新日铁和浦项制铁协商合作。美方正加紧与中方磋商。", nil},
		{"a head inside another word", "zh", "新加坡是东盟对话伙伴。", nil},
		{"a kind of talks is no name", "zh", "双方就贸易谈判和网络对话交换意见。", nil},
		{"talks named by their format", "zh", "希望尽快再次进行六方会谈。", []string{"DIALOGUE/talks 六方会谈"}},
		{"a head used as a verb", "zh", "罗干在纽约会晤了安南。", nil},
		{"parties and who meets name a meeting", "zh", "中美元首会晤取得成果，两国元首会晤后发表声明。",
			[]string{"DIALOGUE/summit 中美元首会晤 parts=中国,美国"}},
		{"a meeting of a named working group is the group's", "zh", "中美网络安全工作组会议取消。",
			[]string{"DIALOGUE/working_group 网络安全工作组 parts=中国,美国"}},

		// English meetings.
		{"a summit named by its place", "en", "Trump and Putin met at the Helsinki summit.", []string{"DIALOGUE/summit Helsinki summit"}},
		{"talks named by a place with a person's name in it", "en", "They met after the Camp David talks.",
			[]string{"DIALOGUE/talks Camp David talks"}},
		{"a sentence's first word does not name lowercase talks", "en", "Peace talks resumed. The Islamist conference was banned.", nil},
		{"a lowercase dialogue named after its ordinal", "en", "The first China-US comprehensive dialogue was held.",
			[]string{"DIALOGUE/dialogue comprehensive dialogue parts=China,United States ord=1"}},
		{"an ordinal and how parties talk name nothing", "en", "They held the first direct talks in years.", nil},
		{"a complement after the head", "en", "They agreed on the China-US Dialogue Mechanism on Trade and Investment.",
			[]string{"DIALOGUE/mechanism Dialogue Mechanism on Trade and Investment parts=China,United States"}},
		{"a meeting's place is not its name", "en", "It was discussed at the Conference on Disarmament in Geneva.",
			[]string{"DIALOGUE/conference Conference on Disarmament"}},
		{"a league is no conference of countries", "en", "He will join the Western Conference next season.", nil},
		{"a name known in another case", "en", "They discussed the strategic and economic dialogue.",
			[]string{"DIALOGUE/dialogue strategic and economic dialogue =Strategic and Economic Dialogue"}},
		{"a person and a party convention", "en", "President Bill Clinton attended the Democratic Convention.", nil},

		// English documents.
		{"numbered instruments", "en", "He signed Executive Order 14028 and Presidential Policy Directive 41.",
			[]string{"POLICY/decision Executive Order 14028", "POLICY/regulation Presidential Policy Directive 41"}},
		{"a regulation in capitals with its number", "en", "COUNCIL REGULATION ( EEC ) No 4064/89 applies.",
			[]string{"POLICY/regulation COUNCIL REGULATION ( EEC ) No 4064/89"}},
		{"a headline in capitals names no treaty", "en", "BRITAIN WELCOMES ROMANIA-HUNGARY TREATY ACCORD .", nil},
		{"a deal named by what it trades", "en", "Iraq balks at U.N. staff for the oil-for-food deal.",
			[]string{"POLICY/agreement oil-for-food deal"}},
		{"a deal named by its length is no name", "en", "He signed a three-year deal.", nil},
		{"a lowercase accord after its place", "en", "The Dayton peace accord guaranteed the return of refugees.",
			[]string{"POLICY/agreement Dayton peace accord"}},
		{"a people's rules are a game", "en", "Results of Australian Rules matches played on Sunday.", nil},

		// Chinese documents without brackets.
		{"a law and a cue of law-making", "zh", "统计法修订草案已提请审议。", []string{"POLICY/law 统计法"}},
		{"a method is no law", "zh", "其中贯穿唯物辩证法的统一。", nil},
		{"a bill of two words", "zh", "比如美国的经济能源法案提出了目标。", []string{"POLICY/law 经济能源法案"}},
		{"a kind of treaty is no name", "zh", "应讨论签订一项全球核裁军公约。", nil},
		{"an agreement signed", "zh", "双方正式签署石油领域合作政府间协议。", []string{"POLICY/agreement 石油领域合作政府间协议"}},
		{"a kind of agreement is no name", "zh", "双方签署停火协议。", nil},
		{"whose ordinance it is comes off", "zh", "香港家暴条例也作出相应修订。", []string{"POLICY/regulation 家暴条例"}},
		{"a verb and its object", "zh", "不宜把同性同居者纳入条例。", nil},
		{"a verb at the head with a cue before", "zh", "台当局拟公布施行两岸合拍电视剧处理原则。",
			[]string{"POLICY/principles 两岸合拍电视剧处理原则"}},
		{"a title with 关于 and its draft", "zh", "关于废止部分法律的决定草案将提请表决。", []string{"POLICY/decision 关于废止部分法律的决定"}},
		{"a quoted document number", "zh", "国土部下发“国土资电发(2009)34号地价调查表”。",
			[]string{"POLICY/notice “国土资电发(2009)34号地价调查表”"}},
		{"a document number", "zh", "根据国发〔2017〕35号文件执行。", []string{"POLICY/notice 国发〔2017〕35号文件"}},
		{"a number after a title only numbers it", "zh", "国务院印发《新一代人工智能发展规划》（国发〔2017〕35号）。",
			[]string{"POLICY/plan 《新一代人工智能发展规划》 issuer=国务院"}},
		{"a title again without brackets", "zh", "根据《主办城市合同》的约定支出。根据主办城市合同，收入增加。",
			[]string{"POLICY/agreement 《主办城市合同》", "POLICY/agreement 主办城市合同"}},
		{"a five-year plan named by its field", "zh", "七项水污染防治“十一五”规划已批复。",
			[]string{"POLICY/plan 水污染防治“十一五”规划 =水污染防治十一五规划"}},
		{"quotations that are kinds or words said", "zh", "二人签订了一份“商品房买卖合同”。企业炮轰“不守规则”，没有突破“控制性规划”。", nil},
		{"a session's number is part of a conference's name", "zh", "出席第62届世界卫生大会。",
			[]string{"DIALOGUE/conference 第62届世界卫生大会 =世界卫生大会 ord=62"}},
		{"two places of a group's summit", "zh", "二十国集团华盛顿和伦敦金融峰会取得成果。",
			[]string{"DIALOGUE/summit 二十国集团华盛顿和伦敦金融峰会"}},
		{"countries written out and joined", "zh", "中国-马来西亚商务论坛在吉隆坡举行。",
			[]string{"DIALOGUE/forum 中国-马来西亚商务论坛 parts=中国,马来西亚"}},
		{"measures named by their number", "zh", "发改委促进民间投资20条意见形成第二稿。他提出5条意见。",
			[]string{"POLICY/guideline 20条意见"}},
		{"two nouns joined in a name", "zh", "要加快实施国家中长期科学和技术发展规划纲要。",
			[]string{"POLICY/plan 国家中长期科学和技术发展规划纲要"}},
		{"a title after its issuer, numbered", "zh", "财政部关于推进省直接管理县财政改革的意见财预〔2009〕78号各省",
			[]string{"POLICY/guideline 关于推进省直接管理县财政改革的意见"}},
		{"whether it conforms to a law", "zh", "严格审查裁员行为是否符合劳动合同法。", []string{"POLICY/law 劳动合同法"}},
		{"a named principle", "zh", "坚持一国两制方针。", []string{"POLICY/principles 一国两制"}},
		{"a peace process", "en", "He revived the Middle East peace process and the Bosnia process.",
			[]string{"DIALOGUE/talks Middle East peace process"}},
		{"a headline capitalises every word", "en", "Microsoft and Dell Get Air Force Pact", nil},
		{"an acronym that is no name's initials", "en", "Lakers relieved by the Bryant Decision (AP) on Monday.",
			[]string{"POLICY/decision Bryant Decision"}},
		{"a law named in a book's title", "zh", "他与人合著有《简明刑法教程》。", nil},
		{"a quotation with 了 is words said", "zh", "通报称“按照责任签订了赔偿协议”。", nil},
		{"an organisation named like a conference", "zh", "联合国贸发会议发布了报告。", nil},
		{"a name set in quotes holds them", "zh", "“一国两制”构想深入人心。", []string{"POLICY/principles “一国两制”"}},
		{"a known name that starts an institute's", "zh", "澳门理工学院一国两制研究中心主任说。", nil},
		{"a draft's title", "zh", "他作了关于《中华人民共和国民族区域自治法草案》的说明。",
			[]string{"POLICY/law 《中华人民共和国民族区域自治法草案》 =中华人民共和国民族区域自治法"}},
		{"a paper is no communiqué", "zh", "他在《大公报》开设专栏。", nil},
		{"two names joined by a hyphen", "zh", "我国仿照美国1933年的格拉斯-斯迪格尔法案制定规定。",
			[]string{"POLICY/law 格拉斯-斯迪格尔法案 date=1933"}},
		{"a work named by its kind", "zh", "世嘉宣布潜入游戏《阿尔法协议》延期，但政府发布了《网络安全协议》。",
			[]string{"POLICY/agreement 《网络安全协议》"}},
		{"a report named after its title", "zh", "环境保护部发布《2008年中国环境状况》报告。",
			[]string{"POLICY/report 《2008年中国环境状况》报告 =2008年中国环境状况报告"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := extract(t, tt.text, tt.lang, published)
			var got []string
			for _, m := range d.Mentions {
				if m.Type == entopic.TypePolicy || m.Type == entopic.TypeDialogue {
					got = append(got, describe(m))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestRelativeDatesNeedPublication(t *testing.T) {
	d := extract(t, "去年12月,中国出台《国家网络空间安全战略》。", "zh", time.Time{})
	for _, m := range d.Mentions {
		if m.Type == entopic.TypePolicy && m.Date != "" {
			t.Errorf("date %q resolved without a publication date", m.Date)
		}
	}
}

func TestParseRefusesMalformed(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown key", "policy_heads: {}\nheads: []\n", "unknown field"},
		{"no heads", "policy_heads: {}\n", "policy_heads needs"},
		{"bad yaml", "policy_heads: [\n", "policy rules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policy.Parse([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// FuzzExtract runs the rules over arbitrary text: no panic, and every
// mention slices the text at valid offsets.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"第四次中美打击网络犯罪及相关事项高级别联合对话和首轮执法及网络安全对话",
		"《网络空间国际合作战略》(下称“战略”)。战略指出",
		"the first China-US Law Enforcement and Cybersecurity Dialogue (LECD).",
		"《", "“”倡议", "（下称“", "第十次", "Last December", "《《》》「」",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		for _, lang := range []string{"zh", "en"} {
			d := extract(t, text, lang, published)
			n := utf8.RuneCountInString(d.Text)
			for _, m := range d.Mentions {
				if m.Start < 0 || m.End > n || m.Start >= m.End {
					t.Fatalf("mention %+v outside a text of %d code points", m, n)
				}
				if got := string([]rune(d.Text)[m.Start:m.End]); got != m.Text {
					t.Fatalf("mention text %q, offsets slice %q", m.Text, got)
				}
			}
		}
	})
}

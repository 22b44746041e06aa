package meta

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Names tells personal names from the other things pages put where an
// author goes: the outlet, a site account used as a placeholder (网易,
// CSDN.NET, name, email@gmail.com), a number, form text. The zero value
// accepts any name-shaped string.
type Names struct {
	surnames map[rune]bool   // single-character Chinese surnames
	compound map[string]bool // two-character ones
}

// NewNames reads the surname list of models/data/surnames-zh.txt: single
// characters on lines of their own, compound surnames space-separated; #
// starts a comment.
func NewNames(surnames string) Names {
	n := Names{surnames: map[rune]bool{}, compound: map[string]bool{}}
	for line := range strings.Lines(surnames) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, f := range strings.Fields(line) {
			if utf8.RuneCountInString(f) == 2 && strings.Contains(line, " ") {
				n.compound[f] = true
				continue
			}
			for _, r := range f {
				if unicode.Is(unicode.Han, r) {
					n.surnames[r] = true
				}
			}
		}
	}
	return n
}

// placeholders are what sites put in an author field when no person is
// named: unknowns, staff, the site itself.
var placeholders = map[string]bool{
	"未知": true, "佚名": true, "匿名": true, "不详": true, "本站": true, "本网": true, "网友": true, "小编": true,
	"编辑部": true, "管理员": true, "admin": true, "administrator": true, "unknown": true, "anonymous": true,
	"staff": true, "editor": true, "editors": true, "name": true, "author": true, "guest": true, "user": true,
	"webmaster": true, "newsroom": true, "news desk": true, "web desk": true, "team": true,
}

// orgWords are words of organisation names, never of a person's.
var orgWords = regexp.MustCompile(`(?i)\b(news|media|press|agency|staff|team|desk|editors?|editorial|inc|ltd|llc|corp|corporation|company|group|network|magazine|times|post|journal|daily|tribune|gazette|herald|wire|online|digital|radio|tv|television|channel|studio|institute|university|association|foundation|council|ministry|department|office|service|services|blog|official|reuters|bloomberg|xinhua|business|politics|sports|tech|technology|health|science|world|opinion|entertainment)\b`)

// mediaSuffix ends Chinese names of outlets and organisations.
var mediaSuffix = regexp.MustCompile(`(网|社|报|台|新闻|日报|时报|晚报|在线|频道|客户端|网站|杂志|周刊|週刊|综合|自媒体|传媒|集团|公司|官网|中心|研究院|研究所|大学|学院|协会|委员会|部|局|办|厅|署|APP|App|app)$`)

// IsPerson reports whether s reads as a personal name and is none of the
// outlets' names in notNames.
func (n Names) IsPerson(s string, notNames []string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 40 || placeholders[strings.ToLower(s)] ||
		strings.ContainsAny(s, "@/\\:：|_=<>{}[]【】()（）#") || strings.Contains(strings.ToLower(s), "http") {
		return false
	}
	key := nameKey(s)
	for _, o := range notNames {
		if k := nameKey(o); k != "" && (strings.Contains(k, key) || strings.Contains(key, k)) {
			return false
		}
	}
	han, latin, digits, other := 0, 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r):
			latin++
		case unicode.IsDigit(r):
			digits++
		case r == ' ' || r == '.' || r == '-' || r == '\'' || r == '’' || r == '·' || r == '•':
		default:
			other++
		}
	}
	switch {
	case digits > 0 || other > 0:
		return false
	case han > 0 && latin > 0:
		return false
	case han > 0:
		return n.isChineseName(s)
	case latin > 0:
		return !orgWords.MatchString(s) && len(strings.Fields(s)) <= 5
	}
	return false
}

// isChineseName reports two to four Han characters opening with a known
// surname (up to ten with a middle dot, as transcribed foreign names are
// written), not ending like an organisation.
func (n Names) isChineseName(s string) bool {
	if mediaSuffix.MatchString(s) {
		return false
	}
	size := utf8.RuneCountInString(s)
	if strings.ContainsAny(s, "·•") {
		return size >= 3 && size <= 12
	}
	if size < 2 || size > 4 {
		return false
	}
	if n.surnames == nil {
		return true
	}
	first, _ := utf8.DecodeRuneInString(s)
	two := string([]rune(s)[:2])
	return n.surnames[first] || n.compound[two]
}

func nameKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// People returns the personal names among candidates, in order, each once:
// lists are split (李明、王芳, Jane Doe and John Roe, 兰旻 胡逸静), titles
// and roles in front of a name taken off (本报记者, 见习记者, By), and what
// is no name left out.
func (n Names) People(candidates []string, notNames []string) []string {
	var out []string
	for _, c := range candidates {
		for _, name := range splitNames(c) {
			name = trimRole(name)
			if n.IsPerson(name, notNames) && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// roleWords come before or after a name in a byline without being part
// of it.
var (
	rolePrefix = regexp.MustCompile(`^(?i:by\s+|written by\s+)|^(本报|本刊|本台|本网)?(特约|见习|实习|首席|资深|驻\p{Han}{1,4})?(记者|通讯员|实习生|作者|撰稿|撰文|采写|编译|文|图)\s*[:：/]?\s*`)
	roleSuffix = regexp.MustCompile(`\s*(整合|报道|综合|编译|整理|摄|摄影|撰文|撰稿|采写|执笔)$`)
)

func trimRole(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimSpace(roleSuffix.ReplaceAllString(rolePrefix.ReplaceAllString(s, ""), ""))
		if t == s {
			return s
		}
		s = t
	}
}

// Bylines in a line of metadata, without a colon or with the role before
// the name: 澎湃新闻记者 段彦超 廖艳, 【文/观察者网专栏作者 王文】, 《棱镜》作者 周纯,
// 采写：南都见习记者 林子沛; with the name before its role: 路闻卓立编译; a name
// over its outlet: 石佳/中国青年报.
var (
	bylineAfterRole  = regexp.MustCompile(`(?:(?:记者|作者|撰稿|撰文|采写|编译|执笔)\s*[:：/|]?|文\s*[:：/|])\s*((?:[\p{Han}·]{2,10}(?:\s+|、|，|,|$))+)\s*[】\]）)]?$`)
	bylineBeforeRole = regexp.MustCompile(`(?:^|[\s:：])([\p{Han}·]{2,10})\s*(编译|撰文|撰稿|执笔)(?:\s|$)`)
	bylineOverOutlet = regexp.MustCompile(`^([\p{Han}·]{2,4})\s*/\s*([\p{Han}A-Za-z]{2,16})$`)
	// In the first paragraph: 新京报讯（记者 陆一夫）, 长江网10月4日讯（记者陈智 整合）.
	bylineInDateline = regexp.MustCompile(`^.{0,30}?[讯电]\s*[（(]\s*(?:本报|本刊)?(?:特约|见习|实习)?(?:记者|通讯员|作者)\s*([^）)]{2,30})[）)]`)
)

// bylineNames returns what a byline line gives as names, without a label
// followed by a colon (People tells the names among them), and the outlet
// it names beside them, if any.
func bylineNames(line string) (names []string, outlet string) {
	line = strings.TrimFunc(line, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("【】[]（）()", r) })
	if m := bylineOverOutlet.FindStringSubmatch(line); m != nil {
		return []string{m[1]}, m[2]
	}
	if m := bylineAfterRole.FindStringSubmatch(line); m != nil {
		names = splitNames(m[1])
	}
	if m := bylineBeforeRole.FindStringSubmatch(line); m != nil {
		names = append(names, m[1])
	}
	return names, ""
}

// datelineNames returns the reporters an article's first paragraph names
// in its dateline.
func datelineNames(first string) []string {
	if m := bylineInDateline.FindStringSubmatch(first); m != nil {
		return splitNames(m[1])
	}
	return nil
}

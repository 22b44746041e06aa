package lang

import (
	"os"
	"testing"

	"github.com/entopic/entopic"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"chinese", "中国加强国际合作维护网络安全,打造安全清朗的第五空间。", Chinese},
		{"short chinese", "网络安全", Chinese},
		{"one han character", "中", Chinese},
		{"traditional", "網絡空間國際合作戰略", Chinese},
		{"english", "The International Strategy of Cooperation on Cyberspace is the first China has released.", English},
		{"short english", "Cyberspace cooperation", English},
		{"english headline", "China, US hold first law enforcement dialogue", English},
		{"chinese quoting english", "《网络空间国际合作战略》全面宣示中国在网络空间相关国际问题上的政策立场(China’s policy and position on cyber-related international affairs),系统阐释中国开展网络领域对外工作的基本原则。", Chinese},
		{"english quoting chinese", "The strategy, known in Chinese as 网络空间国际合作战略, was released on March 1 by the foreign ministry and the cyberspace administration of the country.", English},
		{"french", "La France et la Chine ont signé un accord de coopération sur la cybersécurité pour les prochaines années.", Other},
		{"german", "Die Bundesregierung hat eine neue Strategie für die Sicherheit im Cyberraum beschlossen.", Other},
		{"japanese", "中国はサイバーセキュリティの国際協力を強化している。", Other},
		{"korean", "중국은 사이버 보안 국제 협력을 강화하고 있다.", Other},
		{"russian", "Китай укрепляет международное сотрудничество в области кибербезопасности.", Other},
		{"digits only", "2017-11-07 17:29:11", Other},
		{"dutch", "Het kabinet heeft een nieuwe strategie voor de veiligheid van het internet gepresenteerd, maar die is nog niet af.", Other},
		{"indonesian", "Pemerintah Indonesia dan China sepakat untuk memperkuat kerja sama yang erat dalam bidang keamanan siber pada tahun ini.", Other},
		{"names with particles", "Mexico - 14 - Joaquin del Olmo , 6 - Raul Rodrigo Lara ; 8. Maarten den Bakker ( Netherlands ) 1:33 , Joost van der Westhuizen", English},
		{"recipe list", "Meal 1\nEat every 2–3 hours\n1 cup zucchini noodles, ½ cup cherry tomatoes, ½ cup cucumber slices, 4 oz. cooked chicken, ½ cup white beans, ¼ cup feta, 1 tsp. olive oil, 1 Tbsp. balsamic vinegar\nPortion Fix Containers: 2 Green, 1 Purple, 1 Red, 1 tsp.", English},
		{"sports results", "GIRLS BASKETBALL\nPalm Bay d. Rockledge 70-44\nRockledge 14 11 6 15 — 44\nPalm Bay 20 18 15 17 — 70\nRockledge (0-1): Blakely 15 points. Devoe 2 points. Baker 6 points. Brown 4 points. Upshaw 3 points.", English},
		{"chinese tutorial with code", "本文介绍如何在程序中读取配置文件。\nfunc main() { cfg, err := config.Load(\"app.yaml\"); if err != nil { log.Fatal(err) } }\nfor (int i = 0; i < n; i++) { total += values[i]; }\nresult = requests.get(url, params={\"page\": 1}).json()\n首先创建配置。", Chinese},
		{"chinese page with latin menus", "Home | News | Sports | Business | Technology | Entertainment | Login\n国务院办公厅印发通知，部署进一步优化营商环境。\nhttps://www.example.com/news/2019/09/07/article.html", Chinese},
		{"empty", "", Other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.text); got != tt.want {
				t.Errorf("Detect(%q) = %s, want %s", tt.text, got, tt.want)
			}
		})
	}
}

func TestRealPages(t *testing.T) {
	pages := map[string]string{
		"zh-d1net-2017-11-07-cybersecurity.txt":            Chinese,
		"zh-jstv-2017-10-07-lecd.txt":                      Chinese,
		"zh-en-chazidian-2017-03-cyberspace-strategy.txt":  Chinese, // bilingual, Chinese dominant
		"zh-hant-2017-03-01-cyberspace-strategy-noisy.txt": Chinese,
		"en-chinadaily-2017-10-06-lecd-outcomes.txt":       English,
	}
	for name, want := range pages {
		b, err := os.ReadFile("../../../shared/data/articles/" + name)
		if err != nil {
			t.Skipf("shared data not available: %v", err)
		}
		if got := Detect(string(b)); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
}

func TestHintWins(t *testing.T) {
	tests := []struct{ hint, text, want string }{
		{"zh-CN", "English text here", Chinese},
		{"en_US", "中文", English},
		{"fr", "中文", Other},
		{"", "中文", Chinese},
	}
	for _, tt := range tests {
		d := &entopic.Doc{Text: tt.text, Hint: entopic.Hint{Lang: tt.hint}}
		Process(d)
		if d.Lang != tt.want {
			t.Errorf("hint %q: %s, want %s", tt.hint, d.Lang, tt.want)
		}
	}
}

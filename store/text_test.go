package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/herald-reader/herald/articles"
)

func TestBodyTextDropsMarkup(t *testing.T) {
	secs, _ := json.Marshal([]articles.Section{{Title: "Intro", Level: 1,
		Markdown: "Some **bold** and _em_ text, a [link](https://x.example/a_b) and `code`.\n\n> quoted\n\n# Heading\n\\*not bold\\*"}})
	got := strings.Join(strings.Fields(bodyText(string(secs), "", "")), " ")
	want := "Intro Some bold and em text, a link and code. quoted Heading *not bold*"
	if got != want {
		t.Errorf("markdown text\n got %q\nwant %q", got, want)
	}
	got = strings.Join(strings.Fields(bodyText("", `<p>One<br>two</p><p>thr<b>ee</b> &amp; <img alt="a cat" src="c.png"></p><style>p{}</style><script>x()</script>end`, "")), " ")
	want = "One two three & a cat end"
	if got != want {
		t.Errorf("HTML text\n got %q\nwant %q", got, want)
	}
	if got := bodyText("", "plain text < 5", ""); got != "plain text < 5" {
		t.Errorf("plain text %q", got)
	}
}

func TestWordsFollowTheIndex(t *testing.T) {
	var words []string
	text := "Naïve CAFÉ don't 東京タワー ΣΊΣΥΦΟΣ σίσυφος a_b"
	Words(text, func(start, end int, w string) {
		words = append(words, text[start:end]+"="+w)
	})
	want := []string{"Naïve=naive", "CAFÉ=cafe", "don=don", "t=t", "東=東", "京=京", "タ=タ", "ワ=ワ", "ー=ー",
		"ΣΊΣΥΦΟΣ=" + Fold("σίσυφοσ"), "σίσυφος=" + Fold("σίσυφοσ"), "a=a", "b=b"}
	if strings.Join(words, " ") != strings.Join(want, " ") {
		t.Errorf("words\n got %q\nwant %q", words, want)
	}
}

func TestTwoStoresCatchUpTogether(t *testing.T) {
	s := openTemp(t)
	other, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	for i := range 3 {
		var items []articles.Article
		for j := range indexBatch {
			items = append(items, item(strings.Repeat("g", i+1)+string(rune('a'+j%26))+string(rune('a'+j/26)), "T", day0, "same words"))
		}
		save(t, s, feedA, 0, items...)
	}
	var wg sync.WaitGroup
	for _, st := range []*Store{s, other} {
		wg.Go(func() {
			if _, err := st.IndexPending(context.Background(), nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	checkIndexExact(t, s)
}

func TestStripTagsAsTheTokenizer(t *testing.T) {
	text := func(f func(*strings.Builder, string), src string) string {
		var b strings.Builder
		f(&b, src)
		return strings.Join(strings.Fields(b.String()), " ")
	}
	cases := []string{
		`<p>One<br>two</p><p>thr<b>ee</b> &amp; <img alt="a cat" src="c.png"></p><style>p{}</style><script>x()</script>end`,
		`<p title="a > b">quoted > attr</p><!-- a comment <p>hidden</p> -->after`,
		`<SCRIPT type="x">if (a < b) {}</SCRIPT>shown <IMG SRC=x ALT=bare>`,
		`a < b and c<d, 3 <= 4, <3`,
		`<div><h2>Head</h2><ul><li>one</li><li>two</li></ul></div>&lt;tag&gt; &eacute;t&#233;`,
		`<a href="/x">link</a><span>in</span>line<em>d</em>`,
		`<p>unclosed <b>bold`,
	}
	// And bodies like the feed server's, as herald fetch saves them.
	for i := range 20 {
		cases = append(cases, fmt.Sprintf(`<h2>Section %d</h2>
<p>Coast network <a href="https://site.example/reports/%d">the earlier report</a> put it, analysts.</p>
<ul><li>one &amp; two</li><li>three</li></ul><p><img src="/i%d.png" alt="figure %d"> caption</p>`, i, i, i, i))
	}
	for _, c := range cases {
		if got, want := text(stripTags, c), text(htmlText, c); got != want {
			t.Errorf("stripTags(%.60q)\n got %q\nwant %q", c, got, want)
		}
	}
}
